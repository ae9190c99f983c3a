"""Short PyTorch programs (area 'examples'), with the rules of fidelity_nn_cases.py:
each runs with `torch`, `nn`, `F`, `optim`, `data`, `np` and `math` bound; its stdout and the
type and first line of an uncaught exception are compared with real PyTorch's."""
PROGRAMS = {}


def P(name, code):
    PROGRAMS[name] = code


# ---- d2l ch. 8-9: RNN from scratch, concise RNNs ---------------------------------------------
P('d2l_rnn_scratch_train', '''
torch.manual_seed(0)
vocab, nh, bs, T = 8, 12, 3, 5
def normal(shape): return torch.randn(size=shape) * 0.01
def get_params():
    W_xh, W_hh, b_h = normal((vocab, nh)), normal((nh, nh)), torch.zeros(nh)
    W_hq, b_q = normal((nh, vocab)), torch.zeros(vocab)
    params = [W_xh, W_hh, b_h, W_hq, b_q]
    for p in params: p.requires_grad_(True)
    return params
def init_rnn_state(batch_size, num_hiddens): return (torch.zeros((batch_size, num_hiddens)),)
def rnn(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    outputs = []
    for X in inputs:
        H = torch.tanh(torch.mm(X, W_xh) + torch.mm(H, W_hh) + b_h)
        Y = torch.mm(H, W_hq) + b_q
        outputs.append(Y)
    return torch.cat(outputs, dim=0), (H,)
def grad_clipping(params, theta):
    norm = torch.sqrt(sum(torch.sum((p.grad ** 2)) for p in params))
    if norm > theta:
        for p in params: p.grad[:] *= theta / norm
    return norm
params = get_params()
X = torch.arange(15).reshape(bs, T) % vocab
Y = (X + 1) % vocab
oh = F.one_hot(X.T, vocab).to(torch.float32)
print(oh.shape, oh.dtype, F.one_hot(X.T, vocab).dtype)
loss_fn = nn.CrossEntropyLoss()
for step in range(3):
    state = init_rnn_state(bs, nh)
    y_hat, state = rnn(F.one_hot(X.T, vocab).type(torch.float32), state, params)
    y = Y.T.reshape(-1)
    l = loss_fn(y_hat, y.long()).mean()
    for p in params: p.grad = None
    l.backward()
    n = grad_clipping(params, 1)
    with torch.no_grad():
        for p in params: p -= 1.0 * p.grad
    print(step, y_hat.shape, len(state), state[0].shape, round(l.item(), 4), round(math.exp(l.item()), 3), type(n).__name__, n.shape)
''')

P('d2l_rnn_predict_and_state_detach', '''
torch.manual_seed(1)
vocab, nh = 6, 8
rnn_layer = nn.RNN(vocab, nh)
print(rnn_layer, [(k, tuple(v.shape)) for k, v in rnn_layer.state_dict().items()])
state = torch.zeros((1, 2, nh))
X = torch.rand(size=(4, 2, vocab))
Y, state_new = rnn_layer(X, state)
print(Y.shape, state_new.shape, Y.requires_grad, state_new.grad_fn is not None)
class RNNModel(nn.Module):
    def __init__(self, rnn_layer, vocab_size):
        super().__init__()
        self.rnn = rnn_layer; self.vocab_size = vocab_size
        self.num_hiddens = self.rnn.hidden_size
        self.num_directions = 2 if self.rnn.bidirectional else 1
        self.linear = nn.Linear(self.num_hiddens * self.num_directions, self.vocab_size)
    def forward(self, inputs, state):
        X = F.one_hot(inputs.T.long(), self.vocab_size).to(torch.float32)
        Y, state = self.rnn(X, state)
        output = self.linear(Y.reshape((-1, Y.shape[-1])))
        return output, state
    def begin_state(self, device, batch_size=1):
        if not isinstance(self.rnn, nn.LSTM):
            return torch.zeros((self.num_directions * self.rnn.num_layers, batch_size, self.num_hiddens), device=device)
        return (torch.zeros((self.num_directions * self.rnn.num_layers, batch_size, self.num_hiddens), device=device),
                torch.zeros((self.num_directions * self.rnn.num_layers, batch_size, self.num_hiddens), device=device))
net = RNNModel(rnn_layer, vocab)
print(net)
prefix = [1, 2]
state = net.begin_state(batch_size=1, device=torch.device('cpu'))
outputs = [prefix[0]]
get_input = lambda: torch.tensor([outputs[-1]], device=torch.device('cpu')).reshape((1, 1))
for y in prefix[1:]:
    _, state = net(get_input(), state); outputs.append(y)
for _ in range(4):
    y, state = net(get_input(), state)
    outputs.append(int(y.argmax(dim=1).reshape(1)))
print(outputs, state.shape)
state.detach_(); print(state.requires_grad, state.is_leaf)
print(isinstance(net, nn.Module), isinstance(state, tuple))
''')

P('d2l_gru_lstm_deep_bidir', '''
torch.manual_seed(2)
X = torch.rand(5, 3, 4)
gru = nn.GRU(4, 6); lstm = nn.LSTM(4, 6, num_layers=2); bi = nn.LSTM(4, 6, num_layers=2, bidirectional=True)
print(gru, lstm, bi, sep=chr(10))
y, h = gru(X); print(y.shape, h.shape, round(y.sum().item(), 4))
y, (h, c) = lstm(X); print(y.shape, h.shape, c.shape, round(c.abs().sum().item(), 4))
y, (h, c) = bi(X); print(y.shape, h.shape, c.shape, round(y.mean().item(), 4))
print(list(bi.state_dict().keys()))
print([tuple(p.shape) for p in bi.parameters()][:4], sum(p.numel() for p in bi.parameters()))
try: lstm(X, torch.zeros(2, 3, 6))
except Exception as e: print(type(e).__name__, e)
try: gru(torch.rand(5, 3, 5))
except Exception as e: print(type(e).__name__, e)
try: gru(X, torch.zeros(2, 3, 6))
except Exception as e: print(type(e).__name__, e)
deep = nn.GRU(4, 6, 3, dropout=0.5); print(deep)
y, h = deep.eval()(X); print(h.shape)
''')

P('d2l_lstm_scratch_clip_train', '''
torch.manual_seed(3)
vocab, nh, bs, T = 5, 8, 2, 3
def three(): return (torch.randn(vocab, nh) * 0.01, torch.randn(nh, nh) * 0.01, torch.zeros(nh))
W_xi, W_hi, b_i = three(); W_xf, W_hf, b_f = three(); W_xo, W_ho, b_o = three(); W_xc, W_hc, b_c = three()
W_hq = torch.randn(nh, vocab) * 0.01; b_q = torch.zeros(vocab)
params = [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q]
for p in params: p.requires_grad_(True)
def lstm(inputs, state):
    (H, C) = state; outputs = []
    for X in inputs:
        I = torch.sigmoid((X @ W_xi) + (H @ W_hi) + b_i)
        Fg = torch.sigmoid((X @ W_xf) + (H @ W_hf) + b_f)
        O = torch.sigmoid((X @ W_xo) + (H @ W_ho) + b_o)
        C_tilda = torch.tanh((X @ W_xc) + (H @ W_hc) + b_c)
        C = Fg * C + I * C_tilda
        H = O * torch.tanh(C)
        outputs.append((H @ W_hq) + b_q)
    return torch.cat(outputs, dim=0), (H, C)
X = torch.tensor([[0, 1, 2], [4, 0, 1]]); Y = (X + 1) % vocab
updater = torch.optim.SGD(params, lr=1.0)
loss = nn.CrossEntropyLoss()
for ep in range(2):
    state = (torch.zeros(bs, nh), torch.zeros(bs, nh))
    y_hat, state = lstm(F.one_hot(X.T, vocab).float(), state)
    l = loss(y_hat, Y.T.reshape(-1).long()).mean()
    updater.zero_grad(); l.backward()
    norm = torch.sqrt(sum(torch.sum((p.grad ** 2)) for p in params))
    if norm > 0.01:
        for p in params: p.grad[:] *= 0.01 / norm
    updater.step()
    print(ep, round(math.exp(l.item()), 4), f'{float(norm):.4f}', state[1].shape)
for s in state: s.detach_()
print([s.requires_grad for s in state])
''')


# ---- d2l ch. 9-10: seq2seq encoder-decoder, masked softmax cross-entropy ----------------------
P('d2l_seq2seq_encoder_decoder', '''
torch.manual_seed(4)
class Seq2SeqEncoder(nn.Module):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, dropout=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size, num_hiddens, num_layers, dropout=dropout)
    def forward(self, X, *args):
        X = self.embedding(X)
        X = X.permute(1, 0, 2)
        output, state = self.rnn(X)
        return output, state
class Seq2SeqDecoder(nn.Module):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, dropout=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size + num_hiddens, num_hiddens, num_layers, dropout=dropout)
        self.dense = nn.Linear(num_hiddens, vocab_size)
    def init_state(self, enc_outputs, *args): return enc_outputs[1]
    def forward(self, X, state):
        X = self.embedding(X).permute(1, 0, 2)
        context = state[-1].repeat(X.shape[0], 1, 1)
        X_and_context = torch.cat((X, context), 2)
        output, state = self.rnn(X_and_context, state)
        output = self.dense(output).permute(1, 0, 2)
        return output, state
encoder = Seq2SeqEncoder(vocab_size=10, embed_size=8, num_hiddens=16, num_layers=2)
encoder.eval()
X = torch.zeros((4, 6), dtype=torch.long)
output, state = encoder(X)
print(output.shape, state.shape)
decoder = Seq2SeqDecoder(vocab_size=10, embed_size=8, num_hiddens=16, num_layers=2)
decoder.eval()
state = decoder.init_state(encoder(X))
output, state = decoder(X, state)
print(output.shape, state.shape)
print(encoder); print(decoder)
def xavier_init_weights(m):
    if type(m) == nn.Linear: nn.init.xavier_uniform_(m.weight)
    if type(m) == nn.GRU:
        for param in m._flat_weights_names:
            if "weight" in param: nn.init.xavier_uniform_(m._parameters[param])
decoder.apply(xavier_init_weights)
print(decoder.rnn._flat_weights_names)
print(round(decoder.dense.weight.abs().max().item(), 4) <= math.sqrt(6 / 26))
''')

P('d2l_masked_softmax_ce_loss_train', '''
torch.manual_seed(5)
def sequence_mask(X, valid_len, value=0):
    maxlen = X.size(1)
    mask = torch.arange((maxlen), dtype=torch.float32, device=X.device)[None, :] < valid_len[:, None]
    X[~mask] = value
    return X
X = torch.tensor([[1, 2, 3], [4, 5, 6]])
print(sequence_mask(X, torch.tensor([1, 2])))
X = torch.ones(2, 3, 4)
print(sequence_mask(X, torch.tensor([1, 2]), value=-1))
class MaskedSoftmaxCELoss(nn.CrossEntropyLoss):
    def forward(self, pred, label, valid_len):
        weights = torch.ones_like(label)
        weights = sequence_mask(weights, valid_len)
        self.reduction = 'none'
        unweighted_loss = super(MaskedSoftmaxCELoss, self).forward(pred.permute(0, 2, 1), label)
        weighted_loss = (unweighted_loss * weights).mean(dim=1)
        return weighted_loss
loss = MaskedSoftmaxCELoss()
print(loss(torch.ones(3, 4, 10), torch.ones((3, 4), dtype=torch.long), torch.tensor([4, 2, 0])))
print(loss)
emb = nn.Embedding(10, 6); lin = nn.Linear(6, 10)
opt = torch.optim.Adam(list(emb.parameters()) + list(lin.parameters()), lr=0.05)
Y = torch.tensor([[1, 2, 3, 0], [4, 5, 0, 0]]); Y_valid_len = torch.tensor([3, 2])
bos = torch.tensor([7] * Y.shape[0]).reshape(-1, 1)
dec_input = torch.cat([bos, Y[:, :-1]], 1)
print(dec_input)
for i in range(2):
    opt.zero_grad()
    Y_hat = lin(emb(dec_input))
    l = loss(Y_hat, Y, Y_valid_len)
    l.sum().backward()
    nn.utils.clip_grad_norm_(list(emb.parameters()) + list(lin.parameters()), 1)
    num_tokens = Y_valid_len.sum()
    opt.step()
    print(i, round(l.sum().item() / num_tokens.item(), 4), num_tokens, l.shape)
''')

