"""Short PyTorch programs (autograd: backward/grad, hooks, grad_fn and next_functions, grad modes,
autograd.Function, autograd.functional, gradcheck, anomaly mode) whose printed output and
exceptions jtorch must reproduce exactly; shared by gen_fidelity_autograd.py (real torch) and
test_fidelity_autograd.py (jtorch).

Each program runs with `torch`, `nn`, `F`, `optim`, `data` (torch.utils.data), `np` and `math`
bound; its stdout and the type and first line of an uncaught exception are compared.
"""
PROGRAMS = {}


def P(name, code):
    PROGRAMS[name] = code


P('grad_allow_unused_create_graph', r'''
x = torch.tensor([1., 2.], requires_grad=True)
y = torch.tensor([3., 4.], requires_grad=True)
z = (x * x).sum()
g = torch.autograd.grad(z, [x, y], create_graph=True, allow_unused=True)
print(g[0], g[1])
g = torch.autograd.grad(z, [x, y], allow_unused=True, retain_graph=True)
print(g)
g = torch.autograd.grad(z, [x, y], materialize_grads=True, retain_graph=True)
print(g)
g = torch.autograd.grad(z, [y], create_graph=True, allow_unused=True)
print(g)
try:
    torch.autograd.grad(z, [x, y], retain_graph=True)
except RuntimeError as e:
    print(str(e))
try:
    torch.autograd.grad(z, y, retain_graph=True)
except RuntimeError as e:
    print(str(e))
''')


P('function_mark_dirty', r'''
class MulInPlace(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        x.mul_(2)
        ctx.mark_dirty(x)
        return x
    @staticmethod
    def backward(ctx, g):
        return g * 2
a = torch.tensor([1., 2., 3.], requires_grad=True)
b = a.clone()
c = MulInPlace.apply(b)
print(c is b, c, b)
print(type(c.grad_fn).__name__, b.grad_fn.name())
c.sum().backward()
print(a.grad)
try:
    MulInPlace.apply(a)
except RuntimeError as e:
    print(str(e))
''')


P('next_functions_basic', r'''
a = torch.randn(3, requires_grad=True)
b = torch.randn(3)
def show(t):
    fn = t.grad_fn
    print(fn.name(), [(f.name() if f is not None else None, i) for f, i in fn.next_functions])
show(a + b)
show(b + a)
show(a * 2)
show(2 * a)
show(a * b)
show(a.sum())
show(a.mean())
show(torch.cat([a, b]))
show(torch.stack([b, a, a]))
m = torch.randn(3, 3, requires_grad=True)
show(m @ a)
show(m @ b)
show(m.mm(m))
show(a - 1)
show(1 - a)
show(a / b)
show(torch.where(b > 0, a, b))
show(a.exp())
show(a[1:])
show(a.view(3, 1))
show(a.unsqueeze(0).expand(2, 3))
show(torch.nn.functional.linear(m, m, a))
show(a.pow(2))
show(a ** b)
show(2 ** a)
''')


P('tensor_hooks_retain_grad', r'''
x = torch.tensor([1., 2., 3.], requires_grad=True)
h1 = x.register_hook(lambda g: print('leaf hook', g) )
h2 = x.register_hook(lambda g: g * 10)
y = x * 2
y.register_hook(lambda g: print('y hook', g))
y.retain_grad()
z = y ** 2
z.retain_grad()
zh = z.register_hook(lambda g: g + 1)
z.sum().backward()
print(x.grad, y.grad, z.grad)
print(y.is_leaf, y.retains_grad, x.retains_grad, z.retains_grad)
h2.remove()
x.grad = None
zh.remove()
(x * 3).sum().backward()
print(x.grad)
try:
    torch.randn(2).register_hook(lambda g: g)
except RuntimeError as e:
    print(e)
x.register_post_accumulate_grad_hook(lambda t: print('post', t.grad))
(x * 1).sum().backward()
a = torch.ones(2, requires_grad=True)
b = a.detach(); print(b.requires_grad, b.is_leaf, b.grad_fn)
try:
    a.retain_grad(); print('leaf retain ok', a.retains_grad)
    torch.ones(2).retain_grad()
except RuntimeError as e:
    print(e)
''')


