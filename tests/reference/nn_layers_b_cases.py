"""Cases for the conv / pooling / padding / vision / fold layers, shared by the reference
generator (gen_nn_layers_b.py, run with real torch) and the tests (run with jtorch).

Every input is rebuilt from a NumPy seed on both sides, so the json holds only results. A case
runs with `lib` bound to torch or to jtorch:
  fn      (name, expr, inputs)         `expr` over named inputs, F (nn.functional), nn, torch;
                                       the float outputs are weighted by seeded arrays, summed
                                       and back-propagated; input grads are recorded.
  module  (name, ctor, inputs[, call]) a module built by `ctor`, its state_dict replaced with
                                       seeded arrays through load_state_dict; output, input and
                                       parameter grads and repr(module) are recorded.
  error   (name, expr, inputs)         exception type and message.
Input spec: a shape tuple (float32 normal, requires grad) or a dict with keys shape, dtype,
kind ('normal' | 'int' | 'uniform' | 'ties' | 'arange'), lo/hi, grad.
"""
import zlib

import numpy as np


def seed_of(*parts):
    return zlib.crc32("/".join(map(str, parts)).encode())


def make_array(spec, seed):
    if isinstance(spec, (tuple, list)):
        spec = {"shape": tuple(spec)}
    shape = tuple(spec["shape"])
    dtype = spec.get("dtype", "float32")
    kind = spec.get("kind", "normal")
    rng = np.random.default_rng(seed)
    if kind == "normal":
        a = rng.standard_normal(shape)
    elif kind == "int":
        a = rng.integers(spec.get("lo", 0), spec.get("hi", 5), shape)
    elif kind == "uniform":
        a = rng.random(shape)
    elif kind == "ties":  # few distinct values: max pooling must pick PyTorch's element
        a = rng.integers(0, 3, shape).astype(np.float64)
    elif kind == "arange":
        a = np.arange(int(np.prod(shape))).reshape(shape) + spec.get("lo", 0)
    else:
        raise ValueError(kind)
    return np.ascontiguousarray(a.astype(dtype))


def requires_grad(spec):
    if isinstance(spec, (tuple, list)):
        return True
    return spec.get("grad", spec.get("dtype", "float32").startswith("float") and
                    spec.get("kind", "normal") == "normal")


def build_inputs(lib, name, inputs):
    env = {}
    for k, spec in inputs.items():
        t = lib.tensor(make_array(spec, seed_of(name, k)))
        if requires_grad(spec):
            t.requires_grad_(True)
        env[k] = t
    return env


def namespace(lib):
    import importlib
    nn = importlib.import_module(lib.__name__ + ".nn")
    return {"torch": lib, "nn": nn, "F": nn.functional}


def _outputs(res):
    return list(res) if isinstance(res, (tuple, list)) else [res]


def _backward(lib, name, outs, leaves):
    """Gradients of `leaves` (name -> tensor) for the float outputs weighted by seeded arrays
    (the vector-Jacobian product with those weights as grad_outputs)."""
    diff, weights = [], []
    for i, o in enumerate(outs):
        if not o.dtype.is_floating_point or not o.requires_grad:
            continue
        w = make_array({"shape": tuple(o.shape), "dtype": str(o.dtype).split(".")[1]},
                       seed_of(name, "w", i))
        diff.append(o)
        weights.append(lib.tensor(w))
    if not diff:
        return {}
    names = list(leaves)
    gs = lib.autograd.grad(diff, [leaves[n] for n in names], grad_outputs=weights,
                           allow_unused=True)
    return dict(zip(names, gs))


def run_fn(lib, name, expr, inputs):
    env = build_inputs(lib, name, inputs)
    leaves = {k: v for k, v in env.items() if v.requires_grad}
    ns = namespace(lib)
    ns.update(env)
    outs = _outputs(eval(expr, ns))
    return {"out": outs, "grads": _backward(lib, name, outs, leaves)}


def run_module(lib, name, ctor, inputs, call="m(x)"):
    ns = namespace(lib)
    m = eval(ctor, ns)
    env = build_inputs(lib, name, inputs)
    if any(lib.nn.parameter.is_lazy(p) for p in m.parameters()):
        eval(call, dict(ns, m=m, **env))  # materialise lazy parameters
    sd = m.state_dict()
    new = {}
    for k, v in sd.items():
        a = make_array({"shape": tuple(v.shape), "dtype": str(v.dtype).split(".")[1]},
                       seed_of(name, "param", k))
        new[k] = lib.tensor(a)
    m.load_state_dict(new)
    ns.update(env)
    ns["m"] = m
    outs = _outputs(eval(call, ns))
    leaves = {k: v for k, v in env.items() if v.requires_grad}
    leaves.update({"param." + k: p for k, p in m.named_parameters()})
    return {"out": outs, "grads": _backward(lib, name, outs, leaves), "repr": repr(m),
            "keys": list(sd)}


def run_error(lib, name, expr, inputs):
    ns = namespace(lib)
    ns.update(build_inputs(lib, name, inputs))
    try:
        r = eval(expr, ns)
        for o in _outputs(r):
            if hasattr(o, "tolist"):
                o.tolist()  # value-dependent checks are raised at the sync point
    except Exception as e:  # noqa: BLE001
        return {"type": type(e).__name__, "msg": str(e)}
    return {"type": None, "msg": None}


# ---------------------------------------------------------------------------------------------
# conv
X1 = (2, 4, 7)
X2 = (2, 4, 5, 4)
X3 = (1, 4, 4, 3, 4)

CONV_FN = [
    ("c1_basic", "F.conv1d(x, w, b)", {"x": X1, "w": (6, 4, 3), "b": (6,)}),
    ("c1_stride_pad_dil", "F.conv1d(x, w, b, stride=2, padding=2, dilation=2)",
     {"x": X1, "w": (6, 4, 3), "b": (6,)}),
    ("c1_groups", "F.conv1d(x, w, None, 1, 1, 1, 2)", {"x": X1, "w": (4, 2, 3)}),
    ("c1_same_even", "F.conv1d(x, w, b, padding='same')", {"x": X1, "w": (3, 4, 4), "b": (3,)}),
    ("c1_same_even_dil", "F.conv1d(x, w, padding='same', dilation=3)", {"x": X1, "w": (3, 4, 2)}),
    ("c1_unbatched", "F.conv1d(x, w, b, padding=1)", {"x": (4, 7), "w": (5, 4, 3), "b": (5,)}),
    ("c2_basic", "F.conv2d(x, w, b)", {"x": X2, "w": (6, 4, 3, 3), "b": (6,)}),
    ("c2_mixed", "F.conv2d(x, w, b, stride=(2, 1), padding=(1, 2), dilation=(1, 2))",
     {"x": X2, "w": (6, 4, 3, 2), "b": (6,)}),
    ("c2_groups_dw", "F.conv2d(x, w, b, padding=1, groups=4)",
     {"x": X2, "w": (8, 1, 3, 3), "b": (8,)}),
    ("c2_groups2_stride", "F.conv2d(x, w, stride=2, groups=2)", {"x": X2, "w": (4, 2, 2, 3)}),
    ("c2_same_odd", "F.conv2d(x, w, b, padding='same')", {"x": X2, "w": (5, 4, 3, 3), "b": (5,)}),
    ("c2_same_even_dil", "F.conv2d(x, w, padding='same', dilation=(2, 1))",
     {"x": X2, "w": (3, 4, 4, 2)}),
    ("c2_valid", "F.conv2d(x, w, b, padding='valid')", {"x": X2, "w": (3, 4, 2, 2), "b": (3,)}),
    ("c2_unbatched", "F.conv2d(x, w, b, stride=2, padding=1)",
     {"x": (4, 5, 4), "w": (3, 4, 3, 3), "b": (3,)}),
    ("c2_float64", "F.conv2d(x, w, b, padding=1)",
     {"x": {"shape": (1, 2, 4, 4), "dtype": "float64"},
      "w": {"shape": (3, 2, 3, 3), "dtype": "float64"}, "b": {"shape": (3,), "dtype": "float64"}}),
    ("c2_int64", "F.conv2d(x, w, stride=2)",
     {"x": {"shape": (1, 2, 5, 5), "dtype": "int64", "kind": "int", "lo": -3, "hi": 4},
      "w": {"shape": (2, 2, 3, 3), "dtype": "int64", "kind": "int", "lo": -2, "hi": 3}}),
    ("c2_list_args", "F.conv2d(x, w, b, [1, 2], [1], [2, 1])",
     {"x": X2, "w": (2, 4, 3, 3), "b": (2,)}),
    ("c3_basic", "F.conv3d(x, w, b, stride=(1, 2, 1), padding=1)",
     {"x": X3, "w": (3, 4, 3, 2, 3), "b": (3,)}),
    ("c3_groups_dil", "F.conv3d(x, w, dilation=(1, 1, 2), groups=2)",
     {"x": X3, "w": (2, 2, 2, 2, 2)}),
    ("c3_same", "F.conv3d(x, w, padding='same')", {"x": (4, 3, 4, 3), "w": (2, 4, 2, 3, 2)}),
    ("t1_basic", "F.conv_transpose1d(x, w, b, stride=2, padding=1, output_padding=1)",
     {"x": X1, "w": (4, 3, 3), "b": (3,)}),
    ("t1_groups_dil", "F.conv_transpose1d(x, w, None, 3, 2, 1, 2, 2)",
     {"x": X1, "w": (4, 2, 3)}),
    ("t1_unbatched", "F.conv_transpose1d(x, w, b)", {"x": (4, 5), "w": (4, 2, 2), "b": (2,)}),
    ("t2_basic", "F.conv_transpose2d(x, w, b)", {"x": X2, "w": (4, 3, 3, 3), "b": (3,)}),
    ("t2_stride_opad", "F.conv_transpose2d(x, w, b, stride=(2, 3), padding=(1, 0), "
     "output_padding=(1, 2))", {"x": X2, "w": (4, 2, 3, 3), "b": (2,)}),
    ("t2_groups", "F.conv_transpose2d(x, w, b, stride=2, groups=2, dilation=(1, 2))",
     {"x": X2, "w": (4, 3, 2, 2), "b": (6,)}),
    ("t2_big_pad", "F.conv_transpose2d(x, w, padding=2, dilation=1)",
     {"x": X2, "w": (4, 2, 3, 3)}),
    ("t2_dil_opad", "F.conv_transpose2d(x, w, stride=1, output_padding=1, dilation=2)",
     {"x": X2, "w": (4, 2, 3, 2)}),
    ("t2_unbatched", "F.conv_transpose2d(x, w, b, stride=2)",
     {"x": (4, 3, 3), "w": (4, 2, 3, 3), "b": (2,)}),
    ("t3_basic", "F.conv_transpose3d(x, w, b, stride=(2, 1, 2), padding=1, output_padding=(1, 0, 0),"
     " groups=2)", {"x": X3, "w": (4, 1, 3, 2, 3), "b": (2,)}),
]

