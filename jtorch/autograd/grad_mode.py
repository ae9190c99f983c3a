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
            @functools.wraps(fn)
            def gen(*args, **kwargs):
                it = fn(*args, **kwargs)
                with self.clone():
                    value = next(it)
                while True:
                    try:
                        with self.clone():
                            sent = yield value
                            value = it.send(sent)
                    except StopIteration as e:
                        return e.value
            return gen

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.clone():
                return fn(*args, **kwargs)
        return wrapper

    def clone(self):
        return self.__class__()


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


class set_grad_enabled(_DecoratorContextManager):
    """set_grad_enabled(mode): takes effect at once as a call, and restores on exit as a
    context manager."""

    __module__ = "torch.autograd.grad_mode"

    def __init__(self, mode):
        self.prev = state.enabled
        self.mode = bool(mode)
        state.enabled = self.mode

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        state.enabled = self.prev
        return False

    def clone(self):
        return self.__class__(self.mode)


class inference_mode(_DecoratorContextManager):
    """Like no_grad (jtorch keeps no extra inference-only state)."""

    __module__ = "torch.autograd.grad_mode"

    def __init__(self, mode=True):
        self.mode = bool(mode)

    def __enter__(self):
        self.prev = (state.enabled, state.inference)
        if self.mode:
            state.enabled, state.inference = False, True

    def __exit__(self, *exc):
        state.enabled, state.inference = self.prev
        return False

    def clone(self):
        return self.__class__(self.mode)

    def __new__(cls, mode=True):
        if callable(mode) and not isinstance(mode, bool):
            return cls()(mode)
        return super().__new__(cls)
