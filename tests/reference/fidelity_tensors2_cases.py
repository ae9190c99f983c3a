"""More short PyTorch programs (area 'tensors2'), with the rules of fidelity_tensors_cases.py:
each runs with `torch`, `nn`, `F`, `optim`, `data`, `np` and `math` bound; its stdout and the
type and first line of an uncaught exception are compared with real PyTorch's."""
PROGRAMS = {}


def P(name, code):
    PROGRAMS[name] = code


# shared opening: evaluate each call of a list and print its TypeError's first line
_TYPE_ERRORS = '''
def type_errors(calls):
    for c in calls:
        try:
            eval(c)
            print(c, 'ok')
        except TypeError as e:
            print(c, '|', str(e).split(chr(10))[0])
'''


# ---- argument-parser errors (jtorch/_ops/signatures.py) -------------------------------------
P('bool_args_reject_non_bools', _TYPE_ERRORS + '''
x = torch.arange(6.).reshape(2, 3)
calls = ["x.sum(0, keepdim=1)", "x.sum(0, 1)", "torch.sum(x, 0, 1)", "x.mean(0, keepdim=None)",
         "x.max(0, 1)", "x.amax(0, keepdim=1)", "x.argmax(None, 1)", "x.logsumexp(0, 1)",
         "x.std(0, 1)", "x.std(0, keepdim=True, unbiased=1)", "x.any(dim=0, keepdim=1)",
         "x.all(0, keepdim=None)", "torch.var_mean(x, 0, keepdim=1)", "x.median(0, 1)",
         "x.kthvalue(1, 0, 1)", "x.norm(dim=0, keepdim=1)", "x.sum(0, keepdim=np.bool_(True))",
         "x.sort(0, 1)", "x.sort(descending=1)", "x.sort(0, False, True)", "x.topk(1, sorted=0)",
         "x.argsort(descending=1)", "torch.unique(x, sorted=1)", "x.unique_consecutive(return_counts=1)"]
type_errors(calls)
print(x.sum(0, True), x.std(0, True, True), x.sort(stable=None).values)
''')


P('float_dims_are_type_errors', _TYPE_ERRORS + '''
x = torch.arange(6.).reshape(2, 3)
calls = ["x.sum(1.0)", "x.sum(dim=1.0)", "x.sum((0, 1.0))", "x.mean(0.)", "x.amax(0.)",
         "x.cumsum(1.0)", "x.transpose(0., 1)", "torch.transpose(x, 0., 1)", "x.swapaxes(0., 1)",
         "x.unsqueeze(0.5)", "x.squeeze(0.)", "x.flatten(0, 1.)", "x.unflatten(0., (1, 2))",
         "x.select(0, 0.)", "x.narrow(0, 0., 1)", "x.movedim(0., 1)", "x.chunk(2., 0)",
         "x.split(1., 0)", "x.split(1, 0.)", "x.flip(0.)", "x.flip(0, 1.)", "x.roll(1, 0.)",
         "x.unbind(0.)", "x.diagonal(0.)", "x.tril(1.)", "torch.cat([x, x], dim=1.0)",
         "torch.stack([x, x], 0.)", "x.gather(0., x.long())", "x.index_select(0., torch.tensor([0]))",
         "x.permute(0., 1)", "x.view(2., 3)", "x.size(1.)", "x.stride(dim=1.)", "x.size(1, 2)",
         "x.reshape()", "x.permute()", "x.view()", "x.tile()", "x.expand()"]
type_errors(calls)
''')


P('str_where_number_expected', _TYPE_ERRORS + '''
x = torch.arange(6.).reshape(2, 3)
calls = ["x.masked_fill(x > 1, 'x')", "x.fill_('a')", "torch.full((2,), 'a')", "x.add('a')",
         "x.add_('a')", "torch.add(x, 'a')", "x.mul('a')", "x.div('a')", "x.pow('a')",
         "x.add(1, alpha='a')", "torch.clamp(x, min='a')", "x.clamp('a', 1)", "x.clamp_(max='a')",
         "x.lerp(x, 'a')", "x.where(x > 1, 'a')", "torch.where(x > 1, x, 'a')", "x.std(correction='a')"]
type_errors(calls)
print(x.add(x, alpha=torch.tensor(2)), x.quantile(True), x.std(correction=True))
print(x.to(None).dtype, x.to('cpu', None).dtype)
''')


