"""Reference values for pooling whose windows tile the input (stride == kernel, no padding or
dilation: jtorch's reshape lowering) and for max pooling's pick rule (first maximum on ties, last
NaN when a window holds NaNs), next to the same inputs on the slice path. Needs real torch.

Each case: an expression over `x` (built from numpy, deterministic), the outputs, and the input
gradient of sum(out[0] * w) for a fixed random `w` (so every output's gradient is distinguishable
and routing to the wrong element of a window shows).

Run: python tests/reference/gen_nn_pool_tiles.py  (writes nn_pool_tiles.json)
"""
import numpy as np

import refutil


def ties(shape, seed, levels=3):
    """Few distinct values: many windows hold several equal maxima."""
    return np.random.default_rng(seed).integers(0, levels, shape).astype(np.float32)


def normal(shape, seed, dtype=np.float32):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def with_nans(shape, seed):
    x = ties(shape, seed)
    rng = np.random.default_rng(seed + 100)
    x[rng.random(shape) < 0.3] = np.nan
    x[rng.random(shape) < 0.1] = np.inf
    return x


def neg_inf(shape, seed):
    x = normal(shape, seed)
    x[..., :2, :] = -np.inf  # whole windows of -inf
    return x


# name: (expression, input array, differentiable)
CASES = {
    # tiling max pools, ties inside windows
    "mp2_tile_ties": ("F.max_pool2d(x, 2, return_indices=True)", ties((2, 3, 6, 8), 0), True),
    "mp2_tile_ties_stride": ("F.max_pool2d(x, 2, 2)", ties((2, 3, 6, 8), 1), True),
    "mp2_tile_rect_crop": ("F.max_pool2d(x, (2, 3), return_indices=True)",
                           ties((2, 2, 7, 11), 2), True),
    "mp2_tile_ceil_divisible": ("F.max_pool2d(x, 3, ceil_mode=True, return_indices=True)",
                                ties((1, 2, 9, 6), 3), True),
    "mp2_tile_k1": ("F.max_pool2d(x, 1, return_indices=True)", ties((1, 2, 3, 4), 4), True),
    "mp2_tile_unbatched": ("F.max_pool2d(x, 2, return_indices=True)", ties((3, 4, 5), 5), True),
    "mp2_tile_normal": ("F.max_pool2d(x, 2)", normal((2, 3, 6, 8), 6), True),
    "mp2_tile_float64": ("F.max_pool2d(x, 2, return_indices=True)",
                         normal((2, 2, 6, 6), 7, np.float64), True),
    "mp2_tile_int": ("F.max_pool2d(x, 2, return_indices=True)",
                     np.random.default_rng(8).integers(-3, 3, (2, 2, 6, 7)), False),
    "mp2_tile_neg_inf": ("F.max_pool2d(x, 2, return_indices=True)", neg_inf((1, 2, 6, 6), 9),
                         True),
    "mp1_tile_ties": ("F.max_pool1d(x, 3, return_indices=True)", ties((2, 3, 14), 10), True),
    "mp1_tile_ties_noidx": ("F.max_pool1d(x, 2)", ties((2, 3, 9), 11), True),
    "mp3_tile_ties": ("F.max_pool3d(x, 2, return_indices=True)", ties((1, 2, 4, 6, 5), 12), True),
    "mp3_tile_rect": ("F.max_pool3d(x, (1, 2, 3))", ties((2, 2, 3, 4, 7), 13), True),
    # NaN: PyTorch picks the LAST NaN of a window (tiling and slice paths, adaptive, fractional)
    "mp2_tile_nan": ("F.max_pool2d(x, 2, return_indices=True)", with_nans((2, 2, 6, 8), 14),
                     True),
    "mp2_slice_nan": ("F.max_pool2d(x, 3, 1, 1, return_indices=True)",
                      with_nans((1, 2, 6, 7), 15), True),
    "mp1_tile_nan": ("F.max_pool1d(x, 3, return_indices=True)", with_nans((2, 2, 12), 16), True),
    "mp3_tile_nan": ("F.max_pool3d(x, 2, return_indices=True)", with_nans((1, 2, 4, 4, 4), 17),
                     True),
    "amp2_nan": ("F.adaptive_max_pool2d(x, (3, 2), return_indices=True)",
                 with_nans((1, 2, 7, 5), 18), True),
    "frac2d_nan": ("F.fractional_max_pool2d(x, 2, output_size=(3, 3), return_indices=True, "
                   "_random_samples=torch.full((1, 2, 2), 0.4))", with_nans((1, 2, 7, 7), 19),
                   True),
    # the slice path on ties, for comparison with the tiling one
    "mp2_slice_ties": ("F.max_pool2d(x, 2, 1, return_indices=True)", ties((1, 2, 5, 6), 20),
                       True),
    # avg / lp pools that tile
    "ap2_tile_crop": ("F.avg_pool2d(x, 2)", normal((2, 2, 5, 7), 21), True),
    "ap1_tile": ("F.avg_pool1d(x, 4)", normal((2, 3, 12), 22), True),
    "ap3_tile": ("F.avg_pool3d(x, (2, 1, 2))", normal((1, 2, 4, 3, 6), 23), True),
    "ap2_tile_int": ("F.avg_pool2d(x, 2)", np.random.default_rng(24).integers(-9, 9, (1, 2, 4, 6)),
                     False),
    "lp2_tile": ("F.lp_pool2d(x, 2, 2)", normal((1, 2, 6, 8), 25), True),
}


def main():
    import torch
    import torch.nn.functional as F
    out = {}
    for name, (expr, arr, diff) in CASES.items():
        x = torch.tensor(arr, requires_grad=diff)
        res = eval(expr, {"F": F, "torch": torch, "x": x})
        res = list(res) if isinstance(res, tuple) else [res]
        entry = {"expr": expr, "x": refutil.record(x), "out": [refutil.record(r) for r in res]}
        if diff:
            w = torch.tensor(np.random.default_rng(1000).standard_normal(tuple(res[0].shape)),
                             dtype=res[0].dtype)
            (res[0] * w).sum().backward()
            entry["w"] = refutil.record(w)
            entry["grad"] = refutil.record(x.grad)
        out[name] = entry
    refutil.write("nn_pool_tiles", out)


if __name__ == "__main__":
    main()
