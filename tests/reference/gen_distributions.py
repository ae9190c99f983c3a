"""Reference for jtorch.distributions: every distribution's shapes, repr, support, moments,
entropy, log_prob, cdf, icdf and enumerate_support; kl_divergence pairs; transforms; constraint
registries; constraint checks; error messages. Values are deterministic (explicit parameters),
samples only by shape/dtype (jtorch's RNG is not PyTorch's).
Run with real torch: python tests/reference/gen_distributions.py

Every case is a Python expression over `torch`, `D` (distributions), `C` (constraints), `T`
(transforms) and `t` (= torch.tensor); tests/test_distributions*.py evaluate the same strings
with jtorch.
"""
import warnings

import torch
import torch.distributions as D
from torch.distributions import constraints as C, transforms as T

from refutil import record, write

ENV = {"torch": torch, "D": D, "C": C, "T": T, "t": torch.tensor}

# (id, distribution, value for log_prob/cdf, probabilities for icdf)
B3 = "t([[0.3, -1.0, 2.5], [0.0, 0.2, -4.0]])"       # real values, batch (3,), sample dim 2
P3 = "t([[0.1, 0.5, 0.9], [0.25, 0.75, 0.6]])"        # probabilities, batch (3,)
POS3 = "t([[0.3, 1.0, 2.5], [0.05, 0.2, 4.0]])"       # positive values
UNIT3 = "t([[0.3, 0.5, 0.9], [0.05, 0.2, 0.99]])"     # values in (0, 1)
LOC = "t([0.1, -0.5, 2.0])"
SCALE = "t([1.0, 0.5, 3.0])"
CONC1 = "t([0.5, 2.0, 5.0])"
CONC0 = "t([0.5, 3.0, 1.5])"
PROBS = "t([0.2, 0.5, 0.9])"
COV = "t([[2.0, 0.5, 0.0], [0.5, 1.0, 0.3], [0.0, 0.3, 1.5]])"
CORR_L = "torch.linalg.cholesky(t([[1.0, 0.3, 0.1], [0.3, 1.0, -0.2], [0.1, -0.2, 1.0]]))"

