"""More short PyTorch programs (area 'tensors3'), with the rules of fidelity_tensors_cases.py:
each runs with `torch`, `nn`, `F`, `optim`, `data`, `np` and `math` bound; its stdout and the
type and first line of an uncaught exception are compared with real PyTorch's."""
PROGRAMS = {}


def P(name, code):
    PROGRAMS[name] = code


# shared opening: evaluate each expression and print its value, or its exception's first line
# (errors that depend on tensor values are raised by jtorch at the next sync, here repr, with
# ' (recorded by <op> at <line>)' added, as its README says: that suffix is not compared)
_SHOW = '''
def show(*exprs):
    for expr_ in exprs:
        try:
            print(expr_, '->', repr(eval(expr_)))
        except Exception as e:
            print(expr_, '|', type(e).__name__, str(e).split(chr(10))[0].split(' (recorded by ')[0])
'''


# ---- type promotion with Python scalars and 0-d tensors --------------------------------------
P('promotion_int_tensor_with_scalars', _SHOW + '''
i = torch.tensor([1, 2, 3]); i8 = torch.tensor([1, -2], dtype=torch.int8)
u8 = torch.tensor([200, 3], dtype=torch.uint8); b = torch.tensor([True, False])
show("i / 2", "i * 1.5", "i + True", "i // 2", "i ** 2", "i ** 0.5", "2 ** i", "2.5 ** i",
     "(u8 + i8).dtype", "u8 + i8", "u8 + 100", "u8 * 2", "i8 - 200", "b + b", "b * b", "b - b",
     "b + 1", "b + 1.5", "b & True", "~b", "-i8", "i8.abs()", "(i8 / i8).dtype")
''')

P('promotion_zero_dim_tensors', _SHOW + '''
f16 = torch.tensor([1.5, 2.0], dtype=torch.float16); i = torch.tensor([1, 2])
d0 = torch.tensor(2.5, dtype=torch.float64); i0 = torch.tensor(3)
show("(f16 + d0).dtype", "(i + d0).dtype", "(i + i0).dtype", "(f16 * i0).dtype",
     "(torch.tensor(1, dtype=torch.int8) + torch.tensor([1], dtype=torch.uint8)).dtype",
     "(d0 + i0).dtype", "(torch.tensor(1.) + torch.tensor(2, dtype=torch.float64)).dtype",
     "torch.result_type(i, 1.0)", "torch.result_type(f16, d0)", "torch.result_type(i0, 2.5)",
     "torch.promote_types(torch.uint8, torch.int8)", "torch.promote_types(torch.bfloat16, torch.float16)",
     "torch.can_cast(torch.float32, torch.int32)", "torch.can_cast(torch.int32, torch.float16)",
     "(torch.tensor([1], dtype=torch.bfloat16) + f16[:1]).dtype")
''')

P('float_zero_division_and_signs', _SHOW + '''
x = torch.tensor([-3., -0., 0., 2.5]); n = torch.tensor([-7, -1, 5, 7])
show("x // 0.0", "x / 0", "x % 0.0", "n // 0.0", "n / 0", "torch.fmod(n, -3)", "torch.remainder(n, -3)",
     "n % 3", "torch.fmod(x, 2)", "torch.remainder(x, -2)", "torch.fmod(n, 2.5)",
     "torch.remainder(-0.5, torch.tensor([1., -1.]))", "torch.fmod(torch.tensor([5.]), 0.)",
     "n.div(2, rounding_mode='floor')", "n.div(-2, rounding_mode='trunc')", "x.div(0, rounding_mode='floor')",
     "torch.floor_divide(n, torch.tensor([2, -2, 2, -2]))")
''')

P('pow_integer_exponent_rules', _SHOW + '''
i = torch.tensor([1, 2, 3]); f = torch.tensor([1., 2., 4.])
show("i ** -1", "i.pow(-2)", "torch.pow(i, torch.tensor([-1, 0, 1]))", "i ** -1.0", "f ** -1",
     "torch.pow(2, i)", "torch.pow(-2, i)", "torch.pow(0, torch.tensor([0, 1]))", "i ** 0",
     "torch.tensor([0.]) ** -1", "torch.tensor([-8.]) ** (1 / 3)", "torch.tensor([2], dtype=torch.uint8) ** 8",
     "torch.tensor([3], dtype=torch.int8) ** 5", "torch.float_power(i, 2)", "torch.float_power(i, -1).dtype",
     "torch.tensor(True) ** 2", "i.pow_(2)", "f.pow_(0.5)")
''')

P('half_bfloat16_arithmetic_printing', _SHOW + '''
h = torch.tensor([1.0, 0.1, 65504.], dtype=torch.float16)
bf = torch.tensor([1.0, 0.1, 3.0e38], dtype=torch.bfloat16)
show("h", "h * 2", "h + 1e-4", "h.sum()", "h.mean()", "bf", "bf * 2", "bf.sum()", "bf + 0.001",
     "h.float()", "bf.float()", "h.tolist()", "bf.tolist()", "h[1].item()", "bf[1].item()",
     "torch.tensor([1/3], dtype=torch.float16)", "torch.tensor([1/3], dtype=torch.bfloat16) * 3",
     "torch.finfo(torch.float16).eps", "torch.finfo(torch.bfloat16).max", "h.to(torch.int16)",
     "(h / 3).to(torch.bfloat16)", "torch.arange(4, dtype=torch.float16) / 3")
''')

P('inplace_ops_that_cannot_cast', _SHOW + '''
i = torch.tensor([1, 2, 3]); b = torch.tensor([True, False])
def run(stmt):
    try:
        exec(stmt, globals()); print(stmt, 'ok')
    except Exception as e:
        print(stmt, '|', type(e).__name__, str(e).split(chr(10))[0])
for s in ["i += 1.5", "i *= 2", "i /= 2", "i //= 2", "i.add_(torch.tensor(1.5))", "i.mul_(torch.tensor([2.]))",
          "b += 1", "b |= True", "b &= torch.tensor([1, 0])", "i.sub_(True)", "i.clamp_(0.5)",
          "i.masked_fill_(i > 1, 2.5)", "i.fill_(3.7)", "i.copy_(torch.tensor([1.9, -1.9, 2.5]))",
          "i.pow_(0.5)", "i.sqrt_()", "i.neg_()", "b.neg_()", "i.abs_()", "i.exp_()", "i.floor_()"]:
    run(s)
print(i, b)
''')

