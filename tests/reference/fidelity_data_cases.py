"""Short PyTorch programs (torch.save / torch.load, torch.utils.data) whose printed output and
exceptions jtorch must reproduce exactly; shared by gen_fidelity_data.py (real torch) and
test_fidelity_data.py (jtorch).

Each program runs with `torch`, `nn`, `F`, `optim`, `data` (torch.utils.data), `np` and `math`
bound; its stdout and the type and first line of an uncaught exception are compared. Files go
to tempfile locations. TORCH_CKPT / TORCH_MODULE_CKPT are checkpoints written by real PyTorch
2.x (zlib-compressed, base64), so the jtorch side checks loading PyTorch's own files.
"""
PROGRAMS = {}

TORCH_CKPT = """
eNrFV99v20Qcd5I2a7OtXTdG9wO6MWCk0KWJ83vd2i6MMPDYWpcVUxjBcdzYNHX6tS/tVuhWmDqYENIQiCc0IfEXIE3iARiw
ByQeQUwMCYmHPTAQEkgIwSN3PjfzuWq7pQ87xbGc3OfH3X3v+z0PCYEmjmtp4Za0TdxmTjYVTZ9We0sykiNTE5V8ro0bY9q8
fw64sOTHAKsEPkWpViqqgvSqYYWOmyXVVEuHdQWFwN8tQiAsEaFoZEbVyxqCJgVVsUKkUEN6xQoVTLVY0yulAlINq2oWpvkQ
NIfD0jpCjnvKZRWCFBLKV6oyGqE/hmCd5CO80CIF8F2ZqkGrEEQQGhY4wS8EzsN6ISD4zsOGCxrxsRFBmwjtUtA2U9RlCzZp
WEkLapQpBh1aq+BHsNlmWIAtgm8B7qHorQjuFaHTHkpscSjbGDwP2yl+h4PfSfD3Ufz9CLpE2GWrx6j6bgYdhwcoeo+DfpCg
H6LohxHsFeERqc1GmzXD0I1yYVKVDQgzLAnopiyPOiyPEZYeyrIPQUSEXmkjwzItmxBlSJIQoyS8QxInJAlKkkSQEiEtbbVJ
jNpkoSgjRVOtAjJlZUItQYaSOWt2tGqU60uWtflTsB/z+xD0Yf7ubsp7AMFBEfprczAgteJOeHRIJiEIg/b/h8ISCVDIzcHj
dnBMq6aFIw4OCz7LiYQn5iCv1Z9j8OQcHMHPfqtmFaVmgtHVGQueOglPs9OWBkGzg+doPXieocFzjLo7jmBIhOFFkOZ0F4dx
r8ACjJAJepZ2PYFgVITnvF0lwhwQ/OfhecFHBMZo9xcQvCjCSdX2ocFLzOQdkSvj9ckr2F0y8DJdHNlZnCLRVihZCYEqwri9
M4vjUGbIcvb2iaXqhJpNmAWdrsYrhBBzTZCvCiWcRGCIUJVwuuAmdUuBqfAxG3UKwKEd0Wcxl0msWAuARKg5f+gGyoRgGsGM
jZiCU8vs/CnZlPFqq2YITteXhQwhFoVZOthXncG+RrzNUW9nEJwVYf4t++H1N+ENEc7VIkPCuhblC+Pyh9gyuYaWzXWd3K56
rouMV81JGRWcoMrndnpSHtNiROTTP38+R8ZFruVFdnDpWyJOPivIFb1sTKoGyufiK+ks11IJYmBgBn4js+Rf0UAHN1A3UDyN
1CrJz/lcXyO6i62iI1RRiYeFgze2k5QWXNFDG9fPVJXeaD63fw0Gbn78zmdb3rvUf0b4+8q3b/905ZPLypWRC139xNHXP5a/
2YY1t63iqId1FMvnwrftaHCi7/NZ+Xdb7+pfN0aJQMsqegdYPT6fyzQ8Axw3P0Auon9xOHitAf342vRpI/r6L3vUBvQTd1k/
eZfnP3WXx59euz6ZA24Qf/A1j6+PBomfzou/vtvA/svcyf7D6eQropW6du19UpmaVtEaZLWy+dyBtaS/Mc5e+asDX/67ev5t
5w55Mg1OfgfXJN9A/LVzfXUX9RqXbtRFPESUv7tUPrH6+Ls4/lYBtCfAUk0dV8BZmbwwFPRSPhe5QyOxdDaVSfDJTIZPpKLx
ZCIb52N8go9Hk0k+muBTfDaVjqd54nKv8M8HYewjbLv0EbN1n+5zwqYlzr3vQV60+wDQySD/aOKWO1l4SdxFfAdDMtzMrXBy
8PK4C3EHw/O9i6d+APDC3VWzjYGPBjlP7fZi3RWQxd70YmNerDt6WSw547MV04t1Zz4We92Ljd8+lrzhsZXq9j1f92KTd6Db
6sGmvFh3ZvXoerFpL9adKVmsFvJgM0vW15XnWOwPXmx2pblqZ7Diem9sLAksd4Jhwddd4GU2lnvfd7HKG7hVMtKQEAz2LOav
wD7XWZq9h5vo/b8Ni/U4SN5Mud1OB/pq0BykmA67P+37Pw8DBOM=
"""

