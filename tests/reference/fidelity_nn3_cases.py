"""Third set of nn fidelity programs (layers and losses): convolution dtype / dilation / output
size errors as PyTorch's CPU paths word them, label smoothing gradients of ignored targets,
seeded rrelu following PyTorch's stream, cell argument errors, pooling / normalisation / RNN /
embedding / interpolation / loss values; shared by gen_fidelity_nn3.py (real torch) and
test_fidelity_nn3.py (jtorch).

Each program runs with `torch`, `nn`, `F`, `optim`, `data` (torch.utils.data), `np` and `math`
bound; its stdout and the type and first line of an uncaught exception are compared.
"""
PROGRAMS = {}


def P(name, code):
    if 'set_printoptions' in code:   # leave the next program (same process) PyTorch's defaults
        code += "torch.set_printoptions(profile='default')\n"
    PROGRAMS[name] = code


_E = '''
def E(f, *a, **k):
    try:
        r = f(*a, **k)
        print('ok', tuple(r.shape) if hasattr(r, 'shape') else r)
    except Exception as e:
        print(type(e).__name__, str(e).split(chr(10))[0][:120])
'''

P('conv_dtype_mismatch_batch', _E + '''
dts = [torch.float32, torch.float64, torch.float16]
for xd in dts:
    for wd in dts:
        for bd in [None, torch.float32, torch.float64]:
            if xd == wd and (bd is None or bd == xd):
                continue
            for n in [1, 2]:
                x = torch.ones(n, 2, 5).to(xd); w = torch.ones(2, 2, 2).to(wd)
                b = None if bd is None else torch.ones(2).to(bd)
                print(xd, wd, bd, n, end=' '); E(F.conv1d, x, w, b)
                print(xd, wd, bd, n, 'T', end=' '); E(F.conv_transpose1d, x, w, b)
E(F.conv2d, torch.ones(3, 5, 5), torch.ones(2, 3, 3, 3).double())
E(F.conv3d, torch.ones(2, 1, 3, 3, 3), torch.ones(2, 1, 2, 2, 2).half())
''')

P('conv_dilation_errors', _E + '''
x = torch.ones(2, 2, 6)
for dt in [torch.float32, torch.float64]:
    for n in [1, 2]:
        xx = x[:n].to(dt)
        E(F.conv1d, xx, torch.ones(2, 2, 2).to(dt), dilation=0)
        E(F.conv1d, xx[0], torch.ones(2, 2, 2).to(dt), dilation=0)
        E(F.conv2d, xx[:, :, None], torch.ones(2, 2, 1, 2).to(dt), dilation=(0, 1))
        E(F.conv3d, xx[:, :, None, None], torch.ones(2, 2, 1, 1, 2).to(dt), dilation=(0, 1, 1))
        E(F.conv1d, xx, torch.ones(2, 2, 2).to(dt), dilation=-2)
        E(F.conv_transpose1d, xx, torch.ones(2, 2, 2).to(dt), dilation=-1)
        if n == 1:
            E(F.conv_transpose1d, xx, torch.ones(2, 2, 2).to(dt), dilation=0)
            E(F.conv_transpose2d, xx[:, :, None], torch.ones(2, 2, 1, 2).to(dt), dilation=(0, 1))
            E(F.conv_transpose3d, xx[:, :, None, None], torch.ones(2, 2, 1, 1, 2).to(dt), dilation=(1, 1, 0))
E(F.conv1d, x, torch.ones(2, 2, 2), dilation=-1, stride=0)
E(F.conv1d, x, torch.ones(2, 2, 2), dilation=-1, groups=0)
E(nn.Conv2d(2, 2, 3, dilation=0), torch.ones(1, 2, 5, 5))
''')

