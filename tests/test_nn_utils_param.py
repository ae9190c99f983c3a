"""torch.nn.utils parametrizations: parametrize (register/remove/cached/type_before),
parametrizations.weight_norm / spectral_norm / orthogonal, the hook-based weight_norm /
spectral_norm, fusion, skip_init, stateless.functional_call and the memory-format helpers.

Each scenario in tests/reference/gen_nn_utils_param.py runs here with jtorch (the same code
that produced PyTorch's numbers): forward values, gradients, SGD steps, buffers, state_dict keys,
printed modules, warnings and error messages. Parity scenarios run deferred (modules captured
as one node) and eagerly."""
import copy
import pathlib
import sys
import warnings

import numpy as np
import pytest

import jtorch as torch
import jtorch.func  # noqa: F401
import jtorch.nn as nn
import jtorch.optim  # noqa: F401
from jtorch.nn.utils import parametrize as P, parametrizations as PZ
from conftest import load_reference, assert_matches

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
import gen_nn_utils_param as G  # noqa: E402

REF = load_reference("nn_utils_param")


def compare(got, want, path=""):
    if isinstance(want, dict) and "__tensor__" in want:
        assert isinstance(got, torch.Tensor), (path, got)
        assert_matches(got, want["__tensor__"], rtol=2e-5, atol=2e-5)
    elif isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), (path, got)
        for k in want:
            compare(got[k], want[k], f"{path}.{k}")
    elif isinstance(want, list):
        assert isinstance(got, (list, tuple)) and len(got) == len(want), (path, got, want)
        for i, (g, w) in enumerate(zip(got, want)):
            compare(g, w, f"{path}[{i}]")
    else:
        assert got == want, (path, got, want)


def _plain(x):
    """A scenario's result with tuples as lists (tensors stay jtorch tensors)."""
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    return x


def _run(name):
    torch.manual_seed(0)
    with warnings.catch_warnings():
        return _plain(G.SCENARIOS[name](torch))


PARITY = [n for n in G.SCENARIOS if n != "errors"]


@pytest.mark.parametrize("name", PARITY)
def test_parity(mode, name):
    compare(_run(name), REF[name], name)


def test_errors():
    got = _run("errors")
    for k, want in REF["errors"].items():
        assert got[k] == want, (k, got[k], want)


# ---- compiled module calls ----------------------------------------------------------------
def _train(build, disabled, steps=3):
    """Losses of SGD on a parametrized model, with module capture on or off."""
    torch.manual_seed(0)
    model = build()
    x = torch.tensor(G._np((6, 4), 90))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    losses = []
    if disabled:
        torch.compiler.disable()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a graph break warning fails the test
            for _ in range(steps):
                opt.zero_grad()
                loss = (model(x) ** 2).mean()
                loss.backward()
                opt.step()
                losses.append(loss.item())
    finally:
        torch.compiler.enable()
    return np.array(losses), {k: v.numpy() for k, v in model.state_dict().items()}


def _wn_model():
    m = nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 2))
    PZ.weight_norm(m[0])
    PZ.spectral_norm(m[2])
    P.register_parametrization(m[2], "bias", _Double())
    return m


class _Double(nn.Module):
    def forward(self, x):
        return x * 2

    def right_inverse(self, x):
        return x / 2


def test_compiled_matches_eager():
    before = dict(torch.compiler.compile_counts())
    lc, sc = _train(_wn_model, disabled=False)
    counts = torch.compiler.compile_counts()
    assert counts.get("Sequential.forward", 0) > before.get("Sequential.forward", 0)
    le, se = _train(_wn_model, disabled=True)
    np.testing.assert_allclose(lc, le, rtol=1e-5)
    assert lc[-1] < lc[0]
    assert sorted(sc) == sorted(se)
    for k in sc:  # parameters and spectral norm's u/v buffers (written by the captured node)
        np.testing.assert_allclose(sc[k], se[k], rtol=1e-5, atol=1e-6, err_msg=k)


# ---- behaviour ----------------------------------------------------------------------------
def test_recomputed_on_every_access():
    m = PZ.weight_norm(nn.Linear(3, 2))
    w1 = m.weight
    with torch.no_grad():
        m.parametrizations.weight.original0.mul_(2)
    np.testing.assert_allclose(m.weight.detach().numpy(), 2 * w1.detach().numpy(), rtol=1e-6)
    assert m.weight is not m.weight
    with P.cached():
        a = m.weight
        assert m.weight is a
        with P.cached():
            assert m.weight is a
        assert m.weight is a
    assert m.weight is not a
    assert isinstance(m, nn.Linear) and type(m).__name__ == "ParametrizedLinear"