TORCH_MODULE_CKPT = """
eNrFV91zE1UU3yaQhoW2tBUoBariV6olTdPmo3y0GDGgwVJSwRXFdZNsctcmuz27d1tBiyCWFhHlQxFQefEvcNRxHB1m9MEZ
H31wHGac8QEf1Bd1fPHRe/du0uympVBm5M5kNnvv+f3Ouef+zrnJcMq7hOP8fq5mrORaOEnPImVc7s5JWAqOjRaTiUbugGMc
9WSxRqyCqhosaTmzKBvBrKZiSVFlnR+RwZRVrEhFHrjOY1A3CZ6AQJ1hnVgoagG8M8Jy8i6OSbpUkrGsG7BkEpZaRmLGzOfp
jG8S6oV1dEbVVHGMTCkGJsRlA9GQMfizInlXilhRRZEnMzwsOwj8FCxPwwqh1eKTsqMTkp4Tx3RZRJo2akBDNqsVi3IWK5pq
8Hv0nKzLuR1KlqAbO9PQJDQ5gAy0EtG1ZmE1XVMMMW8Wi04baBkSGulqXtOrgK0W8C6hvWZJnFAwEilBwYBVltlqYX2tmVSc
kA4ZYlYiQedgjWXYJrRUG85ubq213C50zLnscLnOMl0vNFNTA0tYFnMkCzbRBmu1Q1jlWp11dbdlcQ/bWVGTcnOb3WuZbWSH
WWOmGWWH91l29zMZ2MKCBybhwYBQR6ZC8FCt7opEc5LO72YPCBDBdU7CwwHknUFEU48EBB+BTshKAWHosvGiiZWiwYu6TLWT
m9UhD5vmMSHKMzRdHA/zEAwEhHpCahBLqSBDN4PwSbI1PMImeQjZMfcIXvLMjpkQTvkw9O5NcSlPynsC+lLeVN0JiJy0dh3F
EEtDfMZ66Z+GzWnYIpAq5TKKZMBWtAkRt6gbMdoe2IbCKQ+GAYtuCgZTdVOwnVE9iiGRhscY1Y5peDwNSRORctqJ/IhUx64p
eCINT6IGyyCFmLB3o5YhxKT6FGJaHEJMansQ09QwYoLZi5g00ogJYASxE34asRPch8ih7bdKnJRlXpawqZOTfCblFVaQOc3E
s5NCymNm7D09W3u8GQlnkarpJT5Bvw2Rbz05Hg6QY35uEp4vH/PBAOpypSgML7AUiXaKXqQpkliKMhiyacixFMnTkE9DAbmT
3AuIMSg2w0uUYZQxFDGU0qAyBm0axtIAVpL1gLVJ3VRpqxNLsqSC4eDtA8x4TZt3nPJOMN6XMRxKw2EreWWOcUmHVxwUEXiV
UUzaFEcoxWuM4iiGY2l43ep+qlkSrRzKhkjab3aU9I/jjMpW7W5NLVRE+4bFHoUpwl6H4QRh7+xkrNMYZtJw0mQaenMKTqXh
LVtDp20NvT2roXdsDZ2xNXTW1tA5W0PnbQ29a2voPVtDF2wNvU81dNFKJd1DRS+XUh6roOQxAy7vHPj1389nrqO/rZZR0krk
ejBL8MHOwS8v0XHZKn4pnyfdAT6csTJiZUEsp5Y2IgM+mjEzppkJDqfq/c0bVu26RmD0MzzvRbmG21i5KIOkyZYkLI7TK0pT
k4kO133pHj3Uzxd//nycJpt+5vfTzsVm/dgNh1wHSkGle00mehdwNeeI9tEABifgdw9x4blhAM3cYCWAzCEsa/SyTCa2LMZv
eRQVjIsyjWFq2/W19Ih8N4yhkRtw/CrpDiUTm28jgN8+Pv1V6/krA0dS/1z9/tS1q598lr06crJjgEb0zU+F79qIz7YFIupy
RtSTTARuOqLto1u+Piz9Yfn79q/r+6kD/wL+tjr9hZOJ+KIzwHFHB+mH+j+z1/fjIvz33p5/Nqh/5ZeN8iL8991h/5E7nP/o
/7v/Jm5LxX+lzcUWG0AvTz3/cKWwb+H+08GFZxugtXVD1sl/C+WwRH+9i0oumQjeYiChaLw/Eu6PRPti8Ug4FI1EYvEe8hKN
xsP98VioLxaLheL9IRrlp+taQwESR8CKso4GW4mz+qpYWRO5+3+UG119AaxxIDvrufkuFzdJdRNvd5CcrSapuTncPNWNuNnB
0+Lnai8AN7y6azY64Bf8nKt3u7HVHdCJDSxzYXvc2OrqcWIvurFhN7Za+U5sG+/C9t489qIb23fzMbctd2Ejt+DXjY26sdX1
1uT0u4JzV7cbXF0GHQ7wuSrw3AU6nPL5usrl7N1UQTa4njEve8Ybyu3JR/9mcZpdW+yX0lIfwzRY9sz2P9UDSiI=
"""