# ---- values -----------------------------------------------------------------------------------
P('lerp_zero_dim_weight_of_other_dtype', '''
x = torch.arange(3.)
print(torch.lerp(x, x + 1, torch.tensor(0.3, dtype=torch.float64)))
print(torch.lerp(x, x + 1, torch.tensor(1)))
print(torch.lerp(x.half(), x.half() + 1, torch.tensor(0.3)))
try:
    torch.lerp(x, x + 1, torch.tensor([0.3], dtype=torch.float64))
except RuntimeError as e:
    print(e)
''')


P('scalar_overflow_in_masked_fill_and_setitem', '''
for code in ['y = torch.zeros(2); y[0] = 1e40', 'y = torch.zeros(2); y[y == 0] = 1e40',
             'y = torch.zeros(2); y[[0, 1]] = 1e40', 'y = torch.zeros(2, dtype=torch.half); y[0] = 1e5',
             'y = torch.zeros(2, dtype=torch.int8); y.masked_fill_(y == 0, 200)',
             'y = torch.zeros(2, dtype=torch.half); y.masked_fill_(y == 0, 1e5)',
             'y = torch.zeros(2, dtype=torch.long); y.masked_fill_(y == 0, float("nan"))',
             'y = torch.zeros(2, dtype=torch.uint8).masked_fill(torch.tensor([True, False]), -1)',
             'y = torch.zeros(2).masked_fill(torch.tensor([True, False]), float("inf"))']:
    try:
        exec(code)
        print(code, '->', y)
    except RuntimeError as e:
        print(code, '|', e)
''')


P('write_through_row_of_expanded_view', '''
y = torch.zeros(3)
y.expand(2, 3)[0] = 1
y.expand(2, 3)[1].add_(torch.arange(3.))
print(y)
z = torch.zeros(3, 1)
z.expand(3, 4)[:, 2].fill_(5)
print(z)
for code in ['y.expand(2, 3)[:, 0] = 1', 'y.expand(2, 3).add_(1)']:
    try:
        exec(code)
    except RuntimeError as e:
        print(e)
''')


P('split_sizes_errors', '''
x = torch.arange(6.).reshape(2, 3)
for c in ["x.split(-1)", "x.split(-1, 1)", "x.split(0)", "x.split([1, 1.], 0)", "x.split(np.int64(1))"]:
    try:
        print(c, [t.shape for t in eval(c)])
    except (TypeError, RuntimeError) as e:
        print(c, '|', type(e).__name__, str(e).split(chr(10))[0])
''')


P('transpose_properties_by_rank', '''
# (the deprecation warnings of .T on other ranks are once per process: not printed here)
for shape in [(), (3,), (2, 3), (2, 3, 4)]:
    x = torch.ones(shape, requires_grad=True) * 2
    for name in ['T', 'H', 'mT', 'mH']:
        try:
            y = getattr(x, name)
            print(shape, name, tuple(y.shape), type(y.grad_fn).__name__)
        except RuntimeError as e:
            print(shape, name, '|', e)
try:
    torch.ones(2, 3, 4).t_()
except RuntimeError as e:
    print(e)
''')


# ---- casts on write, checked Python-number conversion (round 2) ----------------------------
P('setitem_float_tensor_into_int_wraps', '''
f = torch.tensor([-1.9, 2.5, -300.2, 1e10])
for dt in [torch.uint8, torch.int32]:
    x = torch.zeros(2, 4, dtype=dt)
    x[0] = f
    x[1, 1] = f[0]
    print(dt, x.tolist(), f.to(dt).tolist())
''')

