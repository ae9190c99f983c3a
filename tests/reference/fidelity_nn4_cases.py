"""More short PyTorch programs (area 'nn4'), with the rules of fidelity_nn_cases.py:
each runs with `torch`, `nn`, `F`, `optim`, `data`, `np` and `math` bound; its stdout and the
type and first line of an uncaught exception are compared with real PyTorch's."""
PROGRAMS = {}


def P(name, code):
    PROGRAMS[name] = code


# ---- nn.Parameter shares its source's storage ------------------------------------------------
P('parameter_shares_storage', '''
t = torch.zeros(3); p = nn.Parameter(t); t.add_(1); print(p)
with torch.no_grad(): p.mul_(3)
print(t, p._version == t._version, t.requires_grad, p.is_leaf)
v = torch.zeros(2, 3).unsqueeze(0); q = nn.Parameter(v); v[0, 1] = 5.; print(q)
w = torch.ones(2, 2); lin = nn.Linear(2, 2); lin.weight = nn.Parameter(w); nn.init.constant_(w, 0.5)
print(lin.weight)
o = optim.SGD(lin.parameters(), lr=1.0); lin(torch.ones(1, 2)).sum().backward(); o.step(); print(w)
m2 = nn.Linear(2, 1); b = torch.full((1,), 3.)
m2.load_state_dict({'weight': torch.zeros(1, 2), 'bias': b}, assign=True); b.add_(1); print(m2.bias)
p = nn.Parameter(torch.arange(4.)); s = p.data; s[0] = 10; print(p)
''')

# ---- module containers, attributes, state_dict -------------------------------------------------
P('container_slicing_keys_messages', '''
s = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.ELU(), nn.GELU())
print(list(s[1:3]._modules), list(s[::2]._modules), list(s[::-1]._modules))
ml = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.ELU()])
print(list(ml[1:]._modules), list(ml[::-1]._modules))
from collections import OrderedDict
so = nn.Sequential(OrderedDict([('a', nn.ReLU()), ('b', nn.Tanh())]))
print(so.a, so[0], list(so[1:]._modules)); del so[0]; print(so)
so.append(nn.ELU()); print(list(so._modules))
s3 = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.ELU()); s3.pop(0); print(list(s3._modules))
s4 = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.ELU()); del s4[1:]; print(list(s4._modules), s4)
ml2 = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.ELU()]); del ml2[::2]; print(list(ml2._modules))
ml3 = nn.ModuleList([nn.ReLU()]); ml3[0] = nn.Tanh(); ml3[-1] = nn.ELU(); print(ml3)
try: ml3[2] = nn.ReLU()
except IndexError as e: print(e)
print(bool(nn.Sequential()), bool(nn.ModuleList()))
s5 = nn.Sequential(nn.ReLU()); s5.insert(-1, nn.Tanh()); print(list(s5._modules))
try: s5.insert(5, nn.Tanh())
except IndexError as e: print(e)
s5 += nn.Sequential(nn.ELU()); print(len(s5))
print(nn.Sequential(nn.ReLU()) * 2, 2 * nn.Sequential(nn.ReLU()))
for bad in (lambda: nn.Sequential(nn.ReLU()) * 0, lambda: nn.Sequential(nn.ReLU()) + nn.ReLU(),
            lambda: nn.Sequential(nn.ReLU()) * 1.5, lambda: nn.Linear(1, 1).set_submodule('a', 3),
            lambda: nn.Linear(1, 1).load_state_dict({'weight': [[1.0]], 'bias': torch.zeros(1)})):
    try: bad()
    except Exception as e: print(type(e).__name__, str(e).split(chr(10))[0])
pd = nn.ParameterDict({'x': nn.Parameter(torch.ones(1))})
pd['y'] = torch.zeros(2); print(type(pd['y']).__name__, pd['y'].requires_grad)
pd.update({'z': 3}); print(pd['z'], list(pd.keys()), pd.get('q', 'dflt'))
print(pd)
pl = nn.ParameterList([torch.ones(2)]); pl.append(torch.zeros(1)); pl.extend([nn.Parameter(torch.ones(3))]); print(pl, len(pl))
''')

