"""Short PyTorch programs (nn / optim / utils.data) whose printed output and exceptions jtorch must
reproduce exactly; shared by gen_fidelity_nn.py (real torch) and test_fidelity_nn.py (jtorch).

Each program runs with `torch`, `nn`, `F`, `optim`, `data` (torch.utils.data), `np` and `math`
bound; its stdout and the type and first line of an uncaught exception are compared. Seeded
programs rely on jtorch reproducing PyTorch's CPU random stream.
"""
PROGRAMS = {}


def P(name, code):
    PROGRAMS[name] = code


P('repr_seq_nest', '''
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Sequential(nn.Linear(8, 8, bias=False), nn.Tanh()),
                  nn.ModuleList([nn.Linear(8, 2), nn.Dropout(0.3)]), nn.ModuleDict({'a': nn.Identity(), 'b': nn.GELU(approximate='tanh')}))
print(m)
print([n for n, _ in m.named_modules()])
print([n for n, _ in m.named_parameters()])
print([type(c).__name__ for c in m.children()])
''')

P('repr_conv', '''
torch.manual_seed(0)
print(nn.Conv2d(3, 8, 3, stride=2, padding=1, dilation=2, groups=1, bias=False, padding_mode='reflect'))
print(nn.Conv1d(4, 8, 5, padding='same', groups=4))
print(nn.Conv3d(2, 4, (1,2,3), stride=(1,1,2)))
print(nn.ConvTranspose2d(3, 6, 3, stride=2, padding=1, output_padding=1))
print(nn.ConvTranspose1d(3, 6, 3, groups=3, dilation=2))
print(nn.Conv2d(3, 8, 3, padding='valid'))
''')

P('repr_pool_norm', '''
torch.manual_seed(0)
print(nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True, return_indices=True))
print(nn.MaxPool1d(2))
print(nn.AvgPool2d(2, count_include_pad=False, divisor_override=3))
print(nn.AvgPool1d(3, stride=1, padding=1))
print(nn.AdaptiveAvgPool2d((None, 3)))
print(nn.AdaptiveMaxPool1d(4, return_indices=True))
print(nn.LPPool2d(2, 3))
print(nn.BatchNorm2d(8, momentum=None, affine=False))
print(nn.BatchNorm1d(3, eps=1e-3, track_running_stats=False))
print(nn.LayerNorm([4, 5], elementwise_affine=False))
print(nn.LayerNorm(4, bias=False))
print(nn.GroupNorm(2, 8))
print(nn.InstanceNorm2d(3, affine=True))
print(nn.LocalResponseNorm(3))
print(nn.RMSNorm(6))
''')

P('repr_rnn', '''
torch.manual_seed(0)
print(nn.RNN(4, 8, num_layers=2, nonlinearity='relu', batch_first=True, dropout=0.1, bidirectional=True))
print(nn.LSTM(4, 8, proj_size=3))
print(nn.GRU(4, 8, bias=False))
print(nn.LSTMCell(3, 5)); print(nn.GRUCell(3, 5)); print(nn.RNNCell(3, 5, nonlinearity='relu'))
''')

P('repr_transformer', '''
torch.manual_seed(0)
print(nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, batch_first=True))
print(nn.MultiheadAttention(8, 2, kdim=4, vdim=6))
print(nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 2, enable_nested_tensor=False))
''')

P('repr_misc', '''
torch.manual_seed(0)
print(nn.Embedding(10, 3, padding_idx=0, max_norm=1.0))
print(nn.EmbeddingBag(10, 3, mode='sum'))
print(nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False))
print(nn.Upsample(size=(4, 5), mode='nearest'))
print(nn.PixelShuffle(2)); print(nn.PixelUnshuffle(2))
print(nn.Flatten(0, 1)); print(nn.Unflatten(1, (2, 3)))
print(nn.ZeroPad2d((1, 2, 0, 1))); print(nn.ReflectionPad1d(2)); print(nn.ReplicationPad2d(1)); print(nn.ConstantPad1d(2, 3.5)); print(nn.CircularPad2d(1))
print(nn.LeakyReLU(0.2, inplace=True)); print(nn.ELU(alpha=0.5)); print(nn.Hardtanh(-2, 2)); print(nn.Softplus(beta=2, threshold=10))
print(nn.Softmax(dim=1)); print(nn.LogSoftmax(dim=-1)); print(nn.PReLU(3)); print(nn.Threshold(0.1, 20)); print(nn.CELU(2.0))
print(nn.Dropout(p=0.2)); print(nn.Dropout2d()); print(nn.AlphaDropout(0.1))
print(nn.Bilinear(3, 4, 5)); print(nn.Identity()); print(nn.CosineSimilarity(dim=0)); print(nn.PairwiseDistance(p=1.0))
print(nn.Unfold(kernel_size=2, stride=1)); print(nn.Fold(output_size=(4, 4), kernel_size=2))
print(nn.ReLU6()); print(nn.SiLU()); print(nn.Mish()); print(nn.Hardswish()); print(nn.GLU()); print(nn.Softmin(0)); print(nn.Tanhshrink()); print(nn.Softshrink(0.3)); print(nn.Hardshrink())
print(nn.ChannelShuffle(2))
''')

P('repr_losses', '''
torch.manual_seed(0)
print(nn.CrossEntropyLoss(label_smoothing=0.1, ignore_index=3))
print(nn.MSELoss(reduction='sum')); print(nn.L1Loss()); print(nn.NLLLoss()); print(nn.BCEWithLogitsLoss(pos_weight=torch.ones(3)))
print(nn.SmoothL1Loss(beta=0.5)); print(nn.HuberLoss(delta=2.0)); print(nn.KLDivLoss(reduction='batchmean', log_target=True))
print(nn.MarginRankingLoss(margin=0.5)); print(nn.TripletMarginLoss(margin=2.0, p=1)); print(nn.CTCLoss(blank=1))
print(nn.CosineEmbeddingLoss()); print(nn.HingeEmbeddingLoss()); print(nn.MultiLabelMarginLoss()); print(nn.SoftMarginLoss())
print(nn.MultiMarginLoss(p=2, margin=0.5)); print(nn.PoissonNLLLoss()); print(nn.GaussianNLLLoss()); print(nn.BCELoss(weight=torch.ones(2)))
print(nn.MultiLabelSoftMarginLoss())
''')

P('repr_moduledict_list', '''
torch.manual_seed(0)
d = nn.ModuleDict({'z': nn.Linear(1, 1), 'a': nn.ReLU()})
d['m'] = nn.Tanh()
print(d); print(list(d.keys())); print(len(d))
l = nn.ModuleList([nn.ReLU(), nn.Tanh()]); l.append(nn.Sigmoid()); l.extend([nn.ReLU()]); l.insert(0, nn.GELU())
print(l); print(l[1:3]); print(l[-1])
s = nn.Sequential(nn.ReLU(), nn.ReLU(), nn.ReLU(), nn.Linear(2,2))
print(s)
print(s[1:]); print(len(s)); del s[0]; print(s)
e = nn.Sequential(); print(e); print(nn.ModuleList()); print(nn.ModuleDict())
''')

P('repr_seq_ordered', '''
torch.manual_seed(0)
from collections import OrderedDict
m = nn.Sequential(OrderedDict([('conv', nn.Conv2d(1, 2, 3)), ('act', nn.ReLU()), ('fc', nn.Linear(2, 2))]))
print(m); print(m.conv); print(m[0]); print(list(m.state_dict().keys()))
m.add_module('extra', nn.Sigmoid()); print(m)
''')

P('repr_custom_extra', '''
torch.manual_seed(0)
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.zeros(3))
        self.register_buffer('buf', torch.ones(2))
        self.register_buffer('nb', torch.ones(2), persistent=False)
        self.lin = nn.Linear(3, 3)
    def extra_repr(self): return 'hello=1'
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.b1 = Block(); self.b2 = Block(); self.head = nn.Linear(3, 1)
print(Net())
n = Net()
print([(k, tuple(v.shape)) for k, v in n.state_dict().items()])
print([k for k, _ in n.named_buffers()])
print(sum(p.numel() for p in n.parameters()))
print(n.b1.w)
''')

P('params_repr', '''
torch.manual_seed(0)
l = nn.Linear(3, 2)
print(l.weight); print(l.bias); print(repr(l.weight.data)); print(l.weight.grad)
print(nn.Parameter(torch.ones(2), requires_grad=False))
print(l.state_dict())
''')

P('state_dict_load_errors', '''
torch.manual_seed(0)
a = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1))
sd = a.state_dict()
sd['extra'] = torch.zeros(1)
del sd['1.bias']
r = a.load_state_dict(sd, strict=False)
print(r); print(r.missing_keys, r.unexpected_keys)
try:
    a.load_state_dict(sd)
except RuntimeError as e:
    print(str(e))
sd2 = a.state_dict(); sd2['0.weight'] = torch.zeros(4, 2)
try:
    a.load_state_dict(sd2)
except RuntimeError as e:
    print(str(e))
print(a.load_state_dict(a.state_dict()))
''')

P('state_dict_bn', '''
torch.manual_seed(0)
m = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.LSTM(3, 4, 2))
for k, v in m.state_dict().items(): print(k, tuple(v.shape), v.dtype)
''')

P('module_train_eval_apply', '''
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(2, 2), nn.Dropout(), nn.BatchNorm1d(2))
m.eval(); print([c.training for c in m.modules()])
m.train(); print(m.training)
def init(mm):
    if isinstance(mm, nn.Linear): nn.init.constant_(mm.weight, 0.5); nn.init.zeros_(mm.bias)
m.apply(init); print(m[0].weight)
print(m.requires_grad_(False)[0].weight.requires_grad)
m.zero_grad(); print(m[0].weight.grad)
print(m.half()[0].weight.dtype, m.double()[0].weight.dtype, m.float()[0].weight.dtype)
print(m[0].to(torch.float64).weight.dtype)
''')

P('module_getattr_error', '''
torch.manual_seed(0)
m = nn.Linear(2, 2)
try: m.foo
except AttributeError as e: print(e)
try: nn.Sequential(nn.ReLU())[3]
except IndexError as e: print(e)
try: m.register_buffer('weight', torch.zeros(1))
except KeyError as e: print(e)
try: m.register_parameter('a.b', nn.Parameter(torch.zeros(1)))
except KeyError as e: print(e)
try: m.weight = torch.zeros(2, 2)
except TypeError as e: print(e)
''')

P('named_modules_dupe', '''
torch.manual_seed(0)
shared = nn.Linear(2, 2)
m = nn.Sequential(shared, nn.ReLU(), shared)
print([n for n, _ in m.named_modules()])
print([n for n, _ in m.named_parameters()])
print(len(list(m.parameters())))
print(list(m.state_dict().keys()))
print([n for n, _ in m.named_modules(remove_duplicate=False)])
print([n for n, _ in m.named_parameters(prefix='x', recurse=True)])
print(m.get_submodule('0'), m.get_parameter('2.bias').shape)
''')

P('fwd_linear_bilinear', '''
torch.manual_seed(1)
l = nn.Linear(4, 3); x = torch.randn(2, 4)
print(l(x)); print(nn.Bilinear(4, 4, 2)(x, x)); print(nn.LazyLinear(2)(x).shape)
''')