P('comparisons_between_dtypes', _SHOW + '''
i = torch.tensor([1, 2, 3]); f = torch.tensor([1.0, 2.5, 3.0]); u = torch.tensor([255, 1], dtype=torch.uint8)
show("i == f", "i < 2.5", "i == 2.0", "f >= i", "u > -1", "u == 255", "u == -1",
     "torch.tensor([True, False]) == 1", "torch.eq(i, torch.tensor(2.))", "i.eq(f).dtype",
     "torch.equal(i, f)", "torch.equal(i, i.clone())", "torch.equal(i, i.float())",
     "torch.isclose(i, f)", "torch.allclose(f, f + 1e-9)", "torch.maximum(i, f)", "torch.minimum(u, torch.tensor([3, 4]))",
     "torch.tensor([float('nan')]) == torch.tensor([float('nan')])", "torch.eq(torch.tensor([1, 2]), 1)",
     "torch.tensor(3) < torch.tensor([1.5, 4.5])", "torch.ne(i, 2).sum()", "torch.gt(u, 128)")
''')

P('where_scalar_dtypes', _SHOW + '''
c = torch.tensor([True, False, True]); i = torch.tensor([1, 2, 3]); f16 = torch.tensor([1., 2., 3.], dtype=torch.float16)
show("torch.where(c, 0, i)", "torch.where(c, 0.5, i)", "torch.where(c, 1.5, f16).dtype", "torch.where(c, 1, 2)",
     "torch.where(c, 1.0, 2)", "torch.where(c, i, torch.tensor(2.5, dtype=torch.float64))",
     "torch.where(c, f16, torch.tensor([0.], dtype=torch.float32)).dtype", "torch.where(c, True, False)",
     "torch.where(c, i, torch.tensor([True]))", "torch.where(i > 1, i, -i)", "torch.where(torch.tensor([[1, 0], [0, 2]]))",
     "torch.where(i, 1, 0)", "i.where(c, 9)", "torch.where(c)")
''')

# ---- masked / indexed writes and reductions --------------------------------------------------
P('masked_fill_index_put_accumulate', _SHOW + '''
x = torch.arange(6.).reshape(2, 3)
show("x.masked_fill(x > 2, -1)", "x.masked_fill(torch.tensor([True, False, True]), 9.)",
     "x.masked_fill(x > 2, torch.tensor(7))", "torch.arange(3).masked_fill(torch.tensor([True, False, False]), 2.5)",
     "x.masked_fill(x > 2, torch.tensor([1., 2.]))")
y = torch.zeros(5)
y.index_put_((torch.tensor([0, 1, 1, 4]),), torch.tensor([1., 2., 3., 4.]), accumulate=True); print(y)
y.index_put_((torch.tensor([2, 2]),), torch.tensor(5.), accumulate=True); print(y)
z = torch.zeros(2, 3, dtype=torch.long)
z.index_put_((torch.tensor([0, 0, 1]), torch.tensor([1, 1, 2])), torch.tensor([1, 2, 3]), accumulate=True); print(z)
z.index_put_((torch.tensor([True, False]),), torch.tensor(7)); print(z)
show("z.index_put((torch.tensor([0]),), torch.tensor([1.5, 2, 3]))", "z.index_put((torch.tensor([3]),), torch.tensor(1))")
''')

P('index_add_copy_fill', _SHOW + '''
x = torch.zeros(3, 2)
print(x.index_add(0, torch.tensor([0, 2, 0]), torch.ones(3, 2)))
print(x.index_add(1, torch.tensor([1, 1]), torch.arange(6.).reshape(3, 2), alpha=2))
print(torch.arange(4).index_add(0, torch.tensor([1, 1]), torch.tensor([10, 20])))
print(x.index_copy(0, torch.tensor([2, 0]), torch.tensor([[1., 2.], [3., 4.]])))
print(x.index_fill(1, torch.tensor([0]), -1.5), torch.arange(3).index_fill(0, torch.tensor([1]), 7))
show("x.index_add(0, torch.tensor([3]), torch.ones(1, 2))", "x.index_add(0, torch.tensor([0.]), torch.ones(1, 2))",
     "x.index_add(0, torch.tensor([0]), torch.ones(1, 3))", "x.index_add(0, torch.tensor([0]), torch.ones(1, 2, dtype=torch.long))")
''')

P('scatter_reduce_modes', '''
src = torch.tensor([1., 2., 3., 4., 5., 6.]); idx = torch.tensor([0, 1, 0, 1, 2, 1])
for red in ['sum', 'prod', 'mean', 'amax', 'amin']:
    for inc in [True, False]:
        base = torch.tensor([10., -1., 0., 2.])
        print(red, inc, base.scatter_reduce(0, idx, src, reduce=red, include_self=inc))
i = torch.tensor([5, 1, 3, 0])
print(i.scatter_reduce(0, idx[:4], torch.tensor([1, 2, 4, 7]), 'mean'))
print(i.scatter_reduce(0, idx[:4], torch.tensor([1, 2, 4, 7]), 'mean', include_self=False))
x2 = torch.zeros(2, 3)
print(x2.scatter_reduce(1, torch.tensor([[0, 0], [2, 1]]), torch.tensor([[1., 2.], [3., 4.]]), 'amax', include_self=False))
print(x2.scatter_add(1, torch.tensor([[0, 0], [2, 1]]), torch.tensor([[1., 2.], [3., 4.]])))
print(torch.zeros(3).scatter(0, torch.tensor([1, 2]), 5.0, reduce='add'))
try: base.scatter_reduce(0, idx, src, reduce='max')
except Exception as e: print(type(e).__name__, str(e).split(chr(10))[0])
''')

