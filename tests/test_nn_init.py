"""torch.nn.init: every initialiser follows PyTorch's distribution (bounds, mean, std and a
Kolmogorov-Smirnov distance over many draws, against PyTorch's formulas), calculate_gain's
table, the fan computations and every error and warning text."""
import math
import warnings

import numpy as np
import pytest

import jtorch as torch
import jtorch.nn as nn
from jtorch.nn import init

SHAPE = (200, 300)            # fan_in 300, fan_out 200, 60000 draws
CONV = (64, 32, 3, 3)         # fan_in 288, fan_out 576, 18432 draws


def _draw(fn, shape=SHAPE, seed=0, **kwargs):
    torch.manual_seed(seed)
    p = nn.Parameter(torch.empty(shape))
    out = fn(p, **kwargs)
    assert out is p and p.is_leaf and p.requires_grad and p.grad_fn is None
    return p.detach().numpy().astype(np.float64).ravel()


def _normal_cdf(x):
    return 0.5 * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


def _ks(sample, cdf):
    """The Kolmogorov-Smirnov distance between a sample and a CDF."""
    x = np.sort(sample)
    n = len(x)
    c = cdf(x)
    return max(np.max(np.arange(1, n + 1) / n - c), np.max(c - np.arange(n) / n))


def _check_uniform(x, lo, hi):
    n = len(x)
    assert x.min() >= lo and x.max() <= hi
    width = hi - lo
    assert x.min() < lo + 1e-3 * width and x.max() > hi - 1e-3 * width
    sd = width / math.sqrt(12)
    assert abs(x.mean() - (lo + hi) / 2) < 5 * sd / math.sqrt(n)
    assert abs(x.std() / sd - 1) < 0.02
    assert _ks(x, lambda v: (v - lo) / width) < 1.63 / math.sqrt(n)  # 1% level


def _check_normal(x, mean, std):
    n = len(x)
    assert abs(x.mean() - mean) < 5 * std / math.sqrt(n)
    assert abs(x.std() / std - 1) < 0.02
    assert _ks(x, lambda v: _normal_cdf((v - mean) / std)) < 1.63 / math.sqrt(n)


def test_uniform_and_normal():
    _check_uniform(_draw(init.uniform_, a=-0.3, b=0.7), -0.3, 0.7)
    _check_uniform(_draw(init.uniform_), 0.0, 1.0)
    _check_normal(_draw(init.normal_, mean=0.5, std=2.0), 0.5, 2.0)
    _check_normal(_draw(init.normal_), 0.0, 1.0)


def test_uniform_follows_manual_seed_and_generator():
    a, b = _draw(init.uniform_, seed=5), _draw(init.uniform_, seed=5)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, _draw(init.uniform_, seed=6))
    g = torch.Generator().manual_seed(1)
    t1 = init.normal_(torch.empty(4, 5), generator=g).numpy()
    g.manual_seed(1)
    np.testing.assert_array_equal(t1, init.normal_(torch.empty(4, 5), generator=g).numpy())