P('module_setattr_register_errors', '''
m = nn.Linear(2, 2)
tests = [lambda: setattr(m, 'weight', torch.ones(2, 2)), lambda: setattr(m, 'weight', 3), lambda: m.add_module('a.b', nn.ReLU()),
 lambda: m.add_module('', nn.ReLU()), lambda: m.add_module('weight', nn.ReLU()), lambda: m.add_module('x', 3), lambda: m.add_module(3, nn.ReLU()),
 lambda: m.register_module('y', None), lambda: setattr(m, 'sub', nn.ReLU()), lambda: setattr(m, 'sub', 4), lambda: setattr(m, 'sub', None),
 lambda: m.register_parameter('sub', nn.Parameter(torch.ones(1))), lambda: delattr(m, 'bias'), lambda: m.bias, lambda: delattr(m, 'nope'),
 lambda: m.register_buffer('weight', torch.ones(1)), lambda: setattr(m, 'in_features', nn.Parameter(torch.ones(1))),
 lambda: m.set_submodule('q', nn.ReLU()), lambda: m.set_submodule('q.r', nn.ReLU()), lambda: m.set_submodule('', nn.ReLU()),
 lambda: m.get_submodule(''), lambda: m.register_buffer('bf', torch.ones(1)), lambda: setattr(m, 'bf', 5), lambda: setattr(m, 'bf', None),
 lambda: m.bf, lambda: setattr(m, 'bf', torch.zeros(3)), lambda: m.bf, lambda: setattr(m, 'bf', nn.Parameter(torch.ones(1))),
 lambda: m.register_buffer('pb2', 3), lambda: m.register_buffer('', torch.ones(1)), lambda: m.register_buffer(1, torch.ones(1)),
 lambda: m.register_parameter('w', torch.ones(1)), lambda: setattr(m, 'weight', None), lambda: m.weight, lambda: list(m.state_dict()), lambda: print(m)]
for i, t in enumerate(tests):
    try: r = t(); print(i, 'ok', r if not isinstance(r, nn.Module) else type(r).__name__)
    except Exception as e: print(i, type(e).__name__, str(e).split(chr(10))[0])
''')

P('state_dict_strict_hooks_assign', '''
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3), nn.Linear(3, 1))
sd = m.state_dict()
print(list(sd.keys()), type(sd).__name__, sd['1.num_batches_tracked'], sd._metadata)
sd2 = dict(sd); sd2['extra.w'] = torch.zeros(1); del sd2['0.bias']
r = m.load_state_dict(sd2, strict=False); print(r); print(r.missing_keys, r.unexpected_keys, tuple(r))
for bad in [sd2, dict(sd, **{'0.weight': torch.zeros(3, 5)}), [1, 2], dict(sd, **{'0.weight': [1.0]})]:
    try: m.load_state_dict(bad)
    except Exception as e: print(type(e).__name__, str(e))
print(m.load_state_dict({k: v.double() for k, v in sd.items()}), m[0].weight.dtype)
sd = m.state_dict(prefix='net.', keep_vars=True); print(list(sd)[:2], type(sd['net.0.weight']).__name__, sd['net.0.weight'].requires_grad)
d = {}; print(m.state_dict(d, 'p.') is d, len(d))
lin = nn.Linear(2, 1)
def post(mod, incompatible):
    print('post', incompatible.missing_keys, incompatible.unexpected_keys); incompatible.missing_keys.clear()
lin.register_load_state_dict_post_hook(post)
print(lin.load_state_dict({'weight': torch.zeros(1, 2)}))
lin.register_load_state_dict_pre_hook(lambda mod, sd, prefix, md, strict, mk, uk, em: print('pre', repr(prefix), sorted(sd), strict, md))
print(lin.load_state_dict({'weight': torch.ones(1, 2), 'bias': torch.ones(1)}))
lin.register_state_dict_post_hook(lambda mod, sd, prefix, md: sd.__setitem__(prefix + 'extra', torch.tensor(1.)))
print(list(lin.state_dict()))
w = torch.full((1, 2), 3.); m2 = nn.Linear(2, 1)
m2.load_state_dict({'weight': w, 'bias': torch.zeros(1)}, assign=True)
print(m2.weight is w, type(m2.weight).__name__, m2.weight.requires_grad)
try: nn.Linear(2, 1).load_state_dict({'weight': torch.ones(2, 2), 'bias': torch.zeros(1)}, assign=True)
except RuntimeError as e: print(str(e))
''')