P('fwd_conv2d', '''
torch.manual_seed(3)
c = nn.Conv2d(2, 4, (3, 2), stride=(2, 1), padding=(1, 0), groups=2, bias=False)
x = torch.randn(1, 2, 5, 5)
print(c(x))
c2 = nn.Conv2d(2, 3, 3, padding='same', dilation=2, padding_mode='zeros'); print(c2(x).shape, c2(x).mean().item().__round__(5))
print(nn.Conv2d(2, 2, 3, padding=1, padding_mode='circular')(x)[0, 1])
''')

P('fwd_conv3d_transpose', '''
torch.manual_seed(4)
c = nn.Conv3d(2, 2, 2); x = torch.randn(1, 2, 3, 3, 3); print(c(x))
t = nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1, output_padding=1); y = torch.randn(1, 2, 3, 3)
print(t(y).shape); print(t(y)[0, 0])
print(t(y, output_size=[5, 5]).shape)
t1 = nn.ConvTranspose1d(4, 2, 3, groups=2, dilation=2); print(t1(torch.randn(1, 4, 4)))
''')

P('fwd_conv_errors', '''
torch.manual_seed(0)
c = nn.Conv2d(3, 4, 3)
for x in [torch.randn(1, 2, 5, 5), torch.randn(1, 3, 2, 2), torch.randn(3, 5)]:
    try: c(x)
    except Exception as e: print(type(e).__name__, str(e))
try: nn.Conv2d(3, 4, 3, groups=2)
except Exception as e: print(type(e).__name__, str(e))
try: nn.Conv2d(3, 6, 3, padding='same', stride=2)
except Exception as e: print(type(e).__name__, str(e))
''')

P('fwd_batchnorm', '''
torch.manual_seed(5)
bn = nn.BatchNorm1d(3); x = torch.randn(4, 3) * 2 + 1
y = bn(x); print(y); print(bn.running_mean, bn.running_var, bn.num_batches_tracked)
bn(x); print(bn.running_mean); bn.eval(); print(bn(x))
bn2 = nn.BatchNorm2d(2, momentum=None); z = torch.randn(2, 2, 3, 3)
bn2(z); bn2(z * 2); print(bn2.running_mean, bn2.running_var, bn2.num_batches_tracked)
bn3 = nn.BatchNorm1d(3, track_running_stats=False); bn3.eval(); print(bn3(x))
try: nn.BatchNorm1d(3)(torch.randn(1, 3))
except ValueError as e: print(e)
try: nn.BatchNorm2d(3)(torch.randn(3, 4))
except ValueError as e: print(e)
''')

P('fwd_rnn_errors', '''
torch.manual_seed(0)
r = nn.LSTM(3, 4)
for args in [(torch.randn(5, 2, 4),), (torch.randn(5, 2, 3), (torch.zeros(1, 3, 4), torch.zeros(1, 3, 4))), (torch.randn(2, 2, 2, 3),)]:
    try: r(*args)
    except Exception as e: print(type(e).__name__, str(e))
try: nn.GRU(3, 4)(torch.randn(5, 2, 3), torch.zeros(2, 2, 4))
except Exception as e: print(type(e).__name__, str(e))
''')

P('fwd_mha', '''
torch.manual_seed(10)
m = nn.MultiheadAttention(8, 2, batch_first=True); x = torch.randn(2, 3, 8)
o, w = m(x, x, x); print(o[0]); print(w)
mask = torch.triu(torch.ones(3, 3, dtype=torch.bool), 1)
o, w = m(x, x, x, attn_mask=mask, need_weights=True, average_attn_weights=False); print(w.shape)
kpm = torch.tensor([[False, False, True], [False, False, False]])
o, w = m(x, x, x, key_padding_mask=kpm); print(w[0, :, 2])
o, w = m(x, x, x, need_weights=False); print(w)
''')

P('fwd_pool', '''
torch.manual_seed(12)
x = torch.randn(1, 2, 5, 5)
o, i = nn.MaxPool2d(2, stride=2, ceil_mode=True, return_indices=True)(x); print(o); print(i)
print(nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)(x))
print(nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True)(x).shape)
print(nn.AdaptiveAvgPool2d((2, 3))(x)); print(nn.AdaptiveMaxPool2d(2, return_indices=True)(x)[1])
print(nn.MaxPool1d(3, stride=2, dilation=2, padding=1)(x[0]))
print(nn.LPPool1d(2, 2)(x[0]))
print(F.max_pool2d(x, 2, divisor_override=None) if False else F.avg_pool2d(x, 2, divisor_override=3))
try: nn.MaxPool2d(3, padding=2)(x)
except RuntimeError as e: print(e)
try: nn.AvgPool2d(7)(x)
except RuntimeError as e: print(e)
''')

P('fwd_upsample', '''
torch.manual_seed(13)
x = torch.randn(1, 1, 3, 3)
for mode, ac in [('nearest', None), ('bilinear', False), ('bilinear', True), ('bicubic', False), ('nearest-exact', None), ('area', None)]:
    print(mode, ac); print(F.interpolate(x, size=(4, 5), mode=mode, align_corners=ac))
print(F.interpolate(x, scale_factor=1.5, mode='bilinear'))
print(F.interpolate(torch.randn(1, 2, 4), scale_factor=2, mode='linear', align_corners=True))
print(F.interpolate(torch.randn(1, 1, 2, 2, 2), scale_factor=2, mode='trilinear').shape)
print(nn.Upsample(scale_factor=2)(x).shape)
try: F.interpolate(x, size=4, scale_factor=2)
except ValueError as e: print(e)
try: F.interpolate(x, scale_factor=2, mode='linear')
except Exception as e: print(type(e).__name__, e)
''')

P('fwd_pad', '''
torch.manual_seed(0)
x = torch.arange(12.).view(1, 1, 3, 4)
for mode in ['constant', 'reflect', 'replicate', 'circular']:
    print(mode); print(F.pad(x, (1, 2, 2, 1), mode=mode))
print(F.pad(x, (1, 1), value=-1.0)); print(F.pad(x, (-1, -1, 0, 1)))
try: F.pad(x, (4, 4), mode='reflect')
except RuntimeError as e: print(e)
try: F.pad(x, (1,))
except Exception as e: print(type(e).__name__, e)
''')

P('fwd_pixelshuffle_flatten', '''
torch.manual_seed(0)
x = torch.arange(32.).view(1, 8, 2, 2)
print(nn.PixelShuffle(2)(x)); print(nn.PixelUnshuffle(2)(nn.PixelShuffle(2)(x)).shape)
print(nn.Flatten()(x).shape, nn.Flatten(0, 2)(x).shape, nn.Unflatten(1, (2, 4))(x).shape)
print(nn.Unflatten(1, torch.Size([2, 2, 2]))(x).shape)
try: nn.PixelShuffle(3)(x)
except RuntimeError as e: print(e)
''')

P('fwd_activations', '''
torch.manual_seed(0)
x = torch.linspace(-2.5, 3.5, 7)
for m in [nn.ReLU(), nn.LeakyReLU(0.1), nn.ELU(0.5), nn.SELU(), nn.CELU(1.5), nn.GELU(), nn.GELU('tanh'), nn.SiLU(), nn.Mish(), nn.Hardswish(), nn.Hardsigmoid(), nn.Hardtanh(-1, 2), nn.ReLU6(), nn.Softplus(2, 5), nn.Softsign(), nn.Tanhshrink(), nn.Softshrink(1.0), nn.Hardshrink(1.0), nn.Threshold(0.5, -9.0), nn.LogSigmoid(), nn.Sigmoid(), nn.Tanh(), nn.PReLU(init=0.3)]:
    print(m, m(x))
print(nn.Softmax(0)(x)); print(nn.LogSoftmax(0)(x)); print(nn.Softmin(0)(x)); print(nn.GLU()(torch.arange(4.)))
print(nn.Softmax2d()(torch.randn(2, 3, 2, 2)).sum(-3))
''')

P('loss_ce_errors', '''
torch.manual_seed(0)
x = torch.randn(4, 5)
for y in [torch.tensor([1, 0, 4]), torch.tensor([1., 0., 4., 2.]), torch.tensor([[1], [0], [4], [2]]), torch.tensor([1, 0, 5, 2])]:
    try: print(F.cross_entropy(x, y))
    except Exception as e: print(type(e).__name__, str(e).split(chr(10))[0])
try: F.cross_entropy(x, torch.tensor([1, 0, 4, 2]), weight=torch.ones(3))
except Exception as e: print(type(e).__name__, str(e).split(chr(10))[0])
try: nn.CrossEntropyLoss(reduction='avg')(x, torch.tensor([1, 0, 4, 2]))
except Exception as e: print(type(e).__name__, str(e).split(chr(10))[0])
try: F.cross_entropy(x, torch.tensor([1, 0, 4, 2]), label_smoothing=1.5)
except Exception as e: print(type(e).__name__, str(e).split(chr(10))[0])
''')

P('loss_nll', '''
torch.manual_seed(1)
x = F.log_softmax(torch.randn(4, 3), 1); y = torch.tensor([0, 2, 1, 1])
print(F.nll_loss(x, y), F.nll_loss(x, y, reduction='sum'), F.nll_loss(x, y, reduction='none'))
print(F.nll_loss(x, y, weight=torch.tensor([1., 2., 3.])), F.nll_loss(x, y, ignore_index=1))
print(F.nll_loss(x, torch.tensor([1, 1, 1, 1]), ignore_index=1))
print(F.nll_loss(torch.randn(2, 3, 2, 2), torch.randint(0, 3, (2, 2, 2))))
''')

P('loss_regression', '''
torch.manual_seed(2)
a = torch.randn(3, 4); b = torch.randn(3, 4)
for cls in [nn.MSELoss, nn.L1Loss, nn.SmoothL1Loss, nn.HuberLoss, nn.SoftMarginLoss]:
    for r in ['mean', 'sum', 'none']:
        print(cls.__name__, r, cls(reduction=r)(a, b.sign() if cls is nn.SoftMarginLoss else b))
print(F.smooth_l1_loss(a, b, beta=0.3), F.huber_loss(a, b, delta=0.3), F.smooth_l1_loss(a, b, beta=0.0))
''')

P('loss_broadcast_warn', '''
torch.manual_seed(0)
a = torch.randn(3, 1); b = torch.randn(3)
print(F.mse_loss(a, b).shape)
try: F.mse_loss(torch.randn(3, 2), torch.randn(3, 4))
except Exception as e: print(type(e).__name__, e)
try: F.l1_loss(torch.randn(3), torch.randn(3).long())
except Exception as e: print(type(e).__name__, e)
''')

P('loss_bce', '''
torch.manual_seed(3)
p = torch.rand(3, 2); t = torch.rand(3, 2).round(); z = torch.randn(3, 2)
for r in ['mean', 'sum', 'none']:
    print(F.binary_cross_entropy(p, t, reduction=r)); print(F.binary_cross_entropy_with_logits(z, t, reduction=r))
print(F.binary_cross_entropy(p, t, weight=torch.tensor([1., 2.])))
print(F.binary_cross_entropy_with_logits(z, t, pos_weight=torch.tensor([3., 0.5]), weight=torch.tensor([2., 1.])))
print(F.binary_cross_entropy(torch.tensor([0., 1.]), torch.tensor([1., 0.])))
try: F.binary_cross_entropy(p, t[:2])
except ValueError as e: print(e)
try: F.binary_cross_entropy_with_logits(z, t[:2])
except ValueError as e: print(e)
try: F.binary_cross_entropy(torch.tensor([1.5]), torch.tensor([1.]))
except RuntimeError as e: print(e)
''')