P('tensor_ctor_checked_number_conversion', '''
for dt in [torch.uint8, torch.int8, torch.int32, torch.int64]:
    for v in [-1.9, -1, 255.5, -129, -128.5, 127.9, float('nan'), 2**31 + 0.5, 9.3e18]:
        out = []
        for f in [lambda: torch.tensor([v], dtype=dt), lambda: torch.tensor(v, dtype=dt),
                  lambda: torch.tensor(np.array([v]), dtype=dt), lambda: torch.as_tensor(np.array(v), dtype=dt)]:
            try:
                out.append(f().tolist())
            except RuntimeError as e:
                out.append(str(e)[-26:])
        print(dt, v, out)
print(torch.tensor([-1, 2.5], dtype=torch.uint8), torch.tensor([True, -2.0, 3], dtype=torch.int8))
for d in [[-1.0, 2], [1, np.float64(-1.5)], [np.int64(-1), 2.5], np.float64(-1.5), np.int64(300)]:
    try:
        print(torch.tensor(d, dtype=torch.uint8))
    except RuntimeError as e:
        print(type(e).__name__, e)
print(torch.tensor(np.array([300, -1]), dtype=torch.int8), torch.as_tensor(np.array([np.nan, 1e10]), dtype=torch.int32))
''')

P('huge_python_ints_into_bool_and_float', '''
for v in [2**63, 2**64, -2**63 - 1]:
    for dt in [torch.bool, torch.float32, torch.float64, torch.int64]:
        for f in [lambda: torch.tensor(v, dtype=dt), lambda: torch.tensor([v], dtype=dt), lambda: torch.tensor([1.5, v], dtype=dt)]:
            try:
                print(v, dt, f().tolist())
            except Exception as e:
                print(v, dt, type(e).__name__, e)
''')

P('complex_scalars_written_into_real_tensors', '''
for dt in [torch.bool, torch.int64, torch.float16, torch.float32]:
    for v in [1+2j, complex(0, float('nan')), 1e300+0j]:
        out = []
        for s in ["x.__setitem__(0, v)", "x.fill_(v)", "torch.full((2,), v, dtype=dt)", "x.masked_fill(x == 0, v)",
                  "x.index_fill(0, torch.tensor([0]), v)", "x.__setitem__([0], v)"]:
            x = torch.zeros(3, dtype=dt)
            try:
                r = eval(s)
                out.append(str(x.tolist() if r is None else r.tolist()))
            except Exception as e:
                out.append(type(e).__name__ + ':' + str(e)[-30:])
        print(dt, v, ' ; '.join(out))
''')

P('fill_overflow_checks_by_op', '''
for v in [1e300, 1e39, 70000.0, 2**200, np.bool_(True)]:
    for dt in [torch.bfloat16, torch.float16, torch.int32]:
        for s in ["torch.full((2,), v, dtype=dt)", "torch.full_like(torch.zeros(2, dtype=dt), v)",
                  "torch.zeros(2, dtype=dt).fill_(v)", "torch.zeros(2, dtype=dt).masked_fill(torch.tensor([True, False]), v)"]:
            try:
                print(s, v, dt, eval(s))
            except Exception as e:
                print(s, v, dt, type(e).__name__, e)
print(torch.full((2,), np.bool_(True)), torch.full((2,), np.int32(3)), torch.full((2,), np.float16(3)))
for a in [np.array([1, 2], dtype='>i4'), np.array([1.5], dtype='>f8'), np.array([1], dtype='>u1')]:
    for f in [torch.tensor, torch.from_numpy, torch.as_tensor]:
        try:
            print(f(a))
        except ValueError as e:
            print(f.__name__, type(e).__name__, e)
''')

P('inplace_bitwise_result_type_errors', '''
for s in ["x.bitwise_or_(1.5)", "x.__ior__(1.5)", "x.__iand__(torch.tensor([1.5]))", "x.__ilshift__(1.5)",
          "x.bitwise_left_shift_(1.5)", "x.__irshift__(torch.tensor(1.5))", "x.bitwise_xor_(torch.tensor([1.5, 2.5]))",
          "b.__ior__(1)", "b.bitwise_and_(torch.tensor([1, 2]))", "b.__ixor__(2)", "i8.__ior__(300)",
          "i8.__ior__(torch.tensor([300]))", "i8.__iand__(torch.tensor([3]))", "b.__ilshift__(1)",
          "i8.bitwise_left_shift_(torch.tensor(1))", "x.__ior__(True)", "b.__ior__(True)", "x | 1.5", "b << 1"]:
    x = torch.tensor([5, 3]); b = torch.tensor([True, False]); i8 = torch.tensor([1, 2], dtype=torch.int8)
    try:
        r = eval(s)
        print(s, r, r.dtype)
    except Exception as e:
        print(s, '|', type(e).__name__, e)
x = torch.tensor([5, 3])
x <<= 1
x &= torch.tensor([2, 7])
print(x)
''')

