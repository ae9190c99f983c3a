"""View steps: how a view reads from its base and writes back into it (DESIGN.md idea 6).

A view is its base plus a chain of steps. Each step is a hashable tuple:
  ("index", spec)             basic indexing; spec items are int, ("s", start, stop, step), None
  ("reshape", in_shape, out)  view/reshape/flatten/squeeze/unsqueeze
  ("permute", perm)           t/transpose/permute/movedim
  ("expand", out_shape)       expand/broadcast_to (read-only: writes raise, as in PyTorch)
  ("diagonal", offset, d1, d2)
  ("alias",)                  detach/.data/view_as
  ("unfold", dim, size, step) Tensor.unfold (sliding windows; the window dim is appended)
  ("strided", size, stride, offset)  as_strided over the root's contiguous storage (only ever
                              the first step after alias steps, so it reads the root's layout)
Overlapping views (unfold with step < size, as_strided with repeated elements) are written back
element by element: only entries whose value changed are scattered, the last such view position
wins for a shared element (PyTorch leaves the order of overlapping writes unspecified).
`read` applies a chain to the base array; `write` scatters a new view value back into the base.
`strides` follows PyTorch's stride arithmetic so stride(), is_contiguous() and view() agree
with PyTorch.
"""
import functools

import numpy as np
import jax.numpy as jnp


def _index(spec):
    return tuple(slice(i[1], i[2], i[3]) if type(i) is tuple else i for i in spec)


def _apply(step, x):
    kind = step[0]
    if kind == "index":
        return x[_index(step[1])]
    if kind == "reshape":
        return jnp.reshape(x, step[2])
    if kind == "permute":
        return jnp.transpose(x, step[1])
    if kind == "expand":
        return jnp.broadcast_to(x, step[1])
    if kind == "diagonal":
        return jnp.diagonal(x, step[1], step[2], step[3])
    if kind == "unfold":
        return _unfold_read(x, step[1], step[2], step[3])
    if kind == "strided":
        return jnp.reshape(x, (-1,))[_strided_index(step[1], step[2], step[3])]
    return x


def _windows(n, size, step):
    """(number of windows, (nwin, size) int32 index of each window element along the dim)."""
    nwin = (n - size) // step + 1
    idx = (jnp.arange(nwin, dtype=jnp.int32)[:, None] * step
           + jnp.arange(size, dtype=jnp.int32)[None, :])
    return nwin, idx


def _unfold_read(x, dim, size, step):
    if x.ndim == 0:
        return jnp.reshape(x, (1,))[:size]
    nwin, idx = _windows(x.shape[dim], size, step)
    if idx.size == 0 or x.size == 0:
        return jnp.zeros(x.shape[:dim] + (nwin,) + x.shape[dim + 1:] + (size,), x.dtype)
    out = jnp.take(x, idx, axis=dim, mode="clip")  # ..., nwin, size, ... (in bounds)
    return jnp.moveaxis(out, dim + 1, -1)


def _strided_index(size, stride, offset):
    idx = jnp.full(tuple(size), offset, jnp.int64)
    for d, (n, s) in enumerate(zip(size, stride)):
        shape = [1] * len(size)
        shape[d] = n
        idx = idx + jnp.reshape(jnp.arange(n, dtype=jnp.int64) * s, shape)
    return idx


def _same(a, b):
    eq = a == b
    if jnp.issubdtype(a.dtype, jnp.floating):
        eq = eq | (jnp.isnan(a) & jnp.isnan(b))
    return eq


def _scatter_changed(x, idx, v):
    """x (first axis indexed by idx) with the entries of v that differ from x[idx] written at
    idx; where several changed entries hit one element, the last (in v's order) wins."""
    old = x[idx]
    changed = ~_same(v, old)
    k = idx.size
    pos = jnp.reshape(jnp.arange(k, dtype=jnp.int64), idx.shape + (1,) * (x.ndim - 1))
    cand = jnp.where(changed, pos, -1)
    winner = jnp.full(x.shape, -1, jnp.int64).at[idx].max(cand)
    flat_v = jnp.reshape(v, (k,) + x.shape[1:])
    picked = jnp.take_along_axis(flat_v, jnp.maximum(winner, 0), axis=0)
    return jnp.where(winner >= 0, picked, x)


def _unfold_write(x, v, dim, size, step):
    if x.ndim == 0:
        return jnp.reshape(v, ()) if size == 1 else x
    nwin, idx = _windows(x.shape[dim], size, step)
    if v.size == 0:
        return x
    v = jnp.moveaxis(v, -1, dim + 1)                 # ..., nwin, size, ...
    xm = jnp.moveaxis(x, dim, 0)
    vm = jnp.moveaxis(v, (dim, dim + 1), (0, 1))     # nwin, size, rest
    if step >= size or nwin <= 1:                    # no element is in two windows
        xm = xm.at[idx].set(vm, unique_indices=True)
    else:
        xm = _scatter_changed(xm, idx, vm)
    return jnp.moveaxis(xm, 0, dim)