DISTS = [
    ("Normal", f"D.Normal({LOC}, {SCALE})", B3, P3),
    ("Normal_scalar", "D.Normal(0.0, 1.0)", B3, P3),
    ("Normal_f64", f"D.Normal(t([0.1, -0.5, 2.0], dtype=torch.float64), 2.0)",
     "t([0.3, -1.0, 2.5], dtype=torch.float64)", "t([0.1, 0.5, 0.9], dtype=torch.float64)"),
    ("Normal_int_args", "D.Normal(0, 2)", "t(1.0)", "t(0.3)"),
    ("LogNormal", f"D.LogNormal({LOC}, {SCALE})", POS3, P3),
    ("HalfNormal", f"D.HalfNormal({SCALE})", POS3, P3),
    ("Uniform", "D.Uniform(t([0.0, -1.0, 2.0]), t([1.0, 3.0, 2.5]))",
     "t([[0.3, -0.5, 2.1], [0.0, 2.9, 2.4]])", P3),
    ("Bernoulli", f"D.Bernoulli(probs={PROBS})", "t([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])", None),
    ("Bernoulli_logits", "D.Bernoulli(logits=t([-1.0, 0.0, 2.0]))",
     "t([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])", None),
    ("Binomial", f"D.Binomial(10, {PROBS})", "t([[0.0, 5.0, 10.0], [3.0, 7.0, 9.0]])", None),
    ("Binomial_logits", "D.Binomial(t([5.0, 10.0, 20.0]), logits=t([-1.0, 0.0, 1.0]))",
     "t([[0.0, 5.0, 10.0], [3.0, 7.0, 19.0]])", None),
    ("Categorical", "D.Categorical(probs=t([[0.1, 0.2, 0.7], [0.3, 0.3, 0.4], [0.5, 0.25, "
     "0.25]]))", "t([[0, 1, 2], [2, 2, 0]])", None),
    ("Categorical_logits", "D.Categorical(logits=t([0.5, -1.0, 2.0]))",
     "t([[0, 2, 1], [2, 2, 0]])", None),
    ("Categorical_unnormalised", "D.Categorical(probs=t([1.0, 3.0, 4.0]))", "t([1, 2])", None),
    ("OneHotCategorical", "D.OneHotCategorical(probs=t([[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]]))",
     "t([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])", None),
    ("OneHotCategoricalStraightThrough",
     "D.OneHotCategoricalStraightThrough(logits=t([0.5, -1.0, 2.0]))",
     "t([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])", None),
    ("Multinomial", "D.Multinomial(10, probs=t([[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]]))",
     "t([[1.0, 2.0, 7.0], [5.0, 5.0, 0.0]])", None),
    ("Multinomial_logits", "D.Multinomial(5, logits=t([0.5, -1.0, 2.0]))",
     "t([[1.0, 0.0, 4.0], [2.0, 2.0, 1.0]])", None),
    ("Beta", f"D.Beta({CONC1}, {CONC0})", UNIT3, None),
    ("Beta_scalar", "D.Beta(2.0, 3.0)", UNIT3, None),
    ("Gamma", f"D.Gamma({CONC1}, t([1.0, 0.5, 3.0]))", POS3, None),
    ("Chi2", "D.Chi2(t([1.0, 3.0, 7.5]))", POS3, None),
    ("Dirichlet", "D.Dirichlet(t([[0.5, 1.0, 2.0], [3.0, 3.0, 3.0]]))",
     "t([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])", None),
    ("Dirichlet_small", "D.Dirichlet(t([0.5, 0.3, 0.8]))", "t([0.2, 0.3, 0.5])", None),
    ("Exponential", "D.Exponential(t([0.5, 1.0, 3.0]))", POS3, P3),
    ("Laplace", f"D.Laplace({LOC}, {SCALE})", B3, P3),
    ("Cauchy", f"D.Cauchy({LOC}, {SCALE})", B3, P3),
    ("Poisson", "D.Poisson(t([0.5, 3.0, 10.0]))", "t([[0.0, 2.0, 10.0], [1.0, 5.0, 7.0]])",
     None),
    ("Geometric", f"D.Geometric(probs={PROBS})", "t([[0.0, 2.0, 10.0], [1.0, 5.0, 0.0]])",
     None),
    ("Geometric_logits", "D.Geometric(logits=t([-1.0, 0.0, 2.0]))",
     "t([[0.0, 2.0, 10.0], [1.0, 5.0, 0.0]])", None),
    ("StudentT", f"D.StudentT(t([0.5, 1.5, 10.0]), {LOC}, {SCALE})", B3, None),
    ("StudentT_df", "D.StudentT(t([3.0, 5.0, 2.5]))", B3, None),
    ("Gumbel", f"D.Gumbel({LOC}, {SCALE})", B3, P3),
    ("MultivariateNormal", f"D.MultivariateNormal({LOC}, covariance_matrix={COV})",
     "t([[0.0, 0.0, 0.0], [1.0, -1.0, 2.0]])", None),
    ("MultivariateNormal_tril",
     f"D.MultivariateNormal(t([[0.0, 1.0, 0.0], [0.5, 0.5, 0.5]]), "
     f"scale_tril=torch.linalg.cholesky({COV}))", "t([[0.0, 0.0, 0.0], [1.0, -1.0, 2.0]])",
     None),
    ("MultivariateNormal_precision",
     f"D.MultivariateNormal({LOC}, precision_matrix={COV})",
     "t([[0.0, 0.0, 0.0], [1.0, -1.0, 2.0]])", None),
    ("LowRankMultivariateNormal",
     f"D.LowRankMultivariateNormal({LOC}, t([[1.0, 0.0], [0.5, 1.0], [0.0, -0.5]]), "
     "t([0.5, 1.0, 2.0]))", "t([[0.0, 0.0, 0.0], [1.0, -1.0, 2.0]])", None),
    ("Independent", "D.Independent(D.Normal(t([[0.1, -0.5, 2.0], [0.0, 1.0, 1.0]]), 2.0), 1)",
     B3, None),
    ("Independent_bernoulli", f"D.Independent(D.Bernoulli({PROBS}), 1)",
     "t([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])", None),
    ("MixtureSameFamily", f"D.MixtureSameFamily(D.Categorical(t([0.2, 0.3, 0.5])), "
     f"D.Normal({LOC}, {SCALE}))", "t([0.5, -1.0, 2.0])", None),
    ("MixtureSameFamily_mvn", "D.MixtureSameFamily(D.Categorical(t([0.4, 0.6])), "
     "D.Independent(D.Normal(t([[0.0, 1.0, 0.0], [2.0, 0.0, -1.0]]), 1.5), 1))",
     "t([[0.5, -1.0, 2.0], [0.0, 0.0, 0.0]])", None),
    ("TransformedDistribution_exp",
     f"D.TransformedDistribution(D.Normal({LOC}, {SCALE}), [T.ExpTransform()])", POS3, P3),
    ("TransformedDistribution_sigmoid_affine",
     "D.TransformedDistribution(D.Normal(t([0.0, 1.0, -1.0]), 1.0), "
     "[T.SigmoidTransform(), T.AffineTransform(1.0, 2.0)])",
     "t([[1.3, 1.5, 2.9], [1.05, 2.2, 1.99]])", P3),
    ("TransformedDistribution_tanh",
     "D.TransformedDistribution(D.Normal(t([0.0, 1.0, -1.0]), 1.0), [T.TanhTransform()])",
     "t([[0.3, -0.5, 0.9], [0.05, 0.2, -0.99]])", P3),
    ("TransformedDistribution_neg_affine",
     "D.TransformedDistribution(D.Exponential(t([0.5, 1.0, 3.0])), "
     "T.AffineTransform(0.0, -2.0))", "t([[-0.3, -1.0, -2.5], [-0.05, -0.2, -4.0]])", P3),
    ("ContinuousBernoulli", f"D.ContinuousBernoulli(probs={PROBS})", UNIT3, P3),
    ("ContinuousBernoulli_logits", "D.ContinuousBernoulli(logits=t([-1.0, 0.001, 2.0]))",
     UNIT3, P3),
    ("FisherSnedecor", "D.FisherSnedecor(t([1.0, 3.0, 6.0]), t([2.0, 5.0, 10.0]))", POS3,
     None),
    ("HalfCauchy", f"D.HalfCauchy({SCALE})", POS3, P3),
    ("InverseGamma", "D.InverseGamma(t([0.5, 2.5, 5.0]), t([1.0, 0.5, 3.0]))", POS3, None),
    ("Kumaraswamy", f"D.Kumaraswamy({CONC1}, {CONC0})", UNIT3, P3),
    ("LogisticNormal", "D.LogisticNormal(t([0.1, -0.5]), t([1.0, 0.5]))",
     "t([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])", None),
    ("Pareto", "D.Pareto(t([1.0, 2.0, 0.5]), t([0.5, 2.5, 3.0]))",
     "t([[1.3, 2.0, 2.5], [1.05, 2.2, 4.0]])", P3),
    ("Weibull", "D.Weibull(t([1.0, 2.0, 0.5]), t([0.5, 2.5, 3.0]))", POS3, P3),
    ("NegativeBinomial", f"D.NegativeBinomial(t([2.0, 5.0, 0.5]), probs={PROBS})",
     "t([[0.0, 2.0, 10.0], [1.0, 5.0, 7.0]])", None),
    ("NegativeBinomial_logits", "D.NegativeBinomial(3.0, logits=t([-1.0, 0.0, 2.0]))",
     "t([[0.0, 2.0, 10.0], [1.0, 5.0, 7.0]])", None),
    ("RelaxedBernoulli", f"D.RelaxedBernoulli(t(0.5), probs={PROBS})", UNIT3, None),
    ("RelaxedOneHotCategorical", "D.RelaxedOneHotCategorical(t(0.7), probs=t([0.1, 0.2, "
     "0.7]))", "t([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])", None),
    ("VonMises", "D.VonMises(t([0.1, -0.5, 2.0]), t([0.5, 2.0, 10.0]))", B3, None),
    ("LKJCholesky", "D.LKJCholesky(3, t([0.5, 2.0]))", CORR_L, None),
    ("Wishart", "D.Wishart(t(4.0), covariance_matrix=t([[2.0, 0.5], [0.5, 1.0]]))",
     "t([[3.0, 0.2], [0.2, 1.5]])", None),
    ("Wishart_tril", "D.Wishart(t([3.0, 5.0]), scale_tril=t([[1.0, 0.0], [0.5, 2.0]]))",
     "t([[3.0, 0.2], [0.2, 1.5]])", None),
    ("GeneralizedPareto", "D.GeneralizedPareto(t([0.0, 0.5, -1.0]), t([1.0, 2.0, 0.5]), "
     "t([0.2, 0.0, -0.3]))", "t([[0.3, 1.0, -0.5], [0.05, 4.0, 0.2]])", P3),
]