def P(name, code):
    PROGRAMS[name] = code


P('save_load_dtypes', '''
import io
buf = io.BytesIO()
d = {'f16': torch.tensor([1.5, -2.], dtype=torch.float16), 'bf': torch.tensor([1.25], dtype=torch.bfloat16),
     'i8': torch.tensor([-3, 4], dtype=torch.int8), 'u8': torch.tensor([250], dtype=torch.uint8),
     'b': torch.tensor([True, False]), 'i16': torch.arange(3, dtype=torch.int16),
     'f64': torch.tensor(3.25, dtype=torch.float64), 'empty': torch.zeros(0, 3), 'scalar': torch.tensor(7)}
torch.save(d, buf); buf.seek(0)
r = torch.load(buf)
for k, v in r.items(): print(k, v, v.dtype, v.shape, v.requires_grad)
''')

P('save_views_share', '''
import io
a = torch.arange(12.).view(3, 4)
b = a[1]; c = a.t(); d = a[:, ::2]
buf = io.BytesIO(); torch.save([a, b, c, d], buf); buf.seek(0)
x = torch.load(buf)
print(x[1], x[2].stride(), x[3].stride(), x[3].storage_offset(), x[1].storage_offset())
x[0][1, 0] = 100.
print(x[1], x[2][0])
''')

P('save_requires_grad_parameter', '''
import io
p = torch.nn.Parameter(torch.ones(2))
t = torch.ones(2, requires_grad=True)
buf = io.BytesIO(); torch.save({'p': p, 't': t, 'n': torch.nn.Parameter(torch.zeros(1), requires_grad=False)}, buf); buf.seek(0)
r = torch.load(buf)
for k, v in r.items(): print(k, type(v).__name__, v.requires_grad, v)
''')

P('load_weights_only_allowed_refused', '''
import io, collections
import fractions
buf = io.BytesIO(); torch.save({'a': fractions.Fraction(1, 3)}, buf); buf.seek(0)
try: torch.load(buf)
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
buf.seek(0)
print(type(torch.load(buf, weights_only=False)['a']).__name__)
buf = io.BytesIO(); torch.save(collections.OrderedDict(a=1, b=torch.tensor(2.)), buf); buf.seek(0)
r = torch.load(buf, weights_only=True); print(type(r).__name__, r)
buf = io.BytesIO(); torch.save({1: {2, 3}, 'x': (None, True, 1.5, 'str', b'by', slice(1, 2))}, buf); buf.seek(0)
try: print(torch.load(buf, weights_only=True))
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
buf = io.BytesIO(); torch.save([torch.float32, torch.int64, torch.device('cpu'), torch.Size([2, 3])], buf); buf.seek(0)
print(torch.load(buf, weights_only=True))
''')

P('load_map_location', '''
import io
buf = io.BytesIO(); torch.save({'a': torch.arange(3.)}, buf)
for ml in [None, 'cpu', torch.device('cpu'), {'cpu': 'cpu'}, lambda s, loc: s]:
    buf.seek(0); r = torch.load(buf, map_location=ml); print(r['a'], r['a'].device)
buf.seek(0)
try: torch.load(buf, map_location='cuda:0')
except Exception as e: print(type(e).__name__, str(e).splitlines()[0][:80])
''')

P('save_load_paths_errors', '''
import tempfile, os, pathlib
d = tempfile.mkdtemp()
p = os.path.join(d, 'x.pt')
torch.save(torch.arange(4), p); print(torch.load(p))
pp = pathlib.Path(d) / 'y.pt'; torch.save({'k': [1, 2]}, pp); print(torch.load(pp))
with open(p, 'wb') as f: torch.save(torch.ones(2), f)
with open(p, 'rb') as f: print(torch.load(f))
try: torch.load(os.path.join(d, 'missing.pt'))
except Exception as e: print(type(e).__name__, str(e).splitlines()[0].replace(d, 'D'))
open(p, 'wb').write(b'garbage data here')
try: torch.load(p)
except Exception as e: print(type(e).__name__, str(e).splitlines()[0][:80])
open(p, 'wb').write(b'')
try: torch.load(p)
except Exception as e: print(type(e).__name__, repr(str(e)[:80]))
''')

P('save_optimizer_scheduler_state', '''
import io
torch.manual_seed(0)
m = torch.nn.Linear(3, 2)
opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
m(torch.randn(2, 3)).sum().backward(); opt.step()
buf = io.BytesIO(); torch.save(opt.state_dict(), buf); buf.seek(0)
sd = torch.load(buf, weights_only=True)
print(sd['param_groups'])
print(sd['state'][0]['momentum_buffer'])
opt2 = torch.optim.SGD(m.parameters(), lr=0.5, momentum=0.9); opt2.load_state_dict(sd)
print(opt2.param_groups[0]['lr'], opt2.state[m.weight]['momentum_buffer'])
sched = torch.optim.lr_scheduler.StepLR(opt, 2)
buf = io.BytesIO(); torch.save(sched.state_dict(), buf); buf.seek(0); print(torch.load(buf))
''')