P('forward_hooks_with_kwargs_always_call', '''
class M(nn.Module):
    def forward(self, x, scale=1.0):
        return x * scale
m = M()
def pre(mod, args, kwargs):
    print('pre', args, kwargs); return (args[0] + 1,), {'scale': 2.0}
def post(mod, args, kwargs, out):
    print('post', args, kwargs, out); return out + 100
h1 = m.register_forward_pre_hook(pre, with_kwargs=True); h2 = m.register_forward_hook(post, with_kwargs=True)
print(m(torch.ones(2), scale=3.0))
h1.remove(); h2.remove()
m.register_forward_pre_hook(lambda mod, args: args[0] * 10)
h = m.register_forward_hook(lambda mod, args, out: print('post2', args), prepend=True)
m.register_forward_hook(lambda *a: print('always', len(a)), always_call=True)
print(m(torch.ones(2)))
print(type(h).__name__, len(m._forward_hooks), len(m._forward_pre_hooks))
h.remove(); h.remove(); print(len(m._forward_hooks))
shared = nn.Linear(2, 2)
net = nn.Sequential(nn.Sequential(shared, nn.ReLU()), shared, nn.ModuleDict({'x': nn.Linear(2, 1)}))
print([n for n, _ in net.named_modules()], [n for n, _ in net.named_modules(remove_duplicate=False)])
print([n for n, _ in net.named_parameters(prefix='a', remove_duplicate=False)], [n for n, _ in net.named_children()])
print(net.get_submodule('0.0') is shared, net.get_parameter('2.x.bias').shape)
for bad in (lambda: net.get_submodule('0.5'), lambda: net.get_parameter('0.0.nope'), lambda: net.get_buffer('0.0.weight'), lambda: net.train('x')):
    try: bad()
    except Exception as e: print(type(e).__name__, e)
names = []; net.apply(lambda mod: names.append(type(mod).__name__)); print(names)
''')

# ---- losses: every reduction/weight/ignore_index/label_smoothing path, and their errors -------
P('cross_entropy_option_combos', '''
x = torch.tensor([[0.5, -1.2, 0.3], [1.1, 0.2, -0.4], [-0.3, 0.8, 0.1], [0.0, -0.6, 1.4]])
y = torch.tensor([0, 2, 1, 2]); w = torch.tensor([1., 2., 0.5])
for red, ls, ii, wt in [('mean', 0.2, -100, w), ('none', 0.2, 2, w), ('mean', 0.2, 2, w)]:
    v = F.cross_entropy(x, y, weight=wt, ignore_index=ii, reduction=red, label_smoothing=ls)
    print(red, ls, ii, wt is None, [round(a, 4) for a in v.reshape(-1).tolist()])
p = torch.tensor([[0.2, 0.3, 0.5], [0.6, 0.2, 0.2], [0.1, 0.1, 0.8], [1/3, 1/3, 1/3]])
print([round(a, 4) for a in F.cross_entropy(x, p, weight=w, reduction='none', label_smoothing=0.3).tolist()])
yall = torch.full((4,), 2)
print(F.cross_entropy(x, yall, ignore_index=2), F.cross_entropy(x, yall, ignore_index=2, reduction='sum'), F.nll_loss(x, yall, ignore_index=2))
print(F.cross_entropy(torch.zeros(0, 3), torch.zeros(0, dtype=torch.long)))
''')

