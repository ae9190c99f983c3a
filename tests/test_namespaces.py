"""torch.backends/amp/cuda/distributed/multiprocessing/hub/jit/onnx/version/nn.parallel.

Parity: every case in tests/reference/gen_namespaces.py runs here on jtorch and must give what
real PyTorch (CPU build) gave: the same value, or the same exception type and message, and the
same warnings. GradScaler trajectories (with inf/NaN gradients) and an AMP-style training
program are compared number by number. The rest tests what only jtorch does (its
NotImplementedErrors, GPU selection with stand-in devices, spawn).
"""
import operator
import os
import pathlib
import pickle
import sys
import types
import warnings

import pytest

import jtorch
import jtorch.nn.parallel  # noqa: F401  (importable as a module, as in PyTorch)
from conftest import assert_matches, load_reference

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
import gen_namespaces as cases  # noqa: E402

REF = load_reference("namespaces")
torch = jtorch
GPU = jtorch.cuda.is_available()


# ---- parity with PyTorch's CPU build ---------------------------------------------------------

@pytest.fixture(scope="module")
def case_globals(tmp_path_factory):
    return cases.case_globals(str(tmp_path_factory.mktemp("hub")))


@pytest.mark.parametrize("name,code", cases.CASES, ids=[n for n, _ in cases.CASES])
def test_case_matches_pytorch(name, code, case_globals):
    if name.startswith("cpu:") and GPU:
        pytest.skip("PyTorch's reference is its CPU build; JAX sees a GPU here")
    got = cases.run_case(jtorch, code, case_globals)
    assert got == REF["cases"][name]


def test_every_case_has_a_reference():
    assert sorted(n for n, _ in cases.CASES) == sorted(REF["cases"])


@pytest.mark.parametrize("scenario", ["basic", "float64", "overflow"])
def test_grad_scaler_trajectory(scenario):
    got = cases.scaler_trajectory(jtorch, scenario)
    want = REF["scaler"][scenario]
    assert got["state"] == want["state"]
    assert len(got["steps"]) == len(want["steps"])
    for g, w in zip(got["steps"], want["steps"]):
        assert (g["scale"], g["tracker"], g["skipped"]) == (w["scale"], w["tracker"], w["skipped"])
        assert_matches(g["scaled_loss"], w["scaled_loss"], rtol=1e-6)
        for gg, wg in zip(g["grads"], w["grads"]):
            assert_matches(gg, wg, rtol=1e-5, atol=1e-7)
        assert_matches(g["weight"], w["weight"], rtol=1e-5, atol=1e-7)
        assert_matches(g["bias"], w["bias"], rtol=1e-5, atol=1e-7)


