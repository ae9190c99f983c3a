"""Second set of short PyTorch programs (nn / optim / utils.data) whose printed output and
exceptions jtorch must reproduce exactly; shared by gen_fidelity_nn2.py (real torch) and
test_fidelity_nn2.py (jtorch). Same conventions as fidelity_nn_cases.py: `torch`, `nn`, `F`,
`optim`, `data`, `np` and `math` are bound; stdout and the type and first line of an uncaught
exception are compared.
"""
PROGRAMS = {}


def P(name, code):
    PROGRAMS[name] = code


P('mha_batch_first_dropout_order', '''
def show(t): print([round(v, 4) for v in t.flatten().tolist()][:16])
torch.manual_seed(0)
x = torch.randn(3, 2, 4).transpose(0, 1)
torch.manual_seed(1); show(F.dropout(x, 0.5))
torch.manual_seed(1); show(nn.Dropout(0.5)(x))
torch.manual_seed(1); show(F.dropout(x.permute(2, 0, 1), 0.5, training=True))
torch.manual_seed(0)
mha = nn.MultiheadAttention(4, 2, batch_first=True)
y = torch.randn(2, 3, 4)
o = mha(y, y, y, need_weights=False)[0]
print(o.is_contiguous(), o.stride())
o2 = mha(y, y, y)[0]
print(o2.is_contiguous(), o2.stride())
torch.manual_seed(1); show(F.dropout(o, 0.5))
''')


P('mha_output_strides', '''
torch.manual_seed(0)
mha = nn.MultiheadAttention(4, 2, batch_first=True)
y = torch.randn(2, 3, 4)
mha.eval()
print(mha(y, y, y)[0].stride())
with torch.no_grad():
    print(mha(y, y, y)[0].stride(), mha(y, y, y, need_weights=False)[0].stride())
    print(mha(y, y, y)[0].grad_fn)
mha.train()
print(type(mha(y, y, y)[0].grad_fn).__name__)
m2 = nn.MultiheadAttention(4, 2, batch_first=True, dropout=0.5)
k = torch.randn(2, 5, 4)
o, w = m2(y, k, k)
print(o.stride(), o.is_contiguous(), w.shape)
torch.manual_seed(3); print([round(v, 4) for v in F.dropout(o, 0.3).flatten().tolist()][:12])
''')


P('mha_batch_mismatch_errors', '''
torch.manual_seed(0)
dl = nn.TransformerDecoderLayer(4, 2, dim_feedforward=8)
x = torch.randn(2, 3, 4); y = torch.randn(2, 2, 4)
try: dl(y, x)
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
for kw in [{}, {'batch_first': True}, {'add_bias_kv': True}, {'kdim': 3, 'vdim': 3}]:
    mha = nn.MultiheadAttention(4, 2, **kw)
    kk = torch.randn(2, 3, 3) if 'kdim' in kw else x
    for nw in [True, False]:
        try: mha(y, kk, kk, need_weights=nw); print('ok')
        except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
    try: mha(torch.randn(5, 2, 4), torch.randn(2, 2, 4), torch.randn(3, 2, 4)); print('ok')
    except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
    try: mha(torch.randn(5, 2, 4), torch.randn(2, 3, 4), torch.randn(2, 2, 4)); print('ok')
    except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
mha = nn.MultiheadAttention(4, 2)
try: F.multi_head_attention_forward(y, x, x, 4, 2, mha.in_proj_weight, mha.in_proj_bias, None, None, False, 0.0, mha.out_proj.weight, mha.out_proj.bias)
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
mha = nn.MultiheadAttention(4, 2, kdim=3, vdim=3, batch_first=True)
try: mha(torch.randn(2, 5, 4), torch.randn(2, 4, 3), torch.randn(2, 3, 3)); print('ok')
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
try: mha(torch.randn(2, 5, 4), torch.randn(3, 4, 3), torch.randn(3, 4, 3)); print('ok')
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
''')


P('transformer_layers_batch_first_dropout', '''
torch.manual_seed(5)
def show(t): print([round(v, 4) for v in t[0].flatten().tolist()][:8])
x = torch.randn(2, 3, 4); y = torch.randn(2, 3, 4)
for bf in [False, True]:
    mask = nn.Transformer.generate_square_subsequent_mask(3 if bf else 2)
    torch.manual_seed(0)
    el = nn.TransformerEncoderLayer(4, 2, dim_feedforward=8, dropout=0.5, batch_first=bf)
    show(el(x))
    torch.manual_seed(0)
    dl = nn.TransformerDecoderLayer(4, 2, dim_feedforward=8, dropout=0.5, batch_first=bf)
    show(dl(y, x))
    show(dl(y, x, tgt_mask=mask))
    show(dl(y, x, tgt_mask=mask, tgt_is_causal=True))
    torch.manual_seed(0)
    enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, dim_feedforward=8, dropout=0.5, batch_first=bf), 2, enable_nested_tensor=False)
    show(enc(x))
    torch.manual_seed(0)
    t = nn.Transformer(4, 2, 1, 1, 8, dropout=0.5, batch_first=bf)
    show(t(x, y))
''')


P('transformer_train_dropout', '''
torch.manual_seed(0)
m = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16, dropout=0.1, batch_first=True)
src = torch.randn(2, 5, 8); tgt = torch.randn(2, 4, 8)
mask = nn.Transformer.generate_square_subsequent_mask(4)
print(mask)
opt = optim.AdamW(m.parameters(), lr=1e-2)
for i in range(3):
    opt.zero_grad()
    out = m(src, tgt, tgt_mask=mask, tgt_is_causal=True)
    l = F.mse_loss(out, tgt.flip(-1)); l.backward(); opt.step()
    print(f'{l.item():.4f}')
m.eval()
with torch.no_grad():
    print([round(v, 4) for v in m(src, tgt, tgt_mask=mask)[0, 0].tolist()])
print(sum(p.numel() for p in m.parameters()))
print(list(m.state_dict().keys())[:8])
''')


P('utils_functional_call', '''
torch.manual_seed(0)
m = nn.Linear(3, 2)
x = torch.randn(2, 3)
out = torch.func.functional_call(m, {'weight': torch.ones(2, 3), 'bias': torch.zeros(2)}, (x,))
print(out)
out = nn.utils.stateless.functional_call(m, {'bias': torch.ones(2)}, x)
print([round(v, 4) for v in out.flatten().tolist()])
try: torch.func.functional_call(m, {'foo': torch.ones(1)}, (x,), strict=True)
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
s = nn.utils.skip_init(nn.Linear, 2, 2); print(s)
conv = nn.Conv2d(2, 3, 1); bn = nn.BatchNorm2d(3).eval()
f = nn.utils.fusion.fuse_conv_bn_eval(conv.eval(), bn); print(type(f).__name__, f.bias.shape)
''')


P('repr_rare_layers', '''
print(nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, batch_first=True, norm_first=True))
print(nn.LSTM(4, 8, num_layers=2, proj_size=3, bidirectional=True, batch_first=True))
print(nn.Embedding(10, 3, padding_idx=0, max_norm=1.0, norm_type=3.0, scale_grad_by_freq=True, sparse=True))
print(nn.Embedding(10, 3, padding_idx=-1))
print(nn.EmbeddingBag(10, 3, mode='max', padding_idx=2))
print(nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True))
print(nn.Upsample(size=(4, 5), mode='nearest'))
print(nn.Upsample(scale_factor=(2.0, 1.5)))
print(nn.UpsamplingNearest2d(scale_factor=2)); print(nn.UpsamplingBilinear2d(size=4))
print(nn.PixelShuffle(3)); print(nn.PixelUnshuffle(2))
print(nn.Unflatten(1, (2, 3)))
print(nn.Flatten(0, -1))
print(nn.Bilinear(3, 4, 5, bias=False))
print(nn.MultiheadAttention(8, 2, kdim=4, vdim=6, bias=False, add_bias_kv=True))
print(nn.MultiheadAttention(8, 2, dropout=0.1, batch_first=True))
''')