P('save_whole_module', '''
import io
torch.manual_seed(0)
n = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.BatchNorm1d(3), torch.nn.GELU('tanh'))
n.eval()
buf = io.BytesIO(); torch.save(n, buf); buf.seek(0)
m = torch.load(buf, weights_only=False)
print(m, m.training, m[1].running_mean, m[1].num_batches_tracked)
print(m(torch.ones(1, 2)))
print(list(m.state_dict().keys()))
''')

P('save_state_dict_metadata', '''
import io
torch.manual_seed(0)
m = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2), torch.nn.LSTM(2, 3))
sd = m.state_dict()
buf = io.BytesIO(); torch.save(sd, buf); buf.seek(0)
r = torch.load(buf)
print(type(r).__name__, list(r.keys()))
print(hasattr(r, '_metadata'), r._metadata if hasattr(r, '_metadata') else None)
print(r['1.num_batches_tracked'], r['1.num_batches_tracked'].dtype)
m2 = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2), torch.nn.LSTM(2, 3))
print(m2.load_state_dict(r))
print(torch.equal(m2[0].weight, m[0].weight))
''')

P('save_zip_layout', '''
import tempfile, os
d = tempfile.mkdtemp(); p = os.path.join(d, 'a.pt')
torch.manual_seed(0)
m = torch.nn.Linear(3, 2)
torch.save({'sd': m.state_dict(), 'x': torch.arange(6).view(2, 3)[:, 1:], 'h': torch.tensor([1.5], dtype=torch.float16), 'l': [1, 'a', (2.5,)]}, p)
print(os.path.getsize(p) > 0)
import zipfile
z = zipfile.ZipFile(p); print(sorted(n.split('/', 1)[1] for n in z.namelist()))
r = torch.load(p); print(r)
''')

P('collate_nested_errors', '''
import collections
c = data.default_collate
print(c([np.array([1, 2], dtype=np.int32), np.array([3, 4], dtype=np.int32)]))
print(c([np.float16(1.5), np.float16(2)]), c([np.bool_(True), np.bool_(False)]))
print(c([(1, 'a'), (2, 'b')]))
print(c([{'a': {'b': torch.tensor(1.)}}, {'a': {'b': torch.tensor(2.)}}]))
print(c([collections.OrderedDict(x=1), collections.OrderedDict(x=2)]))
print(type(c([collections.OrderedDict(x=1)])).__name__)
print(c([[torch.ones(1), 2], [torch.zeros(1), 3]]))
print(c([1.5, 2.5]).dtype, c([3, 4]).dtype, c([True]).dtype)
print(c([torch.tensor([1, 2], dtype=torch.uint8)]*2))
print(c([np.array(['a', 'b']), np.array(['c', 'd'])]) if False else 'skip')
try: c([np.array(['a']), np.array(['b'])])
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
try: c([{'a': 1}, {'b': 2}])
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
try: c([])
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
try: c([None, None])
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
print(c([(1,), (2,)]), c([[1], [2]]))
print(c([np.zeros((2, 2), dtype=np.float64)] * 2).dtype)
''')

P('loader_namedtuple', '''
import collections
Pt = collections.namedtuple('Pt', ['x', 'y', 'lab'])
ds = [Pt(torch.tensor([i, i]), float(i), 'l%d' % i) for i in range(5)]
for b in data.DataLoader(ds, batch_size=2): print(b)
print(type(next(iter(data.DataLoader(ds, batch_size=2)))).__name__)
for b in data.DataLoader(ds, batch_size=None): print(b); break
''')

P('random_split_fractions_errors', '''
g = torch.Generator().manual_seed(7)
print([list(s) for s in data.random_split(range(11), [0.3, 0.3, 0.4], generator=g)])
print([len(s) for s in data.random_split(range(7), [0.25, 0.25, 0.25, 0.25], generator=torch.Generator().manual_seed(0))])
print([len(s) for s in data.random_split(range(3), [0.1, 0.9], generator=torch.Generator().manual_seed(0))])
for bad in [[0.5, 0.6], [-1, 11], [0.5, -0.5, 1.0]]:
    try: data.random_split(range(10), bad)
    except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
s = data.random_split(data.TensorDataset(torch.arange(5)), [2, 3], generator=torch.Generator().manual_seed(1))
print(type(s[0]).__name__, s[0].indices, s[0][0], len(s[1]))
print(data.random_split(range(4), [4, 0], generator=torch.Generator().manual_seed(1))[1].indices)
''')

