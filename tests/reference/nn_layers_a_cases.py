"""Cases for the nn layer parity tests (activations, normalization, distance, dropout, embedding),
shared by gen_nn_layers_a.py (real torch) and the tests (jtorch).

Expressions are Python evaluated with `torch`, `nn` and `F` bound to the library under test.

LAYERS: (name, constructor, input specs, options). The module's float state (parameters and
buffers) is replaced by deterministic NumPy values (`make_state`) loaded with load_state_dict,
then the module is called once per phase ('train' or 'eval'), each phase with fresh inputs;
the loss is (out * weight).sum() with a fixed weight, and the output, the gradients of the float
inputs and of every parameter are compared per phase, and the state_dict after the last phase.
Options: call (an expression over m and the inputs, default "m(x)"), phases, lazy (the module
is materialised by a first no-grad eval call before its state is loaded).

FUNCTIONAL: (name, expression, input specs): output and gradients of the float inputs.
ERRORS: (name, expression): exception type and message (the result, if any, is read back so
that value checks raised at the next sync are seen).
REPRS: constructor expressions whose printed form is compared.

Input specs are (name, shape, kind): 'k' float32 normals with kink values (0, +-0.5, +-1, +-3,
+-6, +-20) mixed in, 'f' float32 normals, 'p' float32 in (0.5, 2) ('q' the same without grad),
'd' float64 normals, 'z' float32 with a zero row, 'iN' int64 in [0, N), 'n' float32 normals
that do not require grad.
"""
import numpy as np

_KINKS = np.array([0.0, 0.5, -0.5, 1.0, -1.0, 3.0, -3.0, 6.0, -6.0, 20.0, -20.0, 0.1, -0.1])


def make_inputs(specs, seed):
    """{name: NumPy array} for the input specs, deterministic from the seed."""
    rng = np.random.default_rng(seed)
    env = {}
    for name, shape, kind in specs:
        if kind == "k":
            v = rng.normal(0, 2, shape).astype(np.float32)
            flat = v.reshape(-1)
            pick = rng.random(flat.shape) < 0.4
            flat[pick] = rng.choice(_KINKS, int(pick.sum()))
        elif kind in ("f", "n"):
            v = rng.normal(0, 1, shape).astype(np.float32)
        elif kind in ("p", "q"):
            v = rng.uniform(0.5, 2, shape).astype(np.float32)
        elif kind == "d":
            v = rng.normal(0, 1, shape)
        elif kind == "z":
            v = rng.normal(0, 1, shape).astype(np.float32)
            v[0] = 0
        elif kind.startswith("i"):
            v = rng.integers(0, int(kind[1:]), shape).astype(np.int64)
        else:
            raise ValueError(kind)
        env[name] = v
    return env


def requires_grad(kind):
    return kind in ("k", "f", "p", "d", "z")


def make_state(items, seed):
    """Deterministic values for a module's state_dict entries [(key, shape, is_float)]: running
    variances in (0.5, 1.5), other floats normal, integer counters 2."""
    rng = np.random.default_rng(seed)
    out = {}
    for key, shape, is_float in items:
        if not is_float:
            out[key] = np.full(shape, 2, np.int64)
        elif key.endswith("running_var"):
            out[key] = rng.uniform(0.5, 1.5, shape).astype(np.float32)
        else:
            out[key] = rng.normal(0, 1, shape).astype(np.float32)
    return out


def loss_weight(shape, seed):
    return np.random.default_rng(seed).normal(size=shape)


X = [("x", (3, 8), "k")]
TRAIN_EVAL = ("train", "train", "eval")
TRAIN_THEN_EVAL = ("train", "eval")

ACT_LAYERS = [
    ("ReLU", "nn.ReLU()", X, {}),
    ("ReLU_inplace", "nn.ReLU(inplace=True)", X, {"call": "m(x * 1)"}),
    ("ReLU6", "nn.ReLU6()", X, {}),
    ("LeakyReLU", "nn.LeakyReLU(0.2)", X, {}),
    ("LeakyReLU_inplace", "nn.LeakyReLU(inplace=True)", X, {"call": "m(x * 1)"}),
    ("PReLU", "nn.PReLU()", X, {}),
    ("PReLU_channels", "nn.PReLU(4)", [("x", (2, 4, 3), "k")], {}),
    ("ELU", "nn.ELU(alpha=0.5)", X, {}),
    ("ELU_inplace", "nn.ELU(inplace=True)", X, {"call": "m(x * 1)"}),
    ("SELU", "nn.SELU()", X, {}),
    ("CELU", "nn.CELU(1.5)", X, {}),
    ("GELU", "nn.GELU()", X, {}),
    ("GELU_tanh", "nn.GELU(approximate='tanh')", X, {}),
    ("SiLU", "nn.SiLU()", X, {}),
    ("Mish", "nn.Mish()", X, {}),
    ("Sigmoid", "nn.Sigmoid()", X, {}),
    ("Tanh", "nn.Tanh()", X, {}),
    ("Hardtanh", "nn.Hardtanh(-2.0, 3.0)", X, {}),
    ("Hardsigmoid", "nn.Hardsigmoid()", X, {}),
    ("Hardswish", "nn.Hardswish()", X, {}),
    ("Softplus", "nn.Softplus()", X, {}),
    ("Softplus_beta", "nn.Softplus(beta=2, threshold=5)", X, {}),
    ("Softsign", "nn.Softsign()", X, {}),
    ("Tanhshrink", "nn.Tanhshrink()", X, {}),
    ("Threshold", "nn.Threshold(0.1, 20.0)", X, {}),
    ("LogSigmoid", "nn.LogSigmoid()", X, {}),
    ("GLU", "nn.GLU()", X, {}),
    ("GLU_dim0", "nn.GLU(dim=0)", [("x", (4, 3), "k")], {}),
    ("Hardshrink", "nn.Hardshrink()", X, {}),
    ("Hardshrink_1", "nn.Hardshrink(1.0)", X, {}),
    ("Softshrink", "nn.Softshrink(0.3)", X, {}),
    ("RReLU_eval", "nn.RReLU(0.1, 0.3)", X, {"phases": ("eval",)}),
    ("Softmax", "nn.Softmax(dim=1)", X, {}),
    ("Softmax_dim0", "nn.Softmax(dim=0)", X, {}),
    ("LogSoftmax", "nn.LogSoftmax(dim=-1)", X, {}),
    ("Softmin", "nn.Softmin(dim=1)", X, {}),
    ("Softmax2d", "nn.Softmax2d()", [("x", (2, 3, 2, 2), "f")], {}),
]

