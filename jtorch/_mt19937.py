"""PyTorch's CPU random stream, reproduced on the host with NumPy.

PyTorch's CPU generator (`CPUGeneratorImpl`) is a 32-bit Mersenne Twister (std::mt19937's
algorithm, seeded with the low 32 bits of the seed by the reference `init_genrand`) plus a cached
second normal sample. ATen's CPU sampling kernels turn its words into samples with fixed
formulas (ATen/core/TransformationHelper.h, DistributionsHelper.h and
native/cpu/DistributionTemplates.h). This module reproduces both, so that `torch.manual_seed(s)`
followed by `rand`, `randn`, `randint`, `randperm`, `normal_`, `uniform_`, `bernoulli`,
`multinomial`, ... gives PyTorch's numbers (to the last bit where the formula is exact; normal
samples can differ in the last ulp, as libm's and NumPy's float logarithm/sine differ).

NumPy's `MT19937` bit generator is the same engine: its `random_raw` gives the tempered 32-bit
outputs in the same order. The functions below return NumPy arrays; the random ops
(jtorch/_ops/random_ops.py) place them on the device.
"""
import itertools
import math
import struct

import ml_dtypes
import numpy as np

STATE_SIZE = 5056   # bytes of PyTorch's CPUGeneratorImplState
_N = 624
_M32 = 0xFFFFFFFF
# the state layout: seed, left, seeded, next, the 624 words (as uint64), then the legacy normal
# fields (normal_x unused by PyTorch; jtorch keeps its threefry offset there), the cached double
# normal and its flag, and the (unused on CPU) float normal cache
_HEAD = struct.Struct("<qiiQ")
_TAIL = struct.Struct("<QddixxxxfB3x")
_WORDS_AT = _HEAD.size
_TAIL_AT = _WORDS_AT + 8 * _N
assert _TAIL_AT + _TAIL.size == STATE_SIZE


def _init_genrand(seed):
    """The 624 state words std::mt19937 (and PyTorch's mt19937) starts from for `seed`."""
    key = np.empty(_N, np.uint32)
    x = seed & _M32
    key[0] = x
    for j in range(1, _N):
        x = (1812433253 * (x ^ (x >> 30)) + j) & _M32
        key[j] = x
    return key


# every change to any engine's state gets a new number: an engine whose number is the one noted
# earlier has drawn nothing since (compiler/_replay.py prefetches draws on that condition)
_next_version = itertools.count().__next__