P('conv_transpose_output_too_small', _E + '''
for n in [1, 2]:
    for dt in [torch.float32, torch.float64]:
        x = torch.ones(n, 2, 5, dtype=dt)
        E(F.conv_transpose1d, x, torch.ones(2, 3, 2, dtype=dt), padding=3)
        E(F.conv_transpose1d, x[0], torch.ones(2, 3, 2, dtype=dt), padding=3)
        E(F.conv_transpose2d, x[:, :, None], torch.ones(2, 3, 1, 2, dtype=dt), padding=(0, 4))
        E(F.conv_transpose2d, x[:, :, :, None], torch.ones(2, 3, 2, 1, dtype=dt), padding=(3, 0))
        E(F.conv_transpose3d, x[:, :, None, None], torch.ones(2, 3, 1, 1, 2, dtype=dt), padding=(0, 0, 3))
m = nn.ConvTranspose2d(2, 1, 3, padding=3)
E(m, torch.ones(1, 2, 2, 2))
''')

P('conv_shapes_seeded', _E + '''
torch.set_printoptions(precision=4)
torch.manual_seed(0)
x = torch.randn(2, 4, 9)
for kw in [dict(stride=2), dict(padding=2, dilation=2), dict(groups=4, padding='same'),
           dict(padding=3, padding_mode='reflect'), dict(padding=2, padding_mode='circular'),
           dict(padding=1, padding_mode='replicate', stride=3)]:
    torch.manual_seed(1)
    y = nn.Conv1d(4, 8, 3, **kw)(x)
    print(kw, tuple(y.shape), round(y.sum().item(), 3), y[0, :2, :3])
torch.manual_seed(2)
m = nn.ConvTranspose2d(4, 2, (3, 2), stride=(2, 3), padding=(1, 0), output_padding=(1, 2), groups=2)
x2 = torch.randn(1, 4, 3, 3)
print(m(x2).shape, m(x2, output_size=[6, 10]).shape, m(x2)[0, 1, :2])
E(m, x2, output_size=[20, 10])
E(nn.Conv2d(4, 6, 3), torch.randn(1, 3, 5, 5))
E(nn.Conv2d(4, 6, 3), torch.randn(1, 4, 5))
E(nn.Conv2d(4, 6, 3, padding=2, padding_mode='reflect'), torch.randn(1, 4, 2, 2))
E(nn.ConvTranspose2d, 4, 2, 3, padding='same')
''')

P('ce_label_smoothing_ignored_grad', '''
torch.manual_seed(0)
w = torch.tensor([1.0, 2.0, 0.5, 3.0])
for kw in [dict(), dict(label_smoothing=0.3), dict(weight=w, label_smoothing=0.3),
           dict(reduction='sum', label_smoothing=0.2), dict(reduction='none', label_smoothing=0.1)]:
    x = torch.randn(3, 4, requires_grad=True)
    l = F.cross_entropy(x, torch.tensor([0, -100, 2]), **kw)
    l.sum().backward()
    print(kw.get('reduction', 'mean'), l.detach(), x.grad[1], x.grad[0])
x = torch.randn(2, 3, 2, requires_grad=True)
F.cross_entropy(x, torch.tensor([[0, 1], [-100, 2]]), label_smoothing=0.5).backward()
print(x.grad[1, :, 0])
''')

P('rrelu_seeded_stream', '''
torch.set_printoptions(precision=6)
torch.manual_seed(0)
x = torch.randn(3, 4, requires_grad=True)
y = F.rrelu(x, training=True); print(y)
y.sum().backward(); print(x.grad)
print(torch.rand(2))
m = nn.RReLU(0.2, 0.5)
for _ in range(2): print(m(x.detach().t()))
m.eval(); print(m(x.detach())[0])
print(torch.rrelu(torch.randn(4, dtype=torch.float64), training=True))
z = torch.randn(5); F.rrelu(z, training=True, inplace=True); print(z)
try: F.rrelu(torch.randn(3).half(), training=True)
except Exception as e: print(type(e).__name__, e)
print(F.rrelu(torch.randn(3).half()))
torch.manual_seed(1)
net = nn.Sequential(nn.Linear(3, 4), nn.RReLU(), nn.Linear(4, 2))
opt = optim.SGD(net.parameters(), lr=0.1)
for i in range(3):
    out = net(torch.randn(5, 3)); loss = out.pow(2).mean()
    opt.zero_grad(); loss.backward(); opt.step()
    print(i, round(loss.item(), 5))
print(torch.rand(1))
''')