CONV_MODULES = [
    ("m_conv1d", "nn.Conv1d(4, 6, 3, stride=2, padding=1)", {"x": X1}),
    ("m_conv1d_circular", "nn.Conv1d(4, 2, 3, padding=2, padding_mode='circular', dilation=2)",
     {"x": X1}),
    ("m_conv2d", "nn.Conv2d(4, 6, 3, padding=1)", {"x": X2}),
    ("m_conv2d_reflect", "nn.Conv2d(4, 6, (3, 2), stride=(2, 1), padding=(1, 2), "
     "padding_mode='reflect', bias=False)", {"x": X2}),
    ("m_conv2d_replicate_groups", "nn.Conv2d(4, 4, 3, padding=2, dilation=2, groups=2, "
     "padding_mode='replicate')", {"x": X2}),
    ("m_conv2d_circular_same", "nn.Conv2d(4, 3, 4, padding='same', padding_mode='circular')",
     {"x": X2}),
    ("m_conv2d_same", "nn.Conv2d(4, 3, (2, 3), padding='same', dilation=(3, 1))", {"x": X2}),
    ("m_conv2d_valid", "nn.Conv2d(4, 3, 2, padding='valid', bias=False)", {"x": X2}),
    ("m_conv2d_reflect_same", "nn.Conv2d(4, 3, 3, padding='same', padding_mode='reflect')",
     {"x": (4, 5, 4)}),
    ("m_conv3d", "nn.Conv3d(4, 2, (2, 3, 2), stride=2, padding=(0, 1, 1), padding_mode='zeros')",
     {"x": X3}),
    ("m_conv3d_replicate", "nn.Conv3d(4, 2, 3, padding=1, padding_mode='replicate')", {"x": X3}),
    ("m_convt1d", "nn.ConvTranspose1d(4, 3, 3, stride=2, output_padding=1, dilation=1)",
     {"x": X1}),
    ("m_convt2d", "nn.ConvTranspose2d(4, 6, (3, 2), stride=2, padding=1, output_padding=1, "
     "groups=2, bias=False)", {"x": X2}),
    ("m_convt2d_outsize", "nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1)", {"x": X2},
     "m(x, output_size=[10, 8])"),
    ("m_convt2d_outsize_full", "nn.ConvTranspose2d(4, 2, 3, stride=3)", {"x": X2},
     "m(x, output_size=(2, 2, 16, 13))"),
    ("m_convt3d", "nn.ConvTranspose3d(4, 2, 2, stride=(1, 2, 2), dilation=(2, 1, 1))", {"x": X3}),
    ("m_lazyconv2d", "nn.LazyConv2d(5, 3, padding=1)", {"x": X2}),
    ("m_lazyconv1d", "nn.LazyConv1d(3, 2, stride=2)", {"x": (4, 7)}),
    ("m_lazyconvt2d", "nn.LazyConvTranspose2d(3, 2, stride=2)", {"x": X2}),
]

CONV_REPRS = [
    "nn.Conv2d(3, 16, 3)", "nn.Conv2d(3, 16, 3, padding=1)", "nn.Conv2d(3, 16, (3, 5), stride=2)",
    "nn.Conv2d(3, 16, 3, padding='same')", "nn.Conv2d(3, 16, 3, padding='valid')",
    "nn.Conv2d(4, 16, 3, groups=2, bias=False, dilation=2)",
    "nn.Conv2d(3, 16, 3, padding=1, padding_mode='reflect')", "nn.Conv1d(3, 16, 3)",
    "nn.Conv1d(3, 16, 3, padding=(2,), padding_mode='circular')", "nn.Conv3d(3, 4, 3, stride=2)",
    "nn.Conv3d(3, 4, (1, 2, 3), padding=(0, 1, 1), bias=False)",
    "nn.ConvTranspose2d(3, 16, 3)", "nn.ConvTranspose2d(3, 16, 3, stride=2, output_padding=1)",
    "nn.ConvTranspose2d(4, 8, 3, groups=4, dilation=2, bias=False)",
    "nn.ConvTranspose1d(3, 2, 4, padding=1)", "nn.ConvTranspose3d(3, 2, 2, stride=2)",
    "nn.LazyConv2d(16, 3)", "nn.LazyConv1d(16, 3, padding=1)", "nn.LazyConv3d(4, 2)",
    "nn.LazyConvTranspose2d(4, 3, stride=2)", "nn.LazyConvTranspose1d(4, 3)",
    "nn.LazyConvTranspose3d(4, 3)",
    "nn.Sequential(nn.Conv2d(1, 8, 3), nn.Conv2d(8, 8, 3, padding='same', bias=False))",
]