class MT19937:
    """The engine and normal cache of one PyTorch CPU generator."""

    __slots__ = ("_bits", "_gen", "_fresh", "normal_cache", "version")

    def __init__(self, seed=None):
        self._bits = np.random.MT19937()
        # Generator.integers over the full 32/64-bit range returns the engine's raw words (64:
        # the first word high, as PyTorch's random64), about 30% faster than random_raw
        self._gen = np.random.Generator(self._bits)
        if seed is not None:
            self.seed(seed)

    def seed(self, seed):
        self._bits.state = {"bit_generator": "MT19937",
                            "state": {"key": _init_genrand(seed), "pos": _N}}
        self._fresh = True          # PyTorch reports next=0 until the first draw
        self.normal_cache = None    # normal_distribution<double>'s second sample
        self.version = _next_version()

    def clone(self):
        """An engine in this one's state (drawing from it leaves this one as it is)."""
        c = MT19937()
        c._bits.state = self._bits.state
        c._fresh, c.normal_cache = self._fresh, self.normal_cache
        c.version = _next_version()
        return c

    # ---- words ----
    def u32(self, n):
        """n 32-bit words (generator->random()), as uint64."""
        self._fresh = False
        self.version = _next_version()
        return self._gen.integers(0, 1 << 32, n, dtype=np.uint32).astype(np.uint64)

    def u64(self, n):
        """n 64-bit words (generator->random64(): the first 32-bit word is the high half)."""
        self._fresh = False
        self.version = _next_version()
        return self._gen.integers(0, 1 << 64, n, dtype=np.uint64)

    def unit_float(self, n):
        """uniform_real_distribution<float>(0, 1): 24 random bits, float32."""
        return (self.u32(n) & np.uint64((1 << 24) - 1)).astype(np.float32) * np.float32(2 ** -24)

    def unit_double(self, n):
        """uniform_real_distribution<double>(0, 1): 53 random bits, float64."""
        return (self.u64(n) & np.uint64((1 << 53) - 1)).astype(np.float64) * 2.0 ** -53

    # ---- state ----
    def state_bytes(self, initial_seed, extra=0):
        """PyTorch's 5056-byte state; `extra` (a uint64) goes into the unused normal_x field."""
        st = self._bits.state["state"]
        pos = int(st["pos"])
        nxt, left = (0, 1) if self._fresh else (pos, _N + 1 - pos)
        cache = self.normal_cache
        return b"".join([
            _HEAD.pack(initial_seed - (1 << 64) if initial_seed >= 1 << 63 else initial_seed,
                       left, 1, nxt),
            np.asarray(st["key"], np.uint32).astype("<u8").tobytes(),
            _TAIL.pack(extra, 0.0 if cache is None else cache, 0.0, cache is not None, 0.0, 0)])

    def load_state_bytes(self, b):
        """Restore from PyTorch's state bytes; returns (initial seed, the extra field)."""
        seed, left, seeded, nxt = _HEAD.unpack_from(b, 0)
        if seeded != 1 or not 1 <= left <= _N or nxt > _N:  # PyTorch's validity check
            raise RuntimeError("Invalid mt19937 state")
        words = np.frombuffer(b, "<u8", _N, _WORDS_AT).astype(np.uint32)
        extra, normal_y, _, valid, _, _ = _TAIL.unpack_from(b, _TAIL_AT)
        fresh = left == 1 and nxt == 0
        # PyTorch regenerates the words when `left` runs out; NumPy when `pos` reaches 624 (the
        # two agree for every state PyTorch produces: left == 625 - next)
        pos = _N if left == 1 else min(nxt, _N)
        self._bits.state = {"bit_generator": "MT19937", "state": {"key": words, "pos": pos}}
        self.version = _next_version()
        self._fresh = fresh
        self.normal_cache = float(normal_y) if valid else None
        return seed % (1 << 64), extra


# ---- PyTorch's CPU sampling kernels ---------------------------------------------------------
_HALF = (np.dtype(np.float16), np.dtype(ml_dtypes.bfloat16))
_DIGITS = {np.dtype(np.float16): 11, np.dtype(ml_dtypes.bfloat16): 8,
           np.dtype(np.float32): 24, np.dtype(np.float64): 53}


def _fma(a, b, c):
    """a * b + c with one rounding, as the C++ kernels compile it (a fused multiply-add), for
    float64 arrays: Dekker's exact product and Knuth's exact sum, rounded once at the end."""
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    s = p + c
    bb = s - p
    t = (p - (s - bb)) + (c - bb)
    return s + (t + e)


def _split(x):
    h = 134217729.0 * x
    h = h - (h - x)
    return h, x - h


def _fma32(a, b, c):
    """fma for float32 operands: the product is exact in float64, so one rounding remains."""
    return (np.asarray(a, np.float64) * np.float64(b) + np.float64(c)).astype(np.float32)


def uniform(mt, n, dt, frm, to):
    """uniform_(from, to) on a tensor of numpy dtype `dt` (uniform_kernel): the sample
    u * (to - from) + from (a fused multiply-add) is computed in the op-math type (float32 for
    half types), cast, and a value that rounded up to `to` becomes `from`."""
    if dt == np.float64:
        x = _fma(mt.unit_double(n), np.float64(to - frm), np.float64(frm))
    else:
        f32 = np.float32
        x = _fma32(mt.unit_float(n), f32(to) - f32(frm), f32(frm))
    v = x.astype(dt)
    to_s, frm_s = dt.type(to), dt.type(frm)
    return np.where(v == to_s, frm_s, v)