P('index_put_argument_checks', '''
x = torch.arange(12.).reshape(3, 4)
for s in ["x.index_put(([0],), torch.tensor(1.))", "x.index_put((torch.tensor([0]), 1), torch.tensor(1.))",
          "x.index_put((torch.tensor([0]), None), torch.tensor(1.))", "x.index_put((torch.tensor([0]),), 1)",
          "x.index_put((torch.tensor([0]),), 1.5)", "torch.index_put(x, (torch.tensor([0]),), 1)", "x.index_put_((torch.tensor([0]),), 2)",
          "x.index_put(torch.tensor([0]), torch.tensor(1.))", "torch.index_put(x, torch.tensor([0]), torch.tensor(1.))",
          "x.index_put_(torch.tensor([0]), torch.tensor(1.))", "x.index_put([], torch.tensor(1.))",
          "x.index_put((torch.tensor([0]),), torch.ones(2, 1, 4))", "x.index_put((torch.tensor([0]),), torch.ones(1, 1, 4))",
          "x.index_put((torch.tensor([0]),), torch.tensor([1., 2.]))", "x.index_put((torch.tensor([[0]]), torch.tensor([1, 2])), torch.ones(3))",
          "x.index_put((torch.tensor([0]), torch.tensor([0]), torch.tensor([0])), torch.tensor(1.))",
          "x.index_put((torch.tensor([0]),), torch.ones(4, dtype=torch.int64))",
          "x.index_put((torch.tensor([0, 0]), torch.tensor([1, 1])), torch.tensor([1., 2.]), accumulate=True)",
          "x.index_put((torch.tensor([True, False, True]),), torch.tensor(-1.))",
          "x.index_put((torch.tensor([0, 1]),), torch.ones(1, 4), True)",
          "torch.zeros(3, dtype=torch.bool).index_put((torch.tensor([0, 0, 1]),), torch.tensor([True, False, False]), accumulate=True)",
          "torch.ones(3, dtype=torch.bool).index_put((torch.tensor([0, 0, 1]),), torch.tensor([False, False, False]), accumulate=True)",
          "torch.zeros(3, dtype=torch.int8).index_put((torch.tensor([0, 0]),), torch.tensor([100, 100], dtype=torch.int8), accumulate=True)"]:
    try:
        print(s, '->', eval(s).tolist())
    except Exception as e:
        print(s, '|', type(e).__name__, str(e).split(chr(10))[0])
''')

P('fill_checks_skip_one_element_half_tensors', '''
for n in [(1,), (2,), ()]:
    for dt, v in [(torch.float32, 1e39), (torch.int8, 300), (torch.bfloat16, 1e39), (torch.float16, 1e5)]:
        out = []
        for f in [lambda: torch.full(n, v, dtype=dt), lambda: torch.zeros(n, dtype=dt).fill_(v),
                  lambda: torch.full_like(torch.zeros(n, dtype=dt), v),
                  lambda: torch.zeros(n, dtype=dt).masked_fill(torch.ones(n, dtype=torch.bool), v)]:
            try:
                out.append(str(f().tolist()))
            except RuntimeError as e:
                out.append(str(e))
        print(n, dt, v, out)
''')

