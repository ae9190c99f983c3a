"""Programs that span two devices, run on a CPU-only machine: a subprocess gives XLA two CPU
devices and lets the second stand in for 'cuda:0' (tests/_second_device_program.py). The same
program on a real GPU is in test_device_gpu.py."""
import json
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

PROGRAM = pathlib.Path(__file__).with_name("_second_device_program.py")


@pytest.fixture(scope="module")
def results():
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=2",
               JAX_PLATFORMS="cpu")
    done = subprocess.run([sys.executable, str(PROGRAM)], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_training_on_the_second_device_keeps_everything_there(results):
    eager, compiled = results["train_compiled=False"], results["train_compiled=True"]
    assert eager["on_second"] and compiled["on_second"]
    assert eager["losses"][-1] < eager["losses"][0]
    np.testing.assert_allclose(compiled["losses"], eager["losses"], rtol=1e-5)


def test_gradients_are_copied_back_to_the_leaf_device(results):
    r = results["copy_grad"]
    assert r["grad"] == [0.0, 1.0, 2.0] and not r["on_second"]
    s = results["second_order"]
    assert s["g"] == [3.0, 3.0] and s["h"] == [6.0, 6.0]
    assert s["g_fn"] == "ToCopyBackward0" and s["on_second"] == [False, False]


def test_pending_work_crosses_devices(results):
    assert results["pending_chain"] == {"value": 20.0, "on_second": True}


def test_a_cpu_scalar_joins_any_device_and_other_mixes_raise(results):
    assert results["cpu_scalar"] == {"value": [2.0, 2.0, 2.0], "on_second": True}
    # (PyTorch names the device that is not the CPU first, whichever operand it is)
    assert results["mixed"] == 2 * [("Expected all tensors to be on the same device, but found "
                                     "at least two devices, cuda:0 and cpu!")]


def test_a_failed_check_on_the_accelerator_is_raised_at_the_next_read(results):
    assert results["deferred_cuda"] == ["read", "Target 9 is out of bounds."]
    assert results["deferred_cpu"] == ["step", "Target 9 is out of bounds."]