P('weighted_sampler', '''
print(list(data.WeightedRandomSampler(torch.tensor([1., 2., 3., 4.]), 10, generator=torch.Generator().manual_seed(0))))
print(list(data.WeightedRandomSampler([0.5, 0.5], 4, replacement=True, generator=torch.Generator().manual_seed(9))))
w = data.WeightedRandomSampler([1., 1.], 5); print(len(w), w.weights, w.replacement, w.num_samples)
for args in [([1.], 0), ([1.], 2.5), ([1., 2.], 3, 'x'), ([[1., 2.]], 1)]:
    try: data.WeightedRandomSampler(*args); print('ok')
    except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
try: list(data.WeightedRandomSampler([1., 1.], 3, replacement=False))
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
torch.manual_seed(5); print(list(data.WeightedRandomSampler([3, 1, 1], 5)))
''')

P('subset_random_batch_sampler', '''
torch.manual_seed(0)
s = data.SubsetRandomSampler(torch.tensor([10, 20, 30, 40])); print(list(s), len(s))
print(list(data.SubsetRandomSampler(range(3, 8), generator=torch.Generator().manual_seed(4))))
b = data.BatchSampler(data.SubsetRandomSampler([1, 2, 3, 4, 5], generator=torch.Generator().manual_seed(0)), 2, drop_last=True)
print(list(b), len(b))
for args in [(range(3), 2.0, False), (range(3), 2, 'no'), (range(3), -1, False), (range(3), True, False)]:
    try: data.BatchSampler(*args); print('ok')
    except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
dl = data.DataLoader(list(range(10, 20)), batch_sampler=data.BatchSampler(data.SubsetRandomSampler([0, 3, 6, 9], generator=torch.Generator().manual_seed(1)), 3, False))
print(list(dl), len(dl))
dl = data.DataLoader(list(range(10)), sampler=[9, 8, 7], batch_size=2); print(list(dl), len(dl))
''')

P('concat_chain_datasets', '''
a = data.TensorDataset(torch.arange(3)); b = [10, 11]
c = data.ConcatDataset([a, b]); print(len(c), c[2], c[3], c[-2], c[-5] )
try: c[-6]
except Exception as e: print(type(e).__name__, str(e))
try: data.ConcatDataset([])
except Exception as e: print(type(e).__name__, str(e))
class It(data.IterableDataset):
    def __iter__(self): return iter([1, 2])
try: data.ConcatDataset([a, It()])
except Exception as e: print(type(e).__name__, str(e))
ch = data.ChainDataset([It(), It()]); print(list(ch))
try: len(ch)
except Exception as e: print(type(e).__name__, str(e))
class ItL(It):
    def __len__(self): return 2
print(len(data.ChainDataset([ItL(), ItL()])))
ch2 = It() + It(); print(type(ch2).__name__, list(ch2))
try: list(data.ChainDataset([a]))
except Exception as e: print(type(e).__name__, str(e))
print(data.ConcatDataset([a, a]).datasets[0] is a, data.ConcatDataset([a, b]).cumulative_sizes)
''')

P('dataset_loader_arg_errors', '''
class D(data.Dataset): pass
d = D()
try: d[0]
except Exception as e: print(type(e).__name__, str(e))
try: len(d)
except Exception as e: print(type(e).__name__, str(e))
try: iter(data.IterableDataset())
except Exception as e: print(type(e).__name__, str(e))
class I(data.IterableDataset): pass
try: list(I())
except Exception as e: print(type(e).__name__, str(e))
try: len(data.DataLoader(D()))
except Exception as e: print(type(e).__name__, str(e))
try: list(data.Sampler())
except Exception as e: print(type(e).__name__, str(e))
try: data.DataLoader(range(3), num_workers=-1)
except Exception as e: print(type(e).__name__, str(e))
try: data.DataLoader(range(3), batch_size=0)
except Exception as e: print(type(e).__name__, str(e))
try: data.DataLoader(range(3), shuffle=True, sampler=[0, 1])
except Exception as e: print(type(e).__name__, str(e))
try: data.DataLoader(range(3), batch_size=None, drop_last=True)
except Exception as e: print(type(e).__name__, str(e))
try: data.DataLoader(range(3), prefetch_factor=2)
except Exception as e: print(type(e).__name__, str(e))
try: data.DataLoader(range(3), persistent_workers=True)
except Exception as e: print(type(e).__name__, str(e))
try: data.DataLoader(range(3), timeout=-1)
except Exception as e: print(type(e).__name__, str(e))
dl = data.DataLoader(range(3))
try: dl.batch_size = 5
except Exception as e: print(type(e).__name__, str(e))
''')

P('loader_attributes', '''
dl = data.DataLoader(range(7), batch_size=3, shuffle=False)
print(type(dl.sampler).__name__, type(dl.batch_sampler).__name__, dl.drop_last, dl.collate_fn.__name__, dl.num_workers, dl.pin_memory, dl.timeout, dl.prefetch_factor, dl.persistent_workers, dl.generator)
dl2 = data.DataLoader(range(7), shuffle=True); print(type(dl2.sampler).__name__, dl2.batch_sampler.batch_size)
dl3 = data.DataLoader(range(7), batch_size=None); print(dl3.batch_sampler, type(dl3.sampler).__name__, dl3.collate_fn.__name__)
it = iter(dl); print(type(it).__name__, len(it), next(it))
print(dl.sampler.data_source)
print(data.SequentialSampler(range(4)).data_source, len(data.RandomSampler([1, 2, 3])), data.RandomSampler([1, 2]).num_samples, data.RandomSampler([1, 2]).replacement)
try: data.RandomSampler([1,2], replacement=1)
except Exception as e: print(type(e).__name__, str(e))
try: data.RandomSampler([1,2], num_samples=1.5)
except Exception as e: print(type(e).__name__, str(e))
''')