def _strided_write(x, v, size, stride, offset):
    flat = jnp.reshape(x, (-1,))
    idx = _strided_index(size, stride, offset)
    if _non_overlapping(size, stride):
        flat = flat.at[idx].set(v, unique_indices=True)
    else:
        flat = _scatter_changed(flat, jnp.reshape(idx, (-1,)), jnp.reshape(v, (-1,)))
    return jnp.reshape(flat, x.shape)


def _non_overlapping(size, stride):
    """True when no two positions of (size, stride) share an element (PyTorch's sufficient
    test: sorted by stride, each stride exceeds the extent of the smaller ones)."""
    dims = sorted((s, n) for n, s in zip(size, stride) if n != 1)
    if any(n == 0 for n in size):
        return True
    extent = 0
    for s, n in dims:
        if s <= extent:
            return False
        extent += (n - 1) * s
    return True


def _unapply(step, x, v):
    """The base `x` with the output of `step` replaced by `v`."""
    kind = step[0]
    v = v.astype(x.dtype)
    if kind == "index":
        idx = _index(step[1])
        if any(i is None for i in idx):
            v = jnp.reshape(v, jnp.shape(x[tuple(i for i in idx if i is not None)]))
            idx = tuple(i for i in idx if i is not None)
        return x.at[idx].set(v)
    if kind == "reshape":
        return jnp.reshape(v, step[1])
    if kind == "permute":
        return jnp.transpose(v, np.argsort(step[1]))
    if kind == "diagonal":
        offset, d1, d2 = step[1], step[2], step[3]
        m = jnp.moveaxis(x, (d1, d2), (-2, -1))
        n = v.shape[-1]
        rows = np.arange(n) + max(-offset, 0)
        cols = np.arange(n) + max(offset, 0)
        m = m.at[..., rows, cols].set(v)
        return jnp.moveaxis(m, (-2, -1), (d1, d2))
    if kind == "unfold":
        return _unfold_write(x, v, step[1], step[2], step[3])
    if kind == "strided":
        return _strided_write(x, v, step[1], step[2], step[3])
    if kind == "expand":
        # the written view does not overlap (`write` checked): each changed entry of v is the
        # only one for its base element
        idx = jnp.broadcast_to(jnp.reshape(jnp.arange(x.size, dtype=jnp.int64), x.shape),
                               step[1])
        flat = _scatter_changed(jnp.reshape(x, (-1,)), jnp.reshape(idx, (-1,)),
                                jnp.reshape(v, (-1,)))
        return jnp.reshape(flat, x.shape)
    return v


def _check_writable(base_shape, shape, steps):
    """PyTorch's refusal to write into a view of an expanded tensor in which several elements
    share one memory location (a row of `y.expand(2, 3)` is writable, the whole is not)."""
    if any(s[0] == "expand" for s in steps) and \
            not _non_overlapping(shape, strides(base_shape, steps)[0]):
        raise RuntimeError("unsupported operation: more than one element of the written-to tensor "
                           "refers to a single memory location. Please clone() the tensor before "
                           "performing the operation.")


def read(x, steps):
    for s in steps:
        x = _apply(s, x)
    return x


def _shared_read(static):
    """read's op-by-op form for one basic index step of ints and slices (`x[i]`, `x[i:j]`,
    `x[:, 2]`): the positions are a runtime input of a program compiled once per result
    layout, not constants of a program per position; None for other steps."""
    steps = dict(static).get("steps", ())
    if len(steps) != 1 or steps[0][0] != "index":
        return None
    spec = steps[0][1]
    if not all(type(i) is int or type(i) is tuple for i in spec):
        return None
    return functools.partial(_read_at, spec)


def _read_at(spec, x):
    starts, sizes, strides, squeeze = [], [], [], []
    for d, item in enumerate(spec):
        n = x.shape[d]
        if type(item) is int:
            starts.append(item + n if item < 0 else item)
            sizes.append(1)
            strides.append(1)
            squeeze.append(d)
        else:
            a, b, c = slice(item[1], item[2], item[3]).indices(n)
            count = len(range(a, b, c))
            starts.append(a if count else 0)
            sizes.append((count - 1) * c + 1 if count else 0)
            strides.append(c)
    starts += [0] * (x.ndim - len(starts))
    return _slicer(tuple(sizes), tuple(strides), tuple(squeeze))(x, np.array(starts, np.int32))


