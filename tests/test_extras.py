"""Tests for jtorch/_ops/extras.py, torch.cpu, nn.AdaptiveLogSoftmaxWithLoss, nn.CrossMapLRN2d
and F.gumbel_softmax against PyTorch's values (tests/reference/gen_extras.py)."""
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch
import jtorch as torch
from jtorch.nn.functional.gumbel import gumbel_softmax
from jtorch.nn.modules.adaptive import AdaptiveLogSoftmaxWithLoss
from jtorch.nn.modules.cross_map_lrn import CrossMapLRN2d

from conftest import assert_matches, load_reference

REF = load_reference("extras")
CASES = REF["cases"]


def ip(t, name, *args, **kwargs):
    c = t.clone()
    r = getattr(c, name)(*args, **kwargs)
    assert r is c
    return c


def _env():
    env = {"torch": jtorch, "np": np, "ip": ip}
    exec(REF["setup"], env)
    return env


def _compare(got, ref, rtol=1e-5, atol=1e-6):
    if "tensor" in ref:
        assert_matches(got, ref["tensor"], rtol=rtol, atol=atol)
    elif "seq" in ref:
        assert type(got).__name__ == ref["type"], (type(got), ref["type"])
        assert len(got) == len(ref["seq"])
        for g, r in zip(got, ref["seq"]):
            _compare(g, r, rtol, atol)
    else:
        v = ref["value"]
        if isinstance(got, (tuple, jtorch.Size)):
            got = list(got)
        if isinstance(got, jtorch.dtype):
            got = str(got)
        assert got == v, (got, v)


@pytest.mark.parametrize("case", CASES, ids=[c["expr"][:60] for c in CASES])
def test_case(case):
    env = _env()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if "error" in case:
            exc = {"RuntimeError": RuntimeError, "IndexError": IndexError,
                   "TypeError": TypeError, "ValueError": ValueError,
                   "NotImplementedError": NotImplementedError}[case["error"]]
            with pytest.raises(exc) as info:
                r = eval(case["expr"], env)
                jtorch.sync()
                del r
            assert str(info.value) == case["message"], (str(info.value), case["message"])
        else:
            got = eval(case["expr"], env)
            _compare(got, case["result"])


PARITY = ["torch.histogram(x6, 4)", "torch.histogramdd(pts3, bins=[3, 2])",
          "torch.gradient(y, spacing=[torch.tensor([0., 1, 1.5, 3.5])], dim=1, edge_order=2)",
          "ones53.index_reduce(0, idx, src, 'mean', include_self=False)",
          "torch.nonzero_static(nz, size=4)"]


