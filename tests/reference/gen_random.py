"""Reference for jtorch's random ops: dtype, shape and requires_grad of each call (values are in
gen_rng_stream.py), and the exception type and message of each error case. Run with real torch: python tests/reference/gen_random.py

Each case is an expression over `torch` (and `z`, a helper that builds zeros) evaluated by
tests/test_random.py with `import jtorch as torch`.
"""
import re
import warnings

from refutil import write

CALLS = [
    # rand / randn: size as varargs, tuple, list, size=, empty, dtypes
    "torch.rand(2, 3)", "torch.rand((2, 3))", "torch.rand([4])", "torch.rand(size=(2, 1, 3))",
    "torch.rand(())", "torch.rand(0, 3)", "torch.rand(3, dtype=torch.float64)",
    "torch.rand(3, dtype=torch.float16)", "torch.rand(3, dtype=torch.bfloat16)",
    "torch.rand(2, requires_grad=True)", "torch.rand(2, device='cpu')",
    "torch.rand(torch.Size([2, 2]))",
    "torch.randn(2, 3)", "torch.randn(size=(5,))", "torch.randn(4, dtype=torch.float64)",
    "torch.randn(4, dtype=torch.float16)", "torch.randn(4, dtype=torch.bfloat16)",
    "torch.randn(1, requires_grad=True)", "torch.randn([])",
    # randint: every signature, dtypes
    "torch.randint(10, (3,))", "torch.randint(2, 10, (3, 2))", "torch.randint(5, size=(4,))",
    "torch.randint(1, 5, size=(4,))", "torch.randint(low=1, high=5, size=(4,))",
    "torch.randint(high=3, size=(2,))", "torch.randint(3, (2,), dtype=torch.int32)",
    "torch.randint(3, (2,), dtype=torch.uint8)", "torch.randint(3, (2,), dtype=torch.int8)",
    "torch.randint(3, (2,), dtype=torch.int16)", "torch.randint(2, (2,), dtype=torch.bool)",
    "torch.randint(3, (2,), dtype=torch.float32)", "torch.randint(3, (2,), dtype=torch.float16)",
    "torch.randint(3, (2,), dtype=torch.float64)", "torch.randint(-2**63, 2**63 - 1, (3,))",
    "torch.randint(3, (0,))", "torch.randint(0, 3, ())",
    # randperm
    "torch.randperm(5)", "torch.randperm(0)", "torch.randperm(4, dtype=torch.int32)",
    "torch.randperm(4, dtype=torch.float32)", "torch.randperm(256, dtype=torch.uint8)",
    "torch.randperm(2049, dtype=torch.float16)", "torch.randperm(3, dtype=torch.float64)",
    "torch.randperm(3, dtype=torch.float16, requires_grad=True)",
    # *_like
    "torch.rand_like(z(2, 3))", "torch.rand_like(z(2, dtype=torch.float64))",
    "torch.rand_like(z(2), dtype=torch.float16)", "torch.randn_like(z(3, 1))",
    "torch.randn_like(z(2, dtype=torch.bfloat16))", "torch.randn_like(z(2), requires_grad=True)",
    "torch.randint_like(z(2, 2), 5)", "torch.randint_like(z(2), 2, 5)",
    "torch.randint_like(z(2, dtype=torch.int32), 5)",
    "torch.randint_like(z(2), 3, dtype=torch.int64)", "torch.randint_like(z(3), high=4)",
    "torch.randint_like(z(3), low=1, high=4)",
    # normal: the four overloads, broadcasting, dtypes
    "torch.normal(z(2, 3), z(2, 3) + 1)", "torch.normal(z(3), z(2, 1) + 1)",
    "torch.normal(z(2, 3), 2.0)", "torch.normal(z(2, 3))", "torch.normal(1.0, z(4) + 1)",
    "torch.normal(0, z(4) + 1)", "torch.normal(0.0, 1.0, (2, 2))",
    "torch.normal(0.0, 1.0, size=(3,))", "torch.normal(0, 1.0, (2,))",
    "torch.normal(0.0, 1.0, (2,), dtype=torch.float64)",
    "torch.normal(0.0, 1.0, (2,), requires_grad=True)",
    "torch.normal(z(2, dtype=torch.float16), z(2, dtype=torch.float64) + 1)",
    "torch.normal(z(2, dtype=torch.float64), z(2, dtype=torch.float16) + 1)",
    "torch.normal(0.0, z(2, dtype=torch.float16) + 1)",
    "torch.normal(z(2), torch.ones(2, dtype=torch.int64))",
    "torch.normal(mean=z(2), std=z(2) + 1)", "torch.normal(mean=0.0, std=1.0, size=(2,))",
    "torch.normal(z(2), 0.0)",
    # bernoulli
    "torch.bernoulli(z(2, 3) + 0.5)", "torch.bernoulli(z(2, dtype=torch.float64) + 0.5)",
    "torch.bernoulli(z(2, dtype=torch.float16), 0.5)",
    "torch.bernoulli(z(2, dtype=torch.int64), 0.5)", "torch.bernoulli(z(2, dtype=torch.bool), 0.5)",
    "torch.bernoulli(z(3), p=1.0)", "(z(2, 3) + 0.5).bernoulli()", "z(4).bernoulli(0.3)",
    # multinomial
    "torch.multinomial(z(4) + 1, 2)", "torch.multinomial(z(4) + 1, 4)",
    "torch.multinomial(z(4) + 1, 9, replacement=True)", "torch.multinomial(z(3, 5) + 1, 2)",
    "torch.multinomial(z(3, 5) + 1, 7, True)", "torch.multinomial(z(0, 5) + 1, 2)",
    "torch.multinomial(z(4, dtype=torch.float64) + 1, 2)",
    "torch.multinomial(z(4, dtype=torch.float16) + 1, 2)",
    "(z(4) + 1).multinomial(3)", "(z(4) + 1).multinomial(num_samples=6, replacement=True)",
    # poisson
    "torch.poisson(z(2, 3) + 2)", "torch.poisson(z(3, dtype=torch.float64) + 2)",
    "torch.poisson(z(3, dtype=torch.float16) + 2)", "torch.poisson(z(2, dtype=torch.bfloat16))",
    # in-place fills keep dtype and shape
    "z(2, 3).uniform_()", "z(2, 3).uniform_(-1, 1)", "z(2, dtype=torch.float16).uniform_(1, 2)",
    "z(2, dtype=torch.float64).uniform_(to=5)", "z(3).uniform_(2, 2)",
    "z(2, 3).normal_()", "z(2, dtype=torch.bfloat16).normal_(1, 2)", "z(2).normal_(std=0.0)",
    "z(3).random_()", "z(3).random_(5)", "z(3).random_(2, 5)", "z(3).random_(-3, to=5)",
    "z(3, dtype=torch.int64).random_()", "z(3, dtype=torch.int32).random_()",
    "z(3, dtype=torch.uint8).random_()", "z(3, dtype=torch.int8).random_(-5, 5)",
    "z(3, dtype=torch.int16).random_(100)", "z(3, dtype=torch.bool).random_()",
    "z(3, dtype=torch.float16).random_()", "z(3, dtype=torch.bfloat16).random_()",
    "z(3, dtype=torch.float64).random_()", "z(3, dtype=torch.int64).random_(-2**63, None)",
    "z(3, dtype=torch.float64).random_(-2**63, None)", "z(3, dtype=torch.uint8).random_(255, None)",
    "z(3, dtype=torch.int64).random_(2**63 - 1, None)",
    "z(2, 2).exponential_()", "z(2, dtype=torch.float64).exponential_(lambd=3)",
    "z(3).geometric_(0.5)", "z(3, dtype=torch.int64).geometric_(0.2)",
    "z(3, dtype=torch.uint8).geometric_(0.9)", "z(3).log_normal_()",
    "z(3, dtype=torch.float16).log_normal_(0, 0.5)", "z(3).cauchy_()",
    "z(3, dtype=torch.float64).cauchy_(median=1, sigma=2)",
    "z(3).bernoulli_()", "z(3).bernoulli_(0.2)", "z(3, dtype=torch.int64).bernoulli_(0.5)",
    "z(3, dtype=torch.bool).bernoulli_(0.5)", "z(2, 3).bernoulli_(z(3) + 0.5)",
    "z(2, dtype=torch.int64).bernoulli_(z(2) + 0.5)", "z(2, 3).bernoulli_(p=z(2, 1) + 0.3)",
    # a view filled in place writes through to its base
    "z(2, 3)[0].uniform_()", "z(4, 4).t().normal_()",
]