CONV_ERRORS = [
    ("e_channels", "F.conv2d(x, w)", {"x": (2, 4, 8, 8), "w": (8, 3, 3, 3)}),
    ("e_channels_unbatched", "F.conv2d(x, w)", {"x": (4, 8, 8), "w": (8, 3, 3, 3)}),
    ("e_small", "F.conv2d(x, w)", {"x": (2, 3, 2, 2), "w": (8, 3, 3, 3)}),
    ("e_small_dil", "F.conv2d(x, w, dilation=2)", {"x": (2, 3, 4, 4), "w": (8, 3, 3, 3)}),
    ("e_small_1d", "F.conv1d(x, w)", {"x": (2, 3, 2), "w": (4, 3, 3)}),
    ("e_small_3d", "F.conv3d(x, w)", {"x": (1, 3, 2, 4, 4), "w": (4, 3, 3, 3, 3)}),
    ("e_same_strided", "F.conv2d(x, w, stride=2, padding='same')",
     {"x": (2, 3, 8, 8), "w": (8, 3, 3, 3)}),
    ("e_same_strided_tuple", "F.conv1d(x, w, stride=(2,), padding='same')",
     {"x": (2, 3, 8), "w": (8, 3, 3)}),
    ("e_dims", "F.conv2d(x, w)", {"x": (2, 3), "w": (8, 3, 3, 3)}),
    ("e_dims5", "F.conv2d(x, w)", {"x": (2, 3, 4, 5, 6), "w": (8, 3, 3, 3)}),
    ("e_dims1d", "F.conv1d(x, w)", {"x": (2, 3, 4, 5), "w": (8, 3, 3)}),
    ("e_dims3d", "F.conv3d(x, w)", {"x": (3, 4, 5), "w": (8, 3, 3, 3, 3)}),
    ("e_pad_string", "F.conv2d(x, w, padding='foo')", {"x": (2, 3, 8, 8), "w": (8, 3, 3, 3)}),
    ("e_neg_pad", "F.conv2d(x, w, padding=-1)", {"x": (2, 3, 8, 8), "w": (8, 3, 3, 3)}),
    ("e_stride0", "F.conv2d(x, w, stride=0)", {"x": (2, 3, 8, 8), "w": (8, 3, 3, 3)}),
    ("e_dil0", "F.conv2d(x, w, dilation=(1, 0))", {"x": (2, 3, 8, 8), "w": (8, 3, 3, 3)}),
    ("e_groups0", "F.conv2d(x, w, groups=0)", {"x": (2, 3, 8, 8), "w": (8, 3, 3, 3)}),
    ("e_groups_div", "F.conv2d(x, w, groups=2)", {"x": (2, 6, 8, 8), "w": (7, 3, 3, 3)}),
    ("e_groups_least", "F.conv2d(x, w)", {"x": (2, 3, 8, 8), "w": (0, 3, 3, 3)}),
    ("e_bias", "F.conv2d(x, w, b)", {"x": (2, 3, 8, 8), "w": (8, 3, 3, 3), "b": (4,)}),
    ("e_bias2d", "F.conv2d(x, w, b)", {"x": (2, 3, 8, 8), "w": (8, 3, 3, 3), "b": (8, 1)}),
    ("e_weight_dims", "F.conv2d(x, w)", {"x": (2, 3, 8, 8), "w": (8, 3, 3)}),
    ("e_stride_len", "F.conv2d(x, w, stride=(1, 1, 1))", {"x": (2, 3, 8, 8), "w": (8, 3, 3, 3)}),
    ("e_pad_len", "F.conv1d(x, w, padding=(1, 1))", {"x": (2, 3, 5), "w": (4, 3, 3)}),
    ("e_dil_len", "F.conv3d(x, w, dilation=[1, 2])", {"x": (1, 3, 4, 4, 4), "w": (4, 3, 3, 3, 3)}),
    ("e_dtype_input", "F.conv2d(x.double(), w)", {"x": (2, 3, 8, 8), "w": (8, 3, 3, 3)}),
    ("e_dtype_weight", "F.conv2d(x, w.double())", {"x": (2, 3, 8, 8), "w": (8, 3, 3, 3)}),
    ("e_dtype_bias", "F.conv2d(x, w, b.double())",
     {"x": (2, 3, 8, 8), "w": (8, 3, 3, 3), "b": (8,)}),
    ("e_bool", "F.conv2d(x.bool(), w.bool())", {"x": (2, 3, 8, 8), "w": (8, 3, 3, 3)}),
    ("e_t_channels", "F.conv_transpose2d(x, w)", {"x": (2, 4, 5, 5), "w": (3, 4, 3, 3)}),
    ("e_t_opad", "F.conv_transpose2d(x, w, stride=2, output_padding=2)",
     {"x": (2, 3, 5, 5), "w": (3, 4, 3, 3)}),
    ("e_t_opad1d", "F.conv_transpose1d(x, w, stride=2, output_padding=2)",
     {"x": (2, 3, 5), "w": (3, 4, 3)}),
    ("e_t_opad3d", "F.conv_transpose3d(x, w, stride=2, output_padding=(2, 0, 0))",
     {"x": (1, 3, 2, 2, 2), "w": (3, 4, 3, 3, 3)}),
    ("e_t_opad_dil", "F.conv_transpose2d(x, w, output_padding=2, dilation=2)",
     {"x": (2, 3, 5, 5), "w": (3, 4, 3, 3)}),
    ("e_t_neg_opad", "F.conv_transpose2d(x, w, output_padding=-1)",
     {"x": (2, 3, 5, 5), "w": (3, 4, 3, 3)}),
    ("e_t_same", "F.conv_transpose2d(x, w, padding='same')", {"x": (2, 3, 5, 5), "w": (3, 4, 3, 3)}),
    ("e_t_dims", "F.conv_transpose2d(x, w)", {"x": (2, 3), "w": (3, 4, 3, 3)}),
    ("e_t_groups", "F.conv_transpose2d(x, w, groups=3)", {"x": (2, 4, 5, 5), "w": (4, 4, 3, 3)}),
    ("e_t_bias", "F.conv_transpose2d(x, w, b)", {"x": (2, 3, 5, 5), "w": (3, 4, 3, 3), "b": (3,)}),
    ("e_t_negative_out", "F.conv_transpose2d(x, w, padding=4)",
     {"x": (2, 3, 5, 5), "w": (3, 4, 3, 3)}),
    ("e_m_in_groups", "nn.Conv2d(3, 4, 3, groups=2)", {}),
    ("e_m_out_groups", "nn.Conv2d(4, 3, 3, groups=2)", {}),
    ("e_m_groups0", "nn.Conv2d(4, 4, 3, groups=0)", {}),
    ("e_m_pad_string", "nn.Conv2d(4, 4, 3, padding='full')", {}),
    ("e_m_same_strided", "nn.Conv2d(4, 4, 3, stride=2, padding='same')", {}),
    ("e_m_padding_mode", "nn.Conv2d(4, 4, 3, padding_mode='mirror')", {}),
    ("e_m_t_padding_mode", "nn.ConvTranspose2d(4, 4, 3, padding_mode='reflect')", {}),
    ("e_m_t_padding_mode1d", "nn.ConvTranspose1d(4, 4, 3, padding_mode='circular')", {}),
    ("e_m_forward_channels", "nn.Conv2d(3, 4, 3)(x)", {"x": (2, 5, 8, 8)}),
    ("e_m_t_output_size", "nn.ConvTranspose2d(4, 2, 3, stride=2)(x, output_size=(20, 20))",
     {"x": (2, 4, 5, 5)}),
    ("e_m_t_output_size_len", "nn.ConvTranspose2d(4, 2, 3, stride=2)(x, output_size=(11,))",
     {"x": (2, 4, 5, 5)}),
    ("e_m_reflect_too_big", "nn.Conv2d(4, 2, 3, padding=5, padding_mode='reflect')(x)",
     {"x": (1, 4, 3, 3)}),
]


# ---------------------------------------------------------------------------------------------
# pooling
P1 = (2, 3, 9)
P2 = (2, 3, 7, 6)
P3 = (1, 2, 5, 4, 5)
TIES = {"shape": (2, 2, 6, 6), "kind": "ties", "grad": True}
U2 = {"shape": (2, 3, 2), "kind": "uniform"}

