"""torch.special: PyTorch's special functions on real tensors.

Functions that jtorch already has as ops (erf, sigmoid, lgamma, logit, xlogy, softmax, ...)
are the same ops under their torch.special names (one definition per op); the rest are
kernels in `_kernels`, recorded like every op (deferred, differentiable where PyTorch's are).
Argument errors name the function as PyTorch does (`special_erf(): argument 'input' ...`).
"""
import builtins

from .._dtype import bool_, float16, bfloat16
from .._ops.dispatch import record
from .._ops.registry import FUNCTIONS, _with_out
from .._ops.elementwise import (
    is_tensor, result_type, _float_of, _not_implemented, _unary_kernel, _check_broadcast,
    _is_number, _scalar, _dyn, _invalid_combination, _tname)
from . import _kernels as K

__all__ = [
    "airy_ai", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "chebyshev_polynomial_t",
    "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w", "digamma",
    "entr", "erf", "erfc", "erfcx", "erfinv", "exp2", "expit", "expm1", "gammainc", "gammaincc",
    "gammaln", "hermite_polynomial_h", "hermite_polynomial_he", "i0", "i0e", "i1", "i1e",
    "laguerre_polynomial_l", "legendre_polynomial_p", "log1p", "log_ndtr", "log_softmax",
    "logit", "logsumexp", "modified_bessel_i0", "modified_bessel_i1", "modified_bessel_k0",
    "modified_bessel_k1", "multigammaln", "ndtr", "ndtri", "polygamma", "psi", "round",
    "scaled_modified_bessel_k0", "scaled_modified_bessel_k1", "shifted_chebyshev_polynomial_t",
    "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
    "shifted_chebyshev_polynomial_w", "sinc", "softmax", "spherical_bessel_j0", "xlog1py",
    "xlogy", "zeta"]

_HALF = (float16, bfloat16)
_NO = object()


def _named(fn, name, doc):
    fn.__name__ = fn.__qualname__ = f"special_{name}"
    fn.__doc__ = doc
    fn.__module__ = __name__
    return fn


def _check_tensor(name, x, arg="input", pos=1):
    if not is_tensor(x):
        raise TypeError(f"special_{name}(): argument '{arg}' (position {pos}) must be Tensor, "
                        f"not {type(x).__name__}")


# ---- the same ops as torch.X ----------------------------------------------------------------
def _alias(name, target):
    op = FUNCTIONS[target]

    def fn(input, *, out=None):
        _check_tensor(name, input)
        return op(input, out=out)

    return _named(fn, name, f"torch.special.{name}: the same op as torch.{target}.")


erf = _alias("erf", "erf")
erfc = _alias("erfc", "erfc")
erfinv = _alias("erfinv", "erfinv")
exp2 = _alias("exp2", "exp2")
expm1 = _alias("expm1", "expm1")
log1p = _alias("log1p", "log1p")
expit = _alias("expit", "sigmoid")
gammaln = _alias("gammaln", "lgamma")
digamma = _alias("digamma", "digamma")
psi = _alias("psi", "digamma")
sinc = _alias("sinc", "sinc")


def logit(input, eps=None, *, out=None):
    _check_tensor("logit", input)
    if eps is not None and not _is_number(eps):
        raise TypeError(f"special_logit(): argument 'eps' must be float, not "
                        f"{type(eps).__name__}")
    return FUNCTIONS["logit"](input, eps, out=out)


logit = _named(logit, "logit", "torch.special.logit: torch.logit (input clamped to [eps, "
               "1 - eps] when eps is given).")


def round(input, *, decimals=0, out=None):
    _check_tensor("round", input)
    if not input.dtype.is_floating_point:  # unlike torch.round, integers are rejected
        raise _not_implemented("round_vml_cpu" if decimals == 0 else "round_cpu", input.dtype)
    return FUNCTIONS["round"](input, decimals=decimals, out=out)