P('loss_margin', '''
torch.manual_seed(5)
a = torch.randn(4); b = torch.randn(4); y = torch.tensor([1., -1., 1., -1.])
print(F.margin_ranking_loss(a, b, y, margin=0.2), F.hinge_embedding_loss(a, y, margin=0.5), F.hinge_embedding_loss(a, y, reduction='none'))
x1 = torch.randn(4, 3); x2 = torch.randn(4, 3)
print(F.cosine_embedding_loss(x1, x2, y, margin=0.1), F.cosine_embedding_loss(x1, x2, y, reduction='none'))
an, po, ne = torch.randn(4, 3), torch.randn(4, 3), torch.randn(4, 3)
print(F.triplet_margin_loss(an, po, ne), F.triplet_margin_loss(an, po, ne, p=1, swap=True, reduction='none'))
print(F.triplet_margin_with_distance_loss(an, po, ne, distance_function=nn.PairwiseDistance(), margin=0.5))
s = torch.randn(3, 4); t = torch.tensor([0, 3, 1])
print(F.multi_margin_loss(s, t), F.multi_margin_loss(s, t, p=2, margin=0.5, weight=torch.tensor([1., 2., 3., 4.]), reduction='none'))
tm = torch.tensor([[3, 0, -1, 1], [1, 2, 3, -1], [-1, 0, 0, 0]]); print(F.multilabel_margin_loss(s, tm), F.multilabel_margin_loss(s, tm, reduction='none'))
ml = torch.tensor([[1., 0, 1, 0], [0, 1, 1, 1], [0, 0, 0, 1]]); print(F.multilabel_soft_margin_loss(s, ml), F.multilabel_soft_margin_loss(s, ml, weight=torch.arange(4.), reduction='none'))
''')

P('loss_nll_errors', '''
torch.manual_seed(0)
x = torch.randn(4, 3)
for args in [(x, torch.tensor([0, 1, 2])), (x, torch.tensor([0, 1, 2, 3])), (x.unsqueeze(0), torch.tensor([0])), (torch.randn(2, 3, 4), torch.zeros(2, 5, dtype=torch.long)), (x, torch.tensor([0, 1, 2, -1]))]:
    try: print(F.nll_loss(*args))
    except Exception as e: print(type(e).__name__, str(e).split(chr(10))[0])
''')

P('func_softmax_dim_warn', '''
torch.manual_seed(0)
import warnings
x = torch.randn(2, 3)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    F.softmax(x); F.log_softmax(x); F.softmin(x); nn.Softmax()(x)
    print([str(i.message) for i in w])
print(F.softmax(x, dim=0, dtype=torch.float64).dtype)
print(F.softmax(torch.randn(3), dim=None) if False else F.softmax(torch.tensor([1., 2., 3.]), 0))
''')

P('func_misc', '''
torch.manual_seed(7)
print(F.one_hot(torch.tensor([0, 2, 1])), F.one_hot(torch.tensor([[1], [3]]), num_classes=5))
try: F.one_hot(torch.tensor([0., 1.]))
except RuntimeError as e: print(e)
x = torch.randn(3, 4)
print(F.normalize(x), F.normalize(x, p=1, dim=0), F.normalize(torch.zeros(2, 2)))
print(F.cosine_similarity(x, x.flip(0)), F.cosine_similarity(x[0], x[1], dim=0), F.cosine_similarity(x, torch.zeros(3, 4)))
print(F.pairwise_distance(x, x.flip(0)), F.pairwise_distance(x, x.flip(0), p=1, keepdim=True), F.pairwise_distance(x, x.flip(0), eps=0.1))
print(torch.cdist(x, x.flip(1)), F.pdist(x))
''')

P('func_fold', '''
torch.manual_seed(0)
x = torch.arange(2 * 3 * 4 * 4.).view(2, 3, 4, 4)
u = F.unfold(x, kernel_size=2, stride=2); print(u.shape); print(u[0, :4])
u2 = F.unfold(x, kernel_size=(2, 3), dilation=1, padding=1, stride=(1, 2)); print(u2.shape, u2.sum())
f = F.fold(u, output_size=(4, 4), kernel_size=2, stride=2); print(torch.equal(f, x))
print(F.fold(torch.ones(1, 4, 9), (4, 4), 2, stride=1))
try: F.fold(torch.ones(1, 5, 9), (4, 4), 2)
except RuntimeError as e: print(e)
try: F.unfold(torch.ones(3, 4), 2)
except Exception as e: print(type(e).__name__, e)
''')

P('func_misc2', '''
torch.manual_seed(9)
x = torch.randn(2, 3, 4)
print(F.linear(x, torch.ones(2, 4)), F.bilinear(x, x, torch.ones(1, 4, 4)).shape)
print(F.layer_norm(x, (4,)), F.group_norm(x, 3), F.instance_norm(x).shape)
print(F.batch_norm(x, torch.zeros(3), torch.ones(3)))
print(F.embedding(torch.tensor([1, 0]), torch.arange(6.).view(3, 2)))
print(F.glu(x, -1), F.gumbel_softmax if False else None)
print(F.local_response_norm(x, 2), F.logsigmoid(x[0]))
print(F.adaptive_avg_pool1d(x, 3), F.adaptive_max_pool1d(x, 2, return_indices=True))
print(F.pixel_shuffle(torch.ones(1, 4, 1, 1), 2))
print(F.scaled_dot_product_attention(x, x, x), F.scaled_dot_product_attention(x, x, x, is_causal=True))
''')

P('train_sgd', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.SGD(model.parameters(), lr=0.1)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_sgd_mom', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_sgd_nest_wd', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_sgd_damp', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.SGD(model.parameters(), lr=0.05, momentum=0.5, dampening=0.3, maximize=False)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_adam', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.Adam(model.parameters(), lr=0.01)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_adam_ams_wd', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.Adam(model.parameters(), lr=0.01, amsgrad=True, weight_decay=0.1, betas=(0.8, 0.9))
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_adamw', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.AdamW(model.parameters(), lr=0.01)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_adamw_ams', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.AdamW(model.parameters(), lr=0.01, amsgrad=True, weight_decay=0.5)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_rmsprop', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.RMSprop(model.parameters(), lr=0.01)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_rmsprop_c', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.RMSprop(model.parameters(), lr=0.01, momentum=0.9, centered=True, weight_decay=0.1, alpha=0.9)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_adagrad', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.rand(16, 4) * 4 - 2; Y = torch.rand(16, 1) * 2 - 1   # (randn of 16+ values: 1 ulp)
opt = optim.Adagrad(model.parameters(), lr=0.1, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.1)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_adadelta', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.Adadelta(model.parameters(), lr=1.0, rho=0.8, weight_decay=0.01)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_adamax', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.Adamax(model.parameters(), lr=0.02, weight_decay=0.01)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_nadam', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.NAdam(model.parameters(), lr=0.01, momentum_decay=0.004)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_nadam_dec', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.NAdam(model.parameters(), lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_radam', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.RAdam(model.parameters(), lr=0.01)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_radam_dec', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.RAdam(model.parameters(), lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_asgd', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.ASGD(model.parameters(), lr=0.01, t0=2)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_rprop', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.Rprop(model.parameters(), lr=0.01)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_adam_max', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.Adam(model.parameters(), lr=0.01, maximize=True)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_sgd_groups', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.SGD([{'params': model[0].parameters()}, {'params': model[2].parameters(), 'lr': 0.01, 'momentum': 0.5}], lr=0.1)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_clip_norm', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.SGD(model.parameters(), lr=0.1)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    print(f'{nn.utils.clip_grad_norm_(model.parameters(), 0.5).item():.5g}')
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_clip_norm_inf', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.SGD(model.parameters(), lr=0.1)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    print(nn.utils.clip_grad_norm_(model.parameters(), 0.05, norm_type='inf'))
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_clip_value', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.randn(16, 4); Y = torch.randn(16, 1)
opt = optim.SGD(model.parameters(), lr=0.1)
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(model(X), Y)
    loss.backward()
    print(nn.utils.clip_grad_value_(model.parameters(), 0.01))
    opt.step()
    print(step, f"{loss.item():.5g}")
print(round(model[0].weight.sum().item(), 4))
''')

P('train_lbfgs', '''
torch.manual_seed(0)
model = nn.Linear(3, 1); X = torch.randn(8, 3); Y = torch.randn(8, 1)
opt = optim.LBFGS(model.parameters(), lr=0.5, max_iter=5)
def closure():
    opt.zero_grad(); l = F.mse_loss(model(X), Y); l.backward(); return l
for i in range(3):
    print(f"{opt.step(closure).item():.5g}")
print(opt.state_dict()['state'][0]['func_evals'], opt.state_dict()['state'][0]['n_iter'])
''')

P('optim_state_dict', '''
torch.manual_seed(0)
model = nn.Linear(2, 2)
opt = optim.Adam(model.parameters(), lr=0.01, betas=(0.8, 0.99))
print(opt.state_dict())
model(torch.randn(3, 2)).sum().backward(); opt.step()
sd = opt.state_dict()
print(sd['param_groups'])
print({k: sorted(v.keys()) for k, v in sd['state'].items()})
print(sd['state'][0]['step'], sd['state'][1]['exp_avg'])
print(opt)
''')

P('optim_repr', '''
torch.manual_seed(0)
m = nn.Linear(2, 2)
print(optim.SGD(m.parameters(), lr=0.1, momentum=0.9))
print(optim.AdamW(m.parameters()))
print(optim.RMSprop(m.parameters()))
print(optim.Adagrad(m.parameters()))
print(optim.SGD([{'params': [m.weight]}, {'params': [m.bias], 'lr': 0.5}], lr=0.1))
''')

P('optim_add_param_group', '''
torch.manual_seed(0)
a = nn.Linear(2, 2); b = nn.Linear(2, 1)
opt = optim.SGD(a.parameters(), lr=0.1, momentum=0.9)
opt.add_param_group({'params': b.parameters(), 'lr': 0.01})
print(len(opt.param_groups), [g['lr'] for g in opt.param_groups], opt.param_groups[1]['momentum'])
try: opt.add_param_group({'params': a.weight})
except ValueError as e: print(e)
try: optim.SGD([], lr=0.1)
except ValueError as e: print(e)
try: optim.SGD(a.parameters(), lr=-1)
except ValueError as e: print(e)
try: optim.Adam(a.parameters(), betas=(1.0, 0.9))
except ValueError as e: print(e)
try: optim.SGD(a.parameters(), lr=0.1, nesterov=True)
except ValueError as e: print(e)
try: optim.Adam(a.parameters(), eps=-1)
except ValueError as e: print(e)
try: optim.SGD(a.weight, lr=0.1)
except TypeError as e: print(e)
''')

P('optim_load_state_dict', '''
torch.manual_seed(0)
m = nn.Linear(2, 2); opt = optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
m(torch.randn(3, 2)).sum().backward(); opt.step()
sd = opt.state_dict()
m2 = nn.Linear(2, 2); opt2 = optim.SGD(m2.parameters(), lr=0.5, momentum=0.1)
opt2.load_state_dict(sd); print(opt2.param_groups[0]['lr'], opt2.param_groups[0]['momentum']); print(opt2.state_dict()['state'])
try: optim.SGD([m.weight], lr=0.1).load_state_dict(sd)
except ValueError as e: print(e)
opt.zero_grad(); print(m.weight.grad)
opt.zero_grad(set_to_none=False); print(m.weight.grad)
''')

P('optim_lr_change', '''
torch.manual_seed(0)
w = nn.Parameter(torch.tensor([1.0, -2.0]))
opt = optim.SGD([w], lr=0.1)
for i in range(4):
    opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
    opt.param_groups[0]['lr'] *= 0.5
    print(w)
''')

P('sched_step', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
for epoch in range(12):
    opt.step()
    sched.step()
    print(epoch, [f"{v:.6g}" for v in sched.get_last_lr()])
''')

P('sched_multistep', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.MultiStepLR(opt, milestones=[2, 5, 5], gamma=0.1)
for epoch in range(12):
    opt.step()
    sched.step()
    print(epoch, [f"{v:.6g}" for v in sched.get_last_lr()])
''')

P('sched_exp', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)
for epoch in range(12):
    opt.step()
    sched.step()
    print(epoch, [f"{v:.6g}" for v in sched.get_last_lr()])
''')

P('sched_cos', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4, eta_min=0.01)
for epoch in range(12):
    opt.step()
    sched.step()
    print(epoch, [f"{v:.6g}" for v in sched.get_last_lr()])
''')

P('sched_coswr', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2, eta_min=0.001)
for epoch in range(12):
    opt.step()
    sched.step()
    print(epoch, [f"{v:.6g}" for v in sched.get_last_lr()])
''')

P('sched_onecycle', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=12)
for epoch in range(12):
    opt.step()
    sched.step()
    print(epoch, [f"{v:.6g}" for v in sched.get_last_lr()])
''')

P('sched_onecycle_lin', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.OneCycleLR(opt, max_lr=[0.5], epochs=2, steps_per_epoch=6, anneal_strategy='linear', three_phase=True)
for epoch in range(12):
    opt.step()
    sched.step()
    print(epoch, [f"{v:.6g}" for v in sched.get_last_lr()])
''')