POOL_FN = [
    ("mp1_basic", "F.max_pool1d(x, 3, 2, 1)", {"x": P1}),
    ("mp1_ceil_dil_idx", "F.max_pool1d(x, 2, 2, 1, 2, ceil_mode=True, return_indices=True)",
     {"x": P1}),
    ("mp1_unbatched", "F.max_pool1d(x, 3, ceil_mode=True)", {"x": (3, 8)}),
    ("mp1_with_indices", "F.max_pool1d_with_indices(x, 4, 3, 2)", {"x": P1}),
    ("mp2_basic", "F.max_pool2d(x, 2)", {"x": P2}),
    ("mp2_ceil_pad_idx", "F.max_pool2d(x, 3, 2, 1, ceil_mode=True, return_indices=True)",
     {"x": P2}),
    ("mp2_dil_idx", "F.max_pool2d(x, (2, 3), (1, 2), (1, 1), (2, 1), return_indices=True)",
     {"x": P2}),
    ("mp2_ties", "F.max_pool2d(x, 3, 1, 1, return_indices=True)", {"x": TIES}),
    ("mp2_ties_stride", "F.max_pool2d(x, 2, ceil_mode=True, return_indices=True)",
     {"x": {"shape": (1, 2, 5, 5), "kind": "ties", "grad": True}}),
    ("mp2_unbatched", "F.max_pool2d(x, 2, ceil_mode=True, return_indices=True)",
     {"x": (3, 5, 5)}),
    ("mp2_int", "F.max_pool2d(x, 2, 1, return_indices=True)",
     {"x": {"shape": (1, 2, 4, 4), "dtype": "int64", "kind": "int", "lo": -9, "hi": 9}}),
    ("mp2_float64", "torch.max_pool2d(x, 2, 1, 1)", {"x": {"shape": (1, 2, 3, 4),
                                                          "dtype": "float64"}}),
    ("mp3_idx", "F.max_pool3d(x, 2, (1, 2, 2), (1, 0, 1), return_indices=True)", {"x": P3}),
    ("mp3_ceil_dil", "F.max_pool3d(x, 2, 2, 1, 2, ceil_mode=True)", {"x": P3}),
    ("ap1_ceil_nopad", "F.avg_pool1d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False)",
     {"x": P1}),
    ("ap1_ceil_pad", "torch.avg_pool1d(x, 4, 3, 2, True, True)", {"x": P1}),
    ("ap1_unbatched", "F.avg_pool1d(x, 2)", {"x": (3, 7)}),
    ("ap2_basic", "F.avg_pool2d(x, 2)", {"x": P2}),
    ("ap2_ceil_pad", "F.avg_pool2d(x, 3, 2, 1, ceil_mode=True)", {"x": P2}),
    ("ap2_ceil_nopad", "F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False)",
     {"x": P2}),
    ("ap2_divisor", "F.avg_pool2d(x, (2, 3), (1, 2), (1, 1), divisor_override=4)", {"x": P2}),
    ("ap2_unbatched", "F.avg_pool2d(x, 3, 1, 1, count_include_pad=False)", {"x": (2, 4, 5)}),
    ("ap2_int", "F.avg_pool2d(x, 2, 1, 1)",
     {"x": {"shape": (1, 2, 4, 4), "dtype": "int64", "kind": "int", "lo": -9, "hi": 9}}),
    ("ap3_ceil", "F.avg_pool3d(x, 2, 2, 1, ceil_mode=True, count_include_pad=False)",
     {"x": P3}),
    ("ap3_divisor", "F.avg_pool3d(x, (3, 2, 2), 1, (1, 0, 1), divisor_override=3)", {"x": P3}),
    ("aap1", "F.adaptive_avg_pool1d(x, 4)", {"x": P1}),
    ("aap1_unbatched", "torch.adaptive_avg_pool1d(x, 5)", {"x": (3, 7)}),
    ("aap2", "F.adaptive_avg_pool2d(x, (3, 4))", {"x": P2}),
    ("aap2_none", "F.adaptive_avg_pool2d(x, (None, 4))", {"x": P2}),
    ("aap2_one", "F.adaptive_avg_pool2d(x, 1)", {"x": P2}),
    ("aap2_bigger", "F.adaptive_avg_pool2d(x, (9, 8))", {"x": (3, 7, 6)}),
    ("aap3", "F.adaptive_avg_pool3d(x, (2, 3, 2))", {"x": P3}),
    ("amp1", "F.adaptive_max_pool1d(x, 4, return_indices=True)", {"x": P1}),
    ("amp1_torch", "torch.adaptive_max_pool1d(x, 2)", {"x": (3, 7)}),
    ("amp2", "F.adaptive_max_pool2d(x, (3, 4), return_indices=True)", {"x": P2}),
    ("amp2_ties", "F.adaptive_max_pool2d(x, (4, 5), True)", {"x": TIES}),
    ("amp2_none", "F.adaptive_max_pool2d(x, (None, 2))", {"x": (3, 7, 6)}),
    ("amp3", "F.adaptive_max_pool3d(x, (2, 3, 2), return_indices=True)", {"x": P3}),
    ("lp1", "F.lp_pool1d(x, 2, 3, 2)", {"x": P1}),
    ("lp1_ceil", "F.lp_pool1d(x, 1, 2, ceil_mode=True)", {"x": (3, 7)}),
    ("lp2", "F.lp_pool2d(x, 2, (2, 3), ceil_mode=True)", {"x": P2}),
    ("lp2_p3", "F.lp_pool2d(x.abs() + 0.5, 3.0, 2, 1)", {"x": P2}),
    ("lp3", "F.lp_pool3d(x, 2, 2)", {"x": P3}),
    ("unpool1d", "F.max_unpool1d(*F.max_pool1d(x, 2, return_indices=True), 2)", {"x": P1}),
    ("unpool1d_size", "F.max_unpool1d(*F.max_pool1d(x, 3, 2, 1, return_indices=True), 3, 2, 1, "
     "output_size=[9])", {"x": P1}),
    ("unpool2d", "F.max_unpool2d(*F.max_pool2d(x, 3, 2, 1, return_indices=True), 3, 2, 1, "
     "output_size=x.shape)", {"x": P2}),
    ("unpool2d_overlap", "F.max_unpool2d(*F.max_pool2d(x, 3, 1, return_indices=True), 3, 1)",
     {"x": P2}),
    ("unpool2d_unbatched", "F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2)",
     {"x": (3, 4, 6)}),
    ("unpool3d", "F.max_unpool3d(*F.max_pool3d(x, 2, return_indices=True), 2, "
     "output_size=(5, 4, 5))", {"x": P3}),
    ("frac2d", "F.fractional_max_pool2d(x, 3, output_size=(4, 3), return_indices=True, "
     "_random_samples=u)", {"x": P2, "u": U2}),
    ("frac2d_ratio", "F.fractional_max_pool2d(x, (2, 3), output_ratio=(0.5, 0.6), "
     "_random_samples=u)", {"x": P2, "u": U2}),
    ("frac3d", "F.fractional_max_pool3d(x, 2, output_size=(3, 2, 3), return_indices=True, "
     "_random_samples=u)", {"x": P3, "u": {"shape": (1, 2, 3), "kind": "uniform"}}),
]

POOL_MODULES = [
    ("m_maxpool1d", "nn.MaxPool1d(3, 2, 1, return_indices=True)", {"x": P1}),
    ("m_maxpool2d", "nn.MaxPool2d(3, 2, 1, ceil_mode=True)", {"x": P2}),
    ("m_maxpool2d_dil", "nn.MaxPool2d((3, 2), dilation=(1, 2), return_indices=True)", {"x": P2}),
    ("m_maxpool3d", "nn.MaxPool3d(2, stride=1)", {"x": P3}),
    ("m_avgpool1d", "nn.AvgPool1d(3, 2, 1, ceil_mode=True, count_include_pad=False)", {"x": P1}),
    ("m_avgpool2d", "nn.AvgPool2d(3, 2, 1, divisor_override=5)", {"x": P2}),
    ("m_avgpool3d", "nn.AvgPool3d((2, 2, 3), padding=1, count_include_pad=False)", {"x": P3}),
    ("m_aap1d", "nn.AdaptiveAvgPool1d(5)", {"x": P1}),
    ("m_aap2d", "nn.AdaptiveAvgPool2d((3, None))", {"x": P2}),
    ("m_aap3d", "nn.AdaptiveAvgPool3d(2)", {"x": P3}),
    ("m_amp1d", "nn.AdaptiveMaxPool1d(4)", {"x": P1}),
    ("m_amp2d", "nn.AdaptiveMaxPool2d(3, return_indices=True)", {"x": P2}),
    ("m_amp3d", "nn.AdaptiveMaxPool3d((2, 1, 3))", {"x": P3}),
    ("m_lppool1d", "nn.LPPool1d(2, 3, stride=2)", {"x": P1}),
    ("m_lppool2d", "nn.LPPool2d(1.5, 2, ceil_mode=True)", {"x": {"shape": P2, "kind": "uniform",
                                                                 "grad": True}}),
    ("m_lppool3d", "nn.LPPool3d(2, 2)", {"x": P3}),
    ("m_unpool2d", "nn.MaxUnpool2d(2)", {"x": P2}, "m(*F.max_pool2d(x, 2, return_indices=True))"),
    ("m_unpool1d", "nn.MaxUnpool1d(3, 2, 1)", {"x": P1},
     "m(*F.max_pool1d(x, 3, 2, 1, return_indices=True), output_size=x.shape)"),
    ("m_unpool3d", "nn.MaxUnpool3d(2, 2)", {"x": P3},
     "m(*F.max_pool3d(x, 2, return_indices=True), output_size=(5, 4, 5))"),
]

POOL_REPRS = [
    "nn.MaxPool2d(2)", "nn.MaxPool2d(3, 2, 1, ceil_mode=True)",
    "nn.MaxPool1d(3, stride=(2,), return_indices=True)", "nn.MaxPool3d((2, 1, 2), dilation=2)",
    "nn.AvgPool1d(3)", "nn.AvgPool1d(3, 2, 1)", "nn.AvgPool2d(2)", "nn.AvgPool2d((3, 2), 1, 1)",
    "nn.AvgPool3d(2, divisor_override=3)", "nn.AdaptiveAvgPool1d(4)",
    "nn.AdaptiveAvgPool2d((None, 7))", "nn.AdaptiveAvgPool2d(1)", "nn.AdaptiveAvgPool3d((1, 2, 3))",
    "nn.AdaptiveMaxPool1d(3)", "nn.AdaptiveMaxPool2d((2, 2), return_indices=True)",
    "nn.AdaptiveMaxPool3d(2)", "nn.LPPool1d(2, 3)", "nn.LPPool2d(1.5, (2, 3), stride=2)",
    "nn.LPPool3d(2, 2, ceil_mode=True)", "nn.MaxUnpool1d(2)", "nn.MaxUnpool2d(3, 2, 1)",
    "nn.MaxUnpool3d((2, 2, 1))", "nn.FractionalMaxPool2d(3, output_size=5)",
    "nn.FractionalMaxPool2d(2, output_ratio=(0.5, 0.5))", "nn.FractionalMaxPool3d(2, output_size=3)",
    "nn.Sequential(nn.Conv2d(1, 4, 3), nn.MaxPool2d(2), nn.AdaptiveAvgPool2d((1, 1)))",
]