def _box_muller_16(d, mean, std, dt):
    """NormalFill16 on rows of 16 uniforms: u1 = 1 - d[:8] (radius), u2 = d[8:] (angle);
    out = fma(radius * cos(theta), std, mean) and the same with sin. For float32 the logarithm
    is evaluated in float64 and rounded, sine and cosine in float32 (NumPy's vectorised
    functions): measured against PyTorch's CPU build, 92% of samples agree to the bit and the
    rest differ in the last bit."""
    mean, std = dt.type(mean), dt.type(std)  # static_cast<opmath_t>
    u1 = 1 - d[:, :8]
    u2 = d[:, 8:]
    if dt == np.float64:
        radius = np.sqrt(-2 * np.log(u1))
        theta = 2.0 * math.pi * u2
        fma = _fma
    else:
        radius = np.sqrt(np.float32(-2) * np.log(u1.astype(np.float64)).astype(dt))
        theta = dt.type(2.0 * math.pi) * u2   # measured: PyTorch's build rounds 2*pi first
        fma = _fma32
    out = np.empty_like(d)
    out[:, :8] = radius * np.cos(theta)
    out[:, 8:] = radius * np.sin(theta)
    if std != 1 or mean != 0:
        out = fma(out.astype(np.float64), std, mean).astype(dt)
    return out


def normal(mt, n, dt, mean, std, contiguous=True):
    """normal_(mean, std) (normal_kernel): 16 or more elements of a contiguous tensor take
    normal_fill (uniforms for all elements first, Box-Muller on blocks of 16, the last partial
    block recomputed from 16 fresh uniforms); otherwise each element is a
    normal_distribution<double> sample, which caches its second value in the generator."""
    if n < 16 or not contiguous:
        return (normal_double(mt, n) * std + mean).astype(dt)
    op = np.dtype(np.float64) if dt == np.float64 else np.dtype(np.float32)
    unit = mt.unit_double if op == np.float64 else mt.unit_float
    full = n // 16 * 16
    out = np.empty(n, op)
    if dt == op:
        # float/double: uniforms for every element first, then the blocks
        u = unit(n)
        out[:full] = _box_muller_16(u[:full].reshape(-1, 16), mean, std, op).reshape(-1)
    else:
        # half types: only the full blocks draw uniforms before the last block
        out[:full] = _box_muller_16(unit(full).reshape(-1, 16), mean, std, op).reshape(-1)
    if n % 16:
        out[n - 16:] = _box_muller_16(unit(16).reshape(1, 16), mean, std, op).reshape(-1)
    return out.astype(dt)


def normal_double(mt, n):
    """n standard normal_distribution<double> samples: Box-Muller on pairs of 53-bit uniforms
    (u1 for the angle, u2 for the radius), the sine sample cached for the next call."""
    out = np.empty(n)
    i = 0
    if n and mt.normal_cache is not None:
        out[0] = mt.normal_cache
        mt.normal_cache = None
        mt.version = _next_version()
        i = 1
    rest = n - i
    if rest:
        pairs = (rest + 1) // 2
        flat = _box_muller_pairs(mt.unit_double(2 * pairs).reshape(pairs, 2)).reshape(-1)
        out[i:] = flat[:rest]
        if rest % 2:
            mt.normal_cache = float(flat[rest])
    return out


def _box_muller_pairs(u):
    """normal_distribution<double>'s two samples from each row (angle, radius) of 53-bit
    uniforms `u` (m, 2): the cosine sample, then the sine one (the one cached)."""
    r = np.sqrt(-2.0 * np.log1p(-u[:, 1]))
    theta = 2.0 * math.pi * u[:, 0]
    both = np.empty((len(u), 2))
    both[:, 0] = r * np.cos(theta)
    both[:, 1] = r * np.sin(theta)
    return both


def log_normal(mt, n, dt, mean, std):
    """log_normal_(mean, std): exp of normal_distribution<double> samples."""
    return np.exp(normal_double(mt, n) * std + mean).astype(dt)