P('sched_cyclic', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=3)
for epoch in range(12):
    opt.step()
    sched.step()
    print(epoch, [f"{v:.6g}" for v in sched.get_last_lr()])
''')

P('sched_cyclic_tri2', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=2, mode='triangular2')
for epoch in range(12):
    opt.step()
    sched.step()
    print(epoch, [f"{v:.6g}" for v in sched.get_last_lr()])
''')

P('sched_cyclic_exp', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=2, step_size_down=3, mode='exp_range', gamma=0.9)
for epoch in range(12):
    opt.step()
    sched.step()
    print(epoch, [f"{v:.6g}" for v in sched.get_last_lr()])
''')

P('sched_lambda', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda e: 0.95 ** e)
for epoch in range(12):
    opt.step()
    sched.step()
    print(epoch, [f"{v:.6g}" for v in sched.get_last_lr()])
''')

P('sched_mult', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.MultiplicativeLR(opt, lr_lambda=lambda e: 0.9)
for epoch in range(12):
    opt.step()
    sched.step()
    print(epoch, [f"{v:.6g}" for v in sched.get_last_lr()])
''')

P('sched_linear', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.LinearLR(opt, start_factor=0.25, total_iters=4)
for epoch in range(12):
    opt.step()
    sched.step()
    print(epoch, [f"{v:.6g}" for v in sched.get_last_lr()])
''')

P('sched_constant', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=3)
for epoch in range(12):
    opt.step()
    sched.step()
    print(epoch, [f"{v:.6g}" for v in sched.get_last_lr()])
''')

P('sched_poly', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.PolynomialLR(opt, total_iters=5, power=2.0)
for epoch in range(12):
    opt.step()
    sched.step()
    print(epoch, [f"{v:.6g}" for v in sched.get_last_lr()])
''')

P('sched_sequential', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.SequentialLR(opt, [optim.lr_scheduler.LinearLR(opt, 0.1, total_iters=3), optim.lr_scheduler.ExponentialLR(opt, 0.8)], milestones=[3])
for epoch in range(12):
    opt.step()
    sched.step()
    print(epoch, [f"{v:.6g}" for v in sched.get_last_lr()])
''')

P('sched_chained', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.ChainedScheduler([optim.lr_scheduler.ConstantLR(opt, factor=0.1, total_iters=2), optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)])
for epoch in range(12):
    opt.step()
    sched.step()
    print(epoch, [f"{v:.6g}" for v in sched.get_last_lr()])
''')

P('sched_plateau', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1)
sched = optim.lr_scheduler.ReduceLROnPlateau(opt, mode='min', factor=0.5, patience=1, threshold=0.01, cooldown=1, min_lr=0.01)
for epoch, val in enumerate([1.0, 0.9, 0.95, 0.95, 0.95, 0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.9]):
    opt.step(); sched.step(val)
    print(epoch, opt.param_groups[0]['lr'], sched.get_last_lr(), sched.num_bad_epochs)
print(sched.state_dict()['best'])
''')

P('sched_plateau_max', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.Adam([w], lr=1.0)
sched = optim.lr_scheduler.ReduceLROnPlateau(opt, 'max', factor=0.1, patience=0, threshold_mode='abs', threshold=0.1)
for v in [1, 1.05, 1.2, 1.25, 1.0]:
    sched.step(v); print(opt.param_groups[0]['lr'])
try: optim.lr_scheduler.ReduceLROnPlateau(opt, factor=1.0)
except ValueError as e: print(e)
try: optim.lr_scheduler.ReduceLROnPlateau(opt, mode='foo')
except ValueError as e: print(e)
''')

P('sched_state_dict', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1)
s = optim.lr_scheduler.StepLR(opt, 2, 0.5)
for _ in range(3): opt.step(); s.step()
print(s.state_dict())
s2 = optim.lr_scheduler.StepLR(opt, 5, 0.1); s2.load_state_dict(s.state_dict()); print(s2.step_size, s2.last_epoch, s2.get_last_lr())
c = optim.lr_scheduler.CosineAnnealingLR(opt, 10); print(sorted(c.state_dict().keys()))
print(opt.param_groups[0]['initial_lr'])
''')

P('sched_warnings', '''
torch.manual_seed(0)
import warnings
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1)
with warnings.catch_warnings(record=True) as ws:
    warnings.simplefilter('always')
    s = optim.lr_scheduler.StepLR(opt, 2)
    s.step(); opt.step()
    s.get_lr()
    print(sorted(set(str(x.message)[:60] for x in ws)))
try: optim.lr_scheduler.StepLR(opt, 2, last_epoch=3)
except KeyError as e: print(e)
opt2 = optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1)
try: optim.lr_scheduler.LinearLR(opt2, start_factor=0)
except ValueError as e: print(e)
try: optim.lr_scheduler.OneCycleLR(opt2, max_lr=0.1)
except ValueError as e: print(e)
try: optim.lr_scheduler.MultiStepLR(opt2, [3, 1])
except ValueError as e: print(e)
try: optim.lr_scheduler.CosineAnnealingWarmRestarts(opt2, T_0=0)
except ValueError as e: print(e)
try: optim.lr_scheduler.StepLR('x', 2)
except TypeError as e: print(e)
''')

P('sched_onecycle_over', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.Adam([w], lr=0.1)
s = optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=2)
print(opt.param_groups[0]['betas'], opt.param_groups[0]['lr'])
s.step(); print(opt.param_groups[0]['betas'])
s.step()
try: s.step()
except ValueError as e: print(e)
''')

P('sched_cosine_epoch_arg', '''
torch.manual_seed(0)
w = nn.Parameter(torch.zeros(1))
opt = optim.SGD([w], lr=0.1)
s = optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=4)
for e in [0.5, 1.0, 1.5, 4.0, 6.25]:
    s.step(e); print(f"{s.get_last_lr()[0]:.6g}", s.T_cur, s.T_i)
print(s.last_epoch)
''')

P('sched_multi_groups', '''
torch.manual_seed(0)
a = nn.Parameter(torch.zeros(1)); b = nn.Parameter(torch.zeros(1))
opt = optim.SGD([{'params': [a]}, {'params': [b], 'lr': 1.0}], lr=0.1)
s = optim.lr_scheduler.LambdaLR(opt, [lambda e: 0.5 ** e, lambda e: 1.0 / (e + 1)])
for _ in range(4): opt.step(); s.step(); print(s.get_last_lr())
print(s.state_dict()['lr_lambdas'])
''')

P('data_basic', '''
torch.manual_seed(0)
ds = data.TensorDataset(torch.arange(10.).view(5, 2), torch.arange(5))
print(len(ds), ds[1])
dl = data.DataLoader(ds, batch_size=2)
print(len(dl))
for x, y in dl: print(x, y)
dl = data.DataLoader(ds, batch_size=2, drop_last=True); print(len(dl), [y.tolist() for _, y in dl])
''')

P('data_shuffle', '''
torch.manual_seed(0)
ds = data.TensorDataset(torch.arange(10))
dl = data.DataLoader(ds, batch_size=3, shuffle=True)
for ep in range(2): print([b[0].tolist() for b in dl])
g = torch.Generator().manual_seed(42)
print([b[0].tolist() for b in data.DataLoader(ds, batch_size=4, shuffle=True, generator=g)])
print(list(data.RandomSampler(range(5), generator=torch.Generator().manual_seed(1))))
print(list(data.RandomSampler(range(5), replacement=True, num_samples=7, generator=torch.Generator().manual_seed(1))))
print(list(data.SubsetRandomSampler([3, 5, 7], generator=torch.Generator().manual_seed(3))))
print(list(data.WeightedRandomSampler([0.1, 0.9, 0.4], 6, generator=torch.Generator().manual_seed(2))))
print(list(data.BatchSampler(data.SequentialSampler(range(7)), 3, drop_last=False)))
''')

P('data_collate', '''
torch.manual_seed(0)
class D(data.Dataset):
    def __len__(self): return 5
    def __getitem__(self, i): return {'x': np.array([i, i + 1], dtype=np.float32), 'y': i, 'name': f'n{i}', 't': (i * 0.5, torch.tensor([i]))}
dl = data.DataLoader(D(), batch_size=2)
for b in dl: print(b)
print(data.default_collate([(1, 2.0), (3, 4.0)]))
print(data.default_collate([np.int64(3), np.int64(4)]), data.default_collate([True, False]))
print(data.default_collate([[1, 2], [3, 4]]))
print(data.default_collate([np.array(1.5), np.array(2.5)]))
from collections import namedtuple
Pt = namedtuple('Pt', 'a b'); print(data.default_collate([Pt(1, 2.), Pt(3, 4.)]))
print(data.default_convert(np.array([1, 2])), data.default_convert([np.array([1.])]))
''')

P('data_collate_errors', '''
torch.manual_seed(0)
for batch in [[object(), object()], [[1, 2], [3]], [torch.zeros(2), torch.zeros(3)], [np.array(['a'], dtype=object)]*2]:
    try: print(data.default_collate(batch))
    except Exception as e: print(type(e).__name__, str(e).split(chr(10))[0][:90])
''')