P('backward_error_messages', r'''
x = torch.tensor([1., 2.], requires_grad=True)
def t(f):
    try:
        r = f(); print('ok', r)
    except Exception as e:
        print(type(e).__name__, str(e).split('\n')[0])
t(lambda: (x * 2).backward())
t(lambda: (x * 2).sum().backward(torch.ones(2)))
y = (x * x).sum()
y.backward()
t(lambda: y.backward())
t(lambda: torch.tensor(1.).backward())
t(lambda: torch.autograd.grad((x * 2).sum(), torch.ones(2)))
t(lambda: torch.autograd.grad((x * 2).sum(), []))
t(lambda: torch.autograd.grad((x * 2), x, torch.ones(3)))
t(lambda: torch.autograd.backward([(x * 2).sum(), x.sum()], [None]))
t(lambda: x.sum().backward(inputs=[]))
z = x.exp()
z2 = z * 1
z.add_(1)
t(lambda: z2.sum().backward())
w = x.exp(); wsum = w.sum()
t(lambda: x.add_(1))
t(lambda: x.sum().backward(retain_graph=True, create_graph=False))
print(x.grad)
i = torch.tensor([1, 2])
t(lambda: i.requires_grad_())
t(lambda: torch.tensor([1, 2], requires_grad=True))
t(lambda: (x * 2).sum().backward(inputs=torch.ones(2)))
t(lambda: torch.autograd.grad((x.sum(), (x * 2).sum()), x))
t(lambda: torch.autograd.grad(x.sum(), x, allow_unused=False, materialize_grads=True))
t(lambda: x.sum().backward(torch.tensor(2.)))
t(lambda: x.grad.sum().backward())
t(lambda: setattr(x, 'grad', torch.ones(3)))
t(lambda: setattr(x, 'grad', torch.ones(2, dtype=torch.float64)))
t(lambda: (x.sum() > 0).backward())
''')


P('function_ctx_features', r'''
class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, k):
        y = x.exp() * k
        ctx.save_for_backward(y)
        ctx.k = k
        print('needs', ctx.needs_input_grad)
        return y
    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return g * y, None
x = torch.tensor([0., 1.], requires_grad=True)
y = Exp.apply(x, 2.0)
print(y, y.grad_fn.name(), type(y.grad_fn).__name__)
print([(f.name() if f else None, i) for f, i in y.grad_fn.next_functions])
y.sum().backward()
print(x.grad)
class Split(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.set_materialize_grads(False)
        return x * 2, x * 3, (x > 0)
    @staticmethod
    def backward(ctx, g1, g2, g3):
        print('g', g1, g2, g3)
        r = 0
        if g1 is not None: r = r + g1 * 2
        if g2 is not None: r = r + g2 * 3
        return r
a, b, c = Split.apply(x)
print(a.requires_grad, c.requires_grad, c.grad_fn)
x.grad = None
a.sum().backward()
print(x.grad)
class ND(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        v, i = x.max(0)
        ctx.mark_non_differentiable(i)
        ctx.save_for_backward(x, i)
        return v, i
    @staticmethod
    def backward(ctx, gv, gi):
        x, i = ctx.saved_tensors
        print('gi', gi)
        g = torch.zeros_like(x); g[i] = gv
        return g
v, i = ND.apply(torch.tensor([1., 5., 2.], requires_grad=True))
print(v, i, i.requires_grad, v.grad_fn.name())
v.backward()
class Bad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x): return x * 1
    @staticmethod
    def backward(ctx, g): return g, g
try:
    Bad.apply(x).sum().backward()
except RuntimeError as e:
    print(e)
class Once(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x): ctx.save_for_backward(x); return x ** 2
    @staticmethod
    @torch.autograd.function.once_differentiable
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return 2 * x * g
xx = torch.tensor([3.], requires_grad=True)
g, = torch.autograd.grad(Once.apply(xx).sum(), xx, create_graph=True)
print(g, g.requires_grad)
try:
    g.backward()
except RuntimeError as e:
    print(e)
print(Exp.apply(torch.ones(2), 1.0).requires_grad)
with torch.no_grad():
    print(Exp.apply(x, 1.0).requires_grad)
''')