def exponential(mt, n, dt, lambd):
    """exponential_(lambd): -1/lambd * log1p(-u), u a 53-bit uniform."""
    return (-1.0 / lambd * np.log1p(-mt.unit_double(n))).astype(dt)


def geometric(mt, n, dt, p):
    """geometric_(p): ceil(log(u) / log1p(-p)), u a 53-bit uniform."""
    with np.errstate(divide="ignore"):
        return np.ceil(np.log(mt.unit_double(n)) / math.log1p(-p)).astype(dt)


def cauchy(mt, n, dt, median, sigma):
    """cauchy_(median, sigma): median + sigma * tan(pi * (u - 0.5)), u a 53-bit uniform."""
    return (median + sigma * np.tan(math.pi * (mt.unit_double(n) - 0.5))).astype(dt)


def bernoulli_scalar(mt, n, dt, p):
    """bernoulli_(p) with a float p: u < p, u a 53-bit uniform k / 2**53 -- compared as the
    integer k < ceil(p * 2**53), which is the same test (p * 2**53 is exact)."""
    k = mt.u64(n) & np.uint64((1 << 53) - 1)
    return (k < np.uint64(math.ceil(p * 2.0 ** 53))).astype(dt)


def bernoulli_uniforms(mt, n, p_dt):
    """The uniforms bernoulli_(p_tensor) compares p with: 53-bit doubles when p is float64,
    24-bit floats otherwise."""
    return mt.unit_double(n) if p_dt == np.float64 else mt.unit_float(n)


def _to_dtype(v, dt):
    """static_cast<T>(int64_t) of int64 values `v` (wrapping for narrow integer types)."""
    if dt == np.bool_:
        return v != 0
    return v.astype(dt)


def random_from_to(mt, n, dt, base, span):
    """random_(from, to) and randint: (word % span) + base, with a 64-bit word when the span is
    2**28 or more (span 0 stands for the full 64-bit range: the word itself)."""
    if span == 0:
        v = mt.u64(n).view(np.int64)
    else:
        span_u = np.uint64(span % (1 << 64))
        w = mt.u64(n) if span % (1 << 64) >= 1 << 28 else mt.u32(n)
        v = ((w % span_u) + np.uint64(base % (1 << 64))).view(np.int64)
    return _to_dtype(v, dt)


def random_default(mt, n, dt):
    """random_() with no bounds: [0, 2**mantissa] for floats, [0, max] for integers."""
    if dt == np.bool_:
        return (mt.u32(n) & np.uint64(1)).astype(np.bool_)
    if dt == np.int64:
        return (mt.u64(n) % np.uint64(1 << 63)).view(np.int64)
    if dt == np.float64:
        return (mt.u64(n) % np.uint64((1 << 53) + 1)).astype(np.float64)
    if dt in _DIGITS:
        return (mt.u32(n) % np.uint64((1 << _DIGITS[dt]) + 1)).astype(dt)
    top = int(np.iinfo(dt).max) + 1
    return (mt.u32(n) % np.uint64(top)).astype(dt)


def randperm(mt, n):
    """randperm(n) (randperm_cpu): a Fisher-Yates shuffle of 0..n-1 swapping i with
    i + word % (n - i); for n >= 2**32 / 20, the inside-out variant with 64-bit words."""
    if n < (1 << 32) // 20:
        r = np.arange(n, dtype=np.int64)
        if n > 1:
            z = (mt.u32(n - 1) % np.arange(n, 1, -1, dtype=np.uint64)).astype(np.int64)
            z += np.arange(n - 1, dtype=np.int64)
            _swap_each(r, z)
        return r
    z = (mt.u64(n) % np.arange(1, n + 1, dtype=np.uint64)).astype(np.int64)
    r = np.empty(n, np.int64)
    for i in range(n):
        j = z[i]
        r[i] = r[j]
        r[j] = i
    return r


def _swap_each(r, z):
    """for i in order: swap r[i] and r[z[i]] (z[i] >= i)."""
    rl = r.tolist()
    for i, j in enumerate(z.tolist()):
        rl[i], rl[j] = rl[j], rl[i]
    r[:] = rl