ACT_FUNCTIONAL = [
    ("relu", "F.relu(x)", X),
    ("relu_inplace", "F.relu(x * 1, inplace=True)", X),
    ("relu_", "F.relu_(x * 1)", X),
    ("relu6", "F.relu6(x)", X),
    ("elu_", "F.elu_(x * 1, 2.0)", X),
    ("selu_fn", "torch.selu(x)", X),
    ("selu_", "torch.selu_(x * 1)", X),
    ("celu_fn", "torch.celu(x, 0.7)", X),
    ("leaky_relu_", "F.leaky_relu_(x * 1, 0.3)", X),
    ("hardtanh_", "F.hardtanh_(x * 1, -0.5, 0.5)", X),
    ("threshold_fn", "torch.threshold(x, 1.0, -3.0)", X),
    ("threshold_", "F.threshold_(x * 1, 0.0, 0.5)", X),
    ("hardshrink_fn", "torch.hardshrink(x, 0.2)", X),
    ("prelu_fn", "torch.prelu(x, w)", [("x", (3, 4), "k"), ("w", (4,), "f")]),
    ("prelu_1d", "F.prelu(x, w)", [("x", (5,), "k"), ("w", (1,), "f")]),
    ("rrelu_eval", "F.rrelu(x, 0.2, 0.4)", X),
    ("rrelu_fn_eval", "torch.rrelu(x)", X),
    ("gelu_big", "F.gelu(x * 10)", X),
    ("silu_big", "F.silu(x * 50)", X),
    ("mish_big", "F.mish(x * 50)", X),
    ("softplus_big", "F.softplus(x * 50)", X),
    ("elu_big", "F.elu(x * 50)", X),
    ("logsigmoid_big", "F.logsigmoid(x * 50)", X),
    ("softmax_fn", "torch.softmax(x, 1)", X),
    ("softmax_dtype", "F.softmax(x, 1, dtype=torch.float64)", X),
    ("softmax_double", "F.softmax(x, 0)", [("x", (4, 3), "d")]),
    ("softmax_3d", "F.softmax(x, -2)", [("x", (2, 3, 4), "f")]),
    ("softmax_0d", "F.softmax(x, 0)", [("x", (), "f")]),
    ("log_softmax_fn", "torch.log_softmax(x, dim=0)", X),
    ("log_softmax_dtype", "F.log_softmax(x, 1, dtype=torch.float64)", X),
    ("softmin_dtype", "F.softmin(x, 0, dtype=torch.float64)", X),
    ("softmax_half", "F.softmax(x.half(), 1)", [("x", (3, 8), "n")]),
    ("log_softmax_half", "F.log_softmax(x.to(torch.bfloat16), 1)", [("x", (3, 8), "n")]),
    ("softmax_int_dtype", "F.softmax(i, 0, dtype=torch.float32)", [("i", (5,), "i4")]),
    ("hardtanh_int", "F.hardtanh(i, 1, 2)", [("i", (6,), "i4")]),
    ("relu6_int", "F.relu6(i - 2)", [("i", (6,), "i9")]),
    ("threshold_int", "F.threshold(i, 1, 7)", [("i", (6,), "i4")]),
    ("softsign_int", "F.softsign(i)", [("i", (6,), "i4")]),
    ("tanhshrink_int", "F.tanhshrink(i)", [("i", (6,), "i4")]),
    ("gelu_half", "F.gelu(x.half())", [("x", (6,), "n")]),
    ("sigmoid_fn", "F.sigmoid(x)", X),
    ("tanh_fn", "F.tanh(x)", X),
]