P('iterable_loader', '''
class It(data.IterableDataset):
    def __init__(self, n): self.n = n
    def __iter__(self):
        for i in range(self.n): yield {'i': i, 'v': torch.tensor([i * 1.])}
dl = data.DataLoader(It(5), batch_size=2)
for b in dl: print(b)
print(list(data.DataLoader(It(3), batch_size=None)))
try: data.DataLoader(It(3), sampler=[0])
except Exception as e: print(type(e).__name__, str(e))
try: data.DataLoader(It(3), batch_sampler=[[0]])
except Exception as e: print(type(e).__name__, str(e))
print([b['i'].tolist() for b in data.DataLoader(It(5), batch_size=2, drop_last=True)])
class G(data.IterableDataset):
    def __iter__(self): return iter(range(4))
    def __len__(self): return 2
dl = data.DataLoader(G(), batch_size=1)
print(len(dl))
print(list(dl))
''')

P('loader_generator_stream', '''
g = torch.Generator(); g.manual_seed(123)
dl = data.DataLoader(list(range(8)), batch_size=3, shuffle=True, generator=g)
print([b.tolist() for b in dl]); print([b.tolist() for b in dl])
print(g.initial_seed())
torch.manual_seed(11)
dl = data.DataLoader(list(range(6)), batch_size=6, shuffle=True)
print(next(iter(dl)).tolist(), torch.rand(1))
torch.manual_seed(11)
print(list(data.RandomSampler(range(6))), torch.rand(1))
''')

P('save_misc_objects', '''
import io
buf = io.BytesIO()
t = torch.arange(6.).view(2, 3)
torch.save(t, buf, _use_new_zipfile_serialization=True); buf.seek(0); print(torch.load(buf))
buf = io.BytesIO(); torch.save(torch.Size([1, 2]), buf); buf.seek(0); r = torch.load(buf); print(type(r).__name__, r)
buf = io.BytesIO(); torch.save(torch.arange(3).to(torch.float32).neg(), buf); buf.seek(0); print(torch.load(buf, mmap=False))
buf = io.BytesIO(); torch.save(torch.tensor([1., 2.]).T, buf); buf.seek(0); print(torch.load(buf))
print(torch.serialization.DEFAULT_PROTOCOL)
print(sorted(x for x in dir(torch.serialization) if x in ('add_safe_globals','get_safe_globals','safe_globals','clear_safe_globals','skip_data','get_default_load_endianness')))
''')

P('safe_globals_allowlist', '''
import io
import fractions
Foo = fractions.Fraction
buf = io.BytesIO(); torch.save([Foo(3)], buf)
buf.seek(0)
try: torch.load(buf, weights_only=True)
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
torch.serialization.add_safe_globals([Foo])
buf.seek(0); print(torch.load(buf, weights_only=True))
print(Foo in torch.serialization.get_safe_globals())
torch.serialization.clear_safe_globals()
buf.seek(0)
with torch.serialization.safe_globals([Foo]):
    print(torch.load(buf, weights_only=True))
buf.seek(0)
try: torch.load(buf, weights_only=True)
except Exception as e: print(type(e).__name__)
''')

P('load_pickle_kwargs', '''
import io, pickle
def tr(f):
    try: print(f())
    except Exception as e: print(type(e).__name__, str(e).splitlines()[0][:100])
buf = io.BytesIO(); torch.save({'a': torch.ones(1)}, buf, pickle_protocol=4)
buf.seek(0); tr(lambda: torch.load(buf))
buf.seek(0); tr(lambda: torch.load(buf, weights_only=False))
buf = io.BytesIO(); torch.save({'a': torch.ones(1)}, buf, pickle_protocol=2)
buf.seek(0); tr(lambda: torch.load(buf))
buf.seek(0); tr(lambda: torch.load(buf, pickle_module=pickle))
buf.seek(0); tr(lambda: torch.load(buf, pickle_module=pickle, weights_only=False))
buf.seek(0); tr(lambda: torch.load(buf, weights_only=True, encoding='latin1'))
buf.seek(0); tr(lambda: torch.load(buf, weights_only=True, mmap=True))
''')

P('save_strided_offsets', '''
import io
t2 = torch.zeros(3).unsqueeze(0).expand(2, 3)
buf = io.BytesIO(); torch.save([t2, torch.ones(2, 3)], buf); buf.seek(0)
r = torch.load(buf); print(r[0], r[0].stride(), r[0].is_contiguous())
z = torch.arange(10)[2:5]
buf = io.BytesIO(); torch.save(z, buf); buf.seek(0); y = torch.load(buf); print(y, y.storage_offset())
buf = io.BytesIO(); torch.save(z.clone(), buf); buf.seek(0); y = torch.load(buf); print(y.storage_offset())
''')