@pytest.mark.parametrize("expr", PARITY)
def test_parity_modes(mode, expr):
    """A few cases in both deferred and eager debug modes."""
    case = next(c for c in CASES if c["expr"] == expr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _compare(eval(expr, _env()), case["result"])


# ---- value-dependent errors raised at the next sync ----------------------------------------
def test_index_reduce_pending_index_raises_at_sync():
    idx = torch.tensor([1, 7]) * 1  # a pending index: checked in the program
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = torch.ones(5, 3).index_reduce(0, idx, torch.ones(2, 3), "prod")
    with pytest.raises(IndexError, match="index out of range in self"):
        out.sum().item()


def test_histogram_nonfinite_data_range_raises_at_sync():
    h = torch.histogram(torch.tensor([1., float("inf")]), 3)
    with pytest.raises(RuntimeError, match=re.escape("dimension 0's range [1, inf] is not "
                                                     "finite")):
        h.hist.tolist()


def test_histogram_nan_range_raises_when_given():
    with pytest.raises(RuntimeError, match=re.escape("range [nan, 1] is not finite")):
        torch.histogram(torch.tensor([1., 2.]), 3, range=(float("nan"), 1.))


def test_index_reduce_gradients_match_pytorch():
    """Gradients of every reduction, with ties between sources and between self and a
    source (PyTorch shares the gradient evenly among tied values)."""
    env = _env()
    xv = env["ones53"] * 2.0
    sv = env["srcn"].clone()
    sv[3] = sv[0]
    xv[2] = sv[2]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for ref in REF["index_reduce_grads"]:
            x = xv.clone().requires_grad_()
            s = sv.clone().requires_grad_()
            o = x.index_reduce(0, env["idx"], s, ref["reduce"], include_self=ref["include_self"])
            (o * torch.arange(15.).view(5, 3)).sum().backward()
            assert_matches(o.detach(), ref["out"], rtol=1e-6)
            assert_matches(x.grad, ref["x_grad"], rtol=1e-5)
            assert_matches(s.grad, ref["s_grad"], rtol=1e-5)


def test_index_reduce_warns_beta_once():
    from jtorch._ops import extras
    extras._warned_index_reduce[0] = False
    with pytest.warns(UserWarning, match="index_reduce\\(\\) is in beta"):
        torch.ones(2).index_reduce(0, torch.tensor([0]), torch.ones(1), "prod")


# ---- in-place torch functions are the Tensor methods ---------------------------------------
def test_inplace_function_identity():
    names = ["abs_", "acos_", "arccosh_", "ceil_", "clamp_", "clip_", "deg2rad_", "exp2_",
             "fix_", "i0_", "lcm_", "log2_", "neg_", "negative_", "rsqrt_", "sinc_",
             "square_", "trunc_", "detach_", "index_put_", "resize_as_", "as_strided_"]
    for n in names:
        assert getattr(torch, n) is getattr(torch.Tensor, n), n
    t = torch.tensor([-1.0, 4.0])
    assert torch.abs_(t) is t and t.tolist() == [1.0, 4.0]


# ---- is_inference ---------------------------------------------------------------------------
def test_is_inference_default_false():
    t = torch.ones(2)
    assert torch.is_inference(t) is False and t.is_inference() is False


def test_is_inference_marks_tensors_made_under_inference_mode():
    x = torch.ones(2)
    with torch.inference_mode():
        y = x * 2
        v = y[:1]
    with torch.no_grad():
        z = x * 2
    assert y.is_inference() and v.is_inference() and torch.is_inference(y)
    assert not x.is_inference() and not z.is_inference() and not (y + 1).is_inference()


# ---- frombuffer copies, nonzero_static has a static shape ----------------------------------
def test_frombuffer_readonly_warns_once():
    from jtorch._ops import extras
    extras._warned_readonly[0] = False
    with pytest.warns(UserWarning, match="The given buffer is not writable"):
        t = torch.frombuffer(b"ab", dtype=torch.uint8)
    assert t.tolist() == [97, 98]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch.frombuffer(b"ab", dtype=torch.uint8)


def test_frombuffer_requires_grad_and_copy():
    b = bytearray(np.array([1.5, 2.5], np.float32).tobytes())
    t = torch.frombuffer(b, dtype=torch.float32, requires_grad=True)
    assert t.requires_grad and t.is_leaf
    assert t.tolist() == [1.5, 2.5]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(-2, 2), min_size=10, max_size=10), st.sampled_from([0, 4, 12]))
def test_nonzero_static_matches_numpy(vals, size):
    a = np.asarray(vals, np.int64)
    got = torch.nonzero_static(torch.tensor(a), size=size, fill_value=-3).numpy()
    nz = np.argwhere(a != 0)[:size]
    want = np.full((size, 1), -3, np.int64)
    want[:len(nz)] = nz
    np.testing.assert_array_equal(got, want)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-10, 10, width=32), min_size=16, max_size=16), st.sampled_from([3, 7]))
def test_histogram_matches_numpy(vals, bins):
    a = np.asarray(vals, np.float32)
    h, e = torch.histogram(torch.tensor(a), bins)
    nh, ne = np.histogram(a.astype(np.float64), bins=e.numpy().astype(np.float64))
    np.testing.assert_array_equal(h.numpy(), nh.astype(np.float32))
    assert h.numpy().sum() == len(vals)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-5, 5, width=64), min_size=8, max_size=8), st.sampled_from([1, 2]),
       st.floats(0.1, 3.0))
def test_gradient_matches_numpy(vals, edge_order, dx):
    a = np.asarray(vals, np.float64)
    (g,) = torch.gradient(torch.tensor(a), spacing=dx, edge_order=edge_order)
    np.testing.assert_allclose(g.numpy(), np.gradient(a, dx, edge_order=edge_order),
                               rtol=1e-9, atol=1e-9)


# ---- *_copy are not views -------------------------------------------------------------------
def test_copies_are_fresh():
    a = torch.arange(6.).view(2, 3)
    c = torch.transpose_copy(a, 0, 1)
    parts = torch.split_copy(a, 1, 0)
    n = a.narrow_copy(1, 0, 2)
    a.add_(100)
    assert c.tolist() == [[0., 3.], [1., 4.], [2., 5.]]
    assert parts[0].tolist() == [[0., 1., 2.]]
    assert n.tolist() == [[0., 1.], [3., 4.]]
    assert not c._is_view() and not n._is_view()
    x = torch.ones(2, requires_grad=True)
    torch.alias_copy(x).sum().backward()
    assert x.grad.tolist() == [1., 1.]


# ---- cond / while_loop ----------------------------------------------------------------------
def test_cond_non_sequence_operands():
    with pytest.raises(RuntimeError, match="Expect operands to be a tuple"):
        torch.cond(True, lambda a: a, lambda a: a, torch.ones(1))