P('repr_activations_misc', '''
for m in [nn.ELU(alpha=0.5, inplace=True), nn.Hardtanh(-2, 2), nn.LeakyReLU(0.2, True), nn.Softplus(beta=2, threshold=10),
          nn.Softshrink(0.3), nn.Hardshrink(), nn.Threshold(0.1, 20), nn.PReLU(3, init=0.1), nn.RReLU(0.1, 0.3), nn.CELU(2.0),
          nn.GLU(-1), nn.Softmax(dim=1), nn.LogSoftmax(1), nn.Softmin(0), nn.Softmax2d(), nn.ReLU6(True), nn.SiLU(inplace=True), nn.Mish(),
          nn.Hardswish(), nn.Hardsigmoid(), nn.Tanhshrink(), nn.Softsign(), nn.LogSigmoid(), nn.SELU(True), nn.GELU(),
          nn.AlphaDropout(0.2), nn.FeatureAlphaDropout(0.1), nn.Dropout1d(), nn.Dropout2d(0.3, True), nn.Dropout3d(),
          nn.ZeroPad2d((1, 2, 0, 1)), nn.ConstantPad1d(2, 3.5), nn.ReflectionPad2d(1), nn.ReplicationPad3d((1,1,1,1,0,0)), nn.CircularPad2d(1),
          nn.CosineSimilarity(dim=0, eps=1e-6), nn.PairwiseDistance(p=1.0, keepdim=True), nn.Fold((4,4), 2), nn.Unfold(2, dilation=1, padding=1, stride=2),
          nn.ChannelShuffle(2), nn.Identity(3, a=4), nn.AdaptiveLogSoftmaxWithLoss(8, 20, [5, 10], div_value=2.0)]:
    print(m)
''')


P('init_seeded_layers', '''
torch.manual_seed(1)
for m in [nn.Linear(3, 2), nn.Conv1d(2, 2, 2), nn.ConvTranspose2d(2, 1, 2), nn.Bilinear(2, 2, 1), nn.Embedding(3, 2, padding_idx=1),
          nn.GRUCell(2, 2), nn.PReLU(), nn.LayerNorm(2), nn.GroupNorm(1, 2), nn.MultiheadAttention(4, 2)]:
    for n, p in m.named_parameters():
        print(type(m).__name__, n, tuple(p.shape), [round(v, 4) for v in p.detach().flatten().tolist()[:6]])
''')


P('state_dict_strict_messages', '''
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
sd = m.state_dict()
print(list(sd.keys()))
sd2 = dict(sd); del sd2['0.weight']; sd2['extra.w'] = torch.zeros(1)
r = m.load_state_dict(sd2, strict=False)
print(r)
print(r.missing_keys, r.unexpected_keys)
sd3 = dict(sd); sd3['0.bias'] = torch.zeros(4)
try:
    m.load_state_dict(sd3)
except RuntimeError as e:
    print(str(e))
try:
    m.load_state_dict(sd2)
except RuntimeError as e:
    print(str(e))
print(m.load_state_dict(sd))
''')


P('buffers_nonpersistent', '''
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer('a', torch.ones(2))
        self.register_buffer('b', torch.zeros(2), persistent=False)
        self.register_buffer('c', None)
        self.lin = nn.Linear(2, 2)
    def forward(self, x): return self.lin(x) + self.a
m = M()
print(list(m.state_dict().keys()))
print([n for n, _ in m.named_buffers()])
print(len(list(m.buffers())))
print(m)
try:
    m.register_buffer('lin', torch.ones(1))
except KeyError as e: print('KeyError', e)
try:
    m.register_buffer('x.y', torch.ones(1))
except KeyError as e: print('KeyError', e)
try:
    m.register_buffer('q', 3)
except TypeError as e: print('TypeError', e)
try:
    m.register_parameter('p', torch.ones(1))
except TypeError as e: print('TypeError', e)
m.register_parameter('p', None)
print(m.p, 'p' in dict(m.named_parameters()))
print(m.get_buffer('a'), m.get_parameter('lin.bias').shape, m.get_submodule('lin'))
try: m.get_submodule('nope')
except AttributeError as e: print('AttributeError', e)
''')


P('hooks_kwargs_full_backward', '''
torch.manual_seed(0)
m = nn.Linear(3, 2)
log = []
h1 = m.register_forward_pre_hook(lambda mod, inp: log.append(('pre', tuple(inp[0].shape))))
h2 = m.register_forward_hook(lambda mod, inp, out: out * 2)
h3 = m.register_full_backward_hook(lambda mod, gi, go: log.append(('bwd', [None if g is None else tuple(g.shape) for g in gi], [tuple(g.shape) for g in go])))
h4 = m.register_forward_pre_hook(lambda mod, args, kwargs: (args, kwargs), with_kwargs=True)
x = torch.randn(4, 3, requires_grad=True)
y = m(x)
print(y.sum().item().__round__(4))
y.sum().backward()
print(log)
print(x.grad.sum().item().__round__(4))
h2.remove(); h1.remove(); h3.remove(); h4.remove()
print(round(m(x).sum().item(), 4), len(log))
hh = m.register_forward_hook(lambda mod, args, kwargs, out: print('kw', sorted(kwargs)), with_kwargs=True)
m(x)
''')


P('requires_grad_zero_grad', '''
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
print(sum(p.numel() for p in m.parameters()), sum(p.numel() for p in m.parameters() if p.requires_grad))
m[0].requires_grad_(False)
print([p.requires_grad for p in m.parameters()])
print(sum(p.numel() for p in m.parameters() if p.requires_grad))
x = torch.randn(2, 3)
m(x).sum().backward()
print([None if p.grad is None else round(p.grad.sum().item(), 4) for p in m.parameters()])
m.zero_grad()
print([p.grad for p in m.parameters()])
m(x).sum().backward()
m.zero_grad(set_to_none=False)
print([None if p.grad is None else p.grad.sum().item() for p in m.parameters()])
print(m.training, m.eval().training, m[1].training, m.train(False) is m, m.train().training)
r = m.requires_grad_()
print(r is m, all(p.requires_grad for p in m.parameters()))
''')


P('train_sgd_nesterov_state', '''
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 1))
x = torch.randn(16, 4); y = torch.randn(16, 1)
opt = optim.SGD(m.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-3, maximize=False)
for i in range(6):
    opt.zero_grad(); l = F.mse_loss(m(x), y); l.backward(); opt.step()
    print(f'{l.item():.4f}')
print(opt)
sd = opt.state_dict()
print(sd['param_groups'])
print(sorted(sd['state'].keys()), list(sd['state'][0].keys()), sd['state'][0]['momentum_buffer'].shape)
''')


P('train_adam_amsgrad_state', '''
torch.manual_seed(0)
m = nn.Linear(5, 2)
x = torch.randn(10, 5); t = torch.randint(0, 2, (10,))
opt = optim.Adam(m.parameters(), lr=0.01, betas=(0.8, 0.99), amsgrad=True, weight_decay=0.01)
for i in range(5):
    opt.zero_grad(); l = F.cross_entropy(m(x), t); l.backward(); opt.step(); print(f'{l.item():.4f}')
sd = opt.state_dict()
print(list(sd['state'][0].keys()), sd['state'][0]['step'])
print(sd['param_groups'])
print(opt)
''')


P('train_adamw_rmsprop_adagrad', '''
for mk in [lambda p: optim.AdamW(p, lr=0.02), lambda p: optim.RMSprop(p, lr=0.01, alpha=0.9, momentum=0.5, centered=True),
           lambda p: optim.Adagrad(p, lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1), lambda p: optim.RMSprop(p, lr=0.01, weight_decay=0.1)]:
    torch.manual_seed(0)
    m = nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 1))
    x = torch.randn(8, 3); y = torch.randn(8, 1)
    opt = mk(m.parameters())
    ls = []
    for i in range(5):
        opt.zero_grad(); l = F.smooth_l1_loss(m(x), y); l.backward(); opt.step(); ls.append(f'{l.item():.4f}')
    print(type(opt).__name__, ls)
    print(sorted(opt.state_dict()['state'][0].keys()))
    print(opt.state_dict()['param_groups'][0])
''')


