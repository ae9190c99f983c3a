"""Reference for a small CNN training loop (the bench/cnn.py architecture, scaled down):
Conv2d - ReLU - Conv2d - ReLU - MaxPool2d(2) - Flatten - Linear - ReLU - Linear,
CrossEntropyLoss, SGD(lr=0.1, momentum=0.9): the first step's logits and gradients and the
losses and parameters after three steps. Needs real torch.

Run: python tests/reference/gen_nn_cnn_step.py  (writes nn_cnn_step.json)
"""
import numpy as np

import refutil

SHAPES = {"0.weight": (4, 1, 3, 3), "0.bias": (4,), "2.weight": (6, 4, 3, 3), "2.bias": (6,),
          "6.weight": (8, 54), "6.bias": (8,), "8.weight": (3, 8), "8.bias": (3,)}
STEPS = 3


def inputs():
    rng = np.random.default_rng(0)
    params = {k: (rng.standard_normal(s) * 0.4).astype(np.float32) for k, s in SHAPES.items()}
    x = rng.standard_normal((5, 1, 10, 10)).astype(np.float32)
    y = rng.integers(0, 3, 5).astype(np.int64)
    return params, x, y


def build(nn):
    return nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Conv2d(4, 6, 3), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(54, 8), nn.ReLU(),
                         nn.Linear(8, 3))


def main():
    import torch
    params, x, y = inputs()
    model = build(torch.nn)
    model.load_state_dict({k: torch.tensor(v) for k, v in params.items()})
    crit = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    xt, yt = torch.tensor(x), torch.tensor(y)
    out = {"losses": []}
    for i in range(STEPS):
        opt.zero_grad()
        logits = model(xt)
        loss = crit(logits, yt)
        loss.backward()
        if i == 0:
            out["logits"] = refutil.record(logits)
            out["grads"] = {k: refutil.record(p.grad) for k, p in model.named_parameters()}
        opt.step()
        out["losses"].append(loss.item())
    out["params"] = {k: refutil.record(p) for k, p in model.named_parameters()}
    refutil.write("nn_cnn_step", out)


if __name__ == "__main__":
    main()