P('cell_and_rnn_arg_errors', _E + '''
torch.manual_seed(0)
x = torch.randn(2, 5, 3)
cell = nn.LSTMCell(3, 2)
E(cell, x[0, :2], (torch.zeros(3, 2), torch.zeros(3, 2)))
E(cell, x[0, :2], torch.zeros(2, 2))
E(cell, x[0, 0])
E(nn.GRUCell(3, 2), x)
E(nn.RNNCell(3, 2), x[0], torch.zeros(5, 3))
lstm = nn.LSTM(3, 4, batch_first=True)
E(lstm, x, (torch.zeros(1, 3, 4), torch.zeros(1, 2, 4)))
E(lstm, x, (torch.zeros(1, 2, 4), torch.zeros(1, 2, 5)))
E(lstm, x, torch.zeros(1, 2, 4))
E(lstm, x.double())
E(lstm, x[:, :, :2])
E(nn.GRU(3, 4, 2), x, torch.zeros(1, 5, 4))
E(nn.LSTM, 3, 5, proj_size=5)
E(nn.GRU, 3, 5, proj_size=2)
''')

P('embedding_index_dtype_errors', _E + '''
torch.manual_seed(0)
w = torch.randn(4, 2)
for mn in [None, 1.0]:
    for idx in [torch.tensor([1.0]), torch.tensor([1], dtype=torch.int16), torch.tensor([1], dtype=torch.int32)]:
        E(F.embedding, idx, w.clone(), max_norm=mn)
e = nn.Embedding(6, 3, padding_idx=-2, max_norm=1.0, norm_type=1.5)
print(e, e.padding_idx)
out = e(torch.tensor([[0, 4, 2], [2, 2, 5]]))
print(out.detach().norm(p=1.5, dim=-1))
E(nn.Embedding, 5, 2, padding_idx=5)
E(nn.Embedding, 5, 2, padding_idx=-6)
''')

P('pool_modes_values', _E + '''
torch.set_printoptions(precision=5)
torch.manual_seed(0)
x = torch.randn(1, 2, 7, 6)
print(F.max_pool2d(x, 3, 2, 1, ceil_mode=True)[0, 0])
print(F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False)[0, 1])
print(F.avg_pool2d(x, 3, 2, 1, divisor_override=2)[0, 0, 0])
print(F.avg_pool1d(x[0], 4, 3, 2, ceil_mode=True, count_include_pad=True)[0])
y, i = F.max_pool2d(x, 2, return_indices=True, ceil_mode=True)
print(i[0, 0], F.max_unpool2d(y, i, 2, output_size=(7, 6)).shape)
E(F.max_unpool2d, y, i, 2, output_size=(9, 9))
x1 = torch.tensor([[[1., float('nan'), 3., 2., 5.], [4., 4., 4., 1., 1.]]])
print(F.max_pool1d(x1, 2, return_indices=True), F.adaptive_max_pool1d(x1, 2, return_indices=True))
print(F.adaptive_avg_pool2d(x, (3, 4))[0, 0], F.adaptive_max_pool2d(x, (None, 2))[0, 1])
print(F.lp_pool1d(x[0].abs(), 3, 2, ceil_mode=True)[1])
E(F.max_pool2d, x, 3, padding=2)
E(F.max_pool2d, x, 8)
E(F.adaptive_avg_pool2d, x, (3,))
''')

P('norm_layers_values', _E + '''
torch.set_printoptions(precision=5)
torch.manual_seed(0)
x = torch.randn(4, 3, 5)
for kw in [dict(), dict(momentum=None), dict(track_running_stats=False), dict(affine=False, momentum=0.5)]:
    m = nn.BatchNorm1d(3, **kw)
    for k in range(3):
        y = m(x * (k + 1) + k)
    print(kw, y[0, :, 0], m.running_mean, m.num_batches_tracked)
    m.eval(); print(m(x)[1, :, 0])
E(nn.BatchNorm1d(3), torch.randn(1, 3))
E(nn.BatchNorm1d(3), torch.randn(2, 4))
E(F.batch_norm, x, None, None, training=False)
gn = nn.GroupNorm(3, 6)
print(gn(torch.randn(2, 6, 4))[0, :, 0])
E(nn.GroupNorm, 4, 6)
inn = nn.InstanceNorm1d(3, affine=True, track_running_stats=True)
inn(x); inn(x * 2); print(inn.running_mean, inn.running_var)
E(nn.InstanceNorm1d(4), torch.randn(2, 4, 1))
print(F.layer_norm(x, (3, 5), eps=1e-2)[1, 1], nn.RMSNorm(5, eps=1e-3)(x)[1, 1])
''')

