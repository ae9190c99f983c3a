"""Padding, interpolation, pixel shuffle, affine_grid/grid_sample and fold/unfold against real
PyTorch (tests/reference/nn_padding_vision.json, written by gen_nn_layers_b.py): outputs and
gradients, printed forms, exception types and messages; NumPy property tests for F.pad and
the unfold/fold pair."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch as torch
import jtorch.nn as nn
import jtorch.nn.functional as F
from conftest import load_reference
from _nn_layers_b import cases, check_error, check_fn, check_module, check_repr

REF = load_reference("nn_padding_vision")
FN, MODULES = cases.PADVIS_FN, cases.PADVIS_MODULES


@pytest.mark.parametrize("case", FN, ids=[c[0] for c in FN])
def test_functional(no_fusion, case):
    check_fn(REF["fn"], case)


# Every case runs deferred; every third functional case and every fourth module case also in
# eager debug mode (each mode compiles its own kernels, and an eager module also compiles its
# initialisers, so running all of them twice would double the file's time).
@pytest.mark.parametrize("mode", ["eager"], indirect=True)
@pytest.mark.parametrize("case", FN[::3], ids=[c[0] for c in FN[::3]])
def test_functional_eager(mode, no_fusion, case):
    check_fn(REF["fn"], case)


@pytest.mark.parametrize("case", MODULES, ids=[c[0] for c in MODULES])
def test_module(no_fusion, case):
    check_module(REF["modules"], case)


@pytest.mark.parametrize("mode", ["eager"], indirect=True)
@pytest.mark.parametrize("case", MODULES[::4], ids=[c[0] for c in MODULES[::4]])
def test_module_eager(mode, no_fusion, case):
    check_module(REF["modules"], case)


@pytest.mark.parametrize("case", cases.PADVIS_ERRORS, ids=[c[0] for c in cases.PADVIS_ERRORS])
def test_error(case):
    check_error(REF["errors"], case)


def test_reprs():
    for expr in cases.PADVIS_REPRS:
        check_repr(REF["reprs"], expr)


def test_grad_fn_names():
    x = torch.ones(1, 2, 4, 4, requires_grad=True)
    names = {
        "ConstantPadNdBackward0": F.pad(x, (1, 1)),
        "ReflectionPad2DBackward0": F.pad(x, (1, 1, 1, 1), mode="reflect"),
        "ReplicationPad1DBackward0": F.pad(x[0], (1, 1), mode="replicate"),
        "UpsampleNearest2DBackward0": F.interpolate(x, scale_factor=2),
        "UpsampleBilinear2DBackward0": F.interpolate(x, scale_factor=2, mode="bilinear"),
        "UpsampleBilinear2DAaBackward0": F.interpolate(x, size=2, mode="bilinear",
                                                       antialias=True),
        "PixelShuffleBackward0": F.pixel_shuffle(x, 1),
        "Im2ColBackward0": F.unfold(x, 2),
    }
    for name, t in names.items():
        assert type(t.grad_fn).__name__ == name


def test_uint8_linear_modes_not_supported():
    x = torch.zeros(1, 1, 4, 4, dtype=torch.uint8)
    assert F.interpolate(x, scale_factor=2).dtype is torch.uint8
    with pytest.raises(NotImplementedError, match="fixed-point"):
        F.interpolate(x, scale_factor=2, mode="bilinear")


def _np_pad(x, pad, mode):
    widths = [(0, 0)] * (x.ndim - len(pad) // 2)
    widths += [(pad[2 * i], pad[2 * i + 1]) for i in reversed(range(len(pad) // 2))]
    np_mode = {"constant": "constant", "reflect": "reflect", "replicate": "edge",
               "circular": "wrap"}[mode]
    return np.pad(x, widths, mode=np_mode)


@settings(max_examples=20, deadline=None)
@given(mode=st.sampled_from(["constant", "reflect", "replicate", "circular"]),
       h=st.integers(2, 5), w=st.integers(2, 5),
       pads=st.lists(st.integers(0, 4), min_size=4, max_size=4), seed=st.integers(0, 99))
def test_pad_matches_numpy(mode, h, w, pads, seed):
    limit = {"reflect": (w - 1, h - 1), "circular": (w, h)}.get(mode, (9, 9))
    pads = [min(pads[0], limit[0]), min(pads[1], limit[0]), min(pads[2], limit[1]),
            min(pads[3], limit[1])]
    x = np.random.default_rng(seed).standard_normal((1, 2, h, w))
    got = F.pad(torch.tensor(x), pads, mode=mode).numpy()
    np.testing.assert_array_equal(got, _np_pad(x, pads, mode))


@settings(max_examples=12, deadline=None)
@given(h=st.integers(3, 6), w=st.integers(3, 6), k=st.integers(1, 3), s=st.integers(1, 2),
       p=st.integers(0, 1), seed=st.integers(0, 99))
def test_fold_of_unfold_counts_overlaps(h, w, k, s, p, seed):
    """fold(unfold(x)) == x * (number of blocks covering each pixel)."""
    x = np.random.default_rng(seed).standard_normal((1, 2, h, w))
    t = torch.tensor(x)
    cols = F.unfold(t, k, padding=p, stride=s)
    back = F.fold(cols, (h, w), k, padding=p, stride=s).numpy()
    counts = F.fold(F.unfold(torch.ones(1, 1, h, w, dtype=torch.float64), k, padding=p,
                             stride=s), (h, w), k, padding=p, stride=s).numpy()
    np.testing.assert_allclose(back, x * counts, rtol=1e-12)
    # and unfold's blocks are PyTorch's channel-major (c, ki, kj) layout
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    want = np.stack([xp[0, c, i + s * np.arange(oh)[:, None], j + s * np.arange(ow)[None, :]]
                     .ravel() for c in range(2) for i in range(k) for j in range(k)])
    np.testing.assert_allclose(cols.numpy()[0], want)


def test_upsample_module_attributes():
    m = nn.Upsample(scale_factor=(2, 3))
    assert m.scale_factor == (2.0, 3.0) and m.mode == "nearest" and m.name == "Upsample"
    assert nn.UpsamplingBilinear2d(scale_factor=2).align_corners is True