P('rnn_packing', '''
torch.manual_seed(0)
seqs = [torch.randn(4, 2), torch.randn(2, 2), torch.randn(3, 2)]
padded = nn.utils.rnn.pad_sequence(seqs, batch_first=True)
print(padded.shape)
lengths = torch.tensor([4, 2, 3])
packed = nn.utils.rnn.pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
print(packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
print(packed.data.shape)
lstm = nn.LSTM(2, 3, batch_first=True)
out, (h, c) = lstm(packed)
print(type(out).__name__)
unp, lens = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=5)
print(unp.shape, lens)
print(unp[1].detach().abs().sum(1).gt(0).tolist())
print(h.shape, [round(v, 4) for v in h[0, :, 0].tolist()])
ps = nn.utils.rnn.pack_sequence(seqs, enforce_sorted=False)
print(ps.batch_sizes)
try:
    nn.utils.rnn.pack_sequence(seqs)
except RuntimeError as e: print('RuntimeError', str(e).splitlines()[0])
try:
    nn.utils.rnn.pack_padded_sequence(padded, torch.tensor([4, 0, 3]), batch_first=True, enforce_sorted=False)
except RuntimeError as e: print('RuntimeError', str(e).splitlines()[0])
print(nn.utils.rnn.pad_sequence(seqs, padding_value=-1.0, padding_side='left')[:, 1, 0])
us = nn.utils.rnn.unpad_sequence(padded, lengths, batch_first=True)
print([u.shape for u in us])
print([u.shape for u in nn.utils.rnn.unpack_sequence(ps)])
print(packed.to(torch.float64).data.dtype, packed.is_cuda)
''')


P('parametrize_register_remove', '''
P = nn.utils.parametrize
torch.manual_seed(0)
class Sym(nn.Module):
    def forward(self, X): return X.triu() + X.triu(1).transpose(-1, -2)
m = nn.Linear(3, 3)
P.register_parametrization(m, 'weight', Sym())
print(m)
print([n for n, _ in m.named_parameters()])
print(list(m.state_dict().keys()))
print(P.is_parametrized(m), P.is_parametrized(m, 'bias'))
w = m.weight
print(torch.allclose(w, w.T))
print(type(m).__name__, type(m).__mro__[1].__name__)
with P.cached():
    print(m.weight is m.weight)
P.remove_parametrizations(m, 'weight', leave_parametrized=True)
print(m, type(m).__name__, [n for n, _ in m.named_parameters()])
m2 = nn.utils.parametrizations.orthogonal(nn.Linear(4, 4))
q = m2.weight
print(torch.allclose(q @ q.T, torch.eye(4), atol=1e-5))
print([n for n, _ in m2.named_parameters()])
m3 = nn.utils.parametrizations.weight_norm(nn.Linear(3, 2))
print([(n, tuple(p.shape)) for n, p in m3.named_parameters()])
print(m3)
''')


P('weight_spectral_norm_hooks', '''
torch.manual_seed(0)
m = nn.utils.weight_norm(nn.Linear(4, 3))
print([(n, tuple(p.shape)) for n, p in m.named_parameters()])
print([round(v, 4) for v in m.weight_g.flatten().tolist()])
x = torch.randn(2, 4)
print([round(v, 4) for v in m(x).flatten().tolist()])
m = nn.utils.remove_weight_norm(m)
print([n for n, _ in m.named_parameters()])
m2 = nn.utils.weight_norm(nn.Conv1d(2, 3, 2), dim=None)
print(m2.weight_g.shape, m2.weight_v.shape)
torch.manual_seed(0)
s = nn.utils.spectral_norm(nn.Linear(5, 4))
print([n for n, _ in s.named_parameters()], [n for n, _ in s.named_buffers()])
print(list(s.state_dict().keys()))
y = s(torch.randn(3, 5))
print([round(v, 4) for v in y.flatten().tolist()[:6]])
s.eval(); print(round(s(torch.ones(1, 5)).sum().item(), 4))
try:
    nn.utils.weight_norm(m)
    nn.utils.weight_norm(m)
except RuntimeError as e: print('RuntimeError', e)
''')


P('dataloader_shuffle_samplers', '''
ds = data.TensorDataset(torch.arange(10), torch.arange(10) * 10)
torch.manual_seed(3)
dl = data.DataLoader(ds, batch_size=3, shuffle=True, drop_last=True)
print(len(dl))
for e in range(2):
    print([b[0].tolist() for b in dl])
g = torch.Generator().manual_seed(42)
dl2 = data.DataLoader(ds, batch_size=4, shuffle=True, generator=g)
print(len(dl2), [b[1].tolist() for b in dl2])
torch.manual_seed(0)
a, b, c = data.random_split(range(10), [0.5, 0.3, 0.2])
print(list(a), list(b), list(c))
a, b = data.random_split(range(7), [0.5, 0.5], generator=torch.Generator().manual_seed(1))
print(list(a), list(b), type(a).__name__)
try: data.random_split(range(5), [2, 2])
except ValueError as e: print('ValueError', e)
s = data.RandomSampler(range(6), replacement=True, num_samples=8, generator=torch.Generator().manual_seed(0))
print(list(s), len(s))
w = data.WeightedRandomSampler([0.1, 0.9, 0.4, 0.0], 6, generator=torch.Generator().manual_seed(0))
print(list(w))
w2 = data.WeightedRandomSampler([1., 2., 3.], 3, replacement=False, generator=torch.Generator().manual_seed(5))
print(list(w2))
print(list(data.BatchSampler(data.SequentialSampler(range(7)), 3, drop_last=False)))
print(len(data.BatchSampler(range(7), 3, True)))
torch.manual_seed(1)
print(list(data.SubsetRandomSampler([5, 6, 7, 8])))
''')


P('collate_dicts_numpy', '''
class D(data.Dataset):
    def __len__(self): return 5
    def __getitem__(self, i):
        return {'x': np.array([i, i + 1], dtype=np.float32), 'y': i, 't': (float(i), 'n%d' % i), 'z': np.float64(i) / 2}
dl = data.DataLoader(D(), batch_size=2)
for b in dl:
    print({k: v for k, v in b.items()})
print(data.default_collate([np.int64(1), np.int64(2)]))
print(data.default_collate([True, False]))
print(data.default_collate([[1, 2], [3, 4]]))
from collections import namedtuple
Pt = namedtuple('Pt', 'a b')
print(data.default_collate([Pt(1, 2.0), Pt(3, 4.0)]))
print(data.default_convert(np.array([1, 2])))
print(data.default_convert({'a': np.zeros(2)}))
dl = data.DataLoader(list(range(5)), batch_size=None)
print(list(dl))
dl = data.DataLoader(list(range(5)), batch_size=2, collate_fn=lambda b: b)
print(list(dl))
try: data.default_collate([[1, 2], [3]])
except RuntimeError as e: print('RuntimeError', e)
try: data.default_collate([object()])
except TypeError as e: print('TypeError', str(e)[:60])
''')


P('datasets_concat_subset_stack', '''
ds1 = data.TensorDataset(torch.arange(4.))
ds2 = data.TensorDataset(torch.arange(10., 13.))
c = ds1 + ds2
print(type(c).__name__, len(c), c[5], c[-1], c.cumulative_sizes)
try: c[7]
except IndexError as e: print('IndexError', e)
s = data.Subset(c, [0, 4, 6])
print(len(s), s[1], s[-1])
print(s.indices)
try: data.TensorDataset(torch.zeros(3), torch.zeros(4))
except AssertionError as e: print('AssertionError', e)
class It(data.IterableDataset):
    def __iter__(self): return iter(range(5))
ch = data.ChainDataset([It(), It()])
print(list(ch))
print(list(data.DataLoader(It(), batch_size=2)))
try: data.DataLoader(It(), shuffle=True)
except ValueError as e: print('ValueError', e)
dl = data.DataLoader(data.TensorDataset(torch.arange(5)), batch_size=2)
print(len(dl), dl.batch_size, dl.drop_last, type(dl.sampler).__name__, type(dl.batch_sampler).__name__)
try: data.DataLoader(range(3), batch_size=2, sampler=[0,1], shuffle=True)
except ValueError as e: print('ValueError', e)
sds = data.StackDataset(ds1, data.TensorDataset(torch.arange(4) * 2))
print(sds[2], len(sds))
sds2 = data.StackDataset(a=ds1, b=ds1)
print(sds2[1])
''')