P('grad_modes_inference', r'''
x = torch.ones(2, requires_grad=True)
with torch.no_grad():
    y = x * 2
    print(y.requires_grad, torch.is_grad_enabled())
    with torch.enable_grad():
        print((x * 2).requires_grad)
print(torch.is_grad_enabled())
with torch.set_grad_enabled(False):
    print((x + 1).requires_grad)
torch.set_grad_enabled(False); print(torch.is_grad_enabled()); torch.set_grad_enabled(True)
@torch.no_grad()
def f(a): return a * 2
print(f(x).requires_grad)
@torch.enable_grad()
def g(a): return a * 2
with torch.no_grad():
    print(g(x).requires_grad)
with torch.inference_mode():
    z = x * 2
    print(z.requires_grad, z.is_inference(), torch.is_inference_mode_enabled(), torch.is_grad_enabled())
print(z.is_inference(), x.is_inference())
try:
    (z * x).sum().backward()
    print('ok', x.grad)
except RuntimeError as e:
    print(e)
try:
    z.requires_grad_()
except RuntimeError as e:
    print(e)
with torch.inference_mode(False):
    print(torch.is_inference_mode_enabled(), (x*2).requires_grad)
print(type(torch.no_grad()).__name__, torch.no_grad().__class__.__module__)
print(isinstance(torch.set_grad_enabled(True), torch.set_grad_enabled))
w = x.detach()
w.add_(1)
print(x, w._version, x._version)
d = x.data
print(d.requires_grad, d.is_leaf)
''')


P('higher_order_grad_names', r'''
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = (x ** 3).sum()
g, = torch.autograd.grad(y, x, create_graph=True)
print(g, g.grad_fn.name())
h, = torch.autograd.grad(g.sum(), x, create_graph=True)
print(h, h.grad_fn.name() if h.grad_fn else None)
t, = torch.autograd.grad(h.sum(), x)
print(t)
x.grad = None
y = (x.sin() * x).sum()
y.backward(create_graph=True)
print(x.grad.requires_grad, x.grad.grad_fn is not None)
gx = x.grad
x.grad = None
gx.sum().backward()
print(x.grad)
a = torch.tensor(2., requires_grad=True)
b = a * a
gb, = torch.autograd.grad(b, a, create_graph=True)
gb2, = torch.autograd.grad(gb, a)
print(gb, gb2)
lin = (3 * a)
gl, = torch.autograd.grad(lin, a, create_graph=True)
print(gl, gl.requires_grad)
try:
    torch.autograd.grad(gl, a)
except RuntimeError as e:
    print(e)
''')


P('grad_is_grads_batched', r'''
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x ** 2
g, = torch.autograd.grad(y, x, torch.eye(3), is_grads_batched=True)
print(g)
y = torch.stack([x.sum(), (x * x).sum()])
g, = torch.autograd.grad(y, x, torch.tensor([[1., 0.], [0., 1.], [1., 1.]]), is_grads_batched=True)
print(g)
''')


P('grad_accumulation_inputs', r'''
x = torch.tensor([1., 2.], requires_grad=True)
for i in range(3):
    (x * (i + 1)).sum().backward()
    print(x.grad)
g = x.grad
(x * 5).sum().backward()
print(g is x.grad, g)
x.grad.zero_()
print(x.grad)
y = x * x
y.sum().backward(retain_graph=True)
y.sum().backward()
print(x.grad)
x.grad = None
z = (x * 2).sum()
z.backward(inputs=[x])
print(x.grad)
a = torch.ones(2, requires_grad=True); b = torch.ones(2, requires_grad=True)
(a * b * 3).sum().backward(inputs=[a])
print(a.grad, b.grad)
c = a * 2
(c * 3).sum().backward(inputs=[c])
print(c.grad, a.grad)
torch.autograd.backward([(a * 2).sum(), (b * 3).sum()])
print(a.grad, b.grad)
torch.autograd.backward((a * b).sum(), grad_tensors=torch.tensor(2.))
print(a.grad, b.grad)
w = torch.randn(2, 2, requires_grad=True)
out = w.sum()
out.backward()
print(w.grad.is_leaf, w.grad.requires_grad, w.grad.grad_fn)
''')