ACT_ERRORS = [
    ("relu_bool", "F.relu(torch.tensor([True, False]))"),
    ("elu_long", "F.elu(torch.tensor([1, 2]))"),
    ("gelu_long", "F.gelu(torch.tensor([1, 2]))"),
    ("silu_long", "F.silu(torch.tensor([1, 2]))"),
    ("softplus_long", "F.softplus(torch.tensor([1, 2]))"),
    ("logsigmoid_long", "F.logsigmoid(torch.tensor([1, 2]))"),
    ("hardshrink_long", "F.hardshrink(torch.tensor([1, 2]))"),
    ("softshrink_long", "F.softshrink(torch.tensor([1, 2]))"),
    ("softshrink_neg", "F.softshrink(torch.zeros(2), -1)"),
    ("gelu_approx", "F.gelu(torch.zeros(2), approximate='foo')"),
    ("hardtanh_bounds", "F.hardtanh(torch.zeros(2), 2.0, 1.0)"),
    ("hardtanh_module", "nn.Hardtanh(1.0, 1.0)"),
    ("glu_odd", "F.glu(torch.zeros(2, 3), 1)"),
    ("glu_scalar", "F.glu(torch.tensor(1.0))"),
    ("glu_dim", "F.glu(torch.zeros(2, 4), 2)"),
    ("softmax_dim", "F.softmax(torch.zeros(2, 3), 2)"),
    ("log_softmax_dim", "F.log_softmax(torch.zeros(2, 3), -3)"),
    ("softmax_long", "F.softmax(torch.tensor([1, 2]), 0)"),
    ("softmax_long_2d", "F.softmax(torch.tensor([[1, 2]]), 0)"),
    ("log_softmax_long", "F.log_softmax(torch.tensor([1, 2]), 0)"),
    ("softmax_dtype_long", "F.softmax(torch.zeros(2, 3), 0, dtype=torch.int64)"),
    ("prelu_mismatch", "F.prelu(torch.zeros(2, 3), torch.ones(2))"),
    ("prelu_1d_mismatch", "F.prelu(torch.zeros(3), torch.ones(3))"),
    ("prelu_weight_2d", "F.prelu(torch.zeros(2, 3), torch.ones(1, 3))"),
    ("prelu_dtype", "F.prelu(torch.tensor([1, 2]), torch.ones(1))"),
    ("rrelu_bounds", "F.rrelu(torch.zeros(2), 0.5, 0.1, True)"),
    ("celu_zero", "F.celu(torch.zeros(2), 0.0)"),
    ("relu_leaf_inplace", "F.relu(torch.zeros(2, requires_grad=True), inplace=True)"),
    ("elu_leaf_inplace", "F.elu(torch.zeros(2, requires_grad=True), inplace=True)"),
    ("softmax2d_dim", "nn.Softmax2d()(torch.zeros(2, 3))"),
]

ACT_REPRS = [
    "nn.ReLU()", "nn.ReLU(inplace=True)", "nn.ReLU6(True)", "nn.LeakyReLU()",
    "nn.LeakyReLU(0.2, inplace=True)", "nn.PReLU()", "nn.PReLU(num_parameters=3, init=0.1)",
    "nn.ELU()", "nn.ELU(alpha=0.5, inplace=True)", "nn.SELU()", "nn.SELU(inplace=True)",
    "nn.CELU(2.0)", "nn.GELU()", "nn.GELU(approximate='tanh')", "nn.SiLU()",
    "nn.SiLU(inplace=True)", "nn.Mish()", "nn.Sigmoid()", "nn.Tanh()", "nn.Hardtanh()",
    "nn.Hardtanh(-2, 2, inplace=True)", "nn.Hardsigmoid()", "nn.Hardswish()", "nn.Softplus()",
    "nn.Softplus(beta=2, threshold=10)", "nn.Softsign()", "nn.Tanhshrink()",
    "nn.Threshold(0.1, 20)", "nn.Threshold(0.5, 0.0, True)", "nn.LogSigmoid()", "nn.GLU()",
    "nn.GLU(dim=1)", "nn.Hardshrink()", "nn.Hardshrink(lambd=1)", "nn.Softshrink()",
    "nn.Softshrink(0.2)", "nn.RReLU()", "nn.RReLU(0.1, 0.3, inplace=True)", "nn.Softmax()",
    "nn.Softmax(dim=1)", "nn.LogSoftmax(dim=-1)", "nn.Softmin(0)", "nn.Softmax2d()",
    "nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Dropout(0.2), nn.Softmax(dim=1))",
]

