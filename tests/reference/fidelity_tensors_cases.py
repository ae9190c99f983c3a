"""Short PyTorch programs on tensors (creation, printing, promotion, indexing, views, in-place ops,
reductions, sorting, gather/scatter, conversions, return types, argument errors) whose printed
output and exceptions jtorch must reproduce exactly; shared by gen_fidelity_tensors.py (real
torch) and test_fidelity_tensors.py (jtorch).

Each program runs with `torch`, `np` and `math` bound (as in fidelity_nn_cases.py); its stdout and
the type and first line of an uncaught exception are compared.
"""
PROGRAMS = {}


def P(name, code):
    PROGRAMS[name] = code


P('print_mixed_dtypes', '''
print(torch.tensor([1e-5, 1.0, 1e5]))
print(torch.tensor([1e-9, 1e9]))
print(torch.tensor([0.1, float('nan'), float('inf'), -float('inf')]))
print(torch.tensor([1., 2., 3.], dtype=torch.float64))
print(torch.tensor([100000., 2.5], dtype=torch.float16))
print(torch.tensor([1.5, 2.25], dtype=torch.bfloat16))
print(torch.tensor([[1, -2], [100, 4]], dtype=torch.int8))
try:
    torch.tensor([300], dtype=torch.int8)
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor([0.0, -0.0]))
print(torch.tensor([1e-20, 1e-20]))
print(torch.tensor(1e10))
print(torch.tensor([123456789.0]))
print(torch.tensor([[1e-4, 2.0],[3.0,4.0]]))
print(torch.zeros(2, 0, 3))
print(torch.tensor([], dtype=torch.int64))
print(torch.tensor([True, False]).reshape(2, 1))
''')


P('print_summarised_options', '''
print(torch.arange(2000))
print(torch.arange(3000.).reshape(30, 100))
print(torch.arange(24).reshape(2, 3, 4))
torch.set_printoptions(precision=2)
print(torch.tensor([1.23456, 2.34567]))
torch.set_printoptions(sci_mode=True)
print(torch.tensor([1.5, 2.5]))
torch.set_printoptions(profile='default')
torch.set_printoptions(threshold=5, edgeitems=1)
print(torch.arange(10))
print(torch.arange(20.).reshape(4, 5))
torch.set_printoptions(profile='default')
torch.set_printoptions(linewidth=30)
print(torch.arange(20.) / 3)
torch.set_printoptions(profile='default')
print(torch.arange(20.) / 3)
''')


P('repr_grad_dtype_suffix', '''
x = torch.tensor([1., 2.], requires_grad=True)
print(x)
y = x * 2
print(y)
print(y.sum())
print(x.detach())
print(torch.tensor([1, 2], dtype=torch.int32))
print(torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True))
print(torch.tensor(5, dtype=torch.uint8))
print(torch.tensor([], dtype=torch.float16))
print(repr(torch.tensor(3.0)))
print(str(torch.tensor(3)))
print(torch.ones(2, 2, dtype=torch.bool))
print(torch.tensor([1., 2.]).to(torch.float16) * 1000)
print(torch.empty(0, 2, dtype=torch.int32))
print(f"{torch.tensor(2.5):.3f}")
print(format(torch.tensor(3), 'd') if False else torch.tensor(3).__format__(''))
''')


P('int_division_remainder', '''
a = torch.tensor([-7, -3, 0, 3, 7])
b = torch.tensor([2, -2, 3, -3, 4])
print(a // b, a % b, torch.fmod(a, b), torch.remainder(a, b))
print(torch.div(a, b, rounding_mode='trunc'), torch.div(a, b, rounding_mode='floor'), torch.div(a, b))
f = torch.tensor([-7.5, 7.5, -0.0])
print(f // 2, f % 2, torch.fmod(f, -2), f % -2)
print(torch.tensor([5]) // 0.0 if True else 0)
print(torch.tensor([5.0]) % 0.0)
print(torch.tensor([-5, 5]) % 3.5)
print(torch.tensor(7) // torch.tensor(2))
print(divmod(7, torch.tensor(2)) if hasattr(torch.Tensor, '__divmod__') else 'nodivmod')
try:
    print(torch.tensor([5]) // torch.tensor([0]))
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.tensor([5]) % 0)
except Exception as e:
    print(type(e).__name__, e)
''')


P('indexing_advanced_errors', '''
x = torch.arange(24).reshape(2, 3, 4)
print(x[..., 1], x[:, None, 1].shape, x[1, :, ::2], x[-1, -1, -1])
print(x[[0, 1], [1, 2]], x[[0, 1], :, [1, 2]])
print(x[:, [0, 2]][..., [1, 3]])
print(x[torch.tensor([True, False])].shape)
print(x[x > 20])
print(x[0, torch.tensor([[0, 1], [2, 0]])])
print(x[:, 1:, torch.tensor([0, 3])].shape)
print(x[None, ..., None].shape)
print(x[1][2][3], x[1, 2, 3].item())
idx = torch.tensor([0, 2])
print(x[:, idx, :][:, :, idx])
print(x[0][torch.tensor(1)])
print(x[torch.tensor([[True, False, True], [False, True, False]])])
try:
    x[2]
except Exception as e:
    print(type(e).__name__, e)
try:
    x[0, 0, 4]
except Exception as e:
    print(type(e).__name__, e)
try:
    x[torch.tensor([0, 5])]
except Exception as e:
    print(type(e).__name__, str(e)[:80])
try:
    x[torch.tensor([True, False, True])]
except Exception as e:
    print(type(e).__name__, e)
try:
    x[0, 0, 0, 0]
except Exception as e:
    print(type(e).__name__, e)
try:
    x[1.5]
except Exception as e:
    print(type(e).__name__, e)
''')