round = _named(round, "round", "torch.special.round: torch.round for floating tensors "
               "(integer tensors raise NotImplementedError, as in PyTorch).")


def xlogy(input, other, *, out=None):
    _binary_args("xlogy", input, other)
    return FUNCTIONS["xlogy"](input, other, out=out)


xlogy = _named(xlogy, "xlogy", "torch.special.xlogy: the same op as torch.xlogy.")


def _softmax_like(name, target):
    op = FUNCTIONS[target]

    def fn(input, dim=_NO, dtype=None):
        _check_tensor(name, input)
        if dim is _NO:
            raise TypeError(f'special_{name}() missing 1 required positional arguments: "dim"')
        if isinstance(dim, builtins.bool) or not isinstance(dim, int):
            raise TypeError(f"special_{name}(): argument 'dim' (position 2) must be int, not "
                            f"{type(dim).__name__}")
        return op(input, dim, dtype)

    return _named(fn, name, f"torch.special.{name}(input, dim, *, dtype=None): the same op as "
                            f"torch.{target}.")


softmax = _softmax_like("softmax", "softmax")
log_softmax = _softmax_like("log_softmax", "log_softmax")


def logsumexp(input, dim=_NO, keepdim=False, *, out=None):
    _check_tensor("logsumexp", input)
    if dim is _NO:
        raise TypeError('special_logsumexp() missing 1 required positional arguments: "dim"')
    return FUNCTIONS["logsumexp"](input, dim, keepdim, out=out)


logsumexp = _named(logsumexp, "logsumexp", "torch.special.logsumexp: the same op as "
                   "torch.logsumexp.")


# ---- new unary kernels ----------------------------------------------------------------------
def _unary(name, f, half=True, diff=True, gname=None, doc=""):
    def fn(input):
        _check_tensor(name, input)
        dt = _float_of(input._nd.dtype)
        if not half and dt in _HALF:
            raise _not_implemented(f"{name}_cpu", dt)
        if not diff and input.requires_grad:
            input = input.detach()  # PyTorch gives these functions no derivative
        return record(_unary_kernel, (input,), (("f", f), ("cdt", dt), ("odt", dt)),
                      name=f"special_{name}", gname=gname)

    doc = doc or (f"torch.special.{name}: integer inputs give the default float dtype" +
                  ("" if half else "; float16/bfloat16 raise, as in PyTorch") +
                  ("" if diff else "; not differentiable (as in PyTorch)") + ".")
    return _named(_with_out(fn), name, doc)


erfcx = _unary("erfcx", K.erfcx, half=False, gname="SpecialErfcxBackward0",
               doc="torch.special.erfcx: exp(x^2) erfc(x) (float16/bfloat16 raise).")
i0 = _unary("i0", K.i0, gname="I0Backward0",
            doc="torch.special.i0: modified Bessel function of the first kind, order 0.")
i0e = _unary("i0e", K.i0e, gname="SpecialI0EBackward0",
             doc="torch.special.i0e: exponentially scaled i0, exp(-|x|) i0(x).")
i1 = _unary("i1", K.i1, gname="SpecialI1Backward0",
            doc="torch.special.i1: modified Bessel function of the first kind, order 1.")
i1e = _unary("i1e", K.i1e, gname="SpecialI1EBackward0",
             doc="torch.special.i1e: exponentially scaled i1, exp(-|x|) i1(x).")
ndtri = _unary("ndtri", K.ndtri, half=False, gname="SpecialNdtriBackward0",
               doc="torch.special.ndtri: inverse of the standard normal CDF.")
log_ndtr = _unary("log_ndtr", K.log_ndtr, half=False, gname="SpecialLogNdtrBackward0",
                  doc="torch.special.log_ndtr: log of the standard normal CDF, stable in the "
                      "left tail (PyTorch's erfcx formula).")