def poisson(mt, rates, dt):
    """torch.poisson on the CPU: per rate, in order, PyTorch's sampler -- the transformed
    rejection method (Hormann 1993) for rates of 10 or more, else multiplying 53-bit uniforms
    until the product drops to exp(-rate); each draw is one 64-bit word."""
    out = np.empty(rates.size, np.float64)
    draw = _Uniforms(mt, 4 * rates.size + 16)
    for i, lam in enumerate(rates.reshape(-1).tolist()):
        out[i] = _poisson_one(draw, lam)
    draw.finish()
    return out.reshape(rates.shape).astype(dt)


class _Uniforms:
    """53-bit uniforms (and normal_distribution<double> samples, with the generator's cached
    second normal) of `mt`'s stream for a per-sample Python sampler, read ahead in blocks (a
    uniform drawn one at a time costs about 2 µs, most of it NumPy's call); finish() leaves
    `mt` just past the uniforms used, with the normal cache they left, as if they had been
    drawn one by one (uniform_double / normal_double calls)."""

    __slots__ = ("mt", "saved", "block", "buf", "pos", "drawn", "cache", "pairs")

    def __init__(self, mt, block):
        self.mt, self.block = mt, max(64, min(block, 1 << 16))
        self.saved = (mt._bits.state, mt._fresh)
        self.buf, self.pos, self.drawn = [], 0, 0
        self.cache = mt.normal_cache
        self.pairs = None   # the Box-Muller pair starting at each uniform of buf, when needed

    def _refill(self):
        # the unused uniforms stay in front (a normal's pair may straddle two blocks)
        self.buf = self.buf[self.pos:] + self.mt.unit_double(self.block).tolist()
        self.drawn += self.block
        self.pos = 0
        self.pairs = None

    def __call__(self):
        if self.pos == len(self.buf):
            self._refill()
        self.pos += 1
        return self.buf[self.pos - 1]

    def normal(self):
        """The next standard normal: the cached sample if there is one, else the cosine sample
        of the next two uniforms (angle, radius), caching the sine one."""
        c = self.cache
        if c is not None:
            self.cache = None
            return c
        while self.pos + 2 > len(self.buf):
            self._refill()
        if self.pairs is None:
            u = np.asarray(self.buf)
            both = _box_muller_pairs(np.stack([u[:-1], u[1:]], axis=1))
            self.pairs = (both[:, 0].tolist(), both[:, 1].tolist())
        i = self.pos
        self.pos = i + 2
        self.cache = self.pairs[1][i]
        return self.pairs[0][i]

    def finish(self):
        mt = self.mt
        if self.cache is not mt.normal_cache:
            mt.normal_cache = self.cache
            mt.version = _next_version()
        used = self.drawn - len(self.buf) + self.pos
        if used == self.drawn:
            return
        mt._bits.state, mt._fresh = self.saved
        if used:
            mt.u64(used)   # (the same words again: the stream stops after the last one used)


def _poisson_one(uniform, lam):
    """One sample; `uniform()` gives the stream's next 53-bit uniform."""
    if lam >= 10:
        slam, loglam = math.sqrt(lam), math.log(lam)
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        invalpha = 1.1239 + 1.1328 / (b - 3.4)
        vr = 0.9277 - 3.6224 / (b - 2)
        while True:
            u = uniform() - 0.5
            v = uniform()
            us = 0.5 - abs(u)
            k = math.floor((2 * a / us + b) * u + lam + 0.43)
            if us >= 0.07 and v <= vr:
                return k
            if k < 0 or (us < 0.013 and v > us):
                continue
            if (math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b)) <= \
                    (-lam + k * loglam - math.lgamma(k + 1)):
                return k
    if lam == 0:
        return 0
    enlam, x, prod = math.exp(-lam), 0, 1.0
    while True:
        prod *= uniform()
        if prod > enlam:
            x += 1
        else:
            return x


# ---- torch._standard_gamma / torch._sample_dirichlet / torch.binomial on the CPU ------------
_F32_THIRD = float(np.float32(1.0) / np.float32(3.0))   # the float literal 1.0f / 3.0f
_F32_0331 = float(np.float32(0.0331))


