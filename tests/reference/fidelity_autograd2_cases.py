"""More short PyTorch programs (area 'autograd2'); same rules as fidelity_autograd_cases.py: each runs with
`torch`, `nn`, `F`, `optim`, `data`, `np` and `math` bound; its stdout and the type and
first line of an uncaught exception are compared with real PyTorch's."""
PROGRAMS = {}


def P(name, code):
    PROGRAMS[name] = code


P('functional_argument_errors', r'''
AF = torch.autograd.functional
jacobian, hessian, vjp, jvp, hvp, vhp = AF.jacobian, AF.hessian, AF.vjp, AF.jvp, AF.hvp, AF.vhp
x = torch.tensor([1., 2.])
y = torch.tensor([3., 4.])
v = torch.tensor([1., 1.])
S = lambda t: torch.dot(t, torch.ones(t.shape[0]))  # (sum: slow to trace twice)
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


P('functional_result_structure', r'''
AF = torch.autograd.functional
jacobian, hessian, vjp, jvp, hvp, vhp = AF.jacobian, AF.hessian, AF.vjp, AF.jvp, AF.hvp, AF.vhp
x = torch.tensor([1., 2.])
y = torch.tensor([3., 4.])
v = torch.tensor([1., 1.])
S = lambda t: torch.dot(t, torch.ones(t.shape[0]))  # (sum: slow to trace twice)
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


P('functional_strict_mode', r'''
AF = torch.autograd.functional
jacobian, hessian, vjp, jvp, hvp, vhp = AF.jacobian, AF.hessian, AF.vjp, AF.jvp, AF.hvp, AF.vhp
x = torch.tensor([1., 2.])
y = torch.tensor([3., 4.])
v = torch.tensor([1., 1.])
S = lambda t: torch.dot(t, torch.ones(t.shape[0]))  # (sum: slow to trace twice)
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
