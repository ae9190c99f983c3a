"""torch.testing (jtorch/testing): assert_close, assert_allclose and make_tensor.

The expected error messages below are PyTorch 2.13's, copied from real torch's output for the
same calls (only messages naming the tensor class differ: jtorch's class is
jtorch._tensor.Tensor, so those are matched by prefix).
"""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch as T
from jtorch.testing import assert_close, assert_allclose, make_tensor

pytestmark = pytest.mark.usefixtures("no_fusion")
nan, inf = math.nan, math.inf


def t(*a, **k):
    return T.tensor(*a, **k)


CLOSE = "Tensor-likes are not close!\n\n"
EQUAL = "Tensor-likes are not equal!\n\n"

FAILS = [  # (actual, expected, kwargs, exception type, PyTorch's message)
    (lambda: (t([1., 2., 3.]), t([1., 2.5, 3.])), {}, AssertionError,
     CLOSE + "Mismatched elements: 1 / 3 (33.3%)\n"
     "Greatest absolute difference: 0.5 at index (1,) (up to 1e-05 allowed)\n"
     "Greatest relative difference: 0.20000000298023224 at index (1,) (up to 1.3e-06 allowed)"),
    (lambda: (t([1, 2, 3]), t([1, 4, 3])), {}, AssertionError,
     EQUAL + "Mismatched elements: 1 / 3 (33.3%)\nGreatest absolute difference: 2 at index (1,)\n"
     "Greatest relative difference: 0.5 at index (1,)"),
    (lambda: (t([[1., 2.], [3., 4.]]), t([[2., 3.], [4., 5.]])), {}, AssertionError,
     CLOSE + "Mismatched elements: 4 / 4 (100.0%)\n"
     "Greatest absolute difference: 1.0 at index (0, 0) (up to 1e-05 allowed)\n"
     "Greatest relative difference: 0.5 at index (0, 0) (up to 1.3e-06 allowed)"),
    (lambda: (t(1.), t(2.)), {}, AssertionError,
     "Scalars are not close!\n\nExpected 2.0 but got 1.0.\n"
     "Absolute difference: 1.0 (up to 1e-05 allowed)\n"
     "Relative difference: 0.5 (up to 1.3e-06 allowed)"),
    (lambda: (t([nan]), t([nan])), {}, AssertionError,
     CLOSE + "Mismatched elements: 1 / 1 (100.0%)\n"
     "Greatest absolute difference: nan at index (0,) (up to 1e-05 allowed)\n"
     "Greatest relative difference: nan at index (0,) (up to 1.3e-06 allowed)"),
    (lambda: (t([inf]), t([-inf])), {}, AssertionError,
     CLOSE + "Mismatched elements: 1 / 1 (100.0%)\n"
     "Greatest absolute difference: inf at index (0,) (up to 1e-05 allowed)\n"
     "Greatest relative difference: nan at index (0,) (up to 1.3e-06 allowed)"),
    (lambda: (t([1., nan, 3., nan]), t([1.5, 2., 3., nan])), {}, AssertionError,
     CLOSE + "Mismatched elements: 3 / 4 (75.0%)\n"
     "Greatest absolute difference: nan at index (1,) (up to 1e-05 allowed)\n"
     "Greatest relative difference: nan at index (1,) (up to 1.3e-06 allowed)"),
    (lambda: (t([1., nan, 3.]), t([1., 2., 3.])), {"equal_nan": True}, AssertionError,
     CLOSE + "Mismatched elements: 1 / 3 (33.3%)\n"
     "Greatest absolute difference: nan at index (1,) (up to 1e-05 allowed)\n"
     "Greatest relative difference: nan at index (1,) (up to 1.3e-06 allowed)"),
    (lambda: (t([1.]), t([1.], dtype=T.float64)), {}, AssertionError,
     "The values for attribute 'dtype' do not match: torch.float32 != torch.float64."),
    (lambda: (t([1., 2.]), t([1., 2., 3.])), {}, AssertionError,
     "The values for attribute 'shape' do not match: torch.Size([2]) != torch.Size([3])."),
    (lambda: (T.ones(2, 3), T.ones(3, 2).t()), {"check_stride": True}, AssertionError,
     "The values for attribute 'stride()' do not match: (3, 1) != (1, 2)."),
    (lambda: (t([1.], dtype=T.float16), t([1.01], dtype=T.float16)), {}, AssertionError,
     CLOSE + "Mismatched elements: 1 / 1 (100.0%)\n"
     "Greatest absolute difference: 0.009765625 at index (0,) (up to 1e-05 allowed)\n"
     "Greatest relative difference: 0.009674072265625 at index (0,) (up to 0.001 allowed)"),
    (lambda: (t([1.], dtype=T.bfloat16), t([1.1], dtype=T.bfloat16)), {}, AssertionError,
     CLOSE + "Mismatched elements: 1 / 1 (100.0%)\n"
     "Greatest absolute difference: 0.1015625 at index (0,) (up to 1e-05 allowed)\n"
     "Greatest relative difference: 0.09228515625 at index (0,) (up to 0.016 allowed)"),
    (lambda: (t([1.], dtype=T.float64), t([1.0001], dtype=T.float64)), {}, AssertionError,
     CLOSE + "Mismatched elements: 1 / 1 (100.0%)\n"
     "Greatest absolute difference: 9.999999999998899e-05 at index (0,) (up to 1e-07 allowed)\n"
     "Greatest relative difference: 9.9990000999889e-05 at index (0,) (up to 1e-07 allowed)"),
    (lambda: (t([1., 2.], dtype=T.float16), t([1., 2.1])), {"check_dtype": False},
     AssertionError, CLOSE + "Mismatched elements: 1 / 2 (50.0%)\n"
     "Greatest absolute difference: 0.09999990463256836 at index (1,) (up to 1e-05 allowed)\n"
     "Greatest relative difference: 0.04761900380253792 at index (1,) (up to 0.001 allowed)"),
    (lambda: (t([True, False]), t([True, True])), {}, AssertionError,
     EQUAL + "Mismatched elements: 1 / 2 (50.0%)\nGreatest absolute difference: 1 at index (1,)\n"
     "Greatest relative difference: 1.0 at index (1,)"),
    (lambda: (t([True, True]), t([True, False])), {}, AssertionError,
     EQUAL + "Mismatched elements: 1 / 2 (50.0%)\nGreatest absolute difference: 1 at index (1,)\n"
     "Greatest relative difference: inf at index (1,)"),
    (lambda: (t([127], dtype=T.int8), t([-128], dtype=T.int8)), {}, AssertionError,
     EQUAL + "Mismatched elements: 1 / 1 (100.0%)\n"
     "Greatest absolute difference: 255 at index (0,)\n"
     "Greatest relative difference: 1.9921875 at index (0,)"),
    (lambda: (t([0, 200], dtype=T.uint8), t([1, 3], dtype=T.uint8)), {}, AssertionError,
     EQUAL + "Mismatched elements: 2 / 2 (100.0%)\n"
     "Greatest absolute difference: 197 at index (1,)\n"
     "Greatest relative difference: 65.66666412353516 at index (1,)"),
    (lambda: (t(3), t(5)), {}, AssertionError,
     "Scalars are not equal!\n\nExpected 5 but got 3.\nAbsolute difference: 2\n"
     "Relative difference: 0.4"),
    (lambda: (t([[1., 2.], [3., 4.]], dtype=T.bfloat16),
              t([[1., 2.], [3., 4.5]], dtype=T.bfloat16)), {}, AssertionError,
     CLOSE + "Mismatched elements: 1 / 4 (25.0%)\n"
     "Greatest absolute difference: 0.5 at index (1, 1) (up to 1e-05 allowed)\n"
     "Greatest relative difference: 0.111328125 at index (1, 1) (up to 0.016 allowed)"),
    (lambda: (T.arange(100.).reshape(10, 10),
              T.arange(100.).reshape(10, 10) + T.eye(10) * 1e-3), {}, AssertionError,
     CLOSE + "Mismatched elements: 10 / 100 (10.0%)\n"
     "Greatest absolute difference: 0.0010004043579101562 at index (1, 1) (up to 1e-05 allowed)\n"
     "Greatest relative difference: 1.0 at index (0, 0) (up to 1.3e-06 allowed)"),
    (lambda: (t([1e-3, 1.]), t([0., 1.])), {}, AssertionError,
     CLOSE + "Mismatched elements: 1 / 2 (50.0%)\n"
     "Greatest absolute difference: 0.0010000000474974513 at index (0,) (up to 1e-05 allowed)\n"
     "Greatest relative difference: inf at index (0,) (up to 1.3e-06 allowed)"),
    (lambda: (T.arange(1000.), T.arange(1000.) * 1.0001), {}, AssertionError,
     CLOSE + "Mismatched elements: 999 / 1000 (99.9%)\n"
     "Greatest absolute difference: 0.09991455078125 at index (999,) (up to 1e-05 allowed)\n"
     "Greatest relative difference: 0.0001000605698209256 at index (541,) "
     "(up to 1.3e-06 allowed)"),
    (lambda: (t([1., 2.]), t([1., 2.000001])), {"rtol": 0, "atol": 0}, AssertionError,
     EQUAL + "Mismatched elements: 1 / 2 (50.0%)\n"
     "Greatest absolute difference: 9.5367431640625e-07 at index (1,)\n"
     "Greatest relative difference: 4.7683693082944956e-07 at index (1,)"),
    (lambda: (t([1.]), t([2.])), {"rtol": 0.1, "atol": 0.2}, AssertionError,
     CLOSE + "Mismatched elements: 1 / 1 (100.0%)\n"
     "Greatest absolute difference: 1.0 at index (0,) (up to 0.2 allowed)\n"
     "Greatest relative difference: 0.5 at index (0,) (up to 0.1 allowed)"),
    (lambda: (np.array([1.]), np.array([2.])), {}, AssertionError,
     CLOSE + "Mismatched elements: 1 / 1 (100.0%)\n"
     "Greatest absolute difference: 1.0 at index (0,) (up to 1e-07 allowed)\n"
     "Greatest relative difference: 0.5 at index (0,) (up to 1e-07 allowed)"),
    # Python scalars
    (lambda: (1.0, 1.0 + 1e-6), {}, AssertionError,
     "Scalars are not close!\n\nExpected 1.000001 but got 1.0.\n"
     "Absolute difference: 9.999999999177334e-07 (up to 1e-07 allowed)\n"
     "Relative difference: 9.999989999187335e-07 (up to 1e-07 allowed)"),
    (lambda: (1, 2), {}, AssertionError,
     "Scalars are not equal!\n\nExpected 2 but got 1.\nAbsolute difference: 1\n"
     "Relative difference: 0.5"),
    (lambda: (1, 1.0), {}, AssertionError,
     "The (d)types do not match: <class 'int'> != <class 'float'>."),
    (lambda: (1.0, 0.0), {}, AssertionError,
     "Scalars are not close!\n\nExpected 0.0 but got 1.0.\n"
     "Absolute difference: 1.0 (up to 1e-07 allowed)\n"
     "Relative difference: inf (up to 1e-07 allowed)"),
    (lambda: (nan, nan), {}, AssertionError,
     "Scalars are not close!\n\nExpected nan but got nan.\n"
     "Absolute difference: nan (up to 1e-07 allowed)\nRelative difference: nan (up to 1e-07 "
     "allowed)"),
    (lambda: (inf, -inf), {}, AssertionError,
     "Scalars are not close!\n\nExpected -inf but got inf.\n"
     "Absolute difference: inf (up to 1e-07 allowed)\nRelative difference: nan (up to 1e-07 "
     "allowed)"),
    (lambda: (1 + 1j, 1 + 2j), {}, AssertionError,
     "Scalars are not close!\n\nExpected (1+2j) but got (1+1j).\n"
     "Absolute difference: 1.0 (up to 1e-07 allowed)\n"
     "Relative difference: 0.4472135954999579 (up to 1e-07 allowed)"),
    (lambda: (np.float32(1.0), np.float32(1.5)), {}, AssertionError,
     "Scalars are not close!\n\nExpected 1.5 but got 1.0.\n"
     "Absolute difference: 0.5 (up to 1e-07 allowed)\n"
     "Relative difference: 0.3333333333333333 (up to 1e-07 allowed)"),
    (lambda: (True, False), {}, AssertionError, "Booleans mismatch: True is not False"),
    (lambda: (None, 1), {}, AssertionError, "None mismatch: None is not 1"),
    # structure, ids and msg
    (lambda: ([t(1.), t(2.)], [t(1.), t(3.)]), {}, AssertionError,
     "Scalars are not close!\n\nExpected 3.0 but got 2.0.\n"
     "Absolute difference: 1.0 (up to 1e-05 allowed)\n"
     "Relative difference: 0.3333333333333333 (up to 1.3e-06 allowed)\n\n"
     "The failure occurred for item [1]"),
    (lambda: ([t(1.)], [t(1.), t(3.)]), {}, AssertionError,
     "The length of the sequences mismatch: 1 != 2"),
    (lambda: ({"a": t(1.)}, {"b": t(1.)}), {}, AssertionError,
     "The keys of the mappings do not match:\nMissing keys in the actual mapping: ['b']\n"
     "Additional keys in the actual mapping: ['a']"),
    (lambda: ({"a": [t(1.), (t(2.),)]}, {"a": [t(1.), (t(2.2),)]}), {}, AssertionError,
     "Scalars are not close!\n\nExpected 2.200000047683716 but got 2.0.\n"
     "Absolute difference: 0.20000004768371582 (up to 1e-05 allowed)\n"
     "Relative difference: 0.09090911061310529 (up to 1.3e-06 allowed)\n\n"
     "The failure occurred for item ['a'][1][0]"),
    (lambda: ((t([1.]), {"k": [1.0, 2.0]}), (t([1.]), {"k": [1.0, 2.5]})), {}, AssertionError,
     "Scalars are not close!\n\nExpected 2.5 but got 2.0.\n"
     "Absolute difference: 0.5 (up to 1e-07 allowed)\n"
     "Relative difference: 0.2 (up to 1e-07 allowed)\n\nThe failure occurred for item [1]['k'][1]"),
    (lambda: (t([1.]), t([2.])), {"msg": "custom"}, AssertionError, "custom"),
    (lambda: ([t([1.])], [t([2.])]), {"msg": "boom"}, AssertionError, "boom"),
    (lambda: ([t([1.])], [t([2.])]), {"msg": lambda m: "<" + m + ">"}, AssertionError,
     "<" + CLOSE + "Mismatched elements: 1 / 1 (100.0%)\n"
     "Greatest absolute difference: 1.0 at index (0,) (up to 1e-05 allowed)\n"
     "Greatest relative difference: 0.5 at index (0,) (up to 1.3e-06 allowed)\n\n"
     "The failure occurred for item [0]>"),
    (lambda: (t([1.]), t([2.])), {"rtol": 0.1}, ValueError,
     "Both 'rtol' and 'atol' must be either specified or omitted, but got no atol."),
    (lambda: (t([1.]), t([1.])), {"atol": 1e-3, "msg": "ignored"}, ValueError,
     "Both 'rtol' and 'atol' must be either specified or omitted, but got no rtol."),
]