NORM_LAYERS = [
    ("BatchNorm1d", "nn.BatchNorm1d(4)", [("x", (6, 4), "f")], {"phases": TRAIN_EVAL}),
    ("BatchNorm1d_3d", "nn.BatchNorm1d(4)", [("x", (5, 4, 3), "f")], {"phases": TRAIN_THEN_EVAL}),
    ("BatchNorm1d_cumulative", "nn.BatchNorm1d(4, momentum=None)", [("x", (6, 4), "f")],
     {"phases": TRAIN_EVAL}),
    ("BatchNorm1d_noaffine", "nn.BatchNorm1d(4, affine=False)", [("x", (6, 4), "f")],
     {"phases": TRAIN_THEN_EVAL}),
    ("BatchNorm1d_nobias", "nn.BatchNorm1d(4, bias=False, eps=1e-3, momentum=0.3)",
     [("x", (6, 4), "f")], {"phases": TRAIN_THEN_EVAL}),
    ("BatchNorm1d_nostats", "nn.BatchNorm1d(4, track_running_stats=False)",
     [("x", (6, 4), "f")], {"phases": TRAIN_THEN_EVAL}),
    ("BatchNorm2d", "nn.BatchNorm2d(3)", [("x", (4, 3, 2, 2), "f")],
     {"phases": TRAIN_THEN_EVAL}),
    ("BatchNorm3d", "nn.BatchNorm3d(2)", [("x", (2, 2, 2, 2, 2), "f")], {}),
    ("LazyBatchNorm2d", "nn.LazyBatchNorm2d()", [("x", (4, 3, 2, 2), "f")], {"lazy": True}),
    ("SyncBatchNorm", "nn.SyncBatchNorm(3)", [("x", (4, 3, 2), "f")], {}),
    ("InstanceNorm1d", "nn.InstanceNorm1d(3)", [("x", (2, 3, 5), "f")], {}),
    ("InstanceNorm1d_unbatched", "nn.InstanceNorm1d(3)", [("x", (3, 5), "f")], {}),
    ("InstanceNorm2d_stats", "nn.InstanceNorm2d(3, affine=True, track_running_stats=True)",
     [("x", (2, 3, 3, 2), "f")], {"phases": TRAIN_THEN_EVAL}),
    ("InstanceNorm3d", "nn.InstanceNorm3d(2, affine=True)", [("x", (2, 2, 2, 3, 2), "f")], {}),
    ("LayerNorm", "nn.LayerNorm(5)", [("x", (3, 5), "f")], {}),
    ("LayerNorm_2d", "nn.LayerNorm([3, 5], eps=1e-3)", [("x", (2, 3, 5), "f")], {}),
    ("LayerNorm_noaffine", "nn.LayerNorm(5, elementwise_affine=False)", [("x", (3, 5), "f")],
     {}),
    ("LayerNorm_nobias", "nn.LayerNorm(5, bias=False)", [("x", (2, 2, 5), "f")], {}),
    ("GroupNorm", "nn.GroupNorm(2, 4)", [("x", (3, 4, 5), "f")], {}),
    ("GroupNorm_noaffine", "nn.GroupNorm(1, 4, affine=False)", [("x", (2, 4, 2, 2), "f")], {}),
    ("RMSNorm", "nn.RMSNorm(5)", [("x", (3, 5), "f")], {}),
    ("RMSNorm_2d", "nn.RMSNorm([3, 5], eps=1e-3)", [("x", (2, 3, 5), "f")], {}),
    ("LocalResponseNorm", "nn.LocalResponseNorm(3)", [("x", (2, 5, 4), "f")], {}),
    ("LocalResponseNorm_4d", "nn.LocalResponseNorm(2, alpha=0.1, beta=0.5, k=2.0)",
     [("x", (2, 4, 3, 3), "f")], {}),
    ("CosineSimilarity", "nn.CosineSimilarity()", [("x", (3, 5), "f"), ("y", (3, 5), "f")],
     {"call": "m(x, y)"}),
    ("CosineSimilarity_dim0", "nn.CosineSimilarity(dim=0, eps=1e-3)",
     [("x", (3, 5), "z"), ("y", (5,), "f")], {"call": "m(x, y)"}),
    ("PairwiseDistance", "nn.PairwiseDistance()", [("x", (3, 5), "f"), ("y", (3, 5), "f")],
     {"call": "m(x, y)"}),
    ("PairwiseDistance_p1", "nn.PairwiseDistance(p=1, keepdim=True)",
     [("x", (3, 5), "f"), ("y", (5,), "f")], {"call": "m(x, y)"}),
    ("PairwiseDistance_p3", "nn.PairwiseDistance(p=3.0, eps=0.0)",
     [("x", (4, 2), "f"), ("y", (4, 2), "f")], {"call": "m(x, y)"}),
]

NORM_FUNCTIONAL = [
    ("batch_norm_train", "F.batch_norm(x, None, None, w, b, True)",
     [("x", (5, 3, 2), "f"), ("w", (3,), "f"), ("b", (3,), "f")]),
    ("batch_norm_eval", "F.batch_norm(x, rm, rv, w, b)",
     [("x", (5, 3), "f"), ("rm", (3,), "n"), ("rv", (3,), "q"), ("w", (3,), "f"),
      ("b", (3,), "f")]),
    ("batch_norm_op", "torch.batch_norm(x, w, None, None, None, True, 0.1, 1e-5, False)",
     [("x", (4, 3), "f"), ("w", (3,), "f")]),
    ("batch_norm_double", "F.batch_norm(x, None, None, training=True, eps=0.1)",
     [("x", (4, 3, 2), "d")]),
    ("instance_norm_eval", "F.instance_norm(x, rm, rv, use_input_stats=False)",
     [("x", (2, 3, 4), "f"), ("rm", (3,), "n"), ("rv", (3,), "q")]),
    ("instance_norm_op", "torch.instance_norm(x, None, b, None, None, True, 0.1, 1e-5, False)",
     [("x", (2, 3, 4), "f"), ("b", (3,), "f")]),
    ("layer_norm_fn", "F.layer_norm(x, (4,), w, b, 1e-3)",
     [("x", (3, 4), "f"), ("w", (4,), "f"), ("b", (4,), "f")]),
    ("layer_norm_op", "torch.layer_norm(x, [2, 4])", [("x", (3, 2, 4), "f")]),
    ("layer_norm_half", "F.layer_norm(x.half(), (4,))", [("x", (3, 4), "n")]),
    ("group_norm_fn", "F.group_norm(x, 3, w, None)", [("x", (2, 6, 3), "f"), ("w", (6,), "f")]),
    ("group_norm_op", "torch.group_norm(x, 2)", [("x", (2, 4, 3), "f")]),
    ("rms_norm_fn", "F.rms_norm(x, (4,), w)", [("x", (3, 4), "f"), ("w", (4,), "f")]),
    ("rms_norm_op", "torch.rms_norm(x, [4], None, 0.5)", [("x", (3, 4), "f")]),
    ("local_response_norm_fn", "F.local_response_norm(x, 4, 1e-2, 0.75, 1.0)",
     [("x", (2, 6, 3), "f")]),
    ("normalize", "F.normalize(x)", [("x", (3, 5), "z")]),
    ("normalize_p1", "F.normalize(x, p=1, dim=0)", [("x", (3, 5), "f")]),
    ("normalize_pinf", "F.normalize(x, p=float('inf'), dim=-1)", [("x", (3, 5), "f")]),
    ("normalize_p3", "F.normalize(x, p=3, dim=1, eps=0.5)", [("x", (3, 5), "z")]),
    ("cosine_similarity_fn", "torch.cosine_similarity(x, y, dim=-1)",
     [("x", (2, 3, 4), "f"), ("y", (3, 4), "f")]),
    ("cosine_similarity_zero", "F.cosine_similarity(x, y)", [("x", (3, 4), "z"),
                                                             ("y", (3, 4), "f")]),
    ("pairwise_distance_fn", "torch.pairwise_distance(x, y)", [("x", (5,), "f"),
                                                               ("y", (5,), "f")]),
    ("pairwise_distance_pinf", "F.pairwise_distance(x, y, p=float('inf'))",
     [("x", (3, 4), "f"), ("y", (3, 4), "f")]),
    ("pairwise_distance_int", "F.pairwise_distance(i, j)", [("i", (3, 4), "i5"),
                                                            ("j", (3, 4), "i5")]),
    ("pdist", "F.pdist(x)", [("x", (5, 3), "f")]),
    ("pdist_p1", "torch.pdist(x, p=1)", [("x", (4, 3), "f")]),
    ("pdist_pinf", "F.pdist(x, float('inf'))", [("x", (4, 3), "f")]),
    ("pdist_one_row", "F.pdist(x)", [("x", (1, 3), "f")]),
]

