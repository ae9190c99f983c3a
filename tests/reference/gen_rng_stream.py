"""Reference for PyTorch's CPU random stream: the exact values each expression gives right after
`torch.manual_seed(SEED)` (jtorch draws from the same Mersenne Twister with ATen's formulas).
Run with real torch: python tests/reference/gen_rng_stream.py

Each case is an expression over `torch` evaluated by tests/test_rng_stream.py with
`import jtorch as torch`; a list expression records several draws in order.
"""
import warnings

from refutil import record, write

SEED = 1234

CASES = [
    # uniform
    "torch.rand(5)", "torch.rand(3, 4, dtype=torch.float64)", "torch.rand(20, dtype=torch.float16)",
    "torch.rand(20, dtype=torch.bfloat16)", "torch.rand(())", "torch.rand_like(torch.zeros(2, 3))",
    "torch.empty(6).uniform_(-1, 2)", "torch.empty(6, dtype=torch.float64).uniform_(-1, 2)",
    "torch.empty(7, dtype=torch.float16).uniform_(3, 5)",
    # normal: scalar path (< 16 elements) with its cached second sample, and normal_fill
    "torch.randn(2)", "torch.randn(7)", "torch.randn(16)", "torch.randn(37)", "torch.randn(3, 50)",
    "torch.randn(5, dtype=torch.float64)", "torch.randn(40, dtype=torch.float64)",
    "torch.randn(40, dtype=torch.float16)", "torch.randn(33, dtype=torch.bfloat16)",
    "torch.randn_like(torch.zeros(4, 5))",
    "[torch.randn(1), torch.randn(1), torch.randn(3)]", "[torch.randn(3), torch.rand(2)]",
    "torch.empty(50).normal_(3, 0.5)", "torch.empty(6).normal_(3, 0.5)",
    "torch.empty(8, 4).t().normal_()",
    "torch.normal(2.0, 3.0, (5,))", "torch.normal(2.0, 3.0, (20,))",
    "torch.normal(torch.arange(6.), 2.0)", "torch.normal(torch.arange(20.), 2.0)",
    "torch.normal(1.0, torch.arange(1., 7.))", "torch.normal(torch.zeros(20), torch.ones(20) * 2)",
    "torch.normal(torch.zeros(2, 1), torch.ones(3))",
    # integers
    "torch.randint(0, 10, (8,))", "torch.randint(-5, 1 << 40, (6,))",
    "torch.randint(3, 9, (2, 3), dtype=torch.int32)", "torch.randint(0, 2, (6,), dtype=torch.bool)",
    "torch.randint(1 << 30, (4,))", "torch.randint_like(torch.zeros(4), 2, 7)",
    "torch.randperm(10)", "torch.randperm(1000)", "torch.randperm(5, dtype=torch.float32)",
    "torch.randperm(1)", "torch.randperm(0)",
    "torch.empty(8, dtype=torch.int64).random_()", "torch.empty(8, dtype=torch.int32).random_()",
    "torch.empty(8, dtype=torch.uint8).random_()", "torch.empty(8, dtype=torch.int8).random_()",
    "torch.empty(8).random_()", "torch.empty(8, dtype=torch.float64).random_()",
    "torch.empty(8, dtype=torch.bool).random_()", "torch.empty(8, dtype=torch.float16).random_()",
    "torch.empty(8, dtype=torch.uint8).random_(10)", "torch.empty(8).random_(2, 9)",
    "torch.empty(8, dtype=torch.int16).random_(-100, None)",
    "torch.empty(4, dtype=torch.int64).random_(-2**63, None)",
    # other distributions
    "torch.empty(10).exponential_(1.5)", "torch.empty(10, dtype=torch.float64).exponential_()",
    "torch.empty(10).geometric_(0.25)", "torch.empty(10).cauchy_(0.5, 2)",
    "torch.empty(10).log_normal_(0.2, 0.7)", "torch.empty(10).bernoulli_(0.3)",
    "torch.bernoulli(torch.full((10,), 0.4))",
    "torch.bernoulli(torch.full((10,), 0.4, dtype=torch.float64))",
    "torch.empty(2, 5).bernoulli_(torch.tensor([0.1, 0.5, 0.9, 0.3, 0.7]))",
    "torch.bernoulli(torch.zeros(6), 0.5)",
    "torch.multinomial(torch.tensor([0.1, 0.2, 0.3, 0.4]), 6, replacement=True)",
    "torch.multinomial(torch.tensor([0.1, 0.2, 0.3, 0.4]), 3)",
    "torch.multinomial(torch.tensor([[1., 2, 3], [3, 2, 1]]), 1)",
    "torch.multinomial(torch.tensor([[1., 2, 3], [3, 2, 1]]), 4, True)",
    "torch.multinomial(torch.tensor([0., 5, 0, 1]), 2)",
    "torch.poisson(torch.tensor([0.5, 3.0, 0.0, 12.0, 50.0, 7.5, 100.0, 1.0]))",
    "[torch.poisson(torch.full((2, 3), 4.0, dtype=torch.float64)), torch.rand(2)]",
    "torch.distributions.Poisson(torch.tensor([2.0, 30.0])).sample((3,))",
    # gamma / dirichlet / binomial: per-sample rejection samplers reading the stream in blocks
    # (uniforms and cached Box-Muller normals); the trailing rand checks where the stream stops
    "[torch._standard_gamma(torch.tensor([0.3, 1.0, 2.5, 0.0, 40.0, 1e-3] * 20)), torch.rand(3)]",
    "[torch._standard_gamma(torch.tensor([0.05, 1.0, 7.0, 1e4] * 30, dtype=torch.float64)),"
    " torch.rand(3)]",
    "[torch._standard_gamma(torch.tensor([-1.0, 2.0, float('nan'), -0.2, -3.0, float('inf')])),"
    " torch.rand(3)]",
    "[torch._sample_dirichlet(torch.tensor([[0.5, 1.0, 3.0], [0.01, 2.0, 90.0]] * 20)),"
    " torch.rand(3)]",
    "[torch.distributions.Beta(torch.tensor([0.5, 2.0]), torch.tensor([0.5, 3.0])).sample((60,)),"
    " torch.rand(3)]",
    "[torch.distributions.Chi2(torch.tensor([1.0, 5.0])).sample((60,)), torch.rand(3)]",
    "[torch.binomial(torch.tensor([10.0, 100.0, 0.0, 5.0, 1000.0, 40.0] * 20),"
    " torch.tensor([0.2, 0.5, 0.3, 1.0, 0.0, 0.9] * 20)), torch.rand(3)]",
    "[torch.distributions.Binomial(torch.tensor([12.0, 60.0], dtype=torch.float64),"
    " torch.tensor([0.3, 0.8], dtype=torch.float64)).sample((60,)), torch.rand(3)]",
    # generators
    "torch.rand(4, generator=torch.Generator().manual_seed(5))",
    "torch.randn(3, generator=torch.Generator())",
    "[torch.randn(3), torch.rand(2, generator=torch.Generator().manual_seed(0)), torch.randn(1)]",
    # initialisation
    "torch.nn.Linear(4, 3).weight", "[torch.nn.Linear(4, 3).bias, torch.nn.Linear(2, 2).weight]",
    "torch.nn.Conv2d(2, 3, 3).weight", "torch.nn.Conv1d(2, 2, 2).bias",
    "torch.nn.Embedding(5, 3).weight", "torch.nn.LSTM(3, 4).weight_ih_l0",
    "torch.nn.init.xavier_normal_(torch.empty(4, 5))",
    "torch.nn.init.xavier_uniform_(torch.empty(4, 5))",
    "torch.nn.init.kaiming_normal_(torch.empty(4, 5))",
    "torch.nn.init.trunc_normal_(torch.empty(10))",
    "torch.nn.init.orthogonal_(torch.empty(3, 4))",
    "torch.nn.init.sparse_(torch.empty(6, 3), 0.5)",
    "torch.nn.functional.fractional_max_pool2d(torch.arange(64.).reshape(1, 1, 8, 8), 2, "
    "output_size=4)",
    # data
    "[b[0] for b in torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.arange(10)),"
    " batch_size=4, shuffle=True)]",
    "torch.tensor(torch.utils.data.random_split(range(10), [3, 7])[1].indices)",
    "torch.tensor(list(torch.utils.data.RandomSampler(range(5), replacement=True,"
    " num_samples=40)))",
    "torch.tensor(list(torch.utils.data.WeightedRandomSampler([0.1, 0.9, 0.5], 8)))",
]

