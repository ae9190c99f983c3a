"""Grad modes: no_grad, enable_grad, set_grad_enabled, inference_mode (thread-local, usable as
context managers and decorators, as in PyTorch)."""
import functools
import threading


class _GradState(threading.local):
    enabled = True
    inference = False


state = _GradState()


def is_grad_enabled():
    return state.enabled


def is_inference_mode_enabled():
    return state.inference


class _DecoratorContextManager:
    """A context manager that also decorates functions (and generator functions)."""

    def __call__(self, fn):
        import inspect
        if inspect.isgeneratorfunction(fn):
            return self._wrap_generator(fn)

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.clone():
                return fn(*args, **kwargs)
        return wrapper

    def clone(self):
        return self.__class__()

    def _wrap_generator(self, fn):
        """A generator function whose body runs under this mode; the caller's own mode is
        back in force while the generator is suspended at a yield (as in PyTorch)."""
        import sys

        @functools.wraps(fn)
        def gen(*args, **kwargs):
            it = fn(*args, **kwargs)
            try:
                with self.clone():
                    value = it.send(None)
                while True:
                    try:
                        sent = yield value
                    except GeneratorExit:
                        with self.clone():
                            it.close()
                        raise
                    except BaseException:
                        with self.clone():
                            value = it.throw(*sys.exc_info()[1:2])
                    else:
                        with self.clone():
                            value = it.send(sent)
            except StopIteration as e:
                return e.value
        return gen


class _GradModeSwitch(_DecoratorContextManager):
    """Sets grad mode to `mode` inside; usable as @f, @f() and `with f():`."""

    mode = None

    def __init__(self, orig_func=None):
        self.prev = None

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)  # used as a decorator without parentheses

    def __enter__(self):
        self.prev = state.enabled
        state.enabled = self.mode

    def __exit__(self, *exc):
        state.enabled = self.prev
        return False


class no_grad(_GradModeSwitch):
    """Operations inside record no autograd history."""

    __module__ = "torch.autograd.grad_mode"

    mode = False


class enable_grad(_GradModeSwitch):
    """Re-enables gradient recording inside no_grad."""

    __module__ = "torch.autograd.grad_mode"

    mode = True


class _SetAtOnce(_DecoratorContextManager):
    """A switch that takes effect when constructed (a call) and restores the previous value on
    exit (a context manager); as a decorator it changes nothing until the function runs.
    Subclasses say where the flag lives (`_get`, `_set`)."""

    def __init__(self, mode):
        self.prev = self._get()
        self.mode = bool(mode)
        self._set(self.mode)

    def __call__(self, fn):
        self._set(self.prev)
        return super().__call__(fn)

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        self._set(self.prev)
        return False

    def clone(self):
        return self.__class__(self.mode)


class set_grad_enabled(_SetAtOnce):
    """set_grad_enabled(mode): takes effect at once as a call, and restores on exit as a
    context manager."""

    __module__ = "torch.autograd.grad_mode"

    @staticmethod
    def _get():
        return state.enabled

    @staticmethod
    def _set(mode):
        state.enabled = mode


class inference_mode(_DecoratorContextManager):
    """inference_mode(True) turns grad mode off and inference mode on; inference_mode(False)
    turns both back (grad mode on, inference off), as PyTorch's guard does."""

    __module__ = "torch.autograd.grad_mode"

    def __init__(self, mode=True):
        self.mode = bool(mode)

    def __enter__(self):
        self.prev = (state.enabled, state.inference)
        state.enabled, state.inference = not self.mode, self.mode

    def __exit__(self, *exc):
        state.enabled, state.inference = self.prev
        return False

    def clone(self):
        return self.__class__(self.mode)

    def __new__(cls, mode=True):
        if callable(mode) and not isinstance(mode, bool):
            return cls()(mode)
        return super().__new__(cls)


class _MultithreadingState(threading.local):
    enabled = True


_multithreading = _MultithreadingState()


def is_multithreading_enabled():
    """Whether backward may use worker threads (a flag only: jtorch's backward is one XLA
    program)."""
    return _multithreading.enabled


class set_multithreading_enabled(_SetAtOnce):
    """set_multithreading_enabled(mode): takes effect at once, restored on exit as a context
    manager (PyTorch's flag for the autograd engine's worker threads)."""

    __module__ = "torch.autograd.grad_mode"

    @staticmethod
    def _get():
        return _multithreading.enabled

    @staticmethod
    def _set(mode):
        _multithreading.enabled = mode