def test_amp_training_program_runs_as_pytorch():
    """The CUDA-style AMP loop runs unchanged on CPU and trains exactly as PyTorch's does."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = cases.train_program(jtorch)
    want = REF["program"]
    if not GPU:  # PyTorch's CPU build: autocast and GradScaler warn and turn themselves off
        msgs = {str(w.message) for w in caught}
        assert "CUDA is not available or torch_xla is imported. Disabling autocast." in msgs
        assert ("torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling."
                in msgs)
        assert got["scale"] == want["scale"] == 1.0
    assert got["losses"] == pytest.approx(want["losses"], rel=1e-5)
    assert got["losses"][-1] < got["losses"][0]
    assert sorted(got["params"]) == sorted(want["params"])
    for k, v in got["params"].items():
        assert_matches(v.cpu(), want["params"][k], rtol=1e-5, atol=1e-6)
    assert torch.backends.cudnn.benchmark is False  # the program restores it


# ---- settings ---------------------------------------------------------------------------------

def test_thread_counts_default_to_xla_cpu_count():
    from jtorch import _settings
    assert torch.get_num_threads() == _settings._cpu_count() == len(os.sched_getaffinity(0))
    assert torch.get_num_interop_threads() >= 1


def test_num_interop_threads_settable_once(monkeypatch):
    from jtorch import _settings
    monkeypatch.setitem(_settings._state, "interop_set", False)
    monkeypatch.setitem(_settings._state, "interop", _settings._state["interop"])
    torch.set_num_interop_threads(3)
    assert torch.get_num_interop_threads() == 3
    with pytest.raises(RuntimeError, match="^Error: cannot set number of interop threads after "
                                           "parallel work has started or set_num_interop_threads "
                                           "called$"):
        torch.set_num_interop_threads(4)
    assert torch.get_num_interop_threads() == 3


# ---- autocast where jtorch differs ---------------------------------------------------------

def test_enabled_cpu_autocast_is_not_implemented():
    for make in (lambda: torch.autocast("cpu"),
                 lambda: torch.autocast(device_type="cpu", dtype=torch.float16),
                 lambda: torch.amp.autocast("cpu", dtype=torch.bfloat16, cache_enabled=False)):
        with pytest.raises(NotImplementedError, match=r"mixed-precision autocast is not "
                           r"implemented in jtorch .*cast the model with \.half\(\)/\.bfloat16\(\) "
                           r"instead"):
            make()
    assert not torch.is_autocast_enabled("cpu")


def test_cuda_autocast_with_gpu_is_not_implemented():
    if GPU:
        with pytest.raises(NotImplementedError, match="mixed-precision autocast"):
            torch.autocast("cuda")
    else:
        with pytest.warns(UserWarning, match="^CUDA is not available or torch_xla is imported. "
                                             "Disabling autocast.$"):
            a = torch.autocast("cuda")
        assert a._enabled is False


def test_autocast_on_devices_jtorch_never_uses_records_state():
    """mps/xpu tensors never exist in jtorch, so an enabled region there changes nothing."""
    with torch.autocast("mps") as a:
        assert torch.is_autocast_enabled("mps") and a.fast_dtype == torch.float16
        assert not torch.is_autocast_enabled("cpu") and not torch.is_autocast_enabled()
        with torch.autocast("mps", enabled=False):
            assert not torch.is_autocast_enabled("mps")
        assert torch.is_autocast_enabled("mps")
    assert not torch.is_autocast_enabled("mps")


def test_torch_level_autocast_names():
    assert torch.autocast is torch.amp.autocast
    assert torch.is_autocast_enabled is torch.amp.is_autocast_enabled
    with pytest.warns(FutureWarning, match=r"torch\.cuda\.amp\.custom_fwd\(args\.\.\.\)` is "
                                           r"deprecated"):
        fwd = torch.cuda.amp.custom_fwd(lambda x: x + 1)
    assert fwd(1) == 2
    assert torch.cuda.amp.OptState is torch.amp.OptState


# ---- GradScaler beyond the reference cases ---------------------------------------------------

def test_grad_scaler_unscale_then_clip_then_step():
    """The documented pattern: unscale_, clip the true gradients, then step (no second unscale)."""
    m = torch.nn.Linear(2, 1, bias=False)
    with torch.no_grad():
        m.weight.copy_(torch.tensor([[3.0, -4.0]]))
    opt = torch.optim.SGD(m.parameters(), lr=1.0)
    s = torch.amp.GradScaler("cpu", init_scale=1024.0)
    s.scale(m(torch.tensor([[3.0, -4.0]])).sum()).backward()
    assert m.weight.grad.tolist() == [[3072.0, -4096.0]]
    s.unscale_(opt)
    assert m.weight.grad.tolist() == [[3.0, -4.0]]
    torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
    s.step(opt)
    s.update()
    assert m.weight.tolist()[0] == pytest.approx([2.4, -3.2], rel=1e-6)
    assert s.get_scale() == 1024.0 and s._get_growth_tracker() == 1


def test_grad_scaler_skips_step_on_inf_and_keeps_optimizer_state():
    m = torch.nn.Linear(1, 1)
    opt = torch.optim.Adam(m.parameters(), lr=0.1)
    s = torch.amp.GradScaler("cpu", init_scale=8.0)
    w = m.weight.detach().clone()
    (s.scale(m(torch.ones(1, 1)).sum()) * float("inf")).backward()
    assert s.step(opt) is None
    s.update()
    assert torch.equal(m.weight.detach(), w)
    assert all(not st for st in opt.state.values())  # Adam never stepped: no moments, no count
    assert s.get_scale() == 4.0


def test_grad_scaler_getstate_roundtrip_keeps_scale_tensor_out():
    s = torch.amp.GradScaler("cpu", init_scale=32.0)
    s.scale(torch.ones(1))
    state = s.__getstate__()
    assert state["_scale"] is None and state["_init_scale"] == 32.0
    t = pickle.loads(pickle.dumps(s))
    assert t.get_scale() == 32.0 and t.scale(torch.ones(1)).tolist() == [32.0]


# ---- torch.cuda ------------------------------------------------------------------------------

def test_set_device_without_gpu_raises_cpu_build_error():
    if GPU:
        torch.cuda.set_device(0)
        assert torch.cuda.current_device() == 0
        return
    with pytest.raises(AssertionError, match="^Torch not compiled with CUDA enabled$"):
        torch.cuda.set_device(0)
    with pytest.raises(AssertionError, match="^Torch not compiled with CUDA enabled$"):
        torch.cuda.set_device("cuda:0")


@pytest.fixture
def fake_gpus(monkeypatch):
    """Two stand-in GPUs, so device selection can be tested on a CPU-only machine."""
    import jtorch._device as D
    devs = tuple(types.SimpleNamespace(platform="gpu", device_kind=f"Fake GPU {i}", id=i,
                                       compute_capability="8.6", core_count=108,
                                       memory_stats=lambda: {"bytes_limit": 2 ** 30})
                 for i in range(2))
    monkeypatch.setattr(D, "gpus", lambda: devs)
    monkeypatch.setattr(jtorch.cuda, "_gpus", lambda: devs)
    current = [0]
    monkeypatch.setattr(D, "current_cuda", current)
    monkeypatch.setattr(jtorch.cuda, "_current", current)
    return devs


def test_device_cuda_without_index_is_the_current_device(fake_gpus):
    from jtorch._device import to_jax
    assert to_jax(torch.device("cuda")) is fake_gpus[0]
    torch.cuda.set_device(1)
    assert to_jax(torch.device("cuda")) is fake_gpus[1]
    assert to_jax("cuda:0") is fake_gpus[0]


def test_cuda_device_selection_among_jax_gpus(fake_gpus):
    c = torch.cuda
    assert c.is_available() and c.device_count() == 2 and c.current_device() == 0
    c.set_device(1)
    assert c.current_device() == 1 and c.get_device_name() == "Fake GPU 1"
    with c.device(0):
        assert c.current_device() == 0 and c.get_device_name() == "Fake GPU 0"
    assert c.current_device() == 1
    with c.device("cuda:0"):
        assert c.current_device() == 0
    with c.device(None):
        assert c.current_device() == 1
    c.set_device(torch.device("cuda", 0))
    assert c.current_device() == 0
    assert c.get_device_capability() == (8, 6) and c.get_device_name(1) == "Fake GPU 1"
    p = c.get_device_properties(0)
    assert (p.name, p.major, p.minor, p.total_memory, p.multi_processor_count) == (
        "Fake GPU 0", 8, 6, 2 ** 30, 108)
    assert c.is_bf16_supported()
    with pytest.raises(RuntimeError, match=r"CUDA error: invalid device ordinal"):
        c.set_device(5)
    assert c.current_device() == 0
    assert torch.backends.cudnn.is_available()
    assert torch.backends.cuda.cufft_plan_cache[1].size == 0
    torch.backends.cuda.cufft_plan_cache.max_size = 16
    assert torch.backends.cuda.cufft_plan_cache[0].max_size == 16
    with pytest.raises(RuntimeError, match=r"^cufft_plan_cache: expected 0 <= device index < 2, "
                                           r"but got device with index 2$"):
        torch.backends.cuda.cufft_plan_cache[2]
    with pytest.raises(RuntimeError, match=r"^\.size is a read-only property"):
        torch.backends.cuda.cufft_plan_cache.size = 3


def test_cuda_amp_is_a_lazy_submodule():
    import jtorch.cuda.amp as amp
    assert torch.cuda.amp is amp
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        torch.cuda.nope


# ---- distributed, multiprocessing ------------------------------------------------------------

def test_distributed_is_unavailable_and_cannot_initialise():
    assert torch.distributed.is_available() is False
    assert not any(getattr(torch.distributed, f"is_{b}_available")()
                   for b in ("nccl", "gloo", "mpi", "ucc", "xccl"))
    with pytest.raises(NotImplementedError, match="init_process_group is not implemented in "
                                                  "jtorch: it has no c10d process groups"):
        torch.distributed.init_process_group("gloo", rank=0, world_size=1)
    with pytest.raises(NotImplementedError, match="DistributedDataParallel is not implemented in "
                                                  "jtorch: it needs torch.distributed process"):
        torch.nn.parallel.DistributedDataParallel(torch.nn.Linear(2, 2))


def test_multiprocessing_spawn():
    mp = torch.multiprocessing
    ctx = mp.spawn(operator.add, args=(1,), join=False)
    assert len(ctx.pids()) == 1
    while not ctx.join():
        pass
    with pytest.raises(mp.ProcessRaisedException, match=r"(?s)-- Process 0 terminated with the "
                                                        r"following error:\n.*ZeroDivisionError"):
        mp.spawn(operator.truediv, args=(0,))
    with pytest.raises(mp.ProcessExitedException,
                       match="^process 1 terminated with exit code 1$") as info:
        mp.spawn(os._exit, nprocs=2)
    assert (info.value.error_index, info.value.exit_code) == (1, 1)


# ---- hub, jit, onnx, version -----------------------------------------------------------------

def test_hub_network_functions_raise():
    no_net = "jtorch does not access the network"
    with pytest.raises(NotImplementedError, match=f"torch.hub.load from GitHub.*{no_net}"):
        torch.hub.load("pytorch/vision", "resnet18")
    with pytest.raises(NotImplementedError, match=no_net):
        torch.hub.list("pytorch/vision")
    with pytest.raises(NotImplementedError, match=no_net):
        torch.hub.help("pytorch/vision", "resnet18")
    with pytest.raises(NotImplementedError, match=no_net):
        torch.hub.download_url_to_file("https://example.com/x.pth", "/tmp/x.pth")


def test_hub_uncached_checkpoint_raises(tmp_path):
    with pytest.raises(NotImplementedError, match=r"w\.pth is not in the cache and downloading "
                       r"'https://example\.com/w\.pth' is not supported"):
        torch.hub.load_state_dict_from_url("https://example.com/w.pth", model_dir=str(tmp_path))


def test_hub_dir_follows_torch_home(monkeypatch):
    monkeypatch.setattr(torch.hub, "_hub_dir", [None])
    monkeypatch.setenv("TORCH_HOME", "/some/where")
    assert torch.hub.get_dir() == "/some/where/hub"
    monkeypatch.delenv("TORCH_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", "/cache")
    assert torch.hub.get_dir() == "/cache/torch/hub"


def test_jit_archives_and_onnx_raise():
    m = torch.nn.Linear(2, 2)
    with pytest.raises(NotImplementedError, match="cannot write a TorchScript archive"):
        torch.jit.save(m, "/tmp/m.pt")
    with pytest.raises(NotImplementedError, match="no TorchScript interpreter"):
        torch.jit.load("/tmp/m.pt")
    with pytest.raises(NotImplementedError, match="torch.onnx.export is not supported in jtorch"):
        torch.onnx.export(m, (torch.ones(1, 2),), "/tmp/m.onnx")


def test_jit_returns_objects_unchanged():
    m = torch.nn.Linear(2, 2)
    with pytest.warns(DeprecationWarning, match=r"^`torch\.jit\.script` is deprecated\. Please "
                      r"switch to `torch\.compile` or `torch\.export`\.$"):
        assert torch.jit.script(m) is m
    assert torch.jit.freeze(m) is m and torch.jit.optimize_for_inference(m) is m

    class Scripted(torch.jit.ScriptModule):
        @torch.jit.script_method
        def forward(self, x):
            return x + 1
    assert Scripted()(torch.ones(1)).tolist() == [2.0]
    assert torch.jit.Final is __import__("typing").Final


def test_version():
    assert torch.version.__version__ == jtorch.__version__
    assert torch.version.cuda is None and torch.version.hip is None
    assert torch.version.debug is False and isinstance(torch.version.git_version, str)


# ---- nn.parallel ----------------------------------------------------------------------------

def test_data_parallel_trains_like_its_module():
    torch.manual_seed(0)
    m = torch.nn.Linear(3, 1)
    dp = torch.nn.DataParallel(m)
    assert list(dp.state_dict()) == ["module.weight", "module.bias"]
    opt = torch.optim.SGD(dp.parameters(), lr=0.1)
    x, y = torch.ones(4, 3), torch.zeros(4, 1)
    before = m.weight.detach().clone()
    torch.nn.functional.mse_loss(dp(x), y).backward()
    opt.step()
    assert not torch.equal(before, m.weight.detach())
    fresh = torch.nn.DataParallel(torch.nn.Linear(3, 1))
    fresh.load_state_dict(dp.state_dict())
    assert torch.equal(fresh(x), dp(x))
    assert dp.module(x).shape == (4, 1)


def test_scatter_of_tensors_needs_a_gpu():
    if GPU:
        pytest.skip("JAX sees a GPU")
    with pytest.raises(AssertionError, match="^Torch not compiled with CUDA enabled$"):
        torch.nn.parallel.scatter(torch.ones(4), [0, 1])
    with pytest.raises(AssertionError, match="^Torch not compiled with CUDA enabled$"):
        torch.nn.parallel.scatter_gather.scatter_kwargs((torch.ones(2),), {}, [0])


def test_version_names_the_pytorch_release_reproduced():
    from packaging.version import Version
    v = Version(torch.__version__)
    assert v.release[:2] == (2, 13) and v.local == "jtorch.0.1.0"
    assert v >= Version("1.10")  # programs' minimum-version checks take modern code paths


def test_utils_checkpoint_runs_the_function_and_warns_like_pytorch():
    from jtorch.utils.checkpoint import checkpoint, checkpoint_sequential
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with pytest.warns(UserWarning, match="use_reentrant parameter should be passed explicitly"):
        y = checkpoint(lambda a: a * 2, x)
    y.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]
    assert checkpoint(lambda a, s=1: a * s, x, use_reentrant=False, s=3).tolist() == [3.0, 6.0]
    with pytest.raises(ValueError, match="Unexpected keyword arguments: s"):
        checkpoint(lambda a, s=1: a * s, x, use_reentrant=True, s=3)
    m = torch.nn.Sequential(torch.nn.Identity(), torch.nn.ReLU())
    assert checkpoint_sequential(m, 2, -x, use_reentrant=False).tolist() == [0.0, 0.0]
    with pytest.warns(UserWarning, match="checkpoint_sequential: the use_reentrant"):
        checkpoint_sequential(m, 1, x)


def test_math_constants():
    import math
    assert torch.pi == math.pi and torch.e == math.e and torch.inf == math.inf
    assert math.isnan(torch.nan) and torch.newaxis is None
    assert torch.zeros(2, 3)[:, torch.newaxis].shape == (2, 1, 3)


@pytest.mark.parametrize("flags,level", [
    ("fpu sse2 avx avx2 avx512f avx512bw avx512vl avx512dq", "AVX512"),
    ("fpu sse2 avx avx2 avx512f", "AVX2"),
    ("fpu sse2 avx", "DEFAULT"),
])
def test_cpu_capability_follows_the_cpu_flags(monkeypatch, flags, level):
    """torch.backends.cpu.get_cpu_capability depends on the machine (so it is not among the
    stored PyTorch cases): the SIMD level PyTorch picks from /proc/cpuinfo's flags."""
    import io
    from jtorch.backends import cpu
    cpuinfo = f"processor\t: 0\nflags\t\t: {flags}\n"
    monkeypatch.setattr(cpu, "open", lambda path: io.StringIO(cpuinfo), raising=False)
    assert jtorch.backends.cpu.get_cpu_capability() == level


def test_forward_ad_is_not_implemented_and_says_what_to_use():
    import jtorch.autograd.forward_ad as fwAD
    with pytest.raises(NotImplementedError, match="torch.func.jvp"):
        with fwAD.dual_level():
            pass
    for fn in (fwAD.make_dual, fwAD.unpack_dual, fwAD.enter_dual_level):
        with pytest.raises(NotImplementedError, match="forward_ad"):
            fn(torch.ones(2), torch.ones(2))
    assert fwAD.UnpackedDualTensor(1, 2).tangent == 2