bessel_j0 = _unary("bessel_j0", K.bessel_j0, half=False, diff=False)
bessel_j1 = _unary("bessel_j1", K.bessel_j1, half=False, diff=False)
bessel_y0 = _unary("bessel_y0", K.bessel_y0, half=False, diff=False)
bessel_y1 = _unary("bessel_y1", K.bessel_y1, half=False, diff=False)
modified_bessel_i0 = _unary("modified_bessel_i0", K.modified_bessel_i0, half=False, diff=False)
modified_bessel_i1 = _unary("modified_bessel_i1", K.modified_bessel_i1, half=False, diff=False)
modified_bessel_k0 = _unary("modified_bessel_k0", K.modified_bessel_k0, half=False, diff=False)
modified_bessel_k1 = _unary("modified_bessel_k1", K.modified_bessel_k1, half=False, diff=False)
scaled_modified_bessel_k0 = _unary("scaled_modified_bessel_k0", K.scaled_modified_bessel_k0,
                                   half=False, diff=False)
scaled_modified_bessel_k1 = _unary("scaled_modified_bessel_k1", K.scaled_modified_bessel_k1,
                                   half=False, diff=False)
spherical_bessel_j0 = _unary("spherical_bessel_j0", K.spherical_bessel_j0, half=False,
                             diff=False)
airy_ai = _unary("airy_ai", K.airy_ai, half=False, diff=False)


def ndtr(input):
    _check_tensor("ndtr", input)
    dt = _float_of(input._nd.dtype)
    return record(K.ndtr_kernel, (input,), (("cdt", dt),), name="special_ndtr",
                  gname="MulBackward1")


ndtr = _named(_with_out(ndtr), "ndtr", "torch.special.ndtr: the standard normal CDF, "
              "computed as PyTorch does: (1 + erf(x / sqrt(2))) / 2.")


def entr(input):
    _check_tensor("entr", input)
    dt = _float_of(input._nd.dtype)
    return record(K.entr_kernel, (input,), (("cdt", dt),), name="special_entr",
                  gname="SpecialEntrBackward0")


entr = _named(_with_out(entr), "entr", "torch.special.entr: -x log(x), 0 at 0, -inf for "
              "negative x.")


def polygamma(n, input):
    if isinstance(n, builtins.bool) or not isinstance(n, int):
        raise TypeError(f"special_polygamma(): argument 'n' (position 1) must be int, not "
                        f"{type(n).__name__}")
    _check_tensor("polygamma", input, pos=2)
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    dt = _float_of(input._nd.dtype)
    return record(K.polygamma_kernel, (input,), (("n", n), ("cdt", dt)),
                  name="special_polygamma", gname="PolygammaBackward0")


polygamma = _named(_with_out(polygamma), "polygamma", "torch.special.polygamma(n, input): the "
                   "n-th derivative of digamma (trigamma as PyTorch computes it for n = 1).")


def multigammaln(input, p):
    _check_tensor("multigammaln", input)
    if isinstance(p, builtins.bool) or not isinstance(p, int):
        raise TypeError(f"special_multigammaln(): argument 'p' (position 2) must be int, not "
                        f"{type(p).__name__}")
    if input._nd.dtype is bool_:
        raise RuntimeError("The input tensor may not be a boolean tensor.")
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    dt = _float_of(input._nd.dtype)
    return record(K.multigammaln_kernel, (input,), (("p", p), ("cdt", dt)),
                  name="special_multigammaln", gname="MvlgammaBackward0")


multigammaln = _named(_with_out(multigammaln), "multigammaln", "torch.special.multigammaln"
                      "(input, p): log of the multivariate gamma function of dimension p.")


# ---- binary kernels -------------------------------------------------------------------------
_SIG_INPUT = ("Tensor input, Tensor other, *, Tensor out = None",
              "Number self, Tensor other, *, Tensor out = None",
              "Tensor input, Number other, *, Tensor out = None")
_SIG_X = ("Tensor x, Tensor n, *, Tensor out = None",
          "Number x, Tensor n, *, Tensor out = None",
          "Tensor x, Number n, *, Tensor out = None")