PROPS = ["mean", "mode", "variance", "stddev"]
METHODS = {"entropy": "d.entropy()", "log_prob": "d.log_prob(v)", "cdf": "d.cdf(v)",
           "icdf": "d.icdf(p)", "enumerate_support": "d.enumerate_support()",
           "enumerate_support_noexpand": "d.enumerate_support(expand=False)",
           "perplexity": "d.perplexity()"}

KL = [
    (f"D.Normal({LOC}, {SCALE})", "D.Normal(t([0.0, 0.5, 1.0]), t([2.0, 0.5, 1.0]))"),
    (f"D.Bernoulli({PROBS})", "D.Bernoulli(t([0.5, 0.1, 0.99]))"),
    ("D.Bernoulli(t([0.0, 1.0, 0.5]))", "D.Bernoulli(t([0.5, 0.5, 1.0]))"),
    ("D.Categorical(t([[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]]))",
     "D.Categorical(logits=t([0.5, -1.0, 2.0]))"),
    ("D.Categorical(t([0.5, 0.5, 0.0]))", "D.Categorical(t([0.2, 0.0, 0.8]))"),
    (f"D.Beta({CONC1}, {CONC0})", "D.Beta(t([1.0, 1.0, 2.0]), t([2.0, 0.5, 2.0]))"),
    (f"D.Gamma({CONC1}, {SCALE})", "D.Gamma(t([1.0, 1.0, 2.0]), t([2.0, 0.5, 2.0]))"),
    ("D.Dirichlet(t([[0.5, 1.0, 2.0], [3.0, 3.0, 3.0]]))", "D.Dirichlet(t([1.0, 2.0, 1.0]))"),
    ("D.Exponential(t([0.5, 1.0, 3.0]))", "D.Exponential(t([1.0, 2.0, 0.5]))"),
    (f"D.Laplace({LOC}, {SCALE})", "D.Laplace(t([0.0, 0.5, 1.0]), t([2.0, 0.5, 1.0]))"),
    ("D.Poisson(t([0.5, 3.0, 10.0]))", "D.Poisson(t([1.0, 2.0, 12.0]))"),
    ("D.Uniform(t([0.0, -1.0, 2.0]), t([1.0, 3.0, 2.5]))",
     "D.Uniform(t([-1.0, -1.0, 2.1]), t([2.0, 3.0, 3.0]))"),
    (f"D.MultivariateNormal({LOC}, {COV})",
     "D.MultivariateNormal(t([[0.0, 1.0, 0.0], [0.5, 0.5, 0.5]]), torch.eye(3) * 2)"),
    ("D.Independent(D.Normal(t([[0.1, -0.5, 2.0], [0.0, 1.0, 1.0]]), 2.0), 1)",
     "D.Independent(D.Normal(t([0.0, 0.0, 0.0]), 1.0), 1)"),
    ("D.OneHotCategorical(t([0.1, 0.2, 0.7]))", "D.OneHotCategorical(t([0.3, 0.3, 0.4]))"),
    (f"D.Geometric({PROBS})", "D.Geometric(t([0.5, 0.1, 0.3]))"),
    (f"D.Binomial(10, {PROBS})", "D.Binomial(t([10.0, 5.0, 10.0]), t([0.5, 0.1, 0.3]))"),
    (f"D.HalfNormal({SCALE})", "D.HalfNormal(t([2.0, 0.5, 1.0]))"),
    (f"D.Gumbel({LOC}, {SCALE})", "D.Gumbel(t([0.0, 0.5, 1.0]), t([2.0, 0.5, 1.0]))"),
    ("D.Pareto(t([1.0, 2.0, 0.5]), t([0.5, 2.5, 3.0]))",
     "D.Pareto(t([0.5, 1.0, 1.0]), t([1.0, 2.0, 2.5]))"),
    (f"D.Cauchy({LOC}, {SCALE})", "D.Cauchy(t([0.0, 0.5, 1.0]), t([2.0, 0.5, 1.0]))"),
    (f"D.ContinuousBernoulli({PROBS})", "D.ContinuousBernoulli(t([0.4, 0.7, 0.1]))"),
    ("D.LowRankMultivariateNormal(t([0.1, -0.5, 2.0]), t([[1.0, 0.0], [0.5, 1.0], "
     "[0.0, -0.5]]), t([0.5, 1.0, 2.0]))",
     "D.LowRankMultivariateNormal(t([0.0, 0.0, 1.0]), t([[0.5], [0.5], [1.0]]), "
     "t([1.0, 1.0, 1.0]))"),
    (f"D.MultivariateNormal({LOC}, {COV})",
     "D.LowRankMultivariateNormal(t([0.0, 0.0, 1.0]), t([[0.5], [0.5], [1.0]]), "
     "t([1.0, 1.0, 1.0]))"),
    ("D.LowRankMultivariateNormal(t([0.0, 0.0, 1.0]), t([[0.5], [0.5], [1.0]]), "
     "t([1.0, 1.0, 1.0]))", f"D.MultivariateNormal({LOC}, {COV})"),
    (f"D.LogNormal({LOC}, {SCALE})", "D.LogNormal(t([0.0, 0.5, 1.0]), t([2.0, 0.5, 1.0]))"),
    ("D.Wishart(t(4.0), t([[2.0, 0.5], [0.5, 1.0]]))", "D.Wishart(t(3.0), torch.eye(2))"),
    # cross-family closed forms
    (f"D.Normal({LOC}, {SCALE})", "D.Laplace(t([0.0, 0.5, 1.0]), t([2.0, 0.5, 1.0]))"),
    (f"D.Normal({LOC}, {SCALE})", "D.Gumbel(t([0.0, 0.5, 1.0]), t([2.0, 0.5, 1.0]))"),
    (f"D.Normal({LOC}, {SCALE})", "D.Exponential(t([1.0, 2.0, 0.5]))"),
    (f"D.Beta({CONC1}, {CONC0})", f"D.Normal({LOC}, {SCALE})"),
    (f"D.Beta({CONC1}, {CONC0})", "D.Gamma(t([1.0, 1.0, 2.0]), t([2.0, 0.5, 2.0]))"),
    (f"D.Beta({CONC1}, {CONC0})", "D.Exponential(t([1.0, 2.0, 0.5]))"),
    (f"D.Beta({CONC1}, {CONC0})", "D.Uniform(t([0.0, -1.0, 0.1]), t([1.0, 3.0, 2.5]))"),
    (f"D.Beta({CONC1}, {CONC0})", f"D.ContinuousBernoulli({PROBS})"),
    (f"D.Gamma({CONC1}, {SCALE})", f"D.Normal({LOC}, {SCALE})"),
    (f"D.Gamma({CONC1}, {SCALE})", "D.Exponential(t([1.0, 2.0, 0.5]))"),
    (f"D.Gamma({CONC1}, {SCALE})", f"D.Gumbel({LOC}, {SCALE})"),
    ("D.Exponential(t([0.5, 1.0, 3.0]))", "D.Gamma(t([1.0, 1.0, 2.0]), t([2.0, 0.5, 2.0]))"),
    ("D.Exponential(t([0.5, 1.0, 3.0]))", f"D.Gumbel({LOC}, {SCALE})"),
    ("D.Exponential(t([0.5, 1.0, 3.0]))", f"D.Normal({LOC}, {SCALE})"),
    ("D.Uniform(t([0.1, 0.2, 0.5]), t([0.3, 0.9, 0.6]))", f"D.Normal({LOC}, {SCALE})"),
    ("D.Uniform(t([0.1, 0.2, 0.5]), t([0.3, 0.9, 0.6]))", f"D.Beta({CONC1}, {CONC0})"),
    ("D.Uniform(t([0.1, 0.2, 0.5]), t([0.3, 0.9, 0.6]))", f"D.Gamma({CONC1}, {SCALE})"),
    ("D.Uniform(t([0.1, -0.2, 0.5]), t([0.3, 0.9, 0.6]))", "D.Exponential(t([1.0, 2.0, 0.5]))"),
    ("D.Uniform(t([1.1, 2.2, 0.5]), t([1.3, 2.9, 0.6]))",
     "D.Pareto(t([1.0, 2.0, 0.5]), t([0.5, 2.5, 3.0]))"),
    ("D.Uniform(t([0.1, 0.2, 0.5]), t([0.3, 0.9, 0.6]))", f"D.Gumbel({LOC}, {SCALE})"),
    ("D.Uniform(t([0.1, 0.2, 0.5]), t([0.3, 0.9, 0.6]))", f"D.ContinuousBernoulli({PROBS})"),
    (f"D.Laplace({LOC}, {SCALE})", f"D.Normal({LOC}, {SCALE})"),
    (f"D.Laplace({LOC}, {SCALE})", "D.Exponential(t([1.0, 2.0, 0.5]))"),
    (f"D.Gumbel({LOC}, {SCALE})", "D.Normal(t([0.0, 0.5, 1.0]), t([2.0, 0.5, 1.0]))"),
    ("D.Pareto(t([1.0, 2.0, 0.5]), t([0.5, 2.5, 3.0]))", f"D.Normal({LOC}, {SCALE})"),
    ("D.Pareto(t([1.0, 2.0, 0.5]), t([1.5, 2.5, 3.0]))", "D.Exponential(t([1.0, 2.0, 0.5]))"),
    ("D.Pareto(t([1.0, 2.0, 0.5]), t([1.5, 2.5, 3.0]))", f"D.Gamma({CONC1}, {SCALE})"),
    (f"D.Bernoulli({PROBS})", "D.Poisson(t([1.0, 2.0, 12.0]))"),
    ("D.Poisson(t([1.0, 2.0, 12.0]))", f"D.Binomial(10, {PROBS})"),
    (f"D.ContinuousBernoulli({PROBS})", f"D.Normal({LOC}, {SCALE})"),
    (f"D.ContinuousBernoulli({PROBS})", "D.Exponential(t([1.0, 2.0, 0.5]))"),
    (f"D.ContinuousBernoulli({PROBS})", "D.Uniform(t([0.0, -1.0, 0.1]), t([1.0, 3.0, 2.5]))"),
]

