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


# ---- a small CNN's training loop (bench/cnn.py's architecture) and the conv lowering ----------
# tests/reference/nn_cnn_step.json (gen_nn_cnn_step.py): first-step logits and gradients, then
# the losses and parameters after three SGD-momentum steps; run as the unchanged loop and as a
# jtorch.compile'd step.
CNN = load_reference("nn_cnn_step")


def _cnn_setup():
    import sys
    import pathlib
    sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
    import gen_nn_cnn_step as gen
    import jtorch.optim
    params, x, y = gen.inputs()
    model = gen.build(nn)
    model.load_state_dict({k: torch.tensor(v) for k, v in params.items()})
    opt = jtorch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    return gen, model, opt, torch.tensor(x), torch.tensor(y)


@pytest.mark.parametrize("how", ["loop", "compiled"])
def test_cnn_training_steps_match_pytorch(how):
    from conftest import assert_matches
    gen, model, opt, x, y = _cnn_setup()
    crit = nn.CrossEntropyLoss()
    seen = {}

    def step():
        opt.zero_grad()
        logits = model(x)
        loss = crit(logits, y)
        loss.backward()
        if how == "loop" and not seen:
            seen["logits"] = logits.detach().clone()
            seen["grads"] = {k: p.grad.clone() for k, p in model.named_parameters()}
        opt.step()
        return loss

    if how == "compiled":
        if not hasattr(torch, "compile"):
            pytest.skip("jtorch.compile is not built yet")
        step = torch.compile(step, fullgraph=True)  # raises instead of running eagerly
    losses = [step().item() for _ in range(gen.STEPS)]
    np.testing.assert_allclose(losses, CNN["losses"], rtol=2e-5)
    if how == "loop":
        assert_matches(seen["logits"], CNN["logits"], rtol=2e-5, atol=2e-5)
        for k, want in CNN["grads"].items():
            assert_matches(seen["grads"][k], want, rtol=2e-5, atol=2e-5)
    for k, p in model.named_parameters():
        assert_matches(p.detach(), CNN["params"][k], rtol=2e-5, atol=2e-5)


def test_conv_kernel_is_one_xla_convolution_in_pytorch_layout():
    """conv2d lowers to a single lax.conv_general_dilated on NCHW input / OIHW weight (XLA picks
    its own physical layout; a per-op transpose to NHWC would only add the transposes XLA
    already inserts), with no patch extraction or extra dots."""
    import jax
    import jax.numpy as jnp
    from jtorch.nn.functional.conv import _conv_kernel
    x = jnp.ones((2, 3, 8, 8), jnp.float32)
    w = jnp.ones((4, 3, 3, 3), jnp.float32)
    b = jnp.ones((4,), jnp.float32)
    jaxpr = jax.make_jaxpr(lambda x, w, b: _conv_kernel(
        x, w, b, stride=(1, 1), padding=((0, 0), (0, 0)), dilation=(1, 1), groups=1,
        unbatched=False))(x, w, b)
    convs = [e for e in jaxpr.eqns if e.primitive.name == "conv_general_dilated"]
    assert len(convs) == 1
    dn = convs[0].params["dimension_numbers"]
    assert (dn.lhs_spec, dn.rhs_spec, dn.out_spec) == ((0, 1, 2, 3),) * 3
    assert not [e for e in jaxpr.eqns if e.primitive.name in ("dot_general", "transpose")]


def test_xla_cpu_option_configuration(monkeypatch):
    """jtorch._xla_flags.configure: appends its YNNPACK option to XLA_FLAGS, keeps what is there,
    and never touches a user's own setting of that option."""
    from jtorch import _xla_flags as xf
    monkeypatch.setattr(xf, "_backend_started", lambda: False)
    monkeypatch.setattr(xf, "_jaxlib_version", lambda: (0, 10, 2))
    want = f"--{xf.OPTION}={xf.VALUE}"
    env = {}
    assert xf.configure(env) and env["XLA_FLAGS"] == want
    env = {"XLA_FLAGS": "--xla_backend_optimization_level=0"}
    assert xf.configure(env) and env["XLA_FLAGS"] == "--xla_backend_optimization_level=0 " + want
    for user in ("--xla_cpu_experimental_ynn_fusion_type=", "--xla_cpu_experimental_ynn_fusion_"
                 "type=+individual_dot --xla_cpu_use_thunk_runtime=true"):
        env = {"XLA_FLAGS": user}
        assert not xf.configure(env) and env["XLA_FLAGS"] == user
    for version in ((0, 4, 30), (0, 10, 1), (0, 12, 0), None):  # unverified jaxlib: hands off
        monkeypatch.setattr(xf, "_jaxlib_version", lambda v=version: v)
        env = {}
        assert not xf.configure(env) and env == {}
    monkeypatch.setattr(xf, "_jaxlib_version", lambda: (0, 10, 2))
    monkeypatch.setattr(xf, "_backend_started", lambda: True)  # too late to take effect
    env = {}
    assert not xf.configure(env) and env == {}


def test_xla_cpu_option_takes_effect_before_backend_starts():
    """In a fresh process, configure() before JAX's CPU backend starts turns YNNPACK
    convolutions off (XLA's own convolution runs; YNNPACK dots stay)."""
    import os
    import pathlib
    import subprocess
    import sys
    from jtorch import _xla_flags as xf
    if xf._jaxlib_version() is None or not (
            xf._JAXLIB_RANGE[0] <= xf._jaxlib_version() < xf._JAXLIB_RANGE[1]):
        pytest.skip("jaxlib outside the range the option is set for")
    path = pathlib.Path(xf.__file__)
    code = f"""
import importlib.util, re
spec = importlib.util.spec_from_file_location("xf", {str(path)!r})
xf = importlib.util.module_from_spec(spec); spec.loader.exec_module(xf)
assert xf.configure()
import jax, jax.numpy as jnp
x = jnp.ones((4, 8, 10, 10), jnp.float32); w = jnp.ones((8, 8, 3, 3), jnp.float32)
conv = jax.jit(lambda x, w: jax.lax.conv_general_dilated(x, w, (1, 1), "VALID"))
a = jnp.ones((64, 256), jnp.float32)
dot = jax.jit(lambda a: a @ a.T)
print(len(re.findall("__ynn", conv.lower(x, w).compile().as_text())),
      len(re.findall("__ynn", dot.lower(a).compile().as_text())))
"""
    env = {k: v for k, v in os.environ.items() if k not in ("XLA_FLAGS", "JAX_PLATFORMS")}
    env["JAX_PLATFORMS"] = "cpu"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    conv_ynn, dot_ynn = (int(v) for v in out.stdout.split())
    assert conv_ynn == 0  # XLA's own convolution
    assert dot_ynn >= 1  # dots stay on YNNPACK (XLA's default on these jaxlibs)