_N = {"grad": False}
X8 = dict(_N, shape=(2, 3, 8, 8))
POOL_ERRORS = [
    ("e_mp2_pad", "F.max_pool2d(x, 3, padding=2)", {"x": X8}),
    ("e_mp2_pad_dil", "F.max_pool2d(x, 3, padding=2, dilation=2)", {"x": X8}),
    ("e_mp2_small", "F.max_pool2d(x, 3)", {"x": dict(_N, shape=(2, 3, 2, 2))}),
    ("e_mp2_dims", "F.max_pool2d(x, 3)", {"x": dict(_N, shape=(2, 3))}),
    ("e_mp2_k0", "F.max_pool2d(x, 0)", {"x": X8}),
    ("e_mp2_k0_s1", "F.max_pool2d(x, 0, 1)", {"x": X8}),
    ("e_mp2_stride0", "F.max_pool2d(x, 2, stride=0)", {"x": X8}),
    ("e_mp2_dil0", "F.max_pool2d(x, 2, dilation=0)", {"x": X8}),
    ("e_mp2_klen", "F.max_pool2d(x, (2, 2, 2))", {"x": X8}),
    ("e_mp2_slen", "F.max_pool2d(x, 2, (2, 2, 2))", {"x": X8}),
    ("e_mp2_plen", "F.max_pool2d(x, 2, 2, (1, 1, 1))", {"x": X8}),
    ("e_mp2_dlen", "F.max_pool2d(x, 2, 2, 0, (1, 1, 1))", {"x": X8}),
    ("e_mp2_negpad", "F.max_pool2d(x, 2, padding=-1)", {"x": X8}),
    ("e_mp2_empty", "F.max_pool2d(x, 2)", {"x": dict(_N, shape=(3, 0, 8))}),
    ("e_mp2_bool", "F.max_pool2d(x.bool(), 2)", {"x": X8}),
    ("e_mp2_grad_pad", "F.max_pool2d(x, 3, padding=2)", {"x": (2, 3, 8, 8)}),
    ("e_mp2_idx_small", "F.max_pool2d(x, 3, return_indices=True)",
     {"x": dict(_N, shape=(2, 3, 2, 2))}),
    ("e_mp1_pad", "F.max_pool1d(x, 3, padding=2)", {"x": dict(_N, shape=(2, 3, 8))}),
    ("e_mp1_small", "F.max_pool1d(x, 3)", {"x": dict(_N, shape=(2, 3, 2))}),
    ("e_mp1_dims", "F.max_pool1d(x, 3)", {"x": dict(_N, shape=(2,))}),
    ("e_mp1_k0", "F.max_pool1d(x, 0)", {"x": dict(_N, shape=(2, 3, 8))}),
    ("e_mp1_stride0", "F.max_pool1d(x, 2, 0)", {"x": dict(_N, shape=(2, 3, 8))}),
    ("e_mp1_klen", "F.max_pool1d(x, (2, 2))", {"x": dict(_N, shape=(2, 3, 8))}),
    ("e_mp1_idx_pad", "F.max_pool1d(x, 3, padding=2, return_indices=True)",
     {"x": dict(_N, shape=(2, 3, 8))}),
    ("e_mp3_small", "F.max_pool3d(x, 3)", {"x": dict(_N, shape=(2, 3, 2, 2, 2))}),
    ("e_mp3_dims", "F.max_pool3d(x, 3)", {"x": dict(_N, shape=(2, 3))}),
    ("e_mp3_pad", "F.max_pool3d(x, 3, padding=2)", {"x": dict(_N, shape=(2, 3, 4, 4, 4))}),
    ("e_mp3_pad_dil", "F.max_pool3d(x, 3, padding=2, dilation=2)",
     {"x": dict(_N, shape=(2, 3, 6, 6, 6))}),
    ("e_ap2_pad", "F.avg_pool2d(x, 3, padding=2)", {"x": X8}),
    ("e_ap2_small", "F.avg_pool2d(x, 3)", {"x": dict(_N, shape=(2, 3, 2, 2))}),
    ("e_ap2_dims", "F.avg_pool2d(x, 3)", {"x": dict(_N, shape=(2, 3))}),
    ("e_ap2_divisor0", "F.avg_pool2d(x, 3, divisor_override=0)", {"x": X8}),
    ("e_ap2_klen", "F.avg_pool2d(x, (3, 3, 3))", {"x": X8}),
    ("e_ap2_stride0", "F.avg_pool2d(x, 3, 0)", {"x": X8}),
    ("e_ap2_bool", "F.avg_pool2d(x.bool(), 3)", {"x": X8}),
    ("e_ap1_pad", "F.avg_pool1d(x, 3, padding=2)", {"x": dict(_N, shape=(2, 3, 8))}),
    ("e_ap1_small", "F.avg_pool1d(x, 3)", {"x": dict(_N, shape=(2, 3, 2))}),
    ("e_ap1_dims", "F.avg_pool1d(x, 3)", {"x": dict(_N, shape=(2,))}),
    ("e_ap1_klen", "F.avg_pool1d(x, (3, 2))", {"x": dict(_N, shape=(2, 3, 8))}),
    ("e_ap3_small", "F.avg_pool3d(x, 3)", {"x": dict(_N, shape=(2, 3, 2, 2, 2))}),
    ("e_ap3_dims", "F.avg_pool3d(x, 3)", {"x": dict(_N, shape=(2, 3))}),
    ("e_ap3_pad", "F.avg_pool3d(x, 3, padding=2)", {"x": dict(_N, shape=(2, 3, 4, 4, 4))}),
    ("e_aap2_dims", "F.adaptive_avg_pool2d(x, 3)", {"x": dict(_N, shape=(2, 3))}),
    ("e_aap2_len", "F.adaptive_avg_pool2d(x, (3, 4, 5))", {"x": X8}),
    ("e_aap2_int", "F.adaptive_avg_pool2d(x.long(), 3)", {"x": X8}),
    ("e_aap2_neg", "F.adaptive_avg_pool2d(x, (3, -1))", {"x": X8}),
    ("e_aap2_empty", "F.adaptive_avg_pool2d(x, 3)", {"x": dict(_N, shape=(2, 3, 0, 4))}),
    ("e_aap1_len", "F.adaptive_avg_pool1d(x, (3, 4))", {"x": dict(_N, shape=(2, 3, 8))}),
    ("e_aap1_dims", "F.adaptive_avg_pool1d(x, 3)", {"x": dict(_N, shape=(2,))}),
    ("e_aap3_dims", "F.adaptive_avg_pool3d(x, 3)", {"x": dict(_N, shape=(2, 3))}),
    ("e_amp2_dims", "F.adaptive_max_pool2d(x, 3)", {"x": dict(_N, shape=(2, 3))}),
    ("e_amp2_int", "F.adaptive_max_pool2d(x.long(), 3)", {"x": X8}),
    ("e_amp2_neg", "F.adaptive_max_pool2d(x, (-2, 3))", {"x": X8}),
    ("e_amp2_empty", "F.adaptive_max_pool2d(x, 3)", {"x": dict(_N, shape=(2, 0, 3, 4))}),
    ("e_mp1_grad_pad", "F.max_pool1d(x, 3, padding=2)", {"x": (2, 3, 8)}),
    ("e_mp1_grad_small", "F.max_pool1d(x, 3)", {"x": (2, 3, 2)}),
    ("e_mp1_grad_dims", "F.max_pool1d(x, 3)", {"x": (2,)}),
    ("e_mp1_grad_klen", "F.max_pool1d(x, (2, 2))", {"x": (2, 3, 8)}),
    ("e_amp1_dims", "F.adaptive_max_pool1d(x, 3)", {"x": dict(_N, shape=(2,))}),
    ("e_amp3_dims", "F.adaptive_max_pool3d(x, 3)", {"x": dict(_N, shape=(2, 3))}),
    ("e_unpool_range", "F.max_unpool2d(x, i + 100, 2)",
     {"x": dict(_N, shape=(2, 3, 4, 4)), "i": {"shape": (2, 3, 4, 4), "dtype": "int64",
                                               "kind": "int", "lo": 0, "hi": 3}}),
    ("e_unpool_negative", "F.max_unpool2d(x, i - 5, 2)",
     {"x": dict(_N, shape=(2, 3, 4, 4)), "i": {"shape": (2, 3, 4, 4), "dtype": "int64",
                                               "kind": "int", "lo": 0, "hi": 3}}),
    ("e_unpool_shape", "F.max_unpool2d(x, i, 2)",
     {"x": dict(_N, shape=(2, 3, 4, 4)), "i": {"shape": (2, 3, 4, 3), "dtype": "int64",
                                               "kind": "int", "lo": 0, "hi": 3}}),
    ("e_unpool_dtype", "F.max_unpool2d(x, i.int(), 2)",
     {"x": dict(_N, shape=(2, 3, 4, 4)), "i": {"shape": (2, 3, 4, 4), "dtype": "int64",
                                               "kind": "int", "lo": 0, "hi": 3}}),
    ("e_unpool_outsize", "F.max_unpool2d(x, i, 2, output_size=(5, 5))",
     {"x": dict(_N, shape=(2, 3, 4, 4)), "i": {"shape": (2, 3, 4, 4), "dtype": "int64",
                                               "kind": "int", "lo": 0, "hi": 3}}),
    ("e_unpool_outsize_len", "F.max_unpool2d(x, i, 2, output_size=(2, 9, 9))",
     {"x": dict(_N, shape=(2, 3, 4, 4)), "i": {"shape": (2, 3, 4, 4), "dtype": "int64",
                                               "kind": "int", "lo": 0, "hi": 3}}),
    ("e_unpool_dims", "F.max_unpool2d(x, i, 2)",
     {"x": dict(_N, shape=(4, 4)), "i": {"shape": (4, 4), "dtype": "int64", "kind": "int"}}),
    ("e_unpool1d_dims", "F.max_unpool1d(x, i, 2)",
     {"x": dict(_N, shape=(4,)), "i": {"shape": (4,), "dtype": "int64", "kind": "int"}}),
    ("e_unpool1d_range", "F.max_unpool1d(x, i + 9, 2)",
     {"x": dict(_N, shape=(2, 4)), "i": {"shape": (2, 4), "dtype": "int64", "kind": "int"}}),
    ("e_unpool3d_range", "F.max_unpool3d(x, i + 60, 2)",
     {"x": dict(_N, shape=(1, 2, 2, 2, 2)), "i": {"shape": (1, 2, 2, 2, 2), "dtype": "int64",
                                                  "kind": "int"}}),
    ("e_lp2_small", "F.lp_pool2d(x, 2, 3)", {"x": dict(_N, shape=(2, 3, 2, 2))}),
    ("e_frac_none", "F.fractional_max_pool2d(x, 2)", {"x": X8}),
    ("e_frac_big", "F.fractional_max_pool2d(x, 4, output_size=6)", {"x": X8}),
    ("e_frac_dims", "F.fractional_max_pool2d(x, 2, output_size=2)", {"x": dict(_N, shape=(8, 8))}),
    ("e_m_frac_both", "nn.FractionalMaxPool2d(2, output_size=3, output_ratio=0.5)", {}),
    ("e_m_frac_none", "nn.FractionalMaxPool2d(2)", {}),
    ("e_m_frac_ratio", "nn.FractionalMaxPool2d(2, output_ratio=1.5)", {}),
    ("e_m_frac3_kernel", "nn.FractionalMaxPool3d(0, output_size=2)", {}),
]