TRANSFORMS = [
    ("T.ExpTransform()", "t([[0.5, -1.0, 2.0], [0.0, 0.1, -3.0]])"),
    ("T.ExpTransform().inv", "t([[0.5, 1.0, 2.0], [0.01, 0.1, 3.0]])"),
    ("T.AffineTransform(1.0, 2.0)", "t([[0.5, -1.0, 2.0], [0.0, 0.1, -3.0]])"),
    ("T.AffineTransform(t([0.0, 1.0, -1.0]), t([2.0, -0.5, 1.0]))",
     "t([[0.5, -1.0, 2.0], [0.0, 0.1, -3.0]])"),
    ("T.AffineTransform(t([0.0, 1.0, -1.0]), t([2.0, -0.5, 1.0]), event_dim=1)",
     "t([[0.5, -1.0, 2.0], [0.0, 0.1, -3.0]])"),
    ("T.SigmoidTransform()", "t([[0.5, -1.0, 2.0], [0.0, 30.0, -30.0]])"),
    ("T.TanhTransform()", "t([[0.5, -1.0, 2.0], [0.0, 0.1, -3.0]])"),
    ("T.SoftplusTransform()", "t([[0.5, -1.0, 2.0], [0.0, 0.1, -3.0]])"),
    ("T.PowerTransform(2.0)", "t([[0.5, 1.0, 2.0], [0.01, 0.1, 3.0]])"),
    ("T.PowerTransform(t([0.5, -1.0, 3.0]))", "t([[0.5, 1.0, 2.0], [0.01, 0.1, 3.0]])"),
    ("T.AbsTransform()", "t([[0.5, -1.0, 2.0], [0.0, 0.1, -3.0]])"),
    ("T.SoftmaxTransform()", "t([[0.5, -1.0, 2.0], [0.0, 0.1, -3.0]])"),
    ("T.StickBreakingTransform()", "t([[0.5, -1.0, 2.0], [0.0, 0.1, -3.0]])"),
    ("T.ComposeTransform([T.ExpTransform(), T.AffineTransform(1.0, -2.0)])",
     "t([[0.5, -1.0, 2.0], [0.0, 0.1, -3.0]])"),
    ("T.ComposeTransform([T.AffineTransform(0.5, 2.0), T.StickBreakingTransform()])",
     "t([[0.5, -1.0, 2.0], [0.0, 0.1, -3.0]])"),
    ("T.LowerCholeskyTransform()", "t([[1.0, 2.0], [0.3, -0.5]])"),
    ("T.PositiveDefiniteTransform()", "t([[1.0, 2.0], [0.3, -0.5]])"),
    ("T.CorrCholeskyTransform()", "t([[0.5, -1.0, 2.0], [0.0, 0.1, -3.0]])"),
    ("T.IndependentTransform(T.ExpTransform(), 1)", "t([[0.5, -1.0, 2.0], [0.0, 0.1, -3.0]])"),
    ("T.ReshapeTransform((3,), (3, 1))", "t([[0.5, -1.0, 2.0], [0.0, 0.1, -3.0]])"),
    ("T.CatTransform([T.ExpTransform(), T.AffineTransform(1.0, 2.0)], dim=1, lengths=[1, 2])",
     "t([[0.5, -1.0, 2.0], [0.0, 0.1, -3.0]])"),
    ("T.StackTransform([T.ExpTransform(), T.AffineTransform(1.0, 2.0)], dim=0)",
     "t([[0.5, -1.0, 2.0], [0.0, 0.1, -3.0]])"),
    ("T.CumulativeDistributionTransform(D.Normal(0.0, 1.0))",
     "t([[0.5, -1.0, 2.0], [0.0, 0.1, -3.0]])"),
]