def test_remove_restores_class_and_parameter():
    m = nn.Linear(3, 3)
    P.register_parametrization(m, "weight", _Double())
    P.register_parametrization(m, "bias", _Double())
    cls = type(m)
    P.remove_parametrizations(m, "weight")
    assert type(m) is cls and P.is_parametrized(m) and not P.is_parametrized(m, "weight")
    assert isinstance(m.weight, nn.Parameter)
    P.remove_parametrizations(m, "bias")
    assert type(m) is nn.Linear and not hasattr(m, "parametrizations")
    assert not hasattr(nn.Linear, "weight")
    assert [n for n, _ in m.named_parameters()] == ["weight", "bias"]
    assert P.type_before_parametrizations(m) is nn.Linear


def test_unsafe_allows_shape_change():
    class Grow(nn.Module):
        def forward(self, x):
            return torch.cat([x, x])

    m = P.register_parametrization(nn.Linear(3, 2), "weight", Grow(), unsafe=True)
    assert m.weight.shape == (4, 3)
    assert m.parametrizations.weight.unsafe is True


def test_weight_norm_loads_old_keys():
    src = nn.Linear(3, 2)
    old = {"weight_g": torch.full((2, 1), 2.0), "weight_v": torch.ones(2, 3),
           "bias": src.bias.detach()}
    m = PZ.weight_norm(nn.Linear(3, 2))
    m.load_state_dict(old)
    np.testing.assert_allclose(m.weight.detach().numpy(), np.full((2, 3), 2 / np.sqrt(3)),
                               rtol=1e-6)


def test_state_dict_round_trip_and_deepcopy():
    a = PZ.spectral_norm(nn.Linear(3, 4))
    b = PZ.spectral_norm(nn.Linear(3, 4))
    b.load_state_dict(a.state_dict())
    a.eval(), b.eval()
    np.testing.assert_allclose(a.weight.detach().numpy(), b.weight.detach().numpy())
    c = copy.deepcopy(a)
    assert type(c).__name__ == "ParametrizedLinear" and type(c) is type(a)
    with torch.no_grad():
        c.parametrizations.weight.original.zero_()
    assert float(a.parametrizations.weight.original.abs().sum()) > 0


def test_old_weight_norm_warns_and_hook_recomputes():
    m = nn.Linear(3, 2)
    with pytest.warns(FutureWarning, match="torch.nn.utils.parametrizations.weight_norm"):
        nn.utils.weight_norm(m)
    with torch.no_grad():
        m.weight_g.mul_(3)
    x = torch.ones(1, 3)
    m(x)  # the pre-hook recomputes weight from the new g
    np.testing.assert_allclose(np.linalg.norm(m.weight.detach().numpy(), axis=1),
                               m.weight_g.detach().numpy().ravel(), rtol=1e-5)


def test_orthogonal_non_square_is_orthonormal():
    m = PZ.orthogonal(nn.Linear(3, 5))  # householder, random completion
    w = m.weight.detach().numpy()
    np.testing.assert_allclose(w.T @ w, np.eye(3), atol=1e-5)
    t = PZ.orthogonal(nn.Linear(5, 3), orthogonal_map="matrix_exp")
    w = t.weight.detach().numpy()
    np.testing.assert_allclose(w @ w.T, np.eye(3), atol=1e-5)


def test_skip_init_draws_no_random_numbers():
    torch.manual_seed(3)
    want = torch.rand(3)
    torch.manual_seed(3)
    m = nn.utils.skip_init(nn.Linear, 4, 2)
    assert isinstance(m, nn.Linear) and m.weight.shape == (2, 4)
    np.testing.assert_array_equal(torch.rand(3).numpy(), want.numpy())


def test_memory_format_helpers_return_module():
    m = nn.Sequential(nn.Conv2d(1, 2, 3))
    assert nn.utils.convert_conv2d_weight_memory_format(m, torch.channels_last) is m
    assert nn.utils.convert_conv3d_weight_memory_format(m, torch.channels_last_3d) is m


def test_functional_call_restores_module():
    m = nn.Linear(2, 2)
    w0 = m.weight
    out = torch.func.functional_call(m, {"weight": torch.zeros(2, 2)}, torch.ones(1, 2))
    np.testing.assert_allclose(out.detach().numpy(), m.bias.detach().numpy()[None])
    assert m.weight is w0 and isinstance(m.weight, nn.Parameter)


def test_cached_forward_is_still_one_node():
    m = PZ.weight_norm(nn.Linear(3, 2))
    x = torch.ones(1, 3)
    want = m(x).detach().numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no graph-break warning
        with P.cached():
            a = m.weight
            assert m.weight is a
            for _ in range(2):
                np.testing.assert_allclose(m(x).detach().numpy(), want, rtol=1e-6)