P('scalar_arguments_checked_against_result_dtype', '''
u = torch.tensor([200, 100], dtype=torch.uint8)
i8 = torch.ones(2, 2, dtype=torch.int8)
f = torch.tensor([1., 2.])
calls = ["u.add(1, alpha=300)", "u.add(1, alpha=-255)", "u.add(1, alpha=-256)", "u.sub(1, alpha=300)", "torch.add(u, 1, alpha=300)",
         "i8.add(i8, alpha=128)", "i8.add(i8, alpha=-128)", "f.add(1, alpha=1e39)", "f.double().add(1, alpha=1e300)",
         "torch.tensor([1]).add(1, alpha=2**63)", "torch.tensor([1]).add(1, alpha=2**64)", "u.add(1, alpha=2.5)",
         "torch.addcmul(u, u, u, value=300)", "torch.addcdiv(f, f, f, value=1e39)", "torch.addmm(i8, i8, i8, beta=300)",
         "torch.addmv(f, torch.ones(2, 2), f, alpha=1e39)", "torch.lerp(f, f, 1e39)", "u.index_fill(0, torch.tensor([0]), 300)",
         "u.index_fill(0, torch.tensor([0]), -1)", "u.scatter(0, torch.tensor([0]), 300)", "u.scatter(0, torch.tensor([0]), 2.7)",
         "i8.clone().fill_diagonal_(-129)"]
for c in calls:
    try:
        r = eval(c)
        print(c, r.tolist(), r.dtype)
    except Exception as e:
        print(c, '|', type(e).__name__, e)
for dt in [torch.float16, torch.bfloat16]:
    h = torch.tensor([1., 2.], dtype=dt)
    m = torch.ones(2, 2, dtype=dt)
    big = 7e4 if dt is torch.float16 else 1e39
    for c in ["torch.addcmul(h, h, h, value=big)", "torch.lerp(h, h, big)", "torch.addmm(m, m, m, alpha=big)", "torch.addmv(h, m, h, alpha=big)",
              "torch.addr(m, h, h, beta=1e39)", "h.add(h, alpha=big)", "h.index_fill(0, torch.tensor([0]), 1e39)", "torch.where(h > 1, h, 1e39)",
              "h.scatter(0, torch.tensor([0]), 1e39)", "m.clone().fill_diagonal_(1e39)"]:
        try:
            r = eval(c)
            print(dt, c, r.tolist())
        except RuntimeError as e:
            print(dt, c, '|', e)
''')


# ---- deprecated scalar-first overloads, softmax's parser errors, unsafe views' names -------
P('deprecated_scalar_first_overloads', '''
x = torch.ones(2); y = torch.tensor([1., 2.])
print(x.add(2, y), torch.add(x, 2, y), x.sub(2, y), torch.sub(x, 0.5, y), x.add(2, 3))
p = torch.ones(3); g = torch.tensor([.1, .2, .3]); p.add_(-0.5, g); print(p)
m = torch.zeros(3); m.addcmul_(0.1, g, g); print(m); m.addcdiv_(-2, g, g + 1); print(m)
print(x.addcmul(2, y, y), torch.addcdiv(x, 2, y, y))
for f in (lambda: x.add(y, 3), lambda: x.addcmul(y, y, 2), lambda: x.add(True, y)):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''')

P('softmax_dim_type_errors', '''
x = torch.ones(2, 3)
for f in (lambda: torch.softmax(x, 1.0), lambda: x.softmax(1.0), lambda: F.softmax(x, 1.0),
          lambda: torch.log_softmax(x, 1.0), lambda: x.log_softmax(1.5), lambda: torch.softmax(x),
          lambda: torch.softmax(x, 1, 2), lambda: torch.softmax(x, dim="a"),
          lambda: torch.softmax(x, 1, torch.float64).dtype):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''')

P('unsafe_split_and_reshape_copy_names', '''
a = torch.arange(8.).reshape(4, 2).requires_grad_()
print([t.grad_fn.name() for t in torch.unsafe_split(a * 1, 2)])
print([t.grad_fn.name() for t in (a * 1).unsafe_split(3)])
print([t.grad_fn.name() for t in torch.unsafe_split_with_sizes(a * 1, [1, 3])])
t = a.t().reshape(-1)
print(t, t.grad_fn.name(), t.grad_fn.next_functions[0][0].name(), t._base is None, t._is_view())
t.pow(2).sum().backward(); print(a.grad)
b = torch.arange(6.).reshape(2, 3).t().reshape(6); b[0] = 100; print(b, b._base is None)
''')
