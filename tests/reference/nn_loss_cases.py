"""Loss parity cases, shared by the generator (real torch) and the test (jtorch).

Each case is (name, expression, [(input name, shape, kind)], names that require grad). The
expression is evaluated with `F` bound to the library's nn.functional, `torch` to the library
and `red` to the reduction; a case runs with reduction 'none', 'mean' and 'sum' on the same
inputs (cases whose expression has no `red` run once), and the input gradients are those of
sum_r (out_r * weight_r).sum() with fixed random weights, so every reduction's backward counts.
Kinds: 'f' float32 N(0, 1), 'f64' float64 N(0, 1), 'u' float32 in (0.05, 0.95), 'pos' float32
in (0.5, 2), 'pm' float32 +-1, 'bin' float32 0/1, 'prob' float32 rows summing to 1 over dim 1
(dim 0 if 1-D), 'cnt' float32 counts 0..5, 'iC' int64 class indices in [0, C) ('iC:k' with
about a third set to k, 'iC:k!' all), 'bC' uint8 indices, 'mlm' multilabel targets (labels, then
-1 padding), 'logp' float32 log-probabilities over the last dim, 'la:b' int64 labels in [a, b).
"""
import numpy as np

REDUCTIONS = ("none", "mean", "sum")

CASES = [
    # ---- pointwise regression losses
    ("mse", "F.mse_loss(x, y, reduction=red)", [("x", (3, 4), "f"), ("y", (3, 4), "f")], "xy"),
    ("mse_weight", "F.mse_loss(x, y, reduction=red, weight=w)",
     [("x", (3, 4), "f"), ("y", (3, 4), "f"), ("w", (3, 4), "pos")], "xy"),
    ("l1", "F.l1_loss(x, y, reduction=red)", [("x", (3, 4), "f"), ("y", (3, 4), "f")], "xy"),
    ("l1_weight", "F.l1_loss(x, y, reduction=red, weight=w)",
     [("x", (6,), "f"), ("y", (6,), "f"), ("w", (6,), "pos")], "x"),
    ("smooth_l1_beta", "F.smooth_l1_loss(x, y, reduction=red, beta=0.5)",
     [("x", (4, 5), "f"), ("y", (4, 5), "f")], "xy"),
    ("smooth_l1_beta0", "F.smooth_l1_loss(x, y, reduction=red, beta=0.0)",
     [("x", (6,), "f"), ("y", (6,), "f")], "x"),
    ("huber", "F.huber_loss(x, y, reduction=red)", [("x", (4, 5), "f"), ("y", (4, 5), "f")],
     "xy"),
    ("huber_weight", "F.huber_loss(x, y, reduction=red, delta=0.7, weight=w)",
     [("x", (3, 4), "f"), ("y", (3, 4), "f"), ("w", (3, 4), "pos")], "x"),
    # ---- binary cross entropy
    ("bce", "F.binary_cross_entropy(x, y, reduction=red)", [("x", (3, 4), "u"),
                                                            ("y", (3, 4), "u")], "xy"),
    ("bce_weight", "F.binary_cross_entropy(x, y, weight=w, reduction=red)",
     [("x", (3, 4), "u"), ("y", (3, 4), "bin"), ("w", (4,), "pos")], "x"),
    ("bce_logits", "F.binary_cross_entropy_with_logits(x, y, reduction=red)",
     [("x", (3, 4), "f"), ("y", (3, 4), "u")], "xy"),
    ("bce_logits_weight", "F.binary_cross_entropy_with_logits(x, y, weight=w, reduction=red)",
     [("x", (3, 4), "f"), ("y", (3, 4), "bin"), ("w", (3, 1), "pos")], "x"),
    ("bce_logits_pos_weight",
     "F.binary_cross_entropy_with_logits(x, y, pos_weight=pw, reduction=red)",
     [("x", (3, 4), "f"), ("y", (3, 4), "u"), ("pw", (4,), "pos")], "xy"),
    ("bce_logits_both",
     "F.binary_cross_entropy_with_logits(x, y, weight=w, pos_weight=pw, reduction=red)",
     [("x", (2, 3, 4), "f64"), ("y", (2, 3, 4), "u"), ("w", (3, 4), "pos"),
      ("pw", (4,), "pos")], "x"),
    # ---- KL divergence
    ("kl", "F.kl_div(x, y, reduction=red)", [("x", (3, 4), "f"), ("y", (3, 4), "u")], "xy"),
    ("kl_log_target", "F.kl_div(x, y, reduction=red, log_target=True)",
     [("x", (3, 4), "f"), ("y", (3, 4), "f")], "xy"),
    ("kl_batchmean", "F.kl_div(x, y, reduction='batchmean')",
     [("x", (3, 4), "f"), ("y", (3, 4), "u")], "xy"),
    ("kl_batchmean_log_target", "F.kl_div(x, y, reduction='batchmean', log_target=True)",
     [("x", (2, 5), "f64"), ("y", (2, 5), "f64")], "xy"),
    ("kl_batchmean_legacy_mean", "F.kl_div(x, y, size_average=True, reduction='batchmean')",
     [("x", (3, 4), "f"), ("y", (3, 4), "u")], "x"),
    # ---- margin and embedding losses
    ("margin_ranking_margin", "F.margin_ranking_loss(a, b, y, margin=0.5, reduction=red)",
     [("a", (6,), "f"), ("b", (6,), "f"), ("y", (6,), "pm")], "ab"),
    ("hinge_embedding_margin", "F.hinge_embedding_loss(x, y, margin=0.4, reduction=red)",
     [("x", (3, 4), "f"), ("y", (3, 4), "pm")], "x"),
    ("cosine_embedding_margin", "F.cosine_embedding_loss(a, b, y, margin=-0.2, reduction=red)",
     [("a", (4, 5), "f"), ("b", (4, 5), "f"), ("y", (4,), "pm")], "ab"),
    ("cosine_embedding_1d", "F.cosine_embedding_loss(a, b, torch.tensor(-1.0), reduction=red)",
     [("a", (5,), "f"), ("b", (5,), "f")], "ab"),
    ("triplet", "F.triplet_margin_loss(a, p, n, reduction=red)",
     [("a", (4, 6), "f"), ("p", (4, 6), "f"), ("n", (4, 6), "f")], "apn"),
    ("triplet_p1_swap", "F.triplet_margin_loss(a, p, n, p=1, swap=True, margin=0.5, "
     "reduction=red)", [("a", (4, 6), "f"), ("p", (4, 6), "f"), ("n", (4, 6), "f")], "apn"),
    ("triplet_p3_1d", "F.triplet_margin_loss(a, p, n, p=3, eps=1e-3, reduction=red)",
     [("a", (6,), "f64"), ("p", (6,), "f64"), ("n", (6,), "f64")], "apn"),
    ("triplet_distance", "F.triplet_margin_with_distance_loss(a, p, n, reduction=red)",
     [("a", (4, 6), "f"), ("p", (4, 6), "f"), ("n", (4, 6), "f")], "apn"),
    ("triplet_distance_custom", "F.triplet_margin_with_distance_loss(a, p, n, distance_function="
     "lambda u, v: (u - v).abs().sum(-1), margin=2.0, swap=True, reduction=red)",
     [("a", (4, 6), "f"), ("p", (4, 6), "f"), ("n", (4, 6), "f")], "apn"),
    ("soft_margin", "F.soft_margin_loss(x, y, reduction=red)",
     [("x", (3, 4), "f"), ("y", (3, 4), "pm")], "x"),
    ("multilabel_soft_margin", "F.multilabel_soft_margin_loss(x, y, reduction=red)",
     [("x", (3, 5), "f"), ("y", (3, 5), "bin")], "x"),
    ("multilabel_soft_margin_weight",
     "F.multilabel_soft_margin_loss(x, y, weight=w, reduction=red)",
     [("x", (3, 5), "f"), ("y", (3, 5), "u"), ("w", (5,), "pos")], "xy"),
    ("multilabel_margin", "F.multilabel_margin_loss(x, t, reduction=red)",
     [("x", (4, 5), "f"), ("t", (4, 5), "mlm")], "x"),
    ("multilabel_margin_1d", "F.multilabel_margin_loss(x, t, reduction=red)",
     [("x", (5,), "f"), ("t", (5,), "mlm")], "x"),
    ("multi_margin", "F.multi_margin_loss(x, t, reduction=red)",
     [("x", (4, 5), "f"), ("t", (4,), "i5")], "x"),
    ("multi_margin_p2_weight", "F.multi_margin_loss(x, t, p=2, margin=0.7, weight=w, "
     "reduction=red)", [("x", (4, 5), "f"), ("t", (4,), "i5"), ("w", (5,), "pos")], "x"),
    ("multi_margin_1d", "F.multi_margin_loss(x, t, reduction=red)",
     [("x", (5,), "f"), ("t", (), "i5")], "x"),
    ("multi_margin_1d_target_1", "F.multi_margin_loss(x, t, margin=2.0, reduction=red)",
     [("x", (5,), "f"), ("t", (1,), "i5")], "x"),
    # ---- Poisson / Gaussian NLL
    ("poisson", "F.poisson_nll_loss(x, y, reduction=red)",
     [("x", (3, 4), "f"), ("y", (3, 4), "cnt")], "xy"),
    ("poisson_rate_full", "F.poisson_nll_loss(x, y, log_input=False, full=True, reduction=red)",
     [("x", (3, 4), "pos"), ("y", (3, 4), "cnt")], "xy"),
    ("poisson_full", "F.poisson_nll_loss(x, y, full=True, eps=1e-3, reduction=red)",
     [("x", (3, 4), "f64"), ("y", (3, 4), "cnt")], "x"),
    ("gaussian", "F.gaussian_nll_loss(x, y, v, reduction=red)",
     [("x", (3, 4), "f"), ("y", (3, 4), "f"), ("v", (3, 4), "pos")], "xyv"),
    ("gaussian_homoscedastic", "F.gaussian_nll_loss(x, y, v, full=True, reduction=red)",
     [("x", (3, 4), "f"), ("y", (3, 4), "f"), ("v", (3,), "pos")], "xv"),
    ("gaussian_broadcast_var", "F.gaussian_nll_loss(x, y, v, eps=0.8, reduction=red)",
     [("x", (3, 4), "f"), ("y", (3, 4), "f"), ("v", (3, 1), "pos")], "xv"),
    ("gaussian_float_var", "F.gaussian_nll_loss(x, y, 0.7, reduction=red)",
     [("x", (3, 4), "f"), ("y", (3, 4), "f")], "xy"),
    # ---- NLL
    ("nll", "F.nll_loss(x, t, reduction=red)", [("x", (4, 5), "f"), ("t", (4,), "i5")], "x"),
    ("nll_weight", "F.nll_loss(x, t, weight=w, reduction=red)",
     [("x", (6, 5), "f"), ("t", (6,), "i5"), ("w", (5,), "pos")], "x"),
    ("nll_ignore", "F.nll_loss(x, t, weight=w, reduction=red)",
     [("x", (8, 5), "f"), ("t", (8,), "i5:-100"), ("w", (5,), "pos")], "x"),
    ("nll_ignore_custom", "F.nll_loss(x, t, ignore_index=2, reduction=red)",
     [("x", (8, 5), "f"), ("t", (8,), "i5:2")], "x"),
    ("nll_1d", "F.nll_loss(x, t, reduction=red)", [("x", (5,), "f"), ("t", (), "i5")], "x"),
    # (PyTorch's own backward fails for a (1,) target with a 1-D input: forward only)
    ("nll_1d_target_1", "F.nll_loss(x, t, reduction=red)", [("x", (5,), "f"), ("t", (1,), "i5")],
     ""),
    ("nll_3d", "F.nll_loss(x, t, reduction=red)",
     [("x", (2, 4, 3), "f"), ("t", (2, 3), "i4")], "x"),
    ("nll_4d_weight_ignore", "F.nll_loss(x, t, weight=w, ignore_index=1, reduction=red)",
     [("x", (2, 3, 2, 3), "f"), ("t", (2, 2, 3), "i3:1"), ("w", (3,), "pos")], "x"),
    ("nll_5d", "F.nll_loss(x, t, reduction=red)",
     [("x", (2, 3, 2, 2, 2), "f64"), ("t", (2, 2, 2, 2), "i3")], "x"),
    ("nll_uint8", "F.nll_loss(x, t, reduction=red)", [("x", (4, 5), "f"), ("t", (4,), "b5")],
     "x"),
    ("nll_all_ignored", "F.nll_loss(x, t, reduction=red)",
     [("x", (3, 5), "f"), ("t", (3,), "i5:-100!")], "x"),
    # ---- cross entropy
    ("ce", "F.cross_entropy(x, t, reduction=red)", [("x", (4, 5), "f"), ("t", (4,), "i5")],
     "x"),
    ("ce_f64", "F.cross_entropy(x, t, reduction=red)", [("x", (4, 5), "f64"),
                                                        ("t", (4,), "i5")], "x"),
    ("ce_weight_ignore", "F.cross_entropy(x, t, weight=w, reduction=red)",
     [("x", (8, 5), "f"), ("t", (8,), "i5:-100"), ("w", (5,), "pos")], "x"),
    ("ce_smoothing", "F.cross_entropy(x, t, label_smoothing=0.1, reduction=red)",
     [("x", (6, 5), "f"), ("t", (6,), "i5")], "x"),
    ("ce_smoothing_weight_ignore", "F.cross_entropy(x, t, weight=w, ignore_index=3, "
     "label_smoothing=0.25, reduction=red)",
     [("x", (8, 5), "f"), ("t", (8,), "i5:3"), ("w", (5,), "pos")], "x"),
    ("ce_prob", "F.cross_entropy(x, y, reduction=red)",
     [("x", (4, 5), "f"), ("y", (4, 5), "prob")], "xy"),
    ("ce_prob_weight_smoothing", "F.cross_entropy(x, y, weight=w, label_smoothing=0.2, "
     "reduction=red)", [("x", (4, 5), "f"), ("y", (4, 5), "prob"), ("w", (5,), "pos")], "xy"),
    ("ce_4d", "F.cross_entropy(x, t, reduction=red)",
     [("x", (2, 3, 2, 3), "f"), ("t", (2, 2, 3), "i3")], "x"),
    ("ce_4d_smoothing_weight", "F.cross_entropy(x, t, weight=w, label_smoothing=0.3, "
     "reduction=red)", [("x", (2, 3, 2, 3), "f"), ("t", (2, 2, 3), "i3:-100"),
                        ("w", (3,), "pos")], "x"),
    ("ce_3d", "F.cross_entropy(x, t, reduction=red)",
     [("x", (2, 4, 3), "f"), ("t", (2, 3), "i4")], "x"),
    ("ce_4d_prob", "F.cross_entropy(x, y, reduction=red)",
     [("x", (2, 3, 2, 2), "f"), ("y", (2, 3, 2, 2), "prob")], "x"),
    ("ce_unbatched", "F.cross_entropy(x, t, reduction=red)",
     [("x", (5,), "f"), ("t", (), "i5")], "x"),
    ("ce_unbatched_smoothing", "F.cross_entropy(x, t, label_smoothing=0.1, reduction=red)",
     [("x", (5,), "f"), ("t", (), "i5")], "x"),
    ("ce_unbatched_prob", "F.cross_entropy(x, y, reduction=red)",
     [("x", (5,), "f"), ("y", (5,), "prob")], "xy"),
    ("ce_half_grad_free", "F.cross_entropy(x, t, reduction=red)",
     [("x", (3, 4), "f16"), ("t", (3,), "i4")], ""),
    # ---- CTC (log_probs (T, N, C); padded or concatenated targets)
    ("ctc", "F.ctc_loss(x, t, torch.tensor([6, 5, 4]), torch.tensor([3, 2, 1]), reduction=red)",
     [("x", (6, 3, 5), "logp"), ("t", (3, 3), "l1:5")], "x"),
    ("ctc_concat_blank_zero_infinity", "F.ctc_loss(x, t, (6, 1, 5), (3, 2, 1), blank=4, "
     "zero_infinity=True)", [("x", (6, 3, 5), "logp"), ("t", (6,), "l0:4")], "x"),
    ("ctc_impossible", "F.ctc_loss(x, t, (6, 1), (2, 2), reduction='none')",
     [("x", (6, 2, 4), "logp"), ("t", (2, 2), "l1:4")], "x"),
    ("ctc_unbatched_unnormalised", "F.ctc_loss(x, t, torch.tensor(7), torch.tensor(3), "
     "reduction='sum')", [("x", (7, 5), "f64"), ("t", (3,), "l1:5")], "x"),
    # ---- the modules call the same functions with their stored settings and buffers
    ("module_ce", "torch.nn.CrossEntropyLoss(weight=w, label_smoothing=0.1, reduction=red)(x, t)",
     [("x", (6, 5), "f"), ("t", (6,), "i5:-100"), ("w", (5,), "pos")], "x"),
    ("module_nll", "torch.nn.NLLLoss(ignore_index=0, reduction=red)(x, t)",
     [("x", (6, 5), "f"), ("t", (6,), "i5")], "x"),
    ("module_bce_logits", "torch.nn.BCEWithLogitsLoss(pos_weight=pw, reduction=red)(x, y)",
     [("x", (3, 4), "f"), ("y", (3, 4), "bin"), ("pw", (4,), "pos")], "x"),
    ("module_smooth_l1", "torch.nn.SmoothL1Loss(beta=0.4, reduction=red)(x, y)",
     [("x", (3, 4), "f"), ("y", (3, 4), "f")], "xy"),
    ("module_triplet_distance", "torch.nn.TripletMarginWithDistanceLoss(reduction=red)(a, p, n)",
     [("a", (4, 6), "f"), ("p", (4, 6), "f"), ("n", (4, 6), "f")], "apn"),
    ("module_gaussian", "torch.nn.GaussianNLLLoss(full=True, reduction=red)(x, y, v)",
     [("x", (3, 4), "f"), ("y", (3, 4), "f"), ("v", (3, 4), "pos")], "xv"),
]