ERRORS = [
    # dtype
    "torch.rand(3, dtype=torch.int64)", "torch.rand(3, dtype=torch.bool)",
    "torch.randn(3, dtype=torch.int64)", "torch.randn(3, dtype=torch.int32)",
    "torch.randn(3, dtype=torch.bool)", "torch.rand_like(z(2, dtype=torch.int64))",
    "torch.randn_like(z(2, dtype=torch.int64))", "torch.randint(5, (3,), requires_grad=True)",
    "torch.randperm(3, dtype=torch.bool)", "torch.randperm(3, requires_grad=True)",
    "torch.normal(z(2, dtype=torch.int64), 1.0)",
    "torch.normal(2.0, torch.ones(2, dtype=torch.int64))",
    "torch.normal(0.0, 1.0, (2,), dtype=torch.int64)",
    "torch.bernoulli(z(2, dtype=torch.int64))",
    "torch.multinomial(torch.ones(2, dtype=torch.int64), 1)",
    "torch.poisson(torch.ones(2, dtype=torch.int64))",
    "z(3, dtype=torch.int64).uniform_()", "z(3, dtype=torch.int64).normal_()",
    "z(3, dtype=torch.int64).exponential_()", "z(3, dtype=torch.int32).exponential_()",
    "z(3, dtype=torch.bool).exponential_()", "z(3, dtype=torch.uint8).exponential_()",
    "z(3, dtype=torch.int64).cauchy_()", "z(3, dtype=torch.int32).cauchy_()",
    "z(3, dtype=torch.int16).cauchy_()", "z(3, dtype=torch.int8).cauchy_()",
    "z(3, dtype=torch.uint8).cauchy_()", "z(3, dtype=torch.bool).cauchy_()",
    "z(3, dtype=torch.int64).log_normal_()", "z(3, dtype=torch.bool).geometric_(0.5)",
    # ranges
    "torch.randint(5, 5, (3,))", "torch.randint(5, 2, (3,))", "torch.randint(-3, (2,))",
    "torch.randint(0, (2,))", "torch.randint(0, 300, (3,), dtype=torch.uint8)",
    "torch.randint(-5, 3, (3,), dtype=torch.uint8)", "torch.randint(0, 3, (3,), dtype=torch.bool)",
    "torch.randint(0, 2**20, (2,), dtype=torch.float16)", "torch.randint(0, 2**63, (3,))",
    "torch.randint_like(z(2, dtype=torch.uint8), 300)", "torch.randint_like(z(2), 3, 3)",
    "torch.randperm(-1)", "torch.randperm(257, dtype=torch.uint8)",
    "torch.randperm(129, dtype=torch.int8)", "torch.randperm(2**15 + 1, dtype=torch.int16)",
    "torch.randperm(2050, dtype=torch.float16)",
    "z(3).random_(5, 5)", "z(3).random_(0)", "z(3).random_(-5)",
    "z(3, dtype=torch.uint8).random_(-1, 5)", "z(3, dtype=torch.uint8).random_(0, 500)",
    "z(3, dtype=torch.int8).random_(0, 200)", "z(3, dtype=torch.int16).random_(2**10, 2**16)",
    "z(3, dtype=torch.int32).random_(0, 2**40)", "z(3, dtype=torch.bool).random_(0, 3)",
    "z(3, dtype=torch.bool).random_(-1, 1)", "z(3, dtype=torch.float16).random_(0, 2**20)",
    "z(3, dtype=torch.uint8).random_(300, None)", "z(3).random_(2**24, None)",
    "z(3, dtype=torch.int32).random_(-2**63, None)",
    "z(3, dtype=torch.float16).random_(-2**63, None)",
    "z(3).uniform_(1, 0)", "z(3, dtype=torch.float16).uniform_(-60000, 60000)",
    "z(3).uniform_(-3e38, 3e38)",
    # distribution parameters
    "torch.normal(0.0, -1.0, (3,))", "torch.normal(z(3), -1.0)", "z(3).normal_(0, -1)",
    "z(3).normal_(0, -0.5)", "z(3).exponential_(-1)", "z(3).exponential_(0)",
    "z(3).geometric_(0)", "z(3).geometric_(1)", "z(3).geometric_(1.5)",
    "z(3).log_normal_(0, -1)", "z(3).log_normal_(0, 0)", "z(3).cauchy_(0, -1)",
    "z(3).cauchy_(0, 0)", "z(3).bernoulli_(1.5)", "z(3).bernoulli_(-0.1)",
    "torch.bernoulli(z(3), p=2.0)", "torch.bernoulli(z(3), 1.5)",
    # value-dependent (checked at the next sync point in jtorch)
    "torch.normal(z(3), -torch.ones(3)).tolist()",
    "torch.normal(0.0, torch.tensor([-1.0, 1.0])).tolist()",
    "torch.bernoulli(torch.tensor([0.5, 2.0])).tolist()",
    "torch.bernoulli(torch.tensor([-0.5, 0.0])).tolist()",
    "z(3).bernoulli_(torch.tensor([0.5, 2.0, 0.0])).tolist()",
    "torch.multinomial(torch.tensor([1.0, -1.0]), 1).tolist()",
    "torch.multinomial(torch.tensor([1.0, float('inf')]), 1).tolist()",
    "torch.multinomial(torch.tensor([1.0, float('nan')]), 1).tolist()",
    "torch.multinomial(z(2), 1).tolist()",
    "torch.multinomial(torch.tensor([[1.0, 1.0], [0.0, 0.0]]), 1).tolist()",
    "torch.multinomial(torch.tensor([0.0, 0.0]), 3, True).tolist()",
    "torch.poisson(torch.tensor([-1.0])).tolist()",
    "torch.poisson(torch.tensor([float('nan')])).tolist()",
    # shapes and counts
    "torch.normal(z(2, 3), z(2) + 1)", "torch.normal(z(6), z(2, 3) + 1)",
    "z(2, 3).bernoulli_(z(2) + 0.5)", "torch.multinomial(z(3) + 1, 4)",
    "torch.multinomial(z(2, 3) + 1, 4)", "torch.multinomial(z(0) + 1, 1)",
    "torch.multinomial(torch.ones(2, 2, 2), 1)", "torch.multinomial(torch.tensor(1.0), 1)",
    "torch.multinomial(torch.ones(2), 0)", "torch.multinomial(torch.ones(2), -1)",
    "torch.multinomial(torch.ones(2**24 + 1), 1)", "torch.rand(-1)", "torch.rand(2, -3)",
    # seeds and states
    "torch.manual_seed(2**64)", "torch.manual_seed(-2**63 - 1)", "torch.manual_seed('a')",
    "torch.Generator().manual_seed(1.5)", "torch.Generator().manual_seed('a')",
    "torch.Generator().manual_seed(2**64)", "torch.Generator(device='meta')",
    "torch.Generator(device='foo')",
    "torch.set_rng_state(z(16))", "torch.set_rng_state([1, 2])", "torch.Generator().set_state([1])",
    "torch.Generator().set_state(z(3))",
]