P('bincount_histc', _SHOW + '''
v = torch.tensor([0, 1, 1, 3, 3, 3])
show("torch.bincount(v)", "torch.bincount(v, minlength=6)", "torch.bincount(v, minlength=2)",
     "torch.bincount(v, weights=torch.tensor([0.5, 1, 1, 2, 2, 2]))",
     "torch.bincount(v, weights=torch.tensor([1, 2, 3, 4, 5, 6]))",
     "torch.bincount(v, weights=torch.tensor([1, 2, 3, 4, 5, 6], dtype=torch.float64)).dtype",
     "torch.bincount(torch.tensor([], dtype=torch.long))", "torch.bincount(torch.tensor([], dtype=torch.long), minlength=3)",
     "torch.bincount(torch.tensor([-1, 2]))", "torch.bincount(torch.tensor([1., 2.]))", "torch.bincount(v.reshape(2, 3))",
     "torch.histc(torch.tensor([1., 2, 1, 4]), bins=4, min=0, max=3)", "torch.histc(torch.tensor([1., 2, 1]), bins=3)",
     "torch.histc(torch.tensor([2., 2.]), bins=2)", "torch.histc(torch.tensor([0.5, 1.5, 9.]), bins=2, min=0, max=2)",
     "torch.histc(torch.tensor([1, 2]), bins=2)", "torch.histc(torch.tensor([1., 2]), bins=2, min=3, max=1)",
     "torch.histogram(torch.tensor([1., 2, 1]), bins=2)")
''')

P('unique_consecutive_and_unique', _SHOW + '''
x = torch.tensor([1, 1, 2, 2, 3, 1, 1, 2])
show("torch.unique_consecutive(x)", "torch.unique_consecutive(x, return_counts=True)",
     "torch.unique_consecutive(x, return_inverse=True, return_counts=True)",
     "torch.unique_consecutive(torch.tensor([[1, 1], [1, 1], [2, 3]]), dim=0)",
     "torch.unique_consecutive(torch.tensor([[1, 1], [1, 1], [2, 3]]), return_counts=True, dim=0)",
     "torch.unique(x, return_inverse=True, return_counts=True)", "torch.unique(x, sorted=True, return_inverse=True)",
     "torch.unique(torch.tensor([[2, 1], [2, 1], [0, 5]]), dim=0, return_counts=True)",
     "torch.unique(torch.tensor([]))", "torch.unique_consecutive(torch.tensor([], dtype=torch.long), return_counts=True)",
     "torch.tensor([2., float('nan'), 2.]).unique()", "torch.tensor([True, False, True]).unique(return_counts=True)")
''')

P('cummax_cummin_logcumsumexp', _SHOW + '''
x = torch.tensor([1., 3., 2., 5., 4.]); m = torch.tensor([[1, 4], [3, 2], [2, 5]])
show("torch.cummax(x, 0)", "torch.cummin(x, dim=0)", "m.cummax(0)", "m.cummin(1)", "torch.logcumsumexp(x, 0)",
     "torch.logcumsumexp(torch.tensor([-float('inf'), 0., float('inf')]), 0)",
     "torch.logcumsumexp(m, 0)", "torch.cumprod(m, 0)", "torch.cumsum(m, 1, dtype=torch.float32)",
     "torch.cumsum(torch.tensor([True, True, False]), 0)", "torch.cumsum(torch.tensor([1, 2], dtype=torch.int8), 0).dtype",
     "torch.cummax(torch.tensor([1., float('nan'), 0.]), 0)", "torch.cummax(torch.tensor(3.), 0)",
     "torch.cummin(torch.tensor([], dtype=torch.long), 0)", "x.cumsum(dim=-1).flip(0)")
''')

P('diff_searchsorted_bucketize', _SHOW + '''
x = torch.tensor([1, 4, 9, 16]); s = torch.tensor([1., 3., 3., 5., 7.])
show("torch.diff(x)", "torch.diff(x, n=2)", "torch.diff(x, prepend=torch.tensor([0]))",
     "torch.diff(x, append=torch.tensor([20, 30]), n=2)", "torch.diff(torch.tensor([[1, 2], [4, 8]]), dim=0)",
     "torch.diff(torch.tensor([True, False, False]))", "torch.diff(x, n=5)",
     "torch.searchsorted(s, torch.tensor([3., 4., 0., 9.]))", "torch.searchsorted(s, torch.tensor([3., 4., 0., 9.]), right=True)",
     "torch.searchsorted(s, torch.tensor([3., 7.]), side='right')", "torch.searchsorted(s, 3.0)",
     "torch.searchsorted(s, torch.tensor([3.]), out_int32=True)",
     "torch.searchsorted(torch.tensor([[1, 3], [2, 4]]), torch.tensor([[2], [3]]))",
     "torch.searchsorted(torch.tensor([5., 1., 3.]), torch.tensor([2.]), sorter=torch.tensor([1, 2, 0]))",
     "torch.searchsorted(s, torch.tensor([3.]), side='left', right=True)",
     "torch.bucketize(torch.tensor([3., 4., 7.5]), s)", "torch.bucketize(torch.tensor([3., 4., 7.5]), s, right=True)",
     "torch.bucketize(5, torch.tensor([1, 5, 9]))", "torch.bucketize(torch.tensor([[1, 5], [6, 0]]), torch.tensor([1, 5, 9]), right=True)")
''')

P('einsum_variants', _SHOW + '''
a = torch.arange(9.).reshape(3, 3); b = torch.arange(6.).reshape(3, 2)
bt = torch.arange(12.).reshape(2, 3, 2); v = torch.tensor([1., 2., 3.])
show("torch.einsum('ii', a)", "torch.einsum('ii->i', a)", "torch.einsum('ij->', a)", "torch.einsum('ij,jk->ik', a, b)",
     "torch.einsum('bij,bjk->bik', bt.transpose(1, 2), bt)", "torch.einsum('...ij->...ji', bt).shape",
     "torch.einsum('b...,b...->b', bt, bt)", "torch.einsum('i,j->ij', v, v)", "torch.einsum('i,i', v, v)",
     "torch.einsum('ij,j', a, v)", "torch.einsum(a, [0, 1], v, [1], [0])", "torch.einsum('i j -> j i', b)",
     "torch.einsum('ij,jk', [a, b])", "torch.einsum('iij->j', torch.arange(8.).reshape(2, 2, 2))",
     "torch.einsum('ij,jk->ik', a, v)", "torch.einsum('ij->k', a)", "torch.einsum('i,i->i', torch.tensor([1, 2]), torch.tensor([3, 4]))",
     "torch.einsum('i,i->i', v[:2], torch.tensor([3, 4]))")
''')