P('data_datasets', '''
a = data.TensorDataset(torch.arange(4)); b = data.TensorDataset(torch.arange(10, 13))
c = data.ConcatDataset([a, b]); print(len(c), c[5], c[-1], c.cumulative_sizes)
s = data.Subset(c, [0, 6, 3]); print(len(s), [s[i] for i in range(3)])
g = torch.Generator().manual_seed(42)
tr, te = data.random_split(range(10), [7, 3], generator=g); print(list(tr), list(te))
parts = data.random_split(range(10), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(0)); print([list(p) for p in parts])
torch.manual_seed(1); print([list(p) for p in data.random_split(range(6), [3, 3])])
try: data.random_split(range(10), [3, 3])
except ValueError as e: print(e)
try: data.TensorDataset(torch.zeros(3), torch.zeros(4))
except AssertionError as e: print('AssertionError', e)
try: c[7]
except IndexError as e: print(e)
print((a + b).__class__.__name__)
''')

P('data_iterable', '''
torch.manual_seed(0)
class It(data.IterableDataset):
    def __iter__(self): return iter(range(7))
dl = data.DataLoader(It(), batch_size=3)
print([b.tolist() for b in dl])
try: len(dl)
except TypeError as e: print(e)
try: data.DataLoader(It(), shuffle=True)
except ValueError as e: print(e)
try: data.DataLoader(range(3), batch_size=2, batch_sampler=data.BatchSampler(range(3), 2, False))
except ValueError as e: print(e)
dl2 = data.DataLoader(range(5), batch_size=None); print(list(dl2))
dl3 = data.DataLoader(range(5), batch_size=2, collate_fn=lambda b: b); print(list(dl3))
print(data.DataLoader(range(5)).batch_size, len(data.DataLoader(range(5), batch_size=2, drop_last=True)))
''')

P('data_loader_strings_tensors', '''
torch.manual_seed(0)
ds = [("hello", torch.tensor([1, 2])), ("world", torch.tensor([3, 4]))]
for b in data.DataLoader(ds, batch_size=2): print(b)
ds2 = [{'a': torch.ones(2, dtype=torch.float64), 'b': [1, 2]}] * 3
for b in data.DataLoader(ds2, batch_size=2): print(b)
for b in data.DataLoader([1.5, 2.5, 3.5], batch_size=2): print(b, b.dtype)
for b in data.DataLoader([np.float32(1.5), np.float32(2.5)], batch_size=2): print(b, b.dtype)
''')

P('save_load_roundtrip', '''
import io
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
opt = optim.Adam(m.parameters(), lr=0.01)
(m(torch.randn(4, 3)) * torch.tensor([1., -2.])).pow(3).sum().backward(); opt.step()
buf = io.BytesIO(); torch.save({'model': m.state_dict(), 'opt': opt.state_dict(), 'epoch': 3}, buf); buf.seek(0)
ck = torch.load(buf)
print(list(ck['model'].keys()), ck['epoch'])
print(ck['model']['0.weight']); print(ck['model']['1.num_batches_tracked'])
print(ck['opt']['param_groups'])
print(ck['opt']['state'][0]['step'], torch.equal(ck['opt']['state'][0]['exp_avg'], opt.state_dict()['state'][0]['exp_avg']), ck['opt']['state'][0]['exp_avg'].shape)
m2 = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2)); print(m2.load_state_dict(ck['model']))
opt2 = optim.Adam(m2.parameters()); opt2.load_state_dict(ck['opt']); print(opt2.param_groups[0]['lr'])
buf = io.BytesIO(); torch.save(torch.arange(6).view(2, 3)[:, 1], buf); buf.seek(0); t = torch.load(buf); print(t, t.is_contiguous())
buf = io.BytesIO(); torch.save([torch.tensor(1.5, dtype=torch.float16), 'x', (1, 2)], buf); buf.seek(0); print(torch.load(buf, weights_only=True))
''')

P('save_load_module', '''
import io
torch.manual_seed(0)
m = nn.Linear(2, 2)
buf = io.BytesIO(); torch.save(m, buf); buf.seek(0)
try: torch.load(buf)
except Exception as e: print(type(e).__name__, str(e).split(chr(10))[0][:60])
buf.seek(0); m2 = torch.load(buf, weights_only=False); print(m2, m2.weight)
''')

P('repr_modulelist_repeat', '''
torch.manual_seed(0)
print(nn.ModuleList([nn.Linear(2, 2) for _ in range(3)] + [nn.ReLU(), nn.ReLU(), nn.Linear(2, 3)]))
print(nn.Sequential(*[nn.Sequential(nn.Linear(2, 2), nn.ReLU()) for _ in range(2)]))
class Enc(nn.Module):
    def __init__(self):
        super().__init__(); self.layers = nn.ModuleList([nn.TransformerEncoderLayer(4, 2, 8) for _ in range(2)])
print(Enc())
''')

P('hooks', '''
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
feats = []
h = m[0].register_forward_hook(lambda mod, inp, out: feats.append(out.shape))
h2 = m[2].register_forward_pre_hook(lambda mod, inp: (inp[0] * 2,))
x = torch.randn(4, 2)
print(m(x)); print(feats)
h.remove(); h2.remove(); print(m(x))
grads = []
m[2].register_full_backward_hook(lambda mod, gi, go: grads.append((gi[0].shape, go[0].shape)))
m(x).sum().backward(); print(grads)
w = m[0].weight; w.register_hook(lambda g: g * 0); m.zero_grad(); m(x).sum().backward(); print(m[0].weight.grad)
''')

P('state_dict_hooks_prefix', '''
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(2, 2))
sd = m.state_dict(prefix='model.'); print(list(sd.keys()))
sd = m.state_dict(keep_vars=True); print(type(sd['0.weight']).__name__, sd['0.weight'].requires_grad)
print(type(m.state_dict()).__name__, m.state_dict()['0.weight'].requires_grad)
print(m.state_dict()._metadata if hasattr(m.state_dict(), '_metadata') else None)
''')

P('utils_vec', '''
torch.manual_seed(0)
m = nn.Linear(3, 2)
v = nn.utils.parameters_to_vector(m.parameters()); print(v)
nn.utils.vector_to_parameters(torch.arange(8.), m.parameters()); print(m.weight, m.bias)
m(torch.ones(1, 3)).sum().backward()
print(nn.utils.clip_grad_norm_(m.parameters(), 1.0), m.weight.grad)
print(nn.utils.clip_grad_norm_([], 1.0))
print(nn.utils.get_total_norm([torch.ones(3), torch.ones(4)]) if hasattr(nn.utils, 'get_total_norm') else None)
''')

P('train_conv_bn', '''
torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 4 * 4, 3))
X = torch.randn(8, 1, 8, 8); Y = torch.randint(0, 3, (8,))
opt = optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
for s in range(5):
    opt.zero_grad(); loss = F.cross_entropy(model(X), Y); loss.backward(); opt.step(); print(s, f"{loss.item():.4g}")
print(model[1].running_mean); model.eval(); print(model(X[:2]))
''')

P('train_lstm', '''
torch.manual_seed(0)
class M(nn.Module):
    def __init__(self):
        super().__init__(); self.emb = nn.Embedding(10, 4); self.rnn = nn.LSTM(4, 6, batch_first=True, num_layers=2); self.fc = nn.Linear(6, 10)
    def forward(self, x):
        o, _ = self.rnn(self.emb(x)); return self.fc(o)
m = M(); X = torch.randint(0, 10, (3, 5)); Y = torch.randint(0, 10, (3, 5))
opt = optim.Adam(m.parameters(), lr=0.01)
for s in range(5):
    opt.zero_grad(); loss = F.cross_entropy(m(X).reshape(-1, 10), Y.reshape(-1)); loss.backward(); opt.step(); print(s, f"{loss.item():.5g}")
''')

P('train_gru_bidir', '''
torch.manual_seed(0)
g = nn.GRU(3, 4, bidirectional=True); fc = nn.Linear(8, 1)
X = torch.randn(6, 2, 3); Y = torch.randn(2, 1)
opt = optim.RMSprop(list(g.parameters()) + list(fc.parameters()), lr=0.01)
for s in range(5):
    opt.zero_grad(); o, h = g(X); loss = F.mse_loss(fc(o[-1]), Y); loss.backward(); opt.step(); print(s, f"{loss.item():.5g}")
''')

P('train_sched_loop', '''
torch.manual_seed(0)
m = nn.Linear(4, 1); X = torch.randn(8, 4); Y = torch.randn(8, 1)
opt = optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
sch = optim.lr_scheduler.OneCycleLR(opt, max_lr=0.2, total_steps=6)
for s in range(6):
    opt.zero_grad(); loss = F.mse_loss(m(X), Y); loss.backward(); opt.step(); sch.step()
    print(s, f"{loss.item():.5g}", f"{sch.get_last_lr()[0]:.5g}", f"{opt.param_groups[0]['momentum']:.5g}")
''')

P('train_dataloader_loop', '''
torch.manual_seed(0)
X = torch.randn(20, 3); Y = (X.sum(1) > 0).long()
dl = data.DataLoader(data.TensorDataset(X, Y), batch_size=6, shuffle=True)
m = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 2)); opt = optim.Adam(m.parameters(), lr=0.05)
for ep in range(2):
    tot = 0.0
    for xb, yb in dl:
        opt.zero_grad(); l = F.cross_entropy(m(xb), yb); l.backward(); opt.step(); tot += l.item() * len(xb)
    print(ep, f"{tot / len(dl.dataset):.5g}")
with torch.no_grad(): print((m(X).argmax(1) == Y).float().mean())
''')

P('module_misc2', '''
import copy
torch.manual_seed(0)
m = nn.Linear(2, 2); m2 = copy.deepcopy(m); print(torch.equal(m.weight, m2.weight), m2.weight is m.weight)
print(m.weight.is_leaf, m.weight.grad_fn, (m.weight * 2).grad_fn.__class__.__name__)
print(nn.Linear(2, 2, dtype=torch.float64).weight.dtype)
m.register_module('sub', nn.ReLU()); print(m)
print(dict(m.named_children()).keys())
try: nn.Linear(2, 2)(torch.randn(3, 3))
except RuntimeError as e: print(e)
try: nn.Linear(2, 2)(torch.randn(3, 2, dtype=torch.float64))
except RuntimeError as e: print(e)
try: nn.Linear(2, 2)(torch.ones(3, 2, dtype=torch.long))
except RuntimeError as e: print(e)
''')

P('embedding_grad_padding', '''
torch.manual_seed(0)
e = nn.Embedding(5, 2, padding_idx=0); opt = optim.SGD(e.parameters(), lr=1.0)
idx = torch.tensor([0, 1, 1, 3])
e(idx).sum().backward(); print(e.weight.grad); opt.step(); print(e.weight)
e2 = nn.Embedding(5, 2, scale_grad_by_freq=True); e2(idx).sum().backward(); print(e2.weight.grad)
''')