# ---------------------------------------------------------------------------------------------
# padding, vision (interpolate, pixel shuffle, grids) and fold
V1 = (2, 3, 6)
V2 = (2, 3, 5, 4)
V3 = (1, 2, 3, 4, 3)
GRID = {"shape": (2, 4, 3, 2), "kind": "uniform", "grad": True}

PADVIS_FN = [
    ("pad_constant", "F.pad(x, (1, 2, 0, 1), value=1.5)", {"x": V2}),
    ("pad_constant_crop", "F.pad(x, (-1, 2, 1, -2, 1, 0))", {"x": V2}),
    ("pad_constant_int", "F.pad(x, [2, 1], value=2.7)",
     {"x": {"shape": (2, 3), "dtype": "int64", "kind": "int"}}),
    ("pad_constant_nd", "torch.constant_pad_nd(x, (1, 1), 3)", {"x": V1}),
    ("pad_all_negative", "F.pad(x, (-1, -1))", {"x": V1}),
    ("pad_reflect1d", "F.pad(x, (2, 3), mode='reflect')", {"x": V1}),
    ("pad_reflect1d_neg", "F.pad(x, (-2, 4), mode='reflect')", {"x": (3, 6)}),
    ("pad_reflect2d", "F.pad(x, (1, 3, 2, 0), mode='reflect')", {"x": V2}),
    ("pad_reflect3d", "F.pad(x, (1, 1, 2, 0, 1, 2), mode='reflect')", {"x": V3}),
    ("pad_replicate1d", "F.pad(x, (3, -1), mode='replicate')", {"x": V1}),
    ("pad_replicate2d", "F.pad(x, (2, 2, 3, 1), mode='replicate')", {"x": (3, 5, 4)}),
    ("pad_replicate3d", "F.pad(x, (1, 0, 0, 2, 2, 1), mode='replicate')", {"x": V3}),
    ("pad_circular1d", "F.pad(x, (2, 6), mode='circular')", {"x": V1}),
    ("pad_circular2d", "F.pad(x, (1, 2, -1, 3), mode='circular')", {"x": V2}),
    ("pad_circular3d", "F.pad(x, (1, 1, 1, 1, 1, 1), mode='circular')", {"x": V3}),
    ("near1d_size", "F.interpolate(x, size=13)", {"x": V1}),
    ("near1d_scale", "F.interpolate(x, scale_factor=1.7)", {"x": V1}),
    ("near2d_scale2", "F.interpolate(x, scale_factor=2)", {"x": V2}),
    ("near2d_down", "F.interpolate(x, size=(3, 3))", {"x": V2}),
    ("near2d_recompute", "F.interpolate(x, scale_factor=(1.5, 2.3), recompute_scale_factor=True)",
     {"x": V2}),
    ("near3d", "F.interpolate(x, scale_factor=(2, 1.5, 0.7))", {"x": V3}),
    ("nearexact1d", "F.interpolate(x, size=10, mode='nearest-exact')", {"x": V1}),
    ("nearexact2d", "F.interpolate(x, scale_factor=1.7, mode='nearest-exact')", {"x": V2}),
    ("near_uint8", "F.interpolate(x, scale_factor=2.5)",
     {"x": {"shape": (1, 2, 3), "dtype": "uint8", "kind": "int", "lo": 0, "hi": 255}}),
    ("lanczos_aa", "F.interpolate(x, size=(4, 9), mode='lanczos', antialias=True)",
     {"x": (1, 2, 9, 7)}),
    ("linear", "F.interpolate(x, scale_factor=1.7, mode='linear')", {"x": V1}),
    ("linear_ac", "F.interpolate(x, size=11, mode='linear', align_corners=True)", {"x": V1}),
    ("linear_down", "F.interpolate(x, size=4, mode='linear')", {"x": V1}),
    ("bilinear", "F.interpolate(x, scale_factor=(1.5, 2.5), mode='bilinear')", {"x": V2}),
    ("bilinear_ac", "F.interpolate(x, size=(8, 3), mode='bilinear', align_corners=True)",
     {"x": V2}),
    ("bilinear_same_size_scale", "F.interpolate(x, scale_factor=1.1, mode='bilinear')",
     {"x": V2}),
    ("bilinear_aa", "F.interpolate(x, size=(3, 2), mode='bilinear', antialias=True)",
     {"x": (1, 2, 9, 7)}),
    ("bilinear_aa_ac", "F.interpolate(x, scale_factor=0.6, mode='bilinear', align_corners=True, "
     "antialias=True)", {"x": (1, 2, 9, 7)}),
    ("bicubic", "F.interpolate(x, scale_factor=1.7, mode='bicubic')", {"x": V2}),
    ("bicubic_ac", "F.interpolate(x, size=(7, 3), mode='bicubic', align_corners=True)",
     {"x": V2}),
    ("bicubic_aa", "F.interpolate(x, size=(4, 3), mode='bicubic', antialias=True)",
     {"x": (1, 2, 9, 7)}),
    ("trilinear", "F.interpolate(x, scale_factor=(1.5, 1.2, 2), mode='trilinear')", {"x": V3}),
    ("trilinear_ac", "F.interpolate(x, size=(2, 5, 4), mode='trilinear', align_corners=True)",
     {"x": V3}),
    ("area2d", "F.interpolate(x, size=(3, 3), mode='area')", {"x": V2}),
    ("area1d_scale", "F.interpolate(x, scale_factor=0.7, mode='area')", {"x": V1}),
    ("float64_bicubic", "F.interpolate(x, scale_factor=1.3, mode='bicubic')",
     {"x": {"shape": (1, 2, 3, 4), "dtype": "float64"}}),
    ("upsample_bilinear", "F.upsample_bilinear(x, scale_factor=2)", {"x": V2}),
    ("upsample_nearest", "F.upsample_nearest(x, size=7)", {"x": V1}),
    ("upsample", "F.upsample(x, size=(3, 7), mode='bilinear')", {"x": V2}),
    ("pixel_shuffle", "F.pixel_shuffle(x, 2)", {"x": (2, 8, 3, 2)}),
    ("pixel_shuffle_5d", "torch.pixel_shuffle(x, 3)", {"x": (2, 1, 9, 2, 1)}),
    ("pixel_unshuffle", "F.pixel_unshuffle(x, 2)", {"x": (2, 3, 4, 6)}),
    ("pixel_unshuffle_3d", "torch.pixel_unshuffle(x, 3)", {"x": (1, 3, 6)}),
    ("affine_grid", "F.affine_grid(t, (2, 3, 4, 5), align_corners=False)", {"t": (2, 2, 3)}),
    ("affine_grid_ac", "F.affine_grid(t, [1, 2, 3, 2], align_corners=True)", {"t": (1, 2, 3)}),
    ("affine_grid_3d", "F.affine_grid(t, (1, 2, 2, 3, 4), align_corners=False)",
     {"t": (1, 3, 4)}),
    ("grid_bilinear", "F.grid_sample(x, g * 2.6 - 1.3, align_corners=False)",
     {"x": V2, "g": GRID}),
    ("grid_bilinear_border_ac", "F.grid_sample(x, g * 2.6 - 1.3, padding_mode='border', "
     "align_corners=True)", {"x": V2, "g": GRID}),
    ("grid_bilinear_reflect", "F.grid_sample(x, g * 2.6 - 1.3, padding_mode='reflection', "
     "align_corners=False)", {"x": V2, "g": GRID}),
    ("grid_nearest", "F.grid_sample(x, g * 2.6 - 1.3, mode='nearest', align_corners=False)",
     {"x": V2, "g": GRID}),
    ("grid_bicubic_reflect_ac", "F.grid_sample(x, g * 2.6 - 1.3, mode='bicubic', "
     "padding_mode='reflection', align_corners=True)", {"x": V2, "g": GRID}),
    ("grid_bicubic_zeros", "F.grid_sample(x, g * 2.6 - 1.3, mode='bicubic', "
     "align_corners=False)", {"x": V2, "g": GRID}),
    ("unfold", "F.unfold(x, 3)", {"x": V2}),
    ("unfold_args", "F.unfold(x, (2, 3), dilation=(2, 1), padding=1, stride=(2, 1))", {"x": V2}),
    ("unfold_unbatched", "F.unfold(x, 2, stride=2)", {"x": (3, 5, 4)}),
    ("fold", "F.fold(x, (5, 4), 3, padding=1)", {"x": (2, 18, 20)}),
    ("fold_args", "F.fold(x, (6, 5), (2, 3), dilation=(2, 1), padding=(1, 0), stride=(1, 2))",
     {"x": (1, 12, 12)}),
    ("fold_unbatched", "F.fold(x, 4, 2, stride=2)", {"x": (8, 4)}),
]