P('d2l_bleu_and_predict_greedy', '''
import collections
def bleu(pred_seq, label_seq, k):
    pred_tokens, label_tokens = pred_seq.split(' '), label_seq.split(' ')
    len_pred, len_label = len(pred_tokens), len(label_tokens)
    score = math.exp(min(0, 1 - len_label / len_pred))
    for n in range(1, k + 1):
        num_matches, label_subs = 0, collections.defaultdict(int)
        for i in range(len_label - n + 1): label_subs[' '.join(label_tokens[i: i + n])] += 1
        for i in range(len_pred - n + 1):
            if label_subs[' '.join(pred_tokens[i: i + n])] > 0:
                num_matches += 1; label_subs[' '.join(pred_tokens[i: i + n])] -= 1
        score *= math.pow(num_matches / (len_pred - n + 1), math.pow(0.5, n))
    return score
print(f"{bleu('go .', 'va !', 2):.3f}", f"{bleu('i lost .', 'i lost .', 2):.3f}")
torch.manual_seed(6)
emb = nn.Embedding(8, 4); gru = nn.GRU(4, 8); dense = nn.Linear(8, 8)
state = torch.zeros(1, 1, 8)
dec_X = torch.unsqueeze(torch.tensor([3], dtype=torch.long), dim=0)
print(dec_X, dec_X.shape)
out = []
for _ in range(4):
    Y, state = gru(emb(dec_X).permute(1, 0, 2), state)
    Y = dense(Y).permute(1, 0, 2)
    dec_X = Y.argmax(dim=2)
    pred = dec_X.squeeze(dim=0).type(torch.int32).item()
    out.append(pred)
print(out, type(out[0]).__name__, dec_X.dtype)
''')

# ---- d2l ch. 11: attention --------------------------------------------------------------------
P('d2l_masked_softmax_additive_attention', '''
torch.manual_seed(7)
def sequence_mask(X, valid_len, value=0):
    maxlen = X.size(1)
    mask = torch.arange((maxlen), dtype=torch.float32, device=X.device)[None, :] < valid_len[:, None]
    X[~mask] = value
    return X
def masked_softmax(X, valid_lens):
    if valid_lens is None: return nn.functional.softmax(X, dim=-1)
    shape = X.shape
    if valid_lens.dim() == 1: valid_lens = torch.repeat_interleave(valid_lens, shape[1])
    else: valid_lens = valid_lens.reshape(-1)
    X = sequence_mask(X.reshape(-1, shape[-1]), valid_lens, value=-1e6)
    return nn.functional.softmax(X.reshape(shape), dim=-1)
print(masked_softmax(torch.rand(2, 2, 4), torch.tensor([2, 3])).round(decimals=4))
print(masked_softmax(torch.rand(2, 2, 4), torch.tensor([[1, 3], [2, 4]])).round(decimals=4))
class AdditiveAttention(nn.Module):
    def __init__(self, num_hiddens, dropout, **kwargs):
        super(AdditiveAttention, self).__init__(**kwargs)
        self.W_k = nn.LazyLinear(num_hiddens, bias=False)
        self.W_q = nn.LazyLinear(num_hiddens, bias=False)
        self.w_v = nn.LazyLinear(1, bias=False)
        self.dropout = nn.Dropout(dropout)
    def forward(self, queries, keys, values, valid_lens):
        queries, keys = self.W_q(queries), self.W_k(keys)
        features = queries.unsqueeze(2) + keys.unsqueeze(1)
        features = torch.tanh(features)
        scores = self.w_v(features).squeeze(-1)
        self.attention_weights = masked_softmax(scores, valid_lens)
        return torch.bmm(self.dropout(self.attention_weights), values)
queries, keys = torch.normal(0, 1, (2, 1, 5)), torch.ones((2, 6, 2))
values = torch.arange(24, dtype=torch.float32).reshape(1, 6, 4).repeat(2, 1, 1)
valid_lens = torch.tensor([2, 6])
attention = AdditiveAttention(num_hiddens=8, dropout=0.1)
print(attention)
attention.eval()
out = attention(queries, keys, values, valid_lens)
print(out.shape, out.round(decimals=4))
print(attention.attention_weights.shape, attention)
''')

P('d2l_dot_product_multihead_attention', '''
torch.manual_seed(8)
def masked_softmax(X, valid_lens):
    if valid_lens is None: return nn.functional.softmax(X, dim=-1)
    shape = X.shape
    if valid_lens.dim() == 1: valid_lens = torch.repeat_interleave(valid_lens, shape[1])
    else: valid_lens = valid_lens.reshape(-1)
    X2 = X.reshape(-1, shape[-1])
    mask = torch.arange(shape[-1], dtype=torch.float32)[None, :] < valid_lens[:, None]
    X2[~mask] = -1e6
    return nn.functional.softmax(X2.reshape(shape), dim=-1)
class DotProductAttention(nn.Module):
    def __init__(self, dropout):
        super().__init__(); self.dropout = nn.Dropout(dropout)
    def forward(self, queries, keys, values, valid_lens=None):
        d = queries.shape[-1]
        scores = torch.bmm(queries, keys.transpose(1, 2)) / math.sqrt(d)
        self.attention_weights = masked_softmax(scores, valid_lens)
        return torch.bmm(self.dropout(self.attention_weights), values)
def transpose_qkv(X, num_heads):
    X = X.reshape(X.shape[0], X.shape[1], num_heads, -1)
    X = X.permute(0, 2, 1, 3)
    return X.reshape(-1, X.shape[2], X.shape[3])
def transpose_output(X, num_heads):
    X = X.reshape(-1, num_heads, X.shape[1], X.shape[2])
    X = X.permute(0, 2, 1, 3)
    return X.reshape(X.shape[0], X.shape[1], -1)
class MultiHeadAttention(nn.Module):
    def __init__(self, key_size, query_size, value_size, num_hiddens, num_heads, dropout, bias=False):
        super().__init__()
        self.num_heads = num_heads
        self.attention = DotProductAttention(dropout)
        self.W_q = nn.Linear(query_size, num_hiddens, bias=bias)
        self.W_k = nn.Linear(key_size, num_hiddens, bias=bias)
        self.W_v = nn.Linear(value_size, num_hiddens, bias=bias)
        self.W_o = nn.Linear(num_hiddens, num_hiddens, bias=bias)
    def forward(self, queries, keys, values, valid_lens):
        queries = transpose_qkv(self.W_q(queries), self.num_heads)
        keys = transpose_qkv(self.W_k(keys), self.num_heads)
        values = transpose_qkv(self.W_v(values), self.num_heads)
        if valid_lens is not None:
            valid_lens = torch.repeat_interleave(valid_lens, repeats=self.num_heads, dim=0)
        output = self.attention(queries, keys, values, valid_lens)
        output_concat = transpose_output(output, self.num_heads)
        return self.W_o(output_concat)
attention = MultiHeadAttention(16, 16, 16, 16, 4, 0.5)
print(attention.eval())
batch_size, num_queries, num_kvpairs, valid_lens = 2, 4, 6, torch.tensor([3, 2])
X = torch.ones((batch_size, num_queries, 16))
Y = torch.ones((batch_size, num_kvpairs, 16))
out = attention(X, Y, Y, valid_lens)
print(out.shape, attention.attention.attention_weights.shape)
print(attention.attention.attention_weights[0].round(decimals=4))
print(torch.repeat_interleave(valid_lens, repeats=4, dim=0), torch.repeat_interleave(torch.tensor([[1, 2], [3, 4]]), 2))
print(transpose_qkv(torch.arange(24.).reshape(1, 2, 12), 3).shape)
''')

P('d2l_positional_encoding', '''
class PositionalEncoding(nn.Module):
    def __init__(self, num_hiddens, dropout, max_len=1000):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        self.P = torch.zeros((1, max_len, num_hiddens))
        X = torch.arange(max_len, dtype=torch.float32).reshape(-1, 1) / torch.pow(10000, torch.arange(0, num_hiddens, 2, dtype=torch.float32) / num_hiddens)
        self.P[:, :, 0::2] = torch.sin(X)
        self.P[:, :, 1::2] = torch.cos(X)
    def forward(self, X):
        X = X + self.P[:, :X.shape[1], :].to(X.device)
        return self.dropout(X)
pe = PositionalEncoding(8, 0, max_len=6)
pe.eval()
X = pe(torch.zeros((1, 6, 8)))
print(X.shape, pe.P.shape, pe)
print(pe.P[0, :, 0:4].round(decimals=4))
print(torch.pow(10000, torch.arange(0, 8, 2, dtype=torch.float32) / 8))
for i in torch.arange(6): print(f'{i:>2d}', end=' ')
print()
print(f'{pe.P[0, 2, 0]:.5f}', f'{X[0, 1, 1].item():.5f}', list(pe.state_dict().keys()))
''')

P('d2l_transformer_blocks', '''
torch.manual_seed(9)
class PositionWiseFFN(nn.Module):
    def __init__(self, ffn_num_hiddens, ffn_num_outputs):
        super().__init__()
        self.dense1 = nn.LazyLinear(ffn_num_hiddens); self.relu = nn.ReLU()
        self.dense2 = nn.LazyLinear(ffn_num_outputs)
    def forward(self, X): return self.dense2(self.relu(self.dense1(X)))
ffn = PositionWiseFFN(4, 8)
print(ffn)
ffn.eval()
print(ffn(torch.ones((2, 3, 4)))[0].shape, ffn)
ln = nn.LayerNorm(2); bn = nn.BatchNorm1d(2)
X = torch.tensor([[1, 2], [2, 3]], dtype=torch.float32)
print('layer norm:', ln(X), '\\nbatch norm:', bn(X))
class AddNorm(nn.Module):
    def __init__(self, norm_shape, dropout):
        super().__init__(); self.dropout = nn.Dropout(dropout); self.ln = nn.LayerNorm(norm_shape)
    def forward(self, X, Y): return self.ln(self.dropout(Y) + X)
add_norm = AddNorm(8, 0.5); add_norm.eval()
print(add_norm(torch.ones((2, 3, 8)), torch.ones((2, 3, 8))).shape, add_norm)
print(nn.LayerNorm([3, 4]), list(nn.LayerNorm(4, elementwise_affine=False).state_dict()), nn.LayerNorm(4, bias=False))
Z = torch.arange(12.).reshape(1, 3, 4)
print(nn.LayerNorm(4)(Z).round(decimals=4))
''')

