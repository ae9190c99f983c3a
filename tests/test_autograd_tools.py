"""torch.autograd.Variable, gradcheck / gradgradcheck, and torch.cuda's memory and RNG
functions as PyTorch's CPU build answers them (this suite runs without a GPU)."""
import warnings

import numpy as np
import pytest

import jtorch as torch
from jtorch.autograd import Variable, gradcheck, gradgradcheck
from jtorch.autograd.gradcheck import GradcheckError


def _f64(values):
    return torch.tensor(values, dtype=torch.float64, requires_grad=True)


def test_variable_is_a_detached_tensor():
    x = torch.ones(2)
    v = Variable(x, requires_grad=True)
    assert v is not x and v.requires_grad and v.is_leaf and not x.requires_grad
    assert isinstance(x, Variable) and isinstance(v, torch.Tensor)
    assert not Variable(x).requires_grad
    assert not Variable(torch.ones(2, requires_grad=True) * 2).requires_grad
    assert Variable().shape == (0,)
    (v * 3).sum().backward()
    assert v.grad.tolist() == [3.0, 3.0]
    with pytest.raises(TypeError, match="Variable data has to be a tensor, but got list"):
        Variable([1.0])


class _WrongBackward(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return g * 3


def test_gradcheck_passes_and_fails():
    assert gradcheck(lambda a: (a ** 2).sum(), (_f64([1.0, 2.0, 3.0]),))
    assert gradcheck(lambda a, b: a.sin() * b, (_f64([0.3, 1.0]), _f64([2.0, -1.0])))
    assert gradcheck(torch.nn.functional.softmax, (_f64([[0.1, 0.5, -1.0]]), 1))
    assert gradcheck(_WrongBackward.apply, (_f64([1.0, 2.0]),), raise_exception=False) is False
    with pytest.raises(GradcheckError,
                       match=r"Jacobian mismatch for output 0 with respect to input 0,\n"
                             r"numerical:tensor\(\[\[3\.0000, 0\.0000\],"):
        gradcheck(lambda a: a.detach() * 2 + a, (_f64([1.0, 1.0]),))
    assert issubclass(GradcheckError, RuntimeError)
    with pytest.raises(ValueError, match="at least one input tensor to require gradient"):
        gradcheck(lambda a: a * 2, (torch.ones(2, dtype=torch.float64),))
    with pytest.warns(UserWarning, match="Input #0 requires gradient and is not a double"):
        gradcheck(lambda a: a * 2, (torch.ones(2, requires_grad=True),), eps=1e-3, atol=1e-2)


def test_gradgradcheck():
    assert gradgradcheck(lambda a: (a ** 3).sum(), (_f64([1.0, 2.0]),))
    assert gradgradcheck(lambda a, b: a.sin() * b, (_f64([1.0, 2.0]), _f64([0.5, 3.0])))
    go = (torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True),)
    assert gradgradcheck(lambda a: a.exp(), (_f64([0.1, 0.2]),), go)


def test_cuda_memory_and_rng_without_gpu():
    if torch.cuda.is_available():
        pytest.skip("checks PyTorch's answers without a GPU; GPU runs have their own checks")
    assert torch.cuda.memory_allocated() == 0 and torch.cuda.max_memory_allocated() == 0
    assert torch.cuda.memory_reserved() == 0 and torch.cuda.max_memory_reserved() == 0
    assert dict(torch.cuda.memory_stats()) == {}
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        assert torch.cuda.memory_cached() == 0
    assert "renamed to `torch.cuda.memory_reserved`" in str(w[0].message)
    for call in (torch.cuda.mem_get_info, torch.cuda.initial_seed, torch.cuda.get_rng_state,
                 torch.cuda.init, torch.cuda.ipc_collect, torch.cuda.reset_peak_memory_stats):
        with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
            call()
    with pytest.raises(KeyError, match="allocated_bytes.all.current"):
        torch.cuda.memory_summary()
    assert torch.cuda.seed() is None and torch.cuda.seed_all() is None
    assert torch.cuda.get_rng_state_all() == []
    assert torch.cuda.set_rng_state_all([]) is None


def test_tensor_hook_result_checks():
    from jtorch.utils.hooks import call_tensor_hook, call_post_accumulate_hook
    g = torch.ones(2)
    assert call_tensor_hook(lambda t: None, g) is g
    r = torch.zeros(2)
    assert call_tensor_hook(lambda t: r, g) is r

    def myhook(t):
        return t[:1]
    with pytest.raises(RuntimeError, match="^hook 'myhook' has changed the size of value$"):
        call_tensor_hook(myhook, g)
    with pytest.raises(RuntimeError, match=r"was torch.FloatTensor got torch.DoubleTensor\)"):
        call_tensor_hook(lambda t: t.double(), g)
    with pytest.raises(RuntimeError, match=r"got CPUBoolType\)"):
        call_tensor_hook(lambda t: t.bool(), g)
    with pytest.raises(TypeError, match="^expected Variable, but hook returned 'int'$"):
        call_tensor_hook(lambda t: 3, g)
    with pytest.raises(RuntimeError, match="post accumulate grad hooks should return None"):
        call_post_accumulate_hook(lambda t: t, g)
    with pytest.raises(TypeError, match="hook returned 'list'"):
        call_post_accumulate_hook(lambda t: [], g)


def test_set_multithreading_enabled():
    from jtorch.autograd.grad_mode import set_multithreading_enabled, is_multithreading_enabled
    with set_multithreading_enabled(False):
        assert not is_multithreading_enabled()
    assert is_multithreading_enabled()
