"""Recurrent kernels behind nn.RNN/LSTM/GRU and their cells (PyTorch's _VF.rnn_tanh, lstm, gru,
*_cell), each ONE recorded kernel.

A whole RNN call -- every layer and both directions -- is one kernel: per layer the input
projection of all time steps is one matmul, the recurrence is one `jax.lax.scan` that steps both
directions together (weights stacked on a leading direction axis), and dropout between layers
multiplies by PyTorch's own masks (drawn on the host from a CPU generator, as kernel inputs) or,
for CUDA generators and JTORCH_DROPOUT_STREAM=threefry, draws inside the kernel from the
generator's threefry key and offset. Packed sequences run on the
padded (T, B) grid with a per-step length mask: a padding step leaves the carried state
unchanged, so h_n is each sequence's state at its own last step (and the reverse direction
starts each sequence at its own end), as PyTorch. Gates follow PyTorch: LSTM (i, f, g, o), GRU
(r, z, n) with b_hn inside the r * (...) term. Autograd is jax.vjp of the kernel. float16 and
bfloat16 compute in float32.
"""
import functools

import jax
import jax.numpy as jnp
import numpy as np
from jax.lax import Precision

from ..._dtype import float16, bfloat16
from ... import random as _rng
from ..._ops import dispatch, random_ops as _random_ops

__all__ = []

_HI = Precision.HIGHEST


def _opmath(dt):
    return jnp.float32 if dt is float16 or dt is bfloat16 else dt.np


def _mm(a, w):
    """a @ w.T over the last dimension."""
    return jnp.matmul(a, jnp.swapaxes(w, -1, -2), precision=_HI)


def _dmm(h, w):
    """h @ w.T per direction: (D, B, K) x (D, G, K) -> (D, B, G), or a plain matmul when the
    direction axis was dropped (one direction: a batched dot is slower on CPU)."""
    if w.ndim == 2:
        return _mm(h, w)
    return jnp.einsum("dbh,dgh->dbg", h, w, precision=_HI)


def _step(mode, has_bias, has_proj, masked, whh, bhh, whr):
    """The scan body of one layer (all directions at once; leading axis = direction)."""
    def body(carry, inp):
        h, c = carry
        gx, m = inp if masked else (inp, None)
        gh = _dmm(h, whh)
        if has_bias and mode == "GRU":
            gh = gh + (bhh if bhh.ndim == 1 else bhh[:, None, :])
        if mode == "LSTM":
            i, f, g, o = jnp.split(gx + gh, 4, axis=-1)
            c2 = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
            h2 = jax.nn.sigmoid(o) * jnp.tanh(c2)
            if has_proj:
                h2 = _dmm(h2, whr)
        elif mode == "GRU":
            xr, xz, xn = jnp.split(gx, 3, axis=-1)
            hr, hz, hn = jnp.split(gh, 3, axis=-1)
            r = jax.nn.sigmoid(xr + hr)
            z = jax.nn.sigmoid(xz + hz)
            n = jnp.tanh(xn + r * hn)
            h2 = (h - n) * z + n
            c2 = c
        else:
            pre = gx + gh
            h2 = jnp.tanh(pre) if mode == "RNN_TANH" else jnp.maximum(pre, 0)
            c2 = c
        if masked:
            keep = m[..., None]
            h2 = jnp.where(keep, h2, h)
            if mode == "LSTM":
                c2 = jnp.where(keep, c2, c)
            y = jnp.where(keep, h2, jnp.zeros((), h2.dtype))
        else:
            y = h2
        return (h2, c2), y
    return body