def _gamma_setup(alpha, single):
    """Marsaglia and Tsang's constants for Gamma(alpha, 1) as PyTorch's CPU kernel computes
    them: (the exponent of the uniform power that boosts an alpha below 1 by one, or None; d;
    c), or None for alpha 0 (the sample 0, drawing nothing). `single`: alpha is a float32 (its
    own arithmetic is then float32)."""
    f = np.float32 if single else float
    alpha = f(alpha)
    expo = None
    if alpha < 1.0:
        if alpha == 0:
            return None
        expo = float(f(1.0) / alpha)
        alpha = f(alpha + f(1.0))
    d = float(f(alpha - f(_F32_THIRD)))
    # (a negative or NaN alpha gives a NaN c, and NaN samples: PyTorch's loop runs on)
    return expo, d, 1.0 / math.sqrt(9.0 * d) if d >= 0 else math.nan


def _gamma_one(draw, setup):
    """One Gamma(alpha, 1) sample by Marsaglia and Tsang's (2000) rejection method, as PyTorch's
    CPU kernel draws it, from `setup` (_gamma_setup's constants): 53-bit uniforms (`draw()`)
    and cached Box-Muller normals (`draw.normal()`) of the engine, in double."""
    if setup is None:
        return 0.0
    expo, d, c = setup
    scale = 1.0
    if expo is not None:
        scale *= (1.0 - draw()) ** expo
    normal = draw.normal
    while True:
        while True:
            x = normal()
            y = 1.0 + c * x
            if not y <= 0:
                break
        v = y * y * y
        u = 1.0 - draw()
        xx = x * x
        if u < 1.0 - _F32_0331 * xx * xx:
            return scale * d * v
        if math.log(u) < 0.5 * xx + d * (1.0 - v + math.log(v)):
            return scale * d * v


def _gammas(mt, alphas, single):
    """Gamma(alpha, 1) samples (Python floats, double) for the alphas, in order, their uniforms
    and normals read in blocks (about two 64-bit words a sample)."""
    flat = alphas.reshape(-1).tolist()
    draw = _Uniforms(mt, 3 * len(flat) + 16)
    setups = {}
    out = []
    for a in flat:
        try:
            st = setups[a]
        except KeyError:
            st = setups[a] = _gamma_setup(a, single)
        out.append(_gamma_one(draw, st))
    draw.finish()
    return out


def _at_least(x, tiny):
    """max(tiny, x) elementwise, as std::max(tiny, x) (NaN gives tiny)."""
    return np.where(x > tiny, x, tiny)


def standard_gamma(mt, alphas, dt):
    """torch._standard_gamma on the CPU (float32/float64 `dt`): one sample per alpha, in order,
    no smaller than the dtype's smallest normal number."""
    single = np.dtype(dt) == np.float32
    s = np.array(_gammas(mt, alphas, single), np.float64).astype(dt)
    return _at_least(s, np.finfo(dt).tiny).astype(dt).reshape(alphas.shape)


def dirichlet_gammas(mt, alphas):
    """The float64 Gamma(alpha, 1) samples torch._sample_dirichlet draws on the CPU (alphas
    taken as doubles, in order, at least the smallest normal double); normalising them over the
    last dim gives the Dirichlet sample."""
    s = np.array(_gammas(mt, alphas, False), np.float64)
    return _at_least(s, np.finfo(np.float64).tiny).reshape(alphas.shape)


_STIRLING_TAIL = (0.0810614667953272, 0.0413406959554092, 0.0276779256849983,
                  0.02079067210376509, 0.0166446911898211, 0.0138761288230707,
                  0.0118967099458917, 0.0104112652619720, 0.00925546218271273,
                  0.00833056343336287)


def _stirling_tail(k):
    """log(k!) minus its Stirling approximation (tabulated below 10, else the series)."""
    if k < 10:
        return _STIRLING_TAIL[int(k)]
    kp1sq = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)