@pytest.mark.parametrize("i", range(len(FAILS)))
def test_assert_close_failures(mode, i):
    make, kwargs, exc, msg = FAILS[i]
    actual, expected = make()
    with pytest.raises(exc) as info:
        assert_close(actual, expected, **kwargs)
    assert type(info.value) is exc
    assert str(info.value) == msg


@pytest.mark.parametrize("actual,expected", [
    (lambda: t([1.]), lambda: [1.]),
    (lambda: t([1.]), lambda: np.array([1.])),
    (lambda: 1.0, lambda: t(1.0)),
    (lambda: "a", lambda: "a"),
])
def test_unrelated_types_raise_type_error(actual, expected):
    with pytest.raises(TypeError, match=r"^No comparison pair was able to handle inputs of type "
                                        r"<class '[\w.]+'> and <class '[\w.]+'>\.$"):
        assert_close(actual(), expected())


def test_subclasses():
    p = T.nn.Parameter(T.ones(2))
    assert_close(p, T.ones(2))
    with pytest.raises(TypeError, match="No comparison pair"):
        assert_close(p, T.ones(2), allow_subclasses=False)


@pytest.mark.parametrize("actual,expected,kwargs", [
    (lambda: t([1., 2.]), lambda: t([1., 2. + 1e-6]), {}),
    (lambda: t([nan, 1.]), lambda: t([nan, 1.]), {"equal_nan": True}),
    (lambda: t([inf, -inf]), lambda: t([inf, -inf]), {}),
    (lambda: t([1.], dtype=T.float16), lambda: t([1.0009], dtype=T.float16), {}),
    (lambda: t([1.]), lambda: t([1.], dtype=T.float64), {"check_dtype": False}),
    (lambda: t([1]), lambda: t([1.]), {"check_dtype": False}),
    (lambda: t([1., 2.]), lambda: t([1.05, 2.1]), {"rtol": 0.1, "atol": 0}),
    (lambda: T.ones(2, 3), lambda: T.ones(3, 2).t(), {}),
    (lambda: T.ones(2, requires_grad=True), lambda: T.ones(2), {}),
    (lambda: t([]), lambda: t([]), {}),
    (lambda: None, lambda: None, {}),
    (lambda: 1 + 0j, lambda: 1 + 0j, {}),
    (lambda: np.int64(3), lambda: 3, {}),
    (lambda: 1.0, lambda: 1, {"check_dtype": False}),
    (lambda: nan, lambda: nan, {"equal_nan": True}),
    (lambda: [t(1.), (2, {"x": t([3])})], lambda: [t(1.), (2, {"x": t([3])})], {}),
    (lambda: t([1.]), lambda: t([1.]), {"check_device": False}),
])
def test_assert_close_passes(mode, actual, expected, kwargs):
    assert assert_close(actual(), expected(), **kwargs) is None