P('sched_onecycle_3phase_coswr', '''
torch.manual_seed(0)
p = [nn.Parameter(torch.zeros(1))]
opt = optim.SGD(p, lr=0.1, momentum=0.9)
s = optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=10, three_phase=True, anneal_strategy='cos', div_factor=10, final_div_factor=100)
out = []
for i in range(10):
    opt.step(); s.step(); out.append((round(s.get_last_lr()[0], 5), round(opt.param_groups[0]['momentum'], 5)))
print(out)
try: s.step()
except ValueError as e: print('ValueError', e)
print(sorted(k for k in s.state_dict().keys()))
opt = optim.SGD(p, lr=0.1)
s = optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2, eta_min=0.01)
r = []
for i in range(12):
    opt.step(); s.step(); r.append(round(s.get_last_lr()[0], 5))
print(r, s.T_cur, s.T_i)
s.step(2.5); print(round(s.get_last_lr()[0], 6))
print(type(s).__name__, s.last_epoch, s.base_lrs)
''')


P('sched_plateau_cooldown', '''
p = [nn.Parameter(torch.zeros(1))]
opt = optim.Adam(p, lr=1.0)
s = optim.lr_scheduler.ReduceLROnPlateau(opt, mode='min', factor=0.5, patience=1, threshold=0.1, threshold_mode='abs', cooldown=1, min_lr=0.1)
for v in [1.0, 0.95, 0.99, 0.98, 0.97, 0.5, 0.49, 0.48, 0.6, 0.7, 0.8, 0.9, 1.0]:
    s.step(v); print(v, opt.param_groups[0]['lr'], s.num_bad_epochs, s.cooldown_counter, s.get_last_lr())
print(sorted(s.state_dict().keys()))
try: optim.lr_scheduler.ReduceLROnPlateau(opt, factor=1.0)
except ValueError as e: print('ValueError', e)
try: optim.lr_scheduler.ReduceLROnPlateau(opt, mode='x')
except ValueError as e: print('ValueError', e)
s2 = optim.lr_scheduler.ReduceLROnPlateau(opt, mode='max', threshold_mode='rel', eps=0.2)
print(s2.best, s2.mode, s2.threshold)
''')


P('sched_sequential_chained_lambda', '''
p = [nn.Parameter(torch.zeros(1))]
opt = optim.SGD(p, lr=1.0)
s1 = optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=3)
s2 = optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
s = optim.lr_scheduler.SequentialLR(opt, [s1, s2], milestones=[3])
r = []
for i in range(7):
    opt.step(); s.step(); r.append(round(s.get_last_lr()[0], 5))
print(r, s.last_epoch)
print(sorted(s.state_dict().keys()))
opt = optim.SGD(p, lr=1.0)
c = optim.lr_scheduler.ChainedScheduler([optim.lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=2), optim.lr_scheduler.StepLR(opt, 2, 0.1)])
r = []
for i in range(6):
    opt.step(); c.step(); r.append(round(c.get_last_lr()[0], 6))
print(r)
opt = optim.SGD([{'params': [nn.Parameter(torch.zeros(1))]}, {'params': [nn.Parameter(torch.zeros(1))], 'lr': 0.5}], lr=1.0)
l = optim.lr_scheduler.LambdaLR(opt, [lambda e: 0.9 ** e, lambda e: 1 / (e + 1)])
for i in range(3): opt.step(); l.step()
print([round(v, 5) for v in l.get_last_lr()])
print(sorted(l.state_dict().keys()), l.state_dict()['lr_lambdas'])
try: optim.lr_scheduler.LambdaLR(opt, [lambda e: 1])
except ValueError as e: print('ValueError', e)
try: optim.lr_scheduler.SequentialLR(opt, [optim.lr_scheduler.StepLR(opt, 1)], milestones=[1])
except ValueError as e: print('ValueError', e)
''')


P('loss_error_messages', '''
tests = [
 lambda: F.mse_loss(torch.zeros(3), torch.zeros(4)),
 lambda: F.cross_entropy(torch.zeros(3, 4), torch.zeros(4, dtype=torch.long)),
 lambda: F.cross_entropy(torch.zeros(3, 4), torch.zeros(3)),
 lambda: F.nll_loss(torch.zeros(3, 4), torch.tensor([0, 1, 5])),
 lambda: F.binary_cross_entropy(torch.tensor([0.5, 1.5, 0.2]), torch.tensor([0., 1., 0.])),
 lambda: F.binary_cross_entropy_with_logits(torch.zeros(3), torch.zeros(2)),
 lambda: F.kl_div(torch.zeros(2, 3), torch.zeros(3, 2)),
 lambda: F.ctc_loss(torch.zeros(5, 2, 4).log_softmax(2), torch.tensor([[1, 2], [1, 1]]), [5, 5], [2, 3]),
 lambda: F.triplet_margin_loss(torch.zeros(2, 3), torch.zeros(2, 3), torch.zeros(2, 4)),
 lambda: F.cosine_embedding_loss(torch.zeros(2, 3), torch.zeros(2, 3), torch.zeros(3)),
 lambda: F.margin_ranking_loss(torch.zeros(3), torch.zeros(3), torch.zeros(2)),
 lambda: F.multi_margin_loss(torch.zeros(2, 3), torch.tensor([0, 3])),
 lambda: F.huber_loss(torch.zeros(2), torch.zeros(2), delta=-1.0),
 lambda: F.poisson_nll_loss(torch.zeros(2), torch.zeros(3)),
 lambda: F.gaussian_nll_loss(torch.zeros(2, 3), torch.zeros(2, 3), torch.zeros(2, 2)),
 lambda: F.cross_entropy(torch.zeros(3, 4), torch.zeros(3, 4), label_smoothing=1.5),
 lambda: F.l1_loss(torch.zeros(2), torch.zeros(2), reduction='avg'),
 lambda: nn.CrossEntropyLoss(weight=torch.ones(3))(torch.zeros(2, 4), torch.tensor([0, 1])),
 lambda: F.multilabel_margin_loss(torch.zeros(2, 3), torch.zeros(2, 4, dtype=torch.long)),
 lambda: F.soft_margin_loss(torch.zeros(2, 3), torch.zeros(3, 2)),
]
for i, t in enumerate(tests):
    try:
        r = t(); print(i, 'ok', r)
    except Exception as e:
        print(i, type(e).__name__, str(e).splitlines()[0])
''')