# ---- linalg on small matrices ------------------------------------------------------------------
P('linalg_norms', _SHOW + '''
A = torch.tensor([[1., -2.], [3., 4.]]); v = torch.tensor([3., -4., 0.])
r = lambda t: torch.round(t, decimals=4)
show("r(torch.linalg.norm(A))", "r(torch.linalg.norm(A, 'fro'))", "r(torch.linalg.norm(A, 'nuc'))",
     "r(torch.linalg.norm(A, 1))", "r(torch.linalg.norm(A, -1))", "r(torch.linalg.norm(A, float('inf')))",
     "r(torch.linalg.norm(A, 2))", "r(torch.linalg.norm(A, -2))", "r(torch.linalg.norm(v))", "r(torch.linalg.norm(v, 1))",
     "r(torch.linalg.norm(v, 0))", "r(torch.linalg.norm(v, float('-inf')))", "r(torch.linalg.vector_norm(A))",
     "r(torch.linalg.vector_norm(A, 3, dim=1))", "r(torch.linalg.vector_norm(A, 0.5, dim=(0, 1), keepdim=True))",
     "r(torch.linalg.matrix_norm(A, ord=1))", "r(torch.norm(A, p='nuc'))", "r(A.norm(dim=1))", "r(torch.norm(v, p=3))",
     "torch.linalg.norm(v, 'fro')", "torch.linalg.norm(A, 3)", "torch.linalg.vector_norm(torch.tensor([1, 2]))",
     "torch.linalg.norm(torch.tensor([1., 2.]), dtype=torch.float64)")
''')

P('linalg_rank_pinv_lstsq', _SHOW + '''
A = torch.tensor([[1., 2.], [2., 4.], [0., 1.]]); S = torch.tensor([[1., 2.], [2., 4.]])
r = lambda t: torch.round(t, decimals=4) + 0.0
show("torch.linalg.matrix_rank(A)", "torch.linalg.matrix_rank(S)", "torch.linalg.matrix_rank(torch.eye(3))",
     "torch.linalg.matrix_rank(S, hermitian=True)", "torch.linalg.matrix_rank(torch.zeros(2, 2))",
     "r(torch.linalg.pinv(S))", "r(torch.linalg.pinv(A))", "r(torch.pinverse(torch.tensor([[2., 0.], [0., 0.]])))",
     "r(torch.linalg.lstsq(A, torch.tensor([[1.], [2.], [3.]])).solution)",
     "r(torch.linalg.lstsq(A, torch.tensor([1., 2., 3.])).solution)", "torch.linalg.lstsq(A, torch.tensor([1., 2., 3.])).residuals",
     "torch.linalg.lstsq(A, torch.tensor([[1.], [2.], [3.]])).rank",
     "r(torch.linalg.solve(torch.tensor([[3., 1.], [1., 2.]]), torch.tensor([9., 8.])))",
     "torch.linalg.solve(S, torch.tensor([1., 2.]))", "torch.linalg.inv(S)", "r(torch.linalg.inv(torch.tensor([[4., 7.], [2., 6.]])))")
''')

P('linalg_qr_eigh_svd', _SHOW + '''
A = torch.tensor([[2., 1.], [1., 3.], [0., 1.]]); H = torch.tensor([[2., 1.], [1., 2.]])
r = lambda t: torch.round(t, decimals=4) + 0.0
q, rr = torch.linalg.qr(A); print(q.shape, rr.shape, r(q @ rr), r(rr.abs()))
q, rr = torch.linalg.qr(A, mode='complete'); print(q.shape, rr.shape, r(q @ rr))
q, rr = torch.linalg.qr(A, mode='r'); print(q, r(rr.abs()))
w, V = torch.linalg.eigh(H); print(r(w), r(V.abs()), r(V @ torch.diag(w) @ V.T))
print(r(torch.linalg.eigvalsh(H)), r(torch.linalg.eigvalsh(torch.tensor([[1., 5.], [0., 1.]]), UPLO='U')))
U, Sv, Vh = torch.linalg.svd(A, full_matrices=False); print(U.shape, Sv.shape, Vh.shape, r(Sv), r(U @ torch.diag(Sv) @ Vh))
U, Sv, Vh = torch.linalg.svd(A); print(U.shape, Vh.shape)
print(r(torch.linalg.svdvals(A)), r(torch.svd(A).S), torch.svd(A).V.shape)
show("torch.linalg.qr(A, mode='x')", "torch.linalg.eigh(A)", "torch.linalg.eigvalsh(A)")
''')

P('linalg_cholesky_slogdet_cond_power', _SHOW + '''
H = torch.tensor([[4., 2.], [2., 3.]]); N = torch.tensor([[1., 2.], [3., 4.]])
r = lambda t: torch.round(t, decimals=4) + 0.0
show("r(torch.linalg.cholesky(H, upper=True))",
     "torch.linalg.cholesky(N)", "torch.linalg.cholesky_ex(N).info", "r(torch.cholesky_solve(torch.tensor([[1.], [2.]]), torch.linalg.cholesky(H)))",
     "torch.linalg.slogdet(N)", "torch.slogdet(-torch.eye(2))", "torch.linalg.slogdet(torch.zeros(2, 2))", "torch.logdet(N)",
     "r(torch.linalg.det(N))", "torch.linalg.matrix_power(N, 3)", "torch.linalg.matrix_power(N, 0)", "r(torch.linalg.matrix_power(N, -1))",
     "torch.matrix_power(torch.tensor([[1, 1], [1, 0]]), 10)", "torch.linalg.matrix_power(torch.tensor([[1, 1], [1, 0]]), -1)",
     "torch.linalg.matrix_power(torch.ones(2, 3), 2)", "torch.linalg.det(torch.ones(2, 3))")
''')

# ---- statistics --------------------------------------------------------------------------------
P('std_var_correction', _SHOW + '''
x = torch.tensor([[1., 2., 4.], [3., 5., 9.]]); one = torch.tensor([7.])
show("x.std()", "x.var(0)", "x.std(1, correction=0)", "x.var(1, correction=2)", "x.var(dim=1, unbiased=False)",
     "torch.std(x, dim=None, correction=3)", "torch.var_mean(x, 1)", "torch.std_mean(x, dim=0, correction=0)",
     "one.std()", "one.var(correction=0)", "torch.var_mean(one)", "x.std(1, correction=3)", "x.var(1, correction=4)",
     "torch.tensor([]).var()", "torch.tensor([1, 2, 3]).var()", "torch.tensor([1, 2]).float().std(keepdim=True, dim=0)",
     "x.var(1, keepdim=True, correction=1.5)")
''')

