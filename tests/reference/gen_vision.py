"""Reference for jtorch.vision's tensor resampling: torch.nn.functional.interpolate (what
torchvision's tensor Resize calls, with and without antialias) and torchvision's rotate
algorithm (inverse rotation of the output pixel grid, then grid_sample with zeros padding),
written here with torch ops since torchvision is not installed.
Run with real torch: python tests/reference/gen_vision.py
"""
import math

import numpy as np
import torch
import torch.nn.functional as F

from refutil import record, write


def image():
    rng = np.random.default_rng(0)
    return torch.tensor(rng.random((3, 6, 7)), dtype=torch.float32)


def rotate_ref(img, angle, mode, expand=False):
    c, h, w = img.shape
    th = math.radians(angle)
    # torchvision's inverse affine matrix for a rotation about the centre by `angle` (CCW)
    m = torch.tensor([[math.cos(th), -math.sin(th), 0.0], [math.sin(th), math.cos(th), 0.0]],
                     dtype=torch.float64)
    if expand:
        pts = torch.tensor([[-0.5 * w, -0.5 * h, 1.0], [-0.5 * w, 0.5 * h, 1.0],
                            [0.5 * w, 0.5 * h, 1.0], [0.5 * w, -0.5 * h, 1.0]],
                           dtype=torch.float64)
        fwd = torch.tensor([[math.cos(th), math.sin(th), 0.0],
                            [-math.sin(th), math.cos(th), 0.0]], dtype=torch.float64)
        new = pts @ fwd.T
        lo = new.min(0).values + torch.tensor([w * 0.5, h * 0.5], dtype=torch.float64)
        hi = new.max(0).values + torch.tensor([w * 0.5, h * 0.5], dtype=torch.float64)
        tol = 1e-4
        size = torch.ceil(torch.trunc(hi / tol) * tol) - torch.floor(torch.trunc(lo / tol) * tol)
        ow, oh = int(size[0]), int(size[1])
    else:
        ow, oh = w, h
    xs = torch.linspace(-ow * 0.5 + 0.5, ow * 0.5 - 0.5, ow, dtype=torch.float64)
    ys = torch.linspace(-oh * 0.5 + 0.5, oh * 0.5 - 0.5, oh, dtype=torch.float64)
    Y, X = torch.meshgrid(ys, xs, indexing="ij")
    base = torch.stack([X, Y, torch.ones_like(X)], -1)
    src = base @ m.T
    grid = (src / torch.tensor([0.5 * w, 0.5 * h], dtype=torch.float64)).to(torch.float32)
    return F.grid_sample(img[None], grid[None], mode=mode, padding_mode="zeros",
                         align_corners=False)[0]


def main():
    img = image()
    out = {"image": record(img), "resize": {}, "rotate": {}}
    for size in [(3, 4), (9, 11), (6, 4)]:
        for mode in ["bilinear", "bicubic"]:
            for aa in [False, True]:
                r = F.interpolate(img[None], size=size, mode=mode, align_corners=False,
                                  antialias=aa)[0]
                out["resize"][f"{size}|{mode}|{aa}"] = record(r)
        for mode in ["nearest", "nearest-exact"]:
            out["resize"][f"{size}|{mode}|False"] = record(F.interpolate(img[None], size=size,
                                                                         mode=mode)[0])
    for angle in [30.0, 90.0, -45.0]:
        for mode in ["nearest", "bilinear"]:
            for expand in [False, True]:
                out["rotate"][f"{angle}|{mode}|{expand}"] = record(
                    rotate_ref(img, angle, mode, expand))
    write("vision", out)


if __name__ == "__main__":
    main()
