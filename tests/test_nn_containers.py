"""Container parity with PyTorch (Sequential, ModuleList, ModuleDict, ParameterList,
ParameterDict: indexing, mutation, operators, errors, printing) plus property tests of
Sequential/ModuleList indexing against Python lists."""
import pytest
from hypothesis import given, strategies as st

import jtorch.nn as nn
from _nn_parity import cases, check

PLAIN = sorted(n for n in cases.CONTAINERS if n not in cases.NUMERIC)
NUMERIC = sorted(n for n in cases.CONTAINERS if n in cases.NUMERIC)

_LAYERS = [nn.Identity() for _ in range(8)]


@pytest.mark.parametrize("name", PLAIN)
def test_container_parity(name):
    check("containers", name)


@pytest.mark.parametrize("name", NUMERIC)
def test_container_numeric_parity(mode, name):
    check("containers", name)


_slices = st.builds(slice, st.none() | st.integers(-10, 10), st.none() | st.integers(-10, 10),
                    st.none() | st.integers(1, 3) | st.integers(-3, -1))


@given(n=st.integers(0, 8), s=_slices)
def test_sequential_and_modulelist_slicing_follow_lists(n, s):
    items = _LAYERS[:n]
    for cls in (nn.Sequential, nn.ModuleList):
        c = cls(*items) if cls is nn.Sequential else cls(items)
        got = c[s]
        assert type(got) is cls
        assert [id(m) for m in got] == [id(m) for m in items[s]]
        # a Sequential slice keeps its children's names; a ModuleList slice renumbers
        keys = [str(i) for i in range(n)][s] if cls is nn.Sequential else \
            [str(i) for i in range(len(items[s]))]
        assert list(got._modules) == keys


@given(n=st.integers(1, 8), data=st.data())
def test_indexing_and_deletion_follow_lists(n, data):
    i = data.draw(st.integers(-n, n - 1))
    for cls in (nn.Sequential, nn.ModuleList):
        items = list(_LAYERS[:n])
        c = cls(*items) if cls is nn.Sequential else cls(items)
        assert c[i] is items[i]
        del c[i]
        del items[i]
        assert [id(m) for m in c] == [id(m) for m in items]
        assert list(c._modules) == [str(k) for k in range(len(items))]
        assert len(c) == len(items)


@given(n=st.integers(0, 6), data=st.data())
def test_sequential_insert_follows_lists(n, data):
    i = data.draw(st.integers(-n, n))
    items = list(_LAYERS[:n])
    s = nn.Sequential(*items)
    new = nn.Identity()
    s.insert(i, new)
    items.insert(i, new)
    assert [id(m) for m in s] == [id(m) for m in items]
    assert list(s._modules) == [str(k) for k in range(n + 1)]
