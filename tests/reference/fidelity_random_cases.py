"""Short PyTorch programs (random sampling, torch.distributions, generators) whose printed output
and exceptions jtorch must reproduce exactly; shared by gen_fidelity_random.py (real torch) and
test_fidelity_random.py (jtorch). Seeded programs rely on jtorch reproducing PyTorch's CPU
random stream, including its gamma, Dirichlet and binomial samplers.
"""
PROGRAMS = {}


def P(name, code):
    PROGRAMS[name] = code


P('normal_broadcast_error', '''
torch.manual_seed(0)
n = torch.distributions.Normal(torch.tensor([0., 1.]), torch.tensor([1., 2.]))
print(n.sample(), n.rsample((2,)), n.log_prob(torch.tensor([0.5, 0.5])))
torch.distributions.Normal(torch.zeros(2), torch.ones(3))
''')

P('gamma_sample_stream', '''
torch.manual_seed(6)
g = torch.distributions.Gamma(torch.tensor([0.5, 3.]), torch.tensor([1., 2.]))
print(g.sample(), g.rsample((2,)), torch.rand(2))
for dt in (torch.float32, torch.float64):
    a = torch.tensor([0.01, 0.1, 0.5, 0.99, 1., 1.5, 3., 10., 100.], dtype=dt)
    s = torch._standard_gamma(a.repeat(4))
    print(dt, s.sum().item(), s[:9].tolist(), torch.rand(1))
''')

P('gamma_zero_concentration', '''
torch.manual_seed(1)
print(torch._standard_gamma(torch.tensor([0., 2., 0.])), torch._standard_gamma(torch.tensor([0.], dtype=torch.float64)).item())
''')

P('beta_dirichlet_stream', '''
torch.manual_seed(6)
be = torch.distributions.Beta(torch.tensor([0.5, 2.]), torch.tensor([0.5, 3.]))
print(be.sample(), be.rsample((2,)))
d = torch.distributions.Dirichlet(torch.tensor([0.5, 1., 2.]))
print(d.sample(), d.rsample((2,)), torch.randn(2))
x = torch._sample_dirichlet(torch.tensor([[0.1, 1., 5.], [0.5, 0.5, 0.5]], dtype=torch.float64).repeat(5, 1))
print(x.tolist())
''')

P('chi2_studentt_fisher', '''
torch.manual_seed(3)
print(torch.distributions.Chi2(torch.tensor([1., 4.])).sample((3,)))
print(torch.distributions.StudentT(torch.tensor([2., 5.])).sample((3,)))
print(torch.distributions.FisherSnedecor(3., 4.).sample((3,)))
print(torch.distributions.InverseGamma(2., 3.).sample((2,)))
''')

P('binomial_stream', '''
torch.manual_seed(2)
bi = torch.distributions.Binomial(10, torch.tensor([0.2, 0.8]))
print(bi.sample(), bi.sample((3,)), torch.distributions.Binomial(5, logits=torch.tensor(0.3)).sample((5,)))
for dt in (torch.float32, torch.float64):
    n = torch.tensor([0., 1., 5., 20., 50., 100., 1000., 7., 30., 200.], dtype=dt).repeat(2)
    p = torch.tensor([0.5, 0.3, 0.9, 0.6, 0.02, 0.5, 0.999, 1., 0.45, 0.7], dtype=dt).repeat(2)
    print(torch.binomial(n, p).tolist(), torch.rand(1))
g = torch.Generator().manual_seed(0)
print(torch.binomial(torch.tensor([[3.], [4.]]), torch.tensor([0.3, 0.5]), generator=g))
''')

P('binomial_errors', '''
for f in (lambda: torch.binomial(torch.tensor([3]), torch.tensor([0.3])),
          lambda: torch.binomial(torch.tensor([3.]), torch.tensor([3])),
          lambda: torch.binomial(torch.tensor([3.]), torch.tensor([0.3], dtype=torch.float64)),
          lambda: torch.binomial(3., torch.tensor([0.3])),
          lambda: torch.binomial(torch.tensor([3.], dtype=torch.float16), torch.tensor([0.3], dtype=torch.float16)),
          lambda: torch._standard_gamma(torch.tensor([1])),
          lambda: torch._sample_dirichlet(torch.tensor([1.], dtype=torch.float16))):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
''')

P('multinomial_dist', '''
torch.manual_seed(3)
m = torch.distributions.Multinomial(10, torch.tensor([0.1, 0.2, 0.7]))
print(m, m.sample(), m.sample((2,)), m.log_prob(torch.tensor([1., 2., 7.])), m.mean, m.variance)
m.log_prob(torch.tensor([1., 2., 6.]))
''')

P('categorical', '''
torch.manual_seed(1)
c = torch.distributions.Categorical(logits=torch.tensor([[1., 2., 3.], [0., 0., 0.]]))
print(c, c.probs, c.sample(), c.sample((4,)), c.log_prob(torch.tensor([0, 2])), c.entropy())
print(c.enumerate_support(), c.batch_shape, c.param_shape)
torch.distributions.Categorical(probs=torch.tensor([0.2, -0.3, 0.5]))
''')

P('mvn', '''
torch.manual_seed(4)
cov = torch.tensor([[2., 0.5], [0.5, 1.]])
mv = torch.distributions.MultivariateNormal(torch.zeros(2), covariance_matrix=cov)
print(mv, mv.sample(), mv.rsample((2,)), mv.log_prob(torch.tensor([0.3, -0.2])), mv.entropy(), mv.scale_tril)
torch.distributions.MultivariateNormal(torch.zeros(3), cov)
''')

P('mixture_transformed', '''
torch.manual_seed(10)
D = torch.distributions
m = D.MixtureSameFamily(D.Categorical(torch.tensor([0.3, 0.7])), D.Normal(torch.tensor([-1., 2.]), torch.tensor([0.5, 1.])))
print(m.sample((3,)), m.log_prob(torch.tensor([0., 1.])), m.mean, m.variance)
t = D.TransformedDistribution(D.Normal(torch.zeros(3), 1.), [D.transforms.AffineTransform(1., 2.), D.transforms.ExpTransform()])
print(t.sample(), t.log_prob(torch.tensor([1., 2., 3.])))
''')

P('generator_api', '''
g = torch.Generator()
print(g.initial_seed(), g.device, type(g))
g.manual_seed(7)
s = g.get_state()
a = torch.rand(3, generator=g); g.set_state(s); print(torch.equal(a, torch.rand(3, generator=g)), s.shape, s.dtype)
print(torch.randint(10, (5,), generator=g), torch.randperm(6, generator=g), torch.multinomial(torch.tensor([0.1, 0.2, 0.7]), 2, generator=g))
g.set_state(torch.zeros(10, dtype=torch.uint8))
''')

P('normal_overloads', '''
torch.manual_seed(12)
print(torch.normal(torch.tensor([0., 10.]), torch.tensor([1., 0.1])), torch.normal(2., torch.tensor([1., 2., 3.])))
print(torch.normal(0., 1., (2, 2)), torch.normal(0., 1., size=(3,), dtype=torch.float64))
torch.normal(torch.zeros(2), torch.tensor([1., -1.]))
''')