@pytest.mark.parametrize("mean,std,a,b", [(0.0, 1.0, -2.0, 2.0), (0.5, 0.2, 0.0, 0.6)])
def test_trunc_normal(mean, std, a, b):
    x = _draw(init.trunc_normal_, mean=mean, std=std, a=a, b=b)
    assert x.min() >= a and x.max() <= b
    lo, hi = _normal_cdf(np.array((a - mean) / std)), _normal_cdf(np.array((b - mean) / std))
    # truncated normal: mean and std from its closed form, KS against its CDF
    alpha, beta = (a - mean) / std, (b - mean) / std
    phi = lambda z: math.exp(-z * z / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    z = hi - lo
    t_mean = mean + std * (phi(alpha) - phi(beta)) / z
    t_var = std ** 2 * (1 + (alpha * phi(alpha) - beta * phi(beta)) / z -
                        ((phi(alpha) - phi(beta)) / z) ** 2)
    n = len(x)
    assert abs(x.mean() - t_mean) < 5 * math.sqrt(t_var / n)
    assert abs(x.std() / math.sqrt(t_var) - 1) < 0.02
    assert _ks(x, lambda v: (_normal_cdf((v - mean) / std) - lo) / z) < 1.63 / math.sqrt(n)


def test_trunc_normal_warns_far_from_interval():
    with pytest.warns(UserWarning, match=r"mean is more than 2 std from \[a, b\] in "
                                         r"nn.init.trunc_normal_. The distribution of values "
                                         r"may be incorrect."):
        init.trunc_normal_(torch.empty(10), mean=5.0, std=1.0, a=-1.0, b=1.0)


@pytest.mark.parametrize("shape", [SHAPE, CONV])
@pytest.mark.parametrize("gain", [1.0, 2.5])
def test_xavier(shape, gain):
    fan_in = shape[1] * math.prod(shape[2:])
    fan_out = shape[0] * math.prod(shape[2:])
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    bound = math.sqrt(3.0) * std
    _check_uniform(_draw(init.xavier_uniform_, shape, gain=gain), -bound, bound)
    _check_normal(_draw(init.xavier_normal_, shape, seed=1, gain=gain), 0.0, std)


@pytest.mark.parametrize("kwargs,gain", [
    ({}, math.sqrt(2.0)),  # a=0 is a given negative slope of 0, not the 0.01 default
    ({"a": math.sqrt(5)}, math.sqrt(2.0 / 6)),
    ({"nonlinearity": "relu"}, math.sqrt(2.0)),
    ({"mode": "fan_out", "nonlinearity": "relu"}, math.sqrt(2.0)),
    ({"mode": "FAN_OUT", "nonlinearity": "tanh"}, 5.0 / 3),
    ({"a": 0.2, "nonlinearity": "leaky_relu"}, math.sqrt(2.0 / 1.04)),
])
def test_kaiming(kwargs, gain):
    for shape in (SHAPE, CONV):
        receptive = math.prod(shape[2:])
        fan = (shape[0] if kwargs.get("mode", "fan_in").lower() == "fan_out"
               else shape[1]) * receptive
        std = gain / math.sqrt(fan)
        _check_uniform(_draw(init.kaiming_uniform_, shape, **kwargs), -math.sqrt(3) * std,
                       math.sqrt(3) * std)
        _check_normal(_draw(init.kaiming_normal_, shape, seed=2, **kwargs), 0.0, std)


def test_linear_default_initialisation():
    torch.manual_seed(0)
    layer = nn.Linear(300, 200)
    bound = 1 / math.sqrt(300)  # kaiming_uniform_(a=sqrt(5)) and the bias bound
    _check_uniform(layer.weight.detach().numpy().astype(np.float64).ravel(), -bound, bound)
    b = layer.bias.detach().numpy()
    assert b.min() >= -bound and b.max() <= bound and b.std() > 0.4 * bound


def test_constant_ones_zeros_eye():
    p = nn.Parameter(torch.empty(3, 4))
    assert init.constant_(p, 0.25) is p and p.tolist() == [[0.25] * 4] * 3
    assert init.ones_(p) is p and p.tolist() == [[1.0] * 4] * 3
    assert init.zeros_(p) is p and p.tolist() == [[0.0] * 4] * 3
    assert init.eye_(p) is p and p.tolist() == np.eye(3, 4).tolist()
    assert p.requires_grad and p.is_leaf
    d = init.eye_(torch.empty(4, 2, dtype=torch.float64))
    assert d.dtype == torch.float64 and d.tolist() == np.eye(4, 2).tolist()


@pytest.mark.parametrize("shape,groups", [((4, 3, 3), 1), ((6, 2, 3, 3), 2), ((2, 2, 3, 4, 5), 1),
                                          ((3, 5, 3), 1)])
def test_dirac(shape, groups):
    w = init.dirac_(torch.empty(shape), groups)
    want = np.zeros(shape)
    per = shape[0] // groups
    centre = tuple(s // 2 for s in shape[2:])
    for g in range(groups):
        for d in range(min(per, shape[1])):
            want[(g * per + d, d) + centre] = 1
    np.testing.assert_array_equal(w.numpy(), want)
    # a conv with a Dirac kernel preserves its input's channels: the kernel sums to 1 per
    # (out, in) pair on the diagonal
    assert w.numpy().sum() == groups * min(per, shape[1])


@pytest.mark.parametrize("shape,gain", [((5, 3), 1.0), ((3, 5), 1.0), ((8, 2, 2, 2), 0.5)])
def test_orthogonal(shape, gain):
    torch.manual_seed(0)
    p = nn.Parameter(torch.empty(shape))
    assert init.orthogonal_(p, gain=gain) is p
    q = p.detach().numpy().reshape(shape[0], -1).astype(np.float64)
    rows, cols = q.shape
    small = q.T @ q if rows >= cols else q @ q.T
    np.testing.assert_allclose(small, gain ** 2 * np.eye(min(rows, cols)), atol=1e-5)


def test_orthogonal_is_haar_distributed():
    # entries of a Haar-random orthogonal n x n matrix have mean 0 and variance 1/n
    torch.manual_seed(3)
    x = np.concatenate([init.orthogonal_(torch.empty(40, 40)).numpy().ravel()
                        for _ in range(5)]).astype(np.float64)
    assert abs(x.mean()) < 5 / math.sqrt(40 * len(x))
    assert abs(x.var() * 40 - 1) < 0.05


def test_sparse():
    torch.manual_seed(0)
    p = nn.Parameter(torch.empty(400, 4))
    assert init.sparse_(p, sparsity=0.3, std=0.05) is p
    w = p.detach().numpy()
    assert ((w == 0).sum(axis=0) == math.ceil(0.3 * 400)).all()
    nz = w[w != 0].astype(np.float64)
    assert abs(nz.std() / 0.05 - 1) < 0.1
    assert abs(nz.mean()) < 5 * 0.05 / math.sqrt(len(nz))


def test_calculate_gain_table():
    for name in ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                 "conv_transpose3d", "sigmoid"):
        assert init.calculate_gain(name) == 1 and type(init.calculate_gain(name)) is int
    assert init.calculate_gain("tanh") == 5.0 / 3
    assert init.calculate_gain("relu") == math.sqrt(2.0)
    assert init.calculate_gain("leaky_relu") == math.sqrt(2.0 / (1 + 0.01 ** 2))
    assert init.calculate_gain("leaky_relu", 0.2) == math.sqrt(2.0 / (1 + 0.2 ** 2))
    assert init.calculate_gain("leaky_relu", 1) == 1.0
    assert init.calculate_gain("selu") == 0.75
    with pytest.raises(ValueError, match="Unsupported nonlinearity gelu"):
        init.calculate_gain("gelu")
    with pytest.raises(ValueError, match="negative_slope True not a valid number"):
        init.calculate_gain("leaky_relu", True)
    with pytest.raises(ValueError, match="negative_slope 0.1 not a valid number"):
        init.calculate_gain("leaky_relu", "0.1")


def test_fans_and_errors():
    assert init._calculate_fan_in_and_fan_out(torch.empty(5, 3)) == (3, 5)
    assert init._calculate_fan_in_and_fan_out(torch.empty(8, 4, 3, 2)) == (24, 48)
    msg = "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"
    for fn in (init.xavier_uniform_, init.xavier_normal_, init.kaiming_uniform_,
               init.kaiming_normal_):
        with pytest.raises(ValueError, match=msg):
            fn(torch.empty(5))
    with pytest.raises(ValueError, match=r"Mode fan_avg not supported, please use one of "
                                         r"\['fan_in', 'fan_out'\]"):
        init.kaiming_uniform_(torch.empty(3, 3), mode="fan_avg")
    with pytest.raises(ValueError, match="Only tensors with 2 dimensions are supported"):
        init.eye_(torch.empty(2, 2, 2))
    with pytest.raises(ValueError, match="Only tensors with 3, 4, or 5 dimensions are "
                                         "supported"):
        init.dirac_(torch.empty(2, 2))
    with pytest.raises(ValueError, match="dim 0 must be divisible by groups"):
        init.dirac_(torch.empty(5, 2, 3), groups=2)
    with pytest.raises(ValueError, match="Only tensors with 2 or more dimensions are supported"):
        init.orthogonal_(torch.empty(4))
    with pytest.raises(ValueError, match="Only tensors with 2 dimensions are supported"):
        init.sparse_(torch.empty(2, 2, 2), 0.5)


def test_zero_element_tensors():
    for fn in (init.kaiming_uniform_, init.kaiming_normal_):
        t = torch.empty(0, 3)
        with pytest.warns(UserWarning, match="Initializing zero-element tensors is a no-op"):
            assert fn(t) is t
    t = torch.empty(0, 4)
    assert init.orthogonal_(t) is t


def test_deprecated_aliases():
    for old, new in (("uniform", "uniform_"), ("normal", "normal_"), ("constant", "constant_"),
                     ("eye", "eye_"), ("dirac", "dirac_"), ("xavier_uniform", "xavier_uniform_"),
                     ("xavier_normal", "xavier_normal_"), ("kaiming_uniform", "kaiming_uniform_"),
                     ("kaiming_normal", "kaiming_normal_"), ("orthogonal", "orthogonal_"),
                     ("sparse", "sparse_")):
        assert old in init.__all__ and new in init.__all__
        args = {"constant": (0.5,), "sparse": (0.5,)}.get(old, ())
        shape = (4, 2, 3) if old == "dirac" else (3, 3)
        with pytest.warns(FutureWarning, match=rf"`nn.init.{old}` is now deprecated in favor of "
                                               rf"`nn.init.{new}`."):
            getattr(init, old)(torch.empty(shape), *args)


def test_init_under_grad_mode_does_not_record_history():
    p = nn.Parameter(torch.empty(3, 3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for fn in (init.uniform_, init.normal_, init.xavier_uniform_, init.kaiming_normal_,
                   init.trunc_normal_, init.orthogonal_, init.ones_, init.zeros_, init.eye_):
            fn(p)
            assert p.grad_fn is None and p.is_leaf and p.requires_grad
    (p * 2).sum().backward()
    assert p.grad.tolist() == [[2.0] * 3] * 3