P('index_assignment', '''
x = torch.zeros(3, 4)
x[0] = 1
x[:, 1] = torch.tensor([5., 6., 7.])
x[x > 5] = -1
x[[0, 2], [3, 3]] = torch.tensor([9., 8.])
print(x)
y = torch.zeros(5, dtype=torch.int64)
y[torch.tensor([0, 0, 1])] = torch.tensor([1, 2, 3])
print(y)
y[1:3] = 2.7
print(y)
z = torch.zeros(2, 3)
z[..., 0] = torch.tensor([[1.], [2.]]).squeeze()
print(z)
z[:, :2] += 1
print(z)
z[0][1] = 42
print(z)
b = torch.zeros(4, dtype=torch.bool)
b[1] = 5
print(b)
w = torch.arange(6.).view(2, 3)
v = w[:, 1]
v[0] = 100
print(w)
try:
    z[:, 0] = torch.tensor([1., 2., 3.])
except Exception as e:
    print(type(e).__name__, e)
try:
    z[5] = 1
except Exception as e:
    print(type(e).__name__, e)
u = torch.zeros(3)
u[torch.tensor([True, False, True])] = torch.tensor([1., 2.])
print(u)
try:
    u[torch.tensor([True, False, True])] = torch.tensor([1., 2., 3.])
except Exception as e:
    print(type(e).__name__, e)
''')


P('views_strides_errors', '''
a = torch.arange(12.)
b = a.view(3, 4)
c = b.t()
print(c.is_contiguous(), b.is_contiguous(), c.stride(), b.stride())
try:
    c.view(12)
except Exception as e:
    print(type(e).__name__, e)
print(c.reshape(12))
print(c.contiguous().view(-1).stride())
b.add_(1)
print(a)
d = b[1:, ::2]
print(d.stride(), d.storage_offset(), d.shape)
d.mul_(10)
print(a)
e = a.unsqueeze(0).expand(3, 12)
print(e.stride())
try:
    e.add_(1)
except Exception as ex:
    print(type(ex).__name__, ex)
f = torch.arange(6).view(2, 3)
print(f.T, f.mT.shape, f.unfold(1, 2, 1))
print(f.narrow(1, 1, 2), f.select(0, 1), f.movedim(0, 1).shape, f.permute(1, 0).is_contiguous())
try:
    f.view(4, 2)
except Exception as ex:
    print(type(ex).__name__, ex)
try:
    f.view(-1, -1)
except Exception as ex:
    print(type(ex).__name__, ex)
print(f.view(torch.int32) if False else f.view(3, -1))
g = torch.arange(4, dtype=torch.float32)
print(g.view(torch.int32))
print(g.view(torch.uint8).shape)
''')


P('reductions_dim_keepdim', '''
x = torch.tensor([[1., 5., 3.], [4., 2., 6.]])
print(x.max(dim=1), x.min(0, keepdim=True))
print(x.sum((0, 1)), x.mean(-1, keepdim=True), x.prod(1))
print(x.std(), x.var(0, unbiased=False), x.std(1, correction=0))
print(x.argmax(), x.argmin(1), x.argmax(1, keepdim=True))
print(x.median(), x.median(1), x.mode(1) if False else '')
print(x.logsumexp(1), x.norm(), x.norm(dim=0), x.amax((0, 1)), x.aminmax())
print(torch.max(x, torch.ones(2, 3) * 3))
i = torch.tensor([[3, 1], [2, 2]])
print(i.sum(), i.sum().dtype, i.mean(dtype=torch.float32) if True else 0, i.prod(), torch.tensor([True, True]).sum())
try:
    i.mean()
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor([]).sum(), torch.tensor([]).prod(), torch.tensor([]).mean())
try:
    torch.tensor([]).max()
except Exception as e:
    print(type(e).__name__, e)
print(x.all(), (x > 2).any(1), x.count_nonzero(0), torch.tensor([1, 0, 2]).all())
print(x.nansum(), torch.tensor([1., float('nan')]).nanmean(), torch.tensor([float('nan'), 1.]).max())
print(x.cummax(1), x.cummin(0))
print(x.kthvalue(2, 1), x.quantile(0.5), x.nanmedian())
try:
    x.sum(2)
except Exception as e:
    print(type(e).__name__, e)
''')


P('view_dtype_sizes', '''
for f in [lambda: torch.arange(3.).view(torch.float64), lambda: torch.tensor(1.).view(torch.uint8), lambda: torch.tensor(1.).view(torch.int16),lambda: torch.arange(4.).view(2,2).t().view(torch.uint8), lambda: torch.arange(8,dtype=torch.uint8).view(2,4).view(torch.float32), lambda: torch.arange(8,dtype=torch.uint8).view(2,4)[:, :2].view(torch.int16), lambda: torch.arange(8,dtype=torch.uint8)[1:5].view(torch.int32), lambda: torch.tensor([1.,2.], requires_grad=True).view(torch.int32), lambda: torch.tensor([True, False]).view(torch.uint8), lambda: torch.tensor([1., -2.]).view(torch.uint8), lambda: torch.tensor([[1., -2.]], dtype=torch.float16).view(torch.int8).view(torch.float16), lambda: torch.tensor([1, 256], dtype=torch.int16).view(torch.bool)]:
  try: r=f(); print(r, r.shape)
  except Exception as e: print(type(e).__name__, e)
''')