def test_assert_allclose_is_deprecated_and_looser(mode):
    with pytest.warns(FutureWarning, match=r"assert_allclose\(\)` is deprecated since 1\.12"):
        assert_allclose(t([1., 2.]), [1., 2.0001])  # rtol 1e-4 for float32
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        assert_allclose(t([1., nan]), [1., nan])  # NaNs are equal by default
        assert_allclose(1.0, 1.00001)
        with pytest.raises(AssertionError) as info:
            assert_allclose(t([1., 2.]), [1., 2.1])
        assert str(info.value) == (
            CLOSE + "Mismatched elements: 1 / 2 (50.0%)\n"
            "Greatest absolute difference: 0.09999990463256836 at index (1,) (up to 1e-05 "
            "allowed)\nGreatest relative difference: 0.04761900380253792 at index (1,) (up to "
            "0.0001 allowed)")
        with pytest.raises(AssertionError, match="^mine$"):
            assert_allclose(t([1., 2.]), [1., 2.1], msg="mine")
        with pytest.raises(AssertionError) as info:
            assert_allclose(t([1, 2]), [1, 3])
        assert str(info.value) == (
            EQUAL + "Mismatched elements: 1 / 2 (50.0%)\nGreatest absolute difference: 1 at "
            "index (1,)\nGreatest relative difference: 0.3333333432674408 at index (1,)")


