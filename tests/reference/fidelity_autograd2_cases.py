"""More short PyTorch programs (area 'autograd2'), with the rules of fidelity_autograd_cases.py:
each runs with `torch`, `nn`, `F`, `optim`, `data`, `np` and `math` bound; its stdout and the
type and first line of an uncaught exception are compared with real PyTorch's."""
PROGRAMS = {}


def P(name, code):
    PROGRAMS[name] = code


# shared openings: a try-and-print helper, and autograd.functional's names with small inputs
_TRY = r'''
def t(f):
    try:
        r = f(); print('ok', r)
    except Exception as e:
        print(type(e).__name__, str(e).split('\n')[0])
'''
_FUNCTIONAL = r'''
AF = torch.autograd.functional
jacobian, hessian, vjp, jvp, hvp, vhp = AF.jacobian, AF.hessian, AF.vjp, AF.jvp, AF.hvp, AF.vhp
x = torch.tensor([1., 2.])
y = torch.tensor([3., 4.])
v = torch.tensor([1., 1.])
S = lambda t: torch.dot(t, torch.ones(t.shape[0]))  # (sum: slow to trace twice)
'''


P('functional_argument_errors', _FUNCTIONAL + r'''
def show(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, str(e))
show(lambda: jacobian(lambda a: a * 2, [x]))
show(lambda: jacobian(lambda a: [a * 2], x))
show(lambda: jacobian(lambda a: (a, 3), x))
show(lambda: vjp(lambda a: S(a), (x, 2), (v, v)))
show(lambda: vjp(lambda a: a * 2, x, [v]))
show(lambda: jvp(lambda a: a * 2, x, 3))
show(lambda: vjp(lambda a: a * 2, x))
show(lambda: vjp(lambda a: (S(a),), x))
show(lambda: jvp(lambda a: a * 2, x))
show(lambda: hvp(lambda a: S(a ** 3), x))
show(lambda: vjp(lambda a: (a * 2,), x, (v, v)))
show(lambda: vjp(lambda a: a * 2, x, (v, v)))
show(lambda: jvp(lambda a, b: a * b, (x, y), v))
show(lambda: vjp(lambda a: a * 2, x, torch.ones(2, 1)))
show(lambda: jvp(lambda a: a * 2, x, torch.ones(3)))
show(lambda: hvp(lambda a: a ** 3, x, v))
show(lambda: vhp(lambda a: (S(a ** 3),), x, v))
show(lambda: hessian(lambda a: a ** 3, x))
show(lambda: hessian(lambda a: (S(a ** 3),), x))
show(lambda: hessian(lambda a: 3, x))
show(lambda: jacobian(lambda a: a[:0], x))
show(lambda: jacobian(lambda a: (), x))
''')


P('functional_result_structure', _FUNCTIONAL + r'''
print(vjp(lambda a: a ** 3, x, v))
print(vjp(lambda a: a ** 3, (x,), v))
print(vjp(lambda a: (a ** 3,), x, (v,)))
print(vjp(lambda a, b: (a * b, a + b), (x, y), (v, v)))
print(vjp(lambda a: (a * 2, a.argmax()), x, (v, torch.tensor(1))))
print(jvp(lambda a: a ** 3, x, v))
print(jvp(lambda a: (a ** 3,), x, v))
print(jvp(lambda a, b: (a * b, b.detach()), (x, y), (v, v)))
print(jvp(lambda a: a ** 3, torch.tensor(2.)))
print(hvp(lambda a: S(a ** 3), (x,), (v,)))
print(vhp(lambda a, b: S(a * a * b), (x, y), (v, v)))
print(hvp(lambda a: S(a ** 3).reshape(1, 1), x, v))
print(vhp(lambda a: S(x ** 3), x, v))
print(jacobian(lambda a: (a * 2, S(a)), x))
print(jacobian(lambda a, b: a * b, (x, y)))
print(jacobian(lambda a, b: (a * b, S(a)), (x, y)))
print(jacobian(lambda a: a.reshape(2, 1) * a, x).shape, jacobian(lambda a: S(a), x[:0]))
print(jacobian(lambda a: torch.ones(2), x))
print(hessian(lambda a: S(a ** 3), x))
print(hessian(lambda a: S(a ** 3).reshape(1), (x,)))
print(hessian(lambda a, b: S(a ** 3 * b), (x, y)))
print(hessian(lambda a: S(a * 2), x))
''')


