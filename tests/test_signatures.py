"""PyTorch's argument-parser TypeErrors (jtorch/_ops/signatures.py): messages recorded from
PyTorch 2.13."""
import numpy as np
import pytest

import jtorch as torch


def _msg(f):
    with pytest.raises(TypeError) as e:
        f()
    return str(e.value).split("\n")[0]


def test_bool_argument_positions_count_self_only_for_functions():
    x = torch.ones(2, 3)
    assert _msg(lambda: x.sum(0, 1)) == \
        "sum(): argument 'keepdim' (position 2) must be bool, not int"
    assert _msg(lambda: torch.sum(x, 0, 1)) == \
        "sum(): argument 'keepdim' (position 3) must be bool, not int"
    assert _msg(lambda: x.sum(0, keepdim=np.bool_(True))) == \
        "sum(): argument 'keepdim' must be bool, not numpy.bool"


def test_overloads_list_the_call_when_none_fits():
    x = torch.ones(2, 3)
    assert _msg(lambda: x.std(0, keepdim=True, unbiased=1)) == (
        "std() received an invalid combination of arguments - got (int, unbiased=int, "
        "keepdim=bool), but expected one of:")
    assert _msg(lambda: x.any(dim=0, keepdim=1)) == (
        "any() received an invalid combination of arguments - got (keepdim=int, dim=int, ), but "
        "expected one of:")
    assert _msg(lambda: x.sort(0, False, True)) == \
        "sort() takes from 1 to 0 positional arguments but 3 were given"


def test_int_lists_unpack_and_varargs():
    x = torch.ones(2, 3)
    assert _msg(lambda: x.sum((0, 1.0))) == ("sum(): argument 'dim' failed to unpack the object "
                                             "at pos 2 with error \"type must be tuple of ints,"
                                             "but got float\"")
    assert _msg(lambda: x.flip(0.)) == \
        "flip(): argument 'dims' (position 1) must be tuple of ints, not float"
    assert x.flip(0, 1).shape == (2, 3)


def test_in_place_and_binary_ops_name_themselves():
    x = torch.ones(2, 3)
    assert _msg(lambda: x.add_("a")) == \
        "add_(): argument 'other' (position 1) must be Tensor, not str"
    assert _msg(lambda: torch.add(x, "a")) == \
        "add(): argument 'other' (position 2) must be Tensor, not str"
    assert _msg(lambda: x.clamp_(max="a")) == (
        "clamp_() received an invalid combination of arguments - got (max=str, ), but expected "
        "one of:")
    assert _msg(lambda: x.transpose(0., 1)) == \
        "transpose(): argument 'dim0' (position 1) must be int, not float"
    assert _msg(lambda: x.size(1, 2)) == \
        "size() takes from 0 to 1 positional arguments but 2 were given"
