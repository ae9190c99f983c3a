"""Gradient parity cases, shared by the generator (real torch) and the test (jtorch).

Each case is (name, expression, [(input name, shape, kind)]). The expression is Python evaluated with `torch` bound
to the library under test and the inputs bound to tensors that require grad (float inputs) or
not (integer/bool inputs). The scalar loss is `(out * weight).sum()` with a fixed weight, so
every element's gradient is checked. Inputs: (shape, kind) with kind 'f' float64 in (-2, 2),
'p' positive float64 in (0.5, 2), 'u' float64 in (-0.9, 0.9), 'i' int64 indices in [0, 3),
'b' bool, 's' float32 in (-2, 2).
"""
import numpy as np

CASES = [
    ('add', 'a + b', [('a', (3, 4), 'f'), ('b', (4,), 'f')]),
    ('add_alpha', 'torch.add(a, b, alpha=2.5)', [('a', (3, 4), 'f'), ('b', (3, 1), 'f')]),
    ('sub', 'a - b', [('a', (2, 3), 'f'), ('b', (1, 3), 'f')]),
    ('rsub', '2.0 - a', [('a', (5,), 'f')]),
    ('mul', 'a * b', [('a', (3, 4), 'f'), ('b', (3, 4), 'f')]),
    ('mul_scalar', 'a * 3.0', [('a', (4,), 'f')]),
    ('div', 'a / b', [('a', (3, 4), 'f'), ('b', (4,), 'p')]),
    ('rdiv', '1.0 / b', [('b', (4,), 'p')]),
    ('pow_scalar', 'a ** 3', [('a', (4,), 'f')]),
    ('pow_tensor', 'b ** a', [('b', (4,), 'p'), ('a', (4,), 'f')]),
    ('rpow', '2.0 ** a', [('a', (4,), 'f')]),
    ('atan2', 'torch.atan2(a, b)', [('a', (5,), 'f'), ('b', (5,), 'p')]),
    ('maximum', 'torch.maximum(a, b)', [('a', (6,), 'f'), ('b', (6,), 'f')]),
    ('minimum', 'torch.minimum(a, b)', [('a', (6,), 'f'), ('b', (6,), 'f')]),
    ('hypot', 'torch.hypot(a, b)', [('a', (5,), 'f'), ('b', (5,), 'p')]),
    ('lerp', 'torch.lerp(a, b, 0.3)', [('a', (4,), 'f'), ('b', (4,), 'f')]),
    ('addcmul', 'torch.addcmul(a, b, c, value=0.5)', [('a', (3,), 'f'), ('b', (3,), 'f'), ('c', (3,), 'f')]),
    ('addcdiv', 'torch.addcdiv(a, b, c, value=0.5)', [('a', (3,), 'f'), ('b', (3,), 'f'), ('c', (3,), 'p')]),
    ('where', 'torch.where(a > 0, a, b * 2)', [('a', (6,), 'f'), ('b', (6,), 'f')]),
    ('clamp', 'torch.clamp(a, -0.5, 0.5)', [('a', (8,), 'f')]),
    ('clamp_tensor', 'torch.clamp(a, min=b)', [('a', (6,), 'f'), ('b', (6,), 'f')]),
    ('remainder', 'torch.remainder(a, 0.7)', [('a', (5,), 'f')]),
    ('fmod', 'torch.fmod(a, 0.7)', [('a', (5,), 'f')]),
    ('neg', '-a', [('a', (4,), 'f')]),
    ('abs', 'a.abs()', [('a', (5,), 'f')]),
    ('sqrt', 'b.sqrt()', [('b', (4,), 'p')]),
    ('rsqrt', 'b.rsqrt()', [('b', (4,), 'p')]),
    ('exp', 'a.exp()', [('a', (4,), 'f')]),
    ('exp2', 'torch.exp2(a)', [('a', (4,), 'f')]),
    ('expm1', 'a.expm1()', [('a', (4,), 'f')]),
    ('log', 'b.log()', [('b', (4,), 'p')]),
    ('log1p', 'b.log1p()', [('b', (4,), 'p')]),
    ('log2', 'b.log2()', [('b', (4,), 'p')]),
    ('log10', 'b.log10()', [('b', (4,), 'p')]),
    ('sin', 'a.sin()', [('a', (4,), 'f')]),
    ('cos', 'a.cos()', [('a', (4,), 'f')]),
    ('tan', 'u.tan()', [('u', (4,), 'u')]),
    ('asin', 'u.asin()', [('u', (4,), 'u')]),
    ('acos', 'u.acos()', [('u', (4,), 'u')]),
    ('atan', 'a.atan()', [('a', (4,), 'f')]),
    ('sinh', 'a.sinh()', [('a', (4,), 'f')]),
    ('cosh', 'a.cosh()', [('a', (4,), 'f')]),
    ('tanh', 'a.tanh()', [('a', (4,), 'f')]),
    ('sigmoid', 'a.sigmoid()', [('a', (4,), 'f')]),
    ('relu', 'a.relu()', [('a', (6,), 'f')]),
    ('erf', 'a.erf()', [('a', (4,), 'f')]),
    ('reciprocal', 'b.reciprocal()', [('b', (4,), 'p')]),
    ('square', 'a.square()', [('a', (4,), 'f')]),
    ('floor', 'a.floor() * a', [('a', (4,), 'f')]),
    ('round', 'a.round() + a', [('a', (4,), 'f')]),
    ('sign', 'a.sign() * a', [('a', (4,), 'f')]),
    ('nan_to_num', 'torch.nan_to_num(a)', [('a', (4,), 'f')]),
    ('sum', 'a.sum()', [('a', (3, 4), 'f')]),
    ('sum_dim', 'a.sum(dim=1, keepdim=True)', [('a', (3, 4), 'f')]),
    ('sum_dims', 'a.sum((0, 2))', [('a', (2, 3, 4), 'f')]),
    ('mean', 'a.mean()', [('a', (3, 4), 'f')]),
    ('mean_dim', 'a.mean(-1)', [('a', (3, 4), 'f')]),
    ('prod', 'a.prod(1)', [('a', (3, 4), 'f')]),
    ('std', 'a.std()', [('a', (3, 4), 'f')]),
    ('var_dim', 'a.var(0, correction=0)', [('a', (3, 4), 'f')]),
    ('max_all', 'a.max()', [('a', (3, 4), 'f')]),
    ('max_dim', 'a.max(1).values', [('a', (3, 4), 'f')]),
    ('min_dim', 'a.min(0)[0]', [('a', (3, 4), 'f')]),
    ('amax', 'a.amax((0, 1))', [('a', (3, 4), 'f')]),
    ('norm', 'a.norm()', [('a', (3, 4), 'f')]),
    ('norm_p1', 'a.norm(p=1, dim=1)', [('a', (3, 4), 'f')]),
    ('logsumexp', 'a.logsumexp(1)', [('a', (3, 4), 'f')]),
    ('cumsum', 'a.cumsum(1)', [('a', (3, 4), 'f')]),
    ('cumprod', 'a.cumprod(0)', [('a', (3, 4), 'f')]),
    ('sort', 'a.sort(1).values * torch.arange(4.0, dtype=a.dtype)', [('a', (3, 4), 'f')]),
    ('topk', 'a.topk(2).values', [('a', (3, 4), 'f')]),
    ('median', 'a.median(1).values', [('a', (3, 5), 'f')]),
    ('view', 'a.view(4, 3)', [('a', (3, 4), 'f')]),
    ('reshape_t', 'a.t().reshape(-1)', [('a', (3, 4), 'f')]),
    ('permute', 'a.permute(2, 0, 1)', [('a', (2, 3, 4), 'f')]),
    ('transpose', 'a.transpose(0, 1)', [('a', (3, 4), 'f')]),
    ('squeeze', 'a.unsqueeze(0).squeeze()', [('a', (3, 1, 4), 'f')]),
    ('expand', 'a.expand(2, 3, 4)', [('a', (3, 1), 'f')]),
    ('flatten', 'a.flatten(1)', [('a', (2, 3, 4), 'f')]),
    ('slice', 'a[1:, ::2]', [('a', (3, 4), 'f')]),
    ('select', 'a[1, 2] * a[0]', [('a', (3, 4), 'f')]),
    ('index_list', 'a[[0, 2, 2]]', [('a', (3, 4), 'f')]),
    ('index_tensor', 'a[i]', [('a', (3, 4), 'f'), ('i', (5,), 'i')]),
    ('mask', 'a[a > 0]', [('a', (3, 4), 'f')]),
    ('narrow', 'a.narrow(1, 1, 2)', [('a', (3, 4), 'f')]),
    ('diagonal', 'a.diagonal(1)', [('a', (4, 4), 'f')]),
    ('unbind', 'a.unbind(1)[2] * 2', [('a', (3, 4), 'f')]),
    ('split', 'a.split(2, 1)[1]', [('a', (3, 5), 'f')]),
    ('chunk', 'a.chunk(2)[0]', [('a', (4, 3), 'f')]),
    ('cat', 'torch.cat([a, b * 2], 0)', [('a', (2, 3), 'f'), ('b', (1, 3), 'f')]),
    ('stack', 'torch.stack([a, b], 1)', [('a', (2, 3), 'f'), ('b', (2, 3), 'f')]),
    ('repeat', 'a.repeat(2, 3)', [('a', (2, 2), 'f')]),
    ('tile', 'a.tile((2,))', [('a', (3,), 'f')]),
    ('flip', 'a.flip(0)', [('a', (3, 4), 'f')]),
    ('roll', 'a.roll(1, 1)', [('a', (3, 4), 'f')]),
    ('gather', 'a.gather(1, i)', [('a', (3, 4), 'f'), ('i', (3, 2), 'i')]),
    ('index_select', 'a.index_select(0, i)', [('a', (3, 4), 'f'), ('i', (4,), 'i')]),
    ('masked_fill', 'a.masked_fill(a < 0, 0.0)', [('a', (3, 4), 'f')]),
    ('tril', 'a.tril()', [('a', (3, 3), 'f')]),
    ('triu', 'a.triu(1)', [('a', (3, 3), 'f')]),
    ('diag', 'torch.diag(a)', [('a', (3,), 'f')]),
    ('scatter_add', 'torch.zeros(3, 4, dtype=a.dtype).scatter_add(1, i, a)', [('a', (3, 2), 'f'), ('i', (3, 2), 'i')]),
    ('clone_inplace', 'a.clone().mul_(2).add_(b)', [('a', (3,), 'f'), ('b', (3,), 'f')]),
    ('setitem', '_setitem(torch, a, b)', [('a', (3, 4), 'f'), ('b', (4,), 'f')]),
    ('matmul', 'a @ b', [('a', (3, 4), 'f'), ('b', (4, 2), 'f')]),
    ('matmul_batched', 'a @ b', [('a', (2, 3, 4), 'f'), ('b', (4, 5), 'f')]),
    ('mv', 'torch.mv(a, b)', [('a', (3, 4), 'f'), ('b', (4,), 'f')]),
    ('dot', 'torch.dot(a, b)', [('a', (4,), 'f'), ('b', (4,), 'f')]),
    ('outer', 'torch.outer(a, b)', [('a', (3,), 'f'), ('b', (2,), 'f')]),
    ('bmm', 'torch.bmm(a, b)', [('a', (2, 3, 4), 'f'), ('b', (2, 4, 2), 'f')]),
    ('einsum', "torch.einsum('ij,jk->ik', a, b)", [('a', (2, 3), 'f'), ('b', (3, 2), 'f')]),
    ('addmm', 'torch.addmm(c, a, b, beta=0.5, alpha=2.0)', [('a', (2, 3), 'f'), ('b', (3, 4), 'f'), ('c', (2, 4), 'f')]),
    ('inv', 'torch.linalg.inv(a + 3 * torch.eye(3, dtype=a.dtype))', [('a', (3, 3), 'f')]),
    ('det', 'torch.linalg.det(a)', [('a', (3, 3), 'f')]),
    ('solve', 'torch.linalg.solve(a + 3 * torch.eye(3, dtype=a.dtype), b)', [('a', (3, 3), 'f'), ('b', (3,), 'f')]),
    ('linalg_norm', 'torch.linalg.norm(a)', [('a', (3, 4), 'f')]),
    ('to_float32', 'a.float() * 2', [('a', (4,), 'f')]),
    ('float32_chain', '(s * s).sum(0).sqrt()', [('s', (3, 4), 's')]),
    ('int_input_no_grad', 'a * i', [('a', (5,), 'f'), ('i', (5,), 'i')]),
    ('bool_input', 'torch.where(m, a, -a)', [('a', (5,), 'f'), ('m', (5,), 'b')]),
]