P('functional_strict_mode', _FUNCTIONAL + r'''
w = torch.tensor([5., 6.], requires_grad=True)
def show(f):
    try:
        r = f()
        print('ok', r)
    except Exception as e:
        print(type(e).__name__, str(e))
show(lambda: jacobian(lambda a: torch.ones(2), x, strict=True))
show(lambda: jacobian(lambda a, b: a * 2, (x, y), strict=True))
show(lambda: jacobian(lambda a: (a * a, w * 2), x, strict=True))
show(lambda: jacobian(lambda a: a * 2, x, strict=True, create_graph=True))
show(lambda: jacobian(lambda a, b: a * 2, (x, y), strict=True, create_graph=True))
show(lambda: jacobian(lambda a: a * a, x, strict=True))
show(lambda: vjp(lambda a, b: (a * b, b.detach()), (x, y), (v, v), strict=True))
show(lambda: vjp(lambda a, b: a * a, (x, y), v, strict=True))
show(lambda: vjp(lambda a: a * 2, x, v, strict=True, create_graph=True))
show(lambda: vjp(lambda a: torch.ones(()), x, [v], strict=True))
show(lambda: jvp(lambda a, b: S(a ** 3), (x, y), (v, v), strict=True))
show(lambda: jvp(lambda a: (a * a, w * 2), x, v, strict=True))
show(lambda: jvp(lambda a: (a * a, a * 2), x, v, strict=True, create_graph=True))
show(lambda: hvp(lambda a, b: S(a ** 3), (x, y), (v, v), strict=True))
show(lambda: vhp(lambda a, b: S(a * 2), (x, y), (v, v), strict=True))
show(lambda: hvp(lambda a: torch.ones(()), x, v, strict=True))
show(lambda: hvp(lambda a: S(a * a), x, v, strict=True, create_graph=True))
show(lambda: vhp(lambda a: S(a * a), x, v, strict=True, create_graph=True))
show(lambda: hessian(lambda a: S(a * 2), x, strict=True))
show(lambda: hessian(lambda a, b: S(a ** 3), (x, y), strict=True))
show(lambda: hessian(lambda a: torch.ones(()), x, strict=True))
show(lambda: hessian(lambda a: S(a * a), x, strict=True, create_graph=True))
show(lambda: hessian(lambda a: S(a * a), x, strict=True))
''')


P('functional_vectorize_strategy', r'''
jacobian, hessian = torch.autograd.functional.jacobian, torch.autograd.functional.hessian
x = torch.tensor([1., 2.])
y = torch.tensor([3., 4.])
S = lambda t: torch.dot(t, torch.ones(t.shape[0]))
calls = []
def f(a, *rest):
    calls.append(1)
    return a * a
def show(g):
    try:
        print(g())
    except Exception as e:
        print(type(e).__name__, str(e))
    print('calls', len(calls))
show(lambda: jacobian(f, x, strategy='bad'))
show(lambda: jacobian(f, x, strategy='forward-mode'))
show(lambda: jacobian(f, [x], strategy='forward-mode', create_graph=True, strict=True))
show(lambda: jacobian(f, [x], strategy='forward-mode', strict=True))
show(lambda: jacobian(f, [x], strategy='forward-mode'))
show(lambda: jacobian(f, x, strict=True, vectorize=True))
show(lambda: jacobian(lambda a: torch.ones(2), x, strict=True, vectorize=True))
show(lambda: jacobian(f, x, vectorize=True))
show(lambda: jacobian(f, x, vectorize=True, strategy='forward-mode'))
show(lambda: jacobian(lambda a, b: (a * b, S(a)), (x, y), vectorize=True, strategy='forward-mode'))
show(lambda: jacobian(lambda a, b: a * b, (x, y), vectorize=True, strategy='forward-mode'))
show(lambda: jacobian(lambda a: (a * 2, S(a)), x, vectorize=True, strategy='forward-mode'))
show(lambda: jacobian(lambda a: (a, 3), x, vectorize=True, strategy='forward-mode'))
show(lambda: jacobian(lambda a: a[:0], x, vectorize=True))
show(lambda: hessian(f, [x], outer_jacobian_strategy='bad'))
show(lambda: hessian(f, x, outer_jacobian_strategy='bad'))
show(lambda: hessian(lambda a: S(a ** 3), x, outer_jacobian_strategy='forward-mode'))
show(lambda: hessian(lambda a: S(a ** 3), x, create_graph=True, outer_jacobian_strategy='forward-mode'))
show(lambda: hessian(lambda a: S(a ** 3), x, strict=True, vectorize=True))
show(lambda: hessian(lambda a: S(a ** 3), x, vectorize=True))
''')