P('layer_shape_errors', '''
torch.manual_seed(0)
tests = [
 lambda: nn.Linear(3, 2)(torch.zeros(4, 5)),
 lambda: nn.Conv2d(3, 4, 3)(torch.zeros(1, 2, 5, 5)),
 lambda: nn.Conv2d(3, 4, 3)(torch.zeros(1, 3, 2, 2)),
 lambda: nn.Conv1d(3, 4, 3)(torch.zeros(2, 3, 4, 5, 6)),
 lambda: nn.BatchNorm1d(3)(torch.zeros(2, 4)),
 lambda: nn.BatchNorm2d(3)(torch.zeros(2, 3, 4)),
 lambda: nn.BatchNorm1d(3)(torch.zeros(1, 3)),
 lambda: nn.LayerNorm(4)(torch.zeros(2, 3)),
 lambda: nn.GroupNorm(2, 4)(torch.zeros(2, 3, 5)),
 lambda: nn.Embedding(5, 2)(torch.tensor([1.0])),
 lambda: nn.Embedding(5, 2)(torch.tensor([7])),
 lambda: nn.LSTM(3, 4)(torch.zeros(2, 5, 6)),
 lambda: nn.GRU(3, 4)(torch.zeros(5, 2, 3), torch.zeros(2, 2, 4)),
 lambda: nn.LSTM(3, 4)(torch.zeros(5, 2, 3), torch.zeros(1, 2, 4)),
 lambda: nn.RNN(3, 4)(torch.zeros(5, 2, 3, 1)),
 lambda: nn.MaxPool2d(3)(torch.zeros(1, 1, 2, 2)),
 lambda: nn.AvgPool2d(2, padding=2)(torch.zeros(1, 1, 4, 4)),
 lambda: nn.Bilinear(2, 3, 4)(torch.zeros(5, 2), torch.zeros(4, 3)),
 lambda: nn.MultiheadAttention(8, 2)(torch.zeros(3, 2, 8), torch.zeros(4, 2, 8), torch.zeros(5, 2, 8)),
 lambda: nn.MultiheadAttention(8, 3),
 lambda: nn.PixelShuffle(2)(torch.zeros(1, 3, 2, 2)),
 lambda: nn.Unflatten(1, (2, 3))(torch.zeros(2, 5)),
 lambda: nn.Flatten()(torch.zeros(())),
 lambda: nn.Upsample(scale_factor=2, mode='bilinear')(torch.zeros(1, 2, 3)),
 lambda: nn.InstanceNorm1d(3)(torch.zeros(3)),
 lambda: nn.TransformerEncoderLayer(8, 3),
 lambda: nn.Softmax2d()(torch.zeros(3, 4)),
 lambda: nn.PReLU(3)(torch.zeros(2, 4)),
 lambda: nn.ConvTranspose2d(2, 2, 3, stride=2, output_padding=2)(torch.zeros(1, 2, 3, 3)),
 lambda: nn.GLU()(torch.zeros(2, 3)),
 lambda: nn.LSTMCell(3, 4)(torch.zeros(2, 5)),
 lambda: nn.RNNCell(3, 4)(torch.zeros(2, 3), torch.zeros(3, 4)),
 lambda: nn.EmbeddingBag(5, 2)(torch.tensor([[1, 2]]), torch.tensor([0])),
 lambda: nn.CosineSimilarity()(torch.zeros(2, 3), torch.zeros(2, 4)),
 lambda: nn.Fold((4, 4), 2)(torch.zeros(1, 5, 9)),
 lambda: nn.AdaptiveAvgPool2d(2)(torch.zeros(3)),
 lambda: nn.Dropout(1.5),
 lambda: nn.ReflectionPad1d(3)(torch.zeros(1, 1, 3)),
 lambda: nn.LocalResponseNorm(2)(torch.zeros(3, 4)),
]
for i, t in enumerate(tests):
    try:
        r = t(); print(i, 'ok', tuple(r.shape) if hasattr(r, 'shape') else type(r).__name__)
    except Exception as e:
        print(i, type(e).__name__, str(e).splitlines()[0])
''')


P('optim_param_groups_all', '''
ps = [nn.Parameter(torch.ones(2))]
for cls in [optim.SGD, optim.Adam, optim.AdamW, optim.RMSprop, optim.Adagrad, optim.Adadelta, optim.Adamax, optim.NAdam, optim.RAdam, optim.ASGD, optim.Rprop, optim.LBFGS, optim.Adafactor, optim.SparseAdam]:
    try:
        o = cls(ps, lr=0.1)
    except Exception as e:
        print(cls.__name__, type(e).__name__, e); continue
    print(cls.__name__, o.state_dict()['param_groups'])
    print(o)
''')


P('optim_ctor_errors', '''
p = nn.Parameter(torch.ones(2))
tests = [
 lambda: optim.SGD(p, lr=0.1),
 lambda: optim.SGD([], lr=0.1),
 lambda: optim.SGD([p, p], lr=0.1),
 lambda: optim.SGD([{'params': [p]}, {'params': [p]}], lr=0.1),
 lambda: optim.SGD([p], lr=-1),
 lambda: optim.SGD([p], lr=0.1, momentum=-0.5),
 lambda: optim.SGD([p], lr=0.1, nesterov=True),
 lambda: optim.Adam([p], lr=0.1, betas=(1.0, 0.9)),
 lambda: optim.Adam([p], lr=0.1, eps=-1),
 lambda: optim.Adam([p], lr=0.1, weight_decay=-1),
 lambda: optim.RMSprop([p], alpha=-1),
 lambda: optim.Adagrad([p], lr_decay=-1),
 lambda: optim.SGD([torch.ones(2)], lr=0.1),
 lambda: optim.SGD([{'params': p}], lr=0.1),
 lambda: optim.SGD([p], lr=0.1, foo=1),
 lambda: optim.SGD({'params': [p]}, lr=0.1),
 lambda: optim.Adam([p], lr=torch.tensor(0.01)),
 lambda: optim.SGD([p]),
]
for i, t in enumerate(tests):
    try:
        r = t(); print(i, 'ok', r.param_groups[0]['lr'], len(r.param_groups))
    except Exception as e:
        print(i, type(e).__name__, str(e).splitlines()[0])
o = optim.SGD([p], lr=0.1)
try: o.add_param_group({'params': [p]})
except ValueError as e: print('ValueError', e)
try: o.add_param_group({'lr': 0.1})
except Exception as e: print(type(e).__name__, e)
try: o.load_state_dict({'state': {}, 'param_groups': [{'params': [0, 1], 'lr': 0.1}]})
except ValueError as e: print('ValueError', e)
try: o.load_state_dict({'state': {}, 'param_groups': []})
except ValueError as e: print('ValueError', e)
''')


P('module_shared_copy_setattr', '''
import copy
torch.manual_seed(0)
l = nn.Linear(2, 2)
m = nn.Sequential(l, nn.ReLU(), l)
print(len(list(m.parameters())), len(list(m.named_parameters(remove_duplicate=False))))
print(list(m.state_dict().keys()))
print([n for n, _ in m.named_modules(remove_duplicate=False)])
print(list(m.state_dict(prefix='p.').keys()))
sd = m.state_dict(keep_vars=True)
print(type(sd['0.weight']).__name__, sd['0.weight'].requires_grad)
print(m.state_dict()['0.weight'].requires_grad)
m2 = copy.deepcopy(m)
print(m2[0] is m2[2], m2[0].weight is m[0].weight, torch.equal(m2[0].weight, m[0].weight))
m.double(); print(m[0].weight.dtype); m.half(); print(m[0].bias.dtype); m.float()
m.to(torch.float64); print(m[0].weight.dtype, type(m[0].weight).__name__)
del m[1]
print(m)
m.append(nn.Tanh()); m.insert(0, nn.Identity()); print([type(x).__name__ for x in m])
m.extend([nn.ReLU()]); print(len(m), type(m[1:3]).__name__, m[-1])
print(m.pop(0))
class A(nn.Module):
    def __init__(self):
        super().__init__(); self.w = nn.Parameter(torch.zeros(2)); self.t = torch.ones(1)
a = A()
a.w = nn.Parameter(torch.ones(3)); print(a.w.shape)
try: a.w = torch.ones(3)
except TypeError as e: print('TypeError', e)
del a.w; print(hasattr(a, 'w'), list(a.state_dict()))
a.sub = nn.Linear(1, 1); print([n for n, _ in a.named_children()])
try: a.sub = 3
except TypeError as e: print('TypeError', e)
print(a.t, 't' in a.state_dict())
''')


P('lstm_proj_gru_dropout', '''
torch.manual_seed(0)
lstm = nn.LSTM(3, 5, num_layers=2, proj_size=2, bidirectional=True, dropout=0.0)
print([(n, tuple(p.shape)) for n, p in lstm.named_parameters()][:6])
x = torch.randn(4, 2, 3)
out, (h, c) = lstm(x)
print(out.shape, h.shape, c.shape)
print([round(v, 4) for v in out[-1].flatten().tolist()])
print([round(v, 4) for v in c[:, 0, 0].tolist()])
out.sum().backward()
print(round(lstm.weight_hr_l0.grad.sum().item(), 4), round(lstm.weight_ih_l1_reverse.grad.abs().sum().item(), 4))
torch.manual_seed(1)
g = nn.GRU(3, 4, num_layers=2, dropout=0.5)
o, h = g(x)
print([round(v, 4) for v in o[-1, 0].tolist()])
g.eval(); o2, _ = g(x); print([round(v, 4) for v in o2[-1, 0].tolist()])
print(lstm.all_weights[0][0].shape, len(lstm.all_weights), [len(w) for w in lstm.all_weights])
''')