# Module printed forms, reductions and state_dict keys.
MODULES = [
    "torch.nn.L1Loss()", "torch.nn.MSELoss(reduction='sum')", "torch.nn.SmoothL1Loss(beta=0.5)",
    "torch.nn.HuberLoss(delta=2.0)", "torch.nn.CrossEntropyLoss()",
    "torch.nn.CrossEntropyLoss(weight=torch.ones(3), ignore_index=1, label_smoothing=0.1)",
    "torch.nn.NLLLoss(weight=torch.ones(3))", "torch.nn.BCELoss()",
    "torch.nn.BCEWithLogitsLoss(pos_weight=torch.ones(2))",
    "torch.nn.BCEWithLogitsLoss(weight=torch.ones(2), pos_weight=torch.ones(2))",
    "torch.nn.KLDivLoss(reduction='batchmean', log_target=True)", "torch.nn.MarginRankingLoss()",
    "torch.nn.HingeEmbeddingLoss(margin=2.0)", "torch.nn.CosineEmbeddingLoss()",
    "torch.nn.TripletMarginLoss()", "torch.nn.TripletMarginWithDistanceLoss()",
    "torch.nn.TripletMarginWithDistanceLoss(distance_function=lambda a, b: (a - b).abs())",
    "torch.nn.PoissonNLLLoss()", "torch.nn.GaussianNLLLoss()",
    "torch.nn.MultiLabelSoftMarginLoss(weight=torch.ones(3))", "torch.nn.SoftMarginLoss()",
    "torch.nn.MultiLabelMarginLoss()", "torch.nn.MultiMarginLoss(p=2)", "torch.nn.CTCLoss()",
    "torch.nn.MSELoss(size_average=False)", "torch.nn.L1Loss(reduce=False)",
    "torch.nn.CrossEntropyLoss(size_average=True, reduce=True)",
]