P('median_quantile_modes', _SHOW + '''
x = torch.tensor([3., 1., 4., 2.]); m = torch.tensor([[3., 1., 2.], [6., 5., 4.]])
show("x.median()", "torch.median(m, 1)", "torch.median(m, dim=0, keepdim=True)", "x.nanmedian()",
     "torch.tensor([1., float('nan'), 3.]).median()", "torch.tensor([1., float('nan'), 3.]).nanmedian()",
     "torch.tensor([5, 3, 9, 1]).median()")
for mode in ['linear', 'lower', 'higher', 'midpoint', 'nearest']:
    print(mode, torch.quantile(x, torch.tensor([0.1, 0.5, 0.75]), interpolation=mode))
print(torch.quantile(m, 0.4, dim=1, interpolation='nearest'))
show("torch.quantile(x, 0.5)", "torch.quantile(m, 0.5, dim=0, keepdim=True)", "torch.quantile(x, 1.5)",
     "torch.quantile(x.long(), 0.5)", "torch.quantile(x, torch.tensor([0.5]), interpolation='bogus')",
     "torch.nanquantile(torch.tensor([1., float('nan'), 3.]), 0.5)", "torch.quantile(torch.tensor([1., float('nan'), 3.]), 0.5)",
     "x.quantile(torch.tensor([[0.5]]))")
''')

P('nanmean_nansum_clamp', _SHOW + '''
x = torch.tensor([[1., float('nan'), 3.], [float('nan'), float('nan'), 2.]])
show("x.nanmean()", "x.nanmean(1)", "x.nanmean(0)", "x.nansum()", "x.nansum(dim=1, keepdim=True)", "x.mean()",
     "torch.tensor([1, 2]).nansum()", "torch.tensor([1, 2]).nanmean()", "torch.nan_to_num(x, nan=-1.)",
     "torch.nan_to_num(torch.tensor([float('inf'), -float('inf')]))",
     "torch.clamp(torch.arange(5.), min=3, max=1)", "torch.arange(5).clamp(4, 2)", "torch.arange(5).clamp(max=2.5)",
     "torch.arange(5.).clamp(min=torch.tensor([1., 2, 3, 4, 5]), max=torch.tensor(2.))", "torch.clamp(torch.arange(3))",
     "torch.tensor([float('nan'), 1.]).clamp(0, 0.5)", "torch.arange(4).clip(1, 2)", "torch.arange(3, dtype=torch.uint8).clamp(-1, 1)")
''')

# ---- rounding and signs ------------------------------------------------------------------------
P('round_half_even_decimals_sign', _SHOW + '''
x = torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.675])
show("torch.round(x)", "torch.round(x, decimals=1)", "torch.round(torch.tensor([1234.5678]), decimals=-2)",
     "torch.round(torch.tensor([0.125, 0.375]), decimals=2)", "torch.round(torch.tensor([1, 25]), decimals=-1)",
     "torch.round(torch.tensor([7, 8]))", "x.trunc()", "x.floor()", "x.ceil()", "x.frac()", "x.fix()",
     "torch.sign(torch.tensor([-0.0, 0.0, -2., float('nan')]))", "torch.sgn(torch.tensor([-0.0, 3.]))",
     "torch.signbit(torch.tensor([-0.0, 0.0, -1.]))", "torch.sign(torch.tensor([-3, 0, 2]))", "torch.sign(torch.tensor([True, False]))",
     "torch.copysign(torch.tensor([1., 2.]), torch.tensor([-0.0, 0.0]))", "torch.tensor([-0.0]) * 1", "torch.tensor(-0.0)",
     "torch.round(torch.tensor([0.5, 1.5], dtype=torch.float16))", "torch.round(torch.tensor([2.5]), decimals=0)",
     "-torch.tensor([0., 1.])", "torch.abs(torch.tensor([-0.0]))", "torch.tensor([-0.0]).tolist()")
''')

# ---- printing ------------------------------------------------------------------------------------
P('print_large_small_magnitudes', '''
print(torch.tensor([1e-10, 1.0, 1e10]))
print(torch.tensor([1e-5, 1e-4]))
print(torch.tensor([123456789., 1.]))
print(torch.tensor([1e8, 1.5]))
print(torch.tensor([0.0001, 1000.]))
print(torch.tensor([1e-20]))
print(torch.tensor([3.4e38, -3.4e38]))
print(torch.tensor([float('inf'), 1e-8, float('nan')]))
print(torch.tensor([1e16, 2.0], dtype=torch.float64))
print(torch.tensor([1.123456789, 1e-3], dtype=torch.float64))
print(torch.tensor([[1e-3, 2e5], [3., 4.]]))
print(torch.tensor([100., 200.5]), torch.tensor([1000., 2000.]), torch.tensor([1e3, 1e-3]))
print(torch.tensor(1e10), torch.tensor(1e-10), torch.tensor(123.456), torch.tensor(-0.001))
print(torch.tensor([65504., 0.001], dtype=torch.float16), torch.tensor([1e30, 1.], dtype=torch.bfloat16))
''')

P('print_ints_bools_empty_zero_dim', '''
print(torch.tensor([2**62, -2**63, 5]))
print(torch.tensor([2**31, 1], dtype=torch.int64), torch.tensor([-128, 127], dtype=torch.int8))
print(torch.tensor([[1000000, 2], [3, -40]]))
print(torch.tensor([True, False]), torch.tensor(True), torch.tensor([[True], [False]]))
print(torch.tensor([]), torch.tensor([], dtype=torch.long), torch.zeros(0, 3), torch.zeros(2, 0, dtype=torch.int32))
print(torch.ones(0, dtype=torch.bool), torch.zeros(1, 0, 2, dtype=torch.float64), torch.zeros(0, 2, requires_grad=True))
print(torch.tensor(5), torch.tensor(-2.5), torch.tensor(3, dtype=torch.uint8), torch.tensor(1.5, dtype=torch.float16))
print(repr(torch.tensor(7, dtype=torch.int16)), str(torch.tensor([1], dtype=torch.int32)))
print(torch.arange(12).reshape(2, 2, 3))
print(torch.zeros(3, 1, 1))
print(torch.tensor([[[]]]))
''')

