"""torch.linalg: PyTorch's linear algebra namespace on JAX.

Every function is defined once in jtorch/_ops/linalg.py (shared with `torch.det`,
`Tensor.inverse`, ...); here they get their `torch.linalg` names and PyTorch's `out=` keyword.
Value-dependent failures (a singular matrix for inv/solve, a matrix that is not
positive-definite for cholesky) raise `LinAlgError` at the next sync point, since jtorch records
ops instead of running them at once.
"""
from ._ops import linalg as _L
from ._ops.registry import _with_out, unavailable

LinAlgError = _L.LinAlgError

matmul = _with_out(_L.matmul)
cross = _with_out(_L.linalg_cross)
det = _with_out(_L.linalg_det)
slogdet = _with_out(_L.linalg_slogdet)
inv = _with_out(_L.linalg_inv)
inv_ex = _with_out(_L.linalg_inv_ex)
solve = _with_out(_L.linalg_solve)
solve_ex = _with_out(_L.linalg_solve_ex)
solve_triangular = _with_out(_L.linalg_solve_triangular)
cholesky = _with_out(_L.linalg_cholesky)
cholesky_ex = _with_out(_L.linalg_cholesky_ex)
qr = _with_out(_L.linalg_qr)
eigh = _with_out(_L.linalg_eigh)
eigvalsh = _with_out(_L.linalg_eigvalsh)
svd = _with_out(_L.linalg_svd)
svdvals = _with_out(_L.linalg_svdvals)
pinv = _with_out(_L.linalg_pinv)
matrix_rank = _with_out(_L.linalg_matrix_rank)
lstsq = _with_out(_L.linalg_lstsq)
matrix_power = _with_out(_L.linalg_matrix_power)
matrix_exp = _with_out(_L.linalg_matrix_exp)
multi_dot = _with_out(_L.linalg_multi_dot)
norm = _with_out(_L.linalg_norm)
vector_norm = _with_out(_L.linalg_vector_norm)
matrix_norm = _with_out(_L.linalg_matrix_norm)
vecdot = _with_out(_L.linalg_vecdot)
vander = _L.linalg_vander
cond = _with_out(_L.linalg_cond)
lu_factor = _with_out(_L.linalg_lu_factor)
lu_factor_ex = _with_out(_L.linalg_lu_factor_ex)
lu = _with_out(_L.linalg_lu)
lu_solve = _with_out(_L.linalg_lu_solve)
diagonal = _L.linalg_diagonal
householder_product = _with_out(_L.linalg_householder_product)
tensorinv = _with_out(_L.linalg_tensorinv)
tensorsolve = _with_out(_L.linalg_tensorsolve)


def _complex_results(name):
    return unavailable(name, f"torch.linalg.{name}: its results are complex tensors, and jtorch "
                       "has no complex dtypes (see README, Differences from PyTorch); for a "
                       "symmetric matrix use torch.linalg.eigh / eigvalsh")


def _no_jax_kernel(name):
    return unavailable(name, f"torch.linalg.{name}: JAX has no LDL^T (Bunch-Kaufman) "
                       "factorisation to build it on; torch.linalg.cholesky / lu_factor and "
                       "lu_solve cover positive-definite and general systems")


eig = _complex_results("eig")
eigvals = _complex_results("eigvals")
ldl_factor = _no_jax_kernel("ldl_factor")
ldl_factor_ex = _no_jax_kernel("ldl_factor_ex")
ldl_solve = _no_jax_kernel("ldl_solve")

__all__ = ["LinAlgError", "matmul", "cross", "det", "slogdet", "inv", "inv_ex", "solve",
           "solve_ex", "solve_triangular", "cholesky", "cholesky_ex", "qr", "eigh", "eigvalsh",
           "svd", "svdvals", "pinv", "matrix_rank", "lstsq", "matrix_power", "matrix_exp",
           "multi_dot", "norm", "vector_norm", "matrix_norm", "vecdot", "vander", "cond",
           "lu_factor", "lu_factor_ex", "lu", "lu_solve", "diagonal", "householder_product",
           "tensorinv", "tensorsolve", "eig", "eigvals", "ldl_factor", "ldl_factor_ex",
           "ldl_solve"]