P('grad_fn_names_many_ops', r'''
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
ops = [lambda: x + 1, lambda: x.t(), lambda: x.T, lambda: x.mT, lambda: x[0], lambda: x[:, 1], lambda: x[x > 2], lambda: x.reshape(4), lambda: x.flatten(), lambda: x.squeeze(), lambda: x.unsqueeze(0), lambda: x.permute(1, 0),
       lambda: x.split(1)[1], lambda: x.unbind(0)[1], lambda: x.chunk(2, 1)[0], lambda: x.max(), lambda: x.max(dim=1)[0], lambda: x.min(1).values, lambda: x.sort(1)[0], lambda: x.topk(1)[0],
       lambda: x.norm(), lambda: x.var(), lambda: x.std(0), lambda: x.prod(), lambda: x.cumprod(0), lambda: x.abs(), lambda: x.clamp(0, 2), lambda: x.clone(), lambda: x.contiguous(), lambda: x.to(torch.float64),
       lambda: x.double(), lambda: x.half(), lambda: x.repeat(2, 1), lambda: x.expand(2, 2, 2), lambda: x.trace(), lambda: x.tril(), lambda: x.logsumexp(1), lambda: x.softmax(0), lambda: x.relu(),
       lambda: torch.nn.functional.gelu(x), lambda: x.amax(1), lambda: x.median(), lambda: x.kthvalue(1)[0], lambda: x.flip(0), lambda: x.roll(1), lambda: x.narrow(0, 0, 1), lambda: x.select(1, 0), lambda: x.view(-1), lambda: x.view_as(x),
       lambda: x.masked_select(x > 1), lambda: x.where(x > 2, 0.), lambda: x.matmul(x), lambda: x @ x[0], lambda: x.det(), lambda: x.inverse(), lambda: x.sqrt().log(), lambda: x.square()]
for f in ops:
    try:
        r = f()
        print(r.grad_fn.name(), [(g.name() if g else None, i) for g, i in r.grad_fn.next_functions])
    except Exception as e:
        print(type(e).__name__, e)
''')


P('gradcheck_gradgradcheck', r'''
x = torch.randn(3, dtype=torch.float64, requires_grad=True)
print(torch.autograd.gradcheck(lambda x: (x ** 2).sin(), (x,)))
print(torch.autograd.gradgradcheck(lambda x: (x ** 3).sum(), (x,)))
class Wrong(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x): return x * 2
    @staticmethod
    def backward(ctx, g): return g * 3
try:
    torch.autograd.gradcheck(Wrong.apply, (x,))
except Exception as e:
    print(type(e).__name__, str(e).split('\n')[0])
print(torch.autograd.gradcheck(Wrong.apply, (x,), raise_exception=False))
x32 = torch.randn(3, requires_grad=True)
try:
    print(torch.autograd.gradcheck(lambda x: x * 2, (x32,)))
except Exception as e:
    print(type(e).__name__, str(e).split('\n')[0])
print(torch.autograd.gradcheck(lambda x, y: x * y, (x, torch.randn(3, dtype=torch.float64))))
try:
    torch.autograd.gradcheck(lambda x: x * 2, (x.detach(),))
except Exception as e:
    print(type(e).__name__, str(e).split('\n')[0])
''')


P('anomaly_and_versions', r'''
print(torch.is_anomaly_enabled())
with torch.autograd.detect_anomaly():
    print(torch.is_anomaly_enabled())
    x = torch.tensor([0., 1.], requires_grad=True)
    y = (x.sqrt() * 0).sum()
    try:
        y2 = (x / x).sum(); y2.backward()
        print(x.grad)
    except RuntimeError as e:
        print(str(e).split('\n')[0])
print(torch.is_anomaly_enabled())
torch.autograd.set_detect_anomaly(True); print(torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled())
torch.autograd.set_detect_anomaly(False)
a = torch.ones(3, requires_grad=True)
b = a * 2
print(b._version)
b.add_(1); print(b._version, b.grad_fn.name())
b[0] = 5; print(b._version, b.grad_fn.name())
c = b.sigmoid()
b.mul_(2)
try:
    c.sum().backward()
    print(a.grad)
except RuntimeError as e:
    print(str(e).split('\n')[0])
d = a.detach(); d.zero_(); print(a, a._version)
v = a[:2]
try:
    v.mul_(2)
except RuntimeError as e:
    print(e)
with torch.no_grad():
    a.mul_(2)
print(a, a.requires_grad, a.is_leaf, a._version)
e = b.sigmoid(); e.mul_(2)
try:
    e.sum().backward()
except RuntimeError as ex:
    print(str(ex).split('\n')[0])
''')