P('sort_topk_unique', '''
x = torch.tensor([3., 1., 2., 1., float('nan'), -0.0, 0.0])
print(x.sort(), x.sort(descending=True))
print(x.argsort(stable=True), torch.sort(x, stable=True, descending=True).indices)
y = torch.tensor([[3, 1, 2], [9, 7, 8]])
print(y.topk(2), y.topk(2, dim=0, largest=False), y.topk(1, sorted=True))
print(torch.unique(torch.tensor([3, 1, 3, 2, 1])), torch.unique(torch.tensor([3, 1, 3, 2]), return_inverse=True, return_counts=True))
print(torch.unique(torch.tensor([[1, 2], [1, 2], [0, 5]]), dim=0))
print(torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 1, 3]), return_counts=True))
print(torch.unique(torch.tensor([2., 1., float('nan'), float('nan')])))
print(torch.msort(y), torch.sort(y, 0)[0])
print(torch.searchsorted(torch.tensor([1, 3, 5, 7]), torch.tensor([0, 3, 6, 9])), torch.bucketize(torch.tensor([3, 6]), torch.tensor([1, 3, 5]), right=True))
try:
    y.topk(4)
except Exception as e:
    print(type(e).__name__, e)
r = torch.sort(y)
print(type(r).__name__, r[0].dtype, r.values is r[0])
a, b = torch.topk(torch.tensor([5, 3, 8]), 2)
print(a, b)
print(torch.tensor([True, False, True]).sort())
print(torch.tensor([], dtype=torch.int64).sort())
''')


P('where_einsum_nonzero', '''
x = torch.tensor([[1., -2.], [3., -4.]])
print(torch.where(x > 0, x, 0.), torch.where(x > 0), torch.where(x > 0, 1, 0).dtype)
print(torch.where(x > 0, torch.tensor(1, dtype=torch.int32), 2.5).dtype)
print(torch.where(torch.tensor([True, False]), torch.tensor([1], dtype=torch.uint8), torch.tensor([2], dtype=torch.int8)))
print(torch.einsum('ij,jk->ik', x, x), torch.einsum('ii', x), torch.einsum('ij->j', x), torch.einsum('i,j->ij', x[0], x[1]))
print(torch.einsum('bij,bjk->bik', x[None], x[None]).shape, torch.einsum('...ij->...ji', x))
print(torch.einsum('ij,ij->', [x, x]))
try:
    torch.einsum('ij,jk->ik', x, torch.ones(3, 2))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.einsum('ij->ik', x)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.where(x > 0, x, torch.ones(3))
except Exception as e:
    print(type(e).__name__, e)
print(x.nonzero(), (x > 0).nonzero(as_tuple=True), torch.argwhere(x < 0))
print(torch.tensor(0.).nonzero(), torch.tensor(3).nonzero().shape)
''')


P('cat_stack_split_chunk', '''
a = torch.arange(6).view(2, 3)
b = torch.arange(6, 12).view(2, 3)
print(torch.cat([a, b]), torch.cat((a, b), 1), torch.cat([a, torch.tensor([])]), torch.stack([a, b], 2).shape)
print(torch.cat([a, b.float()]).dtype, torch.cat([a.to(torch.uint8), b.to(torch.int8)]).dtype)
print(torch.hstack([a, b]).shape, torch.vstack([a[0], b[0]]), torch.dstack([a, b]).shape, torch.column_stack([a[0], b[0]]))
print(a.split(2, 1), a.split([1, 2], 1), a.chunk(3, 1), torch.arange(5).chunk(3), torch.arange(6).chunk(4))
print(torch.tensor_split(torch.arange(7), 3), torch.tensor_split(torch.arange(7), [1, 5]))
print(a.unbind(1), torch.arange(10).split(4))
try:
    torch.cat([a, torch.ones(2, 2)])
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.stack([a, torch.ones(2, 2)])
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.cat([])
except Exception as e:
    print(type(e).__name__, e)
try:
    a.split([1, 1], 1)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.cat([a, b], 2)
except Exception as e:
    print(type(e).__name__, e)
try:
    a.chunk(0)
except Exception as e:
    print(type(e).__name__, e)
print(torch.cat([torch.tensor(1.).reshape(1), torch.tensor([2.])]))
try:
    torch.cat([torch.tensor(1.), torch.tensor(2.)])
except Exception as e:
    print(type(e).__name__, e)
''')