# small programs (exec'd; `out` is recorded): random draws inside Module forwards, which jtorch
# captures as one node per call, must still draw PyTorch's numbers anew on every call
PROGRAMS = {
    "noisy_module": """
class Noisy(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(3, 4)
    def forward(self, x):
        h = self.lin(x)
        return h + torch.randn_like(h) * 0.1 + torch.rand(4) - torch.randint(0, 3, (4,))
m = Noisy()
x = torch.ones(2, 3)
out = [m(x), m(x), m(x), torch.rand(2)]
""",
    "vae_steps": """
class VAE(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = torch.nn.Linear(4, 6)
        self.dec = torch.nn.Linear(3, 4)
    def forward(self, x):
        h = self.enc(x)
        mu, logvar = h[:, :3], h[:, 3:]
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.dec(z), mu, logvar
m = VAE()
opt = torch.optim.Adam(m.parameters(), 1e-2)
x = torch.randn(8, 4)
losses = []
for _ in range(4):
    y, mu, logvar = m(x)
    loss = ((y - x) ** 2).sum() - 0.5 * (1 + logvar - mu ** 2 - logvar.exp()).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    losses.append(loss.detach())
out = [torch.stack(losses), m.dec.weight.detach()]
""",
    "rnn_dropout": """
outs = []
for cls in (torch.nn.LSTM, torch.nn.GRU):
    for bf, bi in ((False, False), (True, True)):
        m = cls(3, 4, num_layers=3, dropout=0.5, batch_first=bf, bidirectional=bi)
        outs.append(m(torch.randn(2, 5, 3))[0])
m = torch.nn.LSTM(3, 4, num_layers=2, dropout=0.3, proj_size=2)
outs.append(m(torch.randn(4, 2, 3))[0])
m = torch.nn.GRU(3, 4, num_layers=2, dropout=0.5)
packed = torch.nn.utils.rnn.pack_padded_sequence(torch.randn(5, 3, 3), [5, 3, 2])
outs.append(m(packed)[0].data)
out = outs + [torch.rand(2)]
""",
    "attention_dropout": """
outs = []
for bf in (False, True):
    for nw in (True, False):
        m = torch.nn.MultiheadAttention(8, 2, dropout=0.3, batch_first=bf)
        x = torch.randn(3, 4, 8)
        o, w = m(x, x, x, need_weights=nw)
        outs += [o] + ([w] if w is not None else [])
m = torch.nn.MultiheadAttention(8, 2, dropout=0.3, add_bias_kv=True, add_zero_attn=True)
x, y = torch.randn(3, 4, 8), torch.randn(5, 4, 8)
outs += list(m(x, y, y))
outs.append(torch.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.2)(torch.randn(5, 3, 8)))
q, k, v = torch.randn(2, 3, 4, 8), torch.randn(2, 3, 5, 8), torch.randn(2, 3, 5, 8)
outs.append(torch.nn.functional.scaled_dot_product_attention(q, k, v, dropout_p=0.3))
m = torch.nn.MultiheadAttention(8, 2, dropout=0.3, add_bias_kv=True)
x = torch.randn(3, 4, 8)
for nw in (True, False):
    o, w = torch.nn.functional.multi_head_attention_forward(
        x, x, x, 8, 2, m.in_proj_weight, m.in_proj_bias, m.bias_k, m.bias_v, False, 0.3,
        m.out_proj.weight, m.out_proj.bias, training=True, need_weights=nw)
    outs += [o] + ([w] if w is not None else [])
out = outs + [torch.rand(2)]
""",
}