@functools.lru_cache(maxsize=1024)
def _slicer(sizes, strides, squeeze):
    import jax
    from jax import lax

    def take(x, starts):
        k = len(sizes)
        y = lax.dynamic_slice(x, [starts[i] for i in range(x.ndim)], sizes + x.shape[k:])
        if any(s != 1 for s in strides):
            y = y[tuple(slice(None, None, s) for s in strides)]
        return jnp.squeeze(y, squeeze) if squeeze else y
    return jax.jit(take)


def write(base, v, steps):
    _check_writable(base.shape, v.shape, steps)
    xs = [base]
    for s in steps[:-1]:
        xs.append(_apply(s, xs[-1]))
    for s, x in zip(reversed(steps), reversed(xs)):
        v = _unapply(s, x, v)
    return v


def contiguous_strides(shape):
    strides, acc = [], 1
    for d in reversed(shape):
        strides.append(acc)
        acc *= max(d, 1)
    return tuple(reversed(strides))


def compute_view_strides(old_shape, old_strides, new_shape):
    """PyTorch's computeStride: strides for viewing (old_shape, old_strides) as new_shape, or
    None when the view would need a copy."""
    numel = int(np.prod(old_shape)) if old_shape else 1
    if numel == 0:
        return contiguous_strides(new_shape) if tuple(old_shape) != tuple(new_shape) \
            else tuple(old_strides)
    new_strides = [0] * len(new_shape)
    view_d = len(new_shape) - 1
    chunk_base_stride = old_strides[-1] if old_strides else 1
    tensor_numel, view_numel = 1, 1
    for tensor_d in range(len(old_shape) - 1, -1, -1):
        tensor_numel *= old_shape[tensor_d]
        if tensor_d == 0 or (old_shape[tensor_d - 1] != 1 and
                             old_strides[tensor_d - 1] != tensor_numel * chunk_base_stride):
            while view_d >= 0 and (view_numel < tensor_numel or new_shape[view_d] == 1):
                new_strides[view_d] = view_numel * chunk_base_stride
                view_numel *= new_shape[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return None
            if tensor_d > 0:
                chunk_base_stride = old_strides[tensor_d - 1]
                tensor_numel, view_numel = 1, 1
    if view_d != -1:
        return None
    return tuple(new_strides)


def strides(base_shape, steps):
    """(strides, storage_offset) of a view of a contiguous base through `steps`."""
    shape, st, off = tuple(base_shape), contiguous_strides(base_shape), 0
    for s in steps:
        kind = s[0]
        if kind == "index":
            new_shape, new_st = [], []
            d = 0
            for item in s[1]:
                if item is None:
                    new_shape.append(1)
                    new_st.append(st[d] * shape[d] if d < len(shape) else 1)
                elif type(item) is tuple:
                    _, start, stop, step = item
                    n = len(range(start, stop, step))
                    new_shape.append(n)
                    new_st.append(st[d] * step)
                    off += start * st[d] if n else 0
                    d += 1
                else:
                    off += item * st[d]
                    d += 1
            new_shape += shape[d:]
            new_st += st[d:]
            shape, st = tuple(new_shape), tuple(new_st)
        elif kind == "reshape":
            ns = compute_view_strides(shape, st, s[2])
            shape, st = tuple(s[2]), ns if ns is not None else contiguous_strides(s[2])
        elif kind == "permute":
            shape = tuple(shape[p] for p in s[1])
            st = tuple(st[p] for p in s[1])
        elif kind == "expand":
            out = s[1]
            lead = len(out) - len(shape)
            st = tuple(0 if (i < lead or shape[i - lead] != out[i]) else st[i - lead]
                       for i in range(len(out)))
            shape = tuple(out)
        elif kind == "diagonal":
            offset, d1, d2 = s[1], s[2], s[3]
            if offset >= 0:
                off += offset * st[d2]
                n = max(min(shape[d1], shape[d2] - offset), 0)
            else:
                off -= offset * st[d1]
                n = max(min(shape[d1] + offset, shape[d2]), 0)
            rest = [i for i in range(len(shape)) if i not in (d1, d2)]
            st = tuple(st[i] for i in rest) + (st[d1] + st[d2],)
            shape = tuple(shape[i] for i in rest) + (n,)
        elif kind == "unfold":
            d, size, step = s[1], s[2], s[3]
            if not shape:
                shape, st = (size,), (1,)
            else:
                nwin = (shape[d] - size) // step + 1
                shape = shape[:d] + (nwin,) + shape[d + 1:] + (size,)
                st = st[:d] + (st[d] * step,) + st[d + 1:] + (st[d],)
        elif kind == "strided":
            shape, st, off = tuple(s[1]), tuple(s[2]), s[3]
    return st, off


def is_contiguous(shape, st):
    expected = 1
    for d, s in zip(reversed(shape), reversed(st)):
        if d == 1:
            continue
        if s != expected:
            return False
        expected *= d
    return True


def _register_shared_read():
    from .._runtime import graph
    graph.shared_forms[read] = _shared_read


_register_shared_read()