P('mha_masks_kdim', '''
torch.manual_seed(0)
mha = nn.MultiheadAttention(6, 2, batch_first=True, kdim=4, vdim=5)
q = torch.randn(2, 3, 6); k = torch.randn(2, 4, 4); v = torch.randn(2, 4, 5)
kpm = torch.tensor([[False, False, True, True], [False, False, False, True]])
am = torch.zeros(3, 4); am[0, 1] = float('-inf')
o, w = mha(q, k, v, key_padding_mask=kpm, attn_mask=am)
print(o.shape, w.shape, [round(x, 4) for x in w[0, 0].tolist()])
o, w = mha(q, k, v, key_padding_mask=kpm, need_weights=True, average_attn_weights=False)
print(w.shape, [round(x, 4) for x in o[1, 2].tolist()])
o, w = mha(q, k, v, need_weights=False); print(w)
print([n for n, _ in mha.named_parameters()])
m2 = nn.MultiheadAttention(4, 2, add_bias_kv=True, add_zero_attn=True)
x = torch.randn(3, 1, 4)
o, w = m2(x, x, x)
print(w.shape, [round(a, 4) for a in w[0, 0].tolist()])
print([n for n, _ in m2.named_parameters()])
''')


P('embedding_bag_pretrained', '''
torch.manual_seed(0)
eb = nn.EmbeddingBag(10, 3, mode='sum')
inp = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]); off = torch.tensor([0, 4])
psw = torch.rand(8)
print([round(v, 4) for v in eb(inp, off, per_sample_weights=psw).flatten().tolist()])
eb2 = nn.EmbeddingBag(10, 3, mode='mean', include_last_offset=True)
print(eb2(inp, torch.tensor([0, 3, 8])).shape)
eb3 = nn.EmbeddingBag.from_pretrained(torch.arange(12.).view(4, 3), mode='max', padding_idx=0)
print(eb3(torch.tensor([[0, 1], [2, 3]])))
print(eb3)
try: eb2(inp, off, per_sample_weights=psw)
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
e = nn.Embedding.from_pretrained(torch.tensor([[1., 2.], [3., 4.], [0., 5.]]), freeze=False, max_norm=2.0)
print(e(torch.tensor([1, 2])))
print(e.weight)
print(e)
print(F.one_hot(torch.tensor([0, 2]), 4))
''')


P('init_functions', '''
def r(t): return [round(v, 4) for v in t.flatten().tolist()[:6]]
torch.manual_seed(0)
w = torch.empty(3, 5)
print(r(nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='leaky_relu', a=0.1)))
print(r(nn.init.kaiming_uniform_(w, a=math.sqrt(5))))
print(r(nn.init.xavier_normal_(w, gain=nn.init.calculate_gain('tanh'))))
print(r(nn.init.trunc_normal_(w, mean=0.5, std=2.0, a=-1.0, b=1.0)))
print(r(nn.init.orthogonal_(torch.empty(3, 5), gain=2.0)))
print(r(nn.init.sparse_(torch.empty(6, 3), sparsity=0.5, std=0.1)))
print(nn.init.dirac_(torch.empty(2, 2, 3)))
print(nn.init.eye_(torch.empty(2, 3)))
print(r(nn.init.uniform_(w, -2, 2)), r(nn.init.normal_(w, 1, 0.1)), r(nn.init.constant_(w, 0.3)), r(nn.init.ones_(w)), r(nn.init.zeros_(w)))
print([nn.init.calculate_gain(n) for n in ['linear', 'conv2d', 'sigmoid', 'relu', 'selu']], nn.init.calculate_gain('leaky_relu', 0.2))
try: nn.init.calculate_gain('foo')
except ValueError as e: print('ValueError', e)
try: nn.init.kaiming_uniform_(torch.empty(3))
except ValueError as e: print('ValueError', e)
try: nn.init.orthogonal_(torch.empty(3))
except ValueError as e: print('ValueError', e)
try: nn.init.kaiming_normal_(torch.empty(2, 2), mode='fan')
except ValueError as e: print('ValueError', e)
g = torch.Generator().manual_seed(7)
print(r(nn.init.normal_(torch.empty(4), generator=g)))
print(r(nn.init.xavier_uniform_(torch.empty(2, 3, 4))))
''')


P('clip_grad_utils', '''
torch.manual_seed(0)
m = nn.Linear(3, 2)
m(torch.randn(4, 3)).pow(2).sum().backward()
ps = list(m.parameters())
n = nn.utils.clip_grad_norm_(ps, 0.5)
print(round(n.item(), 4), round(torch.cat([p.grad.flatten() for p in ps]).norm().item(), 4), n.dtype, n.shape)
n = nn.utils.clip_grad_norm_(ps, 0.1, norm_type=1.0); print(round(n.item(), 4))
n = nn.utils.clip_grad_norm_(ps, 0.1, norm_type='inf'); print(round(n.item(), 4))
print(nn.utils.clip_grad_norm_([], 1.0))
p = nn.Parameter(torch.ones(2)); p.grad = torch.tensor([float('nan'), 1.0])
print(nn.utils.clip_grad_norm_(p, 1.0), p.grad)
q = nn.Parameter(torch.ones(3)); q.grad = torch.tensor([3.0, -4.0, 0.5])
nn.utils.clip_grad_value_(q, 1.0); print(q.grad)
v = nn.utils.parameters_to_vector(m.parameters()); print(v.shape)
nn.utils.vector_to_parameters(torch.arange(8.), m.parameters()); print(m.bias, m.weight)
try: nn.utils.vector_to_parameters(torch.arange(8.), m.parameters()); nn.utils.vector_to_parameters([1], m.parameters())
except TypeError as e: print('TypeError', e)
g = nn.utils.get_total_norm([torch.ones(2), torch.ones(3) * 2]); print(g)
nn.utils.clip_grads_with_norm_([q], 1.0, torch.tensor(10.0)); print(q.grad)
''')


P('sched_cyclic_poly_misc', '''
import warnings
p = [nn.Parameter(torch.zeros(1))]
opt = optim.Adam(p, lr=0.1)
try: optim.lr_scheduler.CyclicLR(opt, 0.01, 0.1)
except ValueError as e: print('ValueError', e)
s = optim.lr_scheduler.CyclicLR(opt, 0.01, 0.1, step_size_up=2, cycle_momentum=False)
print(s.get_last_lr(), opt.param_groups[0]['lr'])
r = []
for i in range(6): opt.step(); s.step(); r.append(round(s.get_last_lr()[0], 4))
print(r)
opt = optim.SGD(p, lr=0.1)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    s = optim.lr_scheduler.StepLR(opt, 2)
    s.step()
    print([str(x.message)[:70] for x in w])
print(s.get_last_lr(), s.last_epoch, s.state_dict())
s2 = optim.lr_scheduler.MultiStepLR(opt, milestones=[3, 1, 3], gamma=0.5)
print(s2.milestones, s2.state_dict()['milestones'])
opt2 = optim.SGD(p, lr=1.0)
s3 = optim.lr_scheduler.PolynomialLR(opt2, total_iters=4, power=2.0)
r = []
for i in range(6): opt2.step(); s3.step(); r.append(round(s3.get_last_lr()[0], 5))
print(r)
try: optim.lr_scheduler.StepLR(opt2, 2, last_epoch=3)
except KeyError as e: print('KeyError', e)
opt3 = optim.SGD(p, lr=1.0)
s4 = optim.lr_scheduler.CosineAnnealingLR(opt3, T_max=3, eta_min=0.1)
r = []
for i in range(8): opt3.step(); s4.step(); r.append(round(s4.get_last_lr()[0], 5))
print(r)
print(opt3.param_groups[0].keys())
''')