P('requires_grad_propagation', r'''
x = torch.tensor([1.5, -2.5], requires_grad=True)
for f in [lambda: x.argmax(), lambda: x > 0, lambda: x.long(), lambda: x.round(), lambda: x.floor(), lambda: x.sign(), lambda: x.int().float(), lambda: torch.zeros_like(x), lambda: torch.ones_like(x, requires_grad=True), lambda: x.new_zeros(2), lambda: x.detach() * 2, lambda: torch.full_like(x, 2.), lambda: x.clone().detach(), lambda: x.data, lambda: x.type(torch.float64), lambda: x.to('cpu'), lambda: x.cpu(), lambda: x.tolist(), lambda: x.numel(), lambda: x.nonzero(), lambda: x.isnan(), lambda: torch.where(x > 0, x, torch.zeros(2)), lambda: x.trunc(), lambda: x.frac(), lambda: x.ceil()]:
    r = f()
    if isinstance(r, torch.Tensor):
        print(r.requires_grad, r.is_leaf, r.grad_fn.name() if r.grad_fn is not None else None, r)
    else:
        print(r)
try:
    x.numpy()
except RuntimeError as e:
    print(e)
print(x.detach().numpy())
y = x * 2
try:
    y.requires_grad_(False)
except RuntimeError as e:
    print(e)
y2 = torch.ones(2); y2.requires_grad = True; print(y2.is_leaf, y2.grad_fn)
print(repr(torch.tensor(1., requires_grad=True) * 2))
print(torch.tensor([1., 2.], requires_grad=True).sum(), torch.tensor(3., requires_grad=True))
''')


P('function_setup_context_multi_output', r'''
class Cube(torch.autograd.Function):
    @staticmethod
    def forward(x, k):
        return x ** k
    @staticmethod
    def setup_context(ctx, inputs, output):
        x, k = inputs
        ctx.save_for_backward(x)
        ctx.k = k
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * ctx.k * x ** (ctx.k - 1), None
x = torch.tensor([1., 2.], requires_grad=True)
y = Cube.apply(x, 3)
print(y, y.grad_fn.name())
y.sum().backward(); print(x.grad)
g, = torch.autograd.grad(Cube.apply(x, 3).sum(), x, create_graph=True)
print(g, g.requires_grad)
class Twice(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.clone(), x.clone()
    @staticmethod
    def backward(ctx, a, b):
        return a + 2 * b
p, q = Twice.apply(x)
print(p.grad_fn is q.grad_fn, p.grad_fn.name())
x.grad = None
(p.sum() + q.sum()).backward(); print(x.grad)
x.grad = None
q.sum().backward(); print(x.grad)
class View(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x): return x.view(-1)
    @staticmethod
    def backward(ctx, g): return g.view(2)
r = View.apply(x); print(r.grad_fn.name())
''')


P('torch_func_api', r'''
x = torch.tensor([1., 2., 3.])
print(torch.func.grad(lambda x: (x ** 2).sum())(x))
print(torch.func.grad_and_value(lambda x: (x.sin()).sum())(x))
print(torch.func.vmap(lambda v: v * 2)(torch.ones(2, 3)))
print(torch.func.jacrev(lambda x: x.exp())(x))
print(torch.func.jacfwd(lambda x: x ** 2)(x))
print(torch.func.hessian(lambda x: (x ** 3).sum())(x))
out, fn = torch.func.vjp(lambda x: x * 3, x)
print(out, fn(torch.ones(3)))
print(torch.func.jvp(lambda x: x ** 2, (x,), (torch.ones(3),)))
print(torch.func.grad(lambda x, y: (x * y).sum(), argnums=(0, 1))(x, x + 1))
try:
    torch.func.grad(lambda x: x ** 2)(x)
except RuntimeError as e:
    print(e)
''')


P('retain_grad_views_inplace', r'''
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 2
v = y[1:]
v.retain_grad()
y.retain_grad()
(v * v).sum().backward(retain_graph=True)
print(v.grad, y.grad, x.grad)
(v * v).sum().backward()
print(v.grad, y.grad, x.grad)
z = x.exp()
h = z.register_hook(lambda g: None)
print(type(h).__name__)
z.sum().backward()
print(x.grad)
w = x.clone()
w.retain_grad()
w.mul_(2)
w.sum().backward()
print(w.grad, x.grad)
try:
    torch.autograd.grad(x.sum(), x, retain_graph=False)
    print(torch.autograd.grad(x.sum(), x))
except RuntimeError as e:
    print(e)
a = torch.ones(3, requires_grad=True)
b = a.detach_() if False else a.detach()
print(b.data_ptr() == a.data_ptr())
c = a * 1
c.detach_()
print(c.requires_grad, c.grad_fn, c.is_leaf)
''')