P('gather_scatter_index_ops', '''
x = torch.arange(12.).view(3, 4)
idx = torch.tensor([[0, 1], [2, 3], [1, 1]])
print(x.gather(1, idx), torch.gather(x, 0, torch.tensor([[2, 1, 0, 0]])))
z = torch.zeros(3, 4)
print(z.scatter(1, idx, 1.0), z.scatter(1, idx, torch.ones(3, 2) * 7))
print(z.scatter_add(1, idx, torch.ones(3, 2)), z.scatter(1, idx, 2.0, reduce='add'))
print(torch.zeros(5).scatter_reduce(0, torch.tensor([0, 0, 1, 4]), torch.tensor([1., 2., 3., 4.]), 'amax', include_self=False))
print(torch.zeros(3).scatter_reduce(0, torch.tensor([0, 0, 1]), torch.tensor([1., 2., 3.]), 'mean'))
print(torch.ones(3).index_add(0, torch.tensor([0, 0]), torch.tensor([5., 6.])), x.index_select(1, torch.tensor([3, 0])))
print(torch.zeros(2, 3).index_fill(1, torch.tensor([0, 2]), -1), torch.zeros(4).index_copy(0, torch.tensor([3, 1]), torch.tensor([1., 2.])))
print(x.masked_fill(x > 5, 0), x.masked_select(x > 8), torch.zeros(4).masked_scatter(torch.tensor([True, False, True, False]), torch.tensor([1., 2., 3.])))
print(x.take(torch.tensor([0, 11, 5])), torch.take_along_dim(x, torch.tensor([[0], [1], [2]]), 1))
try:
    x.gather(1, torch.tensor([[4]]))
except Exception as e:
    print(type(e).__name__, e)
try:
    x.gather(1, torch.tensor([[1]], dtype=torch.int32))
except Exception as e:
    print(type(e).__name__, e)
try:
    z.scatter(1, idx, torch.ones(3, 2, dtype=torch.float64))
except Exception as e:
    print(type(e).__name__, e)
try:
    x.index_select(0, torch.tensor([5]))
except Exception as e:
    print(type(e).__name__, e)
try:
    x.gather(1, torch.tensor([0, 1]))
except Exception as e:
    print(type(e).__name__, e)
''')


P('cumsum_clamp', '''
x = torch.tensor([[1, 2, 3], [4, 5, 6]], dtype=torch.int32)
print(x.cumsum(1), x.cumsum(0).dtype, x.cumprod(1), torch.cumsum(x, 1, dtype=torch.float64))
print(torch.tensor([True, True, False]).cumsum(0), torch.tensor([1, 2], dtype=torch.uint8).cumsum(0).dtype)
print(torch.logcumsumexp(torch.tensor([0., 1., 2.]), 0), torch.cumulative_trapezoid(torch.tensor([1., 2., 3.])))
print(x.clamp(2, 5), x.clamp(min=2.5), x.clamp(max=torch.tensor([1, 2, 3], dtype=torch.int32)), x.clip(0, 1))
print(x.clamp(2.5, 4.5).dtype, torch.clamp(torch.tensor([1., float('nan')]), 0, 0.5))
print(torch.tensor([1., 5.]).clamp(3, 2))
try:
    x.clamp()
except Exception as e:
    print(type(e).__name__, e)
y = torch.tensor([-1.5, 0.5, 2.5])
y.clamp_(min=0)
print(y, y.clamp_min(1), y.clamp_max(1))
try:
    x.clamp_(0.5, 1.5)
    print(x)
except Exception as e:
    print(type(e).__name__, e)
print(torch.diff(torch.tensor([1, 4, 9, 16])), torch.diff(torch.tensor([[1, 2], [4, 8]]), dim=0), torch.diff(torch.tensor([1, 2]), prepend=torch.tensor([0])))
print(torch.cumsum(torch.tensor([]), 0), torch.tensor(5).cumsum(0))
''')


P('math_functions', '''
x = torch.tensor([-2.5, -0.5, 0.5, 1.5, 2.5])
print(x.round(), x.round(decimals=1), torch.round(torch.tensor([1.2345, 12.345]), decimals=2), x.trunc(), x.frac(), x.ceil(), x.floor())
print(x.sign(), x.sgn(), x.abs(), -x, x.neg().dtype, x.reciprocal(), x.exp2(), x.sqrt(), x.rsqrt())
i = torch.tensor([-3, 0, 4])
print(i.sqrt(), i.exp().dtype, i.sin(), i.abs(), i.sign(), i.float().log(), torch.log1p(i), (i / 2).dtype)
print(torch.pow(2, i.float()), torch.tensor(2) ** torch.tensor([3, 0]), i ** 2, 2 ** i.float())
try:
    print(torch.tensor([2]) ** torch.tensor([-1]))
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor([0, 1, 2], dtype=torch.uint8).neg() if False else 'x', torch.tensor([True]).logical_not(), ~torch.tensor([True, False]), ~torch.tensor([5]))
try:
    -torch.tensor([True])
except Exception as e:
    print(type(e).__name__, e)
try:
    ~torch.tensor([1.0])
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor([5]) & 3, torch.tensor([5]) | 2, torch.tensor([5]) ^ 1, torch.tensor([5]) << 2, torch.tensor([-16]) >> 2)
print(torch.atan2(torch.tensor([1.]), torch.tensor([-1.])), torch.hypot(torch.tensor([3.]), torch.tensor([4.])), torch.lerp(torch.tensor([0.]), torch.tensor([10.]), 0.3))
print(torch.sigmoid(torch.tensor([0., 100., -100.])), torch.logit(torch.tensor([0.25])), torch.erf(torch.tensor([0.5])), torch.erfinv(torch.tensor([0.5])))
print(torch.nan_to_num(torch.tensor([float('nan'), float('inf'), -float('inf')])), torch.isclose(torch.tensor([1., 1.0001]), torch.tensor([1., 1.])), torch.allclose(torch.tensor([1.]), torch.tensor([1.0000001])))
print(torch.isfinite(torch.tensor([1., float('inf')])), torch.isnan(torch.tensor([1])), torch.isinf(torch.tensor([float('-inf')])), torch.isneginf(torch.tensor([float('-inf')])))
print(torch.copysign(torch.tensor([1., 2.]), -1), torch.signbit(torch.tensor([-0.0, 0.0])), torch.heaviside(torch.tensor([-1., 0., 2.]), torch.tensor([0.5])))
print(torch.gcd(torch.tensor([12, 18]), torch.tensor([8, 27])), torch.lcm(torch.tensor([4]), torch.tensor([6])), torch.fmax(torch.tensor([float('nan'), 1.]), torch.tensor([2., float('nan')])))
print(torch.maximum(torch.tensor([1, 5]), torch.tensor([3., 2.])), torch.minimum(torch.tensor([float('nan')]), torch.tensor([1.])))
''')


