"""nn conv layers and F.conv*/conv_transpose* against real PyTorch (tests/reference/nn_conv.json,
written by gen_nn_layers_b.py): outputs and gradients w.r.t. inputs and every parameter, printed
forms, exception types and messages; default initialisation statistically; a NumPy property
test for conv1d."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch as torch
import jtorch.nn as nn
import jtorch.nn.functional as F
from conftest import load_reference
from _nn_layers_b import cases, check_error, check_fn, check_module, check_repr

REF = load_reference("nn_conv")


@pytest.mark.parametrize("case", cases.CONV_FN, ids=[c[0] for c in cases.CONV_FN])
def test_functional(no_fusion, case):
    check_fn(REF["fn"], case)


# Every case runs deferred; every third functional case and every fourth module case also in
# eager debug mode (each mode compiles its own kernels, and an eager module also compiles its
# initialisers, so running all of them twice would double the file's time).
@pytest.mark.parametrize("mode", ["eager"], indirect=True)
@pytest.mark.parametrize("case", cases.CONV_FN[::3], ids=[c[0] for c in cases.CONV_FN[::3]])
def test_functional_eager(mode, no_fusion, case):
    check_fn(REF["fn"], case)


@pytest.mark.parametrize("case", cases.CONV_MODULES, ids=[c[0] for c in cases.CONV_MODULES])
def test_module(no_fusion, case):
    check_module(REF["modules"], case)


@pytest.mark.parametrize("mode", ["eager"], indirect=True)
@pytest.mark.parametrize("case", cases.CONV_MODULES[::6],
                         ids=[c[0] for c in cases.CONV_MODULES[::6]])
def test_module_eager(mode, no_fusion, case):
    check_module(REF["modules"], case)


@pytest.mark.parametrize("case", cases.CONV_ERRORS, ids=[c[0] for c in cases.CONV_ERRORS])
def test_error(case):
    check_error(REF["errors"], case)


def test_reprs():
    for expr in cases.CONV_REPRS:
        check_repr(REF["reprs"], expr)


def _t(*shape, seed=0):
    return torch.tensor(np.random.default_rng(seed).standard_normal(shape).astype(np.float32))


def test_torch_functions_and_grad_fn():
    x = _t(2, 3, 6).requires_grad_()
    w = _t(4, 3, 3)
    y = torch.conv1d(x, w, padding=1)
    assert y.shape == (2, 4, 6)
    assert type(y.grad_fn).__name__ == "ConvolutionBackward0"
    y2 = torch.conv_transpose1d(x, w.transpose(0, 1), stride=2)
    assert y2.shape == (2, 4, 13)
    assert F.conv2d is torch.nn.functional.conv2d
    out = torch.empty(0)
    r = torch.conv2d(torch.ones(1, 1, 3, 3), torch.ones(1, 1, 2, 2), out=out)
    assert r is out and out.tolist() == [[[[4.0, 4.0], [4.0, 4.0]]]]


@pytest.mark.parametrize("ctor, fan_in, bias", [
    ("nn.Conv2d(16, 32, 3)", 16 * 9, True),
    ("nn.ConvTranspose1d(64, 32, 5, groups=4, bias=False)", 8 * 5, False),
])
def test_default_init_distribution(ctor, fan_in, bias):
    torch.manual_seed(1)
    m = eval(ctor)
    w = m.weight.detach().numpy().ravel()
    bound = 1 / math.sqrt(fan_in)  # kaiming_uniform_(a=sqrt(5)): gain*sqrt(3/fan_in)
    assert np.abs(w).max() <= bound
    assert abs(w.mean()) < 4 * bound / math.sqrt(3 * w.size)
    assert abs(w.std() - bound / math.sqrt(3)) < 0.05 * bound
    assert np.abs(w).max() > 0.95 * bound
    if bias:
        b = m.bias.detach().numpy()
        assert np.abs(b).max() <= bound
    else:
        assert m.bias is None
    assert m.weight.requires_grad and m.weight.dtype is torch.float32


def test_factory_kwargs_and_lazy():
    m = nn.Conv2d(2, 3, 3, dtype=torch.float64)
    assert m.weight.dtype is torch.float64 and m.bias.dtype is torch.float64
    lazy = nn.LazyConv2d(4, 3)
    assert "LazyConv2d" in repr(lazy)
    y = lazy(_t(2, 5, 6, 6))
    assert type(lazy) is nn.Conv2d and lazy.in_channels == 5
    assert lazy.weight.shape == (4, 5, 3, 3) and y.shape == (2, 4, 4, 4)
    lt = nn.LazyConvTranspose1d(6, 2, groups=2)
    lt(_t(4, 3))
    assert type(lt) is nn.ConvTranspose1d and lt.weight.shape == (4, 3, 2)
    with pytest.raises(RuntimeError, match=r"Expected 3D \(unbatched\) or 4D \(batched\) input "
                       "to LazyConv2d, but got input of size: torch.Size\\(\\[2, 3\\]\\)"):
        nn.LazyConv2d(4, 3)(_t(2, 3))


def test_state_dict_keys_and_module_attributes():
    m = nn.Conv2d(4, 6, (3, 2), stride=2, padding=1, groups=2)
    assert list(m.state_dict()) == ["weight", "bias"]
    assert m.kernel_size == (3, 2) and m.stride == (2, 2) and m.padding == (1, 1)
    assert m.dilation == (1, 1) and m.output_padding == (0, 0) and m.groups == 2
    assert m._reversed_padding_repeated_twice == (1, 1, 1, 1)
    s = nn.Conv2d(4, 6, 4, padding="same", dilation=(1, 3))
    assert s._reversed_padding_repeated_twice == [4, 5, 1, 2]
    assert s(_t(1, 4, 9, 10)).shape == (1, 6, 9, 10)


def _np_conv1d(x, w, b, stride, pad, dil):
    n, c, length = x.shape
    o, _, k = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad)))
    lout = (length + 2 * pad - dil * (k - 1) - 1) // stride + 1
    out = np.zeros((n, o, lout))
    for i in range(lout):
        window = xp[:, :, i * stride: i * stride + dil * (k - 1) + 1: dil]
        out[:, :, i] = np.einsum("nck,ock->no", window, w)
    return out + b[None, :, None]


@settings(max_examples=12, deadline=None)
@given(n=st.integers(1, 2), c=st.integers(1, 3), o=st.integers(1, 3), length=st.integers(4, 9),
       k=st.integers(1, 3), stride=st.integers(1, 3), pad=st.integers(0, 2),
       dil=st.integers(1, 2), seed=st.integers(0, 99))
def test_conv1d_matches_numpy(n, c, o, length, k, stride, pad, dil, seed):
    if length + 2 * pad < dil * (k - 1) + 1:
        return
    rng = np.random.default_rng(seed)
    x, w, b = rng.standard_normal((n, c, length)), rng.standard_normal((o, c, k)), \
        rng.standard_normal(o)
    got = F.conv1d(torch.tensor(x), torch.tensor(w), torch.tensor(b), stride, pad, dil)
    np.testing.assert_allclose(got.numpy(), _np_conv1d(x, w, b, stride, pad, dil), rtol=1e-10,
                               atol=1e-10)