NORM_ERRORS = [
    ("bn_dim_1d", "nn.BatchNorm1d(3)(torch.zeros(2, 3, 4, 5))"),
    ("bn_dim_2d", "nn.BatchNorm2d(3)(torch.zeros(2, 3))"),
    ("bn_dim_3d", "nn.BatchNorm3d(3)(torch.zeros(2, 3, 4))"),
    ("bn_one_value", "nn.BatchNorm1d(3)(torch.zeros(1, 3))"),
    ("bn_features", "nn.BatchNorm1d(3)(torch.zeros(2, 4))"),
    ("bn_eps_train", "F.batch_norm(torch.zeros(2, 3), torch.zeros(3), torch.ones(3), "
                     "training=True, eps=0)"),
    ("bn_eps_eval", "F.batch_norm(torch.zeros(2, 3), torch.zeros(3), torch.ones(3), eps=-1)"),
    ("bn_eval_no_stats", "F.batch_norm(torch.zeros(2, 3), None, None)"),
    ("bn_1d", "F.batch_norm(torch.zeros(3), None, None, training=True)"),
    ("bn_one_stat", "F.batch_norm(torch.zeros(2, 3), torch.zeros(3), None, training=True)"),
    ("bn_weight", "F.batch_norm(torch.zeros(2, 3), torch.zeros(3), torch.ones(3), "
                  "torch.ones(4))"),
    ("bn_bias", "F.batch_norm(torch.zeros(2, 3), torch.zeros(3), torch.ones(3), None, "
                "torch.ones(4))"),
    ("sync_bn_dim", "nn.SyncBatchNorm(3)(torch.zeros(3))"),
    ("in_dim", "nn.InstanceNorm1d(3)(torch.zeros(2, 3, 4, 5))"),
    ("in_spatial", "F.instance_norm(torch.zeros(2, 3, 1))"),
    ("in_affine_features", "nn.InstanceNorm1d(3, affine=True)(torch.zeros(2, 4, 5))"),
    ("in_no_stats", "F.instance_norm(torch.zeros(2, 3, 4), use_input_stats=False)"),
    ("in_stats_size", "F.instance_norm(torch.zeros(2, 3, 4), torch.zeros(4), torch.ones(4))"),
    ("ln_shape", "F.layer_norm(torch.zeros(2, 3), (4,))"),
    ("ln_shape_2d", "F.layer_norm(torch.zeros(2, 3), [2, 3, 4])"),
    ("ln_empty", "F.layer_norm(torch.zeros(2, 3), ())"),
    ("ln_int", "F.layer_norm(torch.zeros(2, 3), 3)"),
    ("ln_weight", "F.layer_norm(torch.zeros(2, 3), (3,), torch.ones(4))"),
    ("ln_bias", "F.layer_norm(torch.zeros(2, 3), (3,), None, torch.ones(4))"),
    ("ln_module", "nn.LayerNorm(4)(torch.zeros(2, 3))"),
    ("rms_shape", "F.rms_norm(torch.zeros(2, 3), (4,))"),
    ("rms_weight", "F.rms_norm(torch.zeros(2, 3), (3,), torch.ones(4))"),
    ("gn_groups", "F.group_norm(torch.zeros(2, 3, 4), 2)"),
    ("gn_dims", "F.group_norm(torch.zeros(3), 1)"),
    ("gn_batch", "F.group_norm(torch.zeros(1, 3), 3)"),
    ("gn_weight", "F.group_norm(torch.zeros(2, 4, 3), 2, torch.ones(3))"),
    ("gn_module", "nn.GroupNorm(3, 4)"),
    ("lrn_dims", "F.local_response_norm(torch.zeros(2, 3), 2)"),
    ("normalize_dim", "F.normalize(torch.zeros(2, 3), dim=2)"),
    ("normalize_long", "F.normalize(torch.tensor([[1, 2]]))"),
    ("cos_shapes", "F.cosine_similarity(torch.zeros(2, 3), torch.zeros(2, 4))"),
    ("cos_long", "F.cosine_similarity(torch.tensor([[1, 2]]), torch.tensor([[1, 2]]))"),
    ("cos_dim", "F.cosine_similarity(torch.zeros(2, 3), torch.zeros(2, 3), dim=3)"),
    ("pairwise_shapes", "F.pairwise_distance(torch.zeros(2, 3), torch.zeros(2, 4))"),
    ("pdist_1d", "F.pdist(torch.zeros(3))"),
    ("pdist_3d", "F.pdist(torch.zeros(2, 3, 4))"),
    ("pdist_p", "F.pdist(torch.zeros(2, 3), p=-1)"),
    ("pdist_long", "F.pdist(torch.tensor([[1, 2], [3, 4]]))"),
]