P('nn_multihead_attention_and_encoder_layer', '''
torch.manual_seed(10)
mha = nn.MultiheadAttention(8, 2)
print(mha, [k for k in mha.state_dict()])
q = torch.rand(3, 2, 8); k = torch.rand(5, 2, 8)
out, w = mha(q, k, k)
print(out.shape, w.shape, round(out.sum().item(), 4), round(w.sum().item(), 4))
out, w = mha(q, k, k, average_attn_weights=False); print(w.shape)
out, w = mha(q, k, k, need_weights=False); print(w)
kpm = torch.tensor([[False] * 4 + [True], [False] * 5])
out, w = mha(q, k, k, key_padding_mask=kpm); print(w[0, :, 4])
mb = nn.MultiheadAttention(8, 2, batch_first=True, dropout=0.1); print(mb.batch_first)
try: nn.MultiheadAttention(8, 3)
except Exception as e: print(type(e).__name__, e)
layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, dropout=0.0)
print(layer)
enc = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
print(len(enc.layers), list(enc.state_dict().keys())[:6])
src = torch.rand(4, 2, 8)
y = enc(src); print(y.shape, round(y.mean().item(), 4), round(y.std().item(), 3))
mask = nn.Transformer.generate_square_subsequent_mask(4); print(mask)
y2 = layer(src, src_mask=mask, is_causal=True); print(y2.shape)
''')


# ---- pytorch/examples: mnist ------------------------------------------------------------------
P('examples_mnist_net_train_test', '''
StepLR = torch.optim.lr_scheduler.StepLR
torch.manual_seed(1)
class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, 1)
        self.conv2 = nn.Conv2d(4, 8, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(72, 16)
        self.fc2 = nn.Linear(16, 10)
    def forward(self, x):
        x = self.conv1(x); x = F.relu(x)
        x = self.conv2(x); x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = self.fc1(x); x = F.relu(x)
        x = self.dropout2(x)
        x = self.fc2(x)
        output = F.log_softmax(x, dim=1)
        return output
use_cuda = torch.cuda.is_available(); use_mps = torch.backends.mps.is_available()
device = torch.device("cuda" if use_cuda else "mps" if use_mps else "cpu")
print(use_cuda, use_mps, device, type(device).__name__)
xs = torch.rand(12, 1, 10, 10); ys = torch.randint(0, 10, (12,))
ds = data.TensorDataset(xs, ys)
train_loader = data.DataLoader(ds, batch_size=4, shuffle=True)
test_loader = data.DataLoader(ds, batch_size=6)
model = Net().to(device)
print(model)
optimizer = optim.Adadelta(model.parameters(), lr=1.0)
scheduler = StepLR(optimizer, step_size=1, gamma=0.7)
for epoch in range(1, 3):
    model.train()
    for batch_idx, (dt, target) in enumerate(train_loader):
        dt, target = dt.to(device), target.to(device)
        optimizer.zero_grad()
        output = model(dt)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()
        if batch_idx % 2 == 0:
            print('Train Epoch: {} [{}/{} ({:.0f}%)]\\tLoss: {:.6f}'.format(
                epoch, batch_idx * len(dt), len(train_loader.dataset),
                100. * batch_idx / len(train_loader), loss.item()))
    model.eval()
    test_loss = 0; correct = 0
    with torch.no_grad():
        for dt, target in test_loader:
            output = model(dt)
            test_loss += F.nll_loss(output, target, reduction='sum').item()
            pred = output.argmax(dim=1, keepdim=True)
            correct += pred.eq(target.view_as(pred)).sum().item()
    test_loss /= len(test_loader.dataset)
    print('\\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\\n'.format(
        test_loss, correct, len(test_loader.dataset), 100. * correct / len(test_loader.dataset)))
    scheduler.step()
    print(scheduler.get_last_lr(), optimizer.param_groups[0]['lr'], type(correct).__name__)
print(optimizer)
''')

P('examples_save_load_state_dict_tempfile', '''
import tempfile, os
torch.manual_seed(2)
model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 4 * 4, 3))
sd = model.state_dict()
print(list(sd.keys()))
print(type(sd).__name__, sd['1.num_batches_tracked'], sd['1.running_var'])
opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
model(torch.rand(2, 1, 6, 6)).sum().backward(); opt.step()
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "mnist_cnn.pt")
    torch.save(model.state_dict(), path)
    torch.save({'epoch': 3, 'model_state_dict': model.state_dict(), 'optimizer_state_dict': opt.state_dict(), 'loss': 0.25}, path + '.ckpt')
    m2 = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 4 * 4, 3))
    r = m2.load_state_dict(torch.load(path, weights_only=True))
    print(r, type(r).__name__)
    ck = torch.load(path + '.ckpt')
    o2 = optim.SGD(m2.parameters(), lr=0.5); o2.load_state_dict(ck['optimizer_state_dict'])
    print(ck['epoch'], ck['loss'], o2.param_groups[0]['lr'], o2.param_groups[0]['momentum'], sorted(ck['optimizer_state_dict']['state'].keys()))
    print(all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), m2.state_dict().values())))
    bad = {k: v for k, v in model.state_dict().items() if k != '4.bias'}
    bad['extra'] = torch.zeros(1)
    try: m2.load_state_dict(bad)
    except RuntimeError as e: print(str(e).replace(chr(9), ' '))
    print(m2.load_state_dict(bad, strict=False))
    shp = dict(model.state_dict()); shp['4.weight'] = torch.zeros(3, 5)
    try: m2.load_state_dict(shp)
    except RuntimeError as e: print(str(e).replace(chr(9), ' '))
''')

# ---- pytorch/examples: word_language_model ----------------------------------------------------
P('examples_word_language_model', '''
torch.manual_seed(3)
class RNNModel(nn.Module):
    def __init__(self, rnn_type, ntoken, ninp, nhid, nlayers, dropout=0.5, tie_weights=False):
        super(RNNModel, self).__init__()
        self.ntoken = ntoken
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        if rnn_type in ['LSTM', 'GRU']:
            self.rnn = getattr(nn, rnn_type)(ninp, nhid, nlayers, dropout=dropout)
        else:
            nonlinearity = {'RNN_TANH': 'tanh', 'RNN_RELU': 'relu'}[rnn_type]
            self.rnn = nn.RNN(ninp, nhid, nlayers, nonlinearity=nonlinearity, dropout=dropout)
        self.decoder = nn.Linear(nhid, ntoken)
        if tie_weights:
            if nhid != ninp: raise ValueError('When using the tied flag, nhid must be equal to emsize')
            self.decoder.weight = self.encoder.weight
        self.init_weights()
        self.rnn_type = rnn_type; self.nhid = nhid; self.nlayers = nlayers
    def init_weights(self):
        initrange = 0.1
        nn.init.uniform_(self.encoder.weight, -initrange, initrange)
        nn.init.zeros_(self.decoder.bias)
        nn.init.uniform_(self.decoder.weight, -initrange, initrange)
    def forward(self, input, hidden):
        emb = self.drop(self.encoder(input))
        output, hidden = self.rnn(emb, hidden)
        output = self.drop(output)
        decoded = self.decoder(output)
        decoded = decoded.view(-1, self.ntoken)
        return F.log_softmax(decoded, dim=1), hidden
    def init_hidden(self, bsz):
        weight = next(self.parameters())
        if self.rnn_type == 'LSTM':
            return (weight.new_zeros(self.nlayers, bsz, self.nhid), weight.new_zeros(self.nlayers, bsz, self.nhid))
        return weight.new_zeros(self.nlayers, bsz, self.nhid)
def batchify(dt, bsz):
    nbatch = dt.size(0) // bsz
    dt = dt.narrow(0, 0, nbatch * bsz)
    dt = dt.view(bsz, -1).t().contiguous()
    return dt
def repackage_hidden(h):
    if isinstance(h, torch.Tensor): return h.detach()
    return tuple(repackage_hidden(v) for v in h)
bptt = 3
def get_batch(source, i):
    seq_len = min(bptt, len(source) - 1 - i)
    dt = source[i:i+seq_len]
    target = source[i+1:i+1+seq_len].view(-1)
    return dt, target
corpus = torch.tensor([i * 7 % 11 for i in range(30)], dtype=torch.long)
train_data = batchify(corpus, 4)
print(train_data.shape, train_data.is_contiguous(), train_data[:, 0])
try: RNNModel('LSTM', 11, 8, 6, 2, tie_weights=True)
except ValueError as e: print(e)
model = RNNModel('LSTM', 11, 8, 8, 2, dropout=0.2, tie_weights=True)
print(model, model.decoder.weight is model.encoder.weight)
print(list(model.state_dict().keys()), len(list(model.parameters())))
criterion = nn.NLLLoss()
lr = 5.0
model.train()
hidden = model.init_hidden(4)
print(type(hidden).__name__, hidden[0].shape, hidden[0].dtype)
for batch, i in enumerate(range(0, train_data.size(0) - 1, bptt)):
    dt, targets = get_batch(train_data, i)
    model.zero_grad()
    hidden = repackage_hidden(hidden)
    output, hidden = model(dt, hidden)
    loss = criterion(output, targets)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 0.25)
    for p in model.parameters():
        p.data.add_(p.grad, alpha=-lr)
    print(batch, dt.shape, output.shape, '| loss {:5.2f} | ppl {:8.2f}'.format(loss.item(), math.exp(loss.item())))
m2 = RNNModel('RNN_RELU', 11, 4, 6, 1); print(m2.rnn, type(m2.init_hidden(2)).__name__)
''')

# ---- pytorch/examples: vae, dcgan -------------------------------------------------------------
P('examples_vae', '''
torch.manual_seed(4)
class VAE(nn.Module):
    def __init__(self):
        super(VAE, self).__init__()
        self.fc1 = nn.Linear(16, 8)
        self.fc21 = nn.Linear(8, 2)
        self.fc22 = nn.Linear(8, 2)
        self.fc3 = nn.Linear(2, 8)
        self.fc4 = nn.Linear(8, 16)
    def encode(self, x):
        h1 = F.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)
    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5*logvar)
        eps = torch.randn_like(std)
        return mu + eps*std
    def decode(self, z):
        h3 = F.relu(self.fc3(z))
        return torch.sigmoid(self.fc4(h3))
    def forward(self, x):
        mu, logvar = self.encode(x.view(-1, 16))
        z = self.reparameterize(mu, logvar)
        return self.decode(z), mu, logvar
def loss_function(recon_x, x, mu, logvar):
    BCE = F.binary_cross_entropy(recon_x, x.view(-1, 16), reduction='sum')
    KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return BCE + KLD
model = VAE()
optimizer = optim.Adam(model.parameters(), lr=1e-3)
x = torch.rand(6, 1, 4, 4)
model.train()
for epoch in range(2):
    optimizer.zero_grad()
    recon_batch, mu, logvar = model(x)
    loss = loss_function(recon_batch, x, mu, logvar)
    loss.backward()
    train_loss = loss.item()
    optimizer.step()
    print('====> Epoch: {} Average loss: {:.4f}'.format(epoch, train_loss / len(x)))
model.eval()
with torch.no_grad():
    sample = torch.randn(4, 2)
    sample = model.decode(sample).cpu()
    print(sample.view(4, 1, 4, 4).shape, sample.requires_grad, round(sample.mean().item(), 4))
    recon, mu, logvar = model(x)
    n = min(x.size(0), 3)
    comparison = torch.cat([x[:n], recon.view(6, 1, 4, 4)[:n]])
    print(comparison.shape)
try: F.binary_cross_entropy(torch.tensor([1.5]), torch.tensor([1.0]))
except RuntimeError as e: print(e)
try: F.binary_cross_entropy(torch.rand(2, 3), torch.rand(3, 2))
except ValueError as e: print(e)
''')

