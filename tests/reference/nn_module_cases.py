"""nn.Module / containers / Linear parity scenarios, shared by the generator (real torch) and
the tests (jtorch).

Each scenario is a function `f(torch)` that builds modules with the library it is given and
returns a JSON-like structure (str, int, float, bool, None, lists/tuples, dicts with str keys,
tensors). The generator stores what real PyTorch returns; the tests run the same function with
jtorch and compare: strings (reprs, error messages) exactly, tensors by value, dtype and shape.
Scenarios must not depend on random initial values: those that look at values set every
parameter from numpy with `set_params` (through load_state_dict, as PyTorch users do).
"""
import copy
import io
import pickle
from collections import OrderedDict

import numpy as np

MODULE, CONTAINERS, LINEAR = {}, {}, {}
NUMERIC = set()  # scenarios run in both execution modes (deferred and eager); the others
#                  run deferred only (their tensors are compared all the same)


def case(group, numeric=False):
    def deco(fn):
        group[fn.__name__] = fn
        if numeric:
            NUMERIC.add(fn.__name__)
        return fn
    return deco


# ---- helpers (library-agnostic) -------------------------------------------------------------
def arr(torch, seed, *shape, dtype=None, requires_grad=False):
    """A deterministic float tensor from numpy (float32 unless dtype is given)."""
    a = np.random.default_rng(seed).uniform(-1, 1, shape)
    return torch.tensor(a, dtype=dtype or torch.float32, requires_grad=requires_grad)


def set_params(torch, model, seed):
    """Give every floating entry of model.state_dict() deterministic values via
    load_state_dict (identical weights in torch and jtorch)."""
    sd = model.state_dict()
    new = OrderedDict()
    for k, (name, v) in enumerate(sd.items()):
        if v.dtype.is_floating_point:
            new[name] = arr(torch, seed * 1000 + k, *v.shape, dtype=v.dtype)
        else:
            new[name] = v
    model.load_state_dict(new)
    return model