# (name, expression) for second-order checks: d/da of sum(grad(f)(a) * weight)
SECOND_ORDER = [
    ("cube", "a ** 3"), ("sin", "a.sin()"), ("exp_mul", "a.exp() * a"), ("tanh", "a.tanh()"),
    ("sigmoid", "a.sigmoid()"), ("log", "(a * a + 1).log()"), ("matmul", "a @ a"),
    ("softplus", "(a.exp() + 1).log()"), ("div", "1 / (a * a + 1)"), ("sum_sq", "(a * a).sum(0)"),
]


def _setitem(torch, a, b):
    out = a * 1
    out[1] = b * 3
    out[:, 0] = 0
    return out


def make_inputs(specs, seed):
    """{name: NumPy array} for a case's input specs, deterministic from the seed."""
    rng = np.random.default_rng(seed)
    env = {}
    for name, shape, kind in specs:
        if kind == "f":
            v = rng.uniform(-2, 2, shape)
        elif kind == "p":
            v = rng.uniform(0.5, 2, shape)
        elif kind == "u":
            v = rng.uniform(-0.9, 0.9, shape)
        elif kind == "i":
            v = rng.integers(0, 3, shape).astype(np.int64)
        elif kind == "b":
            v = rng.integers(0, 2, shape).astype(bool)
        else:
            v = rng.uniform(-2, 2, shape).astype(np.float32)
        env[name] = v
    return env