PADVIS_MODULES = [
    ("m_zeropad1d", "nn.ZeroPad1d((1, 2))", {"x": V1}),
    ("m_zeropad2d", "nn.ZeroPad2d(1)", {"x": V2}),
    ("m_zeropad3d", "nn.ZeroPad3d((1, 0, 0, 1, 1, 0))", {"x": V3}),
    ("m_constpad1d", "nn.ConstantPad1d(2, 3.5)", {"x": V1}),
    ("m_constpad2d", "nn.ConstantPad2d((1, 0, 2, -1), -1.0)", {"x": V2}),
    ("m_constpad3d", "nn.ConstantPad3d(1, 0.5)", {"x": V3}),
    ("m_reflpad1d", "nn.ReflectionPad1d(3)", {"x": V1}),
    ("m_reflpad2d", "nn.ReflectionPad2d((1, 2, 3, 0))", {"x": V2}),
    ("m_reflpad3d", "nn.ReflectionPad3d(1)", {"x": V3}),
    ("m_replpad1d", "nn.ReplicationPad1d((4, 1))", {"x": V1}),
    ("m_replpad2d", "nn.ReplicationPad2d(2)", {"x": V2}),
    ("m_replpad3d", "nn.ReplicationPad3d((0, 1, 2, 0, 1, 1))", {"x": V3}),
    ("m_circpad1d", "nn.CircularPad1d(2)", {"x": V1}),
    ("m_circpad2d", "nn.CircularPad2d((1, 0, 2, 3))", {"x": V2}),
    ("m_circpad3d", "nn.CircularPad3d(1)", {"x": V3}),
    ("m_upsample_nearest", "nn.Upsample(scale_factor=2)", {"x": V2}),
    ("m_upsample_bilinear", "nn.Upsample(size=(7, 3), mode='bilinear')", {"x": V2}),
    ("m_upsample_bicubic_ac", "nn.Upsample(scale_factor=(1.5, 2.0), mode='bicubic', "
     "align_corners=True)", {"x": V2}),
    ("m_upsample_trilinear", "nn.Upsample(scale_factor=1.5, mode='trilinear')", {"x": V3}),
    ("m_upsampling_nearest2d", "nn.UpsamplingNearest2d(size=(7, 9))", {"x": V2}),
    ("m_upsampling_bilinear2d", "nn.UpsamplingBilinear2d(scale_factor=1.5)", {"x": V2}),
    ("m_pixelshuffle", "nn.PixelShuffle(2)", {"x": (2, 8, 3, 2)}),
    ("m_pixelunshuffle", "nn.PixelUnshuffle(2)", {"x": (2, 3, 4, 6)}),
    ("m_unfold", "nn.Unfold(kernel_size=(2, 3), padding=1, stride=2)", {"x": V2}),
    ("m_fold", "nn.Fold(output_size=(4, 5), kernel_size=2, dilation=(1, 2))",
     {"x": (2, 12, 9)}),
]

PADVIS_REPRS = [
    "nn.ZeroPad1d(2)", "nn.ZeroPad2d((1, 2, 3, 4))", "nn.ZeroPad3d(1)", "nn.ConstantPad1d(2, 3)",
    "nn.ConstantPad2d((1, 1, 2, 2), 0.5)", "nn.ConstantPad3d(1, -1.0)", "nn.ReflectionPad1d(2)",
    "nn.ReflectionPad2d((1, 0, 2, 1))", "nn.ReflectionPad3d(1)", "nn.ReplicationPad1d((1, 2))",
    "nn.ReplicationPad2d(3)", "nn.ReplicationPad3d(2)", "nn.CircularPad1d(1)",
    "nn.CircularPad2d((1, 2, 3, 4))", "nn.CircularPad3d(2)", "nn.Upsample(scale_factor=2)",
    "nn.Upsample(size=(4, 5), mode='bilinear', align_corners=True)",
    "nn.Upsample(scale_factor=(2, 3), mode='nearest-exact')", "nn.Upsample(size=7)",
    "nn.UpsamplingNearest2d(scale_factor=2)", "nn.UpsamplingBilinear2d(size=(3, 4))",
    "nn.PixelShuffle(3)", "nn.PixelUnshuffle(2)", "nn.Unfold(kernel_size=(2, 3))",
    "nn.Unfold(3, dilation=2, padding=1, stride=2)", "nn.Fold(output_size=(4, 5), kernel_size=2)",
    "nn.Fold((4, 5), (2, 3), 1, (0, 1), 2)",
    "nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(3, 8, 3), nn.Upsample(scale_factor=2.0), "
    "nn.PixelShuffle(2))",
]