# ---- make_tensor ----------------------------------------------------------------------------
RANGES = {T.bool: (0, 1), T.uint8: (0, 9), T.int8: (-9, 9), T.int16: (-9, 9), T.int32: (-9, 9),
          T.int64: (-9, 9), T.float16: (-9, 9), T.bfloat16: (-9, 9), T.float32: (-9, 9),
          T.float64: (-9, 9)}


@pytest.mark.parametrize("dt", list(RANGES), ids=str)
def test_make_tensor_default_ranges(dt):
    x = make_tensor(40, 50, dtype=dt, device="cpu")
    assert x.dtype is dt and x.shape == (40, 50) and x.is_contiguous()
    assert x.device == T.device("cpu") and not x.requires_grad
    v = x.double().numpy() if dt is not T.bool else x.numpy().astype(np.int64)
    lo, hi = RANGES[dt]
    assert v.min() >= lo and v.max() <= hi
    if dt.is_floating_point:  # spread over [-9, 9) (float16/bfloat16 may round up to 9)
        assert v.min() < -8 and v.max() > 8
        assert v.max() < 9 or dt in (T.float16, T.bfloat16)
    else:
        assert set(np.unique(v)) == set(range(lo, hi + 1))  # every integer of [low, high)


def test_make_tensor_arguments():
    T.manual_seed(3)
    a = make_tensor((2, 3), dtype=T.float32, device="cpu", low=-1, high=1)
    T.manual_seed(3)
    b = make_tensor([2, 3], dtype=T.float32, device="cpu", low=-1, high=1)
    assert a.shape == (2, 3) and a.tolist() == b.tolist()  # jtorch's RNG, seeded
    assert (a.abs() <= 1).all()
    x = make_tensor(5, dtype=T.int64, device="cpu", low=2.5, high=3.5)
    assert x.tolist() == [3] * 5  # integer bounds are rounded up
    x = make_tensor(300, dtype=T.int8, device="cpu", low=-1000, high=1000)
    assert x.min().item() >= -128 and x.max().item() <= 127  # clamped to the dtype
    x = make_tensor(300, dtype=T.float16, device="cpu", low=-1e30, high=1e30)
    assert np.isfinite(x.float().numpy()).all() and x.abs().max().item() > 1000
    g = make_tensor(3, dtype=T.float64, device="cpu", requires_grad=True)
    assert g.requires_grad and g.is_leaf