P('examples_dcgan_generator_discriminator', '''
torch.manual_seed(5)
nz, ngf, ndf, nc = 4, 4, 4, 1
def weights_init(m):
    classname = m.__class__.__name__
    if classname.find('Conv') != -1:
        torch.nn.init.normal_(m.weight, 0.0, 0.02)
    elif classname.find('BatchNorm') != -1:
        torch.nn.init.normal_(m.weight, 1.0, 0.02)
        torch.nn.init.zeros_(m.bias)
class Generator(nn.Module):
    def __init__(self, ngpu):
        super(Generator, self).__init__()
        self.ngpu = ngpu
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 2, 3, 1, 0, bias=False),
            nn.BatchNorm2d(ngf * 2),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, nc, 4, 2, 1, bias=False),
            nn.Tanh())
    def forward(self, input): return self.main(input)
class Discriminator(nn.Module):
    def __init__(self, ngpu):
        super(Discriminator, self).__init__()
        self.main = nn.Sequential(
            nn.Conv2d(nc, ndf, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf, 1, 3, 1, 0, bias=False),
            nn.Sigmoid())
    def forward(self, input):
        output = self.main(input)
        return output.view(-1, 1).squeeze(1)
netG = Generator(0); netG.apply(weights_init); print(netG)
netD = Discriminator(0); netD.apply(weights_init); print(netD)
criterion = nn.BCELoss()
fixed_noise = torch.randn(2, nz, 1, 1)
real_label, fake_label = 1, 0
optimizerD = optim.Adam(netD.parameters(), lr=0.0002, betas=(0.5, 0.999))
optimizerG = optim.Adam(netG.parameters(), lr=0.0002, betas=(0.5, 0.999))
real = torch.rand(2, 1, 6, 6) * 2 - 1
for i in range(1):
    netD.zero_grad()
    batch_size = real.size(0)
    label = torch.full((batch_size,), real_label, dtype=real.dtype)
    output = netD(real)
    errD_real = criterion(output, label); errD_real.backward()
    D_x = output.mean().item()
    noise = torch.randn(batch_size, nz, 1, 1)
    fake = netG(noise)
    label.fill_(fake_label)
    output = netD(fake.detach())
    errD_fake = criterion(output, label); errD_fake.backward()
    D_G_z1 = output.mean().item()
    errD = errD_real + errD_fake
    optimizerD.step()
    netG.zero_grad()
    label.fill_(real_label)
    output = netD(fake)
    errG = criterion(output, label); errG.backward()
    D_G_z2 = output.mean().item()
    optimizerG.step()
    print('[%d/%d] Loss_D: %.4f Loss_G: %.4f D(x): %.4f D(G(z)): %.4f / %.4f' % (i, 2, errD.item(), errG.item(), D_x, D_G_z1, D_G_z2))
print(fake.shape, netG(fixed_noise).shape, label.dtype, netG.main[1].num_batches_tracked)
''')

# ---- pytorch/examples: regression, time_sequence_prediction ------------------------------------
P('examples_regression_poly', '''
torch.manual_seed(6)
POLY_DEGREE = 4
W_target = torch.randn(POLY_DEGREE, 1) * 5
b_target = torch.randn(1) * 5
def make_features(x):
    x = x.unsqueeze(1)
    return torch.cat([x ** i for i in range(1, POLY_DEGREE+1)], 1)
def f(x): return x.mm(W_target) + b_target.item()
def poly_desc(W, b):
    result = 'y = '
    for i, w in enumerate(W):
        result += '{:+.2f} x^{} '.format(w, i + 1)
    result += '{:+.2f}'.format(b[0])
    return result
def get_batch(batch_size=8):
    random = torch.randn(batch_size)
    x = make_features(random)
    y = f(x)
    return x, y
fc = torch.nn.Linear(W_target.size(0), 1)
print(make_features(torch.tensor([1., 2.])), fc)
for batch_idx in range(1, 4):
    batch_x, batch_y = get_batch()
    fc.zero_grad()
    output = F.smooth_l1_loss(fc(batch_x), batch_y)
    loss = output.item()
    output.backward()
    for param in fc.parameters():
        param.data.add_(-0.1 * param.grad)
    if loss < 1e-3: break
print('Loss: {:.6f} after {} batches'.format(loss, batch_idx))
print('==> Learned function:\\t' + poly_desc(fc.weight.view(-1), fc.bias))
print('==> Actual function:\\t' + poly_desc(W_target.view(-1), b_target))
print(fc.weight.view(-1).shape, W_target.squeeze().shape, torch.ones(1, 1).squeeze().shape, torch.ones(3, 1, 2).squeeze(1).shape)
''')

P('examples_time_sequence_prediction_lbfgs', '''
torch.manual_seed(7)
np.random.seed(2)
T, L, N = 4, 4, 3
x = np.empty((N, L), 'int64')
x[:] = np.array(range(L)) + np.random.randint(-2, 2, N).reshape(N, 1)
dt = np.sin(x / 1.0 / T).astype('float64')
class Sequence(nn.Module):
    def __init__(self):
        super(Sequence, self).__init__()
        self.lstm1 = nn.LSTMCell(1, 6)
        self.lstm2 = nn.LSTMCell(6, 6)
        self.linear = nn.Linear(6, 1)
    def forward(self, input, future = 0):
        outputs = []
        h_t = torch.zeros(input.size(0), 6, dtype=torch.double)
        c_t = torch.zeros(input.size(0), 6, dtype=torch.double)
        h_t2 = torch.zeros(input.size(0), 6, dtype=torch.double)
        c_t2 = torch.zeros(input.size(0), 6, dtype=torch.double)
        for input_t in input.split(1, dim=1):
            h_t, c_t = self.lstm1(input_t, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        for i in range(future):
            h_t, c_t = self.lstm1(output, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        outputs = torch.stack(outputs, 1).squeeze(2)
        return outputs
input = torch.from_numpy(dt[1:, :-1]); target = torch.from_numpy(dt[1:, 1:])
test_input = torch.from_numpy(dt[:1, :-1]); test_target = torch.from_numpy(dt[:1, 1:])
seq = Sequence(); seq.double()
print(seq, input.dtype, input.shape)
criterion = nn.MSELoss()
optimizer = optim.LBFGS(seq.parameters(), lr=0.8, max_iter=2)
print(optimizer)
for i in range(1):
    def closure():
        optimizer.zero_grad()
        out = seq(input)
        loss = criterion(out, target)
        print('loss:', round(loss.item(), 5))
        loss.backward()
        return loss
    r = optimizer.step(closure)
    print('step', i, type(r).__name__, r.dtype)
    with torch.no_grad():
        future = 1
        pred = seq(test_input, future=future)
        loss = criterion(pred[:, :-future], test_target)
        print('test loss:', round(loss.item(), 5), pred.shape)
        y = pred.detach().numpy()
        print(y.shape, y.dtype)
print(sorted(optimizer.state_dict()['state'].keys()), sorted(optimizer.state_dict()['state'][0].keys()))
''')


# ---- pytorch/examples: reinforcement learning, siamese / triplet -------------------------------
P('examples_reinforce_categorical', '''
Categorical = torch.distributions.Categorical
torch.manual_seed(8)
class Policy(nn.Module):
    def __init__(self):
        super(Policy, self).__init__()
        self.affine1 = nn.Linear(4, 8)
        self.dropout = nn.Dropout(p=0.6)
        self.affine2 = nn.Linear(8, 2)
        self.saved_log_probs = []
        self.rewards = []
    def forward(self, x):
        x = self.affine1(x); x = self.dropout(x); x = F.relu(x)
        action_scores = self.affine2(x)
        return F.softmax(action_scores, dim=1)
policy = Policy()
optimizer = optim.Adam(policy.parameters(), lr=1e-2)
eps = np.finfo(np.float32).eps.item()
print(eps, type(eps).__name__)
def select_action(state):
    state = torch.from_numpy(state).float().unsqueeze(0)
    probs = policy(state)
    m = Categorical(probs)
    action = m.sample()
    policy.saved_log_probs.append(m.log_prob(action))
    return action.item()
gamma = 0.99
states = np.linspace(-1, 1, 16).reshape(4, 4)
for t in range(4):
    a = select_action(states[t])
    policy.rewards.append(1.0 if a == 1 else 0.5)
print(type(a).__name__, policy.saved_log_probs[0].shape, policy.saved_log_probs[0].grad_fn is not None)
R = 0; policy_loss = []; returns = []
for r in policy.rewards[::-1]:
    R = r + gamma * R
    returns.insert(0, R)
returns = torch.tensor(returns)
print(returns.dtype, returns.round(decimals=4))
returns = (returns - returns.mean()) / (returns.std() + eps)
print(returns.round(decimals=4))
for log_prob, R in zip(policy.saved_log_probs, returns):
    policy_loss.append(-log_prob * R)
optimizer.zero_grad()
policy_loss = torch.cat(policy_loss).sum()
policy_loss.backward(); optimizer.step()
print(round(policy_loss.item(), 4), policy_loss.shape)
del policy.rewards[:]; del policy.saved_log_probs[:]
print(len(policy.rewards))
m = Categorical(torch.tensor([0.25, 0.25, 0.5]))
print(m, m.probs, m.logits.round(decimals=4), m.entropy().round(decimals=4), m.log_prob(torch.tensor(2)))
print(m.sample((2, 3)).shape, Categorical(logits=torch.zeros(2, 3)).probs)
try: Categorical(torch.tensor([0.5, -0.1]))
except ValueError as e: print(str(e)[:120])
try: m.log_prob(torch.tensor(5))
except ValueError as e: print(str(e)[:80])
running_reward = 10
running_reward = 0.05 * 3 + (1 - 0.05) * running_reward
print('Episode {}\\tLast reward: {:.2f}\\tAverage reward: {:.2f}'.format(1, 3, running_reward))
''')

P('examples_actor_critic_smooth_l1', '''
from collections import namedtuple
SavedAction = namedtuple('SavedAction', ['log_prob', 'value'])
torch.manual_seed(9)
class Policy(nn.Module):
    def __init__(self):
        super(Policy, self).__init__()
        self.affine1 = nn.Linear(4, 8)
        self.action_head = nn.Linear(8, 2)
        self.value_head = nn.Linear(8, 1)
        self.saved_actions = []; self.rewards = []
    def forward(self, x):
        x = F.relu(self.affine1(x))
        action_prob = F.softmax(self.action_head(x), dim=-1)
        state_values = self.value_head(x)
        return action_prob, state_values
model = Policy()
optimizer = optim.Adam(model.parameters(), lr=3e-2)
eps = np.finfo(np.float32).eps.item()
for t in range(3):
    state = torch.from_numpy(np.array([0.1 * t, -0.2, 0.3, 0.05 * t])).float()
    probs, state_value = model(state)
    m = torch.distributions.Categorical(probs)
    action = m.sample()
    model.saved_actions.append(SavedAction(m.log_prob(action), state_value))
    model.rewards.append(1.0)
print(probs.shape, state_value.shape, action.shape, action.dtype)
R = 0; policy_losses = []; value_losses = []; returns = []
for r in model.rewards[::-1]:
    R = r + 0.99 * R
    returns.insert(0, R)
returns = torch.tensor(returns)
returns = (returns - returns.mean()) / (returns.std() + eps)
for (log_prob, value), R in zip(model.saved_actions, returns):
    advantage = R - value.item()
    policy_losses.append(-log_prob * advantage)
    value_losses.append(F.smooth_l1_loss(value, torch.tensor([R])))
optimizer.zero_grad()
loss = torch.stack(policy_losses).sum() + torch.stack(value_losses).sum()
print(loss.shape, round(loss.item(), 4), torch.stack(value_losses).shape)
loss.backward(); optimizer.step()
print([tuple(p.grad.shape) for p in model.parameters()])
try: F.smooth_l1_loss(torch.zeros(3, 1), torch.zeros(3))
except Exception as e: print(type(e).__name__, e)
print(F.smooth_l1_loss(torch.zeros(1), torch.tensor(2.)), torch.tensor(1.5).item())
''')