P('rnn_state_dict_keys', '''
torch.manual_seed(0)
for m in [nn.LSTM(2, 3, num_layers=2, bidirectional=True), nn.GRU(2, 3, bias=False), nn.LSTM(2, 4, proj_size=2)]:
    print([(k, tuple(v.shape)) for k, v in m.state_dict().items()])
print([n for n, _ in nn.TransformerEncoderLayer(4, 2, 8).named_parameters()])
print([n for n, _ in nn.MultiheadAttention(4, 2, kdim=3, vdim=3).named_parameters()])
print([n for n, _ in nn.Transformer(4, 2, 1, 1, 8).named_parameters()][:8])
''')

P('interp_more', '''
torch.manual_seed(1)
x = torch.randn(1, 1, 5, 7)
print(F.interpolate(x, scale_factor=0.6, mode='bilinear', recompute_scale_factor=True))
print(F.interpolate(x, scale_factor=0.6, mode='nearest'))
print(F.interpolate(x, size=(3, 3), mode='bilinear', antialias=True))
print(F.interpolate(x, size=(2, 4), mode='area'))
print(F.interpolate(torch.randn(1, 2, 5), size=3, mode='nearest-exact'))
try: F.interpolate(x, size=(2,), mode='bilinear')
except ValueError as e: print(e)
try: F.interpolate(x, scale_factor=2, mode='bilinear', align_corners=True, antialias=False) ; F.interpolate(x, scale_factor=2, align_corners=True)
except ValueError as e: print(e)
try: F.interpolate(x, mode='foo', scale_factor=2)
except NotImplementedError as e: print(e)
''')

P('conv_more', '''
torch.manual_seed(2)
x = torch.randn(1, 2, 6, 6)
c = nn.Conv2d(2, 2, 4, padding='same'); print(c(x)[0, 0])
c = nn.Conv2d(2, 2, (2, 3), padding='same', dilation=(2, 1)); print(c(x).shape, c(x).sum().item().__round__(3))
t = nn.ConvTranspose2d(2, 2, 3, stride=2)
try: t(x, output_size=(20, 20))
except ValueError as e: print(e)
try: nn.ConvTranspose2d(2, 2, 3, stride=2, output_padding=2)(x)
except RuntimeError as e: print(e)
try: nn.ConvTranspose2d(2, 2, 3, padding='same')
except Exception as e: print(type(e).__name__, e)
print(F.conv2d(x, torch.ones(1, 2, 2, 2), stride=3))
print(F.conv1d(torch.ones(1, 1, 5), torch.ones(1, 1, 2), padding='same'))
print(F.conv_transpose1d(torch.ones(1, 1, 3), torch.ones(1, 2, 2), stride=2, padding=1, output_padding=1))
''')

P('loss_shape_errors', '''
torch.manual_seed(0)
tests = [
 lambda: F.cross_entropy(torch.randn(3, 4), torch.randn(3, 5)),
 lambda: F.cross_entropy(torch.randn(3, 4, 2), torch.zeros(3, 2, 2, dtype=torch.long)),
 lambda: F.binary_cross_entropy(torch.rand(3), torch.rand(3).double()),
 lambda: F.nll_loss(torch.randn(3, 4), torch.zeros(3, dtype=torch.int32)),
 lambda: F.kl_div(torch.randn(3), torch.randn(4)),
 lambda: F.margin_ranking_loss(torch.randn(3), torch.randn(4), torch.ones(3)),
 lambda: F.cosine_embedding_loss(torch.randn(3, 2), torch.randn(3, 2), torch.ones(4)),
 lambda: F.triplet_margin_loss(torch.randn(3, 2), torch.randn(3, 3), torch.randn(3, 2)),
 lambda: F.multi_margin_loss(torch.randn(3, 4), torch.zeros(4, dtype=torch.long)),
 lambda: F.ctc_loss(torch.randn(5, 2, 3).log_softmax(2), torch.ones(2, 6, dtype=torch.long), torch.tensor([5, 5]), torch.tensor([6, 6])),
 lambda: F.mse_loss(torch.randn(3), [1, 2, 3]),
 lambda: F.huber_loss(torch.randn(3), torch.randn(3), delta=-1),
 lambda: F.smooth_l1_loss(torch.randn(3), torch.randn(3), beta=-1),
 lambda: nn.MSELoss(reduction='foo')(torch.randn(2), torch.randn(2)),
 lambda: F.cross_entropy(torch.randn(3, 4), torch.tensor([0, 1, 2]), label_smoothing=-0.1),
 lambda: F.poisson_nll_loss(torch.randn(3), torch.randn(4)),
 lambda: F.gaussian_nll_loss(torch.randn(3, 2), torch.randn(3, 2), torch.ones(3, 3)),
]
for t in tests:
    try: print(t())
    except Exception as e: print(type(e).__name__, str(e).split(chr(10))[0][:150])
''')

P('layer_arg_errors', '''
torch.manual_seed(0)
tests = [
 lambda: nn.Linear(2, -1), lambda: nn.Conv2d(2, 3, 0), lambda: nn.Conv2d(2, 3, 3, stride=0)(torch.randn(1, 2, 4, 4)),
 lambda: nn.LSTM(2, 3, dropout=1.5), lambda: nn.LSTM(2, 3, num_layers=0), lambda: nn.RNN(2, 3, nonlinearity='sigmoid'),
 lambda: nn.LSTM(2, 3, proj_size=3), lambda: nn.MultiheadAttention(5, 2), lambda: nn.TransformerEncoderLayer(5, 2),
 lambda: nn.Dropout(1.5), lambda: nn.Embedding(3, 2, padding_idx=5), lambda: nn.BatchNorm1d(0),
 lambda: nn.Softmax(dim=3)(torch.randn(2, 2)), lambda: nn.Flatten(2, 0)(torch.randn(2, 3, 4)), lambda: nn.Unflatten(1, (2, 2))(torch.randn(3, 5)),
 lambda: nn.GLU()(torch.randn(3)), lambda: nn.PReLU(3)(torch.randn(2, 4)), lambda: nn.Bilinear(2, 3, 4)(torch.randn(1, 2), torch.randn(1, 2)),
 lambda: nn.Upsample(scale_factor=2, mode='bilinear')(torch.randn(1, 2, 3)), lambda: nn.MaxPool2d(2)(torch.randn(2)),
 lambda: nn.LayerNorm(3)(torch.randn(2, 4)), lambda: nn.GroupNorm(2, 4)(torch.randn(2, 3, 4)), lambda: nn.Embedding(3, 2)(torch.tensor([[0.5]])),
 lambda: nn.ModuleList([1]), lambda: nn.Sequential(1), lambda: nn.ModuleDict({'a': 1}),
]
for t in tests:
    try: print(t())
    except Exception as e: print(type(e).__name__, str(e).split(chr(10))[0][:150])
''')

P('gradfn_names', '''
torch.manual_seed(0)
x = torch.randn(2, 3, 4, 4); s = torch.randn(5, 2, 3); v = torch.randn(2, 3)
mods = [(nn.Conv2d(3, 2, 3), x), (nn.ConvTranspose2d(3, 2, 3), x), (nn.BatchNorm2d(3), x), (nn.LayerNorm(4), x), (nn.GroupNorm(3, 3), x), (nn.InstanceNorm2d(3), x),
        (nn.MaxPool2d(2), x), (nn.AvgPool2d(2), x), (nn.AdaptiveAvgPool2d(1), x), (nn.AdaptiveAvgPool2d(2), x), (nn.AdaptiveMaxPool2d(2), x), (nn.Upsample(scale_factor=2), x), (nn.Upsample(scale_factor=2, mode='bilinear'), x),
        (nn.Flatten(), x), (nn.Linear(3, 2), v), (nn.Linear(3, 2, bias=False), v), (nn.Linear(4, 2), x), (nn.Bilinear(3, 3, 2), (v, v)), (nn.ReLU(), v), (nn.GELU(), v), (nn.Dropout(0.0), v), (nn.Softmax(1), v), (nn.LogSoftmax(1), v),
        (nn.Tanh(), v), (nn.Sigmoid(), v), (nn.LeakyReLU(), v), (nn.ELU(), v), (nn.SiLU(), v), (nn.Embedding(5, 2), torch.tensor([1, 2])), (nn.PixelShuffle(2), torch.randn(1, 4, 2, 2)), (nn.ZeroPad2d(1), x), (nn.ReflectionPad2d(1), x),
        (nn.Identity(), v), (nn.PReLU(), v), (nn.Softplus(), v), (nn.Hardtanh(), v), (nn.ReLU6(), v), (nn.Mish(), v), (nn.Hardswish(), v), (nn.LPPool2d(2, 2), x), (nn.MaxPool1d(2), s), (nn.Conv1d(2, 2, 2), s), (nn.AvgPool1d(2), s)]
for m, inp in mods:
    out = m(*inp) if isinstance(inp, tuple) else m(inp)
    print(type(m).__name__, type(out.grad_fn).__name__)
for m in [nn.LSTM(3, 4), nn.GRU(3, 4), nn.RNN(3, 4), nn.LSTM(3, 4, batch_first=True, num_layers=2)]:
    o, h = m(s); hh = h[0] if isinstance(h, tuple) else h; print(type(m).__name__, type(o.grad_fn).__name__, type(hh.grad_fn).__name__)
o, w = nn.MultiheadAttention(3, 1)(s, s, s); print(type(o.grad_fn).__name__, type(w.grad_fn).__name__)
for l, a in [(nn.MSELoss(), (v, v)), (nn.CrossEntropyLoss(), (v, torch.tensor([0, 1]))), (nn.BCEWithLogitsLoss(), (v, v.sigmoid())), (nn.L1Loss(), (v, v)), (nn.NLLLoss(), (v, torch.tensor([0, 1]))), (nn.SmoothL1Loss(), (v, v)), (nn.KLDivLoss(reduction='batchmean'), (v, v.softmax(1)))]:
    print(type(l).__name__, type(l(*a).grad_fn).__name__)
''')

P('printing_outputs', '''
torch.manual_seed(0)
m = nn.Linear(3, 2)
print(m(torch.randn(2, 3)))
with torch.no_grad(): print(m(torch.randn(2, 3)))
print(m(torch.randn(2, 3)).detach())
print(F.cross_entropy(m(torch.randn(4, 3)), torch.tensor([0, 1, 1, 0])))
print(m.weight.T, m.weight[0], m.weight.sum(), m.weight.mean(0))
o = m(torch.randn(2, 3)); print(o.shape, o.dtype, o.requires_grad, o.is_leaf)
print(torch.nn.Parameter(torch.randn(2, 2, dtype=torch.float64)))
print(nn.Parameter(torch.zeros(3, dtype=torch.long), requires_grad=False))
''')

P('named_params_order', '''
torch.manual_seed(0)
class A(nn.Module):
    def __init__(self):
        super().__init__()
        self.b = nn.Parameter(torch.zeros(1))
        self.lin = nn.Linear(1, 1)
        self.a = nn.Parameter(torch.zeros(2))
        self.register_buffer('z', torch.zeros(1))
        self.lst = nn.ModuleList([nn.Linear(1, 1)])
        self.register_parameter('none_p', None)
        self.register_buffer('none_b', None)
m = A()
print([n for n, _ in m.named_parameters()]); print(list(m.state_dict().keys())); print([n for n, _ in m.named_buffers()])
print(m)
print(m.none_p, m.none_b)
del m.a; print([n for n, _ in m.named_parameters()])
m.a = nn.Parameter(torch.ones(1)); print([n for n, _ in m.named_parameters()])
''')