P('rnn_packed_unsorted_seeded', '''
torch.set_printoptions(precision=5)
torch.manual_seed(0)
x = torch.randn(4, 6, 3)
lengths = torch.tensor([3, 6, 1, 4])
p = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
print(p.batch_sizes, p.sorted_indices, p.unsorted_indices)
for cls in [nn.LSTM, nn.GRU, nn.RNN]:
    torch.manual_seed(1)
    m = cls(3, 2, num_layers=2, bidirectional=True, batch_first=True, dropout=0.2)
    o, h = m(p)
    if isinstance(h, tuple): h = h[0]
    po, pl = nn.utils.rnn.pad_packed_sequence(o, batch_first=True, padding_value=-1.0, total_length=7)
    print(cls.__name__, po.shape, pl, po[2, :2], h[:, 2])
torch.manual_seed(2)
m = nn.LSTM(3, 4, proj_size=2, num_layers=2, bidirectional=True)
o, (h, c) = m(x.transpose(0, 1))
print(o.shape, h.shape, c.shape, o[-1, 0], c[-1, 0])
''')

P('embedding_bag_modes', _E + '''
torch.set_printoptions(precision=5)
for mode in ['sum', 'mean', 'max']:
    torch.manual_seed(1)
    b = nn.EmbeddingBag(7, 3, mode=mode, padding_idx=0)
    inp = torch.tensor([1, 0, 3, 4, 0, 6, 2])
    off = torch.tensor([0, 2, 2, 5])
    print(mode, b(inp, off))
    print(b(torch.tensor([[1, 2], [0, 0]])))
E(nn.EmbeddingBag(7, 3, mode='mean'), torch.tensor([1, 2]), torch.tensor([0]), per_sample_weights=torch.ones(2))
E(nn.EmbeddingBag(7, 3), torch.tensor([[1, 2]]), torch.tensor([0]))
E(nn.EmbeddingBag(7, 3), torch.tensor([1, 2]))
''')

P('interpolate_modes_values', _E + '''
torch.set_printoptions(precision=4)
torch.manual_seed(0)
x = torch.randn(1, 2, 5, 7)
for sf in [0.45, 1.33, 2.6]:
    for mode in ['nearest', 'nearest-exact', 'bilinear', 'bicubic', 'area']:
        kw = {} if mode in ('nearest', 'nearest-exact', 'area') else dict(align_corners=False)
        y = F.interpolate(x, scale_factor=sf, mode=mode, **kw)
        y2 = F.interpolate(x, scale_factor=sf, mode=mode, recompute_scale_factor=True, **kw)
        print(sf, mode, tuple(y.shape), tuple(y2.shape), round(y.sum().item(), 3), round(y2.sum().item(), 3))
print(F.interpolate(x, size=(3, 4), mode='bilinear', align_corners=True)[0, 0])
print(F.interpolate(x, size=(3, 4), mode='bicubic', antialias=True)[0, 1])
E(F.interpolate, x, size=(2, 3), scale_factor=2)
E(F.interpolate, x, size=3, mode='linear')
E(F.interpolate, x, size=3, mode='nearest', align_corners=True)
''')

