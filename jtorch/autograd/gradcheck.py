"""torch.autograd.gradcheck / gradgradcheck: analytical (autograd) against numerical (central
finite differences) Jacobians, PyTorch's tolerances, messages and GradcheckError."""
import warnings

import numpy as np

from .._tensor import Tensor


class GradcheckError(RuntimeError):
    """Raised by gradcheck when a Jacobian does not match."""

    __module__ = "torch.autograd.gradcheck"


def _as_tuple(x):
    return (x,) if isinstance(x, Tensor) else tuple(x)


def _outputs(func, inputs):
    return _as_tuple(func(*inputs))


def _numerical(func, inputs, i, j_out, eps):
    """d out[j_out] / d inputs[i] by central differences, shape (numel_in, numel_out)."""
    from .. import tensor
    x = inputs[i]
    base = x.detach().numpy().astype(np.float64).ravel()
    cols = []
    for k in range(base.size):
        vals = []
        for step in (eps, -eps):
            v = base.copy()
            v[k] += step
            perturbed = list(inputs)
            # still requiring grad: func may itself differentiate (gradgradcheck)
            perturbed[i] = tensor(v.reshape(x.shape), dtype=x.dtype,
                                  requires_grad=x.requires_grad)
            out = _outputs(func, perturbed)[j_out]
            vals.append(np.asarray(out.detach().numpy(), np.float64).ravel())
        cols.append((vals[0] - vals[1]) / (2 * eps))
    return np.stack(cols) if cols else np.zeros((0, 0))


def _analytical(func, inputs, i, j_out):
    from .. import autograd, zeros_like
    outs = _outputs(func, inputs)
    out = outs[j_out]
    n_out = out.numel()
    rows = []
    for k in range(n_out):
        g = zeros_like(out).reshape(-1)
        g[k] = 1.0
        if out.requires_grad:
            (d,) = autograd.grad(out, inputs[i], g.reshape(out.shape), retain_graph=True,
                                 allow_unused=True)
        else:
            d = None
        rows.append(np.zeros(inputs[i].numel()) if d is None else
                    np.asarray(d.detach().numpy(), np.float64).ravel())
    return np.stack(rows, axis=1) if rows else np.zeros((inputs[i].numel(), 0))


def _fmt(a, dtype):
    from .. import tensor
    return repr(tensor(a, dtype=dtype)).replace("tensor(", "tensor(", 1)


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
              nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False,
              check_batched_grad=False, check_batched_forward_grad=False,
              check_forward_ad=False, check_backward_ad=True, fast_mode=False, masked=None):
    """True when autograd's Jacobian of func at inputs matches finite differences."""
    inputs = _as_tuple(inputs)
    diff = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    if not diff:
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but "
                         "none of them have requires_grad=True.")
    for i in diff:
        if inputs[i].dtype.itemsize < 8:
            warnings.warn(f"Input #{i} requires gradient and is not a double precision floating "
                          "point or complex. This check will likely fail if all the inputs are "
                          "not of double precision floating point or complex. ", UserWarning,
                          stacklevel=2)
    outs = _outputs(func, inputs)
    for j, out in enumerate(outs):
        if not isinstance(out, Tensor) or not out.dtype.is_floating_point:
            continue
        for i in diff:
            num = _numerical(func, inputs, i, j, eps)
            ana = _analytical(func, inputs, i, j)
            if not np.allclose(ana, num, rtol=rtol, atol=atol):
                if not raise_exception:
                    return False
                raise GradcheckError(
                    f"Jacobian mismatch for output {j} with respect to input {i},\n"
                    f"numerical:{_fmt(num, out.dtype)}\nanalytical:{_fmt(ana, out.dtype)}\n")
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0,
                  check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
                  check_fwd_over_rev=False, check_rev_over_rev=True, fast_mode=False,
                  masked=False):
    """gradcheck of the function computing func's vector-Jacobian product (second order);
    without grad_outputs a fixed random cotangent (seeded, reproducible) is used."""
    from .. import autograd, Generator, randn
    inputs = _as_tuple(inputs)
    if grad_outputs is None:
        outs = _outputs(func, inputs)
        gen = Generator().manual_seed(0)
        grad_outputs = tuple(randn(o.shape, dtype=o.dtype, generator=gen, requires_grad=True)
                             for o in outs)
    grad_outputs = _as_tuple(grad_outputs)
    n = len(inputs)
    diff = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]

    def first_order(*args):
        xs, gos = args[:n], args[n:]
        outs = _outputs(func, xs)
        pairs = [(o, g) for o, g in zip(outs, gos) if o.requires_grad]
        gs = autograd.grad([o for o, _ in pairs], [xs[i] for i in diff],
                           [g for _, g in pairs], create_graph=True, allow_unused=True)
        return tuple(g for g in gs if g is not None)

    return gradcheck(first_order, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)