P('comparisons', '''
a = torch.tensor([1, 2, 3])
b = torch.tensor([1.0, 2.5, 3.0])
print(a == b, a < b, a.eq(2), a.ne(b), a >= 2, 2 < a, a.equal(a.clone()), torch.equal(a, b), a.ge(b).dtype)
print(torch.tensor([float('nan')]) == torch.tensor([float('nan')]), torch.tensor([1, 2]) == torch.tensor([[1], [2]]))
print(a.eq(a).all().item(), bool(a.eq(a).all()), (a == 2).any())
try:
    bool(a == 1)
except Exception as e:
    print(type(e).__name__, e)
try:
    if a: pass
except Exception as e:
    print(type(e).__name__, e)
try:
    a == torch.tensor([1, 2])
except Exception as e:
    print(type(e).__name__, e)
print(a == None, a != None, a == 'x' if False else '')
print(a.__eq__(None), a.__lt__("x") if False else '')
try:
    a < None
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor([True]) == 1, torch.tensor([1]) == True, a.max() == 3, a in [torch.tensor(9)] if False else 2 in a, 5 in a)
print(torch.tensor(True) and torch.tensor(False) if False else torch.logical_and(torch.tensor([1, 0]), torch.tensor([2, 2])), torch.logical_xor(torch.tensor([1., 0.]), torch.tensor([0., 0.])))
print(torch.tensor(2) > 1.5, type(torch.tensor(2) > 1.5).__name__)
''')


P('clamp_inplace_cast_errors', '''
x = torch.tensor([1, 2], dtype=torch.int32)
for n, f in [('div', lambda: x.div_(2)), ('cmin', lambda: x.clamp_min_(0.5)), ('cmax', lambda: x.clamp_max_(0.5)),
             ('cmint', lambda: x.clamp_min_(torch.tensor(0.5))), ('clip', lambda: x.clip_(0.5, 1)), ('cl', lambda: x.clamp_(min=0.5)),
             ('long', lambda: torch.tensor([1]).clamp_(0.5)), ('u8', lambda: torch.tensor([1], dtype=torch.uint8).clamp_(max=2.5)),
             ('i8', lambda: torch.clamp_(torch.tensor([1], dtype=torch.int8), 0.5)), ('b', lambda: torch.tensor([True]).clamp_(max=0.5)),
             ('ok', lambda: x.clamp_(0, 1)), ('okf', lambda: torch.tensor([1.5]).clamp_(0, 1))]:
    try:
        print(n, f())
    except Exception as e:
        print(n, type(e).__name__, e)
''')


P('tolist_item_conversions', '''
print(torch.tensor([[1, 2], [3, 4]]).tolist(), torch.tensor(2.5).tolist(), torch.tensor([True]).tolist(), torch.tensor([1.5], dtype=torch.float16).tolist())
print(torch.tensor([0.1]).tolist(), torch.tensor([0.1], dtype=torch.float64).tolist(), torch.tensor([0.1], dtype=torch.bfloat16).tolist())
print(type(torch.tensor(3).item()), type(torch.tensor(3.).item()), type(torch.tensor(True).item()), torch.tensor([7]).item())
try:
    torch.tensor([1, 2]).item()
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.tensor([]).item()
except Exception as e:
    print(type(e).__name__, e)
print(int(torch.tensor(3.7)), float(torch.tensor(2)), int(torch.tensor([-3.7])), complex(torch.tensor(1.5)), bool(torch.tensor([0.0])))
try:
    int(torch.tensor([1, 2]))
except Exception as e:
    print(type(e).__name__, e)
try:
    float(torch.tensor([]))
except Exception as e:
    print(type(e).__name__, e)
import operator
print(operator.index(torch.tensor(3)), [10, 20, 30][torch.tensor(1)], hex(torch.tensor(255)))
try:
    operator.index(torch.tensor(3.0))
except Exception as e:
    print(type(e).__name__, e)
try:
    [1, 2][torch.tensor([1])]
except Exception as e:
    print(type(e).__name__, e)
print(round(torch.tensor(2.567).item(), 2), round(torch.tensor(2.567), 2) if False else '', math.floor(torch.tensor(2.5)) if False else '')
print(torch.tensor(3).numpy(), torch.tensor([1., 2.]).numpy().dtype, np.asarray(torch.tensor([1, 2], dtype=torch.int16)).dtype)
print(len(torch.zeros(4, 2)), list(torch.arange(3)), [t.item() for t in torch.arange(3)])
try:
    len(torch.tensor(1))
except Exception as e:
    print(type(e).__name__, e)
try:
    iter(torch.tensor(1))
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor(2 ** 40).item(), torch.tensor(1e300, dtype=torch.float64).item(), torch.tensor(-0.0).item())
''')