# constraint -> transform registries: (constraint expression, unconstrained input)
REGISTRY = [
    ("C.real", "t([0.5, -1.0, 2.0])"),
    ("C.positive", "t([0.5, -1.0, 2.0])"),
    ("C.greater_than(1.5)", "t([0.5, -1.0, 2.0])"),
    ("C.less_than(-1.0)", "t([0.5, -1.0, 2.0])"),
    ("C.unit_interval", "t([0.5, -1.0, 2.0])"),
    ("C.interval(-2.0, 3.0)", "t([0.5, -1.0, 2.0])"),
    ("C.simplex", "t([0.5, -1.0, 2.0])"),
    ("C.independent(C.positive, 1)", "t([0.5, -1.0, 2.0])"),
    ("C.lower_cholesky", "t([[1.0, 2.0], [0.3, -0.5]])"),
    ("C.positive_definite", "t([[1.0, 2.0], [0.3, -0.5]])"),
    ("C.corr_cholesky", "t([0.5, -1.0, 2.0])"),
]

CHECKS = [
    ("C.real", "t([0.5, float('nan'), float('inf')])"),
    ("C.positive", "t([0.5, 0.0, -1.0])"),
    ("C.nonnegative", "t([0.5, 0.0, -1.0])"),
    ("C.unit_interval", "t([0.5, 0.0, 1.0, 1.5])"),
    ("C.half_open_interval(0.0, 1.0)", "t([0.5, 0.0, 1.0])"),
    ("C.interval(-1.0, 1.0)", "t([0.5, -1.0, 1.5])"),
    ("C.greater_than_eq(2.0)", "t([2.0, 1.0])"),
    ("C.less_than(2.0)", "t([2.0, 1.0])"),
    ("C.boolean", "t([0.0, 1.0, 0.5])"),
    ("C.nonnegative_integer", "t([0.0, 3.0, 1.5, -1.0])"),
    ("C.positive_integer", "t([0.0, 3.0, 1.5])"),
    ("C.integer_interval(0, 3)", "t([0.0, 1.5, 3.0, 4.0])"),
    ("C.simplex", "t([[0.5, 0.5], [0.5, 0.6], [-0.5, 1.5]])"),
    ("C.one_hot", "t([[0.0, 1.0], [1.0, 1.0], [0.5, 0.5]])"),
    ("C.multinomial(5)", "t([[2.0, 3.0], [4.0, 3.0], [-1.0, 2.0]])"),
    ("C.real_vector", "t([[0.5, 1.0], [float('nan'), 1.0]])"),
    ("C.independent(C.positive, 1)", "t([[0.5, 1.0], [0.0, 1.0]])"),
    ("C.lower_triangular", "t([[[1.0, 0.0], [2.0, 3.0]], [[1.0, 1.0], [0.0, 1.0]]])"),
    ("C.lower_cholesky", "t([[[1.0, 0.0], [2.0, 3.0]], [[1.0, 0.0], [1.0, -1.0]]])"),
    ("C.corr_cholesky", f"torch.stack([{CORR_L}, torch.eye(3) * 2])"),
    ("C.square", "torch.zeros(2, 3, 3)"),
    ("C.symmetric", "t([[[1.0, 0.5], [0.5, 1.0]], [[1.0, 0.5], [0.4, 1.0]]])"),
    ("C.positive_definite", "t([[[2.0, 0.5], [0.5, 1.0]], [[1.0, 2.0], [2.0, 1.0]]])"),
    ("C.positive_semidefinite", "t([[[1.0, 1.0], [1.0, 1.0]], [[1.0, 2.0], [2.0, 1.0]]])"),
    ("C.cat([C.positive, C.real], dim=0, lengths=[1, 2])", "t([-1.0, -2.0, 3.0])"),
    ("C.stack([C.positive, C.real], dim=0)", "t([[-1.0, 2.0], [-2.0, 3.0]])"),
]