P('optim_state_dict_hooks', '''
torch.manual_seed(0)
m = nn.Linear(2, 2)
opt = optim.Adam([{'params': [m.weight]}, {'params': [m.bias], 'lr': 0.5, 'betas': (0.5, 0.6)}], lr=0.01)
m(torch.randn(3, 2)).sum().backward(); opt.step()
sd = opt.state_dict()
print(sd['param_groups'])
print({k: {kk: (vv.shape if hasattr(vv, 'shape') else vv) for kk, vv in v.items()} for k, v in sd['state'].items()})
print(sd['state'][0]['step'], sd['state'][0]['step'].dtype)
opt2 = optim.Adam([{"params": [m.weight]}, {"params": [m.bias]}], lr=0.1)
opt2.load_state_dict(sd)
print(opt2.param_groups[1]['lr'], opt2.param_groups[1]['betas'], len(opt2.state))
print(opt2.state[m.bias]['exp_avg'])
opt.zero_grad(); print(m.weight.grad)
calls = []
h = opt.register_step_pre_hook(lambda o, a, k: calls.append('pre'))
h2 = opt.register_step_post_hook(lambda o, a, k: calls.append('post'))
m(torch.randn(3, 2)).sum().backward(); opt.step(); print(calls); h.remove(); h2.remove()
opt.step(); print(calls)
sgd = optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
print(sgd.state_dict()['state'])
sgd.step(); print(sorted(sgd.state_dict()['state'].keys()), sgd.state_dict()['state'][0])
print(opt.defaults)
''')


P('seeded_forward_layers', '''
def r(t): return [round(v, 4) for v in t.flatten().tolist()[:6]]
torch.manual_seed(0)
x = torch.randn(2, 3, 8, 8)
for m in [nn.Conv2d(3, 4, 3, padding='same', padding_mode='circular'), nn.ConvTranspose2d(3, 2, 3, stride=2, groups=1, dilation=2),
          nn.BatchNorm2d(3), nn.InstanceNorm2d(3, affine=True, track_running_stats=True), nn.GroupNorm(3, 3), nn.LocalResponseNorm(2),
          nn.Upsample(scale_factor=1.5, mode='bicubic', align_corners=False), nn.Upsample(size=(5, 7), mode='bilinear'),
          nn.Upsample(scale_factor=0.5, mode='area'), nn.Upsample(scale_factor=2, mode='nearest-exact'),
          nn.PixelShuffle(1), nn.AdaptiveAvgPool2d((3, 5)), nn.AdaptiveMaxPool2d(3), nn.FractionalMaxPool2d(2, output_size=3),
          nn.LPPool2d(3, 2), nn.MaxPool2d(3, 2, 1, dilation=2, ceil_mode=True), nn.AvgPool2d(3, 2, 1, ceil_mode=True, count_include_pad=False),
          nn.Dropout2d(0.5), nn.AlphaDropout(0.3), nn.ZeroPad2d(1), nn.Flatten(2), nn.Unfold(3, stride=2), nn.Softmax2d(),
          nn.CircularPad2d((1, 2, 0, 1)), nn.Hardswish(), nn.Mish(), nn.SiLU(), nn.CELU(), nn.Softplus(2, 1)]:
    y = m(x)
    print(type(m).__name__, tuple(y.shape), r(y))
m = nn.InstanceNorm2d(3, affine=True, track_running_stats=True); m(x); print(r(m.running_mean), r(m.running_var), m.num_batches_tracked)
''')


P('pool_indices_unpool', '''
torch.manual_seed(0)
x = torch.randn(1, 2, 5, 5)
y, i = nn.MaxPool2d(2, return_indices=True)(x)
print(i)
print(nn.MaxUnpool2d(2)(y, i, output_size=(5, 5)).shape)
print(nn.MaxUnpool2d(2))
y1, i1 = F.max_pool1d(x[0], 2, return_indices=True); print(i1[0])
y3, i3 = nn.AdaptiveMaxPool2d(2, return_indices=True)(x); print(i3)
try: nn.MaxUnpool2d(2)(y, i, output_size=(9, 9))
except ValueError as e: print('ValueError', e)
print(F.max_pool2d(x, 2, ceil_mode=True).shape, F.avg_pool2d(x, 3, stride=2, padding=1).shape)
print(nn.MaxPool3d(2)(torch.randn(1, 1, 4, 4, 4)).shape)
y2, i2 = F.fractional_max_pool2d(x, 2, output_ratio=0.5, return_indices=True); print(y2.shape, i2[0, 0])
''')


P('train_conv_bn_onecycle_rmsprop', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Conv1d(2, 4, 3, padding=1, bias=False), nn.BatchNorm1d(4), nn.ReLU(), nn.Dropout(0.2), nn.Flatten(), nn.Linear(32, 3))
x = torch.randn(6, 2, 8); y = torch.tensor([0, 1, 2, 0, 1, 2])
opt = optim.RMSprop(model.parameters(), lr=0.01, momentum=0.9, centered=True, weight_decay=1e-4)
sched = optim.lr_scheduler.OneCycleLR(opt, max_lr=0.05, total_steps=6)
for i in range(6):
    opt.zero_grad(); l = F.cross_entropy(model(x), y, label_smoothing=0.1); l.backward(); opt.step(); sched.step()
    print(f'{l.item():.4f}', round(sched.get_last_lr()[0], 6), round(opt.param_groups[0]['momentum'], 4))
model.eval()
print([round(v, 4) for v in model(x)[0].tolist()])
print([round(v, 4) for v in model[1].running_var.tolist()], model[1].num_batches_tracked)
''')


P('train_more_optimizers', '''
for mk in [lambda p: optim.SGD(p, lr=0.1, momentum=0.8, dampening=0.0, nesterov=True, maximize=True),
           lambda p: optim.Adam(p, lr=0.05, amsgrad=True, maximize=True),
           lambda p: optim.Adagrad(p, lr=0.5, weight_decay=0.1, maximize=False, eps=1e-8),
           lambda p: optim.AdamW(p, lr=0.05, weight_decay=0.5, amsgrad=True, betas=(0.7, 0.8)),
           lambda p: optim.NAdam(p, lr=0.05, decoupled_weight_decay=True, weight_decay=0.1),
           lambda p: optim.RAdam(p, lr=0.05, decoupled_weight_decay=True, weight_decay=0.1)]:
    torch.manual_seed(1)
    m = nn.Sequential(nn.Linear(4, 8), nn.GELU(), nn.LayerNorm(8), nn.Linear(8, 2))
    x = torch.randn(10, 4); y = torch.randn(10, 2)
    opt = mk(m.parameters())
    out = []
    for i in range(6):
        opt.zero_grad(); l = F.huber_loss(m(x), y, delta=0.5); l.backward(); opt.step(); out.append(f'{l.item():.4f}')
    print(type(opt).__name__, out)
''')


P('parameter_list_dict_repr', '''
torch.manual_seed(0)
pl = nn.ParameterList([nn.Parameter(torch.randn(2, 3)), nn.Parameter(torch.zeros(4, dtype=torch.float64)), torch.ones(1)])
print(pl)
pd = nn.ParameterDict({'a': nn.Parameter(torch.ones(2)), 'b': torch.zeros(3, 1)})
print(pd)
pd['c'] = nn.Parameter(torch.ones(1), requires_grad=False)
print(pd, list(pd.keys()), len(pd))
print([n for n, _ in pd.named_parameters()], [n for n, _ in pl.named_parameters()])
class M(nn.Module):
    def __init__(self):
        super().__init__(); self.pl = pl; self.lin = nn.Linear(1, 1)
    def extra_repr(self): return 'line1' + chr(10) + 'line2'
print(M())
print(nn.ModuleList())
print(nn.Sequential())
pl.append(nn.Parameter(torch.ones(2))); print(len(pl), type(pl[2]).__name__, pl[2].requires_grad)
print(pd.pop('a').shape, list(pd.keys()), 'b' in pd)
''')


P('load_state_dict_assign_errors', '''
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1))
sd = {k: v.clone() for k, v in m.state_dict().items()}
sd['0.weight'] = torch.zeros(4, 2); sd['1.weight'] = torch.zeros(2, 3); sd['z'] = torch.ones(1); del sd['1.bias']
try: m.load_state_dict(sd)
except RuntimeError as e: print(str(e))
try: m.load_state_dict(sd, strict=False)
except RuntimeError as e: print(str(e))
m2 = nn.Linear(2, 2)
w = torch.full((2, 2), 3.0)
r = m2.load_state_dict({'weight': w, 'bias': torch.zeros(2)}, assign=True)
print(r, type(m2.weight).__name__, m2.weight.requires_grad, m2.weight is w)
try: m2.load_state_dict({'weight': [1, 2], 'bias': torch.zeros(2)})
except RuntimeError as e: print(str(e))
try: m2.load_state_dict([1])
except TypeError as e: print('TypeError', e)
from collections import OrderedDict
sd = m.state_dict()
print(type(sd).__name__, hasattr(sd, '_metadata'), sd._metadata if hasattr(sd, '_metadata') else None)
bn = nn.BatchNorm1d(2)
sd = bn.state_dict(); del sd['num_batches_tracked']
print(bn.load_state_dict(sd))
''')


P('dataloader_misc', '''
class It(data.IterableDataset):
    def __iter__(self): return iter(range(7))