P('dtype_conversions_info', '''
x = torch.tensor([1.7, -1.7, 300.0, -0.5])
print(x.int(), x.long(), x.to(torch.uint8) if False else '', x.short(), x.bool(), x.half(), x.bfloat16(), x.double())
print(x.to(torch.int64).dtype, x.type(torch.int32), x.type(), x.type('torch.DoubleTensor').dtype, x.to(dtype=torch.float16, copy=True).dtype)
print(torch.tensor([1, 0, 2]).bool(), torch.tensor([True, False]).float(), torch.tensor([True]).int() + 1)
print(x.to(x), x.to('cpu').device, x.cpu().dtype, x.type_as(torch.tensor([1])), x.new_zeros(2), x.new_tensor([1, 2]), x.new_ones(1, dtype=torch.int8), x.new_full((2,), 3))
print(x.new_empty(0).dtype, torch.zeros_like(x, dtype=torch.int32), torch.ones_like(x).dtype, torch.full_like(x, 7), torch.empty_like(x).shape)
print(x.is_floating_point(), torch.tensor([1]).is_floating_point(), x.dtype.is_floating_point, torch.int32.is_signed, torch.uint8.is_signed, torch.float16.itemsize)
print(torch.finfo(torch.float16), torch.iinfo(torch.int8))
print(torch.finfo(torch.float32).eps, torch.finfo(torch.bfloat16).max, torch.iinfo(torch.int64).min, torch.finfo().tiny)
print(x.element_size(), x.nbytes, x.itemsize, x.half().element_size(), torch.get_default_dtype())
try:
    x.to('int32')
except Exception as e:
    print(type(e).__name__, e)
try:
    x.to(device='bad')
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor(float('nan')).int().dtype, torch.tensor([2.9]).to(torch.int8))
''')


P('creation_factories', '''
print(torch.linspace(0, 1, 5), torch.linspace(-1, 1, 1), torch.logspace(0, 2, 3), torch.linspace(0, 10, 4, dtype=torch.int64))
print(torch.arange(0, 1, 0.25).dtype, torch.arange(5.0).dtype, torch.arange(torch.tensor(3)), torch.arange(1, 2.5, 0.5))
print(torch.eye(2, 3), torch.eye(3, dtype=torch.int32), torch.full((2,), True), torch.full((2, 2), 1.5).dtype, torch.full((1,), 2).dtype)
print(torch.zeros(2, 3, dtype=torch.bool), torch.ones((2,)), torch.zeros([]), torch.zeros(()).shape, torch.empty(2, 0).shape)
print(torch.tensor([[1, 2], [3, 4]]).T.contiguous(), torch.as_tensor([1, 2]), torch.as_tensor(np.array([1, 2], dtype=np.int16)).dtype, torch.from_numpy(np.arange(3.)).dtype)
print(torch.tensor(np.float32(2.5)), torch.tensor(np.array(5)), torch.tensor([np.int64(1), 2]), torch.tensor([torch.tensor(1.), 2.]))
print(torch.tril(torch.ones(3, 3)), torch.triu(torch.ones(2, 3), 1), torch.diag(torch.tensor([1, 2])), torch.diag(torch.arange(9).view(3, 3), 1), torch.diagflat(torch.tensor([1, 2])))
print(torch.meshgrid(torch.tensor([1, 2]), torch.tensor([3, 4, 5]), indexing='ij'), torch.cartesian_prod(torch.tensor([1, 2]), torch.tensor([3])), torch.combinations(torch.tensor([1, 2, 3])))
try:
    torch.zeros(-1)
except Exception as e:
    print(type(e).__name__, str(e).split("\\n")[0])
try:
    torch.linspace(0, 1)
except Exception as e:
    print(type(e).__name__, str(e).split("\\n")[0])
try:
    torch.tensor([1, 'a'])
except Exception as e:
    print(type(e).__name__, str(e).split("\\n")[0])
try:
    torch.ones(2, 3.0)
except Exception as e:
    print(type(e).__name__, str(e).split("\\n")[0])
try:
    torch.full((2,), [1, 2])
except Exception as e:
    print(type(e).__name__, str(e).split("\\n")[0])
try:
    torch.eye(-1)
except Exception as e:
    print(type(e).__name__, str(e).split("\\n")[0])
print(torch.tensor(((1, 2), (3, 4))), torch.tensor([[True, 1]]), torch.tensor([1, 2.0]).dtype, torch.tensor([[1.0]], dtype=torch.int64))
print(torch.polar(torch.tensor([1.]), torch.tensor([0.])).dtype if False else '', torch.heaviside(torch.tensor([0]), torch.tensor([1])))
print(torch.tril_indices(3, 3), torch.triu_indices(2, 3, 1), torch.vander(torch.tensor([1, 2, 3]), N=3))
''')