# error paths: expression -> (exception type, message)
ERRORS = [
    "D.Normal(0.0, -1.0)",
    "D.Normal(t([0.0, 1.0]), t([1.0, -1.0]))",
    "D.Normal(t([0.0, 1.0]), t([1.0, 1.0])).log_prob(t([0.0, 0.0, 0.0]))",
    "D.Normal(0.0, 1.0).log_prob(0.5)",
    "D.Bernoulli(t([0.5])).log_prob(t([0.3]))",
    "D.Bernoulli(t([1.5]))",
    "D.Bernoulli()",
    "D.Bernoulli(0.5, 0.3)",
    "D.Categorical(t([0.5, 0.5])).log_prob(t(3))",
    "D.Categorical(t(0.5))",
    "D.Categorical(t([0.5, -0.5]))",
    "D.Gamma(t([1.0, -2.0]), 1.0)",
    "D.Beta(t([1.0, -2.0]), 1.0)",
    "D.Dirichlet(t([[1.0, -2.0], [1.0, 1.0]]))",
    "D.Dirichlet(t(1.0))",
    "D.Uniform(2.0, 1.0)",
    "D.Uniform(0.0, 1.0).log_prob(t(1.5))",
    "D.Poisson(t([-1.0]))",
    "D.Poisson(t([2.0])).log_prob(t([1.5]))",
    "D.Exponential(t([1.0])).log_prob(t([-1.0]))",
    "D.Geometric(t([0.0, 0.5]))",
    "D.Binomial(t([2.5]), t([0.5]))",
    "D.Binomial(10, t([0.5])).log_prob(t([11.0]))",
    "D.Binomial(t([5.0, 10.0]), t([0.5, 0.5])).enumerate_support()",
    "D.Multinomial(t(3), t([0.5, 0.5]))",
    "D.Multinomial(3, t([0.5, 0.5])).log_prob(t([2.0, 2.0]))",
    "D.MultivariateNormal(t([0.0, 0.0]), t([[1.0, 2.0], [2.0, 1.0]]))",
    "D.MultivariateNormal(t(0.0), torch.eye(2))",
    "D.MultivariateNormal(t([0.0, 0.0]))",
    "D.MultivariateNormal(t([0.0, 0.0]), torch.eye(2)).log_prob(t([0.0, 0.0, 0.0]))",
    "D.Independent(D.Normal(t([0.0, 1.0]), 1.0), 2)",
    "D.MixtureSameFamily(D.Normal(0.0, 1.0), D.Normal(t([0.0, 1.0]), 1.0))",
    "D.MixtureSameFamily(D.Categorical(t([0.5, 0.5])), D.Normal(t([0.0, 1.0, 2.0]), 1.0))",
    "D.TransformedDistribution(D.Normal(0.0, 1.0), 3)",
    "D.Normal(0.0, 1.0).enumerate_support()",
    "D.Independent(D.Bernoulli(t([0.5, 0.5])), 1).enumerate_support()",
    "D.kl_divergence(D.Normal(0.0, 1.0), D.Cauchy(0.0, 1.0))",
    "D.kl_divergence(D.Binomial(5, t([0.5])), D.Binomial(10, t([0.5])))",
    "D.kl_divergence(D.MultivariateNormal(t([0.0, 0.0]), torch.eye(2)), "
    "D.MultivariateNormal(t([0.0, 0.0, 0.0]), torch.eye(3)))",
    "D.kl_divergence(D.Gamma(1.0, 1.0), D.Poisson(1.0))",
    "D.Distribution.set_default_validate_args(3)",
    "D.LKJCholesky(1)",
    "D.Wishart(t(0.5), torch.eye(2))",
    "D.StudentT(t([-1.0]))",
    "D.Laplace(0.0, t([0.0]))",
    "D.Normal('a', 1.0)",
    "T.Transform(cache_size=2)",
    "T.ReshapeTransform((2, 2), (3,))",
    "D.biject_to(C.positive_definite)",
    "C.dependent.check(t(1.0))",
    "D.ContinuousBernoulli(t([1.5]), validate_args=True)",
    "D.Normal(0.0, 1.0).mode if False else D.Distribution().mode",
    "T.AbsTransform().sign",
]


