"""Benchmark: recurrent layers.

1. µs per time step of an LSTM forward+backward (batch 32, input 32, hidden 128) for sequence
   lengths 50 and 500: jtorch's nn.LSTM vs a hand-written jax.lax.scan LSTM under jax.jit
   (value_and_grad) vs PyTorch's nn.LSTM when torch is installed.
2. The issue's `lstm` training step: 2-layer LSTM (input 32, hidden 128), seq 50, batch 32,
   Linear on the last step, MSE, Adam -- steps/s for jtorch vs hand-written JAX (lax.scan +
   optax.adam, one jitted step) vs PyTorch.

Run: python bench/rnn_steps.py [--quick]

Each timed jtorch call ends with a sync (forward+backward: `jtorch.sync()`; training: Adam's
step() ends the iteration) and then waits for the resulting arrays (JAX dispatches programs
asynchronously), so the work really runs; the JAX references block on their results.
Timings interleave the contenders and keep the best of several rounds (wall clock and process
CPU time), to resist noise from other processes. Ratios are jtorch / reference (below
1.0: jtorch faster).
"""
import sys
import time

import numpy as np

import jtorch
import jtorch.nn as jnn
import jtorch.optim
import jtorch.nn.functional as JF

try:
    LSTM = jnn.LSTM
except AttributeError:  # before the package wires the recurrent layers in
    from jtorch.nn.modules.rnn import LSTM

try:
    import torch
    torch.set_num_threads(1)  # XLA's CPU loop runs on one stream as well
except ImportError:
    torch = None
import jax
import jax.numpy as jnp
import optax

B, I, H = 32, 32, 128


def block(tensors):
    """Wait for the values behind materialised jtorch tensors (a sync dispatches its program
    asynchronously, as JAX does; the references block the same way)."""
    jax.block_until_ready([t._nd.value for t in tensors])


def timeit(fn, number, clock=time.perf_counter):
    t = clock()
    for _ in range(number):
        fn()
    return (clock() - t) / number


def best(contenders, number, rounds):
    for fn in contenders.values():  # warm up: compiles happen here
        for _ in range(3):
            fn()
    wall = {k: float("inf") for k in contenders}
    cpu = dict(wall)
    for _ in range(rounds):
        for k, fn in contenders.items():
            wall[k] = min(wall[k], timeit(fn, number))
            cpu[k] = min(cpu[k], timeit(fn, number, time.process_time))
    return wall, cpu


# ---- hand-written JAX LSTM ------------------------------------------------------------------
def jax_lstm_layer(x, w_ih, w_hh, b):
    """x (T, B, I) -> outputs (T, B, H); one lax.scan over time."""
    gx = jnp.einsum("tbi,gi->tbg", x, w_ih) + b
    Hh = w_hh.shape[1]

    def step(carry, g):
        h, c = carry
        z = g + h @ w_hh.T
        i, f, gg, o = jnp.split(z, 4, axis=-1)
        c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(gg)
        h = jax.nn.sigmoid(o) * jnp.tanh(c)
        return (h, c), h

    zeros = jnp.zeros((x.shape[1], Hh), x.dtype)
    _, ys = jax.lax.scan(step, (zeros, zeros), gx)
    return ys


def init_params(rs, layers):
    k = 1 / np.sqrt(H)
    ps = []
    for layer in range(layers):
        ins = I if layer == 0 else H
        ps.append({"w_ih": rs.uniform(-k, k, (4 * H, ins)).astype("float32"),
                   "w_hh": rs.uniform(-k, k, (4 * H, H)).astype("float32"),
                   "b_ih": rs.uniform(-k, k, 4 * H).astype("float32"),
                   "b_hh": rs.uniform(-k, k, 4 * H).astype("float32")})
    return ps


# ---- 1. µs per time step, forward + backward ------------------------------------------------
def per_step(T, number, rounds):
    rs = np.random.RandomState(0)
    x = rs.standard_normal((T, B, I)).astype("float32")
    (p,) = init_params(rs, 1)

    m = LSTM(I, H)
    m.load_state_dict({"weight_ih_l0": jtorch.tensor(p["w_ih"]),
                       "weight_hh_l0": jtorch.tensor(p["w_hh"]),
                       "bias_ih_l0": jtorch.tensor(p["b_ih"]),
                       "bias_hh_l0": jtorch.tensor(p["b_hh"])})
    jx = jtorch.tensor(x, requires_grad=True)

    def jt():
        m.zero_grad()
        jx.grad = None
        out, _ = m(jx)
        out.sum().backward()
        jtorch.sync()
        block([jx.grad] + [q.grad for q in m.parameters()])

    jp = {k: jnp.asarray(v) for k, v in p.items()}
    xj = jnp.asarray(x)

    def loss(params, xin):
        ys = jax_lstm_layer(xin, params["w_ih"], params["w_hh"],
                            params["b_ih"] + params["b_hh"])
        return ys.sum()

    grad = jax.jit(jax.value_and_grad(loss, argnums=(0, 1)))

    def jx_ref():
        jax.block_until_ready(grad(jp, xj))

    contenders = {"jtorch": jt, "jax scan": jx_ref}
    if torch is not None:
        tm = torch.nn.LSTM(I, H)
        tm.load_state_dict({"weight_ih_l0": torch.tensor(p["w_ih"]),
                            "weight_hh_l0": torch.tensor(p["w_hh"]),
                            "bias_ih_l0": torch.tensor(p["b_ih"]),
                            "bias_hh_l0": torch.tensor(p["b_hh"])})
        tx = torch.tensor(x, requires_grad=True)

        def pt():
            tm.zero_grad()
            tx.grad = None
            out, _ = tm(tx)
            out.sum().backward()
        contenders["torch"] = pt
    wall, cpu = best(contenders, number, rounds)
    print(f"LSTM forward+backward, seq {T}, batch {B}, input {I}, hidden {H}: "
          "µs per time step (wall / CPU)")
    for k in contenders:
        line = f"  {k:9s} {wall[k] / T * 1e6:8.1f} / {cpu[k] / T * 1e6:8.1f}"
        if k != "jtorch":
            line += (f"   jtorch / {k} = {wall['jtorch'] / wall[k]:.2f} (wall), "
                     f"{cpu['jtorch'] / cpu[k]:.2f} (CPU)")
        print(line)