P('range_factory_arg_errors', '''
for f in [lambda: torch.linspace(0, 1, dtype=torch.float32), lambda: torch.linspace(0., end=1), lambda: torch.arange(dtype=torch.int32),
          lambda: torch.linspace(start=0, end=1), lambda: torch.logspace(0, 1, base=2), lambda: torch.linspace(0, 1, requires_grad=True),
          lambda: torch.linspace(end=1, start=0), lambda: torch.linspace(0, dtype=torch.float32, device='cpu'), lambda: torch.arange(),
          lambda: torch.linspace(), lambda: torch.linspace(torch.tensor(0.), 1), lambda: torch.linspace(0, 1, steps=None),
          lambda: torch.linspace(0, 1, 3, 4), lambda: torch.arange(end=3), lambda: torch.linspace(0, 1, steps=3), lambda: torch.logspace(start=0, end=2, steps=3, base=2),
          lambda: torch.arange(start=1, end=3), lambda: torch.linspace(0, 1, 2.5)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, str(e).split('\\n')[0])
''')


P('inplace_through_views', '''
a = torch.zeros(2, 3)
row = a[0]
row.fill_(1)
col = a[:, 2]
col += 5
print(a, row, col)
a.t_()
print(a.shape)
b = torch.arange(6.)
b.resize_(2, 3)
print(b)
c = torch.arange(4.)
d = c.view(2, 2)
c.zero_()
print(d)
e = torch.ones(3)
e2 = e.unsqueeze(0)
e2.squeeze_()
print(e2.shape, e.shape)
f = torch.arange(6.).view(2, 3)
g = f.transpose(0, 1)
g[0, 1] = 99
print(f)
h = f.flatten()
h[0] = -1
print(f[0, 0])
i = f.reshape(3, 2)
i.mul_(2)
print(f)
j = f.detach()
j.add_(1)
print(f)
k = torch.arange(5)
k[1:4].copy_(torch.tensor([7, 8, 9]))
print(k)
k[::2] = 0
print(k)
m = torch.ones(2, 2)
n = m.diagonal()
n.fill_(0)
print(m)
o = torch.zeros(4)
o.index_put_((torch.tensor([0, 0, 2]),), torch.tensor([1., 2., 3.]), accumulate=True)
print(o)
p = torch.arange(4.)
for t in p.split(2):
    t.mul_(10)
print(p)
q = torch.arange(4.).view(2, 2)
for r in q:
    r += 1
print(q)
s = torch.arange(6.).view(2, 3)
s.unfold(1, 2, 1)[0, 0, 0] = 50
print(s)
print(torch.ones(2).expand(2, 2).contiguous().add_(1))
''')


P('return_types_printing', '''
x = torch.tensor([[1., 5., 3.], [4., 2., 6.]])
r = x.max(1)
print(r)
print(repr(r))
print(str(r.values))
print(type(r), type(r).__name__)
v, i = x.min(0)
print(v, i)
print(torch.sort(x, 1))
print(x.topk(1))
print(torch.linalg.eigh(torch.eye(2)))
print(torch.aminmax(x, dim=1))
print(torch.histogram(torch.tensor([1., 2., 1.]), bins=2))
print(torch.frexp(torch.tensor([8.0, 0.3])))
print(torch.linalg.slogdet(torch.eye(2) * 2))
print(torch.std_mean(x, 1), torch.var_mean(x))
print(torch.unique(torch.tensor([1, 1, 2]), return_counts=True))
print(torch.linalg.qr(torch.eye(2)))
print(len(r), r[0] is r.values, r[-1], list(r), tuple(r)[1])
print(r == (r.values, r.indices) if False else isinstance(r, tuple))
print(x.mode(1))
print(x.median(1))
''')


P('shape_errors', '''
a = torch.ones(2, 3)
tests = [
    lambda: a + torch.ones(3, 2),
    lambda: a @ a,
    lambda: torch.mm(a, torch.ones(2, 2)),
    lambda: a.matmul(torch.ones(3)),
    lambda: torch.ones(3).dot(torch.ones(4)),
    lambda: torch.ones(3).dot(torch.ones(3, dtype=torch.int64)),
    lambda: a.reshape(4, 2),
    lambda: a.permute(0),
    lambda: a.permute(0, 0),
    lambda: a.transpose(0, 2),
    lambda: a.squeeze(3),
    lambda: a.unsqueeze(3),
    lambda: a.expand(3, 3),
    lambda: a.expand(2),
    lambda: a.repeat(2),
    lambda: a.flip(2),
    lambda: a.roll(1, 5),
    lambda: a.narrow(1, 2, 2),
    lambda: a.select(1, 3),
    lambda: a.unfold(1, 4, 1),
    lambda: a.movedim(0, 2),
    lambda: torch.bmm(a, a),
    lambda: a.sum(dim=(0, 0)),
    lambda: a.softmax(2),
    lambda: a.max(dim=5),
    lambda: a.std(dim=3),
    lambda: a.mean(dtype=torch.int64),
    lambda: torch.ones(2, 2).masked_fill(torch.ones(2, 2), 0.),
    lambda: torch.ones(2).index_select(0, torch.tensor([0.])),
    lambda: a.view(-1, 4),
    lambda: torch.zeros(2, 3).flatten(1, 0),
    lambda: a.split(0),
    lambda: a.tile(-1),
    lambda: torch.broadcast_tensors(a, torch.ones(4)),
    lambda: torch.ones(2, 3).new_tensor([1, 2]).add(torch.ones(3)),
]
for t in tests:
    try:
        r = t()
        print('no error', r.shape)
    except Exception as e:
        print(type(e).__name__, str(e).split('\\n')[0])
''')