def _binomial_inversion(draw, n, logprob, single):
    """The number of geometric waiting times (ceil(log(u) / log1p(-p))) that fit into n.
    The running sum is compared with n in n's type (float32: exact below 2**24, the sum being
    a whole number)."""
    geom_sum, num = 0.0, 0
    nf = float(n)
    while True:
        geom = math.ceil(math.log(draw()) / logprob) if logprob else math.inf
        geom_sum += geom
        if (geom_sum > n) if single and geom_sum >= 2.0 ** 24 else geom_sum > nf:
            return num
        num += 1


def _btrs_setup(n, p, f):
    """BTRS's constants for count n and probability p (of type f), as PyTorch computes them."""
    stddev = float(np.sqrt(f(f(n * p) * f(f(1) - p))))
    b = 1.15 + 2.53 * stddev
    a = -0.0873 + 0.0248 * b + 0.01 * float(p)
    c = float(f(n * p)) + 0.5
    v_r = 0.92 - 4.2 / b
    r = float(f(p / f(f(1) - p)))
    alpha = (2.83 + 5.1 / b) * stddev
    m = math.floor(float(f(f(n + f(1)) * p)))
    return a, b, c, v_r, r, alpha, m, float(n), f is np.float32


def _btrs(draw, consts):
    """Hormann's transformed rejection with squeeze (BTRS), as TensorFlow and PyTorch run it."""
    a, b, c, v_r, r, alpha, m, n, single = consts
    while True:
        u = draw() - 0.5
        v = draw()
        us = 0.5 - abs(u)
        k = math.floor((2 * a / us + b) * u + c)
        # the candidate in the sampler's type (float32: exact below 2**24)
        k = float(np.float32(k)) if single and abs(k) >= 1 << 24 else float(k)
        if k < 0 or k > n:
            continue
        if us >= 0.07 and v <= v_r:
            return k
        v = math.log(v * alpha / (a / (us * us) + b))
        bound = ((m + 0.5) * math.log((m + 1) / (r * (n - m + 1)))
                 + (n + 1) * math.log((n - m + 1) / (n - k + 1))
                 + (k + 0.5) * math.log(r * (n - k + 1) / (k + 1))
                 + _stirling_tail(m) + _stirling_tail(n - m)
                 - _stirling_tail(k) - _stirling_tail(n - k))
        if v <= bound:
            return k


def _binomial_plan(n, p, f):
    """How PyTorch's CPU sampler draws Binomial(n, p) (n, p of type f): (a constant sample, or
    None and the sampler with its arguments after the uniforms, and the count the drawn number
    is taken from when p > 0.5, else None)."""
    n, p = f(n), f(p)
    if n <= 0 or p <= 0:
        return 0.0, None, None
    if p >= 1:
        return float(n), None, None
    flip = None
    if p > 0.5:
        flip, p = n, f(1.0 - float(p))
    elif not p <= 0.5:
        return math.nan, None, None
    if n * p >= 10:
        return None, (_btrs, _btrs_setup(n, p, f)), flip
    return None, (_binomial_inversion, n, float(np.log1p(f(-p))), f is np.float32), flip


def binomial(mt, counts, probs, dt):
    """torch.binomial on the CPU: per (count, prob) pair, in order, inversion of geometric
    waiting times when count * min(p, 1 - p) < 10, else BTRS; one 64-bit word per uniform,
    read in blocks."""
    f = np.float32 if np.dtype(dt) == np.float32 else np.float64
    draw = _Uniforms(mt, 4 * counts.size + 16)
    plans = {}
    out = []
    for key in zip(counts.reshape(-1).tolist(), probs.reshape(-1).tolist()):
        try:
            const, how, flip = plans[key]
        except KeyError:
            const, how, flip = plans[key] = _binomial_plan(*key, f)
        if how is None:
            out.append(const)
            continue
        k = how[0](draw, *how[1:])
        out.append(float(k) if flip is None else float(f(flip - f(k))))
    draw.finish()
    return np.array(out, np.float64).astype(dt).reshape(counts.shape)