P('loss_argument_errors', '''
x = torch.zeros(4, 3); y = torch.tensor([0, 2, 1, 2]); r3 = torch.full((3,), 0.5)
tests = [lambda: F.cross_entropy(x, y, reduction='avg'), lambda: F.cross_entropy(x, y.float()),
 lambda: F.cross_entropy(x, torch.full((4, 2), 0.5)), lambda: F.cross_entropy(x, y, label_smoothing=1.5),
 lambda: F.cross_entropy(x, y, weight=torch.ones(2)), lambda: F.cross_entropy(x, y[:3]), lambda: F.nll_loss(x, y.int()),
 lambda: F.nll_loss(x, y, weight=torch.ones(4)), lambda: F.nll_loss(x[0], y[0]), lambda: F.mse_loss(x, torch.zeros(4)),
 lambda: F.binary_cross_entropy(r3, torch.zeros(4)), lambda: F.binary_cross_entropy(r3, r3, weight=torch.ones(2)),
 lambda: F.binary_cross_entropy_with_logits(r3, torch.zeros(4)), lambda: F.kl_div(x, x, reduction='bogus'), lambda: F.l1_loss(x, y),
 lambda: F.smooth_l1_loss(x, x, beta=-1), lambda: F.huber_loss(x, x, delta=0), lambda: F.margin_ranking_loss(r3, r3, torch.ones(2)),
 lambda: F.cosine_embedding_loss(torch.ones(3, 2), torch.ones(3, 2), torch.ones(2)), lambda: F.multi_margin_loss(x, y, p=3),
 lambda: F.gaussian_nll_loss(x, x, torch.ones(4, 2)), lambda: nn.CrossEntropyLoss(reduction='foo')(x, y),
 lambda: F.triplet_margin_loss(torch.ones(3, 2), torch.ones(3, 2), torch.ones(3, 3)), lambda: F.poisson_nll_loss(x, x, reduction='x'),
 lambda: F.soft_margin_loss(x, torch.ones(3)), lambda: F.multilabel_soft_margin_loss(x, torch.ones(4, 2)), lambda: nn.HuberLoss(delta='a')]
for i, t in enumerate(tests):
    try: r = t(); print(i, 'ok', r.shape)
    except Exception as e: print(i, type(e).__name__, str(e).split(chr(10))[0])
''')

P('layer_construction_and_call_errors', '''
x = torch.ones(2, 3)
tests = [lambda: nn.Linear(4, 2)(x), lambda: nn.Linear(3, 2)(torch.ones(2, 3, dtype=torch.float64)), lambda: nn.Linear(3, 2)(torch.ones(2, 3, dtype=torch.long)),
 lambda: nn.Linear(3, 2)(torch.ones(())), lambda: nn.Linear(-1, 2), lambda: nn.Linear(3.5, 2),
 lambda: nn.Conv2d(3, 4, 3)(torch.ones(1, 2, 5, 5)), lambda: nn.Conv2d(3, 4, 3)(torch.ones(1, 3, 2, 2)), lambda: nn.Conv2d(3, 4, 3, groups=2),
 lambda: nn.Conv2d(4, 6, 3, groups=4), lambda: nn.Conv2d(3, 4, 3, padding='same', stride=2), lambda: nn.Conv2d(3, 4, 0),
 lambda: nn.Conv2d(3, 4, 3)(torch.ones(3, 5)), lambda: nn.Conv1d(3, 4, 3)(torch.ones(1, 3, 5, 5)), lambda: nn.MaxPool2d(3)(torch.ones(1, 1, 2, 2)),
 lambda: nn.MaxPool2d(2, padding=2), lambda: nn.AvgPool2d(2)(torch.ones(2)), lambda: nn.Embedding(3, 2)(torch.tensor([1.0])),
 lambda: nn.Embedding(3, 2, padding_idx=3), lambda: nn.Embedding(3, 2, _weight=torch.ones(2, 2)), lambda: nn.Flatten()(torch.tensor(1.)),
 lambda: nn.Unflatten(1, (2, 2))(x), lambda: nn.PReLU(2)(x), lambda: nn.Bilinear(2, 3, 4)(torch.ones(2, 2), torch.ones(3, 3)),
 lambda: nn.MultiheadAttention(5, 2), lambda: nn.PixelShuffle(2)(torch.ones(1, 3, 2, 2)), lambda: nn.Upsample(size=2, scale_factor=2)(torch.ones(1, 1, 2)),
 lambda: nn.Upsample()(torch.ones(1, 1, 2)), lambda: nn.Upsample(scale_factor=2, mode='bilinear')(torch.ones(1, 1, 2)),
 lambda: nn.ConvTranspose2d(2, 2, 3, output_padding=3), lambda: nn.ConvTranspose2d(2, 2, 3, padding_mode='reflect'),
 lambda: nn.LSTMCell(3, 2)(torch.ones(2, 4)), lambda: nn.GRUCell(3, 2)(torch.ones(2, 3), torch.ones(3, 2)), lambda: nn.RNNCell(3, 2)(torch.ones(2, 2, 3)),
 lambda: nn.ReflectionPad1d(3)(torch.ones(1, 1, 3)), lambda: nn.Sequential(nn.Linear(3, 2), nn.Linear(3, 2))(x), lambda: nn.ModuleList([nn.ReLU()])(x),
 lambda: nn.Module()(x), lambda: nn.TransformerEncoderLayer(4, 3), lambda: nn.Hardtanh(2, 1), lambda: nn.Softplus()(torch.ones(2, dtype=torch.long))]
for i, t in enumerate(tests):
    try: r = t(); print(i, 'ok', tuple(r.shape) if torch.is_tensor(r) else type(r).__name__)
    except Exception as e: print(i, type(e).__name__, str(e).split(chr(10))[0])
''')