# ---- apply_ / set_ / as_strided_ -----------------------------------------------------------
def test_apply_writes_through_view():
    base = torch.arange(6.).view(2, 3)
    base[1].apply_(lambda v: -v)
    assert base.tolist() == [[0., 1., 2.], [-3., -4., -5.]]


def test_set_shares_storage_both_ways():
    a = torch.zeros(3)
    b = torch.ones(2)
    assert a.set_(b) is a
    assert a.is_set_to(b) and a.tolist() == [1., 1.]
    b.add_(1)
    assert a.tolist() == [2., 2.]
    a.mul_(3)
    assert b.tolist() == [6., 6.]
    base = torch.arange(4.)
    v = torch.empty(0)
    v.set_(base[1:3])
    v.zero_()
    assert base.tolist() == [0., 0., 0., 3.]
    assert torch.zeros(2).set_().shape == (0,)


def test_storage_sharing_matches_pytorch(mode):
    """set_ / as_strided_ with views taken before and after: what PyTorch's shared storage
    shows (tests/reference/gen_extras.py STORAGE)."""
    env = {"torch": jtorch}
    exec(REF["storage"], env)
    assert env["results"] == REF["storage_results"]


def test_set_with_geometry():
    b = torch.arange(6.)
    a = torch.empty(0)
    a.set_(b, 1, (2,), (2,))
    assert a.tolist() == [1., 3.] and a.stride() == (2,) and a.storage_offset() == 1
    a.fill_(-1)
    assert b.tolist() == [0., -1., 2., -1., 4., 5.]