# ---- 2. training step: 2-layer LSTM + Linear on the last step, MSE, Adam --------------------
def train(number, rounds, T=50):
    rs = np.random.RandomState(1)
    x = rs.standard_normal((B, T, I)).astype("float32")
    y = rs.standard_normal((B, 1)).astype("float32")
    ps = init_params(rs, 2)
    fw = rs.uniform(-0.1, 0.1, (1, H)).astype("float32")
    fb = np.zeros(1, "float32")
    sd = {}
    for layer, p in enumerate(ps):
        sd.update({f"weight_ih_l{layer}": p["w_ih"], f"weight_hh_l{layer}": p["w_hh"],
                   f"bias_ih_l{layer}": p["b_ih"], f"bias_hh_l{layer}": p["b_hh"]})

    class Model(jnn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = LSTM(I, H, num_layers=2, batch_first=True)
            self.fc = jnn.Linear(H, 1)

        def forward(self, inp):
            out, _ = self.lstm(inp)
            return self.fc(out[:, -1])

    model = Model()
    model.lstm.load_state_dict({k: jtorch.tensor(v) for k, v in sd.items()})
    model.fc.load_state_dict({"weight": jtorch.tensor(fw), "bias": jtorch.tensor(fb)})
    opt = jtorch.optim.Adam(model.parameters(), lr=1e-3)
    jx, jy = jtorch.tensor(x), jtorch.tensor(y)

    def jt():
        opt.zero_grad()
        loss = JF.mse_loss(model(jx), jy)
        loss.backward()
        opt.step()
        block(list(model.parameters()))

    params = {"layers": [{k: jnp.asarray(v) for k, v in p.items()} for p in ps],
              "fw": jnp.asarray(fw), "fb": jnp.asarray(fb)}
    tx = optax.adam(1e-3)
    box = [params, tx.init(params)]
    xj, yj = jnp.asarray(x), jnp.asarray(y)

    def loss_fn(prm, xin, yin):
        h = jnp.swapaxes(xin, 0, 1)
        for p in prm["layers"]:
            h = jax_lstm_layer(h, p["w_ih"], p["w_hh"], p["b_ih"] + p["b_hh"])
        pred = h[-1] @ prm["fw"].T + prm["fb"]
        return jnp.mean((pred - yin) ** 2)

    @jax.jit
    def step(prm, st, xin, yin):
        g = jax.grad(loss_fn)(prm, xin, yin)
        u, st = tx.update(g, st, prm)
        return optax.apply_updates(prm, u), st

    def jx_ref():
        box[0], box[1] = step(box[0], box[1], xj, yj)
        jax.block_until_ready(box[0])

    contenders = {"jtorch": jt, "jax+optax": jx_ref}
    if torch is not None:
        tl = torch.nn.LSTM(I, H, num_layers=2, batch_first=True)
        tl.load_state_dict({k: torch.tensor(v) for k, v in sd.items()})
        tf = torch.nn.Linear(H, 1)
        tf.load_state_dict({"weight": torch.tensor(fw), "bias": torch.tensor(fb)})
        topt = torch.optim.Adam(list(tl.parameters()) + list(tf.parameters()), lr=1e-3)
        tx_, ty = torch.tensor(x), torch.tensor(y)

        def pt():
            topt.zero_grad()
            out, _ = tl(tx_)
            loss = torch.nn.functional.mse_loss(tf(out[:, -1]), ty)
            loss.backward()
            topt.step()
        contenders["torch"] = pt
    wall, cpu = best(contenders, number, rounds)
    print(f"lstm training step (2-layer LSTM {I}->{H}, seq {T}, batch {B}, Linear on the last "
          "step, MSE, Adam): steps/s (wall / CPU)")
    for k in contenders:
        line = f"  {k:9s} {1 / wall[k]:8.1f} / {1 / cpu[k]:8.1f}"
        if k != "jtorch":
            line += (f"   jtorch speed / {k} = {wall[k] / wall['jtorch']:.2f} (wall), "
                     f"{cpu[k] / cpu['jtorch']:.2f} (CPU)")
        print(line)


def main():
    quick = "--quick" in sys.argv
    print(f"jax {jax.__version__} on {jax.devices()[0].platform}; torch: "
          f"{torch.__version__ if torch else 'not installed'}")
    per_step(50, 5 if quick else 20, 3 if quick else 5)
    per_step(500, 2 if quick else 5, 3 if quick else 5)
    train(5 if quick else 20, 3 if quick else 5)
    s = jtorch.runtime.stats
    print(f"programs compiled: {s['programs']}, fused runs: {s['fused_runs']}, "
          f"op-by-op runs: {s['op_by_op_runs']}")


if __name__ == "__main__":
    main()