P('next_functions_linear_tree', r'''
def tree(fn, d=0):
    if fn is None: return 'None'
    if not fn.next_functions: return fn.name().split('::')[-1]
    return fn.name() + '[' + ', '.join(tree(f, d+1) + ('' if i == 0 else f':{i}') for f, i in fn.next_functions) + ']'
m = torch.randn(3, 4, requires_grad=True); b = torch.randn(3, requires_grad=True)
for shape in [(4,), (5, 4), (2, 5, 4), (2, 2, 5, 4)]:
    x = torch.randn(*shape, requires_grad=True)
    print(shape, tree(F.linear(x, m, b).grad_fn)); print(shape, tree(F.linear(x, m).grad_fn))
    print(shape, tree(F.linear(x, m.detach(), b.detach()).grad_fn))
x = torch.randn(5, 2, 4, requires_grad=True).transpose(0, 1)
print(tree(F.linear(x, m, b).grad_fn)); print(tree(F.linear(x, m).grad_fn))
w1 = torch.randn(4, requires_grad=True)
print(tree(F.linear(torch.randn(5, 4, requires_grad=True), w1).grad_fn))
h = torch.randn(5, 4, requires_grad=True)
t = torch.tensor([0, 1, 2, 3, 0])
print(tree(F.cross_entropy(h, t).grad_fn))
print(tree(F.cross_entropy(h, t, reduction='sum').grad_fn))
print(tree(F.l1_loss(h, torch.zeros(5, 4)).grad_fn))
print(tree(F.l1_loss(h, torch.zeros(5, 4), reduction='none').grad_fn))
print(tree(F.l1_loss(h, torch.zeros(5, 4), reduction='sum').grad_fn))
print(tree(F.dropout(h, 0.5).grad_fn))
print(tree((1 + h).grad_fn), tree((h + 1).grad_fn), tree((2. * h).grad_fn), tree((h / 2).grad_fn))
''')


P('next_functions_ops', r'''
a = torch.randn(3, requires_grad=True); b=torch.randn(3)
m = torch.randn(3, 3, requires_grad=True)
x3 = torch.randn(2, 4, 3, requires_grad=True)
def nm(f): return None if f is None else f.name()
def show(t, depth=1):
    fn=t.grad_fn
    print(fn.name(), [(nm(f), i, [(nm(g), j) for g, j in f.next_functions] if f is not None and depth > 1 else '') for f, i in fn.next_functions])
for t in (torch.where(b>0, a, 0.), torch.where(b>0, 1., a), a + 1, a / 2, 2 / a, a.clamp(b), a.clamp(min=b), F.linear(x3, m, a), F.linear(x3, m), F.linear(x3.transpose(0,1), m, a), F.linear(a, m, a), F.linear(a, m), a.masked_fill(b>0, 1.), torch.lerp(a, b, b), a.remainder(2), torch.atan2(a, b), a.fmod(2), torch.maximum(a, b), a.masked_scatter(b > 0, b), torch.nn.functional.mse_loss(a, b), F.cross_entropy(m, torch.tensor([0,1,2])), F.layer_norm(m, (3,)), F.conv1d(x3.transpose(1,2), m.view(3,3,1)), torch.nn.functional.embedding(torch.tensor([0]), m), a.new_tensor([1.]) if False else a.clone(), a.index_put((torch.tensor([0]),), b[:1]), a.index_add(0, torch.tensor([0]), b[:1]), m.diagonal(), torch.bmm(x3, m.expand(2,3,3)), x3 @ m, a @ m):
    show(t)
show(F.linear(m, m, a), 2)
''')


P('write_through_detach_keeps_history', '''
a = torch.tensor([1.5, .5], requires_grad=True)
x = a / 2.; y = x.detach(); y.clamp_(min=0.5); print(x, x.grad_fn.name(), x.requires_grad, x.is_leaf)
x.sum().backward(); print(a.grad)
b = torch.tensor([1.0, 2.0], requires_grad=True)
z = b * 3; z.data.mul_(2); print(z, z.grad_fn.name())
z.sum().backward(); print(b.grad)
w = torch.tensor([1.0, -2.0], requires_grad=True)
e = w.exp(); e.detach().zero_(); print(e)
try:
    e.sum().backward(); print(w.grad)
except RuntimeError as err: print("RuntimeError", str(err)[:90])
''')
