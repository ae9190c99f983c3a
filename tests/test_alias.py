"""`import torch...` after `import jtorch as torch` resolves to jtorch (jtorch/_alias.py)."""
import os
import subprocess
import sys
import textwrap


def _run(code, flag):
    env = dict(os.environ, JTORCH_ALIAS_TORCH=flag)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env,
                          capture_output=True, text=True, timeout=120)


def test_torch_submodule_imports_resolve_to_jtorch():
    r = _run("""
        import jtorch as torch
        import torch.nn as nn
        import torch.nn.functional as F
        from torch import nn as nn2
        from torch.nn import Linear
        import jtorch
        assert nn is jtorch.nn and nn2 is jtorch.nn and F is jtorch.nn.functional
        assert nn.__name__ == "jtorch.nn"
        import torch as t2
        assert t2 is jtorch
        print(Linear(2, 3))
        """, "1")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "Linear(in_features=2, out_features=3, bias=True)"


def test_alias_can_be_turned_off():
    r = _run("""
        import jtorch, sys
        try:
            import torch.nn
            print(type(torch.nn).__name__, torch.nn.__name__ == "jtorch.nn")
        except ImportError:
            print("ImportError")
        """, "0")
    assert r.returncode == 0, r.stderr
    assert "True" not in r.stdout
