"""More short PyTorch programs (area 'tensors2'); same rules as fidelity_tensors_cases.py: each runs with
`torch`, `nn`, `F`, `optim`, `data`, `np` and `math` bound; its stdout and the type and
first line of an uncaught exception are compared with real PyTorch's."""
PROGRAMS = {}


def P(name, code):
    PROGRAMS[name] = code


# ---- argument-parser errors (jtorch/_ops/signatures.py) -------------------------------------
P('bool_args_reject_non_bools', '''
x = torch.arange(6.).reshape(2, 3)
calls = ["x.sum(0, keepdim=1)", "x.sum(0, 1)", "torch.sum(x, 0, 1)", "x.mean(0, keepdim=None)",
         "x.max(0, 1)", "x.amax(0, keepdim=1)", "x.argmax(None, 1)", "x.logsumexp(0, 1)",
         "x.std(0, 1)", "x.std(0, keepdim=True, unbiased=1)", "x.any(dim=0, keepdim=1)",
         "x.all(0, keepdim=None)", "torch.var_mean(x, 0, keepdim=1)", "x.median(0, 1)",
         "x.kthvalue(1, 0, 1)", "x.norm(dim=0, keepdim=1)", "x.sum(0, keepdim=np.bool_(True))",
         "x.sort(0, 1)", "x.sort(descending=1)", "x.sort(0, False, True)", "x.topk(1, sorted=0)",
         "x.argsort(descending=1)", "torch.unique(x, sorted=1)", "x.unique_consecutive(return_counts=1)"]
for c in calls:
    try:
        eval(c)
        print(c, 'ok')
    except TypeError as e:
        print(c, '|', str(e).split(chr(10))[0])
print(x.sum(0, True), x.std(0, True, True), x.sort(stable=None).values)
''')


P('float_dims_are_type_errors', '''
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
for c in calls:
    try:
        eval(c)
        print(c, 'ok')
    except TypeError as e:
        print(c, '|', str(e).split(chr(10))[0])
''')


P('str_where_number_expected', '''
x = torch.arange(6.).reshape(2, 3)
calls = ["x.masked_fill(x > 1, 'x')", "x.fill_('a')", "torch.full((2,), 'a')", "x.add('a')",
         "x.add_('a')", "torch.add(x, 'a')", "x.mul('a')", "x.div('a')", "x.pow('a')",
         "x.add(1, alpha='a')", "torch.clamp(x, min='a')", "x.clamp('a', 1)", "x.clamp_(max='a')",
         "x.lerp(x, 'a')", "x.where(x > 1, 'a')", "torch.where(x > 1, x, 'a')", "x.std(correction='a')"]
for c in calls:
    try:
        eval(c)
        print(c, 'ok')
    except TypeError as e:
        print(c, '|', str(e).split(chr(10))[0])
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
import warnings
for shape in [(), (3,), (2, 3), (2, 3, 4)]:
    x = torch.ones(shape, requires_grad=True) * 2
    for name in ['T', 'H', 'mT', 'mH']:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter('always')
            try:
                y = getattr(x, name)
                print(shape, name, tuple(y.shape), type(y.grad_fn).__name__)
            except RuntimeError as e:
                print(shape, name, '|', e)
        for m in w:
            print('  warns:', str(m.message)[:60])
try:
    torch.ones(2, 3, 4).t_()
except RuntimeError as e:
    print(e)
''')