P('loader_numpy_dicts_convert', '''
class D(data.Dataset):
    def __len__(self): return 4
    def __getitem__(self, i): return np.full((2,), i, dtype=np.int64), {'m': [i, i + 1], 's': 's%d' % i, 'f': np.float32(i) / 4}
for b in data.DataLoader(D(), batch_size=3): print(b)
for b in data.DataLoader(D(), batch_size=3, collate_fn=data.default_convert): print(b); break
print(data.default_convert((np.int64(1), np.array([2.5]), 'x', [np.bool_(True)])))
print(data.default_convert(np.array(['a'])))
print(type(data.default_convert(np.float64(2.0))).__name__)
print(data.default_convert(np.array(3.5)))
''')

P('subset_stack_tensor_datasets', '''
s = data.Subset(list(range(10, 20)), [1, 3, 5])
print(s.__getitems__([0, 2]), s.indices)
print(s[-1])
st = data.StackDataset(torch.arange(3), torch.arange(3) * 2); print(st[1], len(st))
st2 = data.StackDataset(a=torch.arange(3), b=[5, 6, 7]); print(st2[2])
try: data.StackDataset(torch.arange(3), [1])
except Exception as e: print(type(e).__name__, str(e))
try: data.StackDataset(torch.arange(3), b=[1, 2, 3])
except Exception as e: print(type(e).__name__, str(e))
try: data.StackDataset()
except Exception as e: print(type(e).__name__, str(e))
print(list(data.DataLoader(st2, batch_size=2)))
ts = data.TensorDataset(torch.arange(4), torch.arange(4) * 1.); print(ts.tensors[1], ts[torch.tensor(2)])
try: data.TensorDataset()
except Exception as e: print(type(e).__name__, str(e))
''')

P('weights_only_messages', '''
import io
import fractions
def full(obj):
    buf = io.BytesIO(); torch.save(obj, buf); buf.seek(0)
    try: torch.load(buf); print('loaded')
    except Exception as e:
        print(type(e).__name__); print(str(e))
full(fractions.Fraction(1, 2))
full(np.array([1, 2]))
full(np.float64(1.5))
full({'x': torch.nn.Linear(1, 1)})
full(torch.optim.SGD)
full(range(3))
full(complex(1, 2))
try: torch.save(lambda x: x, io.BytesIO())
except Exception as e: print(type(e).__name__)
''')

P('getitems_custom_samplers', '''
class B(data.Dataset):
    def __len__(self): return 5
    def __getitem__(self, i): return i
    def __getitems__(self, idx): print('getitems', idx); return [i * 10 for i in idx]
print(list(data.DataLoader(B(), batch_size=2)))
print(list(data.DataLoader(B(), batch_size=None)))
class S(data.Sampler):
    def __init__(self): pass
    def __iter__(self): return iter([4, 0, 2])
    def __len__(self): return 3
dl = data.DataLoader(B(), sampler=S(), batch_size=2); print(list(dl), len(dl))
class NoLen(data.Sampler):
    def __iter__(self): return iter([1, 2, 3])
dl = data.DataLoader(list('abcde'), sampler=NoLen(), batch_size=2); print(list(dl))
try: len(dl)
except Exception as e: print(type(e).__name__, str(e))
dl = data.DataLoader(list('abcde'), batch_size=2)
it = iter(dl); print(next(it)); print(list(it)); print(list(dl))
''')

P('collate_tensors_errors', '''
c = data.default_collate
x = c([torch.ones(2, requires_grad=True), torch.zeros(2)]); print(x, x.requires_grad)
print(c([torch.tensor(1, dtype=torch.int8), torch.tensor(2, dtype=torch.int8)]))
try: c([torch.tensor(1), torch.tensor(1.5)])
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
try: c([torch.ones(2, 3), torch.ones(3, 2)])
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
try: c([np.ones(2), np.ones(3)])
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
print(c([np.ones(2, dtype=np.uint8), np.zeros(2, dtype=np.uint8)]))
print(c([[np.array(1), np.array(2)], [np.array(3), np.array(4)]]))
print(c(['a', 'b', 'c']), c([1, 2.5]))
try: c([(1, 2), (3, 4, 5)])
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
print(c([{'a': 1, 'b': 2}, {'b': 3, 'a': 4}]))
print(c([set([1])]) if False else '')
try: c([{1}, {2}])
except Exception as e: print(type(e).__name__, str(e).splitlines()[0][:80])
''')

P('extra_state_roundtrip', '''
import io
class M(torch.nn.Module):
    def __init__(self):
        super().__init__(); self.l = torch.nn.Linear(1, 1); self.tag = 'a'
    def get_extra_state(self): return {'tag': self.tag, 'n': 3}
    def set_extra_state(self, s): self.tag = s['tag'] + '!'
torch.manual_seed(0)
m = M(); sd = m.state_dict(); print(list(sd), sd['_extra_state'])
buf = io.BytesIO(); torch.save(sd, buf); buf.seek(0); r = torch.load(buf)
m2 = M(); print(m2.load_state_dict(r), m2.tag)
m.tag = 'z'; print(m.state_dict(prefix='pre.')['pre._extra_state'])
print(m.state_dict(keep_vars=True)['l.weight'].requires_grad, m.state_dict()['l.weight'].requires_grad)
''')

