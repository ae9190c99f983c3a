"""torch.jit: TorchScript's entry points as pass-throughs.

jtorch compiles through its own deferred runtime (every Module call and training step becomes a
cached XLA program), so TorchScript is unnecessary: script() and trace() return the function or
Module unchanged (trace runs it once on the example inputs, as PyTorch's tracer does), with
PyTorch 2.13's DeprecationWarnings. A scripted Module therefore prints as the Module itself, not
as RecursiveScriptModule. TorchScript archives cannot be written or read: save/load raise
NotImplementedError (use torch.save/torch.load of a state_dict instead).
"""
import typing
import warnings

from ..nn.modules.module import Module as _Module

Final = typing.Final
_tracing = [0]


def _deprecated(name, instead="Please switch to `torch.compile` or `torch.export`."):
    warnings.warn(f"`torch.jit.{name}` is deprecated. {instead}", DeprecationWarning, stacklevel=3)


def script(obj, optimize=None, _frames_up=0, _rcb=None, example_inputs=None):
    """Return obj unchanged (jtorch compiles it itself), with PyTorch's DeprecationWarning."""
    _deprecated("script")
    return obj


def trace(func, example_inputs=None, optimize=None, check_trace=True, check_inputs=None,
          check_tolerance=1e-5, strict=True, _force_outplace=False, _module_class=None,
          _compilation_unit=None, example_kwarg_inputs=None, _store_inputs=True):
    """Run func once on the example inputs (is_tracing() is True meanwhile); return func.

    Warns as PyTorch 2.13 does: `trace` (plus `trace_method` for a Module), then once more for
    the check_trace re-trace after the run succeeds."""
    _deprecated("trace")
    if isinstance(func, _Module):
        _deprecated("trace_method")
    if example_inputs is None and example_kwarg_inputs is None:
        raise TypeError("'NoneType' object is not iterable")  # as PyTorch's tracer
    args = () if example_inputs is None else (
        example_inputs if isinstance(example_inputs, tuple) else (example_inputs,))
    _tracing[0] += 1
    try:
        func(*args, **(example_kwarg_inputs or {}))
    finally:
        _tracing[0] -= 1
    if check_trace:
        _deprecated("trace_method" if isinstance(func, _Module) else "trace")
    return func


def trace_module(mod, inputs, *args, **kwargs):
    """Run each named method once on its example inputs; return the module unchanged."""
    for name, example in inputs.items():
        trace(getattr(mod, name), example)
    return mod


def is_scripting():
    """False: jtorch never runs code under TorchScript."""
    return False


def is_tracing():
    """True only while jit.trace runs its example call."""
    return _tracing[0] > 0


def annotate(the_type, the_value):
    """Return the value (a type hint for TorchScript)."""
    return the_value


def Attribute(value, type):  # noqa: N802,A002
    """Return the value (a type hint for TorchScript)."""
    return value


def ignore(drop=False, **kwargs):
    """Decorator leaving the function as it is (TorchScript would not compile it)."""
    if callable(drop):
        return drop
    if drop:
        warnings.warn("ignore(True) has been deprecated. TorchScript will now drop the function "
                      "call on compilation. Use torch.jit.unused now. {}", FutureWarning,
                      stacklevel=2)
    return lambda fn: fn


def unused(fn):
    """Decorator leaving the function as it is."""
    return fn


def export(fn):
    """Decorator leaving the method as it is."""
    return fn


def interface(obj):
    """Decorator leaving the class as it is."""
    return obj


def script_method(fn):
    """Decorator leaving the method as it is."""
    return fn


def freeze(mod, preserved_attrs=None, optimize_numerics=True):
    """Return the module unchanged (XLA already folds constants in its programs)."""
    return mod


def optimize_for_inference(mod, other_methods=None):
    """Return the module unchanged (XLA optimises jtorch's programs itself)."""
    return mod


def save(m, f, _extra_files=None):
    """TorchScript archives cannot be produced: NotImplementedError."""
    raise NotImplementedError("torch.jit.save is not supported: jtorch has no TorchScript, so it "
                              "cannot write a TorchScript archive; save the state_dict with "
                              "torch.save instead")


def load(f, map_location=None, _extra_files=None, _restore_shapes=False):
    """TorchScript archives cannot be read: NotImplementedError."""
    raise NotImplementedError("torch.jit.load is not supported: jtorch has no TorchScript "
                              "interpreter to run a TorchScript archive; load a state_dict with "
                              "torch.load into the Python model instead")


class Future:
    """The result of fork(): already computed (jtorch runs forked calls at once)."""

    def __init__(self, value):
        self._value = value

    def wait(self):
        """The call's result."""
        return self._value

    def value(self):
        """The call's result."""
        return self._value

    def done(self):
        """True: the call has run."""
        return True


def fork(func, *args, **kwargs):
    """Run func(*args, **kwargs) now and return a completed Future (deprecated, as PyTorch)."""
    _deprecated("fork", "Please use `torch.compile` instead.")
    return Future(func(*args, **kwargs))


def wait(future):
    """The result of a fork() (deprecated, as PyTorch)."""
    _deprecated("wait", "Please use `torch.compile` instead.")
    return future.wait()


class ScriptModule(_Module):
    """Base class name kept for programs that subclass or isinstance-check it."""


class ScriptFunction:
    """Type name kept for isinstance checks (script() returns plain functions in jtorch)."""


RecursiveScriptModule = ScriptModule
TopLevelTracedModule = ScriptModule
