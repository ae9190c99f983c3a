"""torch.autograd.Function: custom forward/backward written with jtorch ops.

forward runs without recording history; its outputs get one GradFn whose backward is the
user's Python `backward`, called by the engine with the outputs' gradients (as pending
Tensors), so it records like any other code.
"""
from .._ops import dispatch
from .._runtime.graph import note_capture_break
from . import grad_mode
from .graph import _fn_class, edge_of, note_special


class FunctionCtx:
    """The `ctx` passed to forward and backward."""

    __module__ = "torch.autograd.function"

    def __init__(self):
        self.saved_tensors_ = ()
        self.needs_input_grad = ()
        self.non_differentiable = set()
        self.materialize_grads = True
        self._dirty = ()

    def save_for_backward(self, *tensors):
        # the tensors themselves (as PyTorch unpacks saved inputs): with create_graph, a
        # backward computed from them is differentiable
        self.saved_tensors_ = tuple(tensors)
        self._saved_versions = tuple((t, t._vc[0]) for t in tensors if t is not None)

    @property
    def saved_tensors(self):
        if self.saved_tensors_ is None:
            from .graph import _FREED
            raise RuntimeError(_FREED)
        for t, v in getattr(self, "_saved_versions", ()):
            if t._vc[0] != v:
                raise RuntimeError(
                    "one of the variables needed for gradient computation has been modified "
                    f"by an inplace operation: [{t.type()} {list(t.shape)}], is at version "
                    f"{t._vc[0]}; expected version {v} instead.")
        return self.saved_tensors_

    def mark_non_differentiable(self, *tensors):
        self.non_differentiable |= {id(t) for t in tensors}

    def mark_dirty(self, *tensors):
        self._dirty = tensors

    def set_materialize_grads(self, value):
        self.materialize_grads = bool(value)


class _FunctionMeta(type):
    def __init__(cls, name, bases, attrs):
        super().__init__(name, bases, attrs)
        cls._backward_cls = _fn_class(f"{name}Backward")


class Function(metaclass=_FunctionMeta):
    """Subclass with @staticmethod forward(ctx, ...) and backward(ctx, *grads); call .apply."""

    __module__ = "torch.autograd.function"

    def __init__(self, *args, **kwargs):
        """Instances are allowed but deprecated, as in PyTorch (every method is static)."""
        import warnings
        warnings.warn(f"{self.__class__} should not be instantiated. Methods on autograd "
                      "functions are all static, so you should invoke them on the class itself. "
                      "Instantiating an autograd function will raise an error in a future "
                      "version of PyTorch.", DeprecationWarning, stacklevel=2)

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom "
                                  "autograd.Function.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for "
                                  "your custom autograd.Function to use it with backward mode "
                                  "AD.")

    vjp = backward

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError

    @classmethod
    def apply(cls, *args, **kwargs):
        from .._tensor import Tensor
        ctx = FunctionCtx()
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        # the inputs' edges and leaf status before forward (which may write an input in
        # place: ctx.mark_dirty)
        edges = tuple(edge_of(a) if isinstance(a, Tensor) else None for a in args)
        leaves = {id(a) for a in args if isinstance(a, Tensor) and a._rg and
                  a._nd.grad_fn is None and a._base is None}
        with grad_mode.no_grad():
            if cls.setup_context is not Function.setup_context:
                out = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, out)
            else:
                out = cls.forward(ctx, *args, **kwargs)
        dirty = {id(t) for t in ctx._dirty}
        if not (grad_mode.is_grad_enabled() and any(ctx.needs_input_grad)):
            return out
        if not isinstance(out, (Tensor, tuple)):
            return out   # one non-Tensor output (a list included): returned as it is
        ctx._in_dtypes = tuple(a.dtype if isinstance(a, Tensor) else None for a in args)
        if dirty & leaves:
            raise RuntimeError("a leaf Variable that requires grad has been used in an in-place "
                               "operation.")
        note_capture_break(f"it applies the autograd.Function {cls.__name__}")
        single = isinstance(out, Tensor)
        outs = (out,) if single else tuple(out)
        fn = cls._backward_cls(None, (), edges, 0, None)
        fn.saves = True
        fn.custom = (ctx, cls, len(args),
                     tuple(tuple(a.shape) if isinstance(a, Tensor) else None for a in args))
        note_special()
        fn.n_outputs = len(outs)
        wrapped = []
        # every Tensor output's shape and dtype: with materialize_grads, backward gets zeros
        # for the outputs that got no gradient (non-differentiable ones included)
        ctx._out_meta = {i: (tuple(o.shape), o.dtype) for i, o in enumerate(outs)
                         if isinstance(o, Tensor)}
        for i, o in enumerate(outs):
            if not isinstance(o, Tensor) or id(o) in ctx.non_differentiable or \
                    not o.dtype.is_floating_point:
                wrapped.append(o)
                continue
            node = dispatch.record(_identity, (o,), name="custom_output", wrap=False)
            node.grad_fn = fn
            node.output_nr = i
            fn.seq = node.seq
            if id(o) in dirty:
                # an input written in place: the same Tensor now has this function's history
                _rebind(o, node)
                wrapped.append(o)
                continue
            t = Tensor._from_node(node)
            t._rg = True
            wrapped.append(t)
        return wrapped[0] if single else tuple(wrapped)