P('save_module_pickle_names', r'''
import io, zipfile, re, pickle
torch.manual_seed(0)
def names(buf):
    z = zipfile.ZipFile(io.BytesIO(buf.getvalue())); n = [x for x in z.namelist() if x.endswith('data.pkl')][0]
    return sorted(set(x.decode() for x in re.findall(rb'torch[\w.]*(?=\n|\x94|\x8c)', z.read(n)) if b'.' in x))
m = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.TransformerEncoderLayer(4, 2, 8))
for proto in [2, 4]:
    buf = io.BytesIO(); torch.save(m, buf, pickle_protocol=proto)
    print(names(buf))
    buf.seek(0); r = torch.load(buf, weights_only=False); print(proto, type(r[2].activation).__name__, r[2].activation.__name__, type(r[0]).__module__.split('.', 1)[1])
    buf.seek(0)
    try: torch.load(buf)
    except Exception as e: print(type(e).__name__, ([l for l in str(e).splitlines() if 'Unpickler' in l] + [str(e)])[0].strip()[:110])
buf = io.BytesIO(); torch.save({'fn': torch.nn.functional.relu, 'cls': torch.nn.Linear, 'opt': torch.optim.Adam}, buf)
buf.seek(0); r = torch.load(buf, weights_only=False); print(r['fn'](torch.tensor([-1., 2.])), r['cls'].__name__, r['opt'].__name__)
with torch.serialization.safe_globals([torch.nn.Linear, torch.optim.Adam, torch.nn.functional.relu]):
    buf.seek(0); r = torch.load(buf); print(r['cls'].__name__)
''')

P('skip_data', '''
import io, zipfile, tempfile, os
buf = io.BytesIO()
with torch.serialization.skip_data():
    torch.save({'a': torch.arange(4.), 'b': torch.ones(3, dtype=torch.int16)}, buf)
z = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
print(sorted((i.filename.split('/', 1)[1], i.file_size) for i in z.infolist() if '/data/' in i.filename))
buf.seek(0); print(torch.load(buf))
buf2 = io.BytesIO(); torch.save({'a': torch.arange(4.)}, buf2)
s = torch.serialization.skip_data()
with s:
    buf2.seek(0); r = torch.load(buf2); print(r['a'].shape, r['a'].dtype, s.materialize_fake_tensors)
buf2.seek(0); print(torch.load(buf2))
print('skip_data' in torch.serialization.__all__)
''')

_B64_LOAD = '''
import base64, io, zlib
def _ckpt(s): return io.BytesIO(zlib.decompress(base64.b64decode(''.join(s.split()))))
'''

P('load_pytorch_written_checkpoint', _B64_LOAD + "CK = %r\n" % TORCH_CKPT + '''
ck = torch.load(_ckpt(CK))
print(type(ck['sd']).__name__, list(ck['sd']), ck['sd']._metadata)
for k, v in ck['sd'].items(): print(k, v)
v = ck['views']; print(v[1], v[2].stride(), v[2].is_contiguous()); v[0][1, 1] = -1.; print(v[1], v[2][1])
print(ck['h'], ck['bf'], ck['misc'], type(ck['p']).__name__, ck['p'].requires_grad)
m = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2)); print(m.load_state_dict(ck['sd']))
print(m.eval()(torch.ones(1, 3)))
''')

P('load_pytorch_written_module', _B64_LOAD + "CK = %r\n" % TORCH_MODULE_CKPT + '''
try: torch.load(_ckpt(CK))
except Exception as e: print(type(e).__name__, [l.strip() for l in str(e).splitlines() if 'GLOBAL' in l][:1])
m = torch.load(_ckpt(CK), weights_only=False)
print(m, type(m[0]).__name__, type(m[0].weight).__name__, m[1].running_var)
with torch.serialization.safe_globals([nn.Sequential, nn.Linear, nn.BatchNorm1d, set]):
    try: print(type(torch.load(_ckpt(CK))).__name__)
    except Exception as e: print(type(e).__name__, [l.strip() for l in str(e).splitlines() if 'GLOBAL' in l][:1])
''')


P('worker_threads_draw_from_their_own_seeded_generator', '''
class D(data.Dataset):
    def __len__(self):
        return 6

    def __getitem__(self, i):
        info = data.get_worker_info()
        return torch.rand(2), torch.randint(0, 100, (1,)), torch.initial_seed() - info.seed


torch.manual_seed(0)
for a, b, c in data.DataLoader(D(), batch_size=2, num_workers=2):
    print(a, b.view(-1), c)
print(torch.rand(3))
torch.manual_seed(1)


def init(worker_id):
    torch.manual_seed(100 + worker_id)


for a, b, c in data.DataLoader(D(), batch_size=3, num_workers=2, worker_init_fn=init,
                               shuffle=True):
    print(a, b.view(-1))
print(torch.rand(2))
''')
