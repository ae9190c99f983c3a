"""torch.device, torch.cuda and torch.accelerator on JAX's devices (DESIGN.md idea 10)."""
import pickle

import pytest

import jtorch as torch


@pytest.mark.parametrize("args,type_,index,text", [
    (("cpu",), "cpu", None, "cpu"),
    (("cuda",), "cuda", None, "cuda"),
    (("cuda:1",), "cuda", 1, "cuda:1"),
    (("cuda", 0), "cuda", 0, "cuda:0"),
    ((1,), "cuda", 1, "cuda:1"),
    (("cpu", 0), "cpu", 0, "cpu:0"),
])
def test_device_forms(args, type_, index, text):
    from jtorch._device import gpus
    if isinstance(args[0], int) and not gpus():  # a bare index is the accelerator: none here
        with pytest.raises(RuntimeError, match="^Cannot access accelerator device when none is "
                                               "available.$"):
            torch.device(*args)
        return
    d = torch.device(*args)
    assert d.type == type_ and d.index == index and str(d) == text
    assert d == torch.device(text) and d != text and not d == text   # (PyTorch: only devices)
    assert hash(d) == hash(torch.device(text))
    assert pickle.loads(pickle.dumps(d)) == d


def test_device_repr_and_errors():
    assert repr(torch.device("cpu")) == "device(type='cpu')"
    assert repr(torch.device("cuda", 1)) == "device(type='cuda', index=1)"
    assert torch.device("cpu") != torch.device("cuda")
    with pytest.raises(RuntimeError, match="Expected one of cpu, cuda"):
        torch.device("gpu")
    with pytest.raises(RuntimeError, match="Invalid device string"):
        torch.device("cuda:x")
    with pytest.raises(RuntimeError, match="must not include an index"):
        torch.device("cuda:0", 1)


def test_tensors_live_on_cpu_by_default():
    t = torch.ones(2)
    assert t.device == torch.device("cpu") and t.is_cpu and not t.is_cuda
    assert t.get_device() == -1
    assert torch.zeros(2, device="cpu").device.type == "cpu"
    assert torch.tensor([1], device=torch.device("cpu")).device == torch.device("cpu")


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the CPU-only behaviour")
def test_cuda_without_a_gpu_raises_like_a_cpu_build():
    assert torch.cuda.is_available() is False and torch.cuda.device_count() == 0
    assert torch.accelerator.is_available() is False
    assert torch.accelerator.current_accelerator() is None
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        torch.ones(2).to("cuda")
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        torch.ones(2).cuda()
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        torch.zeros(2, device="cuda")
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        torch.cuda.current_device()


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a GPU that JAX sees")
def test_cuda_round_trip_on_a_gpu():
    t = torch.arange(4.0).to("cuda")
    assert t.is_cuda and t.device == torch.device("cuda", 0)
    assert (t * 2).cpu().tolist() == [0, 2, 4, 6]
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        t + torch.ones(4)


def test_device_selection_idiom_from_the_seeds():
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    x = torch.ones(3).to(device)
    assert x.device.type == device.type