# the generator state after a few draws, byte for byte
STATES = ["torch.rand(3); torch.randn(1)", "torch.randperm(700)", "",
          # gamma samplers leave the normal cache as their last Box-Muller pair did
          "torch._standard_gamma(torch.full((101,), 1.5, dtype=torch.float64))",
          "torch._standard_gamma(torch.full((100,), 1.5, dtype=torch.float64))",
          "torch.randn(1); torch._sample_dirichlet(torch.tensor([[0.5, 2.0]] * 30))",
          "torch.randn(1); torch.binomial(torch.full((50,), 30.0), torch.full((50,), 0.4))"]


def main():
    import torch

    cases = {}
    for expr in CASES:
        torch.manual_seed(SEED)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = eval(expr, {"torch": torch})
        cases[expr] = [record(t) for t in out] if isinstance(out, list) else [record(out)]
    programs = {}
    for name, code in PROGRAMS.items():
        torch.manual_seed(SEED)
        env = {"torch": torch}
        exec(code, env)
        programs[name] = [record(t) for t in env["out"]]
    states = {}
    for code in STATES:
        torch.manual_seed(SEED)
        exec(code, {"torch": torch})
        states[code] = torch.get_rng_state().numpy().tobytes().hex()
    write("rng_stream", {"seed": SEED, "cases": cases, "programs": programs,
                         "programs_code": PROGRAMS, "states": states})


if __name__ == "__main__":
    main()