def _rnn_run(x, mask, h0, c0, weights, drop, *, mode, layers, dirs, has_bias, has_proj, hidden,
             cdt):
    """x: (T, B, I) time-major in the compute dtype; mask: (T, B) bool or None.
    Returns (output (T, B, D*Hr), h_n (L*D, B, Hr), c_n or None)."""
    B = x.shape[1]
    per = 2 + 2 * has_bias + has_proj
    H = hidden
    inp = x
    hs, cs = [], []
    for layer in range(layers):
        ws = [weights[(layer * dirs + d) * per:(layer * dirs + d + 1) * per] for d in range(dirs)]
        wih = jnp.stack([w[0] for w in ws])
        whh = jnp.stack([w[1] for w in ws])
        bih = jnp.stack([w[2] for w in ws]) if has_bias else None
        bhh = jnp.stack([w[3] for w in ws]) if has_bias else None
        whr = jnp.stack([w[-1] for w in ws]) if has_proj else None
        # input projection of every step for every direction: (D, T, B, G)
        gx = jnp.einsum("tbi,dgi->dtbg", inp, wih, precision=_HI)
        if has_bias:
            b = bih if mode == "GRU" else bih + bhh
            gx = gx + b[:, None, None, :]
        if dirs == 2:
            gx = jnp.stack([gx[0], gx[1][::-1]])
        gx = jnp.swapaxes(gx, 0, 1)  # (T, D, B, G)
        Hr = whh.shape[-1]
        if h0 is None:
            h = jnp.zeros((dirs, B, Hr), cdt)
        else:
            h = h0[layer * dirs:(layer + 1) * dirs]
        if mode == "LSTM":
            c = jnp.zeros((dirs, B, H), cdt) if c0 is None else c0[layer * dirs:(layer + 1) * dirs]
        else:
            c = jnp.zeros((), cdt)
        if mask is not None:
            md = jnp.stack([mask, mask[::-1]], axis=1) if dirs == 2 else mask[:, None]
            xs = (gx, md)
        else:
            xs = gx
        if dirs == 1:  # drop the direction axis inside the loop
            whh = whh[0]
            bhh = bhh[0] if bhh is not None else None
            whr = whr[0] if whr is not None else None
            h = h[0]
            c = c[0] if mode == "LSTM" else c
            xs = (gx[:, 0], xs[1][:, 0]) if mask is not None else gx[:, 0]
        body = _step(mode, has_bias, has_proj, mask is not None, whh, bhh, whr)
        (h, c), ys = jax.lax.scan(body, (h, c), xs)  # ys: (T, D, B, Hr)
        if dirs == 1:
            h, ys = h[None], ys[:, None]
            c = c[None] if mode == "LSTM" else c
        hs.append(h)
        if mode == "LSTM":
            cs.append(c)
        if dirs == 2:
            out = jnp.concatenate([ys[:, 0], ys[::-1, 1]], axis=-1)
        else:
            out = ys[:, 0]
        if drop is not None and drop[0] == "host" and layer < layers - 1:
            # PyTorch's `dropout(layer output)`: its bernoulli_(1 - p) mask (drawn on the host,
            # time-major), noise = mask / (1 - p) in the output's type
            _, masks, q = drop
            noise = masks[layer].astype(out.dtype) / jnp.asarray(q).astype(out.dtype)
            out = out * noise
        elif drop is not None and layer < layers - 1:
            key, offset, p = drop
            k = jax.random.fold_in(_rng.subkey(key, offset), layer)
            keep = jax.random.uniform(k, out.shape, jnp.float32) >= p
            pm = jnp.asarray(p, out.dtype)
            scale = jnp.where(pm < 1, 1 / jnp.where(pm < 1, 1 - pm, jnp.ones((), out.dtype)),
                              jnp.zeros((), out.dtype))
            out = out * jnp.where(keep, scale, jnp.zeros((), out.dtype))
        inp = out
    h_n = jnp.concatenate(hs, axis=0)
    c_n = jnp.concatenate(cs, axis=0) if mode == "LSTM" else None
    return inp, h_n, c_n


def _rnn_kernel(*args, mode, layers, dirs, has_bias, has_proj, hidden, has_h0, has_c0, packed,
                batch_first, dropout, dt):
    """One RNN/LSTM/GRU call. Inputs, in order: x (or packed data, pad_idx, pack_idx, lengths),
    [h0], [c0], the flat weights, then for dropout [key, offset, p] (threefry) or [masks, 1 - p]
    (PyTorch's masks drawn on the host, one per layer but the last)."""
    cdt = _opmath(dt)
    args = list(args)
    if packed:
        data, pad_idx, pack_idx, lengths = args[:4]
        del args[:4]
        T = pad_idx.shape[0]
        data = data.astype(cdt)
        ext = jnp.concatenate([data, jnp.zeros((1,) + data.shape[1:], cdt)])
        x = ext[pad_idx]  # (T, B, I)
        mask = jnp.arange(T)[:, None] < lengths[None, :]
    else:
        x = args.pop(0).astype(cdt)
        if batch_first:
            x = jnp.swapaxes(x, 0, 1)
        mask = None
    h0 = args.pop(0).astype(cdt) if has_h0 else None
    c0 = args.pop(0).astype(cdt) if has_c0 else None
    nw = layers * dirs * (2 + 2 * has_bias + has_proj)
    weights = [w.astype(cdt) for w in args[:nw]]
    if dropout == "host":
        masks, q = args[nw], args[nw + 1]
        if packed:  # masks of the packed rows, laid out like the padded input
            ext = jnp.concatenate([masks, jnp.zeros((masks.shape[0], 1) + masks.shape[2:],
                                                    masks.dtype)], axis=1)
            masks = ext[:, pad_idx]
        drop = ("host", masks, q)
    else:
        drop = tuple(args[nw:nw + 3]) if dropout else None
    out, h_n, c_n = _rnn_run(x, mask, h0, c0, weights, drop, mode=mode, layers=layers, dirs=dirs,
                             has_bias=has_bias, has_proj=has_proj, hidden=hidden, cdt=cdt)
    if packed:
        out = out.reshape((-1,) + out.shape[2:])[pack_idx]
    res = (out.astype(dt.np), h_n.astype(dt.np))
    if mode == "LSTM":
        res = res + (c_n.astype(dt.np),)
    return res