def _rebind(t, node):
    """Give `t` (an input marked dirty) the custom function's output node as its value."""
    if t._base is not None:
        t._set_node(node)   # written through to the base (a CopySlices over this function)
        return
    from .._runtime import graph as _rgraph
    t._nd = node
    t._rg = True
    if node.value is None:
        _rgraph.track(t)


def _identity(x):
    return x


def once_differentiable(fn):
    """A backward that is not itself differentiable: it runs without recording history, so
    its gradients do not require grad even under create_graph."""
    import functools

    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with grad_mode.no_grad():
            return fn(ctx, *args)
    return wrapper


def run_custom_backward(fn, grads):
    """Call the user's backward with the outputs' gradients; returns one gradient per input
    (extra trailing gradients must be None, as PyTorch checks)."""
    from .._creation import zeros
    ctx, cls, n_inputs, shapes = fn.custom
    if ctx.materialize_grads:
        meta = getattr(ctx, "_out_meta", {})
        grads = [g if g is not None or i not in meta else zeros(meta[i][0], dtype=meta[i][1])
                 for i, g in enumerate(grads)]
    result = cls.backward(ctx, *grads)
    if not isinstance(result, tuple):
        result = (result,)
    if len(result) < n_inputs or any(g is not None for g in result[n_inputs:]):
        raise RuntimeError(f"function {cls.__name__}Backward returned an incorrect number of "
                           f"gradients (expected {n_inputs}, got {len(result)})")
    dtypes = getattr(ctx, "_in_dtypes", (None,) * n_inputs)
    return tuple(_checked_grad(g, shape, dtype, cls, i)
                 for i, (g, shape, dtype) in enumerate(zip(result[:n_inputs], shapes, dtypes)))


def _checked_grad(g, shape, dtype, cls, i):
    """One gradient returned by a custom backward, checked as PyTorch does: None, or a Tensor
    for a Tensor input (summed to the input's shape, cast to its dtype)."""
    from .._tensor import Tensor
    if g is None:
        return None
    if shape is None:
        raise RuntimeError(f"function {cls.__name__}Backward returned a gradient different than "
                           f"None at position {i + 1}, but the corresponding forward input was "
                           "not a Variable")
    if not isinstance(g, Tensor):
        raise RuntimeError(f"expected Variable or None (got {type(g).__name__})")
    g = _summed_to(g, shape, cls, i)
    if dtype is not None and g.dtype != dtype:
        g = g.to(dtype)
    return g


def _summed_to(g, shape, cls, i):
    """A gradient of a shape the input's broadcasts to is summed down to it, as PyTorch does;
    any other shape is an error."""
    from .._tensor import Tensor
    if not isinstance(g, Tensor) or shape is None or tuple(g.shape) == shape:
        return g
    gs = tuple(g.shape)
    lead = len(gs) - len(shape)
    if lead < 0 or any(s != 1 and s != d for s, d in zip(shape, gs[lead:])):
        raise RuntimeError(f"Function {cls.__name__}Backward returned an invalid gradient at "
                           f"index {i} - got {list(gs)} but expected shape compatible with "
                           f"{list(shape)}")
    return g.sum_to_size(shape)