P('functional_create_graph', r'''
AF = torch.autograd.functional
jacobian, hessian, vjp, jvp, hvp, vhp = AF.jacobian, AF.hessian, AF.vjp, AF.jvp, AF.hvp, AF.vhp
x = torch.tensor([1., 2.])
xr = torch.tensor([1., 2.], requires_grad=True)
v = torch.tensor([1., 1.])
S = lambda t: torch.dot(t, torch.ones(t.shape[0]))  # (sum: slow to trace twice)
def probe(a):
    print(a.requires_grad, a is xr, a.is_leaf, type(a.grad_fn).__name__)
    return a * a
jacobian(probe, xr); jacobian(probe, xr, create_graph=True); jacobian(probe, x, create_graph=True)
vjp(probe, xr, v); jvp(probe, xr, v, create_graph=True)
r = jacobian(lambda a: a ** 3, xr)
print(r.requires_grad, r.grad_fn)
r = jacobian(lambda a: a ** 3, xr, create_graph=True)
print(r.requires_grad, type(r.grad_fn).__name__)
r.sum().backward(); print(xr.grad)
out, g = vjp(lambda a: a ** 3, xr, v, create_graph=True)
print(out.requires_grad, g.requires_grad)
g.sum().backward(); print(xr.grad)
out, g = vjp(lambda a: a ** 3, xr, v)
print(out.requires_grad, g.requires_grad)
h = hessian(lambda a: S(a ** 3), xr, create_graph=True)
print(h.requires_grad, type(h.grad_fn).__name__)
with torch.no_grad():
    r = jacobian(lambda a: a * a, x)
    print(r, r.requires_grad)
    r = jacobian(lambda a: a * a, x, create_graph=True)
    print(r.requires_grad, type(r.grad_fn).__name__)
    o, g = hvp(lambda a: S(a ** 3), x, v, create_graph=True)
    print(o.requires_grad, g.requires_grad, torch.is_grad_enabled())
''')


P('dirichlet_rsample_gradient', r'''
torch.manual_seed(0)
c = torch.tensor([0.5, 2.0, 3.0], requires_grad=True)
x = torch.distributions.Dirichlet(c).rsample()
print(x, x.grad_fn.name())
print((torch.autograd.grad((x * torch.tensor([1., 2., 3.])).sum(), c)[0] * 1000).round())
a = torch.tensor([0.5, 2.], requires_grad=True)
b = torch.tensor([1.5, 3.], requires_grad=True)
torch.manual_seed(3)
y = torch.distributions.Beta(a, b).rsample()
print(y, [(g * 1000).round() for g in torch.autograd.grad(y.sum(), [a, b])])
''')