P('non_int_size_arg_errors', '''
a = torch.ones(2, 3)
for f in [lambda: torch.zeros(2.0, 3), lambda: torch.zeros((2.0, 3)), lambda: torch.zeros([2, 3.0]), lambda: torch.zeros([2, 3, 4.0]), lambda: torch.zeros((2, 'a')),
          lambda: torch.zeros(('a',)), lambda: a.reshape(2, 3.0), lambda: a.reshape((2, 3.0)), lambda: a.reshape(2.0), lambda: a.reshape('ab'), lambda: a.expand((2.0, 3)),
          lambda: a.expand(2, 3.0), lambda: a.permute((1.0, 0)), lambda: a.repeat(2.0), lambda: a.reshape([6.0]), lambda: a.view([6.0]), lambda: a.reshape(2, 3, 1.0),
          lambda: a.new_zeros(2.0), lambda: a.new_ones((2, 3.0)), lambda: torch.full((2.0,), 1), lambda: torch.zeros(2.0), lambda: torch.ones(2, 3.0), lambda: torch.randn(6 / 2),
          lambda: a.view(6 / 2, 2), lambda: a.view(torch.tensor(6)), lambda: a.reshape(np.int64(3), 2), lambda: a.view(-1, torch.tensor(2.)), lambda: a.permute(1, 0.0),
          lambda: torch.empty((2, 3.5)), lambda: torch.rand(2.0, 3), lambda: a.repeat(1, 2.0), lambda: a.expand(torch.Size([2, 3]))]:
    try:
        print(f().shape)
    except Exception as e:
        print(type(e).__name__, str(e).split('\\n')[0])
for f in [lambda: torch.randn(2.0, 3), lambda: torch.randn((2.0, 3)), lambda: torch.rand(2.0), lambda: torch.empty(2.0, 3), 
          lambda: torch.tensor([1.]).new_empty((2.0,)), lambda: a.unflatten(1, (3.0, 1)), lambda: torch.randn([2, 3.0]), lambda: a.new_zeros(2, 3).dtype, lambda: a.new_ones(size=(1,)), lambda: a.new_empty([2]).shape]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, str(e).split('\\n')[0])
for f in [lambda: a.view((2, 3.0)), lambda: a.view(2, 3.0), lambda: a.view((2.0, 3))]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, str(e).split("\\n")[0])
''')


P('class_reprs_device_strings', '''
x = torch.ones(2, 3)
print(type(x), type(x.shape), type(x.dtype), type(x.device), type(torch.finfo(torch.float32)), type(torch.iinfo(torch.int8)))
print(type(x.max(1)), type(x.sort()), type(x.topk(1)).__name__, type(x.shape).__name__, type(x.dtype).__name__)
print(isinstance(x.shape, tuple), isinstance(x.max(1), tuple), x.max(1).n_fields)
try:
    x.topk(1).shape
except AttributeError as e:
    print(e)
for s in ['cuda:01', 'cpu:', 'CPU', 'cuda:0:1', ':0', 'cuda0', '', 'Cuda:0', 'meta:0', 'cpu:-1', 'foo_bar', 'int32', 'cpu', 'cpu:0', 'cuda:1']:
    try:
        print(repr(torch.device(s)))
    except Exception as e:
        print(repr(s), type(e).__name__, str(e).split('\\n')[0])
print(torch.device('cuda', 1))
''')


P('device_equality', '''
d = torch.device('cpu')
x = torch.ones(2)
print(d == 'cpu', 'cpu' == d, d != 'cpu', x.device == 'cpu', x.device == d, x.device.type == 'cpu')
print(str(x.device) == 'cpu', {d: 1}.get(torch.device('cpu')), {d: 1}.get('cpu'))
device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
print('on cpu' if device == 'cpu' else 'compared as objects', device)
''')


P('module_attr_error_and_data_object_reprs', '''
import re
try:
    torch.ndarray([0, 1, 2, 3])
except AttributeError as e:
    print(e)
print(hasattr(torch, 'ndarray'))
ds = data.TensorDataset(torch.arange(4.))
dl = data.DataLoader(ds, batch_size=2, shuffle=True)
for o in (ds, dl, iter(dl), dl.sampler, dl.batch_sampler, data.Subset(ds, [0])):
    print(re.sub('0x[0-9a-f]+', 'ADDR', repr(o)), re.sub('0x[0-9a-f]+', 'ADDR', str(o)) == re.sub('0x[0-9a-f]+', 'ADDR', repr(o)))
''')


P('load_missing_record_error', '''
import io, zipfile
buf = io.BytesIO()
torch.save(torch.arange(3.), buf)
src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
for drop in ('/data/0', '/data.pkl'):
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w') as z:
        for i in src.infolist():
            if not i.filename.endswith(drop):
                z.writestr(i.filename, src.read(i.filename))
    out.seek(0)
    try:
        torch.load(out)
    except RuntimeError as e:
        print(e)
''')