def variants(expr):
    """(reduction label, expression) for each reduction a case runs with."""
    if "reduction=red" not in expr:
        return [("", expr)]
    return [(r, expr.replace("reduction=red", f"reduction='{r}'")) for r in REDUCTIONS]


def make_inputs(specs, seed):
    """NumPy arrays for the specs (deterministic per seed)."""
    rng = np.random.default_rng(seed)
    out = {}
    for name, shape, kind in specs:
        out[name] = _make(rng, shape, kind)
    return out


def _make(rng, shape, kind):
    if kind == "f":
        return rng.normal(size=shape).astype(np.float32) * np.float32(1.5)
    if kind == "f64":
        return rng.normal(size=shape) * 1.5
    if kind == "f16":
        return rng.normal(size=shape).astype(np.float16)
    if kind == "u":
        return rng.uniform(0.05, 0.95, size=shape).astype(np.float32)
    if kind == "pos":
        return rng.uniform(0.5, 2.0, size=shape).astype(np.float32)
    if kind == "pm":
        return np.where(rng.uniform(size=shape) < 0.5, -1.0, 1.0).astype(np.float32)
    if kind == "bin":
        return (rng.uniform(size=shape) < 0.5).astype(np.float32)
    if kind == "cnt":
        return rng.integers(0, 6, size=shape).astype(np.float32)
    if kind == "prob":
        z = np.exp(rng.normal(size=shape))
        axis = 0 if len(shape) == 1 else 1
        return (z / z.sum(axis=axis, keepdims=True)).astype(np.float32)
    if kind == "logp":
        z = rng.normal(size=shape)
        z = z - np.log(np.exp(z).sum(-1, keepdims=True))
        return z.astype(np.float32)
    if kind[0] == "l" and ":" in kind:
        lo, hi = kind[1:].split(":")
        return rng.integers(int(lo), int(hi), size=shape).astype(np.int64)
    if kind == "mlm":
        n_classes = shape[-1]
        rows = []
        for _ in range(int(np.prod(shape[:-1]))):
            k = int(rng.integers(1, n_classes))
            labels = list(rng.permutation(n_classes)[:k]) + [-1] * (n_classes - k)
            if k < n_classes - 1:  # values after the first -1 are ignored
                labels[k + 1] = int(rng.integers(0, n_classes))
            rows.append(labels)
        return np.array(rows, dtype=np.int64).reshape(shape)
    if kind[0] in "ib":
        spec = kind[1:]
        every = spec.endswith("!")
        spec = spec.rstrip("!")
        n_classes, _, ign = spec.partition(":")
        t = rng.integers(0, int(n_classes), size=shape)
        if ign:
            mask = np.ones(shape, bool) if every else rng.uniform(size=shape) < 0.3
            t = np.where(mask, int(ign), t)
        return t.astype(np.uint8 if kind[0] == "b" else np.int64)
    raise ValueError(kind)