P('func_transform_pytrees_errors', r'''
jacrev, jacfwd, jvp, vjp, grad = torch.func.jacrev, torch.func.jacfwd, torch.func.jvp, torch.func.vjp, torch.func.grad
x = torch.tensor([1., 2.])
y = torch.tensor([3., 4.])
def show(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, str(e))
show(lambda: jacrev(lambda a: [a * 2, a.sum()])(x))
show(lambda: jacfwd(lambda a: {'u': a * 2})(x))
show(lambda: jacrev(lambda a: {'s': a['u'].sum(), 'p': a['u'] * a['v']})({'u': x, 'v': y}))
show(lambda: jacrev(lambda a, b: (a * b, a), argnums=(0, 1))(x, y))
show(lambda: jacrev(lambda a: a[0] * a[1])([x, y]))
show(lambda: jacrev(lambda a: (a, 3))(x))
show(lambda: jacfwd(lambda a: 3)(x))
show(lambda: jacrev(lambda a: a, has_aux=True)(x))
show(lambda: jacrev(lambda a: (a * 2, 3), has_aux=True)(x))
show(lambda: jacrev(lambda a: a.argmax())(x))
show(lambda: jacrev(lambda a: a * 2)(torch.tensor([1, 2])))
show(lambda: jacrev(lambda a: a * 2)(x[:0]))
show(lambda: grad(lambda a, b: a.sum(), argnums=1)(x, 3))
for argnums in (2, -2, (0, 0), (), 1.5):
    show(lambda: grad(lambda a: a.sum(), argnums=argnums)(x))
show(lambda: jvp(lambda a: a ** 2, [x], [y]))
show(lambda: jvp(lambda a: a ** 2, (x,), [y]))
show(lambda: jvp(lambda a: a ** 2, ((x, x), [x]), ((y, y), (y,))))
show(lambda: jvp(lambda a: a ** 2, (x,), (3,)))
show(lambda: jvp(lambda a: a ** 2, (x,), (torch.ones(3),)))
show(lambda: jvp(lambda a: a * 2, (torch.tensor([1, 2]),), (torch.tensor([1, 2]),)))
show(lambda: jvp(lambda: x, (), ()))
show(lambda: jvp(lambda a: {'q': a ** 2, 'i': a.argmax()}, (x,), (y,)))
show(lambda: jvp(lambda a: (a ** 2, 3), (x,), (y,), has_aux=True))
o, fn = vjp(lambda a: (a * 2, {'z': a.sum()}), x)
show(lambda: fn((torch.ones(2), {'z': torch.tensor(1.)})))
show(lambda: fn((torch.ones(2), torch.tensor(1.))))
show(lambda: fn([torch.ones(2), {'z': torch.tensor(1.)}]))
show(lambda: vjp(lambda a: a, 3))
''')


P('double_backward_reaches_only_dependencies', '''
x = torch.tensor([1., 2.], requires_grad=True)
y = torch.tensor([3., 4.], requires_grad=True)
gx, gy = torch.autograd.grad((x ** 3).sum() + (y ** 3).sum(), (x, y), create_graph=True)
print(gx, gy)
print(torch.autograd.grad(gx.sum(), (x, y), allow_unused=True, retain_graph=True))
try:
    torch.autograd.grad(gy.sum(), x)
except RuntimeError as e:
    print(e)
print(torch.autograd.functional.hessian(lambda a, b: (a ** 3).sum() * (b ** 2).sum(),
                                        (x.detach(), y.detach())))
try:
    torch.autograd.functional.hessian(lambda a, b: (a ** 3).sum() + (b ** 3).sum(),
                                      (x.detach(), y.detach()), strict=True)
except RuntimeError as e:
    print(e)
w = torch.tensor([1., 2.], requires_grad=True)
g, = torch.autograd.grad((w * x).sum(), x, create_graph=True)
print(g, torch.autograd.grad(g.sum(), (w, x), allow_unused=True))
''')