# ---- packed-sequence index plans ------------------------------------------------------------
_PLANS = {}


def packed_plan(batch_sizes, jdev):
    """(pad_idx (T, B), pack_idx (N,), lengths (B,)) as materialised int tensors for a tuple of
    batch sizes: row pad_idx[t, b] of the packed data is step t of sequence b (N = padding)."""
    key = (batch_sizes, jdev)
    plan = _PLANS.get(key)
    if plan is None:
        bs = np.asarray(batch_sizes, np.int64)
        T, B = len(bs), int(bs[0]) if len(bs) else 0
        N = int(bs.sum())
        offs = np.concatenate([[0], np.cumsum(bs)[:-1]])
        t = np.arange(T)[:, None]
        b = np.arange(B)[None, :]
        valid = b < bs[:, None]
        pad_idx = np.where(valid, offs[:, None] + b, N).astype(np.int32)
        pack_idx = (t * B + b)[valid].astype(np.int32)  # row-major over (t, b): packed order
        lengths = valid.sum(axis=0).astype(np.int32)
        T_ = dispatch.Tensor
        plan = tuple(T_._from_array(jax.device_put(a, jdev), jdev)
                     for a in (pad_idx, pack_idx, lengths))
        if len(_PLANS) > 256:
            _PLANS.clear()
        _PLANS[key] = plan
    return plan


def rnn(mode, input, hx, weights, *, layers, dirs, has_bias, has_proj, hidden, batch_first,
        dropout, train, plan=None):
    """Record one RNN call; returns [output, h_n] or [output, h_n, c_n]. `hx` is None, a tensor,
    or (h0, c0) for LSTM. `plan` is packed_plan(...) for packed input."""
    h0, c0 = (hx if mode == "LSTM" else (hx, None)) if hx is not None else (None, None)
    ins = []
    if plan is not None:
        ins += [input] + list(plan)
    else:
        ins.append(input)
    if h0 is not None:
        ins.append(h0)
    if c0 is not None:
        ins.append(c0)
    ins += list(weights)
    use_drop = bool(train and dropout > 0 and layers > 1)
    static = (("mode", mode), ("layers", layers), ("dirs", dirs), ("has_bias", bool(has_bias)),
              ("has_proj", bool(has_proj)), ("hidden", hidden), ("has_h0", h0 is not None),
              ("has_c0", c0 is not None), ("packed", plan is not None),
              ("batch_first", bool(batch_first) and plan is None), ("dropout", use_drop),
              ("dt", input._nd.dtype))
    name = {"LSTM": "lstm", "GRU": "gru", "RNN_TANH": "rnn_tanh", "RNN_RELU": "rnn_relu"}[mode]
    masks = None
    if use_drop:  # one mask per layer but the last, drawn in layer order
        q = 1.0 - float(dropout)
        shape = _mask_shape(input, plan, batch_first, dirs, hidden, has_proj, has_bias,
                            weights)
        masks = _random_ops.dropout_mask((layers - 1,) + shape, q, input._nd.device)
    if masks is not None:
        static = tuple((k, "host" if k == "dropout" else v) for k, v in static)
        outs = dispatch.record_multi(_rnn_kernel, ins + [masks, q], static, name=name,
                                     gname="StackBackward0")
    elif use_drop:
        g = _rng.generator_for(input._nd.device, None)
        key, offset = g.draw_inputs()
        ins += [key, offset, float(dropout)]
        outs = dispatch.record_multi(_rnn_kernel, ins, static, name=name, gname="StackBackward0")
        g.advance()
    else:
        outs = dispatch.record_multi(_rnn_kernel, ins, static, name=name, gname="StackBackward0")
    return outs


def _mask_shape(input, plan, batch_first, dirs, hidden, has_proj, has_bias, weights):
    """The shape of one layer's dropout mask: PyTorch drops out each layer's output, time-major
    (T, B, D * H) (the packed rows (N, D * H) for packed input)."""
    width = weights[1 + 2 * bool(has_bias) + 1]._nd.shape[0] if has_proj else hidden
    shape = tuple(input._nd.shape)
    if plan is not None:
        return (shape[0], dirs * width)
    if len(shape) == 2:
        return (shape[0], 1, dirs * width)
    t, b = (shape[1], shape[0]) if batch_first else (shape[0], shape[1])
    return (t, b, dirs * width)