P('printoptions_restored', '''
x = torch.tensor([3.14159265, 0.000123456, 12345.678])
torch.set_printoptions(precision=2, sci_mode=False)
print(x, torch.tensor([1e-8, 1.]))
torch.set_printoptions(linewidth=40)
print(torch.arange(20.) / 7)
torch.set_printoptions(threshold=5, edgeitems=2)
print(torch.arange(10), torch.arange(12.).reshape(3, 4))
torch.set_printoptions(sci_mode=True)
print(torch.tensor([1.5, 2.]))
torch.set_printoptions(profile='default')
print(x, torch.arange(20.) / 7)
torch.set_printoptions(precision=6)
print(x)
torch.set_printoptions(profile='short')
print(x)
torch.set_printoptions(profile='default', sci_mode=None)
print(x, torch.tensor([1e-8, 1.]))
''')

P('repr_grad_fn_requires_grad', '''
a = torch.tensor([1., 2.], requires_grad=True)
print(a, repr(a * 2), a.sum(), (a ** 2).mean())
print(a[0], a.detach(), a.view(2, 1), a.double(), a.to(torch.float16) + 1)
b = torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)
print(b + 1, b.max(), torch.max(b, 0))
with torch.no_grad():
    print(a * 2)
c = a.clone(); print(c); c.retain_grad(); c.sum().backward(); print(c.grad, a.grad)
print(torch.zeros(2, requires_grad=True).unsqueeze(0).expand(2, 2))
print(str(a.relu()), str(a.exp()))
print(torch.tensor(3., requires_grad=True) * 2, nn.Parameter(torch.tensor([1.])))
''')

P('torch_size_ops', '''
s = torch.Size([2, 3, 4])
print(s, repr(s), str(s), s.numel(), len(s), s[1], s[-1], s[1:], s[::-1], type(s[1:]).__name__)
print(s + (5,), type(s + (5,)).__name__, (1,) + s, type((1,) + s).__name__, s * 2, type(s * 2).__name__)
print(s == (2, 3, 4), s == [2, 3, 4], s == torch.Size([2, 3, 4]), hash(s) == hash((2, 3, 4)), s.index(3), s.count(2))
print(torch.Size(), torch.Size([]).numel(), torch.zeros(()).shape, torch.zeros(0, 2).shape.numel())
print(list(s), tuple(s), [*s], max(s), sum(s), torch.Size([torch.tensor(3), 2]))
print(torch.zeros(s).size(), torch.ones(2, 3).size(1), torch.ones(2, 3).size(-2), torch.ones(2, 3).shape[-1])
a, *rest = s; print(a, rest)
try: torch.Size([1.5])
except TypeError as e: print(e)
try: torch.ones(2).size(1)
except IndexError as e: print(e)
''')

# ---- conversions -------------------------------------------------------------------------------
P('tolist_item_numpy_dtypes', '''
print(torch.tensor([0.1, 1/3], dtype=torch.float16).tolist(), torch.tensor([0.1], dtype=torch.bfloat16).tolist())
print(torch.tensor([True, False]).tolist(), torch.tensor(True).tolist(), torch.tensor([[1, 2]], dtype=torch.uint8).tolist())
print(torch.tensor(2**63 - 1).item(), torch.tensor(-2**63).item(), type(torch.tensor(5).item()).__name__)
print(torch.tensor(0.1).item(), torch.tensor(0.1, dtype=torch.float64).item(), torch.tensor(True).item())
print(torch.tensor([1e-45]).tolist(), torch.tensor(float('inf')).item(), torch.tensor([-0.0]).item())
for dt in [torch.float32, torch.float64, torch.float16, torch.int8, torch.uint8, torch.int16, torch.int32, torch.int64, torch.bool]:
    a = torch.zeros(2, dtype=dt).numpy(); print(dt, a.dtype, a)
print(torch.tensor(3.5).numpy(), torch.tensor(3.5).numpy().shape, torch.arange(6).reshape(2, 3).T.numpy())
try: torch.tensor([1.], dtype=torch.bfloat16).numpy()
except TypeError as e: print(e)
try: torch.tensor([1., 2.]).item()
except RuntimeError as e: print(e)
try: torch.tensor([1.], requires_grad=True).numpy()
except RuntimeError as e: print(e)
print(int(torch.tensor([7.9])), float(torch.tensor(2)), bool(torch.tensor([0.])), complex(torch.tensor(1.5)))
print(torch.tensor(3).__index__(), [10, 20, 30][torch.tensor(1)])
''')

P('int_tensors_big_values', _SHOW + '''
big = torch.tensor([2**62, 2**40 + 1]); i32 = torch.tensor([2**31 - 1], dtype=torch.int32)
show("big * 2", "big + big", "big // 3", "big.sum()", "big.float()", "big.double()", "big.max()",
     "i32 + 1", "i32 * 2", "(i32 + 1).dtype", "i32.sum().dtype", "i32.sum()", "torch.tensor([2**63 - 1]) + 1",
     "torch.tensor([200], dtype=torch.uint8) + torch.tensor([100], dtype=torch.uint8)",
     "torch.tensor([1, 2], dtype=torch.int16).prod().dtype", "torch.tensor([2**62]).float().long()",
     "torch.tensor([3e9]).int()", "torch.tensor([-1]).to(torch.uint8)", "torch.tensor([300]).to(torch.int8)",
     "torch.tensor(2**64)", "torch.tensor([1], dtype=torch.int32) + 2**40", "torch.iinfo(torch.int32)",
     "torch.arange(2**40, 2**40 + 3)", "torch.tensor([2**53 + 1]).double().long()", "big.mean()")
''')