P('detached_view_rereads_without_history', '''
a = nn.Parameter(torch.zeros(3))
d = a.detach()
with torch.no_grad():
    a.add_(1)
d.requires_grad_()
(d * 2).sum().backward()
print(d.grad, a.grad, d.is_leaf, d.grad_fn)
x = torch.ones(2, requires_grad=True)
y = x * 2
z = y.detach()
with torch.no_grad():
    y.mul_(3)
print(z, z.requires_grad, z.grad_fn)
''')


P('function_backward_return_checks', _TRY + r'''
x = torch.tensor([1., 2.], requires_grad=True)
def mk(fw, bw):
    return type('F', (torch.autograd.Function,), {'forward': staticmethod(fw), 'backward': staticmethod(bw)})
t(lambda: mk(lambda ctx, x, k: x * k, lambda ctx, g: (3, torch.ones(1))).apply(x, 2).sum().backward())
t(lambda: mk(lambda ctx, x, k: x * k, lambda ctx, g: (g, 'a')).apply(x, 2).sum().backward())
t(lambda: mk(lambda ctx, x, k: x * k, lambda ctx, g: (g, 1.0)).apply(x, 2).sum().backward())
t(lambda: mk(lambda ctx, x, k: x * k, lambda ctx, g: [g, None]).apply(x, 2).sum().backward())
t(lambda: mk(lambda ctx, x, k: x * k, lambda ctx, g: (g, None, 3)).apply(x, 2).sum().backward())
t(lambda: mk(lambda ctx, x: [x * 2, x * 3], lambda ctx, a, b: a + b).apply(x))
t(lambda: mk(lambda ctx, x: (x * 2, [x]), lambda ctx, a, b: a).apply(x))
t(lambda: mk(lambda ctx, x: None, lambda ctx, a: a).apply(x))
t(lambda: mk(lambda ctx, x: 5, lambda ctx, a: a).apply(x))
t(lambda: mk(lambda ctx, x: (x*2, None), lambda ctx, a, b: (print('b', b), a)[1]).apply(x)[0].sum().backward())
t(lambda: mk(lambda ctx, x: x.long(), lambda ctx, a: a).apply(x))
t(lambda: mk(lambda ctx, x: x * 2, lambda ctx, a: a.int()).apply(x).sum().backward())
print(x.grad)
x.grad = None
t(lambda: mk(lambda ctx, x: x * 2, lambda ctx, a: a.double() * 3).apply(x).sum().backward())
print(x.grad)
xd = x.detach().double().requires_grad_()
t(lambda: mk(lambda ctx, x: x * 2, lambda ctx, a: a.half()).apply(xd).sum().backward())
print(xd.grad)
t(lambda: mk(lambda ctx, x: x * 2, lambda ctx, a: a.sum()).apply(x).sum().backward())
t(lambda: mk(lambda ctx, x: x * 2, lambda ctx, a: a[:1]).apply(x).sum().backward())
x.grad = None
t(lambda: mk(lambda ctx, x: x * 2, lambda ctx, a: a.expand(3, 2)).apply(x).sum().backward())
print(x.grad)
class NT(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, n):
        print('nig', ctx.needs_input_grad)
        return x * n, n, 'tag'
    @staticmethod
    def backward(ctx, g, gn, gs):
        print('bw', g, gn, gs)
        return g * 2, None
x.grad = None
out = NT.apply(x, 3)
print(out[1], out[2], out[0].grad_fn.name())
out[0].sum().backward(); print(x.grad)
import warnings
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    obj = NT()
print(type(obj).__name__, [(c.category.__name__, str(c.message)[-60:]) for c in w])
''')