NORM_REPRS = [
    "nn.BatchNorm1d(10)", "nn.BatchNorm1d(10, momentum=None)", "nn.BatchNorm2d(3, affine=False)",
    "nn.BatchNorm2d(3, eps=1e-3, momentum=0.01, bias=False)",
    "nn.BatchNorm3d(5, track_running_stats=False)", "nn.LazyBatchNorm1d()",
    "nn.LazyBatchNorm2d(eps=0.1)", "nn.LazyBatchNorm3d(affine=False)", "nn.SyncBatchNorm(4)",
    "nn.InstanceNorm1d(3)", "nn.InstanceNorm2d(3, affine=True)",
    "nn.InstanceNorm3d(2, track_running_stats=True)", "nn.LazyInstanceNorm2d()",
    "nn.LayerNorm(4)", "nn.LayerNorm([2, 3], eps=1e-6, elementwise_affine=False)",
    "nn.LayerNorm((4,), bias=False)", "nn.GroupNorm(2, 4)", "nn.GroupNorm(1, 3, affine=False)",
    "nn.RMSNorm(3)", "nn.RMSNorm([2, 3], eps=1e-5, elementwise_affine=False)",
    "nn.LocalResponseNorm(2)", "nn.LocalResponseNorm(3, alpha=0.1, beta=0.5, k=2)",
    "nn.CosineSimilarity()", "nn.CosineSimilarity(dim=0)", "nn.PairwiseDistance(p=1)",
    "nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.LayerNorm(4))",
]

EMB_LAYERS = [
    ("Dropout_eval", "nn.Dropout(0.3)", X, {"phases": ("eval",)}),
    ("Dropout2d_eval", "nn.Dropout2d()", [("x", (2, 3, 2, 2), "f")], {"phases": ("eval",)}),
    ("AlphaDropout_eval", "nn.AlphaDropout(0.2)", X, {"phases": ("eval",)}),
    ("Dropout_p0", "nn.Dropout(0.0)", X, {}),
    ("Embedding", "nn.Embedding(10, 3)", [("i", (2, 4), "i10")], {"call": "m(i)"}),
    ("Embedding_pad", "nn.Embedding(6, 3, padding_idx=2)", [("i", (12,), "i6")],
     {"call": "m(i)"}),
    ("Embedding_pad_neg", "nn.Embedding(6, 3, padding_idx=-1)", [("i", (3, 4), "i6")],
     {"call": "m(i)"}),
    ("Embedding_maxnorm", "nn.Embedding(8, 4, max_norm=1.0)", [("i", (5,), "i8")],
     {"call": "m(i)"}),
    ("Embedding_maxnorm_p1", "nn.Embedding(8, 4, max_norm=2.0, norm_type=1.0)",
     [("i", (2, 3), "i8")], {"call": "m(i)"}),
    ("Embedding_freq", "nn.Embedding(5, 3, scale_grad_by_freq=True)", [("i", (10,), "i5")],
     {"call": "m(i)"}),
    ("Embedding_freq_pad", "nn.Embedding(5, 3, padding_idx=0, scale_grad_by_freq=True)",
     [("i", (10,), "i5")], {"call": "m(i)"}),
    ("Embedding_scalar", "nn.Embedding(5, 3)", [("i", (), "i5")], {"call": "m(i)"}),
    ("Embedding_int32", "nn.Embedding(5, 3)", [("i", (4,), "i5")],
     {"call": "m(i.to(torch.int32))"}),
    ("EmbeddingBag_2d", "nn.EmbeddingBag(10, 3)", [("i", (3, 4), "i10")], {"call": "m(i)"}),
    ("EmbeddingBag_sum", "nn.EmbeddingBag(10, 3, mode='sum')", [("i", (7,), "i10")],
     {"call": "m(i, torch.tensor([0, 2, 2, 5]))"}),
    ("EmbeddingBag_max", "nn.EmbeddingBag(10, 3, mode='max')", [("i", (7,), "i10")],
     {"call": "m(i, torch.tensor([0, 3, 3]))"}),
    ("EmbeddingBag_max_2d", "nn.EmbeddingBag(10, 3, mode='max')", [("i", (2, 3), "i10")],
     {"call": "m(i)"}),
    ("EmbeddingBag_psw", "nn.EmbeddingBag(10, 3, mode='sum')",
     [("i", (6,), "i10"), ("w", (6,), "f")], {"call": "m(i, torch.tensor([0, 4]), w)"}),
    ("EmbeddingBag_last", "nn.EmbeddingBag(10, 3, include_last_offset=True)",
     [("i", (6,), "i10")], {"call": "m(i, torch.tensor([0, 1, 4, 6]))"}),
    ("EmbeddingBag_pad_mean", "nn.EmbeddingBag(6, 3, padding_idx=1)", [("i", (8,), "i3")],
     {"call": "m(i, torch.tensor([0, 3, 5]))"}),
    ("EmbeddingBag_pad_max", "nn.EmbeddingBag(6, 3, mode='max', padding_idx=0)",
     [("i", (2, 4), "i3")], {"call": "m(i)"}),
    # every index twice: PyTorch's CPU kernel scales the k-th distinct index by the count of the
    # k-th *sorted* index (a bug); with equal counts both agree
    ("EmbeddingBag_freq", "nn.EmbeddingBag(5, 3, mode='sum', scale_grad_by_freq=True)",
     [], {"call": "m(torch.tensor([[1, 2, 3], [3, 2, 1]]))"}),
    ("EmbeddingBag_maxnorm", "nn.EmbeddingBag(8, 4, max_norm=1.5)", [("i", (2, 3), "i8")],
     {"call": "m(i)"}),
]