# ---- cells ----------------------------------------------------------------------------------
def _cell_kernel(x, h, *rest, mode, has_bias, dt):
    cdt = _opmath(dt)
    x = x.astype(cdt)
    h = h.astype(cdt)
    rest = [r.astype(cdt) for r in rest]
    if mode == "LSTM":
        c = rest.pop(0)
    wih, whh = rest[0], rest[1]
    gx = _mm(x, wih)
    gh = _mm(h, whh)
    if has_bias:
        gx = gx + rest[2]
        gh = gh + rest[3]
    if mode == "LSTM":
        i, f, g, o = jnp.split(gx + gh, 4, axis=-1)
        c2 = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
        h2 = jax.nn.sigmoid(o) * jnp.tanh(c2)
        return h2.astype(dt.np), c2.astype(dt.np)
    if mode == "GRU":
        xr, xz, xn = jnp.split(gx, 3, axis=-1)
        hr, hz, hn = jnp.split(gh, 3, axis=-1)
        r = jax.nn.sigmoid(xr + hr)
        z = jax.nn.sigmoid(xz + hz)
        n = jnp.tanh(xn + r * hn)
        return ((h - n) * z + n).astype(dt.np)
    pre = gx + gh
    out = jnp.tanh(pre) if mode == "RNN_TANH" else jnp.maximum(pre, 0)
    return out.astype(dt.np)


_CELL_GRAD = {"RNN_TANH": "TanhBackward0", "RNN_RELU": "ReluBackward0", "GRU": "AddBackward0"}


def cell(mode, input, hx, weights, has_bias):
    """Record one cell step (input (N, I), hx (N, H) or (h, c) for LSTM); PyTorch's grad_fn
    names (LSTM: h MulBackward0, c AddBackward0)."""
    static = (("mode", mode), ("has_bias", bool(has_bias)), ("dt", input._nd.dtype))
    if mode == "LSTM":
        h, c = hx
        outs = dispatch.record_multi(_cell_kernel, (input, h, c) + tuple(weights), static,
                                     name="lstm_cell", gname="MulBackward0")
        rename_grad_fn(outs[1], "AddBackward0")
        return tuple(outs)
    return dispatch.record(_cell_kernel, (input, hx) + tuple(weights), static,
                           name=mode.lower() + "_cell", gname=_CELL_GRAD[mode])


def rename_grad_fn(t, name):
    """Give the grad_fn of `t` PyTorch's name `name` (one output of a multi-output kernel)."""
    fn = t._nd.grad_fn
    if fn is not None and type(fn).__name__ != name:
        from ...autograd.graph import _fn_class
        fn.__class__ = _fn_class(name)


# ---- default initialisation -------------------------------------------------------------------
@functools.partial(jax.jit, static_argnums=(3, 4))
def _uniform_flat(key, offset, bound, n, cdt):
    b = jnp.asarray(bound, cdt)
    return jax.random.uniform(_rng.subkey(key, offset), (n,), cdt, -b, b)


def uniform_params(params, bound):
    """Refill `params` with U(-bound, bound). On a CUDA generator: one draw per dtype and
    device, advancing the generator once. The draw is one jitted threefry call whose length
    is rounded up to a power of two, so modules of every size share a few compiled kernels,
    and the values are split on the host into materialised leaves: building an RNN compiles
    nothing new (one init.uniform_ kernel per distinct parameter shape would)."""
    from ...autograd.grad_mode import no_grad
    if all(_rng.generator_for(p._nd.device, None).host_engine() is not None for p in params):
        # CPU generators draw PyTorch's stream on the host: uniform_ each, in PyTorch's order
        with no_grad():
            for p in params:
                p.uniform_(-bound, bound)
        return
    groups = {}
    for p in params:
        groups.setdefault((p._nd.dtype, p._nd.device), []).append(p)
    with no_grad():
        for (dt, dev), ps in groups.items():
            g = _rng.generator_for(dev, None)
            key, offset = g.draw_inputs()
            if not dt.is_floating_point or key.value is None or type(offset) is not int:
                for p in ps:
                    p.uniform_(-bound, bound)
                continue
            n = sum(p.numel() for p in ps)
            nb = max(1024, 1 << (n - 1).bit_length())
            cdt = np.dtype(_opmath(dt))
            flat = np.asarray(_uniform_flat(key.value, offset, float(bound), nb, cdt))
            g.advance()
            i = 0
            for p in ps:
                k = p.numel()
                a = flat[i:i + k].reshape(tuple(p._nd.shape)).astype(dt.np)
                i += k
                p.data = dispatch.Tensor._from_array(jax.device_put(a, dev), dev)