def _ev(expr, **extra):
    return eval(expr, dict(ENV, **extra))


def _result(fn):
    """A tensor record, or the exception type raised."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = fn()
    except Exception as e:  # noqa: BLE001 - the type is the reference
        return {"error": type(e).__name__}
    return record(r)


def _shape_of(fn):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = fn()
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__}
    return {"shape": list(r.shape), "dtype": str(r.dtype)}


def dist_case(expr, vexpr, pexpr):
    d = _ev(expr)
    v = _ev(vexpr)
    p = _ev(pexpr) if pexpr else None
    out = {"expr": expr, "value": vexpr, "probs": pexpr,
           "batch_shape": list(d.batch_shape), "event_shape": list(d.event_shape),
           "repr": repr(d), "has_rsample": bool(d.has_rsample),
           "has_enumerate_support": bool(d.has_enumerate_support)}
    try:
        out["support"] = repr(d.support)
    except NotImplementedError:
        out["support"] = None
    for prop in PROPS:
        out[prop] = _result(lambda: getattr(d, prop))
    for name, m in METHODS.items():
        if name == "icdf" and p is None:
            continue
        out[name] = _result(lambda: eval(m, dict(ENV, d=d, v=v, p=p)))
    samples = {}
    for shape in [(), (2, 3)]:
        samples[str(shape)] = _shape_of(lambda: d.sample(shape))
        if d.has_rsample:
            samples["r" + str(shape)] = _shape_of(lambda: d.rsample(shape))
    out["samples"] = samples
    return out


def transform_case(expr, xexpr):
    tr = _ev(expr)
    x = _ev(xexpr)
    out = {"expr": expr, "x": xexpr, "repr": repr(tr), "bijective": bool(tr.bijective),
           "domain": repr(tr.domain), "codomain": repr(tr.codomain),
           "domain_event_dim": tr.domain.event_dim, "codomain_event_dim": tr.codomain.event_dim}
    y = tr(x)
    out["y"] = record(y)
    out["inv"] = _result(lambda: tr.inv(y))
    out["inv_fresh"] = _result(lambda: tr.inv(y.clone()))
    out["ldj"] = _result(lambda: tr.log_abs_det_jacobian(x, y))
    try:
        s = tr.sign
        out["sign"] = s if isinstance(s, int) else record(s)
    except NotImplementedError:
        out["sign"] = "NotImplementedError"
    out["forward_shape"] = list(tr.forward_shape(x.shape))
    out["inverse_shape"] = list(tr.inverse_shape(y.shape))
    return out


def main():
    dists = {name: dist_case(*spec[1:]) for name, spec in ((s[0], s) for s in DISTS)}
    kls = {f"{p} || {q}": {"p": p, "q": q, "kl": _result(lambda: D.kl_divergence(_ev(p),
                                                                                  _ev(q)))}
           for p, q in KL}
    trans = {e: transform_case(e, x) for e, x in TRANSFORMS}
    reg = {}
    for cexpr, xexpr in REGISTRY:
        c = _ev(cexpr)
        x = _ev(xexpr)
        for kind in ("biject_to", "transform_to"):
            try:
                tr = getattr(D, kind)(c)
            except NotImplementedError:
                reg[f"{kind}({cexpr})"] = {"error": "NotImplementedError"}
                continue
            y = tr(x)
            reg[f"{kind}({cexpr})"] = {"kind": kind, "constraint": cexpr, "x": xexpr,
                                       "repr": repr(tr), "y": record(y),
                                       "valid": bool(c.check(y).all())}
    checks = {f"{c}.check({x})": {"c": c, "x": x, "repr": repr(_ev(c)),
                                  "event_dim": _ev(c).event_dim,
                                  "is_discrete": _ev(c).is_discrete,
                                  "out": record(_ev(c).check(_ev(x)))}
              for c, x in CHECKS}
    errors = {}
    for e in ERRORS:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _ev(e)
        except Exception as ex:  # noqa: BLE001
            errors[e] = {"type": type(ex).__name__, "message": str(ex)}
        else:
            raise AssertionError(f"{e} did not raise")
    # ExponentialFamily's generic (autograd) entropy against the closed forms
    expfam = {}
    for expr in [f"D.Normal({LOC}, {SCALE})", f"D.Gamma({CONC1}, {SCALE})",
                 f"D.Exponential({SCALE})", f"D.Beta({CONC1}, {CONC0})",
                 "D.Dirichlet(t([[0.5, 1.0, 2.0], [3.0, 3.0, 3.0]]))", f"D.Poisson({SCALE})"]:
        expfam[expr] = _result(lambda: D.ExponentialFamily.entropy(_ev(expr)))
    write("distributions", {"dists": dists, "kl": kls, "transforms": trans, "registry": reg,
                            "checks": checks, "errors": errors, "expfam_entropy": expfam,
                            "all": list(D.__all__), "dir": sorted(dir(D))})


if __name__ == "__main__":
    main()