P('examples_siamese_triplet_losses', '''
torch.manual_seed(10)
class SiameseNetwork(nn.Module):
    def __init__(self):
        super(SiameseNetwork, self).__init__()
        self.cnn = nn.Sequential(nn.Conv2d(1, 4, kernel_size=3, stride=1, padding=1), nn.ReLU(inplace=True),
                                 nn.MaxPool2d(kernel_size=2, stride=2), nn.AdaptiveAvgPool2d((1, 1)))
        self.fc = nn.Sequential(nn.Linear(4 * 2, 8), nn.ReLU(inplace=True), nn.Linear(8, 1))
        self.sigmoid = nn.Sigmoid()
        self.cnn.apply(self.init_weights); self.fc.apply(self.init_weights)
    def init_weights(self, m):
        if isinstance(m, nn.Linear):
            torch.nn.init.xavier_uniform_(m.weight)
            m.bias.data.fill_(0.01)
    def forward_once(self, x):
        output = self.cnn(x)
        output = output.view(output.size()[0], -1)
        return output
    def forward(self, input1, input2):
        output1 = self.forward_once(input1)
        output2 = self.forward_once(input2)
        output = torch.cat((output1, output2), 1)
        output = self.fc(output)
        output = self.sigmoid(output)
        return output
model = SiameseNetwork()
print(model)
a, b = torch.rand(4, 1, 6, 6), torch.rand(4, 1, 6, 6)
targets = torch.tensor([1, 0, 1, 0])
criterion = nn.BCELoss()
optimizer = optim.Adadelta(model.parameters(), lr=1.0)
for i in range(2):
    optimizer.zero_grad()
    outputs = model(a, b).squeeze()
    loss = criterion(outputs, targets.float())
    loss.backward(); optimizer.step()
    pred = torch.where(outputs > 0.5, 1, 0)
    correct = pred.eq(targets.view_as(pred)).sum().item()
    print(i, round(loss.item(), 4), correct, pred.dtype)
try: criterion(outputs, targets)
except Exception as e: print(type(e).__name__, e)
anchor, pos, neg = torch.rand(4, 8), torch.rand(4, 8), torch.rand(4, 8)
tl = nn.TripletMarginLoss(margin=1.0, p=2); print(tl, round(tl(anchor, pos, neg).item(), 4))
print(round(F.triplet_margin_loss(anchor, pos, neg, margin=0.5, swap=True).item(), 4))
cel = nn.CosineEmbeddingLoss(margin=0.2); print(round(cel(anchor, pos, torch.tensor([1, -1, 1, -1])).item(), 4))
d = F.pairwise_distance(anchor, pos); print(d.shape, d.round(decimals=4))
contrastive = torch.mean((1 - 1) * torch.pow(d, 2) + 1 * torch.pow(torch.clamp(2.0 - d, min=0.0), 2))
print(round(contrastive.item(), 4))
print(nn.TripletMarginWithDistanceLoss(distance_function=nn.PairwiseDistance()))
print(round(F.cosine_similarity(anchor, pos).mean().item(), 4), F.cosine_similarity(anchor, pos, dim=0).shape)
''')

# ---- pytorch/examples: super_resolution, fast_neural_style -------------------------------------
P('examples_super_resolution_pixel_shuffle', '''
init = nn.init
torch.manual_seed(11)
class Net(nn.Module):
    def __init__(self, upscale_factor):
        super(Net, self).__init__()
        self.relu = nn.ReLU()
        self.conv1 = nn.Conv2d(1, 8, (5, 5), (1, 1), (2, 2))
        self.conv2 = nn.Conv2d(8, 8, (3, 3), (1, 1), (1, 1))
        self.conv3 = nn.Conv2d(8, upscale_factor ** 2, (3, 3), (1, 1), (1, 1))
        self.pixel_shuffle = nn.PixelShuffle(upscale_factor)
        self._initialize_weights()
    def forward(self, x):
        x = self.relu(self.conv1(x))
        x = self.relu(self.conv2(x))
        x = self.pixel_shuffle(self.conv3(x))
        return x
    def _initialize_weights(self):
        init.orthogonal_(self.conv1.weight, init.calculate_gain('relu'))
        init.orthogonal_(self.conv2.weight, init.calculate_gain('relu'))
        init.orthogonal_(self.conv3.weight)
print(init.calculate_gain('relu'), init.calculate_gain('leaky_relu', 0.2), init.calculate_gain('tanh'))
model = Net(upscale_factor=2)
print(model)
criterion = nn.MSELoss()
optimizer = optim.Adam(model.parameters(), lr=0.01)
inp, target = torch.rand(2, 1, 4, 4), torch.rand(2, 1, 8, 8)
for it in range(2):
    optimizer.zero_grad()
    loss = criterion(model(inp), target)
    loss.backward(); optimizer.step()
    print("===> Epoch[{}]({}/{}): Loss: {:.4f}".format(it, 1, 2, loss.item()))
with torch.no_grad():
    mse = criterion(model(inp), target)
    psnr = 10 * math.log10(1 / mse.item())
print("===> Avg. PSNR: {:.4f} dB".format(psnr) != '', model(inp).shape)
w = model.conv2.weight.view(8, -1); print(w.shape, (w @ w.T / 2).diagonal().round(decimals=3))
ps = nn.PixelShuffle(2); pu = nn.PixelUnshuffle(2)
x = torch.arange(16.).reshape(1, 4, 2, 2); print(ps(x), torch.equal(pu(ps(x)), x), ps)
try: ps(torch.zeros(1, 3, 2, 2))
except RuntimeError as e: print(e)
''')

P('examples_fast_neural_style_blocks', '''
torch.manual_seed(12)
class ConvLayer(torch.nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride):
        super(ConvLayer, self).__init__()
        reflection_padding = kernel_size // 2
        self.reflection_pad = torch.nn.ReflectionPad2d(reflection_padding)
        self.conv2d = torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride)
    def forward(self, x):
        out = self.reflection_pad(x)
        out = self.conv2d(out)
        return out
class ResidualBlock(torch.nn.Module):
    def __init__(self, channels):
        super(ResidualBlock, self).__init__()
        self.conv1 = ConvLayer(channels, channels, kernel_size=3, stride=1)
        self.in1 = torch.nn.InstanceNorm2d(channels, affine=True)
        self.conv2 = ConvLayer(channels, channels, kernel_size=3, stride=1)
        self.in2 = torch.nn.InstanceNorm2d(channels, affine=True)
        self.relu = torch.nn.ReLU()
    def forward(self, x):
        residual = x
        out = self.relu(self.in1(self.conv1(x)))
        out = self.in2(self.conv2(out))
        out = out + residual
        return out
class UpsampleConvLayer(torch.nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride, upsample=None):
        super(UpsampleConvLayer, self).__init__()
        self.upsample = upsample
        reflection_padding = kernel_size // 2
        self.reflection_pad = torch.nn.ReflectionPad2d(reflection_padding)
        self.conv2d = torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride)
    def forward(self, x):
        x_in = x
        if self.upsample:
            x_in = torch.nn.functional.interpolate(x_in, mode='nearest', scale_factor=self.upsample)
        out = self.reflection_pad(x_in)
        out = self.conv2d(out)
        return out
def gram_matrix(y):
    (b, ch, h, w) = y.size()
    features = y.view(b, ch, w * h)
    features_t = features.transpose(1, 2)
    gram = features.bmm(features_t) / (ch * h * w)
    return gram
def normalize_batch(batch):
    mean = batch.new_tensor([0.485, 0.456, 0.406]).view(-1, 1, 1)
    std = batch.new_tensor([0.229, 0.224, 0.225]).view(-1, 1, 1)
    batch = batch.div_(255.0)
    return (batch - mean) / std
net = nn.Sequential(ConvLayer(3, 4, kernel_size=3, stride=2), torch.nn.InstanceNorm2d(4, affine=True), nn.ReLU(),
                    ResidualBlock(4), UpsampleConvLayer(4, 3, kernel_size=3, stride=1, upsample=2))
print(net)
print([k for k in net.state_dict().keys() if 'in' in k][:4])
x = torch.rand(2, 3, 8, 8) * 255
y = net(normalize_batch(x.clone()))
print(y.shape, x.max().item() > 1)
g = gram_matrix(y); print(g.shape, round(g.mean().item(), 4), torch.allclose(g, g.transpose(1, 2)))
mse_loss = torch.nn.MSELoss()
optimizer = optim.Adam(net.parameters(), 1e-3)
for i in range(2):
    optimizer.zero_grad()
    y = net(normalize_batch(x.clone()))
    content_loss = 1e5 * mse_loss(y, normalize_batch(x.clone()))
    style_loss = 1e10 * mse_loss(gram_matrix(y), gram_matrix(normalize_batch(x.clone()))[:2, :, :])
    total_loss = content_loss + style_loss
    total_loss.backward(); optimizer.step()
    print("{}\\tcontent: {:.2f}\\tstyle: {:.2f}".format(i, content_loss.item() > 0, style_loss.item() > 0))
print(nn.Upsample(scale_factor=2, mode='nearest'), nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False)(torch.arange(4.).view(1, 1, 2, 2)))
print(nn.ReflectionPad2d(1)(torch.arange(4.).view(1, 1, 2, 2)))
try: nn.ReflectionPad2d(2)(torch.zeros(1, 1, 2, 2))
except RuntimeError as e: print(e)
inorm = nn.InstanceNorm2d(2); print(inorm, list(inorm.state_dict()), nn.InstanceNorm2d(2, track_running_stats=True).state_dict()['running_mean'])
print(nn.InstanceNorm2d(2)(torch.arange(8.).view(1, 2, 2, 2)).round(decimals=4))
''')


# ---- common training utilities ------------------------------------------------------------------
P('examples_device_and_accelerator_utils', '''
use_cuda = torch.cuda.is_available()
device = torch.device("cuda" if use_cuda else "cpu")
print(device, repr(device), device.type, device.index, torch.cuda.device_count())
acc = torch.accelerator.current_accelerator()
print(acc, torch.accelerator.is_available(), torch.accelerator.device_count())
dev = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(dev, torch.device(dev))
print(torch.backends.mps.is_available(), torch.backends.mps.is_built() in (True, False), torch.backends.cudnn.is_available() in (True, False))
torch.backends.cudnn.benchmark = True; print(torch.backends.cudnn.benchmark)
torch.backends.cudnn.deterministic = True; print(torch.backends.cudnn.deterministic)
g = torch.manual_seed(1); print(type(g).__name__, g.initial_seed())
torch.cuda.manual_seed(1); torch.cuda.manual_seed_all(1)
print(torch.initial_seed())
kw = {'batch_size': 4}
if use_cuda: kw.update({'num_workers': 1, 'pin_memory': True, 'shuffle': True})
print(kw)
m = nn.Linear(2, 2)
print(m.to(device) is m, m.training, m.eval().training, m.train().training, m.train(False).training)
t = torch.ones(2)
print(t.to(device) is t, t.to('cpu', torch.float32) is t, t.cpu() is t, t.device, t.is_cuda)
for bad in ('cuda:x', 'gpu', 'cpu:-2'):
    try: torch.device(bad)
    except RuntimeError as e: print(e)
print(torch.device('cpu', 0), torch.device('cuda', 1), torch.device('cuda:0') == torch.device('cuda', 0))
with torch.no_grad():
    y = m(t); print(y.requires_grad, torch.is_grad_enabled())
@torch.no_grad()
def evaluate(x): return m(x)
print(evaluate(t).requires_grad, torch.is_grad_enabled())
with torch.inference_mode():
    z = m(t); print(z.requires_grad, z.is_inference())
try: z.add_(1) if False else (z * 1).backward()
except RuntimeError as e: print(e)
''')