# ---- optimizers and schedulers ---------------------------------------------------------------
P('custom_optimizer_and_scheduler_subclass', '''
class MySGD(optim.Optimizer):
    def __init__(self, params, lr=0.1, mom=0.5):
        super().__init__(params, dict(lr=lr, mom=mom))
    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad(): loss = closure()
        for g in self.param_groups:
            for p in g['params']:
                if p.grad is None: continue
                st = self.state[p]
                if 'buf' not in st: st['buf'] = torch.zeros_like(p); st['n'] = 0
                st['buf'].mul_(g['mom']).add_(p.grad); st['n'] += 1
                p.add_(st['buf'], alpha=-g['lr'])
        return loss
p = nn.Parameter(torch.tensor([1.0, -2.0])); o = MySGD([p], lr=0.1)
for _ in range(3):
    o.zero_grad(); l = (p ** 2).sum(); l.backward(); o.step()
print(round(l.item(), 5), [round(v, 5) for v in p.tolist()])
print(o)
sd = o.state_dict(); print(sd['param_groups'], sorted(sd['state'][0]), sd['state'][0]['n'])
print(o.step(lambda: (p ** 2).sum()).item() > 0)
o2 = MySGD([nn.Parameter(torch.zeros(2))]); o2.load_state_dict(sd); print(o2.state_dict()['state'][0]['n'])
class Warm(optim.lr_scheduler.LRScheduler):
    def __init__(self, opt, warm, last_epoch=-1):
        self.warm = warm; super().__init__(opt, last_epoch)
    def get_lr(self):
        return [b * min(1.0, (self.last_epoch + 1) / self.warm) for b in self.base_lrs]
s = Warm(o, 4)
for i in range(5): print([round(v, 5) for v in s.get_last_lr()]); o.step(); s.step()
print(s.state_dict())
print(o.state_dict()['param_groups'][0]['initial_lr'])
''')

P('scheduler_edge_paths', '''
def opt(cls=optim.SGD, **kw):
    return cls([nn.Parameter(torch.zeros(1))], **kw)
o = opt(lr=1.0); s = optim.lr_scheduler.CosineAnnealingLR(o, T_max=4)
for i in range(3): o.step(); s.step()
o.param_groups[0]['lr'] = 0.5
for i in range(3): o.step(); s.step(); print(round(s.get_last_lr()[0], 6))
o = opt(optim.Adam, lr=0.1); s = optim.lr_scheduler.OneCycleLR(o, max_lr=[0.5], epochs=2, steps_per_epoch=3)
for i in range(6): print(round(o.param_groups[0]['lr'], 6), tuple(round(b, 6) for b in o.param_groups[0]['betas'])); o.step(); s.step()
try: o.step(); s.step()
except ValueError as e: print(e)
print(sorted(o.param_groups[0].keys()))
try: optim.lr_scheduler.CyclicLR(opt(optim.Adam, lr=0.1), 0.01, 0.1)
except Exception as e: print(type(e).__name__, e)
o = opt(lr=1.0); s = optim.lr_scheduler.ReduceLROnPlateau(o, mode='max', factor=0.1, patience=0, eps=0.05, min_lr=[0.0])
for v in [1, 1, 1, 1, 2, 2]: s.step(v); print(o.param_groups[0]['lr'], s.best)
o = opt(lr=1.0); s = optim.lr_scheduler.ReduceLROnPlateau(o, threshold_mode='rel', threshold=0.5, patience=0)
for v in [1.0, 0.6, 0.4, float('nan'), 0.1]: s.step(v); print(o.param_groups[0]['lr'], s.best, s.num_bad_epochs)
o = opt(lr=1.0); s = optim.lr_scheduler.ReduceLROnPlateau(o, factor=0.5, patience=1, threshold=0.1, threshold_mode='abs', cooldown=1, min_lr=0.2)
for v in [1.0, 0.95, 0.97, 0.99, 0.5, 0.49, 0.48, 0.48, 0.47]: s.step(v); print(o.param_groups[0]['lr'], s.num_bad_epochs, s.cooldown_counter, s.get_last_lr())
print(s.state_dict())
o = opt(lr=1.0); s = optim.lr_scheduler.ExponentialLR(o, 0.5)
s.step(); s2 = optim.lr_scheduler.ExponentialLR(o, 0.5, last_epoch=1); print(s2.get_last_lr(), s2.base_lrs)
o = opt(lr=1.0); s = optim.lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=2, eta_min=0.1)
for i in range(7): o.step(); s.step(); print(round(s.get_last_lr()[0], 5), s.T_cur, s.T_i)
for ep in [0.5, 1.5, 3.2]: s.step(ep); print(round(s.get_last_lr()[0], 5))
for bad in (lambda: optim.lr_scheduler.LambdaLR(o, [lambda e: 1, lambda e: 2]), lambda: optim.lr_scheduler.ReduceLROnPlateau(o, mode='mid'),
            lambda: optim.lr_scheduler.ReduceLROnPlateau(o, factor=1.0), lambda: optim.lr_scheduler.OneCycleLR(o, max_lr=1.0),
            lambda: optim.lr_scheduler.OneCycleLR(o, max_lr=1.0, total_steps=0), lambda: optim.lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=0),
            lambda: optim.lr_scheduler.StepLR(opt(), 2, last_epoch=3)):
    try: bad()
    except Exception as e: print(type(e).__name__, e)
''')