def main():
    import torch

    def z(*size, dtype=torch.float32):
        return torch.zeros(*size, dtype=dtype)

    calls = {}
    for expr in CALLS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t = eval(expr, {"torch": torch, "z": z})
        calls[expr] = {"dtype": str(t.dtype), "shape": list(t.shape),
                       "requires_grad": bool(t.requires_grad)}
    errors = {}
    for expr in ERRORS:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                eval(expr, {"torch": torch, "z": z})
        except Exception as e:  # noqa: BLE001 (recording whatever torch raises)
            errors[expr] = {"type": type(e).__name__, "message": str(e).split("\n")[0]}
        else:
            raise AssertionError(f"expected an error from {expr}")
    warns = {}
    for expr in ["z(3).random_(-2**24 - 1, 2)", "z(3).random_(0, 2**24 + 2)",
                 "z(3, dtype=torch.bfloat16).random_(0, 1000)",
                 "z(3, dtype=torch.float16).random_(-4096, 0)",
                 "z(3, dtype=torch.float64).random_(0, 2**60)",
                 "torch.randint(0, 2**30, (2,), dtype=torch.float32)"]:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            eval(expr, {"torch": torch, "z": z})
        # drop the build-specific "(Triggered internally at <file>:<line>.)"
        warns[expr] = [re.sub(r" \(Triggered internally at .*\)$", "", str(x.message))
                       for x in w if issubclass(x.category, UserWarning)]
    write("random", {"calls": calls, "errors": errors, "warnings": warns})


if __name__ == "__main__":
    main()