P('module_to_and_types', '''
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
m.to(torch.float64); print(m[0].weight.dtype, m[1].running_mean.dtype, m[1].num_batches_tracked.dtype)
m.to(dtype=torch.float16); print(m[0].weight.dtype)
m.bfloat16(); print(m[1].running_var.dtype)
m.float(); print(m(torch.randn(3, 2)).dtype)
print(m.to('cpu') is m, next(m.parameters()).device)
try: m.to(torch.int64)
except TypeError as e: print(e)
''')

P('sdpa_attn', '''
torch.manual_seed(0)
q, k, v = torch.randn(2, 2, 3, 4), torch.randn(2, 2, 5, 4), torch.randn(2, 2, 5, 4)
print(F.scaled_dot_product_attention(q, k, v)[0, 0])
mask = torch.rand(3, 5) > 0.3
print(F.scaled_dot_product_attention(q, k, v, attn_mask=mask)[1, 1])
print(F.scaled_dot_product_attention(q, k, v, attn_mask=torch.randn(3, 5), scale=0.1)[0, 1])
print(F.scaled_dot_product_attention(q, k, v, is_causal=True)[0, 0])
try: F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=True)
except RuntimeError as e: print(e)
''')

P('lazy_modules', '''
torch.manual_seed(0)
m = nn.Sequential(nn.LazyLinear(3), nn.ReLU(), nn.LazyConv1d(2, 2) if False else nn.Identity())
print(m)
y = m(torch.randn(2, 5)); print(m); print(m[0].weight.shape)
c = nn.LazyConv2d(4, 3); print(c); c(torch.randn(1, 2, 5, 5)); print(c, c.weight.shape)
bn = nn.LazyBatchNorm1d(); bn(torch.randn(4, 3)); print(bn, bn.running_mean)
''')

P('unfold_module', '''
torch.manual_seed(1)
x = torch.randn(1, 2, 4, 5)
u = nn.Unfold(kernel_size=(2, 3), padding=1, stride=2); o = u(x); print(o.shape); print(o[0, :3])
f = nn.Fold(output_size=(4, 5), kernel_size=(2, 3), padding=1, stride=2); print(f(o).shape); print(f(o)[0, 0])
''')

P('pad_modules', '''
torch.manual_seed(0)
x = torch.arange(9.).view(1, 1, 3, 3)
for m in [nn.ReflectionPad2d((1, 0, 2, 1)), nn.ReplicationPad2d((0, 1, 1, 0)), nn.CircularPad2d(1), nn.ConstantPad2d((1, 1, 0, 0), -1.5), nn.ZeroPad1d(2), nn.ReflectionPad1d((2, 1))]:
    print(m, m(x if '2d' in type(m).__name__ else x[0]))
print(nn.ReflectionPad3d(1)(torch.arange(8.).view(1, 1, 2, 2, 2)).shape, nn.ReplicationPad3d((1, 0, 0, 1, 1, 0))(torch.arange(8.).view(1, 1, 2, 2, 2)).sum())
try: nn.ReflectionPad2d(3)(x)
except RuntimeError as e: print(e)
try: nn.ReflectionPad1d(1)(torch.tensor([1., 2.]))
except Exception as e: print(type(e).__name__, e)
''')

P('distance_modules', '''
torch.manual_seed(2)
a, b = torch.randn(3, 4), torch.randn(3, 4)
print(nn.PairwiseDistance()(a, b), nn.PairwiseDistance(p=float('inf'))(a, b), nn.PairwiseDistance(p=0)(a, b))
print(nn.CosineSimilarity(dim=1, eps=1e-3)(a, b), nn.CosineSimilarity(0)(a, b))
print(torch.cdist(a, b, p=1), torch.cdist(a.unsqueeze(0), b.unsqueeze(0), p=0).shape)
''')

P('dl_sampler_misc', '''
torch.manual_seed(0)
print(len(data.BatchSampler(range(10), 3, True)), len(data.BatchSampler(range(10), 3, False)))
try: data.BatchSampler(range(10), 0, False)
except ValueError as e: print(e)
try: data.RandomSampler(range(3), num_samples=0)
except ValueError as e: print(e)
try: data.WeightedRandomSampler([1., 2.], 0)
except ValueError as e: print(e)
try: data.DataLoader(range(3), shuffle=True, sampler=data.SequentialSampler(range(3)))
except ValueError as e: print(e)
try: data.DataLoader(range(3), num_workers=-1)
except ValueError as e: print(e)
try: data.random_split(range(5), [0.5, 0.6])
except ValueError as e: print(e)
dl = data.DataLoader(range(5), batch_size=2); it = iter(dl); print(next(it), next(it), next(it))
try: next(it)
except StopIteration: print('stop')
''')

P('dl_chain_stack', '''
torch.manual_seed(0)
class It(data.IterableDataset):
    def __init__(self, n): self.n = n
    def __iter__(self): return iter(range(self.n))
c = data.ChainDataset([It(2), It(3)]); print(list(c))
sd = data.StackDataset(data.TensorDataset(torch.arange(3)), torch.arange(3) * 10); print(sd[1], len(sd))
sd2 = data.StackDataset(a=torch.arange(3), b=torch.arange(3) + 5); print(sd2[2])
print(list(data.DataLoader(sd2, batch_size=2)))
''')

P('optim_misc', '''
torch.manual_seed(0)
w = nn.Parameter(torch.randn(3))
opt = optim.Adam([w], lr=torch.tensor(0.01))
(w ** 2).sum().backward(); opt.step(); print(w)
print(opt.param_groups[0]['lr'])
opt2 = optim.SGD([w], lr=0.1); print(opt2.step() is None)
w.grad = None; opt2.step(); print(w)
print(opt2.state_dict()['state'])
opt3 = optim.SGD([w], lr=0.1, momentum=0.9); w.grad = torch.ones(3); opt3.step(); print(opt3.state[w])
print(list(opt3.state_dict()['state'][0].keys()))
''')

P('optim_sparse_adam_err', '''
torch.manual_seed(0)
w = nn.Parameter(torch.randn(3))
try: optim.SGD([w, w], lr=0.1)
except Exception as e: print(type(e).__name__, str(e)[:80])
try: optim.SGD([{'params': [w]}, {'params': [w]}], lr=0.1)
except ValueError as e: print(e)
try: optim.Adam([torch.zeros(2)], lr=0.1)
except ValueError as e: print(e)
try: optim.SGD([w])
except Exception as e: print(type(e).__name__, e)
print(optim.SGD([w]).defaults['lr'])
''')

P('act_signed_zero', '''
torch.manual_seed(0)
x = torch.tensor([-4., -3., -1., -0.5, -0.0, 0.0, 0.5, 3.0, 6.0, 7.0], requires_grad=True)
for f in [F.relu6, F.hardswish, F.softshrink, lambda t: F.hardtanh(t, -1., 6.), lambda t: F.hardtanh(t, 0., 6.), F.hardsigmoid, F.hardshrink, F.relu]:
    y = f(x); print(y)
    x.grad = None; y.sum().backward(); print(x.grad)
print(nn.Hardswish()(torch.tensor([-4., -3.5])), nn.Softshrink(1.0)(torch.tensor([-1., -0.5, 0.5])), nn.ReLU6()(torch.tensor([-0.0, 2.0])))
''')

P('channel_shuffle', '''
torch.manual_seed(0)
x = torch.arange(24.).view(1, 6, 2, 2)
m = nn.ChannelShuffle(3); print(m); print(m(x)[0, :, 0, 0]); print(F.channel_shuffle(x, 2)[0, :, 0, 1])
print(F.channel_shuffle(torch.arange(6).view(1, 6, 1), 3).dtype)
y = F.channel_shuffle(x.requires_grad_(), 2); print(type(y.grad_fn).__name__); y[0, 1].sum().backward(); print(x.grad[0, :, 0, 0])
for a, g in [(torch.zeros(1, 3), 2), (torch.zeros(1, 6, 2), 4), (torch.zeros(1, 6, 2), 0), (torch.zeros(6), 2)]:
    try: F.channel_shuffle(a, g)
    except RuntimeError as e: print(e)
''')

P('embedding_oob_concrete', '''
torch.manual_seed(0)
e = nn.Embedding(4, 2)
for idx in [torch.tensor([4]), torch.tensor([[0, -1]]), torch.tensor([1, 3])]:
    try: print(e(idx))
    except IndexError as ex: print('IndexError', ex)
try: F.embedding(torch.tensor([5]), torch.zeros(3, 2))
except IndexError as ex: print('IndexError', ex)
''')

P('loss_broadcast_order', '''
torch.manual_seed(0)
a, b = torch.rand(3), torch.rand(4)
y3, y4 = torch.ones(3), torch.ones(4)
cases = [lambda: F.kl_div(a, b), lambda: F.kl_div(a, b, log_target=True), lambda: F.kl_div(a, b, reduction='batchmean'), lambda: F.poisson_nll_loss(a, b),
         lambda: F.poisson_nll_loss(a, b, log_input=False), lambda: F.margin_ranking_loss(a, a, y4), lambda: F.margin_ranking_loss(a, b, y3),
         lambda: F.l1_loss(a, b), lambda: F.mse_loss(a, b), lambda: F.soft_margin_loss(a, b), lambda: F.binary_cross_entropy_with_logits(a, b)]
for f in cases:
    try: f()
    except Exception as e: print(type(e).__name__, e)
for fn in ['l1_loss', 'mse_loss', 'smooth_l1_loss', 'huber_loss', 'kl_div', 'poisson_nll_loss', 'binary_cross_entropy', 'binary_cross_entropy_with_logits', 'soft_margin_loss', 'cross_entropy', 'nll_loss']:
    for args in [(a, [1., 2., 3.]), ([1., 2., 3.], a)]:
        try: getattr(F, fn)(*args)
        except Exception as e: print(fn, type(e).__name__, str(e).splitlines()[0])
''')

P('sdpa_causal_and_mask', '''
torch.manual_seed(0)
q, k = torch.randn(2, 2, 3, 4), torch.randn(2, 2, 5, 4)
mask = torch.rand(3, 5) > 0.3
print(F.scaled_dot_product_attention(q, k, k, attn_mask=mask, is_causal=True)[0, 1])
print(F.scaled_dot_product_attention(q, k, k, attn_mask=torch.randn(3, 5), is_causal=True)[1, 0])
try: F.scaled_dot_product_attention(q, k, k[..., :3], attn_mask=mask, is_causal=True)
except RuntimeError as e: print(e)
try: F.scaled_dot_product_attention(q, k, k, attn_mask=mask, is_causal=True, dropout_p=0.5)
except RuntimeError as e: print(e)
''')

P('lazy_uninitialized_use', '''
torch.manual_seed(0)
ll = nn.LazyLinear(2)
def attempt(f):
    try: print(f())
    except Exception as e: print(type(e).__name__, str(e)[:95])
for f in [lambda: ll.weight, lambda: ll.weight.size(), lambda: ll.weight.numel(), lambda: ll.weight.dim(),
          lambda: ll.weight + 1, lambda: 2 * ll.weight, lambda: ll.weight.sum(), lambda: nn.init.zeros_(ll.weight),
          lambda: ll.weight.requires_grad, lambda: ll.weight.dtype, lambda: ll.weight.data,
          lambda: ll.weight.float(), lambda: ll.weight.detach(), lambda: ll.weight.tolist(),
          lambda: sum(p.numel() for p in ll.parameters()), lambda: ll.weight.shape, lambda: ll,
          lambda: ll.has_uninitialized_params(), lambda: ll.weight.ndim, lambda: ll.weight.is_leaf]:
    attempt(f)
try: len(ll.weight)
except ValueError as e: print(str(e)[:52])
y = ll(torch.ones(3, 4))
print(ll, y.shape, sum(p.numel() for p in ll.parameters()), type(ll.weight).__name__)
print(ll.weight)
''')