P('grad_mode_generators_nesting', r'''
import threading
x = torch.ones(2, requires_grad=True)
@torch.no_grad()
def gen():
    for i in range(2):
        print('in gen', torch.is_grad_enabled())
        yield (x * 2).requires_grad
print(list(gen()), torch.is_grad_enabled())
g = gen(); print(next(g), torch.is_grad_enabled()); print(next(g))
@torch.no_grad
def f1(a): return a * 2
print(f1(x).requires_grad, f1.__name__)
@torch.enable_grad()
def gen2():
    yield torch.is_grad_enabled()
with torch.no_grad():
    print(list(gen2()), torch.is_grad_enabled())
@torch.inference_mode
def f3(a): return a * 2
print(f3(x).is_inference())
@torch.inference_mode(False)
def f4(a): return torch.is_inference_mode_enabled()
with torch.inference_mode():
    print(f4(x), torch.is_inference_mode_enabled())
    with torch.inference_mode(False):
        print(torch.is_grad_enabled(), torch.is_inference_mode_enabled())
        with torch.no_grad():
            print(torch.is_grad_enabled())
        print(torch.is_grad_enabled())
    print(torch.is_grad_enabled())
with torch.no_grad():
    with torch.inference_mode(False):
        print(torch.is_grad_enabled(), torch.is_inference_mode_enabled())
    print(torch.is_grad_enabled())
@torch.set_grad_enabled(False)
def f5(): return torch.is_grad_enabled()
print(torch.is_grad_enabled(), f5(), torch.is_grad_enabled())
with torch.no_grad():
    res = []
    th = threading.Thread(target=lambda: res.append(torch.is_grad_enabled()))
    th.start(); th.join()
    print('thread', res)
torch.set_grad_enabled(False)
res = []
th = threading.Thread(target=lambda: res.append(torch.is_grad_enabled())); th.start(); th.join()
print('thread2', res, torch.is_grad_enabled())
torch.set_grad_enabled(True)
with torch.no_grad(), torch.enable_grad():
    print(torch.is_grad_enabled())
s = torch.set_grad_enabled(False)
print(torch.is_grad_enabled())
with s: print(torch.is_grad_enabled())
print(torch.is_grad_enabled())
try:
    with torch.no_grad():
        raise ValueError('boom')
except ValueError: pass
print(torch.is_grad_enabled())
@torch.no_grad()
def g2():
    try:
        while True:
            v = yield torch.is_grad_enabled()
            print('got', v, torch.is_grad_enabled())
    except KeyError as e:
        print('caught', e, torch.is_grad_enabled())
        yield 'after'
    finally:
        print('finally', torch.is_grad_enabled())
it = g2()
print(next(it), torch.is_grad_enabled())
print(it.send(5), torch.is_grad_enabled())
print(it.throw(KeyError('k')), torch.is_grad_enabled())
it.close(); print(torch.is_grad_enabled())
@torch.inference_mode()
def h():
    yield torch.is_inference_mode_enabled()
    return 7
it = h(); print(next(it), torch.is_inference_mode_enabled())
try: next(it)
except StopIteration as e: print('stop', e.value)
''')


P('grad_outputs_allow_unused_retain', _TRY + r'''
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 2
v = x[1:]
t(lambda: v.requires_grad_(False))
t(lambda: y.requires_grad_(False))
t(lambda: y.detach_())
print(y.requires_grad, y.grad_fn, y.is_leaf)
b = x.detach()[0:2]
t(lambda: b.requires_grad_())
print(b.requires_grad, b.is_leaf)
c = torch.ones(3)[1:]
t(lambda: c.requires_grad_())
print(c.is_leaf, c.requires_grad)
a = torch.tensor(1., requires_grad=True); bb = torch.tensor(2., requires_grad=True)
t(lambda: torch.autograd.grad(a * 2, [a, bb]))
t(lambda: torch.autograd.grad(a * 2, [a, bb], allow_unused=True))
t(lambda: torch.autograd.grad(a * 2, [a, bb], materialize_grads=True))
z = x * 3
t(lambda: torch.autograd.grad(z, x, torch.ones(2), retain_graph=True))
t(lambda: torch.autograd.grad(z, x, torch.ones(3, dtype=torch.float64), retain_graph=True))
t(lambda: torch.autograd.grad(z, x, torch.ones(1, 3), retain_graph=True))
t(lambda: torch.autograd.grad(z, x, torch.ones(3, dtype=torch.int64), retain_graph=True))
t(lambda: torch.autograd.grad(z, x, torch.tensor(2.), retain_graph=True))
t(lambda: torch.autograd.grad(z.sum(), x, torch.tensor([2.]), retain_graph=True))
t(lambda: torch.autograd.grad(z, x, [None], retain_graph=True))
t(lambda: torch.autograd.grad([z, z], x, [torch.ones(3)], retain_graph=True))
t(lambda: z.backward(torch.ones(3, dtype=torch.float16), retain_graph=True))
print(x.grad)
w = x.exp().sum()
w.backward()
t(lambda: w.backward())
t(lambda: torch.autograd.grad(w, x))
w2 = (x * x).sum()
w2.backward(retain_graph=True); w2.backward()
print(x.grad)
t(lambda: w2.backward())
''')