def err(fn):
    """[exception type name, message] raised by fn(), or 'no error'."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the exception itself is what is compared
        return [type(e).__name__, str(e)]
    return "no error"


def names(pairs):
    return [n for n, _ in pairs]


def tname(x):
    return type(x).__name__


def make_net(torch):
    """A small nested model with buffers used by several scenarios (its classes are
    module-level names, per library, so that the model pickles)."""
    key = "Net_" + torch.__name__
    if key not in globals():
        _define_net(torch)
    return globals()[key]()


def _define_net(torch):
    nn = torch.nn

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(3, 3)
            self.register_buffer("scale", torch.ones(3))
            self.register_buffer("tmp", torch.zeros(3), persistent=False)

        def forward(self, x):
            return self.fc(x) * self.scale

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.linear = nn.Linear(2, 3)
            self.block = Block()
            self.head = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2, bias=False))
            self.register_buffer("steps", torch.tensor(0))

        def forward(self, x):
            return self.head(self.block(self.linear(x)))

    for cls in (Block, Net):
        cls.__qualname__ = f"{cls.__name__}_{torch.__name__}"
        globals()[cls.__qualname__] = cls


# ================================ Module ====================================================
@case(MODULE)
def registration_by_assignment(torch):
    nn = torch.nn
    m = nn.Module()
    m.a = nn.Parameter(torch.zeros(2))
    m.sub = nn.Linear(1, 1)
    m.register_buffer("b", torch.ones(1))
    m.x = 3
    m.t = torch.zeros(1)  # a plain tensor attribute is not registered
    out = {"params": list(m._parameters), "buffers": list(m._buffers),
           "modules": list(m._modules), "x_in_dict": "x" in m.__dict__,
           "t_in_dict": "t" in m.__dict__}
    m.a = None  # a parameter slot set to None stays registered
    out["a_none"] = [list(m._parameters), m.a is None]
    m.b = torch.full((2,), 5.0)  # assigning a tensor to a buffer name replaces the buffer
    out["b_replaced"] = [list(m._buffers), m.b.tolist()]
    m.sub = nn.Linear(2, 2)
    out["sub_replaced"] = m.sub.in_features
    m.sub = None
    out["sub_none"] = [list(m._modules), m.sub is None]
    m.sub = nn.Parameter(torch.ones(1))  # a Parameter replaces a module of the same name
    out["sub_to_param"] = [list(m._parameters), list(m._modules)]
    out["module_over_param"] = err(lambda: setattr(m, "sub", nn.Linear(1, 1)))
    out["tensor_over_param"] = err(lambda: setattr(m, "sub", torch.zeros(1)))
    m.a = nn.Parameter(torch.ones(1))  # a Parameter into a None parameter slot
    out["a_param"] = [list(m._parameters), list(m._modules)]
    m.register_buffer("c", torch.ones(1))
    m.c = nn.Parameter(torch.ones(1))  # a Parameter replaces a buffer of the same name
    out["buffer_to_param"] = [list(m._parameters), list(m._buffers)]
    m.d = nn.Linear(1, 1)
    m.d = nn.Parameter(torch.ones(1))
    m.d = None  # now a parameter slot
    out["param_none_again"] = [list(m._parameters), list(m._modules)]
    m.e = nn.Linear(1, 1)
    m.register_buffer("f", torch.ones(1))
    out["module_over_buffer"] = err(lambda: setattr(m, "f", nn.Linear(1, 1)))
    out["state"] = [list(m._parameters), list(m._buffers), list(m._modules)]
    del m.a
    del m.b
    del m.sub
    del m.x
    out["after_del"] = [list(m._parameters), list(m._buffers), list(m._modules),
                        hasattr(m, "a"), hasattr(m, "b"), hasattr(m, "x")]
    out["del_missing"] = err(lambda: delattr(m, "nothing"))
    return out


@case(MODULE)
def setattr_errors(torch):
    nn = torch.nn
    m = nn.Linear(2, 2)
    out = {"tensor_to_param": err(lambda: setattr(m, "weight", torch.zeros(2, 2))),
           "int_to_param": err(lambda: setattr(m, "bias", 3))}
    s = nn.Sequential(nn.Linear(1, 1))
    out["int_to_module"] = err(lambda: setattr(s, "0", 5))
    b = nn.Module()
    b.register_buffer("buf", torch.zeros(1))
    out["str_to_buffer"] = err(lambda: setattr(b, "buf", "x"))

    class Early(nn.Module):
        def __init__(self, what):
            if what == "param":
                self.p = nn.Parameter(torch.zeros(1))
            elif what == "module":
                self.m = nn.Linear(1, 1)
            elif what == "buffer":
                self.register_buffer("b", torch.zeros(1))
            elif what == "register_parameter":
                self.register_parameter("p", None)
            super().__init__()

    for what in ("param", "module", "buffer", "register_parameter"):
        out["early_" + what] = err(lambda: Early(what))
    return out


@case(MODULE)
def register_errors(torch):
    nn = torch.nn
    m = nn.Linear(2, 2)
    m.plain = 1
    p = nn.Parameter(torch.zeros(1))
    nonleaf = nn.Parameter(torch.zeros(1)) * 2
    out = {}
    out["param_name_int"] = err(lambda: m.register_parameter(1, p))
    out["param_name_dot"] = err(lambda: m.register_parameter("a.b", p))
    out["param_name_empty"] = err(lambda: m.register_parameter("", p))
    out["param_exists"] = err(lambda: m.register_parameter("plain", p))
    out["param_exists_forward"] = err(lambda: m.register_parameter("forward", p))
    out["param_not_parameter"] = err(lambda: m.register_parameter("q", torch.zeros(1)))
    out["param_nonleaf"] = err(lambda: m.register_parameter("q", nonleaf))
    out["param_reregister_ok"] = err(lambda: m.register_parameter("weight", p))
    out["buffer_name_int"] = err(lambda: m.register_buffer(1, torch.zeros(1)))
    out["buffer_name_dot"] = err(lambda: m.register_buffer("a.b", torch.zeros(1)))
    out["buffer_name_empty"] = err(lambda: m.register_buffer("", torch.zeros(1)))
    out["buffer_exists"] = err(lambda: m.register_buffer("plain", torch.zeros(1)))
    out["buffer_over_param"] = err(lambda: m.register_buffer("bias", torch.zeros(1)))
    out["buffer_not_tensor"] = err(lambda: m.register_buffer("q", [1.0]))
    out["buffer_none_ok"] = err(lambda: m.register_buffer("none_buf", None))
    out["module_not_module"] = err(lambda: m.add_module("q", 3))
    out["module_name_int"] = err(lambda: m.add_module(1, nn.Linear(1, 1)))
    out["module_name_dot"] = err(lambda: m.add_module("a.b", nn.Linear(1, 1)))
    out["module_name_empty"] = err(lambda: m.add_module("", nn.Linear(1, 1)))
    out["module_exists"] = err(lambda: m.add_module("plain", nn.Linear(1, 1)))
    out["module_over_param"] = err(lambda: m.add_module("weight", nn.Linear(1, 1)))
    out["register_module_alias"] = err(lambda: m.register_module("sub", nn.Linear(1, 1)))
    out["state"] = [list(m._parameters), list(m._buffers), list(m._modules)]
    out["buffer_persistent"] = sorted(m._non_persistent_buffers_set)
    m.register_buffer("np", torch.zeros(1), persistent=False)
    m.register_buffer("np2", torch.zeros(1), persistent=False)
    m.register_buffer("np2", torch.ones(1))  # re-registering as persistent
    out["non_persistent"] = sorted(m._non_persistent_buffers_set)
    out["ctor_kwargs"] = err(lambda: nn.Module(foo=1))
    out["ctor_args"] = err(lambda: nn.Module(1))
    return out


@case(MODULE)
def missing_attribute(torch):
    nn = torch.nn
    m = make_net(torch)
    return {"net": err(lambda: m.nothing), "linear": err(lambda: nn.Linear(1, 1).wieght),
            "seq": err(lambda: nn.Sequential().foo), "hasattr": hasattr(m, "nothing"),
            "getattr_default": getattr(m, "nothing", "dflt"),
            "forward_missing": err(lambda: nn.Module()(1))}


@case(MODULE)
def parameters_and_names(torch):
    nn = torch.nn
    m = make_net(torch)
    return {
        "named_parameters": names(m.named_parameters()),
        "prefix": names(m.named_parameters(prefix="model")),
        "no_recurse": names(m.named_parameters(recurse=False)),
        "block_no_recurse": names(m.block.named_parameters(recurse=False)),
        "parameters": [list(p.shape) for p in m.parameters()],
        "parameters_no_recurse": len(list(m.head.parameters(recurse=False))),
        "named_buffers": names(m.named_buffers()),
        "named_buffers_prefix": names(m.named_buffers(prefix="p", recurse=True)),
        "buffers_no_recurse": [tname(b) for b in m.buffers(recurse=False)],
        "named_children": names(m.named_children()),
        "children": [tname(c) for c in m.children()],
        "named_modules": names(m.named_modules()),
        "named_modules_prefix": names(m.named_modules(prefix="root")),
        "named_modules_memo": names(m.named_modules(memo={m.block}, prefix="r")),
        "named_modules_memo_dup": names(m.named_modules(memo={m.head[0]},
                                                        remove_duplicate=False)),
        "modules": [tname(c) for c in m.modules()],
        "generator": tname(m.parameters()),
        "is_parameter": [isinstance(p, nn.Parameter) for p in m.parameters()],
        "requires_grad": [p.requires_grad for p in m.parameters()],
        "numel": sum(p.numel() for p in m.parameters()),
        "dir_has": [k in dir(m) for k in ("linear", "steps", "forward", "training")],
    }


@case(MODULE)
def shared_parameters_and_modules(torch):
    nn = torch.nn

    class Tied(nn.Module):
        def __init__(self):
            super().__init__()
            self.enc = nn.Linear(3, 3)
            self.dec = nn.Linear(3, 3)
            self.dec.weight = self.enc.weight
            shared = nn.Linear(2, 2)
            self.a = shared
            self.b = shared
            self.seq = nn.Sequential(shared, nn.Linear(2, 2), shared)
            self.register_buffer("buf", torch.zeros(1))
            self.other = nn.Module()
            self.other.buf = self.buf  # the same tensor assigned as a plain attribute
            self.other.register_buffer("buf2", self.buf)

        def forward(self, x):
            return x

    m = Tied()
    return {
        "named_parameters": names(m.named_parameters()),
        "named_parameters_dup": names(m.named_parameters(remove_duplicate=False)),
        "parameters": len(list(m.parameters())),
        "named_buffers": names(m.named_buffers()),
        "named_buffers_dup": names(m.named_buffers(remove_duplicate=False)),
        "named_modules": names(m.named_modules()),
        "named_modules_dup": names(m.named_modules(remove_duplicate=False)),
        "named_children": names(m.named_children()),
        "seq_children": len(list(m.seq.children())),
        "state_dict": list(m.state_dict()),
        "same_in_state_dict": m.state_dict(keep_vars=True)["dec.weight"] is m.enc.weight,
        "repr": repr(m),
    }


@case(MODULE)
def state_dict_keys_and_metadata(torch):
    nn = torch.nn
    m = make_net(torch)
    sd = m.state_dict()
    out = {
        "keys": list(sd),
        "type": tname(sd),
        "metadata": [[k, v] for k, v in sd._metadata.items()],
        "values_types": [tname(v) for v in sd.values()],
        "requires_grad": [v.requires_grad for v in sd.values()],
        "shapes": [list(v.shape) for v in sd.values()],
        "dtypes": [str(v.dtype) for v in sd.values()],
        "keep_vars_types": [tname(v) for v in m.state_dict(keep_vars=True).values()],
        "keep_vars_same": [v is p for v, p in zip(m.state_dict(keep_vars=True).values(),
                                                  list(m.parameters()))],
        "prefix": list(m.block.state_dict(prefix="x.")),
        "prefix_metadata": list(m.block.state_dict(prefix="x.")._metadata),
        "child": list(m.head.state_dict()),
        "no_params": list(nn.Module().state_dict()),
    }
    dest = OrderedDict()
    r = m.head.state_dict(destination=dest, prefix="h.")
    out["destination"] = [r is dest, list(dest)]
    m.linear.bias = None
    out["none_param_skipped"] = list(m.state_dict())
    return out


@case(MODULE, numeric=True)
def state_dict_aliasing(torch):
    nn = torch.nn

    class LinReg(nn.Module):
        def __init__(self, i, o):
            super().__init__()
            self.linear = nn.Linear(i, o)

        def forward(self, x):
            return self.linear(x)

    model = LinReg(1, 1)
    model.state_dict()["linear.weight"][0] = -15
    model.state_dict()["linear.bias"][0] = -10
    x = torch.tensor([[1.0], [2.0], [-1.5]])
    y = model(x)
    out = {"weight": model.linear.weight.detach(), "bias": model.linear.bias.detach(),
           "y": y.detach(), "state": model.state_dict()["linear.weight"]}
    loss = ((y - 1.0) ** 2).mean()
    loss.backward()
    out["grad_w"] = model.linear.weight.grad
    out["grad_b"] = model.linear.bias.grad
    sd = model.state_dict()
    with torch.no_grad():
        model.linear.weight.add_(1.0)  # the saved entry sees later in-place updates too
    out["sd_after_update"] = sd["linear.weight"]
    sd["linear.bias"].fill_(0.5)
    out["bias_after_fill"] = model.linear.bias.detach()

    net = nn.Sequential(nn.Linear(2, 1))
    net[0].weight.data.normal_(0, 0.01)
    net[0].bias.data.fill_(0)
    w = net[0].weight
    out["data_init"] = [net[0].bias.detach(), bool((w.abs() < 0.1).all()),
                        w.requires_grad, tname(w), net[0].weight is w]
    net[0].weight.data = torch.ones(1, 2)
    out["data_assign"] = [net[0].weight.detach(), net[0].weight is w,
                          net(torch.ones(3, 2)).detach()]
    return out


@case(MODULE, numeric=True)
def load_state_dict_results(torch):
    nn = torch.nn
    m = set_params(torch, make_net(torch), 1)
    src = set_params(torch, make_net(torch), 2)
    out = {"ok": repr(m.load_state_dict(src.state_dict())),
           "ok_type": tname(m.load_state_dict(src.state_dict())),
           "values": m.linear.weight.detach(), "buffer": m.block.scale}
    r = m.load_state_dict(src.state_dict())
    out["fields"] = [r.missing_keys, r.unexpected_keys, list(r)]
    partial = src.state_dict()
    del partial["head.0.bias"]
    del partial["steps"]
    partial["extra.weight"] = torch.zeros(1)
    partial["block.fc.extra"] = torch.zeros(1)
    partial["linear.weight.sub"] = torch.zeros(1)
    partial["head"] = torch.zeros(1)
    partial["block.fc"] = torch.zeros(1)
    r = m.load_state_dict(partial, strict=False)
    out["non_strict"] = [repr(r), str(r), r.missing_keys, r.unexpected_keys]
    out["non_strict_empty"] = repr(nn.Linear(2, 3).load_state_dict({}, strict=False))
    out["strict_missing"] = err(lambda: m.load_state_dict(partial))
    only_missing = src.state_dict()
    del only_missing["linear.bias"]
    out["strict_only_missing"] = err(lambda: m.load_state_dict(only_missing))
    unexpected = src.state_dict()
    unexpected["foo"] = torch.zeros(1)
    out["strict_unexpected"] = err(lambda: m.load_state_dict(unexpected))
    bad = src.state_dict()
    bad["linear.weight"] = torch.zeros(4, 2)
    bad["head.1.weight"] = torch.zeros(2)
    out["size_mismatch"] = err(lambda: m.load_state_dict(bad))
    out["size_mismatch_non_strict"] = err(lambda: m.load_state_dict(bad, strict=False))
    bad["extra"] = torch.zeros(1)
    del bad["steps"]
    out["everything_wrong"] = err(lambda: m.load_state_dict(bad))
    not_tensor = src.state_dict()
    not_tensor["linear.bias"] = [1.0, 2.0, 3.0]
    out["not_tensor"] = err(lambda: m.load_state_dict(not_tensor))
    out["not_mapping"] = err(lambda: m.load_state_dict([("linear.weight", torch.zeros(3, 2))]))
    out["plain_dict"] = repr(nn.Linear(1, 2).load_state_dict(
        {"weight": torch.ones(2, 1), "bias": torch.zeros(2)}))
    # dtype is converted to the model's dtype on copy
    lin = nn.Linear(2, 1)
    lin.load_state_dict({"weight": torch.tensor([[1.0, 2.0]], dtype=torch.float64),
                         "bias": torch.tensor([3], dtype=torch.int64)})
    out["cast"] = [lin.weight.detach(), lin.bias.detach()]
    return out


@case(MODULE)
def load_state_dict_copies_and_assign(torch):
    nn = torch.nn
    lin = nn.Linear(2, 2)
    w_obj = lin.weight
    sd = {"weight": torch.ones(2, 2), "bias": torch.zeros(2)}
    lin.load_state_dict(sd)
    sd["weight"].fill_(7.0)  # the model holds a copy, not the checkpoint's tensor
    out = {"copy": [lin.weight is w_obj, lin.weight.detach(), tname(lin.weight),
                    lin.weight.requires_grad]}
    lin2 = nn.Linear(2, 2)
    w2 = lin2.weight
    new_w = torch.full((2, 2), 3.0)
    lin2.load_state_dict({"weight": new_w, "bias": torch.zeros(2)}, assign=True)
    out["assign"] = [lin2.weight is w2, tname(lin2.weight), lin2.weight.requires_grad,
                     lin2.weight.detach(), lin2.weight.is_leaf]
    lin3 = nn.Linear(2, 2)
    lin3.weight.requires_grad_(False)
    lin3.load_state_dict({"weight": torch.ones(2, 2), "bias": torch.zeros(2)}, assign=True)
    out["assign_keeps_requires_grad"] = [lin3.weight.requires_grad, lin3.bias.requires_grad]
    m = nn.Module()
    m.register_buffer("b", torch.zeros(2))
    nb = torch.ones(2)
    m.load_state_dict({"b": nb}, assign=True)
    out["assign_buffer"] = [m.b is nb, m.b.detach()]
    lin4 = nn.Linear(2, 2)
    lin4.bias.requires_grad_(False)
    pw = nn.Parameter(torch.ones(2, 2))
    pb = nn.Parameter(torch.ones(2))
    lin4.load_state_dict({"weight": pw, "bias": pb}, assign=True)
    out["assign_parameter"] = [lin4.weight is pw, lin4.bias is pb, pb.requires_grad]
    scalar = nn.Module()
    scalar.p = nn.Parameter(torch.tensor(1.0))
    scalar.load_state_dict({"p": torch.tensor([5.0])})  # PyTorch 0.3 checkpoints
    out["old_scalar"] = scalar.p.detach()
    nonleaf_buf = nn.Module()
    nonleaf_buf.register_buffer("b", torch.zeros(2))
    src = torch.ones(2, requires_grad=True) * 3
    nonleaf_buf.load_state_dict({"b": src}, assign=True)
    out["assign_nonleaf_buffer"] = [nonleaf_buf.b is src, nonleaf_buf.b.requires_grad]
    return out


@case(MODULE)
def load_state_dict_hooks(torch):
    nn = torch.nn
    log = []
    m = nn.Sequential(nn.Linear(1, 1))

    def post(module, keys):
        log.append(["post", tname(module), list(keys.missing_keys), list(keys.unexpected_keys)])

    def pre(module, state_dict, prefix, local_metadata, strict, missing, unexpected, errors):
        log.append(["pre", tname(module), prefix, sorted(local_metadata), strict])

    h1 = m.register_load_state_dict_post_hook(post)
    h2 = m[0].register_load_state_dict_pre_hook(pre)
    m.load_state_dict({"0.weight": torch.ones(1, 1), "0.bias": torch.ones(1)})
    m.load_state_dict({"0.weight": torch.ones(1, 1)}, strict=False)
    h1.remove()
    h2.remove()
    m.load_state_dict({"0.weight": torch.ones(1, 1), "0.bias": torch.ones(1)})

    def sd_post(module, state_dict, prefix, local_metadata):
        state_dict[prefix + "added"] = torch.zeros(1)

    m[0].register_state_dict_post_hook(sd_post)
    m.register_state_dict_pre_hook(
        lambda module, prefix, keep_vars: log.append(["sd_pre", tname(module), prefix,
                                                      keep_vars]))
    log.append(list(m.state_dict(keep_vars=True)))
    return {"log": log}


@case(MODULE)
def extra_state(torch):
    nn = torch.nn

    class Counter(nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = nn.Linear(1, 1)
            self.count = 0

        def get_extra_state(self):
            return {"count": self.count}

        def set_extra_state(self, state):
            self.count = state["count"]

    m = nn.Sequential(Counter())
    m[0].count = 7
    sd = m.state_dict()
    out = {"keys": list(sd), "extra": sd["0._extra_state"]}
    fresh = nn.Sequential(Counter())
    r = fresh.load_state_dict(sd)
    out["loaded"] = [repr(r), fresh[0].count]
    del sd["0._extra_state"]
    out["missing"] = err(lambda: fresh.load_state_dict(sd))
    out["non_strict"] = repr(fresh.load_state_dict(sd, strict=False))
    plain = nn.Sequential(nn.Linear(1, 1))
    out["unexpected"] = err(lambda: plain.load_state_dict(
        {"0.weight": torch.ones(1, 1), "0.bias": torch.ones(1), "0._extra_state": 3}))
    out["get_default"] = err(lambda: nn.Linear(1, 1).get_extra_state())
    return out


@case(MODULE)
def frozen_parameters(torch):
    nn = torch.nn
    m = set_params(torch, nn.Sequential(nn.Linear(3, 3), nn.Linear(3, 1)), 15)
    for p in m[0].parameters():
        p.requires_grad = False
    x = arr(torch, 16, 4, 3)
    y = m(x)
    y.sum().backward()
    out = {"grads": [p.grad is None for p in m.parameters()], "w1": m[1].weight.grad,
           "y_rg": y.requires_grad, "trainable": [n for n, p in m.named_parameters()
                                                  if p.requires_grad]}
    m.requires_grad_(False)
    y = m(x)
    out["none_rg"] = [y.requires_grad, y.grad_fn is None]
    with torch.no_grad():
        m.requires_grad_(True)
        y = m(x)
    out["no_grad"] = [y.requires_grad, y.detach()]
    return out


@case(MODULE)
def train_eval(torch):
    nn = torch.nn
    m = make_net(torch)
    flags = lambda: [x.training for x in m.modules()]  # noqa: E731
    out = {"default": flags()}
    r = m.eval()
    out["eval"] = [flags(), r is m]
    m.block.train()
    out["partial"] = flags()
    r = m.train()
    out["train"] = [flags(), r is m]
    m.train(False)
    out["train_false"] = flags()
    out["bad_mode"] = err(lambda: m.train("yes"))
    out["bad_mode_int"] = err(lambda: m.train(1))
    return out


@case(MODULE)
def requires_grad_and_zero_grad(torch):
    nn = torch.nn
    m = set_params(torch, make_net(torch), 3)
    r = m.requires_grad_(False)
    out = {"off": [p.requires_grad for p in m.parameters()], "returns": r is m}
    m.head.requires_grad_()
    out["head_on"] = [p.requires_grad for p in m.parameters()]
    m.requires_grad_(True)
    x = arr(torch, 5, 4, 2)
    m(x).sum().backward()
    out["grads"] = [p.grad for p in m.parameters()]
    m.zero_grad(set_to_none=False)
    out["zero_false"] = [p.grad for p in m.parameters()]
    out["zero_false_grad_rg"] = [p.grad.requires_grad for p in m.parameters()]
    m(x).sum().backward()
    m.zero_grad()
    out["zero_default"] = [p.grad is None for p in m.parameters()]
    m(x).sum().backward()
    m.head.zero_grad(set_to_none=True)
    out["zero_head"] = [p.grad is None for p in m.parameters()]
    return out


@case(MODULE)
def apply_order(torch):
    nn = torch.nn
    m = make_net(torch)
    visited = []
    r = m.apply(lambda mod: visited.append(tname(mod)))

    def init(mod):
        if type(mod) == nn.Linear:
            nn.init.constant_(mod.weight, 0.5)

    m.apply(init)
    return {"order": visited, "returns": r is m,
            "weights": [bool((l.weight == 0.5).all()) for l in m.modules()
                        if isinstance(l, nn.Linear)]}


@case(MODULE)
def dtype_and_device_conversion(torch):
    nn = torch.nn
    m = set_params(torch, make_net(torch), 4)
    params = list(m.parameters())
    dtypes = lambda: [str(t.dtype) for t in m.state_dict().values()]  # noqa: E731
    m(arr(torch, 1, 2, 2)).sum().backward()
    out = {}
    r = m.double()
    out["double"] = [dtypes(), r is m, [a is b for a, b in zip(params, m.parameters())],
                     [str(p.grad.dtype) for p in m.parameters()]]
    out["double_is_param"] = [tname(p) for p in m.parameters()]
    out["double_requires_grad"] = [p.requires_grad for p in m.parameters()]
    out["double_leaf"] = [p.is_leaf for p in m.parameters()]
    out["double_forward"] = m(arr(torch, 1, 2, 2, dtype=torch.float64)).detach()
    m.half()
    out["half"] = dtypes()
    m.bfloat16()
    out["bfloat16"] = dtypes()
    m.float()
    out["float"] = [dtypes(), [a is b for a, b in zip(params, m.parameters())]]
    out["float_values"] = m.linear.weight.detach()
    m.to(torch.float64)
    out["to_dtype"] = dtypes()
    m.to("cpu", torch.float32)
    out["to_device_dtype"] = dtypes()
    m.to(dtype=torch.float16)
    out["to_kw"] = dtypes()
    m.to(torch.zeros(1, dtype=torch.float64))
    out["to_tensor"] = dtypes()
    r = m.to("cpu")
    out["to_cpu"] = [r is m, str(m.linear.weight.device), dtypes()]
    r = m.to(torch.device("cpu"))
    out["to_device_obj"] = r is m
    r = m.cpu()
    out["cpu"] = [r is m, str(m.linear.weight.device)]
    out["to_int"] = err(lambda: m.to(torch.int32))
    out["same"] = [a is b for a, b in zip(params, m.parameters())]
    m.type(torch.float32)
    out["type"] = dtypes()
    return out


@case(MODULE)
def submodule_access(torch):
    nn = torch.nn
    m = make_net(torch)
    out = {
        "get": tname(m.get_submodule("head.1")),
        "get_self": m.get_submodule("") is m,
        "get_missing": err(lambda: m.get_submodule("head.5")),
        "get_missing_top": err(lambda: m.get_submodule("nothing")),
        "get_not_module": err(lambda: m.get_submodule("linear.weight")),
        "get_param": list(m.get_parameter("block.fc.weight").shape),
        "get_param_missing": err(lambda: m.get_parameter("block.fc.nothing")),
        "get_param_not_param": err(lambda: m.get_parameter("block.scale")),
        "get_param_bad_path": err(lambda: m.get_parameter("nothing.weight")),
        "get_buffer": list(m.get_buffer("block.scale").shape),
        "get_buffer_top": m.get_buffer("steps").tolist(),
        "get_buffer_missing": err(lambda: m.get_buffer("block.nothing")),
        "get_buffer_not_buffer": err(lambda: m.get_buffer("block.fc.weight")),
        "get_buffer_attr": err(lambda: m.get_buffer("training")),
    }
    m.set_submodule("head.0", nn.Linear(3, 7))
    out["set"] = repr(m.head)
    out["set_empty"] = err(lambda: m.set_submodule("", nn.Linear(1, 1)))
    out["set_new_ok"] = err(lambda: m.set_submodule("block.new", nn.Linear(1, 1)))
    out["set_new_strict"] = err(lambda: m.set_submodule("block.newer", nn.Linear(1, 1),
                                                        strict=True))
    out["set_not_module"] = err(lambda: m.set_submodule("block.fc.weight", nn.Linear(1, 1)))
    out["set_bad_path"] = err(lambda: m.set_submodule("nothing.x", nn.Linear(1, 1)))
    out["set_value_not_module"] = err(lambda: m.set_submodule("head.1", 3))
    out["after"] = names(m.named_modules())
    return out


@case(MODULE, numeric=True)
def forward_hooks(torch):
    nn = torch.nn
    log = []
    lin = set_params(torch, nn.Linear(2, 2), 7)

    def pre(mod, args):
        log.append(["pre", tname(mod), len(args)])

    def pre_double(mod, args):
        log.append("pre_double")
        return (args[0] * 2,)

    def pre_single(mod, args):
        log.append("pre_single")
        return args[0] + 1  # a non-tuple return is wrapped into a tuple

    def post(mod, args, output):
        log.append(["post", list(args[0].shape), list(output.shape)])

    def post_replace(mod, args, output):
        log.append("post_replace")
        return output * 10

    def post_first(mod, args, output):
        log.append("post_first")

    x = arr(torch, 3, 1, 2)
    out = {"plain": lin(x).detach()}
    h1 = lin.register_forward_pre_hook(pre)
    h2 = lin.register_forward_pre_hook(pre_double)
    h3 = lin.register_forward_hook(post)
    h4 = lin.register_forward_hook(post_replace)
    h5 = lin.register_forward_hook(post_first, prepend=True)
    out["hooked"] = lin(x).detach()
    h6 = lin.register_forward_pre_hook(pre_single, prepend=True)
    out["hooked2"] = lin(x).detach()
    for h in (h2, h4, h6):
        h.remove()
    h2.remove()  # removing twice is harmless
    out["after_remove"] = lin(x).detach()
    h1.remove()
    h3.remove()
    h5.remove()
    out["clean"] = lin(x).detach()
    out["log"] = log
    out["hook_dicts"] = [len(lin._forward_hooks), len(lin._forward_pre_hooks)]
    with lin.register_forward_hook(post_replace):
        out["context"] = lin(x).detach()
    out["context_removed"] = len(lin._forward_hooks)
    return out


@case(MODULE)
def forward_hooks_with_kwargs(torch):
    nn = torch.nn
    log = []

    class Scale(nn.Module):
        def forward(self, x, scale=1.0, shift=0.0):
            return x * scale + shift

    m = Scale()

    def pre_kw(mod, args, kwargs):
        log.append(["pre_kw", len(args), sorted(kwargs)])
        return args, dict(kwargs, scale=3.0)

    def post_kw(mod, args, kwargs, output):
        log.append(["post_kw", sorted(kwargs), kwargs.get("scale")])
        return output + kwargs.get("shift", 0.0)

    def bad_pre(mod, args, kwargs):
        return args

    x = torch.tensor([1.0, 2.0])
    h1 = m.register_forward_pre_hook(pre_kw, with_kwargs=True)
    h2 = m.register_forward_hook(post_kw, with_kwargs=True)
    out = {"kw": m(x, shift=1.0).detach(), "no_kw": m(x).detach()}
    h1.remove()
    h2.remove()
    h3 = m.register_forward_pre_hook(bad_pre, with_kwargs=True)
    out["bad_pre"] = err(lambda: m(x))
    h3.remove()
    out["log"] = log
    return out


@case(MODULE)
def forward_hooks_always_call(torch):
    nn = torch.nn
    log = []

    class Boom(nn.Module):
        def forward(self, x):
            raise ValueError("boom")

    m = Boom()
    m.register_forward_hook(lambda mod, args, out: log.append(["always", len(args), out]),
                            always_call=True)
    m.register_forward_hook(lambda mod, args, out: log.append("not always"))
    m.register_forward_hook(lambda mod, args, kwargs, out: log.append(["kw", sorted(kwargs),
                                                                     out]),
                            always_call=True, with_kwargs=True)

    def failing(mod, args, out):
        raise KeyError("hook failed")

    m.register_forward_hook(failing, always_call=True)
    out = {"err": err(lambda: m(1, k=2))}

    class Fine(nn.Module):
        def forward(self, x):
            return x + 1

    f = Fine()
    f.register_forward_pre_hook(lambda mod, args: log.append(["pre", args]))
    f.register_forward_hook(lambda mod, args, out: log.append(["first", out]), always_call=True)
    f.register_forward_hook(failing)
    f.register_forward_hook(lambda mod, args, out: log.append(["after failing", out]),
                            always_call=True)
    out["hook_error"] = err(lambda: f(1))
    g = Fine()
    g.register_forward_pre_hook(lambda mod, args: 1 / 0)
    g.register_forward_hook(lambda mod, args, out: log.append(["pre failed", args, out]),
                            always_call=True)
    out["pre_error"] = err(lambda: g(5))
    out["log"] = log
    return out


@case(MODULE)
def global_forward_hooks(torch):
    nn = torch.nn
    register_module_forward_hook = torch.nn.modules.module.register_module_forward_hook
    register_module_forward_pre_hook = torch.nn.modules.module.register_module_forward_pre_hook
    log = []
    seq = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 1))
    set_params(torch, seq, 8)
    h1 = register_module_forward_pre_hook(lambda mod, args: log.append(["pre", tname(mod)]))
    h2 = register_module_forward_hook(lambda mod, args, out: log.append(["post", tname(mod)]))
    h3 = register_module_forward_hook(
        lambda mod, args, kwargs, out: log.append(["post_kw", tname(mod), sorted(kwargs)]),
        with_kwargs=True)
    h4 = torch.nn.modules.module.register_module_full_backward_hook(
        lambda mod, gi, go: log.append(["bw", tname(mod), [g is None for g in gi],
                                        [list(g.shape) for g in go]]))
    h5 = torch.nn.modules.module.register_module_full_backward_pre_hook(
        lambda mod, go: log.append(["bw_pre", tname(mod)]))
    try:
        x = arr(torch, 9, 3, 2, requires_grad=True)
        y = seq(x)
        y.sum().backward()
    finally:
        for h in (h1, h2, h3, h4, h5):
            h.remove()
    seq(arr(torch, 9, 3, 2))
    out = {"log": log, "y": y.detach(), "x_grad": x.grad}
    mod = torch.nn.modules.module
    log2 = []
    h6 = mod.register_module_buffer_registration_hook(
        lambda m, name, b: log2.append(["buffer", name]))
    h7 = mod.register_module_parameter_registration_hook(
        lambda m, name, p: log2.append(["param", name, None if p is None else list(p.shape)]))
    h8 = mod.register_module_module_registration_hook(
        lambda m, name, s: log2.append(["module", name, tname(s)]))
    try:
        lin = nn.Linear(2, 3, bias=False)
        lin.register_buffer("buf", torch.zeros(1))
        lin.sub = nn.Identity()
        lin.add_module("sub2", None)
    finally:
        for h in (h6, h7, h8):
            h.remove()
    nn.Linear(1, 1)
    out["registration"] = log2
    h9 = mod.register_module_parameter_registration_hook(
        lambda m, name, p: nn.Parameter(p.detach(), requires_grad=False))
    try:
        replaced = nn.Linear(2, 2)
    finally:
        h9.remove()
    out["replaced"] = [p.requires_grad for p in replaced.parameters()]
    return out


@case(MODULE, numeric=True)
def full_backward_hooks(torch):
    nn = torch.nn
    log = []

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(3, 4)
            self.fc2 = nn.Linear(4, 2)

        def forward(self, x):
            return self.fc2(torch.tanh(self.fc1(x)))

    net = set_params(torch, Net(), 11)

    def hook(name):
        def fn(mod, grad_input, grad_output):
            log.append([name, "hook", [None if g is None else g for g in grad_input],
                        [None if g is None else g for g in grad_output]])
        return fn

    def pre_hook(name):
        def fn(mod, grad_output):
            log.append([name, "pre", [g for g in grad_output]])
        return fn

    hs = [net.fc1.register_full_backward_hook(hook("fc1")),
          net.fc2.register_full_backward_hook(hook("fc2")),
          net.register_full_backward_hook(hook("net")),
          net.fc2.register_full_backward_pre_hook(pre_hook("fc2"))]
    x = arr(torch, 12, 5, 3, requires_grad=True)
    y = net(x)
    w = arr(torch, 13, 5, 2)
    (y * w).sum().backward()
    out = {"log": log, "x_grad": x.grad, "w1_grad": net.fc1.weight.grad}
    for h in hs:
        h.remove()
    net.zero_grad()
    x.grad = None
    y = net(x)
    (y * w).sum().backward()
    out["log_after_remove"] = len(log)
    out["x_grad_after_remove"] = x.grad
    # an input that does not require grad: grad_input holds None
    log2 = []
    net.fc1.register_full_backward_hook(
        lambda mod, gi, go: log2.append([[g is None for g in gi], [g for g in go]]))
    (net(arr(torch, 12, 5, 3)) * w).sum().backward()
    out["no_input_grad"] = log2
    return out


@case(MODULE, numeric=True)
def backward_hooks_replace_grads(torch):
    nn = torch.nn

    class Mul(nn.Module):
        def forward(self, a, b):
            return a * b, a + b

    m = Mul()
    log = []

    def pre(mod, grad_output):
        log.append(["pre", [g for g in grad_output]])
        return tuple(None if g is None else g * 2 for g in grad_output)

    def hook(mod, grad_input, grad_output):
        log.append(["hook", [g for g in grad_input], [g for g in grad_output]])
        return tuple(g * 0.5 for g in grad_input)

    m.register_full_backward_pre_hook(pre)
    m.register_full_backward_hook(hook)
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = torch.tensor([-1.0, 0.5, 2.0], requires_grad=True)
    p, s = m(a, b)
    (p * torch.tensor([1.0, 2.0, 3.0]) + s).sum().backward()
    out = {"a_grad": a.grad, "b_grad": b.grad, "log": log}
    a.grad = None
    b.grad = None
    p, s = m(a, b)
    p.sum().backward()  # only one output used: the other's grad_output is None
    out["one_output"] = [a.grad, b.grad, log[-1][2][1] is None]
    m2 = Mul()
    m2.register_full_backward_hook(lambda mod, gi, go: (gi[0],))
    p, s = m2(a, b)
    out["bad_count"] = err(lambda: p.sum().backward())
    m3 = nn.Linear(1, 1)
    m3.register_full_backward_hook(lambda *a: None)
    out["mix_old"] = err(lambda: m3.register_backward_hook(lambda *a: None))
    m4 = Mul()
    m4.register_full_backward_pre_hook(lambda mod, go: (go[0],))
    p, s = m4(a, b)
    out["bad_pre_count"] = err(lambda: (p + s).sum().backward())

    class WithScalar(nn.Module):
        def forward(self, x, k, y):
            return x * k + y * 0.0 if k > 0 else x

    ws = WithScalar()
    log2 = []
    ws.register_full_backward_hook(lambda mod, gi, go: log2.append([list(gi), list(go)]))
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    ws(x, 3.0, torch.tensor([1.0, 1.0])).sum().backward()
    ws(x, -1.0, torch.tensor([1.0, 1.0], requires_grad=True)).sum().backward()
    out["non_tensor_args"] = log2
    m5 = Mul()
    m5.register_full_backward_hook(lambda mod, gi, go: (torch.ones(3), None))
    out["no_input_grad_bad_return"] = err(
        lambda: m5(torch.ones(3), torch.ones(3))[0].sum().backward())
    return out


@case(MODULE)
def deepcopy_and_pickle(torch):
    nn = torch.nn
    m = set_params(torch, make_net(torch), 21)
    m.head[1].weight.requires_grad_(False)
    m.tag = "hello"
    c = copy.deepcopy(m)
    x = arr(torch, 22, 3, 2)
    out = {
        "types": [tname(p) for p in c.parameters()],
        "requires_grad": [p.requires_grad for p in c.parameters()],
        "distinct": [a is b for a, b in zip(m.parameters(), c.parameters())],
        "keys": list(c.state_dict()),
        "non_persistent": sorted(c.block._non_persistent_buffers_set),
        "tag": c.tag,
        "same_output": c(x).detach(),
        "repr_equal": repr(c) == repr(m),
        "leaf": [p.is_leaf for p in c.parameters()],
    }
    with torch.no_grad():
        c.linear.weight.fill_(0.0)
    out["independent"] = m.linear.weight.detach()
    tied = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2))
    tied[1].weight = tied[0].weight
    tc = copy.deepcopy(tied)
    out["tied_kept"] = [tc[1].weight is tc[0].weight, len(list(tc.parameters()))]
    buf = io.BytesIO()
    pickle.dump(m, buf)
    p = pickle.loads(buf.getvalue())
    out["pickle_types"] = [tname(q) for q in p.parameters()]
    out["pickle_output"] = p(x).detach()
    out["pickle_requires_grad"] = [q.requires_grad for q in p.parameters()]
    out["pickle_buffers"] = [[n, tname(b)] for n, b in p.named_buffers()]
    out["pickle_training"] = p.eval().training
    lin = nn.Linear(2, 2)
    lin(torch.ones(1, 2)).sum().backward()
    lc = copy.deepcopy(lin)
    out["grad_copied"] = [lc.weight.grad is not None, lc.weight.grad is lin.weight.grad]
    pc = copy.deepcopy(nn.Parameter(torch.ones(2)))
    out["param_copy"] = [tname(pc), pc.requires_grad]
    return out


@case(MODULE)
def parameter_basics(torch):
    nn = torch.nn
    p = nn.Parameter(torch.tensor([1.0, 2.0]))
    q = nn.Parameter(torch.tensor([1.0, 2.0]), requires_grad=False)
    e = nn.Parameter()
    t = torch.tensor([3.0], requires_grad=True) * 2
    from_nonleaf = nn.Parameter(t)
    ops = p * 2
    return {
        "repr": repr(p), "str": str(p), "repr_no_grad": repr(q),
        "repr_double": repr(nn.Parameter(torch.zeros(2, dtype=torch.float64))),
        "empty": [list(e.shape), e.requires_grad, str(e.dtype)],
        "flags": [p.requires_grad, p.is_leaf, q.requires_grad, tname(p)],
        "nonleaf_input": [from_nonleaf.is_leaf, from_nonleaf.requires_grad,
                          from_nonleaf.grad_fn is None],
        "op_type": [tname(ops), ops.requires_grad, tname(p.detach()), tname(p.data)],
        "isinstance_tensor": isinstance(p, torch.Tensor),
        "not_tensor": err(lambda: nn.Parameter([1.0])),
        "int_requires_grad": err(lambda: nn.Parameter(torch.tensor([1, 2]))),
        "int_no_grad": repr(nn.Parameter(torch.tensor([1, 2]), requires_grad=False)),
    }


@case(MODULE)
def buffer_class(torch):
    nn = torch.nn
    m = nn.Module()
    m.a = nn.Buffer(torch.ones(2))
    m.b = nn.Buffer(torch.zeros(1), persistent=False)
    return {"buffers": list(m._buffers), "state": list(m.state_dict()),
            "non_persistent": sorted(m._non_persistent_buffers_set),
            "type": tname(m.a), "is_tensor": isinstance(m.a, torch.Tensor),
            "requires_grad": m.a.requires_grad}


@case(MODULE)
def printing(torch):
    nn = torch.nn

    class WithExtra(nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = nn.Linear(1, 2)

        def extra_repr(self):
            return "alpha=1, beta=2"

    class MultiLine(nn.Module):
        def extra_repr(self):
            return "first\nsecond"

    class Empty(nn.Module):
        pass

    class Deep(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = nn.ModuleList([nn.Sequential(nn.Linear(2, 2), nn.Identity())
                                         for _ in range(2)])
            self.d = nn.ModuleDict({"x": nn.Linear(1, 1), "y": Empty()})
            self.none_child = None
            self.register_module("none_reg", None)
            self.extra = WithExtra()
            self.multi = MultiLine()

    return {
        "net": repr(make_net(torch)),
        "with_extra": repr(WithExtra()),
        "multi": repr(MultiLine()),
        "empty": repr(Empty()),
        "deep": repr(Deep()),
        "str": str(Deep()) == repr(Deep()),
        "module": repr(nn.Module()),
        "linear_nobias": repr(nn.Linear(3, 1, bias=False)),
        "identity": repr(nn.Identity(3, foo=2)),
        "flatten": [repr(nn.Flatten()), repr(nn.Flatten(0, 2))],
        "unflatten": [repr(nn.Unflatten(1, (2, 5))), repr(nn.Unflatten(-1, [3, 4]))],
        "bilinear": repr(nn.Bilinear(2, 3, 4)),
        "lazy": repr(nn.LazyLinear(5)),
        "sequential_dict": repr(nn.Sequential(OrderedDict([("fc", nn.Linear(2, 2)),
                                                           ("out", nn.Linear(2, 1))]))),
        "empty_sequential": repr(nn.Sequential()),
        "moduledict": repr(nn.ModuleDict({"b": nn.Linear(1, 1), "a": nn.Identity()})),
        "empty_moduledict": repr(nn.ModuleDict()),
        "get_name": nn.Linear(1, 1)._get_name(),
    }


@case(MODULE)
def printing_module_list(torch):
    nn = torch.nn
    ml = nn.ModuleList([nn.Linear(10, 10) for _ in range(3)])
    mixed = nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2), nn.Linear(2, 3), nn.Identity(),
                           nn.Identity(), nn.Identity(), nn.Linear(2, 2)])
    nested = nn.ModuleList([nn.Sequential(nn.Linear(1, 1), nn.Linear(1, 1)) for _ in range(4)])

    class Stack(nn.Module):
        def __init__(self):
            super().__init__()
            self.blocks = nn.ModuleList([nn.Linear(4, 4) for _ in range(12)])
            self.out = nn.Linear(4, 1)

    return {"three": repr(ml), "mixed": repr(mixed), "nested": repr(nested),
            "single": repr(nn.ModuleList([nn.Linear(1, 1)])), "empty": repr(nn.ModuleList()),
            "in_model": repr(Stack()),
            "sequential_not_compacted": repr(nn.Sequential(nn.Linear(1, 1), nn.Linear(1, 1)))}


@case(MODULE)
def printing_parameter_containers(torch):
    nn = torch.nn
    pl = nn.ParameterList([nn.Parameter(torch.zeros(2, 3)), torch.ones(3),
                           nn.Parameter(torch.zeros(1, dtype=torch.float64)), "x"])
    pd = nn.ParameterDict({"b": nn.Parameter(torch.zeros(2, 3)), "a": torch.ones(2)})
    pd1 = nn.ParameterDict({"w": nn.Parameter(torch.zeros(2, 3))})
    pd_mixed = nn.ParameterDict(OrderedDict([("z", torch.zeros(1, dtype=torch.float64)),
                                             ("s", "text"), ("h", torch.zeros(2, 2).half())]))

    class Holder(nn.Module):
        def __init__(self):
            super().__init__()
            self.plist = nn.ParameterList([nn.Parameter(torch.zeros(4)) for _ in range(2)])
            self.pdict = nn.ParameterDict({"k": nn.Parameter(torch.zeros(1))})

    return {"list": repr(pl), "dict": repr(pd), "dict1": repr(pd1), "mixed": repr(pd_mixed),
            "empty_list": repr(nn.ParameterList()), "empty_dict": repr(nn.ParameterDict()),
            "holder": repr(Holder()),
            "holder_params": names(Holder().named_parameters())}


# ---- models from shared/seeds/ (those whose layers exist in this part) --------------------
SEED_LAYERS = {}  # scenario name -> nn layer names the model needs


def seed_model(*layers):
    def deco(fn):
        SEED_LAYERS[fn.__name__] = layers
        return case(MODULE)(fn)
    return deco


@seed_model("Linear", "ReLU")
def seed000_simple_linear_model(torch):
    nn = torch.nn

    class SimpleLinearModel(nn.Module):
        def __init__(self, input_size, hidden_size, output_size):
            super().__init__()
            self.fc1 = nn.Linear(input_size, hidden_size)
            self.fc2 = nn.Linear(hidden_size, output_size)
            self.relu = nn.ReLU()

        def forward(self, x):
            return self.fc2(self.relu(self.fc1(x)))

    model = SimpleLinearModel(input_size=10, hidden_size=20, output_size=1)
    return {"repr": repr(model), "total": sum(p.numel() for p in model.parameters()),
            "named": [[n, list(p.shape)] for n, p in model.named_parameters()],
            "fc1": [list(model.fc1.weight.shape), list(model.fc1.bias.shape)],
            "y": list(model(torch.randn(3, 10)).shape)}


@seed_model("Linear")
def seed000_linear_layer(torch):
    nn = torch.nn
    linear = nn.Linear(10, 5)
    y = linear(torch.randn(3, 10))
    return {"repr": repr(linear), "shape": repr(y.shape)}


@seed_model("ReLU", "Sigmoid", "Tanh", "LeakyReLU", "Dropout", "BatchNorm1d", "BatchNorm2d",
            "Embedding")
def seed000_layers(torch):
    nn = torch.nn
    return {"reprs": [repr(m) for m in (nn.ReLU(), nn.Sigmoid(), nn.Tanh(), nn.LeakyReLU(0.01),
                                        nn.Dropout(p=0.5), nn.BatchNorm1d(num_features=10),
                                        nn.BatchNorm2d(num_features=10),
                                        nn.Embedding(num_embeddings=10000, embedding_dim=100))]}


@seed_model("LSTM")
def seed000_lstm(torch):
    nn = torch.nn
    lstm = nn.LSTM(input_size=10, hidden_size=20, num_layers=2, batch_first=True, dropout=0.2)
    return {"repr": repr(lstm)}


@seed_model("Linear", "ReLU")
def seed001_simple_net(torch):
    nn = torch.nn

    class SimpleNet(nn.Module):
        def __init__(self):
            super(SimpleNet, self).__init__()
            self.fc1 = nn.Linear(784, 128)
            self.fc2 = nn.Linear(128, 10)
            self.relu = nn.ReLU()

        def forward(self, x):
            return self.fc2(self.relu(self.fc1(x)))

    model = SimpleNet()
    return {"repr": repr(model),
            "named": [[n, repr(p.shape)] for n, p in model.named_parameters()]}


@seed_model("Conv2d", "MaxPool2d", "AvgPool2d", "BatchNorm2d", "LayerNorm", "ReLU", "Sigmoid",
            "Tanh", "Softmax", "Dropout")
def seed001_layers(torch):
    nn = torch.nn
    return {"reprs": [repr(m) for m in (
        nn.Linear(16, 8), nn.Conv2d(3, 16, 3), nn.MaxPool2d(2), nn.AvgPool2d(2),
        nn.BatchNorm2d(16), nn.LayerNorm(16), nn.ReLU(), nn.Sigmoid(), nn.Tanh(),
        nn.Softmax(dim=-1), nn.Dropout(p=0.5))]}


@seed_model("Linear", "ReLU", "Softmax")
def seed002_sequential_softmax(torch):
    nn = torch.nn
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10), nn.Softmax(dim=1))
    return {"repr": repr(model)}


@seed_model("Linear")
def seed002_linear_models(torch):
    nn = torch.nn
    Linear = nn.Linear

    class linear_regression(nn.Module):
        def __init__(self, input_size, output_size):
            super(linear_regression, self).__init__()
            self.linear = nn.Linear(input_size, output_size)

        def forward(self, x):
            return self.linear(x)

    class logistic_regression(nn.Module):
        def __init__(self, n_inputs):
            super(logistic_regression, self).__init__()
            self.linear = nn.Linear(n_inputs, 1)

        def forward(self, x):
            return torch.sigmoid(self.linear(x))

    net = nn.Sequential(nn.Linear(2, 1))
    return {"model": repr(Linear(in_features=1, out_features=1, bias=True)),
            "linreg": repr(linear_regression(1, 1)),
            "logreg": repr(logistic_regression(1)),
            "state": list(linear_regression(1, 1).state_dict()),
            "net": repr(net), "net0": repr(net[0])}


@seed_model("Flatten", "Linear")
def seed002_flatten_linear(torch):
    nn = torch.nn
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    kinds = []

    def init_weights(m):
        if type(m) == nn.Linear:
            nn.init.normal_(m.weight, std=0.01)
            kinds.append(tname(m))

    net.apply(init_weights)
    y = net(torch.zeros(2, 1, 28, 28))
    return {"repr": repr(net), "applied": kinds, "y": list(y.shape),
            "std_small": bool(net[1].weight.std() < 0.02)}


@seed_model("Linear", "ReLU")
def seed003_models(torch):
    nn = torch.nn

    class LinearRegression(nn.Module):
        def __init__(self, input_dim):
            super().__init__()
            self.linear = nn.Linear(input_dim, 1)

        def forward(self, x):
            return self.linear(x)

    class MLP(nn.Module):
        def __init__(self, input_size, hidden_size, output_size):
            super().__init__()
            self.fc1 = nn.Linear(input_size, hidden_size)
            self.relu = nn.ReLU()
            self.fc2 = nn.Linear(hidden_size, output_size)

        def forward(self, x):
            return self.fc2(self.relu(self.fc1(x)))

    class LinearReg(nn.Module):
        def __init__(self):
            super().__init__()
            self.linear = nn.Linear(1, 1)

        def forward(self, x):
            return self.linear(x)

    model = LinearRegression(input_dim=3)
    return {"linreg": "模型结构:\n " + str(model),
            "named": [f"{name}: {param.shape}" for name, param in model.named_parameters()],
            "mlp": "MLP结构:\n " + str(MLP(input_size=3, hidden_size=16, output_size=1)),
            "linreg2": repr(LinearReg())}


@seed_model("Linear", "ReLU", "Dropout")
def seed003_mlp_classifier(torch):
    nn = torch.nn

    class MLPClassifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(28 * 28, 512)
            self.fc2 = nn.Linear(512, 256)
            self.fc3 = nn.Linear(256, 10)
            self.relu = nn.ReLU()
            self.dropout = nn.Dropout(0.2)

        def forward(self, x):
            x = x.view(-1, 28 * 28)
            x = self.relu(self.fc1(x))
            x = self.dropout(x)
            x = self.relu(self.fc2(x))
            return self.fc3(x)

    m = MLPClassifier()
    return {"repr": repr(m), "y": list(m.eval()(torch.zeros(2, 1, 28, 28)).shape)}


# ================================ Containers ================================================
@case(CONTAINERS)
def sequential_indexing(torch):
    nn = torch.nn
    layers = [nn.Linear(1, 2), nn.Linear(2, 3), nn.Linear(3, 4), nn.Linear(4, 5)]
    s = nn.Sequential(*layers)
    named = nn.Sequential(OrderedDict([("a", nn.Linear(1, 1)), ("b", nn.Identity()),
                                       ("c", nn.Linear(1, 2))]))
    return {
        "len": len(s),
        "index": [s[i] is layers[i] for i in range(4)],
        "neg": [s[-1] is layers[3], s[-4] is layers[0]],
        "oob": err(lambda: s[4]),
        "oob_neg": err(lambda: s[-5]),
        "bad_type": err(lambda: s["0"]),
        "slice": [tname(s[1:3]), len(s[1:3]), s[1:3][0] is layers[1], list(s[1:3]._modules)],
        "slice_step": [list(s[::2]._modules), s[::2][1] is layers[2]],
        "slice_neg": list(s[-2:]._modules),
        "slice_empty": repr(s[5:]),
        "named_slice": [list(named[1:]._modules), repr(named[1:])],
        "named_index": [tname(named[1]), named[-1].out_features, tname(named.a)],
        "iter": [m is l for m, l in zip(s, layers)],
        "iter_type": tname(iter(s)),
        "keys": list(s._modules),
        "state": list(named.state_dict()),
        "dir_no_digits": "0" in dir(s),
        "getattr_digit": getattr(s, "0") is layers[0],
    }


@case(CONTAINERS)
def sequential_mutation(torch):
    nn = torch.nn
    L = [nn.Linear(i + 1, i + 2) for i in range(6)]
    feats = lambda seq: [getattr(m, "in_features", None) for m in seq]  # noqa: E731
    keys = lambda seq: list(seq._modules)  # noqa: E731
    s = nn.Sequential(L[0], L[1])
    out = {}
    r = s.append(L[2])
    out["append"] = [feats(s), keys(s), r is s]
    r = s.insert(1, L[3])
    out["insert"] = [feats(s), keys(s), r is s]
    s.insert(-1, L[4])
    out["insert_neg"] = [feats(s), keys(s)]
    s.insert(len(s), L[5])
    out["insert_end"] = feats(s)
    out["insert_oob"] = err(lambda: s.insert(10, nn.Identity()))
    out["insert_not_module"] = err(lambda: s.insert(0, 3))
    r = s.extend([nn.Identity(), nn.Identity()])
    out["extend"] = [len(s), r is s, keys(s)]
    p = s.pop(-1)
    out["pop"] = [tname(p), len(s), keys(s)]
    p = s.pop(0)
    out["pop0"] = [p is L[0], keys(s), feats(s)[:2]]
    del s[1]
    out["del"] = [keys(s), len(s)]
    del s[-1]
    out["del_neg"] = [keys(s), len(s)]
    del s[0:2]
    out["del_slice"] = [keys(s), len(s), feats(s)]
    s[0] = nn.Linear(9, 9)
    out["setitem"] = [feats(s), keys(s)]
    s[-1] = nn.Linear(8, 8)
    out["setitem_neg"] = feats(s)
    out["setitem_oob"] = err(lambda: s.__setitem__(5, nn.Identity()))
    out["append_not_module"] = err(lambda: nn.Sequential().append(3))
    named = nn.Sequential(OrderedDict([("x", nn.Linear(1, 1)), ("y", nn.Linear(1, 2)),
                                       ("z", nn.Linear(2, 3))]))
    del named[0]
    out["del_named"] = keys(named)
    named.append(nn.Identity())
    out["append_named"] = keys(named)
    out["pop_named"] = [tname(named.pop(1)), keys(named)]
    return out


@case(CONTAINERS)
def sequential_operators(torch):
    nn = torch.nn
    a, b, c = nn.Linear(1, 1), nn.Linear(1, 2), nn.Linear(2, 2)
    s1 = nn.Sequential(a, b)
    s2 = nn.Sequential(c)
    added = s1 + s2
    out = {"add": [tname(added), len(added), added[2] is c, added[0] is a, len(s1),
                   list(added._modules)]}
    out["add_bad"] = err(lambda: s1 + nn.Linear(1, 1))
    mul = s2 * 3
    out["mul"] = [len(mul), all(m is c for m in mul), len(s2), repr(mul)]
    out["rmul"] = len(2 * s2)
    out["mul_zero"] = err(lambda: s2 * 0)
    out["mul_float"] = err(lambda: s2 * 1.5)
    s3 = nn.Sequential(a)
    s3 += nn.Sequential(b, c)
    out["iadd"] = [len(s3), s3[1] is b, list(s3._modules)]
    s4 = nn.Sequential(a, b)
    r = s4.__imul__(2)
    out["imul"] = [len(s4), r is s4, s4[2] is a, list(s4._modules)]
    out["imul_bad"] = err(lambda: s4.__imul__(-1))
    out["params_of_repeated"] = len(list(mul.parameters()))
    return out


@case(CONTAINERS, numeric=True)
def sequential_forward(torch):
    nn = torch.nn
    s = set_params(torch, nn.Sequential(nn.Linear(3, 4), nn.Identity(), nn.Linear(4, 2),
                                        nn.Flatten(0)), 31)
    x = arr(torch, 32, 2, 3, requires_grad=True)
    y = s(x)
    y.backward(arr(torch, 33, 4))
    return {"y": y.detach(), "x_grad": x.grad, "w_grad": s[0].weight.grad,
            "empty": nn.Sequential()(x).detach(), "empty_is": nn.Sequential()(x) is x}


@case(CONTAINERS)
def module_list_api(torch):
    nn = torch.nn
    L = [nn.Linear(i + 1, i + 1) for i in range(8)]
    feats = lambda ml: [getattr(m, "in_features", None) for m in ml]  # noqa: E731
    ml = nn.ModuleList(L[:3])
    out = {"len": len(ml), "index": [ml[0] is L[0], ml[-1] is L[2]],
           "oob": err(lambda: ml[3]), "oob_neg": err(lambda: ml[-4]),
           "slice": [tname(ml[1:]), feats(ml[1:]), list(ml[::2]._modules)]}
    r = ml.append(L[3])
    out["append"] = [feats(ml), r is ml]
    r = ml.extend([L[4], L[5]])
    out["extend"] = [feats(ml), r is ml]
    ml.insert(1, L[6])
    out["insert"] = [feats(ml), list(ml._modules)]
    out["insert_neg"] = err(lambda: ml.insert(-1, L[7]))  # PyTorch's own KeyError
    ml._modules.pop("-1", None)
    ml.insert(len(ml), L[7])
    out["insert_end"] = feats(ml)
    p = ml.pop(0)
    out["pop"] = [p is L[0], feats(ml), list(ml._modules)]
    del ml[0]
    out["del"] = [feats(ml), list(ml._modules)]
    del ml[::2]
    out["del_slice"] = [feats(ml), list(ml._modules)]
    ml[0] = nn.Identity()
    out["setitem"] = [tname(ml[0]), len(ml)]
    ml[-1] = nn.Linear(9, 9)
    out["setitem_neg"] = ml[-1].in_features
    out["setitem_oob"] = err(lambda: ml.__setitem__(10, nn.Identity()))
    out["setitem_not_module"] = err(lambda: ml.__setitem__(0, 1))
    out["extend_bad"] = err(lambda: ml.extend(nn.Linear(1, 1)))
    out["extend_int"] = err(lambda: ml.extend(3))
    out["append_bad"] = err(lambda: ml.append(3))
    ml2 = nn.ModuleList([nn.Identity()])
    ml2 += [nn.Linear(2, 2)]
    out["iadd"] = [len(ml2), list(ml2._modules)]
    added = ml2 + nn.ModuleList([nn.Linear(3, 3)])
    out["add"] = [tname(added), len(added), len(ml2), added[0] is ml2[0]]
    out["iter"] = [tname(m) for m in ml2]
    out["params"] = names(nn.ModuleList(L[:2]).named_parameters())
    out["dir"] = "0" in dir(ml2)
    out["from_gen"] = len(nn.ModuleList(nn.Linear(1, 1) for _ in range(3)))
    out["call"] = err(lambda: nn.ModuleList([nn.Linear(1, 1)])(torch.zeros(1)))
    out["bad_init"] = err(lambda: nn.ModuleList([1, 2]))
    out["bool_empty"] = [bool(nn.ModuleList()), bool(ml2)]
    return out


@case(CONTAINERS)
def module_dict_api(torch):
    nn = torch.nn
    a, b, c = nn.Linear(1, 1), nn.Linear(2, 2), nn.Identity()
    md = nn.ModuleDict({"b": b, "a": a})
    out = {"keys": list(md.keys()), "len": len(md), "iter": list(md),
           "values": [m.in_features for m in md.values()],
           "items": [[k, tname(v)] for k, v in md.items()],
           "contains": ["a" in md, "z" in md], "getitem": md["a"] is a,
           "missing": err(lambda: md["zz"]), "attr": md.b is b}
    md["c"] = c
    out["setitem"] = list(md.keys())
    md.update([("d", nn.Linear(3, 3)), ("a", nn.Linear(4, 4))])
    out["update_pairs"] = [list(md.keys()), md["a"].in_features]
    md.update(nn.ModuleDict({"e": nn.Identity()}))
    md.update(OrderedDict([("f", nn.Identity())]))
    out["update_more"] = list(md.keys())
    p = md.pop("b")
    out["pop"] = [p is b, list(md.keys())]
    del md["c"]
    out["del"] = list(md.keys())
    out["pop_missing"] = err(lambda: md.pop("zz"))
    out["update_bad"] = err(lambda: md.update(3))
    out["update_bad_elem"] = err(lambda: md.update([3]))
    out["update_bad_len"] = err(lambda: md.update([("x", nn.Identity(), 1)]))
    out["set_not_module"] = err(lambda: md.__setitem__("q", 1))
    out["bad_key"] = err(lambda: md.__setitem__("a.b", nn.Identity()))
    out["params"] = names(md.named_parameters())
    md.clear()
    out["clear"] = [len(md), list(md.keys())]
    out["call"] = err(lambda: nn.ModuleDict()(1))
    return out


@case(CONTAINERS)
def parameter_list_api(torch):
    nn = torch.nn
    p0 = nn.Parameter(torch.ones(2))
    t1 = torch.zeros(3)
    pl = nn.ParameterList([p0, t1])
    out = {"len": len(pl), "same": pl[0] is p0, "wrapped": [tname(pl[1]), pl[1].requires_grad],
           "neg": pl[-1] is pl[1], "oob": err(lambda: pl[2]),
           "names": names(pl.named_parameters()), "iter": [tname(p) for p in pl]}
    r = pl.append(torch.full((2,), 3.0))
    out["append"] = [len(pl), r is pl, tname(pl[2]), pl[2].detach()]
    r = pl.extend([nn.Parameter(torch.zeros(1)), torch.ones(1, 1)])
    out["extend"] = [len(pl), r is pl, [list(p.shape) for p in pl]]
    pl[0] = torch.full((1,), 9.0)
    out["setitem"] = [tname(pl[0]), pl[0].detach(), pl[0] is p0]
    out["slice"] = [tname(pl[1:3]), len(pl[1:3]), pl[1:3][0] is pl[1]]
    out["extend_tensor"] = err(lambda: pl.extend(torch.zeros(2)))
    out["extend_int"] = err(lambda: pl.extend(3))
    pl.append("not a tensor")
    out["object"] = [pl[-1], len(pl), len(list(pl.parameters()))]
    pl2 = nn.ParameterList()
    pl2 += [torch.ones(1)]
    out["iadd"] = len(pl2)
    out["call"] = err(lambda: pl2(1))
    out["state"] = list(nn.ParameterList([torch.ones(1), torch.ones(2)]).state_dict())
    out["requires_grad_false"] = nn.ParameterList(
        [nn.Parameter(torch.ones(1), requires_grad=False)])[0].requires_grad
    return out


@case(CONTAINERS)
def parameter_dict_api(torch):
    nn = torch.nn
    pa = nn.Parameter(torch.ones(2))
    pd = nn.ParameterDict({"b": torch.zeros(1), "a": pa})
    out = {"keys": list(pd.keys()), "len": len(pd), "same": pd["a"] is pa,
           "wrapped": tname(pd["b"]), "iter": list(pd), "contains": ["a" in pd, "q" in pd],
           "values": [tname(v) for v in pd.values()],
           "items": [[k, list(v.shape)] for k, v in pd.items()],
           "missing": err(lambda: pd["zz"]),
           "non_str": err(lambda: pd.__getitem__(1)),
           "get": [pd.get("a") is pa, pd.get("zz"), pd.get("zz", 5)],
           "names": names(pd.named_parameters())}
    pd["c"] = torch.full((3,), 2.0)
    pd.update([("e", torch.ones(1)), ("d", torch.ones(2))])
    out["update_pairs"] = list(pd.keys())
    pd.update(OrderedDict([("z", torch.ones(1)), ("y", torch.ones(1))]))
    out["update_ordered"] = list(pd.keys())
    pd.update({"x": torch.ones(1), "w": torch.ones(1)})
    out["update_dict"] = list(pd.keys())
    out["update_bad"] = err(lambda: pd.update(3))
    out["update_bad_elem"] = err(lambda: pd.update([3]))
    out["update_bad_len"] = err(lambda: pd.update([("x", 1, 2)]))
    p = pd.pop("c")
    out["pop"] = [p.detach(), list(pd.keys())]
    k, v = pd.popitem()
    out["popitem"] = [k, list(pd.keys())]
    out["setdefault"] = [tname(pd.setdefault("new", torch.ones(1))),
                         pd.setdefault("a") is pa, list(pd.keys())]
    del pd["new"]
    out["del"] = list(pd.keys())
    cp = pd.copy()
    out["copy"] = [tname(cp), list(cp.keys()), cp["a"] is pa]
    fk = pd.fromkeys(["p", "q"], torch.zeros(1))
    out["fromkeys"] = [tname(fk), list(fk.keys())]
    merged = nn.ParameterDict({"m": torch.ones(1)}) | nn.ParameterDict({"n": torch.ones(1)})
    out["or"] = list(merged.keys())
    pd2 = nn.ParameterDict({"a": torch.ones(1)})
    pd2 |= nn.ParameterDict({"b": torch.ones(1)})
    out["ior"] = list(pd2.keys())
    out["reversed"] = list(reversed(pd2))
    pd2.clear()
    out["clear"] = len(pd2)
    out["call"] = err(lambda: pd2(1))
    out["state"] = list(nn.ParameterDict({"b": torch.ones(1), "a": torch.ones(1)}).state_dict())
    pd3 = nn.ParameterDict()
    pd3["obj"] = "text"
    out["object"] = [pd3["obj"], len(list(pd3.parameters()))]
    return out


@case(CONTAINERS, numeric=True)
def containers_in_model(torch):
    nn = torch.nn

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = nn.ModuleList([nn.Linear(3, 3) for _ in range(2)])
            self.heads = nn.ModuleDict({"out": nn.Linear(3, 1)})
            self.scales = nn.ParameterList([nn.Parameter(torch.ones(3)) for _ in range(2)])
            self.offsets = nn.ParameterDict({"o": nn.Parameter(torch.zeros(1))})

        def forward(self, x):
            for layer, s in zip(self.layers, self.scales):
                x = torch.tanh(layer(x)) * s
            return self.heads["out"](x) + self.offsets["o"]

    m = set_params(torch, Model(), 41)
    x = arr(torch, 42, 4, 3)
    y = m(x)
    y.sum().backward()
    return {"keys": list(m.state_dict()), "y": y.detach(),
            "grads": [[n, p.grad] for n, p in m.named_parameters()], "repr": repr(m)}


# ================================ Linear ====================================================
@case(LINEAR, numeric=True)
def linear_forward_backward(torch):
    nn = torch.nn
    out = {}
    for name, shape, bias in (("2d", (4, 3), True), ("1d", (3,), True), ("3d", (2, 4, 3), True),
                              ("2d_nobias", (4, 3), False), ("1d_nobias", (3,), False),
                              ("4d_nobias", (2, 1, 2, 3), False), ("empty", (0, 3), True)):
        lin = set_params(torch, nn.Linear(3, 5, bias=bias), 51)
        x = arr(torch, 52, *shape, requires_grad=True)
        y = lin(x)
        g = arr(torch, 53, *y.shape)
        y.backward(g)
        out[name] = {"y": y.detach(), "grad_fn": tname(y.grad_fn), "x_grad": x.grad,
                     "w_grad": lin.weight.grad,
                     "b_grad": None if lin.bias is None else lin.bias.grad}
    lin = set_params(torch, nn.Linear(3, 2).double(), 54)
    y = lin(arr(torch, 55, 2, 3, dtype=torch.float64))
    out["double"] = y.detach()
    f = torch.nn.functional
    w = arr(torch, 56, 2, 3)
    x = arr(torch, 57, 4, 3)
    out["functional"] = [f.linear(x, w), f.linear(x, w, arr(torch, 58, 2)),
                         f.linear(x, arr(torch, 59, 3)), f.linear(x, w, torch.tensor(1.5))]
    return out


@case(LINEAR)
def linear_errors(torch):
    nn = torch.nn
    f = torch.nn.functional
    lin = nn.Linear(3, 5)
    return {
        "features": err(lambda: lin(torch.zeros(4, 2))),
        "features_1d": err(lambda: lin(torch.zeros(2))),
        "features_3d": err(lambda: lin(torch.zeros(2, 6, 4))),
        "scalar": err(lambda: lin(torch.tensor(1.0))),
        "dtype": err(lambda: lin(torch.zeros(4, 3, dtype=torch.float64))),
        "int_input": err(lambda: lin(torch.zeros(4, 3, dtype=torch.int64))),
        "f_bias_shape": err(lambda: f.linear(torch.zeros(4, 3), torch.zeros(5, 3),
                                             torch.zeros(4))),
        "f_weight_1d": err(lambda: f.linear(torch.zeros(4, 3), torch.zeros(2))),
        "f_weight_1d_1d": err(lambda: f.linear(torch.zeros(3), torch.zeros(2))),
        "f_weight_1d_3d": err(lambda: f.linear(torch.zeros(2, 4, 3), torch.zeros(2))),
        "f_weight_3d": err(lambda: f.linear(torch.zeros(4, 3), torch.zeros(2, 5, 3))),
        "f_dtype_nobias": err(lambda: f.linear(torch.zeros(4, 3, dtype=torch.float64),
                                               torch.zeros(5, 3))),
        "f_dtype_nobias_half": err(lambda: f.linear(torch.zeros(4, 3).half(), torch.zeros(5, 3))),
        "f_dtype_int": err(lambda: f.linear(torch.zeros(2, 4, 3, dtype=torch.int64),
                                            torch.zeros(5, 3))),
        "f_dtype_bias": err(lambda: f.linear(torch.zeros(4, 3), torch.zeros(5, 3),
                                             torch.zeros(5, dtype=torch.float64))),
        "f_dtype_bias_first": err(lambda: f.linear(torch.zeros(4, 2, dtype=torch.int32),
                                                   torch.zeros(5, 3), torch.zeros(5).half())),
        "f_shape_before_dtype": err(lambda: f.linear(torch.zeros(4, 2, dtype=torch.float64),
                                                     torch.zeros(5, 3))),
        "f_dtype_before_shape": err(lambda: f.linear(torch.zeros(4, 2, dtype=torch.float64),
                                                     torch.zeros(5, 3), torch.zeros(5))),
        "f_bias_3d_expand": err(lambda: f.linear(torch.zeros(2, 4, 3), torch.zeros(5, 3),
                                                 torch.zeros(4))),
        "f_bias_3d_broadcast": err(lambda: f.linear(torch.zeros(2, 4, 3), torch.zeros(5, 3),
                                                    torch.zeros(3, 4, 5))),
        "f_bias_1d_input": err(lambda: f.linear(torch.zeros(3), torch.zeros(5, 3),
                                                torch.zeros(2, 5))),
        "f_bias_2d_input_2d_bias": err(lambda: f.linear(torch.zeros(4, 3), torch.zeros(5, 3),
                                                        torch.zeros(2, 5))),
        "f_w1d_bias": err(lambda: f.linear(torch.zeros(4, 3), torch.zeros(3), torch.zeros(4))),
        "f_w1d_bias_1d": err(lambda: f.linear(torch.zeros(3), torch.zeros(3), torch.zeros(1))),
        "f_bias_3d_row_vector": err(lambda: f.linear(torch.zeros(2, 4, 3), torch.zeros(5, 3),
                                                     torch.zeros(4, 1))),
        "f_bias_3d_too_many_dims": err(lambda: f.linear(torch.zeros(2, 4, 3), torch.zeros(5, 3),
                                                        torch.zeros(1, 1, 5))),
        "f_bias_1d_input_col": err(lambda: f.linear(torch.zeros(3), torch.zeros(5, 3),
                                                    torch.zeros(5, 1))),
        "f_bias_1d_input_ones": err(lambda: f.linear(torch.zeros(3), torch.zeros(5, 3),
                                                     torch.zeros(1, 1))),
        "f_bias_noncontig": err(lambda: f.linear(torch.zeros(4, 2, 2, 3).transpose(0, 1),
                                                 torch.zeros(5, 3), torch.zeros(4, 1))),
        "f_scalar_weight": err(lambda: f.linear(torch.zeros(4, 3), torch.tensor(1.0))),
    }


@case(LINEAR)
def linear_functional_shapes(torch):
    f = torch.nn.functional
    out = {}
    for name, xs, ws, bs in (("mv", (4, 3), (3,), None), ("dot", (3,), (3,), None),
                             ("3d_w1d", (2, 4, 3), (3,), None),
                             ("bias_2d", (4, 3), (5, 3), (4, 5)),
                             ("bias_scalar", (4, 3), (5, 3), ()),
                             ("bias_bcast_3d", (2, 4, 3), (5, 3), (2, 4, 5)),
                             ("bias_1d_input_bcast", (3,), (5, 3), (1,)),
                             ("bias_1d_input_row", (3,), (5, 3), (1, 5)),
                             ("bias_flat_rows", (2, 4, 3), (5, 3), (8, 1)),
                             ("bias_3d_ones", (2, 4, 3), (5, 3), (1, 1, 1)),
                             ("w1d_scalar_bias", (3,), (3,), ())):
        x = arr(torch, 91, *xs, requires_grad=True)
        w = arr(torch, 92, *ws, requires_grad=True)
        b = None if bs is None else arr(torch, 93, *bs, requires_grad=True)
        y = f.linear(x, w, b)
        y.backward(arr(torch, 94, *y.shape))
        out[name] = [y.detach(), tname(y.grad_fn), x.grad, w.grad, None if b is None else b.grad]
    xi = torch.tensor([[1, 2, 3], [4, 5, 6]])
    wi = torch.tensor([[1, 0, -1], [2, 2, 2]])
    out["int"] = [f.linear(xi, wi), f.linear(xi, wi, torch.tensor([10, 20]))]
    xh = arr(torch, 95, 3, 4, dtype=torch.float64).half()
    wh = arr(torch, 96, 2, 4, dtype=torch.float64).half()
    out["half"] = [f.linear(xh, wh), f.linear(xh, wh, torch.ones(2).half())]
    return out


@case(LINEAR)
def linear_attributes(torch):
    nn = torch.nn
    lin = nn.Linear(3, 5)
    nb = nn.Linear(3, 5, bias=False)
    d = nn.Linear(2, 2, dtype=torch.float64)
    z = nn.Linear(0, 2)
    return {"weight": [list(lin.weight.shape), tname(lin.weight), lin.weight.requires_grad],
            "bias": [list(lin.bias.shape)], "nobias": [nb.bias is None, list(nb._parameters)],
            "dtype": [str(d.weight.dtype), str(d.bias.dtype)],
            "zero_in": [list(z.weight.shape), z.bias.tolist()],
            "fields": [lin.in_features, lin.out_features],
            "kw": repr(nn.Linear(in_features=4, out_features=2, bias=False, device="cpu",
                                 dtype=torch.float32))}


@case(LINEAR, numeric=True)
def bilinear_forward_backward(torch):
    nn = torch.nn
    out = {}
    for name, bias, batch in (("bias", True, (3,)), ("nobias", False, (3,)),
                              ("batched", True, (2, 3)), ("single", True, ())):
        m = set_params(torch, nn.Bilinear(2, 4, 3, bias=bias), 61)
        x1 = arr(torch, 62, *batch, 2, requires_grad=True)
        x2 = arr(torch, 63, *batch, 4, requires_grad=True)
        y = m(x1, x2)
        y.backward(arr(torch, 64, *y.shape))
        out[name] = {"y": y.detach(), "x1_grad": x1.grad, "x2_grad": x2.grad,
                     "w_grad": m.weight.grad, "b_grad": None if m.bias is None else m.bias.grad,
                     "params": names(m.named_parameters())}
    m = nn.Bilinear(2, 4, 3)
    out["err_in1"] = err(lambda: m(torch.zeros(3, 3), torch.zeros(3, 4)))
    out["err_in2"] = err(lambda: m(torch.zeros(3, 2), torch.zeros(3, 5)))
    out["err_batch"] = err(lambda: m(torch.zeros(3, 2), torch.zeros(2, 4)))
    out["err_batch_3d"] = err(lambda: m(torch.zeros(5, 3, 2), torch.zeros(5, 2, 4)))
    out["err_ndim"] = err(lambda: m(torch.zeros(3, 2), torch.zeros(2, 3, 4)))
    out["err_ndim_before_size"] = err(lambda: m(torch.zeros(3, 3), torch.zeros(2, 3, 4)))
    out["err_dtype"] = err(lambda: m(torch.zeros(3, 2), torch.zeros(3, 4, dtype=torch.float64)))
    f = torch.nn.functional
    out["err_bias_dtype"] = err(lambda: f.bilinear(torch.zeros(3, 2), torch.zeros(3, 4),
                                                   torch.zeros(3, 2, 4),
                                                   torch.zeros(3, dtype=torch.float64)))
    out["err_bias_size"] = err(lambda: f.bilinear(torch.zeros(3, 2), torch.zeros(3, 4),
                                                  torch.zeros(3, 2, 4), torch.zeros(4)))
    out["err_weight_dim"] = err(lambda: f.bilinear(torch.zeros(3, 2), torch.zeros(3, 4),
                                                   torch.zeros(3, 2, 4, 1)))
    out["grad_fn"] = [tname(m(torch.zeros(2, requires_grad=True), torch.zeros(4)).grad_fn),
                      tname(f.bilinear(torch.zeros(2, requires_grad=True), torch.zeros(4),
                                       torch.zeros(3, 2, 4)).grad_fn)]
    out["shapes"] = [list(m.weight.shape), list(m.bias.shape)]
    return out


@case(LINEAR)
def lazy_linear(torch):
    nn = torch.nn
    m = nn.LazyLinear(4)
    out = {"before": [repr(m), tname(m), tname(m.weight), m.in_features,
                      m.has_uninitialized_params(), names(m.named_parameters())],
           "uninit_repr": repr(m.weight)}
    y = m(torch.zeros(2, 3))
    out["after"] = [repr(m), tname(m), tname(m.weight), m.in_features,
                    list(m.weight.shape), list(m.bias.shape), list(y.shape),
                    hasattr(m, "has_uninitialized_params")]
    nb = nn.LazyLinear(2, bias=False)
    nb(torch.zeros(5))
    out["nobias"] = [repr(nb), nb.bias is None]
    src = set_params(torch, nn.Linear(3, 4), 71)
    lz = nn.LazyLinear(4)
    lz.load_state_dict(src.state_dict())
    x = arr(torch, 72, 2, 3)
    out["loaded"] = [tname(lz.weight), list(lz.weight.shape), lz(x).detach(), src(x).detach(),
                     lz.in_features, tname(lz)]
    seq = nn.Sequential(nn.LazyLinear(3), nn.LazyLinear(1))
    seq(torch.zeros(1, 6))
    out["seq"] = repr(seq)
    lazy = nn.LazyLinear(3)
    p = pickle.loads(pickle.dumps(lazy))
    out["pickled"] = [repr(p), tname(p.weight)]
    p(torch.zeros(2, 5))
    out["pickled_after"] = [repr(p), list(p.weight.shape)]
    c = copy.deepcopy(lazy)
    c(torch.zeros(1, 4))
    out["deepcopy"] = [repr(c), repr(lazy), tname(lazy.weight)]
    lazy(torch.zeros(1, 2))
    out["original_after"] = repr(lazy)
    out["bad_input_after_load"] = err(lambda: lz(torch.zeros(1, 5)))
    return out


@case(LINEAR)
def identity_and_flatten(torch):
    nn = torch.nn
    x = arr(torch, 81, 2, 3, 4, requires_grad=True)
    i = nn.Identity(54, unused="argumentless")
    out = {"identity_same": i(x) is x, "identity_params": len(list(i.parameters()))}
    f = nn.Flatten()
    y = f(x)
    y.backward(arr(torch, 82, *y.shape))
    out["flatten"] = [y.detach(), x.grad]
    out["flatten_range"] = [list(nn.Flatten(0, 1)(x).shape), list(nn.Flatten(-2)(x).shape)]
    u = nn.Unflatten(1, (3, 1))
    out["unflatten"] = [list(u(torch.zeros(2, 3, 4)).shape),
                        list(nn.Unflatten(-1, (2, 2))(torch.zeros(2, 3, 4)).shape)]
    out["unflatten_bad"] = err(lambda: nn.Unflatten(1, 3))
    out["unflatten_bad_elem"] = err(lambda: nn.Unflatten(1, (2, 1.5)))
    return out


ALL = {"module": MODULE, "containers": CONTAINERS, "linear": LINEAR}