EMB_FUNCTIONAL = [
    ("dropout_eval", "F.dropout(x, 0.5, False)", X),
    ("dropout_p0", "F.dropout(x, 0.0)", X),
    ("alpha_dropout_eval", "F.alpha_dropout(x, 0.5)", X),
    ("feature_alpha_dropout_eval", "F.feature_alpha_dropout(x, 0.5)", X),
    ("dropout_op_eval", "torch.dropout(x, 0.5, False)", X),
    ("alpha_dropout_p1", "F.alpha_dropout(x, 1.0, True)", X),
    ("dropout_p1", "F.dropout(x, 1.0)", X),
    ("dropout2d_p1", "F.dropout2d(x, 1.0)", [("x", (2, 3, 2, 2), "f")]),
    ("embedding_fn", "F.embedding(i, w)", [("i", (2, 3), "i5"), ("w", (5, 4), "f")]),
    ("embedding_fn_pad", "F.embedding(i, w, padding_idx=3)",
     [("i", (7,), "i5"), ("w", (5, 2), "f")]),
    ("embedding_op", "torch.embedding(w, i, 1)", [("w", (5, 2), "f"), ("i", (7,), "i5")]),
    ("embedding_bag_fn", "F.embedding_bag(i, w, torch.tensor([0, 2]))",
     [("i", (5,), "i5"), ("w", (5, 2), "f")]),
    ("embedding_bag_int32", "F.embedding_bag(i.int(), w, torch.tensor([0, 1], dtype=torch.int32),"
                            " mode='sum')", [("i", (4,), "i5"), ("w", (5, 2), "f")]),
    ("embedding_bag_empty_last", "F.embedding_bag(i, w, torch.tensor([0]), "
                                 "include_last_offset=True)",
     [("i", (3,), "i5"), ("w", (5, 2), "n")]),  # (torch's backward crashes on 0 bags)
]

EMB_ERRORS = [
    ("dropout_p", "F.dropout(torch.zeros(2), 1.5)"),
    ("dropout_p_neg", "nn.Dropout(-0.1)"),
    ("dropout_op_p", "torch.dropout(torch.zeros(2), 1.5, True)"),
    ("dropout1d_dims", "F.dropout1d(torch.zeros(2, 3, 4, 5))"),
    ("feature_dropout_1d", "torch.feature_alpha_dropout(torch.zeros(3), 0.5, True)"),
    ("dropout_long", "F.dropout(torch.tensor([1, 2]), 0.5)"),
    ("emb_oob", "F.embedding(torch.tensor([5]), torch.zeros(5, 3))"),
    ("emb_negative", "F.embedding(torch.tensor([[0, -1]]), torch.zeros(5, 3))"),
    ("emb_module_oob", "nn.Embedding(4, 2)(torch.tensor([1, 4]))"),
    ("emb_float_idx", "F.embedding(torch.tensor([1.0]), torch.zeros(5, 3))"),
    ("emb_short_idx", "F.embedding(torch.tensor([1], dtype=torch.int16), torch.zeros(5, 3))"),
    ("emb_weight_1d", "F.embedding(torch.tensor([1]), torch.zeros(5))"),
    ("emb_pad", "F.embedding(torch.tensor([1]), torch.zeros(5, 3), padding_idx=5)"),
    ("emb_pad_neg", "nn.Embedding(5, 3, padding_idx=-6)"),
    ("emb_weight_shape", "nn.Embedding(5, 3, _weight=torch.zeros(4, 3))"),
    ("emb_pretrained_1d", "nn.Embedding.from_pretrained(torch.zeros(3))"),
    ("bag_offsets_2d", "F.embedding_bag(torch.tensor([[1, 2]]), torch.zeros(5, 3), "
                       "torch.tensor([0]))"),
    ("bag_no_offsets", "F.embedding_bag(torch.tensor([1, 2]), torch.zeros(5, 3))"),
    ("bag_offsets_dims", "F.embedding_bag(torch.tensor([1, 2]), torch.zeros(5, 3), "
                         "torch.tensor([[0]]))"),
    ("bag_input_3d", "F.embedding_bag(torch.zeros(1, 1, 1, dtype=torch.long), "
                     "torch.zeros(5, 3))"),
    ("bag_weight_1d", "F.embedding_bag(torch.tensor([[1]]), torch.zeros(5))"),
    ("bag_mode", "F.embedding_bag(torch.tensor([[1]]), torch.zeros(5, 3), mode='foo')"),
    ("bag_max_freq", "F.embedding_bag(torch.tensor([[1]]), torch.zeros(5, 3), mode='max', "
                     "scale_grad_by_freq=True)"),
    ("bag_psw_mode", "F.embedding_bag(torch.tensor([[1]]), torch.zeros(5, 3), "
                     "per_sample_weights=torch.ones(1, 1))"),
    ("bag_psw_shape", "F.embedding_bag(torch.tensor([1, 2]), torch.zeros(5, 3), "
                      "torch.tensor([0]), mode='sum', per_sample_weights=torch.ones(3))"),
    ("bag_psw_dtype", "F.embedding_bag(torch.tensor([1, 2]), torch.zeros(5, 3), "
                      "torch.tensor([0]), mode='sum', "
                      "per_sample_weights=torch.ones(2, dtype=torch.float64))"),
    ("bag_float_idx", "F.embedding_bag(torch.tensor([1.0]), torch.zeros(5, 3), "
                      "torch.tensor([0]))"),
    ("bag_first_offset", "F.embedding_bag(torch.tensor([1, 2]), torch.zeros(5, 3), "
                         "torch.tensor([1]))"),
    ("bag_last_offset", "F.embedding_bag(torch.tensor([1, 2]), torch.zeros(5, 3), "
                        "torch.tensor([0, 3]))"),
    ("bag_oob_max", "F.embedding_bag(torch.tensor([1, 7]), torch.zeros(5, 3), "
                    "torch.tensor([0, 1]), mode='max')"),
    ("bag_pad", "nn.EmbeddingBag(5, 3, padding_idx=5)"),
]