P('grad_fn_repr_common_ops', r'''
x = torch.tensor([[1., -2.], [3., 4.]], requires_grad=True)
m = torch.tensor([[True, False], [False, True]])
ops = [x.view(4), x.transpose(0, 1), x[0], x[:, 0], x[[0, 1]], x[m], torch.cat([x, x]), torch.stack([x, x]), x @ x, x.matmul(x[0]), x.mm(x), torch.softmax(x, 1), F.log_softmax(x, 0),
       x.sum(1), x.sum(dim=0, keepdim=True), x.mean(1), x.mean(), x.expand(3, 2, 2), x[0:1].expand(2, 2), torch.where(m, x, 0.), torch.where(m, x, x * 2), x.masked_fill(m, 0.),
       x.clamp(min=0), x.clamp(max=1.), x.clamp(-1, 1), x.relu(), F.relu(x), x.sigmoid(), x.tanh(), x.unsqueeze(1), x[None], x[..., 1], x.reshape(1, 4), x * 2, 1 - x, x ** 2,
       -x, torch.max(x, x), x.sum(), F.linear(x, x, x[0]), torch.addmm(x, x, x), x.to(torch.float32), x.clone(), x.masked_fill(m, torch.tensor(1.)), x.index_select(0, torch.tensor([1])),
       x.gather(1, torch.tensor([[0], [1]])), x.diagonal(), x.cumsum(0), x.movedim(0, 1), x.split(1)[1], x.max(0).values, torch.einsum('ij,jk->ik', x, x)]
for r in ops:
    print(r)
''')


P('tensor_hook_return_checks', _TRY + r'''
x = torch.tensor([1., 2.], requires_grad=True)
order = []
h1 = x.register_hook(lambda g: order.append(('a', g.tolist())))
h2 = x.register_hook(lambda g: (order.append(('b', g.tolist())), g * 2)[1])
h3 = x.register_hook(lambda g: order.append(('c', g.tolist())))
print(type(h1).__name__, type(h1).__module__)
(x * 3).sum().backward()
print(order, x.grad)
h2.remove(); h2.remove()
order.clear(); x.grad = None
(x * 3).sum().backward()
print(order, x.grad)
# non-leaf hooks
y = x * 2
y.register_hook(lambda g: g + 100)
z = y * y
z.sum().backward()
print(x.grad)
# hook returns wrong shape
w = x * 1
w.register_hook(lambda g: torch.ones(3))
t(lambda: w.sum().backward())
w = x * 1
w.register_hook(lambda g: torch.ones(2, dtype=torch.float64))
x.grad = None
t(lambda: w.sum().backward())
print(x.grad)
w = x * 1
w.register_hook(lambda g: 5)
t(lambda: w.sum().backward())
# post accumulate hook
x.grad = None
pa = []
hp = x.register_post_accumulate_grad_hook(lambda p: pa.append(p.grad.clone()))
(x * 2).sum().backward(); (x * 2).sum().backward()
print(pa, x.grad)
hp.remove()
t(lambda: (x * 2).register_post_accumulate_grad_hook(lambda p: None))
t(lambda: torch.ones(2).register_post_accumulate_grad_hook(lambda p: None))
r = x.register_post_accumulate_grad_hook(lambda p: 7)
t(lambda: (x * 2).sum().backward())
r.remove()
# hook with grad None for unused
a = torch.tensor(1., requires_grad=True)
a.register_hook(lambda g: print('a hook', g))
torch.autograd.grad(a * 2, a)
print(a.grad)
def myhook(g): return g[:1]
w = x * 1; w.register_hook(myhook)
t(lambda: w.sum().backward())
w = x * 1; w.register_hook(lambda g: g.bool())
t(lambda: w.sum().backward())
w = x * 1; w.register_hook(lambda g: [g])
t(lambda: w.sum().backward())
x.grad = None
x.register_hook(lambda g: g * 5)
print(torch.autograd.grad((x * 2).sum(), x))
x.register_post_accumulate_grad_hook(lambda p: p * 2)
t(lambda: (x * 2).sum().backward())
print(x.grad)
with torch.autograd.set_multithreading_enabled(False):
    print(torch.autograd.is_multithreading_enabled())
print(torch.autograd.is_multithreading_enabled())
''')


