"""torch.lu / lu_solve / lu_unpack (the deprecated LU API) and linalg.lu_factor_ex: factors
reconstruct A, solves match NumPy, PyTorch's warnings, structseq names and errors."""
import numpy as np
import pytest

import jtorch as torch

A = np.array([[4.0, 3.0, 1.0], [6.0, 3.0, 2.0], [1.0, 5.0, 7.0]], np.float64)


def test_lu_unpack_reconstructs_and_solves(mode):
    a = torch.tensor(A)
    with pytest.warns(UserWarning, match="torch.lu is deprecated"):
        LU, piv = torch.lu(a)
    assert piv.dtype is torch.int32 and piv.tolist() == [2, 3, 3]
    P, L, U = torch.lu_unpack(LU, piv)
    np.testing.assert_allclose((P @ L @ U).numpy(), A, rtol=1e-12)
    assert np.allclose(np.triu(L.numpy(), 1), 0) and np.allclose(np.diag(L.numpy()), 1)
    assert np.allclose(np.tril(U.numpy(), -1), 0)
    b = np.array([[1.0], [2.0], [3.0]])
    with pytest.warns(UserWarning, match="torch.lu_solve is deprecated"):
        x = torch.lu_solve(torch.tensor(b), LU, piv)
    np.testing.assert_allclose(x.numpy(), np.linalg.solve(A, b), rtol=1e-12)
    with pytest.warns(UserWarning):
        res = torch.lu(a, get_infos=True)
    assert type(res).__name__ == "_lu_with_info" and res.info.item() == 0
    ex = torch.linalg.lu_factor_ex(torch.tensor([[1.0, 2.0], [2.0, 4.0]]))
    assert type(ex).__name__ == "linalg_lu_factor_ex" and ex.info.item() == 2


def test_lu_unpack_wide_and_partial():
    w = np.arange(12.0).reshape(3, 4)
    P, L, U = torch.lu_unpack(*torch.linalg.lu_factor(torch.tensor(w)))
    assert P.shape == (3, 3) and L.shape == (3, 3) and U.shape == (3, 4)
    np.testing.assert_allclose((P @ L @ U).numpy(), w, atol=1e-12)
    LU, piv = torch.linalg.lu_factor(torch.tensor(A))
    P, L, U = torch.lu_unpack(LU, piv, unpack_data=False)
    assert L.numel() == 0 and U.numel() == 0 and P.shape == (3, 3)
    with pytest.raises(RuntimeError, match="LU_pivots is expected to be a contiguous tensor of "
                                           "torch.int32 dtype"):
        torch.lu_unpack(LU, piv.long())