def _binary_args(name, a, b, sigs=_SIG_INPUT):
    """Tensor/Number operands as PyTorch's parser accepts them (at least one Tensor)."""
    ok = (is_tensor(a) and (is_tensor(b) or _is_number(b))) or \
        (_is_number(a) and is_tensor(b))
    if not ok:
        raise _invalid_combination(f"special_{name}", (_tname(a), _tname(b)), sigs)
    return (a if is_tensor(a) else _scalar(a)), (b if is_tensor(b) else _scalar(b))


def _binary(name, f, half=True, gname=None, doc=""):
    def fn(input, other):
        a, b = _binary_args(name, input, other)
        dt = _float_of(result_type(a, b))
        if not half and dt in _HALF:
            raise _not_implemented(f"{name}_cpu", dt)
        a, b = _dyn(a, dt), _dyn(b, dt)
        g = gname if is_tensor(a) and is_tensor(b) else \
            gname[:-1] + ("2" if is_tensor(a) else "1")  # PyTorch's Scalar overloads
        return record(K.binary_kernel, (a, b), (("f", f), ("cdt", dt)), check=_check_broadcast,
                      name=f"special_{name}", gname=g)

    return _named(_with_out(fn), name, doc)


xlog1py = _binary("xlog1py", K.xlog1py, gname="SpecialXlog1PyBackward0",
                  doc="torch.special.xlog1py: x * log1p(y), 0 where x == 0, NaN where y is NaN.")
zeta = _binary("zeta", K.zeta, half=False, gname="SpecialZetaBackward0",
               doc="torch.special.zeta(x, q): the Hurwitz zeta function (Cephes' algorithm, as "
                   "PyTorch); its derivative in x is not implemented, as in PyTorch.")


def _polynomial(name):
    def fn(x, n):
        a, b = _binary_args(name, x, n, _SIG_X)
        dt = _float_of(result_type(a, b))
        if dt in _HALF:
            raise _not_implemented(f"{name}_cpu", dt)
        a, b = _dyn(a, dt), _dyn(b, dt)
        a = a.detach() if is_tensor(a) and a.requires_grad else a  # PyTorch gives these no
        b = b.detach() if is_tensor(b) and b.requires_grad else b  # derivative
        return record(K.polynomial_kernel, (a, b), (("kind", name), ("cdt", dt)),
                      check=_check_broadcast, name=f"special_{name}")

    inner = _with_out(fn)

    def public(x, n, *, out=None):
        return inner(x, n, out=out)

    return _named(public, name, f"torch.special.{name}(x, n): evaluated by PyTorch's "
                  "recurrence in the result dtype (n truncated to an integer; float16/bfloat16 "
                  "raise; not differentiable, as in PyTorch).")


for _name in K._POLYNOMIALS:
    globals()[_name] = _polynomial(_name)
del _name


def _igamma(name, f, kname, gname, doc):
    def fn(input, other):
        _check_tensor(name, input)
        _check_tensor(name, other, "other", 2)
        dt = result_type(input, other)
        if not dt.is_floating_point:
            raise _not_implemented(kname, dt)
        return record(K.binary_kernel, (input, other), (("f", f), ("cdt", dt)),
                      check=_check_broadcast, name=f"special_{name}", gname=gname)

    return _named(_with_out(fn), name, doc)


gammainc = _igamma("gammainc", K.gammainc, "igamma_cpu", "IgammaBackward0",
                   "torch.special.gammainc(a, x): the regularized lower incomplete gamma "
                   "function (PyTorch's boundary values; no derivative in a, as in PyTorch).")
gammaincc = _igamma("gammaincc", K.gammaincc, "igammac_cpu", "IgammacBackward0",
                    "torch.special.gammaincc(a, x): the regularized upper incomplete gamma "
                    "function (PyTorch's boundary values; no derivative in a, as in PyTorch).")