EMB_REPRS = [
    "nn.Dropout()", "nn.Dropout(0.3, inplace=True)", "nn.Dropout1d(0.1)", "nn.Dropout2d()",
    "nn.Dropout3d(p=0.25)", "nn.AlphaDropout(0.2)", "nn.FeatureAlphaDropout()",
    "nn.Embedding(4, 3)", "nn.Embedding(4, 3, padding_idx=1, max_norm=1.0)",
    "nn.Embedding(4, 3, padding_idx=-1, norm_type=1.0, scale_grad_by_freq=True, sparse=True)",
    "nn.Embedding.from_pretrained(torch.ones(2, 3))", "nn.EmbeddingBag(4, 3)",
    "nn.EmbeddingBag(4, 3, mode='max', padding_idx=0, max_norm=2., norm_type=1.)",
    "nn.EmbeddingBag(4, 3, mode='sum', scale_grad_by_freq=True, include_last_offset=True)",
]

# ---- the procedure, shared by the generator (real torch) and the tests (jtorch) -------------
def _env(torch, nn, F):
    return {"torch": torch, "nn": nn, "F": F}


def _leaves(torch, specs, arrays, local):
    leaves = {}
    for name, _, kind in specs:
        t = torch.tensor(arrays[name])
        if requires_grad(kind):
            t.requires_grad_(True)
            leaves[name] = t
        local[name] = t
    return leaves


def _backward(torch, out, seed):
    w = torch.tensor(loss_weight(tuple(out.shape), seed), dtype=out.dtype)
    (out * w).sum().backward()
    return w


def run_layer(torch, nn, F, case, index):
    """Build the module, load deterministic state, run each phase; returns framework tensors:
    {'repr', 'repr_after', 'keys', 'phases': [{'out', 'grads', 'grad_fn'}], 'state_after'}."""
    import warnings
    name, ctor, specs, opts = case
    env = _env(torch, nn, F)
    call = opts.get("call", "m(x)")
    torch.manual_seed(0)
    m = eval(ctor, env)
    res = {"repr": repr(m)}
    if opts.get("lazy"):
        local = dict(env, m=m)
        _leaves(torch, specs, make_inputs(specs, index * 100), local)
        m.eval()
        with torch.no_grad():
            eval(call, local)
        m.train()
        res["repr_after"] = repr(m)
    sd = m.state_dict()
    res["keys"] = list(sd)
    state = make_state([(k, tuple(v.shape), v.dtype.is_floating_point) for k, v in sd.items()],
                       index)
    m.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    res["phases"] = []
    for j, phase in enumerate(opts.get("phases", ("train",))):
        m.train(phase == "train")
        local = dict(env, m=m)
        leaves = _leaves(torch, specs, make_inputs(specs, index * 100 + j + 1), local)
        m.zero_grad()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = eval(call, local)
        entry = {"out": out, "grads": {}, "grad_fn": _grad_fn(out)}
        if out.requires_grad:
            _backward(torch, out, index * 100 + j + 50)
            entry["grads"] = {n: t.grad for n, t in leaves.items()}
            entry["grads"].update({"param." + n: p.grad for n, p in m.named_parameters()})
        res["phases"].append(entry)
    res["state_after"] = dict(m.state_dict())
    return res


def run_functional(torch, nn, F, case, index):
    """{'out', 'grads', 'grad_fn'} of a functional case (framework tensors)."""
    import warnings
    name, expr, specs = case
    local = _env(torch, nn, F)
    leaves = _leaves(torch, specs, make_inputs(specs, 5000 + index), local)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = eval(expr, local)
    grads = {}
    if out.requires_grad:
        _backward(torch, out, 7000 + index)
        grads = {n: t.grad for n, t in leaves.items()}
    return {"out": out, "grads": grads, "grad_fn": _grad_fn(out)}


def _grad_fn(t):
    return None if t.grad_fn is None else t.grad_fn.name()


def run_error(torch, nn, F, expr):
    """(exception type name, message) raised by expr (None if nothing is raised); a Tensor
    result is read back so that checks deferred to the next sync are raised too."""
    import warnings
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = eval(expr, _env(torch, nn, F))
            if isinstance(r, torch.Tensor):
                r.tolist()
    except Exception as e:  # noqa: BLE001 - the exception is the result
        return type(e).__name__, str(e)
    return None


GROUPS = {
    "act": (ACT_LAYERS, ACT_FUNCTIONAL, ACT_ERRORS, ACT_REPRS),
    "norm": (NORM_LAYERS, NORM_FUNCTIONAL, NORM_ERRORS, NORM_REPRS),
    "emb": (EMB_LAYERS, EMB_FUNCTIONAL, EMB_ERRORS, EMB_REPRS),
}