P('grad_of_views_expanded_inputs', _TRY + r'''
x = torch.tensor([1., 2.], requires_grad=True)
e = x.expand(3, 2)
e.retain_grad()
(e * torch.tensor([[1.], [2.], [3.]])).sum().backward()
print(e.grad, x.grad)
l = torch.ones(3, requires_grad=True)
v = l[1:]
v.retain_grad()
(v * 2).sum().backward(); (v * 2).sum().backward()
print(v.grad, l.grad, v.is_leaf, v.grad_fn.name())
# leaf expanded tensor .grad
base = torch.ones(1, requires_grad=True)
ex = base.detach().expand(3).requires_grad_()
(ex * torch.tensor([1., 2., 3.])).sum().backward()
print(ex.grad, ex.grad.stride(), base.grad)
# grad set manually then accumulate
y = torch.tensor([1., 2.], requires_grad=True)
y.grad = torch.tensor([10., 10.])
g0 = y.grad
(y * 3).sum().backward()
print(y.grad, y.grad is g0)
y.grad = torch.tensor([1., 1.]).expand(2)
(y * 3).sum().backward(); print(y.grad)
t(lambda: setattr(y, 'grad', torch.ones(2, 1)))
t(lambda: setattr(y, 'grad', [1., 2.]))
t(lambda: setattr(y, 'grad', torch.ones(2, dtype=torch.int64)))
y.grad = None
y.sum().backward(); print(y.grad)
# backward with inputs= non-leaf
z = y * 2
w = (z * z).sum()
w.backward(inputs=[z]); print(z.grad, z.retains_grad)
t(lambda: w.backward(inputs=[z], retain_graph=True))
# zero_ and set_ on grad
y.grad.zero_(); (y * 1).sum().backward(); print(y.grad)
t(lambda: torch.autograd.backward(y.sum(), grad_tensors=torch.tensor(2.)))
print(y.grad)
t(lambda: torch.autograd.backward([y.sum(), (y*2).sum()], grad_tensors=[torch.tensor(1.), None]))
print(y.grad)
t(lambda: torch.autograd.backward(y))
''')


P('split_diag_grad_fn_names_and_detach_of_views', _TRY + r'''
x = torch.arange(6.).requires_grad_()
print([u.grad_fn.name() for u in x.split([2, 4])], [u.grad_fn.name() for u in x.split(3)])
print([u.grad_fn.name() for u in x.tensor_split(2)], [u.grad_fn.name() for u in x.view(2, 3).hsplit(3)])
print(torch.diag(x).grad_fn.name(), torch.diag(x.view(2, 3)).grad_fn.name())
y = torch.diag(x.view(2, 3), 1)
y.sum().backward()
print(x.grad)
t(lambda: x[1:].detach_())
t(lambda: torch.ones(3).view(3).detach_())
t(lambda: x.detach().detach_())
t(lambda: (x * 2).detach_())
print(x.detach()._is_view(), x.data._is_view(), x[1:]._is_view())
''')