def test_make_tensor_noncontiguous_and_exclude_zero():
    x = make_tensor(4, 5, dtype=T.float32, device="cpu", noncontiguous=True)
    assert x.shape == (4, 5) and not x.is_contiguous() and x.stride() == (10, 2)
    x = make_tensor(1, dtype=T.float32, device="cpu", noncontiguous=True)
    assert x.is_contiguous()  # one element: noncontiguous is ignored, as in PyTorch
    x = make_tensor(200, dtype=T.int32, device="cpu", low=0, high=2, exclude_zero=True)
    assert x.tolist() == [1] * 200
    x = make_tensor(200, dtype=T.bool, device="cpu", exclude_zero=True)
    assert x.all().item()
    x = make_tensor(3, 40, dtype=T.float32, device="cpu", low=0, high=1e-38, exclude_zero=True,
                    noncontiguous=True, requires_grad=True)
    assert (x > 0).all().item() and not x.is_contiguous() and x.requires_grad


def test_make_tensor_low_equal_high_warns():
    with pytest.warns(FutureWarning, match="Passing `low==high`"):
        x = make_tensor(3, dtype=T.float32, device="cpu", low=2, high=2)
    assert x.tolist() == [2.0] * 3


@pytest.mark.parametrize("kwargs,exc,msg", [
    ({"dtype": T.int64, "requires_grad": True}, ValueError,
     "`requires_grad=True` is not supported for boolean and integral dtypes, but got "
     "dtype=torch.int64"),
    ({"dtype": T.float32, "low": 5, "high": 3}, ValueError,
     "`low` must be less than `high`, but got 5 >= 3"),
    ({"dtype": T.float32, "low": nan, "high": 3}, ValueError,
     "`low` and `high` cannot be NaN, but got low=nan and high=3"),
    ({"dtype": T.int8, "low": 200, "high": 300}, ValueError,
     "The value interval specified by `low` and `high` is [200, 300), but torch.int8 only "
     "supports [-128, 128)"),
    ({"dtype": T.uint8, "low": -5, "high": -1}, ValueError,
     "The value interval specified by `low` and `high` is [-5, -1), but torch.uint8 only "
     "supports [0, 256)"),
    ({"dtype": T.float16, "low": 1e6, "high": 1e7}, ValueError,
     "The value interval specified by `low` and `high` is [1000000.0, 10000000.0), but "
     "torch.float16 only supports [-65504.0, 65504.0)"),
])
def test_make_tensor_errors(kwargs, exc, msg):
    with pytest.raises(exc) as info:
        make_tensor(3, device="cpu", **kwargs)
    assert str(info.value) == msg


def test_make_tensor_requires_device():
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'device'"):
        make_tensor(3, dtype=T.float32)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(0, 4), max_size=3), st.sampled_from(list(RANGES)),
       st.booleans())
def test_make_tensor_shapes(shape, dt, noncontiguous):
    x = make_tensor(*shape, dtype=dt, device="cpu", noncontiguous=noncontiguous)
    assert tuple(x.shape) == tuple(shape) and x.dtype is dt
    assert_close(x, x.clone())