def out_weight(shape, seed):
    """The fixed cotangent: loss = (out * weight).sum()."""
    return np.random.default_rng(seed).normal(size=shape)


# Error paths: (name, expression, specs). The generator stores PyTorch's exception type and
# message; the test checks jtorch raises the same (value-dependent errors at the next sync).
_X = [("x", (3, 5), "f")]
_XT = [("x", (3, 5), "f"), ("t", (3,), "i5")]
_CTC = [("x", (6, 3, 5), "logp"), ("t", (3, 3), "l1:5")]
ERRORS = [
    ("ce_batch", "F.cross_entropy(x, torch.tensor([1, 2, 3, 4]))", _X),
    ("ce_float_target", "F.cross_entropy(x, torch.tensor([1., 2., 3.]))", _X),
    ("ce_int32_target", "F.cross_entropy(x, torch.tensor([1, 2, 3], dtype=torch.int32))", _X),
    ("ce_bool_target", "F.cross_entropy(x, torch.tensor([True, False, True]))", _X),
    ("ce_out_of_bounds", "F.cross_entropy(x, torch.tensor([1, 2, 5]))", _X),
    ("ce_negative_target", "F.cross_entropy(x, torch.tensor([1, -1, 2]))", _X),
    ("ce_out_of_bounds_pending", "F.cross_entropy(x, torch.tensor([0, 1, 2]) + 3)", _X),
    ("ce_weight_size", "F.cross_entropy(x, t, weight=torch.ones(4))", _XT),
    ("ce_weight_dtype", "F.cross_entropy(x, t, weight=torch.ones(5, dtype=torch.float64))", _XT),
    ("ce_reduction", "F.cross_entropy(x, t, reduction='xyz')", _XT),
    ("ce_smoothing_range", "F.cross_entropy(x, t, label_smoothing=1.5)", _XT),
    ("ce_prob_smoothing_range", "F.cross_entropy(x, torch.rand(3, 5), label_smoothing=1.5)",
     _X),
    ("ce_prob_int_target", "F.cross_entropy(x, torch.ones(3, 5, dtype=torch.int64))", _X),
    ("ce_prob_ignore_index", "F.cross_entropy(x, torch.rand(3, 5), ignore_index=1)", _X),
    ("ce_prob_weight", "F.cross_entropy(x, torch.rand(3, 5), weight=torch.ones(4))", _X),
    ("ce_multi_target", "F.cross_entropy(x, torch.rand(3, 4))", _X),
    ("ce_int_input", "F.cross_entropy(torch.ones(3, 5, dtype=torch.int64), t)", _XT),
    ("nll_0d", "F.nll_loss(torch.tensor(1.0), torch.tensor(1))", []),
    ("nll_1d_target_size", "F.nll_loss(torch.randn(5), torch.tensor([1, 2]))", []),
    ("nll_2d_target", "F.nll_loss(x, torch.ones(3, 2, dtype=torch.int64))", _X),
    ("nll_4d_target_dims", "F.nll_loss(torch.randn(2, 3, 4, 4), torch.ones(2, 4, dtype="
     "torch.int64))", []),
    ("nll_4d_size", "F.nll_loss(torch.randn(2, 3, 4, 4), torch.ones(2, 4, 5, dtype="
     "torch.int64))", []),
    ("nll_3d_size", "F.nll_loss(torch.randn(2, 3, 4), torch.ones(2, 5, dtype=torch.int64))", []),
    ("nll_5d_size", "F.nll_loss(torch.randn(2, 3, 2, 2, 2), torch.ones(2, 2, 2, 3, dtype="
     "torch.int64))", []),
    ("nll_4d_batch", "F.nll_loss(torch.randn(2, 3, 4, 4), torch.ones(3, 4, 4, dtype="
     "torch.int64))", []),
    ("nll_4d_weight", "F.nll_loss(torch.randn(2, 3, 4, 4), torch.ones(2, 4, 4, dtype="
     "torch.int64), weight=torch.ones(4))", []),
    ("nll_4d_out_of_bounds", "F.nll_loss(torch.randn(2, 3, 4, 4), torch.full((2, 4, 4), 7))",
     []),
    ("nll_weight_2d", "F.nll_loss(x, t, weight=torch.ones(5, 1))", _XT),
    ("nll_float_target", "F.nll_loss(x, torch.tensor([1., 2., 3.]))", _X),
    ("nll_int_input", "F.nll_loss(torch.ones(3, 5, dtype=torch.int64), t)", _XT),
    ("mse_reduction", "F.mse_loss(x, x, reduction='xyz')", _X),
    ("mse_batchmean", "F.mse_loss(x, x, reduction='batchmean')", _X),
    ("mse_broadcast", "F.mse_loss(torch.randn(3, 2), torch.randn(4))", []),
    ("mse_int", "F.mse_loss(torch.tensor([1, 2]), torch.tensor([1, 2]))", []),
    ("mse_weight_size", "F.mse_loss(x, x, weight=torch.ones(5))", _X),
    ("mse_weight_reduction", "F.mse_loss(x, x, weight=torch.ones(3, 5), reduction='xyz')", _X),
    ("l1_int_mean", "F.l1_loss(torch.tensor([1, 2]), torch.tensor([1, 3]))", []),
    ("smooth_l1_beta", "F.smooth_l1_loss(x, x, beta=-1.0)", _X),
    ("smooth_l1_int", "F.smooth_l1_loss(torch.tensor([1]), torch.tensor([2]))", []),
    ("huber_delta", "F.huber_loss(x, x, delta=0.0)", _X),
    ("huber_int", "F.huber_loss(torch.tensor([1]), torch.tensor([2]))", []),
    ("huber_int_float", "F.huber_loss(torch.tensor([1]), torch.tensor([2.0]))", []),
    ("bce_size", "F.binary_cross_entropy(torch.rand(3, 1), torch.rand(3))", []),
    ("bce_weight_broadcast", "F.binary_cross_entropy(torch.rand(3, 4), torch.rand(3, 4), "
     "weight=torch.rand(5))", []),
    ("bce_dtype", "F.binary_cross_entropy(torch.rand(3), torch.rand(3, dtype=torch.float64))",
     []),
    ("bce_input_range", "F.binary_cross_entropy(torch.tensor([0.5, 1.5]), torch.tensor([1., 0.]))",
     []),
    ("bce_input_range_pending", "F.binary_cross_entropy(torch.tensor([0.5, 1.5]) * 1.0, "
     "torch.tensor([1., 0.]))", []),
    ("bce_target_range", "F.binary_cross_entropy(torch.tensor([0.5, 0.5]), "
     "torch.tensor([1., -0.5]))", []),
    ("bce_nan_input", "F.binary_cross_entropy(torch.tensor([float('nan')]), torch.tensor([1.]))",
     []),
    ("bce_logits_size", "F.binary_cross_entropy_with_logits(torch.rand(3, 1), torch.rand(3))",
     []),
    ("bce_logits_weight", "F.binary_cross_entropy_with_logits(torch.rand(3, 4), "
     "torch.rand(3, 4), weight=torch.rand(5))", []),
    ("bce_logits_pos_weight", "F.binary_cross_entropy_with_logits(torch.rand(3, 4), "
     "torch.rand(3, 4), pos_weight=torch.rand(5))", []),
    ("bce_logits_int_input", "F.binary_cross_entropy_with_logits(torch.tensor([1]), "
     "torch.tensor([1.0]))", []),
    ("bce_logits_int_target", "F.binary_cross_entropy_with_logits(torch.tensor([1.0]), "
     "torch.tensor([1]))", []),
    ("kl_reduction", "F.kl_div(x, x, reduction='xyz')", _X),
    ("kl_int", "F.kl_div(torch.tensor([1]), torch.tensor([1.0]), reduction='sum')", []),
    ("margin_ranking_dims", "F.margin_ranking_loss(torch.randn(3, 4), torch.randn(3, 4), "
     "torch.ones(3))", []),
    ("margin_ranking_broadcast", "F.margin_ranking_loss(torch.randn(3), torch.randn(4), "
     "torch.randn(3))", []),
    ("cosine_target_dims", "F.cosine_embedding_loss(x, x, torch.ones(3, 5))", _X),
    ("cosine_1d_target_inputs", "F.cosine_embedding_loss(x[0], x, torch.ones(3))", _X),
    ("cosine_0d_target_inputs", "F.cosine_embedding_loss(x, x, torch.tensor(1.))", _X),
    ("cosine_sizes", "F.cosine_embedding_loss(torch.randn(3, 4), torch.randn(3, 5), "
     "torch.ones(3))", []),
    ("cosine_target_size", "F.cosine_embedding_loss(x, x, torch.ones(2))", _X),
    ("triplet_margin", "F.triplet_margin_loss(x, x, x, margin=0)", _X),
    ("triplet_dims", "F.triplet_margin_loss(x, x, torch.randn(2, 3, 5))", _X),
    ("triplet_sizes", "F.triplet_margin_loss(x, torch.randn(3, 4), x)", _X),
    ("triplet_distance_reduction", "F.triplet_margin_with_distance_loss(x, x, x, "
     "reduction='xyz')", _X),
    ("triplet_distance_margin", "F.triplet_margin_with_distance_loss(x, x, x, margin=-1)", _X),
    ("triplet_distance_dims", "F.triplet_margin_with_distance_loss(x, x[0], x)", _X),
    ("poisson_reduction", "F.poisson_nll_loss(x, x, reduction='xyz')", _X),
    ("gaussian_reduction", "F.gaussian_nll_loss(x, x, torch.ones(3, 5), reduction='xyz')", _X),
    ("gaussian_var_size", "F.gaussian_nll_loss(x, x, torch.ones(3, 4))", _X),
    ("gaussian_var_size_3d", "F.gaussian_nll_loss(x, x, torch.ones(3, 5, 1))", _X),
    ("gaussian_var_negative", "F.gaussian_nll_loss(x, x, -torch.ones(3, 5))", _X),
    ("gaussian_var_negative_float", "F.gaussian_nll_loss(x, x, -1.0)", _X),
    ("gaussian_var_int", "F.gaussian_nll_loss(x, x, 1)", _X),
    ("multilabel_soft_margin_reduction", "F.multilabel_soft_margin_loss(x, x, reduction='xyz')",
     _X),
    ("multilabel_soft_margin_int", "F.multilabel_soft_margin_loss(torch.tensor([[1]]), x)", _X),
    ("soft_margin_int", "F.soft_margin_loss(torch.tensor([1]), torch.tensor([1.0]))", []),
    ("multilabel_margin_size", "F.multilabel_margin_loss(x, torch.ones(3, 4, dtype="
     "torch.int64))", _X),
    ("multilabel_margin_3d", "F.multilabel_margin_loss(torch.randn(2, 3, 4), torch.ones(2, 3, 4, "
     "dtype=torch.int64))", []),
    ("multilabel_margin_dtype", "F.multilabel_margin_loss(x, torch.ones(3, 5))", _X),
    ("multilabel_margin_range", "F.multilabel_margin_loss(x, torch.tensor([[1, -1, 9, 0, 0]] * "
     "3))", _X),
    ("multi_margin_p", "F.multi_margin_loss(x, t, p=3)", _XT),
    ("multi_margin_target_size", "F.multi_margin_loss(x, torch.ones(4, dtype=torch.int64))", _X),
    ("multi_margin_dtype", "F.multi_margin_loss(x, torch.ones(3))", _X),
    ("multi_margin_weight_dims", "F.multi_margin_loss(x, t, weight=torch.ones(5, 1))", _XT),
    ("multi_margin_weight_size", "F.multi_margin_loss(x, t, weight=torch.ones(4))", _XT),
    ("multi_margin_weight_dtype", "F.multi_margin_loss(x, t, weight=torch.ones(5, dtype="
     "torch.float64))", _XT),
    ("multi_margin_range", "F.multi_margin_loss(x, torch.tensor([0, 5, 1]))", _X),
    ("multi_margin_3d", "F.multi_margin_loss(torch.randn(2, 3, 4), torch.ones(2, dtype="
     "torch.int64))", []),
    ("ctc_blank", "F.ctc_loss(x, t, (6, 6, 6), (2, 2, 2), blank=5)", _CTC),
    ("ctc_input_lengths_size", "F.ctc_loss(x, t, (6, 6), (2, 2, 2))", _CTC),
    ("ctc_target_lengths_size", "F.ctc_loss(x, t, (6, 6, 6), torch.tensor([2, 2]))", _CTC),
    ("ctc_input_length_value", "F.ctc_loss(x, t, torch.tensor([6, 7, 6]), torch.tensor([2, 2, "
     "2]))", _CTC),
    ("ctc_mixed_lengths", "F.ctc_loss(x, t, torch.tensor([6, 6, 6]), (2, 2, 2))", _CTC),
    ("ctc_int_lengths", "F.ctc_loss(x[:, 0], t[0], 6, 2)", _CTC),
    ("ctc_target_length_value", "F.ctc_loss(x, t, (6, 6, 6), (2, 4, 2))", _CTC),
    ("ctc_reduction", "F.ctc_loss(x, t, (6, 6, 6), (2, 2, 2), reduction='xyz')", _CTC),
]

# Warnings: (name, expression, specs); the generator stores PyTorch's messages and categories.
WARNINGS = [
    ("mse_size", "F.mse_loss(torch.randn(3, 1), torch.randn(3))", []),
    ("l1_size", "F.l1_loss(torch.randn(3, 1), torch.randn(3))", []),
    ("smooth_l1_size", "F.smooth_l1_loss(torch.randn(3, 1), torch.randn(3))", []),
    ("huber_size", "F.huber_loss(torch.randn(3, 1), torch.randn(3))", []),
    ("legacy_sum", "F.mse_loss(x, x, size_average=False)", _X),
    ("legacy_none", "F.cross_entropy(x, t, reduce=False)", _XT),
    ("legacy_mean", "F.kl_div(x, x, size_average=True, reduce=True)", _X),
    ("kl_mean", "F.kl_div(x, x)", _X),
    ("elementwise_mean", "F.mse_loss(x, x, reduction='elementwise_mean')", _X),
    ("module_legacy", "torch.nn.MSELoss(size_average=False)", []),
    ("module_legacy_reduce", "torch.nn.CrossEntropyLoss(reduce=False)", []),
]