P('examples_format_specs_and_item', '''
torch.manual_seed(13)
loss = torch.tensor(0.123456789)
print(f'{loss.item():.6f}', f'{loss:.4f}', '{:.3f}'.format(loss), '%.2f' % loss, '%d' % torch.tensor(3))
print(f'{loss:>10.3f}|', f'{torch.tensor(7):04d}', f'{torch.tensor(True)}', f'{torch.tensor(2.5, dtype=torch.float64):e}')
print(f'{loss}', f'{torch.tensor([1., 2.])}', format(torch.tensor(1.5)), str(torch.tensor(3.0)))
try: print(f'{torch.tensor([1.0]):.2f}')
except TypeError as e: print(e)
try: print('%.2f' % torch.tensor([1.0, 2.0]))
except Exception as e: print(type(e).__name__, e)
correct, n = torch.tensor(7), 12
print('Accuracy: {}/{} ({:.0f}%)'.format(correct, n, 100. * correct / n))
print('Accuracy: {}/{} ({:.0f}%)'.format(correct.item(), n, 100. * correct.item() / n))
print(type(100. * correct / n).__name__, (100. * correct / n).dtype)
print(round(torch.tensor(2.56789).item(), 2), round(float(torch.tensor(0.5)), 4), int(torch.tensor(3.9)), float(torch.tensor([2])))
x = torch.tensor(1.23456, dtype=torch.float16); print(f'{x:.3f}', x.item(), type(x.item()).__name__)
print(torch.tensor(5).item().__class__.__name__, torch.tensor(True).item(), torch.tensor(2, dtype=torch.uint8).item())
try: torch.tensor([1., 2.]).item()
except RuntimeError as e: print(e)
print('{:5.2f} | {:8.2f}'.format(torch.tensor(2.3333), math.exp(torch.tensor(1.0))))
print(math.exp(torch.tensor(2.0)), math.log(torch.tensor(10.)), math.sqrt(torch.tensor(4)))
print(np.float32(torch.tensor(1.5)), np.array(torch.tensor([1, 2])).dtype, torch.tensor(3.0).tolist(), torch.tensor([[1, 2]]).tolist())
print(torch.tensor(2.0) ** 0.5, 2 ** torch.tensor(3), abs(torch.tensor(-2)), -torch.tensor(True) if False else ~torch.tensor(True))
''')

P('examples_lr_schedulers_training', '''
torch.manual_seed(14)
model = nn.Linear(3, 1)
opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
sched = optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.7)
plateau_opt = optim.SGD(nn.Linear(1, 1).parameters(), lr=1.0)
plateau = optim.lr_scheduler.ReduceLROnPlateau(plateau_opt, 'min', factor=0.5, patience=1)
exp_opt = optim.Adam(nn.Linear(1, 1).parameters(), lr=0.01)
exps = optim.lr_scheduler.ExponentialLR(exp_opt, gamma=0.9)
x, y = torch.rand(4, 3), torch.rand(4, 1)
for epoch in range(4):
    opt.zero_grad(); l = F.mse_loss(model(x), y); l.backward(); opt.step()
    sched.step(); exps.step(); plateau.step(1.0)
    print(epoch, round(l.item(), 4), sched.get_last_lr(), [round(v, 6) for v in exps.get_last_lr()], plateau_opt.param_groups[0]['lr'], sched.last_epoch)
print(sched.state_dict())
print(sorted(plateau.state_dict().keys()))
oc_opt = optim.SGD(nn.Linear(1, 1).parameters(), lr=0.1)
oc = optim.lr_scheduler.OneCycleLR(oc_opt, max_lr=0.1, total_steps=4)
lrs = []
for _ in range(4): oc_opt.step(); lrs.append(round(oc.get_last_lr()[0], 6)); oc.step()
print(lrs)
try: oc.step()
except ValueError as e: print(e)
try: optim.SGD(model.parameters(), lr=0.1, nesterov=True)
except ValueError as e: print(e)
try: optim.Adam(model.parameters(), lr=-1)
except ValueError as e: print(e)
try: optim.SGD([], lr=0.1)
except ValueError as e: print(e)
cos_opt = optim.SGD(nn.Linear(1, 1).parameters(), lr=1.0)
cos = optim.lr_scheduler.CosineAnnealingLR(cos_opt, T_max=3)
for _ in range(3): cos_opt.step(); cos.step()
print([round(v, 6) for v in cos.get_last_lr()])
lam_opt = optim.SGD(nn.Linear(1, 1).parameters(), lr=0.5)
lam = optim.lr_scheduler.LambdaLR(lam_opt, lr_lambda=lambda ep: 0.95 ** ep)
lam_opt.step(); lam.step(); print(lam.get_last_lr())
''')

P('examples_imagenet_accuracy_meters', '''
torch.manual_seed(15)
class AverageMeter(object):
    def __init__(self, name, fmt=':f'):
        self.name = name; self.fmt = fmt; self.reset()
    def reset(self):
        self.val = 0; self.avg = 0; self.sum = 0; self.count = 0
    def update(self, val, n=1):
        self.val = val; self.sum += val * n; self.count += n; self.avg = self.sum / self.count
    def __str__(self):
        fmtstr = '{name} {val' + self.fmt + '} ({avg' + self.fmt + '})'
        return fmtstr.format(**self.__dict__)
def accuracy(output, target, topk=(1,)):
    with torch.no_grad():
        maxk = max(topk)
        batch_size = target.size(0)
        _, pred = output.topk(maxk, 1, True, True)
        pred = pred.t()
        correct = pred.eq(target.view(1, -1).expand_as(pred))
        res = []
        for k in topk:
            correct_k = correct[:k].reshape(-1).float().sum(0, keepdim=True)
            res.append(correct_k.mul_(100.0 / batch_size))
        return res
output = torch.rand(8, 6); target = torch.randint(0, 6, (8,))
acc1, acc5 = accuracy(output, target, topk=(1, 5))
print(acc1, acc5, acc1.shape, acc1[0])
losses = AverageMeter('Loss', ':.4e'); top1 = AverageMeter('Acc@1', ':6.2f')
loss = F.cross_entropy(output, target)
losses.update(loss.item(), output.size(0)); top1.update(acc1[0], output.size(0))
print(losses, '|', top1)
top1.update(acc1[0].item(), 8); print(top1, type(top1.avg).__name__)
print(F.cross_entropy(output, target, label_smoothing=0.1).round(decimals=4), nn.CrossEntropyLoss(label_smoothing=0.1))
try: output.topk(7, 1)
except RuntimeError as e: print(e)
v, i = output.topk(2, dim=1, largest=False, sorted=True); print(v.shape, i.dtype)
model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 6))
print(sum(p.numel() for p in model.parameters() if p.requires_grad))
for p in model[0].parameters(): p.requires_grad = False
print([n for n, p in model.named_parameters() if p.requires_grad])
opt = optim.SGD(filter(lambda p: p.requires_grad, model.parameters()), 0.1, momentum=0.9, weight_decay=1e-4)
print(len(opt.param_groups[0]['params']), opt.defaults['weight_decay'])
print(model.to(memory_format=torch.channels_last)[0].weight.is_contiguous(memory_format=torch.channels_last))
''')


# ---- transformer language model / translation ---------------------------------------------------
P('examples_transformer_lm_generate', '''
torch.manual_seed(16)
class PositionalEncoding(nn.Module):
    def __init__(self, d_model, dropout=0.1, max_len=5000):
        super(PositionalEncoding, self).__init__()
        self.dropout = nn.Dropout(p=dropout)
        pe = torch.zeros(max_len, d_model)
        position = torch.arange(0, max_len, dtype=torch.float).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2).float() * (-math.log(10000.0) / d_model))
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        pe = pe.unsqueeze(0).transpose(0, 1)
        self.register_buffer('pe', pe)
    def forward(self, x):
        x = x + self.pe[:x.size(0), :]
        return self.dropout(x)
class TransformerModel(nn.Transformer):
    def __init__(self, ntoken, ninp, nhead, nhid, nlayers, dropout=0.5):
        super(TransformerModel, self).__init__(d_model=ninp, nhead=nhead, dim_feedforward=nhid, num_encoder_layers=nlayers)
        self.model_type = 'Transformer'
        self.src_mask = None
        self.pos_encoder = PositionalEncoding(ninp, dropout, max_len=8)
        self.input_emb = nn.Embedding(ntoken, ninp)
        self.ninp = ninp
        self.decoder = nn.Linear(ninp, ntoken)
        self.init_weights()
    def _generate_square_subsequent_mask(self, sz):
        return torch.log(torch.tril(torch.ones(sz, sz)))
    def init_weights(self):
        initrange = 0.1
        nn.init.uniform_(self.input_emb.weight, -initrange, initrange)
        nn.init.zeros_(self.decoder.bias)
        nn.init.uniform_(self.decoder.weight, -initrange, initrange)
    def forward(self, src, has_mask=True):
        if has_mask:
            if self.src_mask is None or self.src_mask.size(0) != len(src):
                mask = self._generate_square_subsequent_mask(len(src)).to(src.device)
                self.src_mask = mask
        else:
            self.src_mask = None
        src = self.input_emb(src) * math.sqrt(self.ninp)
        src = self.pos_encoder(src)
        output = self.encoder(src, mask=self.src_mask)
        output = self.decoder(output)
        return F.log_softmax(output, dim=-1)
model = TransformerModel(10, 8, 2, 16, 1, dropout=0.0)
print(model.pos_encoder.pe.shape, [k for k in model.state_dict() if not k.startswith(('encoder.', 'decoder.layers'))])
print(model._generate_square_subsequent_mask(3))
src = torch.tensor([[1, 2], [3, 4], [5, 6], [7, 8]])
model.eval()
out = model(src)
print(out.shape, round(out.exp().sum(-1).mean().item(), 4), model.src_mask.shape)
with torch.no_grad():
    input = torch.randint(10, (1, 1), dtype=torch.long)
    words = []
    for i in range(3):
        output = model(input, False)
        word_weights = output[-1].squeeze().div(1.0).exp().cpu()
        word_idx = torch.multinomial(word_weights, 1)[0]
        word_tensor = torch.Tensor([[word_idx]]).long()
        input = torch.cat([input, word_tensor], 0)
        words.append(word_idx.item())
print(input.shape, input.dtype, len(words))
print(torch.Tensor([[3]]), torch.Tensor([[3]]).long().dtype, torch.Tensor(2).shape)
''')