# ---- data ------------------------------------------------------------------------------------
P('data_argument_errors', '''
ds = data.TensorDataset(torch.arange(10))
tests = [lambda: data.TensorDataset(torch.ones(3), torch.ones(4)),
 lambda: data.random_split(ds, [5, 6]), lambda: data.random_split(ds, [0.5, 0.6]), lambda: data.random_split(ds, [-1, 11]),
 lambda: data.DataLoader(ds, batch_size=0), lambda: data.DataLoader(ds, shuffle=True, sampler=data.SequentialSampler(ds)),
 lambda: data.DataLoader(ds, batch_sampler=data.BatchSampler(range(10), 2, False), batch_size=3),
 lambda: data.DataLoader(ds, batch_size=None, drop_last=True), lambda: data.DataLoader(ds, num_workers=-1),
 lambda: data.RandomSampler(ds, num_samples=0), lambda: data.RandomSampler(ds, replacement=1),
 lambda: data.BatchSampler(range(3), 0, False), lambda: data.BatchSampler(range(3), 2, 1),
 lambda: data.WeightedRandomSampler([1.0], -1), lambda: data.WeightedRandomSampler([[1.0]], 1),
 lambda: ds[10], lambda: data.Subset(ds, [20])[0], lambda: data.ConcatDataset([]),
 lambda: data.DataLoader(ds, timeout=-1), lambda: data.DataLoader(ds, prefetch_factor=2),
 lambda: next(iter(data.DataLoader([1, 'a'], batch_size=2))), lambda: next(iter(data.DataLoader([torch.ones(2), torch.ones(3)], batch_size=2))),
 lambda: data.SubsetRandomSampler(5), lambda: data.default_collate([object(), object()]), lambda: data.default_collate([[1, 2], [3]]),
 lambda: len(data.DataLoader(data.TensorDataset(torch.ones(3)), batch_size=None)), lambda: data.DataLoader(ds, batch_size=2)[0],
 lambda: list(data.WeightedRandomSampler([1., 1.], 3, replacement=False)), lambda: data.DistributedSampler(ds, num_replicas=2, rank=2)]
for i, t in enumerate(tests):
    try: r = t(); print(i, 'ok', type(r).__name__)
    except Exception as e: print(i, type(e).__name__, str(e).split(chr(10))[0])
''')