dl = data.DataLoader(It(), batch_size=3, drop_last=True)
print(list(dl))
try: print(len(dl))
except TypeError as e: print('TypeError', e)
class ItL(It):
    def __len__(self): return 7
print(len(data.DataLoader(ItL(), batch_size=3)), len(data.DataLoader(ItL(), batch_size=3, drop_last=True)))
ds = data.TensorDataset(torch.arange(6))
try: data.DataLoader(ds, batch_size=2, batch_sampler=data.BatchSampler(range(6), 2, False))
except ValueError as e: print('ValueError', e)
dl = data.DataLoader(ds, batch_sampler=[[0, 1], [5, 4, 3]])
print(list(dl), len(dl))
print(data.default_collate(['a', 'b']), data.default_collate([b'x', b'y']))
print(data.default_collate([{'a': [1, 2]}, {'a': [3, 4]}]))
print(data.default_collate([np.array(1.5), np.array(2.5)]))
print(data.default_collate([torch.tensor(1), torch.tensor(2)]).dtype, data.default_collate([1.0, 2]).dtype)
print(data.get_worker_info())
torch.manual_seed(0)
dl = data.DataLoader(range(10), batch_size=4, shuffle=True)
it = iter(dl); print(next(it)); torch.manual_seed(0); print(next(it))
print(list(data.DataLoader(range(10), batch_size=4, sampler=data.RandomSampler(range(10), generator=torch.Generator().manual_seed(3)))))
s = data.SequentialSampler(range(3)); print(list(s), len(s))
try: data.RandomSampler(range(3), num_samples=0)
except ValueError as e: print('ValueError', e)
try: data.BatchSampler(range(3), 0, False)
except ValueError as e: print('ValueError', e)
dl = data.DataLoader(ds, batch_size=4, pin_memory=False, timeout=0, prefetch_factor=None)
print(dl.dataset is ds, dl.num_workers, [b[0].tolist() for b in dl])
''')


P('rnn_cells_errors', '''
torch.manual_seed(0)
for cell in [nn.RNNCell(3, 4, nonlinearity='relu'), nn.GRUCell(3, 4, bias=False), nn.LSTMCell(3, 4)]:
    x = torch.randn(5, 2, 3)
    h = None
    for t in range(5):
        h = cell(x[t]) if h is None else cell(x[t], h)
    hh = h[0] if isinstance(h, tuple) else h
    print(type(cell).__name__, [round(v, 4) for v in hh.flatten().tolist()])
c = nn.GRUCell(3, 4); print(c(torch.randn(3)).shape)
try: c(torch.randn(2, 3), torch.randn(4))
except RuntimeError as e: print('RuntimeError', str(e).splitlines()[0])
try: c(torch.randn(2, 2, 3))
except ValueError as e: print('ValueError', e)
r = nn.RNN(3, 4, 1, batch_first=True, bidirectional=True)
o, h = r(torch.randn(3, 3))
print(o.shape, h.shape)
try: r(torch.randn(2, 5, 3), torch.randn(1, 2, 4))
except RuntimeError as e: print('RuntimeError', e)
print(r.weight_ih_l0_reverse.shape, r._flat_weights_names)
r.flatten_parameters()
''')


P('prune_methods', '''
import importlib; prune = importlib.import_module(torch.__name__ + ".nn.utils.prune")
torch.manual_seed(0)
m = nn.Sequential(nn.Conv2d(2, 4, 3), nn.Linear(5, 3))
prune.random_unstructured(m[0], 'weight', amount=0.3)
print(int(m[0].weight_mask.sum().item()), m[0].weight_mask[0, 0])
prune.ln_structured(m[0], 'weight', amount=0.5, n=2, dim=0)
print(m[0].weight_mask.sum(dim=(1, 2, 3)), type(m[0]._forward_pre_hooks[next(iter(m[0]._forward_pre_hooks))]).__name__)
prune.random_structured(m[1], 'weight', amount=1, dim=1)
print(m[1].weight_mask)
prune.l1_unstructured(m[1], 'bias', amount=2, importance_scores=torch.tensor([3., 1., 2.]))
print(m[1].bias_mask, list(m.state_dict().keys()))
x = torch.randn(1, 2, 5, 5)
y = m[0](x); print(y.shape, (m[0].weight == 0).sum().item())
prune.global_unstructured([(m[0], 'bias'), (m[1], 'weight')], pruning_method=prune.L1Unstructured, amount=4)
print(m[0].bias_mask, m[1].weight_mask)
prune.custom_from_mask(m[0], 'bias', torch.tensor([1., 0., 1., 1.]))
print(m[0].bias_mask)
for mod, n in [(m[0], 'weight'), (m[0], 'bias'), (m[1], 'weight'), (m[1], 'bias')]:
    prune.remove(mod, n)
print(prune.is_pruned(m), [n for n, _ in m.named_parameters()], list(m.state_dict().keys()))
try: prune.remove(m[0], 'weight')
except ValueError as e: print('ValueError', str(e)[:60])
try: prune.l1_unstructured(m[1], 'weight', amount=1.5)
except ValueError as e: print('ValueError', e)
try: prune.l1_unstructured(m[1], 'weight', amount=100)
except ValueError as e: print('ValueError', e)
print([n for n, _ in m[1].named_parameters()])
try: prune.ln_structured(m[1], 'bias', amount=1, n=1, dim=0)
except ValueError as e: print('ValueError', e)
print(type(prune.Identity.apply(m[1], 'bias')).__name__, [n for n, _ in m[1].named_parameters()])
print(prune.L1Unstructured(0.5).prune(torch.tensor([1., -3., 0.5, 2.])))
''')


P('prune_remove_and_buffers', '''import importlib; prune = importlib.import_module(torch.__name__ + ".nn.utils.prune")
torch.manual_seed(0)
l = nn.Linear(4, 2)
prune.l1_unstructured(l, 'weight', amount=0.5)
print([n for n, _ in l.named_parameters()], [n for n, _ in l.named_buffers()])
print(l.weight_mask)
print(prune.is_pruned(l))
prune.remove(l, 'weight'); print([n for n, _ in l.named_parameters()], (l.weight == 0).sum().item())
prune.random_unstructured(l, 'bias', amount=1); print(l.bias_mask)
''')


P('prune_composed_seeded', '''
import importlib; prune = importlib.import_module(torch.__name__ + ".nn.utils.prune")
for seed in range(5):
    torch.manual_seed(seed)
    c = nn.Conv2d(3, 6, 2)
    prune.random_structured(c, 'weight', amount=2, dim=0)
    prune.random_structured(c, 'weight', amount=0.5, dim=1)
    prune.random_unstructured(c, 'weight', amount=10)
    print(c.weight_mask.sum(dim=(2, 3)).tolist())
    print(c.weight_mask.sum().item(), type(c._forward_pre_hooks[next(iter(c._forward_pre_hooks))]).__name__,
          len(list(c._forward_pre_hooks.values())[0]))
    l = nn.Linear(6, 5)
    prune.ln_structured(l, 'weight', amount=2, n=1, dim=1)
    prune.ln_structured(l, 'weight', amount=0.4, n=float('inf'), dim=0)
    prune.l1_unstructured(l, 'weight', amount=3)
    print(l.weight_mask.tolist())
    out = l(torch.randn(2, 6)); out.sum().backward()
    print(l.weight_orig.grad.abs().gt(0).sum().item(), [n for n, _ in l.named_parameters()])
try: prune.random_unstructured(nn.Linear(2, 2), 'weight', amount=-1)
except Exception as e: print(type(e).__name__, e)
try: prune.random_unstructured(nn.Linear(2, 2), 'weight', amount='a')
except Exception as e: print(type(e).__name__, e)
''')