P('mixed_dtype_layers', '''
torch.manual_seed(0)
x = torch.ones(2, 4, 3, dtype=torch.float64)
def run(name, f):
    try: r = f(); print(name, '->', r.dtype, tuple(r.shape))
    except Exception as e: print(name, '->', type(e).__name__, str(e).splitlines()[0])
run("LayerNorm", lambda: nn.LayerNorm(3)(x))
run("BatchNorm1d", lambda: nn.BatchNorm1d(4)(x))
run("BatchNorm1d eval", lambda: nn.BatchNorm1d(4).eval()(x))
run("GroupNorm", lambda: nn.GroupNorm(2, 4)(x))
run("InstanceNorm1d", lambda: nn.InstanceNorm1d(4, affine=True)(x))
run("MHA", lambda: nn.MultiheadAttention(3, 1)(x, x, x)[0])
run("Linear", lambda: nn.Linear(3, 2)(x))
run("Linear int", lambda: nn.Linear(3, 2)(torch.ones(2, 3, dtype=torch.long)))
run("Conv1d", lambda: nn.Conv1d(4, 2, 3)(x))
run("Conv2d", lambda: nn.Conv2d(1, 1, 3)(torch.ones(1, 1, 5, 5, dtype=torch.float64)))
run("Conv2d nobias", lambda: nn.Conv2d(1, 1, 3, bias=False)(torch.ones(1, 1, 5, 5, dtype=torch.float64)))
run("Conv2d long", lambda: nn.Conv2d(1, 1, 3)(torch.ones(1, 1, 5, 5, dtype=torch.long)))
run("LayerNorm long", lambda: nn.LayerNorm(3)(torch.ones(3, dtype=torch.long)))
run("LSTM", lambda: nn.LSTM(3, 2)(x)[0])
run("GRU", lambda: nn.GRU(3, 2)(x)[0])
run("RNN", lambda: nn.RNN(3, 2)(x)[0])
run("Embedding float idx", lambda: nn.Embedding(5, 2)(torch.ones(2)))
run("Bilinear", lambda: nn.Bilinear(3, 3, 2)(x, x))
run("mm", lambda: torch.mm(torch.ones(2, 2), torch.ones(2, 2, dtype=torch.float64)))
run("matmul", lambda: torch.ones(2, 2) @ torch.ones(2, 2, dtype=torch.float64))
run("bmm", lambda: torch.bmm(torch.ones(1, 2, 2), torch.ones(1, 2, 2, dtype=torch.float64)))
run("PReLU", lambda: nn.PReLU()(x))
run("ConvT", lambda: nn.ConvTranspose1d(4, 2, 3)(x))
run("F.linear", lambda: F.linear(x, torch.ones(2, 3)))
run("mse", lambda: F.mse_loss(x, torch.ones(2, 4, 3)))
run("ce", lambda: F.cross_entropy(torch.ones(2, 3, dtype=torch.float64), torch.tensor([0, 1])))
''')

P('conv_dtype_checks', '''
for xs, ws in [((2,3,8,8),(8,3,3,3)), ((4,16,10,10),(32,16,3,3))]:  # (one channel: PyTorch's slow path words it differently)
  for a,b,c in [(torch.float32, torch.float64, None), (torch.float64, torch.float32, None), (torch.float64, torch.float32, torch.float32), (torch.float32, torch.float64, torch.float32), (torch.float64, torch.float64, torch.float32), (torch.float64, torch.float32, torch.float64)]:
    x=torch.ones(xs,dtype=a); w=torch.ones(ws,dtype=b); bias=torch.ones(ws[0],dtype=c) if c else None
    try: F.conv2d(x,w,bias); print('ok')
    except Exception as e: print(xs, a, b, c, str(e)[:90])
''')

P('adaptive_pool_input_dims', '''
for m in [nn.AdaptiveAvgPool2d((2, 2)), nn.AdaptiveAvgPool2d(2), nn.AdaptiveMaxPool2d((2, 2)), nn.AdaptiveAvgPool3d((1, 1, 1)),
          nn.AdaptiveMaxPool3d((1, 1, 1)), nn.AdaptiveMaxPool2d(2), nn.AdaptiveAvgPool2d((None, 2))]:
    for x in [torch.ones(2), torch.ones(2, 2), torch.ones(3, 3, 3)]:
        try: print(m(x).shape)
        except Exception as e: print(type(e).__name__, e)
''')

P('inplace_after_saving_ops', '''
ops = {"exp": torch.exp, "sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "sqrt": torch.sqrt, "rsqrt": torch.rsqrt,
       "softmax": lambda t: torch.softmax(t, 0), "log_softmax": lambda t: F.log_softmax(t, 0), "neg": torch.neg, "abs": torch.abs,
       "sin": torch.sin, "log": torch.log, "mul2": lambda t: t * 2, "mulself": lambda t: t * t, "pow2": lambda t: t ** 2, "div2": lambda t: t / 2,
       "2div": lambda t: 2 / t, "add": lambda t: t + 1, "sum": lambda t: t.sum(), "mean": lambda t: t.mean(), "clamp": lambda t: t.clamp(0, 1.5),
       "gelu": F.gelu, "silu": F.silu, "leaky": F.leaky_relu, "elu": F.elu, "softplus": F.softplus, "norm": lambda t: t.norm(), "max": lambda t: t.max(),
       "exp2": torch.exp2, "expm1": torch.expm1, "reciprocal": torch.reciprocal, "square": torch.square, "matmul": lambda t: t @ t, "hardtanh": F.hardtanh,
       "logsigmoid": F.logsigmoid, "std": lambda t: t.std(), "cumsum": lambda t: t.cumsum(0), "cumprod": lambda t: t.cumprod(0), "prod": lambda t: t.prod()}
for name, f in ops.items():
    for which in ("input", "output"):
        a = torch.tensor([0.5, 2.0], requires_grad=True)
        b = a * 1
        try:
            e = f(b)
            (b if which == "input" else e).add_(1) if not (which == "output" and e.dim() == 0) else e.add_(1)
            e.sum().backward()
            print(name, which, "ok", [round(v, 4) for v in a.grad.tolist()])
        except RuntimeError as ex:
            print(name, which, "ERR", str(ex)[:200].replace("\n", " "))
''')

P('random_fills_in_memory_order', '''
torch.manual_seed(0); print(F.dropout(torch.ones(3, 4).t(), 0.5))
torch.manual_seed(0); print(torch.rand_like(torch.ones(3, 4).t()))
torch.manual_seed(0); print(torch.randn_like(torch.ones(2, 3, 4).permute(2, 0, 1))[0])
torch.manual_seed(0); print(F.dropout(torch.ones(2, 3, 4).permute(1, 2, 0), 0.3)[0])
torch.manual_seed(0); print(torch.nn.Dropout(0.5)(torch.ones(4, 3)[:, :2]))
torch.manual_seed(0); print(torch.rand_like(torch.ones(4, 6)[:, ::2]))
''')

P('autograd_argument_errors', '''
x = torch.tensor([1.], requires_grad=True)
try: (x*2).sum().backward(inputs=[])
except Exception as e: print(type(e).__name__, e)
class Two(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x): return x * 2
    @staticmethod
    def backward(ctx, g): return g, g
class TwoNone(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x): return x * 2
    @staticmethod
    def backward(ctx, g): return g * 2, None
try: Two.apply(x).sum().backward()
except Exception as e: print(type(e).__name__, e)
TwoNone.apply(x).sum().backward(); print(x.grad)
try: torch.autograd.grad((x*2).sum(), [])
except Exception as e: print(type(e).__name__, e)
print(torch.autograd.grad((x*3).sum(), x))
''')

P('autograd_functional_create_graph', '''
AF = torch.autograd.functional
hessian, jacobian, vjp, jvp, vhp = AF.hessian, AF.jacobian, AF.vjp, AF.jvp, AF.vhp
x = torch.tensor([1., 2.], requires_grad=True)
h = hessian(lambda t: (t ** 3).sum(), x, create_graph=True); print(h); h.sum().backward(); print(x.grad)
x.grad = None
j = jacobian(lambda t: t ** 2, x, create_graph=True); print(j); j.sum().backward(); print(x.grad)
x.grad = None
o, g = vjp(lambda t: (t ** 2).sum(), x, create_graph=True); print(o, g); g.sum().backward(); print(x.grad)
x.grad = None
o, g = jvp(lambda t: t ** 3, x, torch.ones(2), create_graph=True); print(o, g); g.sum().backward(); print(x.grad)
x.grad = None
o, g = vhp(lambda t: (t ** 3).sum(), x, torch.ones(2), create_graph=True); print(o, g.detach()); g.sum().backward(); print(x.grad)
print(hessian(lambda t: (t ** 3).sum(), x))
print(jacobian(lambda t: t ** 2, x))
y = torch.tensor([1., 2.])
print(jacobian(lambda t: t ** 2, y, create_graph=True))
''')

P('func_aux_outputs', '''
func = torch.func
x = torch.tensor([1., 2.])
g, aux = func.grad(lambda t: ((t ** 2).sum(), t.mean()), has_aux=True)(x); print(g, aux)
j, aux = func.jacrev(lambda t: (t ** 2, t.sum()), has_aux=True)(x); print(j, aux)
o, fn, aux = func.vjp(lambda t: (t ** 2, {"m": t.max()}), x, has_aux=True); print(o, fn(torch.ones(2)), aux)
o, t, aux = func.jvp(lambda t: (t ** 2, [t.min()]), (x,), (torch.ones(2),), has_aux=True); print(o, t, aux)
''')

P('custom_function_gradient_shapes', '''
class F1(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x): return x * 2
    @staticmethod
    def backward(ctx, g): return torch.ones(3)
class F2(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x): return x * 2
    @staticmethod
    def backward(ctx, g): return torch.ones(2, 3)
x = torch.tensor([1.], requires_grad=True)
F1.apply(x).sum().backward(); print(x.grad)
y = torch.ones(3, requires_grad=True)
F2.apply(y).sum().backward(); print(y.grad)
try: F2.apply(torch.ones(2, requires_grad=True)).sum().backward()
except Exception as e: print(type(e).__name__, e)
''')

P('print_opts_object', '''
print(torch._tensor_str.PRINT_OPTS)
torch.set_printoptions(precision=2)
print(torch._tensor_str.PRINT_OPTS.precision, torch._tensor_str.PRINT_OPTS)
print(type(torch._tensor_str.PRINT_OPTS).__name__)
torch._tensor_str.PRINT_OPTS.precision = 6
print(torch.tensor([1/3]))
torch.set_printoptions(profile="default")
print(torch.tensor([1/3]), torch._tensor_str.PRINT_OPTS.threshold)
''')