P('dataloader_rng_consumption_and_samplers', '''
torch.manual_seed(0)
ds = data.TensorDataset(torch.arange(6))
for kw in [dict(), dict(shuffle=True), dict(generator=torch.Generator().manual_seed(3)), dict(shuffle=True, generator=torch.Generator().manual_seed(3)), dict(batch_size=None), dict(sampler=[2, 1])]:
    it = iter(data.DataLoader(ds, **kw)); print(round(torch.rand(1).item(), 5), [b[0].tolist() for b in it])
g = torch.Generator().manual_seed(3)
dl = data.DataLoader(ds, batch_size=3, shuffle=True, generator=g)
print([b[0].tolist() for b in dl], [b[0].tolist() for b in dl], g.initial_seed())
rs = data.RandomSampler(ds); print(list(rs), list(rs), round(torch.rand(1).item(), 5))
a, b = data.random_split(ds, [3, 3]); print(a.indices, round(torch.rand(1).item(), 5))
s2 = data.Subset(a, [0, 2]); print(s2[1], len(s2), s2.indices)
print(list(data.SubsetRandomSampler(range(4))), round(torch.rand(1).item(), 5))
ws = data.WeightedRandomSampler(torch.tensor([1., 2., 3.]), 6); print(list(ws), round(torch.rand(1).item(), 5))
ds2 = data.DistributedSampler(ds, num_replicas=2, rank=1, shuffle=True, seed=4); ds2.set_epoch(1); print(list(ds2), len(ds2))
print(list(data.DistributedSampler(range(5), num_replicas=2, rank=0, shuffle=False, drop_last=True)))
class S(data.Sampler):
    def __init__(self, n): self.n = n
    def __iter__(self): return iter(reversed(range(self.n)))
    def __len__(self): return self.n
print([b[0].tolist() for b in data.DataLoader(ds, sampler=S(5), batch_size=2)])
print([b[0].tolist() for b in data.DataLoader(ds, batch_sampler=[[0, 1], [4], [2, 3]])])
''')

P('iterable_dataset_workers_split', '''
class It(data.IterableDataset):
    def __init__(self, n): self.n = n
    def __iter__(self):
        wi = data.get_worker_info()
        if wi is None: return iter(range(self.n))
        return iter(range(wi.id, self.n, wi.num_workers))
print([b.tolist() for b in data.DataLoader(It(7), batch_size=2)])
print([b.tolist() for b in data.DataLoader(It(7), batch_size=2, num_workers=2)])
for bad in (lambda: data.DataLoader(It(3), shuffle=True), lambda: data.DataLoader(It(3), sampler=[0, 1]), lambda: len(data.DataLoader(It(3)))):
    try: bad()
    except Exception as e: print(type(e).__name__, e)
print(list(data.ChainDataset([It(2), It(3)])))
ds = data.TensorDataset(torch.arange(5))
print(data.StackDataset(ds, ds)[1], data.StackDataset(a=ds, b=range(5))[2])
''')

# ---- loss values bit for bit: sums in PyTorch's CPU order; float16/bfloat16 log_softmax -------
P('loss_sums_cpu_order_and_half_log_softmax', '''
torch.manual_seed(0)
a = torch.rand(40, 10) * 4 - 2; b = torch.rand(40, 10) * 4 - 2; p = torch.rand(40, 10); t = (torch.rand(40, 10) > 0.5).float()
print([F.mse_loss(a, b).item(), F.l1_loss(a, b).item(), F.smooth_l1_loss(a, b).item(), F.binary_cross_entropy(p, t).item()])
x = (torch.rand(20, 5) * 6 - 3).half(); y = torch.arange(20) % 5
print(F.log_softmax(x, 1).float().flatten().tolist()[:10])
print(F.cross_entropy(x, y).float().item(), F.cross_entropy(x, y, reduction='none').float().tolist()[:6])
''')


P('threshold_number_overflow_checks', r'''
f = torch.tensor([1., 2.])
u = torch.tensor([1, 200], dtype=torch.uint8)
for fn in (lambda: torch.threshold(u, 300, 1), lambda: torch.threshold(f, 1e39, 2.),
           lambda: torch.threshold(u, 1, 300), lambda: torch.threshold(f.half(), 1e5, 1.),
           lambda: torch.threshold(f.half(), 1., 1e5), lambda: torch.threshold(f.bfloat16(), 1e39, 1.),
           lambda: torch.threshold(f.bfloat16(), 1., 1e39), lambda: torch.threshold(f.double(), 1e300, 1.),
           lambda: torch.threshold(torch.tensor([1, 2], dtype=torch.int8), 1.5, 2),
           lambda: F.threshold(f, 1.5, 0.)):
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
''')