V8 = dict(_N, shape=(1, 2, 4, 4))
PADVIS_ERRORS = [
    ("e_pad_odd", "F.pad(x, (1,))", {"x": V8}),
    ("e_pad_too_long", "F.pad(x, (1,) * 10)", {"x": V8}),
    ("e_pad_mode", "F.pad(x, (1, 1), mode='foo')", {"x": V8}),
    ("e_pad_value_reflect", "F.pad(x, (1, 1), mode='reflect', value=1)", {"x": V8}),
    ("e_pad_nonconst_dims", "F.pad(x, (1, 1), mode='reflect')", {"x": V8}),
    ("e_pad_nonconst_1d", "F.pad(x, (1, 1), mode='replicate')", {"x": dict(_N, shape=(4,))}),
    ("e_pad_reflect_big", "F.pad(x, (1, 1, 4, 1), mode='reflect')", {"x": V8}),
    ("e_pad_reflect_big_w", "F.pad(x, (5, 1), mode='reflect')", {"x": dict(_N, shape=(1, 1, 5))}),
    ("e_pad_reflect_big_3d", "F.pad(x, (0, 0, 0, 0, 3, 1), mode='reflect')",
     {"x": dict(_N, shape=(1, 3, 3, 3))}),
    ("e_pad_reflect_small", "F.pad(x, (-4, 1), mode='reflect')", {"x": dict(_N, shape=(1, 3, 3))}),
    ("e_pad_reflect_small2d", "F.pad(x, (-1, -1, -1, -1), mode='reflect')",
     {"x": dict(_N, shape=(1, 2, 2))}),
    ("e_pad_replicate_small", "F.pad(x, (-4, -2), mode='replicate')",
     {"x": dict(_N, shape=(1, 3, 3))}),
    ("e_pad_replicate_small2d", "F.pad(x, (-1, -1, -1, -1), mode='replicate')",
     {"x": dict(_N, shape=(1, 1, 2, 2))}),
    ("e_pad_replicate_small3d", "F.pad(x, (-1, -1, -1, -1, -1, -1), mode='replicate')",
     {"x": dict(_N, shape=(1, 2, 2, 2))}),
    ("e_pad_reflect_small3d", "F.pad(x, (-1, -1, -1, -1, -1, -1), mode='reflect')",
     {"x": dict(_N, shape=(1, 2, 2, 2))}),
    ("e_pad_reflect_empty", "F.pad(x, (1, 1), mode='reflect')", {"x": dict(_N, shape=(3, 0, 4))}),
    ("e_pad_circular_wrap", "F.pad(x, (6, 2), mode='circular')", {"x": dict(_N, shape=(1, 1, 5))}),
    ("e_pad_circular_empty", "F.pad(x, (-1, -1, -1, -1), mode='circular')",
     {"x": dict(_N, shape=(1, 1, 5))}),
    ("e_pad_narrow", "F.pad(x, (-4, 0))", {"x": dict(_N, shape=(3, 3))}),
    ("e_pad_float", "F.pad(x, (1.5, 1))", {"x": V8}),
    ("e_pad_int", "F.pad(x, 1)", {"x": V8}),
    ("e_pad_value_str", "F.pad(x, (1, 1), value='a')", {"x": V8}),
    ("e_pad_uint8_overflow", "F.pad(x.to(torch.uint8), (1, 1), value=-1)", {"x": V8}),
    ("e_m_circular_dims", "nn.CircularPad2d(1)(x)", {"x": dict(_N, shape=(2, 3))}),
    ("e_m_circular1d_dims", "nn.CircularPad1d(1)(x)", {"x": V8}),
    ("e_m_zeropad_dims", "nn.ZeroPad2d(2)(x)", {"x": dict(_N, shape=(3,))}),
    ("e_m_reflection_dims", "nn.ReflectionPad2d(2)(x)", {"x": dict(_N, shape=(2, 3))}),
    ("e_interp_both", "F.interpolate(x, size=3, scale_factor=2)", {"x": V8}),
    ("e_interp_none", "F.interpolate(x)", {"x": V8}),
    ("e_interp_size_len", "F.interpolate(x, size=(3,))", {"x": V8}),
    ("e_interp_scale_len", "F.interpolate(x, scale_factor=(2, 2, 2))", {"x": V8}),
    ("e_interp_size_type", "F.interpolate(x, size=(3, 2.5))", {"x": V8}),
    ("e_interp_align_nearest", "F.interpolate(x, size=3, align_corners=True)", {"x": V8}),
    ("e_interp_recompute_size", "F.interpolate(x, size=3, recompute_scale_factor=True)",
     {"x": V8}),
    ("e_interp_linear_4d", "F.interpolate(x, size=3, mode='linear')", {"x": V8}),
    ("e_interp_bilinear_3d", "F.interpolate(x, size=3, mode='bilinear')",
     {"x": dict(_N, shape=(1, 2, 4))}),
    ("e_interp_trilinear_4d", "F.interpolate(x, size=3, mode='trilinear')", {"x": V8}),
    ("e_interp_bicubic_5d", "F.interpolate(x, size=3, mode='bicubic')",
     {"x": dict(_N, shape=(1, 1, 2, 2, 2))}),
    ("e_interp_2d_input", "F.interpolate(x, size=3)", {"x": dict(_N, shape=(2, 4))}),
    ("e_interp_mode", "F.interpolate(x, size=3, mode='cubic')", {"x": V8}),
    ("e_interp_antialias", "F.interpolate(x, size=3, mode='nearest', antialias=True)", {"x": V8}),
    ("e_interp_zero", "F.interpolate(x, size=(0, 3))", {"x": V8}),
    ("e_interp_zero_bilinear", "F.interpolate(x, scale_factor=0.1, mode='bilinear')", {"x": V8}),
    ("e_interp_int_bilinear", "F.interpolate(x.long(), scale_factor=2, mode='bilinear')",
     {"x": V8}),
    ("e_interp_int_nearest1d", "F.interpolate(x.long(), scale_factor=2)",
     {"x": dict(_N, shape=(1, 2, 4))}),
    ("e_interp_int_nearest2d", "F.interpolate(x.int(), scale_factor=2)", {"x": V8}),
    ("e_interp_int_bicubic", "F.interpolate(x.long(), scale_factor=2, mode='bicubic')",
     {"x": V8}),
    ("e_interp_int_aa", "F.interpolate(x.long(), scale_factor=0.5, mode='bilinear', "
     "antialias=True)", {"x": V8}),
    ("e_interp_lanczos_ac", "F.interpolate(x, scale_factor=0.5, mode='lanczos', "
     "align_corners=True, antialias=True)", {"x": V8}),
    ("e_interp_lanczos_noaa", "F.interpolate(x, scale_factor=0.5, mode='lanczos')", {"x": V8}),
    ("e_interp_lanczos_3d", "F.interpolate(x, scale_factor=0.5, mode='lanczos')",
     {"x": dict(_N, shape=(1, 2, 4))}),
    ("e_interp_bicubic_3d", "F.interpolate(x, size=3, mode='bicubic')",
     {"x": dict(_N, shape=(1, 2, 4))}),
    ("e_shuffle_dims", "F.pixel_shuffle(x, 2)", {"x": dict(_N, shape=(4, 4))}),
    ("e_shuffle_channels", "F.pixel_shuffle(x, 2)", {"x": dict(_N, shape=(1, 5, 2, 2))}),
    ("e_shuffle_zero", "F.pixel_shuffle(x, 0)", {"x": V8}),
    ("e_unshuffle_h", "F.pixel_unshuffle(x, 3)", {"x": dict(_N, shape=(1, 1, 5, 6))}),
    ("e_unshuffle_w", "F.pixel_unshuffle(x, 2)", {"x": dict(_N, shape=(1, 1, 4, 5))}),
    ("e_unshuffle_dims", "F.pixel_unshuffle(x, 2)", {"x": dict(_N, shape=(4, 4))}),
    ("e_affine_shape", "F.affine_grid(t, (1, 2, 3, 4), align_corners=False)",
     {"t": dict(_N, shape=(1, 3, 3))}),
    ("e_affine_size", "F.affine_grid(t, (1, 2, 3), align_corners=False)",
     {"t": dict(_N, shape=(1, 2, 3))}),
    ("e_affine_int", "F.affine_grid(t.long(), (1, 2, 3, 4), align_corners=False)",
     {"t": dict(_N, shape=(1, 2, 3))}),
    ("e_affine_batch", "F.affine_grid(t, (2, 2, 3, 4), align_corners=False)",
     {"t": dict(_N, shape=(1, 2, 3))}),
    ("e_grid_mode", "F.grid_sample(x, g, mode='area', align_corners=False)",
     {"x": V8, "g": dict(_N, shape=(1, 2, 2, 2))}),
    ("e_grid_padding", "F.grid_sample(x, g, padding_mode='wrap', align_corners=False)",
     {"x": V8, "g": dict(_N, shape=(1, 2, 2, 2))}),
    ("e_grid_batch", "F.grid_sample(x, g, align_corners=False)",
     {"x": V8, "g": dict(_N, shape=(2, 2, 2, 2))}),
    ("e_grid_last", "F.grid_sample(x, g, align_corners=False)",
     {"x": V8, "g": dict(_N, shape=(1, 2, 2, 3))}),
    ("e_grid_dtype", "F.grid_sample(x, g.double(), align_corners=False)",
     {"x": V8, "g": dict(_N, shape=(1, 2, 2, 2))}),
    ("e_unfold_dims", "F.unfold(x, 2)", {"x": dict(_N, shape=(4, 4))}),
    ("e_unfold_big", "F.unfold(x, 5)", {"x": dict(_N, shape=(1, 2, 4, 3))}),
    ("e_unfold_kernel0", "F.unfold(x, 0)", {"x": V8}),
    ("e_unfold_stride0", "F.unfold(x, 2, stride=0)", {"x": V8}),
    ("e_unfold_dil0", "F.unfold(x, 2, dilation=(1, 0))", {"x": V8}),
    ("e_unfold_neg_pad", "F.unfold(x, 2, padding=-1)", {"x": V8}),
    ("e_unfold_len", "F.unfold(x, (2, 2, 2))", {"x": V8}),
    ("e_fold_dims", "F.fold(x, 4, 2)", {"x": dict(_N, shape=(8,))}),
    ("e_fold_divisible", "F.fold(x, 4, 2)", {"x": dict(_N, shape=(1, 7, 9))}),
    ("e_fold_blocks", "F.fold(x, 4, 2)", {"x": dict(_N, shape=(1, 8, 8))}),
    ("e_fold_invalid", "F.fold(x, (1, 4), 2)", {"x": dict(_N, shape=(1, 8, 0))}),
    ("e_fold_output_len", "F.fold(x, (4, 4, 4), 2)", {"x": dict(_N, shape=(1, 8, 9))}),
    ("e_fold_stride0", "F.fold(x, 4, 2, stride=0)", {"x": dict(_N, shape=(1, 8, 9))}),
]