P('examples_nn_transformer_translation_masks', '''
torch.manual_seed(17)
PAD_IDX = 1
def generate_square_subsequent_mask(sz):
    mask = (torch.triu(torch.ones((sz, sz))) == 1).transpose(0, 1)
    mask = mask.float().masked_fill(mask == 0, float('-inf')).masked_fill(mask == 1, float(0.0))
    return mask
def create_mask(src, tgt):
    src_seq_len = src.shape[0]; tgt_seq_len = tgt.shape[0]
    tgt_mask = generate_square_subsequent_mask(tgt_seq_len)
    src_mask = torch.zeros((src_seq_len, src_seq_len)).type(torch.bool)
    src_padding_mask = (src == PAD_IDX).transpose(0, 1)
    tgt_padding_mask = (tgt == PAD_IDX).transpose(0, 1)
    return src_mask, tgt_mask, src_padding_mask, tgt_padding_mask
print(generate_square_subsequent_mask(3))
print(torch.equal(generate_square_subsequent_mask(4), nn.Transformer.generate_square_subsequent_mask(4)))
src = torch.tensor([[2, 2], [5, 6], [7, 1], [3, 1]]); tgt = torch.tensor([[2, 2], [4, 8], [3, 3]])
masks = create_mask(src, tgt)
print([m.dtype for m in masks], masks[2])
tr = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16, dropout=0.0)
emb = nn.Embedding(10, 8); gen = nn.Linear(8, 10)
for p in tr.parameters():
    if p.dim() > 1: nn.init.xavier_uniform_(p)
print(len(list(tr.parameters())), type(tr.encoder).__name__, type(tr.decoder.layers[0]).__name__)
opt = torch.optim.Adam(list(tr.parameters()) + list(emb.parameters()) + list(gen.parameters()), lr=0.0001, betas=(0.9, 0.98), eps=1e-9)
loss_fn = torch.nn.CrossEntropyLoss(ignore_index=PAD_IDX)
tgt_input = tgt[:-1, :]
src_mask, tgt_mask, src_padding_mask, tgt_padding_mask = create_mask(src, tgt_input)
with torch.no_grad():
    outs = tr(emb(src), emb(tgt_input), src_mask, tgt_mask, None, src_padding_mask, tgt_padding_mask, src_padding_mask)
    logits = gen(outs)
    tgt_out = tgt[1:, :]
    loss = loss_fn(logits.reshape(-1, logits.shape[-1]), tgt_out.reshape(-1))
    print(logits.shape, round(loss.item(), 4), opt.defaults['betas'], opt.defaults['eps'])
tr.eval()
memory = tr.encoder(emb(src[:, :1]), src_mask)
ys = torch.ones(1, 1).fill_(2).type(torch.long)
for i in range(1):
    tgt_mask = (generate_square_subsequent_mask(ys.size(0)).type(torch.bool))
    out = tr.decoder(emb(ys), memory, tgt_mask)
    out = out.transpose(0, 1)
    prob = gen(out[:, -1])
    _, next_word = torch.max(prob, dim=1)
    next_word = next_word.item()
    ys = torch.cat([ys, torch.ones(1, 1).type_as(src.data).fill_(next_word)], dim=0)
print(ys.shape, ys.dtype, type(next_word).__name__)
try: tr(emb(src), emb(tgt_input[:, :1]))
except RuntimeError as e: print(e)
''')

# ---- d2l ch. 11: Nadaraya-Watson, Bahdanau decoder, ViT patches, BERT -------------------------
P('d2l_nadaraya_watson_kernel_regression', '''
torch.manual_seed(18)
n_train = 8
x_train, _ = torch.sort(torch.rand(n_train) * 5)
def f(x): return 2 * torch.sin(x) + x**0.8
y_train = f(x_train) + torch.normal(0.0, 0.5, (n_train,))
x_test = torch.arange(0, 5, 1.0)
y_truth = f(x_test)
n_test = len(x_test)
print(n_test, x_train.shape, y_truth.round(decimals=4))
X_repeat = x_test.repeat_interleave(n_train).reshape((-1, n_train))
attention_weights = nn.functional.softmax(-(X_repeat - x_train)**2 / 2, dim=1)
y_hat = torch.matmul(attention_weights, y_train)
print(X_repeat.shape, attention_weights.sum(1).round(decimals=4), y_hat.shape)
X = torch.ones((2, 1, 4)); Y = torch.ones((2, 4, 6))
print(torch.bmm(X, Y).shape)
weights = torch.ones((2, 10)) * 0.1; values = torch.arange(20.0).reshape((2, 10))
print(torch.bmm(weights.unsqueeze(1), values.unsqueeze(-1)))
class NWKernelRegression(nn.Module):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.w = nn.Parameter(torch.rand((1,), requires_grad=True))
    def forward(self, queries, keys, values):
        queries = queries.repeat_interleave(keys.shape[1]).reshape((-1, keys.shape[1]))
        self.attention_weights = nn.functional.softmax(-((queries - keys) * self.w)**2 / 2, dim=1)
        return torch.bmm(self.attention_weights.unsqueeze(1), values.unsqueeze(-1)).reshape(-1)
X_tile = x_train.repeat((n_train, 1)); Y_tile = y_train.repeat((n_train, 1))
keys = X_tile[(1 - torch.eye(n_train)).type(torch.bool)].reshape((n_train, -1))
values = Y_tile[(1 - torch.eye(n_train)).type(torch.bool)].reshape((n_train, -1))
print(X_tile.shape, keys.shape, (1 - torch.eye(3)).type(torch.bool))
net = NWKernelRegression()
loss = nn.MSELoss(reduction='none')
trainer = torch.optim.SGD(net.parameters(), lr=0.5)
for epoch in range(3):
    trainer.zero_grad()
    l = loss(net(x_train, keys, values), y_train)
    l.sum().backward(); trainer.step()
    print(f'epoch {epoch + 1}, loss {float(l.sum()):.4f}')
print(net.w.shape, net.attention_weights.shape)
''')

P('d2l_bahdanau_decoder', '''
torch.manual_seed(19)
class AdditiveAttention(nn.Module):
    def __init__(self, key_size, query_size, num_hiddens, dropout):
        super().__init__()
        self.W_k = nn.Linear(key_size, num_hiddens, bias=False)
        self.W_q = nn.Linear(query_size, num_hiddens, bias=False)
        self.w_v = nn.Linear(num_hiddens, 1, bias=False)
        self.dropout = nn.Dropout(dropout)
    def forward(self, queries, keys, values, valid_lens):
        queries, keys = self.W_q(queries), self.W_k(keys)
        features = torch.tanh(queries.unsqueeze(2) + keys.unsqueeze(1))
        scores = self.w_v(features).squeeze(-1)
        if valid_lens is not None:
            mask = torch.arange(scores.shape[-1])[None, None, :] < valid_lens[:, None, None]
            scores = scores.masked_fill(~mask, -1e6)
        self.attention_weights = F.softmax(scores, dim=-1)
        return torch.bmm(self.dropout(self.attention_weights), values)
class Seq2SeqAttentionDecoder(nn.Module):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, dropout=0):
        super().__init__()
        self.attention = AdditiveAttention(num_hiddens, num_hiddens, num_hiddens, dropout)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size + num_hiddens, num_hiddens, num_layers, dropout=dropout)
        self.dense = nn.Linear(num_hiddens, vocab_size)
    def init_state(self, enc_outputs, enc_valid_lens, *args):
        outputs, hidden_state = enc_outputs
        return (outputs.permute(1, 0, 2), hidden_state, enc_valid_lens)
    def forward(self, X, state):
        enc_outputs, hidden_state, enc_valid_lens = state
        X = self.embedding(X).permute(1, 0, 2)
        outputs, self._attention_weights = [], []
        for x in X:
            query = torch.unsqueeze(hidden_state[-1], dim=1)
            context = self.attention(query, enc_outputs, enc_outputs, enc_valid_lens)
            x = torch.cat((context, torch.unsqueeze(x, dim=1)), dim=-1)
            out, hidden_state = self.rnn(x.permute(1, 0, 2), hidden_state)
            outputs.append(out)
            self._attention_weights.append(self.attention.attention_weights)
        outputs = self.dense(torch.cat(outputs, dim=0))
        return outputs.permute(1, 0, 2), [enc_outputs, hidden_state, enc_valid_lens]
    @property
    def attention_weights(self): return self._attention_weights
enc_emb = nn.Embedding(10, 4); enc_rnn = nn.GRU(4, 8, 2)
decoder = Seq2SeqAttentionDecoder(vocab_size=10, embed_size=4, num_hiddens=8, num_layers=2)
decoder.eval()
X = torch.zeros((3, 5), dtype=torch.long)
enc_outputs = enc_rnn(enc_emb(X).permute(1, 0, 2))
state = decoder.init_state(enc_outputs, torch.tensor([2, 5, 3]))
output, state = decoder(X, state)
print(output.shape, len(state), state[0].shape, len(state[1]), state[1][0].shape)
print(len(decoder.attention_weights), decoder.attention_weights[0].shape)
print(decoder.attention_weights[-1][0].round(decimals=4))
print(torch.cat([w.squeeze(1) for w in decoder.attention_weights], 0).reshape((1, 1, -1, 5)).shape)
''')

P('d2l_vit_and_bert_pieces', '''
torch.manual_seed(20)
class PatchEmbedding(nn.Module):
    def __init__(self, img_size=8, patch_size=4, num_hiddens=8):
        super().__init__()
        def _make_tuple(x):
            if not isinstance(x, (list, tuple)): return (x, x)
            return x
        img_size, patch_size = _make_tuple(img_size), _make_tuple(patch_size)
        self.num_patches = (img_size[0] // patch_size[0]) * (img_size[1] // patch_size[1])
        self.conv = nn.LazyConv2d(num_hiddens, kernel_size=patch_size, stride=patch_size)
    def forward(self, X):
        return self.conv(X).flatten(2).transpose(1, 2)
pe = PatchEmbedding()
X = torch.zeros(2, 3, 8, 8)
print(pe(X).shape, pe.num_patches, pe)
cls_token = nn.Parameter(torch.zeros(1, 1, 8))
pos_embedding = nn.Parameter(torch.randn(1, pe.num_patches + 1, 8) * 0.02)
Xp = torch.cat((cls_token.expand(2, -1, -1), pe(X)), 1)
print(Xp.shape, (Xp + pos_embedding).shape, cls_token.expand(2, -1, -1).shape)
mlp = nn.Sequential(nn.LazyLinear(16), nn.GELU(), nn.Dropout(0.1), nn.LazyLinear(8))
print(mlp(Xp).shape, mlp)
head = nn.Sequential(nn.LayerNorm(8), nn.Linear(8, 10)); print(head(Xp[:, 0]).shape)
def get_tokens_and_segments(tokens_a, tokens_b=None):
    tokens = ['<cls>'] + tokens_a + ['<sep>']
    segments = [0] * (len(tokens_a) + 2)
    if tokens_b is not None:
        tokens += tokens_b + ['<sep>']; segments += [1] * (len(tokens_b) + 1)
    return tokens, segments
print(get_tokens_and_segments(['a', 'b'], ['c']))
token_embedding = nn.Embedding(12, 8); segment_embedding = nn.Embedding(2, 8)
pos = nn.Parameter(torch.randn(1, 6, 8))
tokens = torch.randint(0, 12, (2, 6)); segments = torch.tensor([[0, 0, 0, 1, 1, 1], [0, 0, 0, 0, 1, 1]])
Xb = token_embedding(tokens) + segment_embedding(segments)
Xb = Xb + pos[:, :Xb.shape[1], :]
print(Xb.shape)
pred_positions = torch.tensor([[1, 5, 2], [4, 1, 0]])
num_pred_positions = pred_positions.shape[1]
pp = pred_positions.reshape(-1)
batch_size = Xb.shape[0]
batch_idx = torch.arange(0, batch_size)
batch_idx = torch.repeat_interleave(batch_idx, num_pred_positions)
print(batch_idx, pp)
masked_X = Xb[batch_idx, pp]
masked_X = masked_X.reshape((batch_size, num_pred_positions, -1))
print(masked_X.shape)
mlm = nn.Sequential(nn.LazyLinear(16), nn.ReLU(), nn.LayerNorm(16), nn.LazyLinear(12))
mlm_Y_hat = mlm(masked_X); print(mlm_Y_hat.shape)
mlm_Y = torch.tensor([[7, 8, 9], [10, 2, 3]])
loss = nn.CrossEntropyLoss(reduction='none')
mlm_l = loss(mlm_Y_hat.reshape((-1, 12)), mlm_Y.reshape(-1))
print(mlm_l.shape)
nsp = nn.LazyLinear(2); nsp_Y_hat = nsp(torch.flatten(Xb[:, 0, :], start_dim=1)); print(nsp_Y_hat.shape, nsp)
try: Xb[batch_idx, torch.tensor([6, 0, 0, 0, 0, 0])]
except IndexError as e: print(e)
''')