P('empty_tensor_reductions', _SHOW + '''
e = torch.zeros(0); e2 = torch.zeros(0, 3); el = torch.zeros(0, dtype=torch.long)
show("e.sum()", "e.prod()", "e.mean()", "e2.sum(0)", "e2.sum(1)", "e2.mean(0)", "e.max()", "e2.max(1)",
     "e2.amax(1)", "e2.amax(0)", "e.argmax()", "el.sum()", "el.sum().dtype", "e.any()", "e.all()", "e.std()",
     "e.norm()", "e.logsumexp(0)", "e.cumsum(0)", "e2.min(dim=0)", "e.median()", "e.sort()", "torch.cat([e, torch.ones(2)])",
     "torch.stack([e, e])", "e2.T.shape", "e2 @ torch.ones(3, 2)", "torch.ones(2, 0) @ torch.ones(0, 3)", "e.view(0, 5, 0).shape",
     "e.reshape(-1, 0)", "e2.reshape(3, -1).shape")
''')

P('zero_dim_tensor_behaviour', _SHOW + '''
s = torch.tensor(2.5); si = torch.tensor(3)
show("s.shape", "s.dim()", "s.numel()", "s[()]", "s[None]", "s[...]", "s.view(1)", "s.reshape(1, 1)", "s.unsqueeze(0)",
     "s.squeeze()", "s.flatten()", "s.sum(0)", "s.sum(-1)", "s.max(0)", "s.argmax()", "s.softmax(0)", "s.cumsum(0)",
     "s.T", "s.t()", "s.expand(2)", "s[0]", "len(s)", "list(s)", "s.tolist()", "si * 2",
     "torch.stack([s, s])", "torch.cat([s, s])", "s.transpose(0, 0)", "s.item() + si.item()", "range(si)", "hex(si)",
     "s.topk(1)", "s.sort()", "s.unbind()", "si.unique()")
''')

P('misc_elementwise_dtypes', _SHOW + '''
i = torch.tensor([1, 4, 9])
show("torch.sqrt(i)", "torch.exp(torch.tensor([0, 1], dtype=torch.uint8))", "torch.sigmoid(i).dtype", "i.mean()",
     "i.float().mean()", "torch.true_divide(i, 2)", "torch.abs(torch.tensor([-128], dtype=torch.int8))",
     "torch.log(torch.tensor([True, False]))", "torch.sin(torch.tensor([1], dtype=torch.float16)).dtype",
     "torch.atan2(i, torch.tensor(2))", "torch.hypot(torch.tensor([3.]), torch.tensor([4.]))", "torch.lerp(i.float(), torch.zeros(3), 0.5)",
     "torch.bitwise_and(i, 5)", "i << 2", "i >> 1", "torch.tensor([-8]) >> 1", "i ^ True", "torch.logical_and(i, torch.tensor([0., 1., 2.]))",
     "torch.logical_not(i).dtype", "torch.gcd(i, torch.tensor([6, 6, 6]))", "torch.lcm(i, torch.tensor(6))",
     "torch.square(torch.tensor([True]))", "torch.neg(torch.tensor([True]))", "torch.reciprocal(i)", "torch.rsqrt(i)", "torch.erf(i)",
     "torch.mul(i, 0.5)", "torch.add(i, 2, alpha=3)", "torch.add(i, 2, alpha=0.5)", "torch.sub(i, i, alpha=2)", "torch.rsub(i, 10)",
     "torch.addcmul(i.float(), i.float(), i.float(), value=2)", "torch.addcdiv(torch.ones(1), torch.ones(1), torch.tensor([2.]), value=3)")
''')

P('min_max_arg_variants', _SHOW + '''
x = torch.tensor([[3., 7., 1.], [5., 2., 8.]])
show("x.max()", "x.max(1)", "x.max(dim=0, keepdim=True)", "x.min(1).indices", "torch.max(x, torch.tensor([4., 4., 4.]))",
     "x.argmax()", "x.argmin(1, keepdim=True)", "x.aminmax()", "torch.aminmax(x, dim=1)", "x.amax((0, 1))",
     "torch.tensor([1., float('nan'), 3.]).max()", "torch.tensor([1., float('nan'), 3.]).argmax()",
     "torch.tensor([1., float('nan'), 3.]).amin()", "torch.fmax(torch.tensor([1., float('nan')]), torch.tensor([float('nan'), 0.]))",
     "torch.tensor([True, False]).max()", "torch.tensor([2, 9, 4]).max(0)", "x.max(2)", "torch.max(x, 1, True).values",
     "x.topk(2, dim=1)", "x.topk(2, largest=False, sorted=True)", "x.kthvalue(2, 1)", "x.msort()", "x.sort(descending=True, dim=0)")
''')

P('logsumexp_softmax_dtypes', _SHOW + '''
x = torch.tensor([[1., 2., 3.], [-1., 0., 1000.]])
show("x.logsumexp(1)", "torch.logsumexp(x, dim=0, keepdim=True)", "torch.tensor([-float('inf'), -float('inf')]).logsumexp(0)",
     "torch.logsumexp(torch.tensor([1, 2]), 0)", "torch.softmax(torch.round(x[0]), 0).sum()", "torch.log_softmax(x, 1)",
     "x.softmax(dim=1, dtype=torch.float64).dtype", "torch.softmax(torch.tensor([1, 2]), 0)",
     "torch.special.logit(torch.tensor([0.25, 0.5]))", "torch.special.expm1(torch.tensor([1e-10]))", "torch.log1p(torch.tensor([1e-10]))",
     "torch.special.xlogy(torch.tensor([0., 2.]), torch.tensor([0., 3.]))", "torch.special.entr(torch.tensor([0., 0.5, -1.]))",
     "torch.special.sinc(torch.tensor([0., 0.5]))", "torch.special.log_ndtr(torch.tensor([0.]))")
''')