P('losses_misc_values', _E + '''
torch.manual_seed(0)
a = torch.randn(4, 5); b = torch.randn(4, 5)
lp = F.log_softmax(a, 1); q = F.softmax(b, 1); lq = F.log_softmax(b, 1)
for red in ['mean', 'batchmean', 'sum']:
    print(red, round(F.kl_div(lp, q, reduction=red).item(), 5), round(F.kl_div(lp, lq, reduction=red, log_target=True).item(), 5))
x1, x2, y = torch.randn(6), torch.randn(6), torch.tensor([1., -1, 1, 1, -1, -1])
print(round(F.margin_ranking_loss(x1, x2, y, margin=0.5).item(), 5))
anc, pos, neg = torch.randn(3, 4), torch.randn(3, 4), torch.randn(3, 4)
print(round(F.triplet_margin_loss(anc, pos, neg, margin=2.0, p=1, swap=True).item(), 5))
print(round(F.cosine_embedding_loss(anc, pos, torch.tensor([1, -1, -1]), margin=-0.5).item(), 5))
li = torch.randn(5); tg = torch.tensor([0., 1, 3, 2, 7])
print(round(F.poisson_nll_loss(li, tg, full=True).item(), 5), round(F.poisson_nll_loss(li.exp(), tg, log_input=False).item(), 5))
mu, var = torch.randn(4, 2), torch.rand(4, 2) + 0.1
print(round(F.gaussian_nll_loss(mu, torch.randn(4, 2), var, full=True, eps=0.5).item(), 5))
E(F.gaussian_nll_loss, mu, mu, torch.tensor([[1.0, -0.5]] * 4))
for d in [0.5, 2.0]:
    print(round(F.huber_loss(a, b, delta=d).item(), 5), round(F.smooth_l1_loss(a, b, beta=d).item(), 5))
yl = (torch.rand(4, 5) > 0.5).float()
print(round(F.multilabel_soft_margin_loss(a, yl, weight=torch.rand(5)).item(), 5))
T, N, C = 6, 3, 5
lpc = torch.randn(T, N, C).log_softmax(2)
tgt = torch.tensor([[1, 2, 2], [3, 0, 0], [4, 1, 3]])
print(F.ctc_loss(lpc, tgt, torch.tensor([6, 5, 6]), torch.tensor([3, 1, 3]), reduction='none'))
print(F.ctc_loss(lpc, torch.tensor([[1, 1, 1, 1]] * 3), torch.tensor([6, 6, 6]), torch.tensor([4, 4, 4]), reduction='none', zero_infinity=True))
''')

P('embedding_bag_freq_scale_grad', '''
def g(inp, off, mode='sum', n=6, pad=None, psw=None):
    w = torch.ones(n, 1, requires_grad=True)
    o = F.embedding_bag(torch.tensor(inp), w, None if off is None else torch.tensor(off), mode=mode,
                        scale_grad_by_freq=True, padding_idx=pad,
                        per_sample_weights=None if psw is None else torch.tensor(psw))
    (o * torch.arange(1., o.numel() + 1).reshape(o.shape)).sum().backward()
    return w.grad.flatten().tolist()
print(g([0, 1, 1, 4], [0, 2]))
print(g([0, 1, 1, 4], [0, 2], 'mean'))
print(g([0, 0, 1, 2], [0, 1, 2, 3]))
print(g([2, 2, 1, 0], [0, 1, 2, 3]))
print(g([5, 3, 3, 3, 1, 0, 0], [0, 2, 5], pad=0, mode='mean'))
print(g([5, 3, 3, 3, 1, 0, 0], [0, 2, 5], psw=[1., 2, 3, 4, 5, 6, 7]))
print(g([[1, 1, 2], [2, 5, 5]], None, 'mean'))
w = torch.ones(6, 1, requires_grad=True)
F.embedding(torch.tensor([0, 1, 1, 4]), w, scale_grad_by_freq=True).sum().backward()
print(w.grad.flatten().tolist())
''')

P('embedding_bag_index_errors', _E + '''
w = torch.ones(5, 3)
for inp, off in [([0, 7], [0]), ([-1, 2], [0]), ([7, 0], [0, 1]), ([1, 9, 1, 1], [0, 2]), ([9], [0, 1])]:
    for mode in ['sum', 'mean', 'max']:
        for pad in [None, 2]:
            E(F.embedding_bag, torch.tensor(inp), w, torch.tensor(off), mode=mode, padding_idx=pad)
for inp in [[[0, 1, 9]], [[0, 9], [1, 1]], [[9]]]:
    E(F.embedding_bag, torch.tensor(inp), w)
    E(nn.EmbeddingBag(5, 2, mode='max'), torch.tensor(inp))
''')