# ---- pytorch/examples: hogwild, gradient clipping edge cases, data splits ---------------------
P('examples_hogwild_share_memory_clipping', '''
torch.manual_seed(21)
model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
w = model[0].weight
print(w.is_shared(), model.share_memory() is model, w.is_shared(), model[1].running_mean.is_shared(),
      w[0].is_shared(), w.detach().is_shared(), (w + 0).is_shared(), w._version)
t = torch.zeros(3); t[1:].share_memory_(); print(t.is_shared(), t.clone().is_shared())
opt = optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
x, y = torch.rand(6, 3), torch.randint(0, 2, (6,))
for step in range(2):
    opt.zero_grad()
    loss = F.nll_loss(F.log_softmax(model(x), dim=1), y)
    loss.backward()
    n = nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5)
    nn.utils.clip_grad_value_(model.parameters(), clip_value=0.05)
    opt.step()
    print(step, round(loss.item(), 4), n.shape, round(n.item(), 4), round(model[0].weight.grad.abs().max().item(), 4))
p = nn.Parameter(torch.ones(2)); p.grad = torch.tensor([float('inf'), 1.0])
try: print(nn.utils.clip_grad_norm_([p], 1.0, error_if_nonfinite=True))
except RuntimeError as e: print(str(e)[:60])
print(p.grad, nn.utils.clip_grad_norm_([p], 1.0), p.grad)
q = nn.Parameter(torch.ones(2)); q.grad = torch.tensor([3.0, 4.0])
print(nn.utils.clip_grad_norm_(q, 1.0, norm_type='inf'), q.grad, nn.utils.get_total_norm([q.grad], 1))
fresh = nn.Linear(2, 2)
print(nn.utils.clip_grad_norm_(fresh.parameters(), 1.0), nn.utils.clip_grad_norm_([], 1.0))
for bad in (lambda: nn.utils.clip_grad_value_(fresh.parameters(), 0.1), lambda: nn.utils.clip_grad_value_([], 0.1)):
    try: bad()
    except RuntimeError as e: print(str(e)[:50])
''')

P('examples_data_splits_and_loaders', '''
torch.manual_seed(22)
ds = data.TensorDataset(torch.arange(10.).view(10, 1), torch.arange(10))
train_set, val_set = data.random_split(ds, [0.8, 0.2], generator=torch.Generator().manual_seed(42))
print(len(train_set), len(val_set), train_set.indices, type(train_set).__name__)
a, b = data.random_split(ds, [7, 3]); print(a.indices, b.indices)
for bad in ([5, 3], [0.5, 0.6]):
    try: data.random_split(ds, bad)
    except ValueError as e: print(e)
sub = data.Subset(ds, [1, 3]); print(sub[1], len(sub))
train_loader = data.DataLoader(train_set, batch_size=3, shuffle=True, drop_last=True, generator=torch.Generator().manual_seed(1))
print(len(train_loader), [y.tolist() for x, y in train_loader], len(train_loader.dataset))
val_loader = data.DataLoader(val_set, batch_size=4, num_workers=0, pin_memory=False)
xb, yb = next(iter(val_loader)); print(xb.shape, yb, xb.dtype)
try: data.DataLoader(ds, batch_size=3, shuffle=True, sampler=data.SequentialSampler(ds))
except ValueError as e: print(e)
try: ds[10]
except IndexError as e: print(e)
try: data.TensorDataset(torch.zeros(3), torch.zeros(4))
except AssertionError as e: print(e)
class MyDataset(data.Dataset):
    def __init__(self, n): self.n = n
    def __len__(self): return self.n
    def __getitem__(self, i): return {'x': torch.full((2,), float(i)), 'y': i % 2, 'name': f's{i}'}
batch = next(iter(data.DataLoader(MyDataset(5), batch_size=3)))
print(batch['x'], batch['y'], batch['name'])
cat = data.ConcatDataset([MyDataset(2), MyDataset(3)]); print(len(cat), cat[4]['name'], cat.cumulative_sizes)
ws = data.WeightedRandomSampler([0.1, 0.9, 0.0], num_samples=4, replacement=True)
print(len(ws), all(i in (0, 1) for i in ws))
''')

P('examples_wgan_gradient_penalty', '''
torch.manual_seed(23)
netD = nn.Sequential(nn.Linear(3, 8), nn.LeakyReLU(0.2), nn.Linear(8, 1))
netG = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 3))
optD = optim.RMSprop(netD.parameters(), lr=5e-3); optG = optim.RMSprop(netG.parameters(), lr=5e-3)
print(optD)
def calc_gradient_penalty(netD, real_data, fake_data):
    alpha = torch.rand(real_data.size(0), 1)
    alpha = alpha.expand(real_data.size())
    interpolates = alpha * real_data + ((1 - alpha) * fake_data)
    interpolates = torch.autograd.Variable(interpolates, requires_grad=True)
    disc_interpolates = netD(interpolates)
    gradients = torch.autograd.grad(outputs=disc_interpolates, inputs=interpolates,
                                    grad_outputs=torch.ones(disc_interpolates.size()),
                                    create_graph=True, retain_graph=True, only_inputs=True)[0]
    return ((gradients.norm(2, dim=1) - 1) ** 2).mean() * 10
one = torch.tensor(1, dtype=torch.float); mone = one * -1
real = torch.rand(4, 3)
for it in range(2):
    for p in netD.parameters(): p.requires_grad = True
    netD.zero_grad()
    D_real = netD(real).mean(); D_real.backward(mone)
    noise = torch.randn(4, 2)
    with torch.no_grad(): fake = netG(noise)
    D_fake = netD(fake).mean(); D_fake.backward(one)
    gp = calc_gradient_penalty(netD, real, fake); gp.backward()
    D_cost = D_fake - D_real + gp
    optD.step()
    for p in netD.parameters():
        p.data.clamp_(-0.5, 0.5)
    for p in netD.parameters(): p.requires_grad = False
    netG.zero_grad()
    G = netD(netG(torch.randn(4, 2))).mean(); G.backward(mone); optG.step()
    print(it, round(D_cost.item(), 4), round(gp.item(), 4), round(-G.item(), 4), netD[0].weight.grad is None)
v = torch.autograd.Variable(torch.ones(2)); print(type(v).__name__, v.requires_grad)
x = torch.ones(2, requires_grad=True)
try: torch.autograd.grad(netD[0](x).sum() * 0 + (x * 2).sum(), [x, torch.ones(1, requires_grad=True)])
except RuntimeError as e: print(e)
try: torch.autograd.grad((x * x), x)
except RuntimeError as e: print(e)
try: D_real.backward(torch.ones(2))
except RuntimeError as e: print(e)
''')

P('examples_snli_packed_rnn_encoder', '''
torch.manual_seed(24)
seqs = [torch.tensor([1, 2, 3]), torch.tensor([4, 5]), torch.tensor([6])]
padded = nn.utils.rnn.pad_sequence(seqs); print(padded, padded.shape)
print(nn.utils.rnn.pad_sequence(seqs, batch_first=True, padding_value=-1))
emb = nn.Embedding(7, 4, padding_idx=0)
print(emb, emb.weight[0])
packed = nn.utils.rnn.pack_padded_sequence(emb(padded), torch.tensor([3, 2, 1]))
print(type(packed).__name__, packed.batch_sizes, packed.data.shape, packed.sorted_indices)
rnn = nn.LSTM(4, 5, bidirectional=True)
out, (h, c) = rnn(packed)
unp, lens = nn.utils.rnn.pad_packed_sequence(out)
print(unp.shape, lens, h.shape, torch.equal(unp[2, 1], torch.zeros(10)))
print(h[-2:].transpose(0, 1).contiguous().view(3, -1).shape)
try: nn.utils.rnn.pack_padded_sequence(padded, torch.tensor([1, 2, 3]))
except RuntimeError as e: print(str(e)[:70])
ps = nn.utils.rnn.pack_padded_sequence(emb(padded), torch.tensor([1, 3, 2]), enforce_sorted=False)
print(ps.sorted_indices, ps.unsorted_indices, ps.batch_sizes)
o2, h2 = nn.GRU(4, 3)(ps); print(h2.shape, nn.utils.rnn.pad_packed_sequence(o2, total_length=4)[0].shape)
pk = nn.utils.rnn.pack_sequence([torch.ones(3, 2), torch.ones(2, 2)]); print(pk.batch_sizes)
class Encoder(nn.Module):
    def __init__(self):
        super().__init__(); self.rnn = nn.LSTM(4, 5, num_layers=1, dropout=0, bidirectional=True)
    def forward(self, inputs):
        batch_size = inputs.size()[1]
        state_shape = 2, batch_size, 5
        h0 = c0 = inputs.new_zeros(state_shape)
        outputs, (ht, ct) = self.rnn(inputs, (h0, c0))
        return ht[-2:].transpose(0, 1).contiguous().view(batch_size, -1)
enc = Encoder()
prem, hypo = enc(emb(padded)), enc(emb(padded.flip(0)))
feat = torch.cat([prem, hypo, prem - hypo, prem * hypo], 1)
out = nn.Sequential(nn.Linear(40, 8), nn.ReLU(), nn.Dropout(0.1), nn.Linear(8, 3))(feat)
print(feat.shape, out.shape, F.cross_entropy(out, torch.tensor([0, 1, 2])).shape)
n_correct = (torch.max(out, 1)[1].view(3) == torch.tensor([0, 1, 2])).sum().item()
print(type(n_correct).__name__, 100. * n_correct / 3 >= 0)
''')

P('examples_spatial_transformer_grid_sample', '''
torch.manual_seed(25)
class STN(nn.Module):
    def __init__(self):
        super().__init__()
        self.localization = nn.Sequential(nn.Conv2d(1, 4, kernel_size=3), nn.MaxPool2d(2, stride=2), nn.ReLU(True))
        self.fc_loc = nn.Sequential(nn.Linear(4 * 2 * 2, 8), nn.ReLU(True), nn.Linear(8, 3 * 2))
        self.fc_loc[2].weight.data.zero_()
        self.fc_loc[2].bias.data.copy_(torch.tensor([1, 0, 0, 0, 1, 0], dtype=torch.float))
    def forward(self, x):
        xs = self.localization(x)
        xs = xs.view(-1, 4 * 2 * 2)
        theta = self.fc_loc(xs)
        theta = theta.view(-1, 2, 3)
        grid = F.affine_grid(theta, x.size(), align_corners=False)
        return F.grid_sample(x, grid, align_corners=False), theta
stn = STN(); print(stn)
x = torch.arange(2 * 36.).view(2, 1, 6, 6) / 72
y, theta = stn(x)
print(theta[0], y.shape, torch.allclose(y, x, atol=1e-5))
y.sum().backward(); print(stn.fc_loc[2].weight.grad.shape, stn.fc_loc[2].bias.grad.round(decimals=3))
rot = torch.tensor([[[0., -1., 0.], [1., 0., 0.]]])
g = F.affine_grid(rot, (1, 1, 3, 3), align_corners=True)
print(F.grid_sample(torch.arange(9.).view(1, 1, 3, 3), g, align_corners=True))
print(F.grid_sample(torch.arange(4.).view(1, 1, 2, 2), torch.tensor([[[[1.5, 0.0]]]]), padding_mode='border', align_corners=False))
print(F.grid_sample(torch.arange(4.).view(1, 1, 2, 2), torch.tensor([[[[0.25, -0.25]]]]), mode='nearest', align_corners=True))
try: F.affine_grid(torch.zeros(1, 3, 3), (1, 1, 3, 3), align_corners=False)
except ValueError as e: print(e)
try: F.grid_sample(torch.zeros(1, 1, 2, 2), torch.zeros(1, 2, 2, 3), align_corners=False)
except RuntimeError as e: print(e)
''')