# ---- regressions found while writing this area --------------------------------------------------
P('einsum_mixed_dtypes_and_grad_fns', _SHOW + '''
v = torch.tensor([1., 2.]); l = torch.tensor([3, 4]); a = torch.ones(2, 2); al = torch.ones(2, 2, dtype=torch.long)
show("torch.einsum('i,i->i', v, l)", "torch.einsum('i,j->ij', v, l)", "torch.einsum('ij,j->ij', a, l)", "torch.einsum('ij,j->j', a, l)",
     "torch.einsum('i,i->', v, l)", "torch.einsum('ij,jk', al, a)", "torch.einsum('ij,i->j', a, l)", "torch.einsum('i,i->i', l, torch.tensor([True, False]))",
     "torch.einsum('i,i->i', v, v.double())", "torch.einsum('i,->i', l, torch.tensor(2.5, dtype=torch.float64))")
w = torch.ones(2, requires_grad=True); m = torch.ones(2, 2, requires_grad=True)
for eq, ops in [('i,i->i', (w, w)), ('i,j->ij', (w, w)), ('i,i->', (w, w)), ('ii', (m,)), ('ii->i', (m,)), ('ij->ji', (m,)),
                ('ij->i', (m,)), ('ij,j->j', (m, w)), ('i,i,i->i', (w, w, w)), ('i->i', (w,))]:
    print(eq, torch.einsum(eq, *ops).grad_fn.name())
y = torch.einsum('i,i->i', w, l); y.sum().backward(); print(y, w.grad)
''')

P('linalg_cond_orders_and_edge_cases', _SHOW + '''
N = torch.tensor([[1., 2.], [3., 4.]]); S = torch.tensor([[1., 2.], [2., 4.]]); Z = torch.zeros(2, 2)
r = lambda t: torch.round(t, decimals=3) + 0.0
for p in [1, 'fro', 'nuc', -2, None]:
    print(p, r(torch.linalg.cond(N, p)), torch.linalg.cond(Z, p), torch.linalg.cond(torch.zeros(0, 0), p))
print(torch.linalg.cond(torch.stack([torch.eye(2), Z]), 1), torch.linalg.cond(torch.stack([torch.eye(2), Z])))
print(torch.linalg.cond(S, 'fro'), torch.linalg.cond(torch.zeros(2, 0, 0), 'nuc'))
print(torch.linalg.cond(N.requires_grad_(), 'fro').grad_fn.name(), torch.linalg.cond(N, 2).grad_fn.name())
show("torch.linalg.cond(torch.ones(2, 3), 1)", "torch.linalg.cond(torch.ones(2, 3), 'abc')", "torch.linalg.cond(torch.ones(2), 'abc')",
     "torch.linalg.cond(torch.ones(2), 3)", "torch.linalg.cond(torch.ones(2), 1)", "torch.linalg.cond(torch.ones(2, 2), 3)",
     "torch.linalg.cond(torch.ones(2, 2), 'abc')", "torch.linalg.cond(torch.ones(2, 2, dtype=torch.long), 1)",
     "torch.linalg.cond(torch.ones(2, 2, dtype=torch.long), 'nuc')", "torch.linalg.cond(torch.ones(2, 2, dtype=torch.float16), 'fro')",
     "torch.linalg.cond(torch.ones(2, 2, dtype=torch.float16))", "torch.linalg.cond(torch.ones(2, 3))")
''')

P('zero_dim_dim_errors', _SHOW + '''
s = torch.tensor(2.5, requires_grad=True)
show("s.unbind()", "s.unbind(-1)", "s.unbind(1)", "s.narrow(0, 0, 1)", "s.narrow(5, 0, 1)", "s.chunk(1)", "s.chunk(0)", "s.split(1)",
     "s.split([1, 2], 5)", "torch.split(s, -1)", "s.tensor_split(2)", "s.tensor_split(torch.tensor([1.]))", "s.unflatten(0, (1,))",
     "s.unflatten(5, (1,))", "s.unflatten(0, ())", "s.size(0)", "s.size(-1)", "s.stride(1)", "s.movedim(0, 0)", "s.moveaxis(-1, 0)",
     "s.movedim(1, 0)", "s.take_along_dim(torch.tensor(0), 0)", "s.take_along_dim(torch.tensor(0))", "s.detach().index_add(0, torch.tensor([0]), torch.tensor([1.]))",
     "s.detach().index_add(0, torch.tensor([0]), torch.tensor(1.), alpha=2)", "s.detach().index_copy(0, torch.tensor([0]), torch.tensor([1.]))",
     "torch.unsafe_chunk(s, 1)", "torch.narrow_copy(s, 0, 0, 1)", "s.hsplit(1)")
''')

P('keyword_only_stable_and_prod_dim', _SHOW + '''
x = torch.tensor([[1., 5., 2.], [4., 3., 6.]])
show("x.sort(1, stable=True)", "torch.sort(x, 1, stable=True)", "x.sort(stable=True, dim=1)", "x.sort(-1, descending=True, stable=True)",
     "x.argsort(1, stable=True)", "torch.argsort(x, stable=True, dim=0)", "x.argsort(stable=True)", "x.prod(keepdim=True)", "torch.prod(x, keepdim=True)",
     "x.prod(dim=None)", "torch.prod(x, None, True)", "x.prod(dtype=torch.float64, keepdim=False)", "x.prod(0, keepdim=True)", "x.prod(dim=1)",
     "x.prod(dtype=torch.float64)", "torch.prod(x)")
''')

P('lerp_ldexp_searchsorted_checks', _SHOW + '''
for a, b in [(torch.float32, torch.float64), (torch.float64, torch.float32), (torch.float16, torch.bfloat16), (torch.int64, torch.int32), (torch.uint8, torch.int8)]:
    show(f"torch.lerp(torch.ones(1, dtype={a}), torch.zeros(1, dtype={b}), 0.5)",
         f"torch.lerp(torch.ones(1, dtype={a}), torch.zeros(1, dtype={a}), torch.tensor([0.5], dtype={b}))")
for x in ["torch.tensor([True, False])", "torch.tensor([3, 1], dtype=torch.uint8)", "torch.tensor([3, 1])", "torch.tensor([3., 1.])"]:
    show(f"torch.ldexp({x}, torch.tensor([True, False]))", f"torch.ldexp({x}, torch.tensor([2, -1]))")
s = torch.tensor([1., 3., 5.])
show("torch.searchsorted(s, torch.tensor([2., 9.]), sorter=torch.tensor([0, 1, 5]))", "torch.searchsorted(s, torch.tensor([2., 9.]), sorter=torch.tensor([0, -1, 1]))",
     "torch.searchsorted(s, torch.tensor([2., 9.]), sorter=torch.tensor([2, 1, 0]))", "torch.searchsorted(s, torch.tensor([2.]), sorter=torch.tensor([0, 1]))",
     "torch.searchsorted(s, torch.tensor([2.]), sorter=torch.tensor([0, 1, 2], dtype=torch.int32))")
''')