def test_inplace_on_leaf_requiring_grad_raises():
    msg = "a leaf Variable that requires grad is being used in an in-place operation."
    for f in (lambda t: t.set_(torch.ones(2)), lambda t: t.as_strided_((1,), (1,)),
              lambda t: t.index_reduce_(0, torch.tensor([0]), torch.ones(1), "prod")):
        with pytest.raises(RuntimeError, match=re.escape(msg)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                f(torch.zeros(2, requires_grad=True))


def test_set_storage_raises():
    with pytest.raises(NotImplementedError, match="no storage objects"):
        torch.zeros(2).set_(object())


def test_as_strided_inplace_reads_storage():
    z = torch.arange(6.)
    r = z.as_strided_((2, 2), (1, 2), 1)
    assert r is z and z.shape == (2, 2) and z.stride() == (1, 2)
    assert z.tolist() == [[1., 3.], [2., 4.]]
    z.fill_(0)
    assert z.tolist() == [[0., 0.], [0., 0.]]


def test_as_strided_scatter_grad():
    x = torch.zeros(6, requires_grad=True)
    s = torch.ones(2, 2, requires_grad=True)
    out = torch.as_strided_scatter(x * 2, s * 3, (2, 2), (1, 2), 1)
    out.sum().backward()
    assert x.grad.tolist() == [2., 0., 0., 0., 0., 2.]
    assert s.grad.tolist() == [[3., 3.], [3., 3.]]


# ---- torch.cpu -------------------------------------------------------------------------------
def test_cpu_module():
    cpu = torch.cpu
    assert cpu.is_available() is True and cpu.device_count() == 1
    assert cpu.current_device() == "cpu"
    t = torch.ones(2) * 3
    cpu.synchronize()
    assert t._nd.value is not None  # synchronize ran the pending work
    cpu.set_device("cpu")
    s = cpu.Stream()
    default = cpu.current_stream()
    with cpu.stream(s):
        assert cpu.current_stream() is s
    assert cpu.current_stream() is default
    with cpu.StreamContext(None):
        assert cpu.current_stream() is default
    assert cpu.Event().query() is True
    with pytest.warns(FutureWarning, match="torch.cpu.amp.autocast"):
        ac = cpu.amp.autocast(enabled=False)
    with ac:
        pass
    import jtorch.cpu.amp as amp  # noqa: F401  (importable as a module)
    assert amp.autocast is cpu.amp.autocast
    with pytest.warns(FutureWarning, match="torch.cpu.amp.GradScaler"):
        gs = cpu.amp.GradScaler(init_scale=8.0)
    assert gs.get_scale() == 8.0


# ---- nn: AdaptiveLogSoftmaxWithLoss / CrossMapLRN2d / gumbel_softmax -----------------------
def test_adaptive_log_softmax_matches_pytorch():
    ref = REF["asm"]
    env = _env()
    torch.manual_seed(0)
    m = AdaptiveLogSoftmaxWithLoss(16, 15, [4, 8, 12], div_value=2.0, head_bias=True)
    assert repr(m) == ref["repr"]
    assert_matches(m.head.weight.detach(), ref["head_weight"])
    assert_matches(m.head.bias.detach(), ref["head_bias"])
    assert_matches(m.tail[1][0].weight.detach(), ref["tail_1_0"])
    assert_matches(m.tail[2][1].weight.detach(), ref["tail_2_1"])
    o = m(env["asm_in"], env["asm_t"])
    assert type(o).__name__ == "_ASMoutput" and o._fields == ("output", "loss")
    assert_matches(o.output, ref["output"], rtol=1e-5)
    assert_matches(o.loss, ref["loss"], rtol=1e-5)
    o.loss.backward()
    assert_matches(m.head.weight.grad, ref["head_grad"], rtol=1e-4, atol=1e-6)
    assert_matches(m.tail[0][0].weight.grad, ref["tail_0_0_grad"], rtol=1e-4, atol=1e-6)
    assert_matches(m.log_prob(env["asm_in"]), ref["log_prob"], rtol=1e-5)
    assert_matches(m.predict(env["asm_in"]), ref["predict"])
    assert_matches(m(env["asm_in"][0], env["asm_t"][0]).output, ref["single"], rtol=1e-5)


def test_adaptive_log_softmax_errors():
    with pytest.raises(ValueError, match="cutoffs should be a sequence of length larger"):
        AdaptiveLogSoftmaxWithLoss(4, 10, [])
    with pytest.raises(ValueError, match="unique, positive integers sorted"):
        AdaptiveLogSoftmaxWithLoss(4, 10, [5, 3])
    with pytest.raises(ValueError, match="unique, positive integers sorted"):
        AdaptiveLogSoftmaxWithLoss(4, 10, [3, 10])
    with pytest.warns(UserWarning, match="Initializing zero-element tensors is a no-op"):
        m = AdaptiveLogSoftmaxWithLoss(4, 10, [3, 6])  # 4 // 16 = 0 hidden units, as PyTorch
    x = torch.randn(3, 4)
    with pytest.raises(RuntimeError, match="same size in the batch dimension"):
        m(x, torch.tensor([1, 2]))
    with pytest.raises(RuntimeError, match="0D or 1D target tensor expected"):
        m(x, torch.zeros(3, 1, dtype=torch.int64))
    with pytest.raises(RuntimeError, match="0D target tensor expects 1D input"):
        m(x, torch.tensor(1))
    # a ready target is checked at the call, as PyTorch does; a pending one at the sync
    with pytest.raises(RuntimeError, match=re.escape("Target values should be in [0, 9], but "
                                                     "values in range [-1, 12] were found. ")):
        m(x, torch.tensor([1, 12, -1]))
    out = m(x, torch.tensor([1, 12, -1]) * 1)
    with pytest.raises(RuntimeError, match=re.escape("Target values should be in [0, 9], but "
                                                     "values in range [-1, 12] were found. ")):
        out.loss.item()


def test_cross_map_lrn2d_matches_pytorch():
    ref = REF["lrn"]
    env = _env()
    m = CrossMapLRN2d(3, alpha=0.1, beta=0.6, k=2)
    assert repr(m) == ref["repr"]
    inp = env["lrn_in"].clone().requires_grad_()
    out = m(inp)
    assert_matches(out, ref["out"], rtol=1e-5)
    (out * torch.arange(out.numel()).view(out.shape)).sum().backward()
    assert_matches(inp.grad, ref["grad"], rtol=1e-4, atol=1e-5)
    assert_matches(CrossMapLRN2d(5)(env["lrn_in"]), ref["out5"], rtol=1e-5)
    with pytest.raises(ValueError, match="Expected input to be 4D, got 3D instead."):
        m(torch.ones(2, 3, 4))


def test_gumbel_softmax_matches_pytorch_stream():
    ref = REF["gumbel"]
    logits = _env()["logits"]
    torch.manual_seed(3)
    soft = gumbel_softmax(logits, tau=0.5)
    hard = gumbel_softmax(logits, hard=True, dim=0)
    dbl = gumbel_softmax(logits.double())
    assert_matches(soft, ref["soft"], rtol=1e-5)
    assert_matches(hard, ref["hard"])
    assert_matches(dbl, ref["double"], rtol=1e-9)


def test_gumbel_softmax_hard_straight_through_and_eps_warning():
    x = torch.randn(4, 3, requires_grad=True)
    y = gumbel_softmax(x, hard=True)
    assert sorted(set(y.detach().flatten().tolist())) == [0.0, 1.0]
    assert y.sum(1).tolist() == [1.0] * 4
    (y * torch.arange(3.)).sum().backward()
    assert x.grad is not None and float(x.grad.abs().sum()) > 0
    with pytest.warns(UserWarning, match="`eps` parameter is deprecated"):
        gumbel_softmax(x, eps=1e-5)
