"""torch.random: seeding and the Generator.

A CPU Generator gives PyTorch's own numbers: it holds PyTorch's CPU engine (a Mersenne
Twister, jtorch/_mt19937.py), and the random ops that run where Python can draw on the host --
factories (`rand`, `randn`, `randint`, `randperm`, `normal`, ...), the in-place fills
(`uniform_`, `normal_`, ...), `bernoulli` and `multinomial` -- draw from it with ATen's CPU
formulas, so `torch.manual_seed(0); torch.randn(2)` is `tensor([1.5410, -0.2934])` as in
PyTorch, and so are initial weights, shuffles and get_rng_state's 5056 bytes.

Random numbers drawn inside compiled code -- dropout masks, and any random op recorded while a
Module's forward is captured as one node -- cannot call back into the host, so they come from
JAX's threefry generator instead: a random op records one node whose kernel takes the
generator's threefry key (from its seed) and an offset as *inputs* and draws from
`threefry(key, offset)`; the generator advances by incrementing the offset in Python. Nothing
syncs, a loop of such ops reuses its compiled kernels, and the state a compiled step threads is
(key, offset), as for PyTorch's CUDA Philox generator (seed, offset). These numbers are not
PyTorch's (its dropout draws from the Mersenne Twister on CPU), and they do not advance the
Mersenne Twister. CUDA generators always use threefry (PyTorch's are Philox).

The same seed gives bit-identical numbers within jtorch. CPU state tensors are PyTorch's
5056-byte layout (the threefry offset rides in a field PyTorch leaves unused), so states saved
by PyTorch load here; CUDA states are 16 bytes (seed, offset), as PyTorch's.
"""
import contextlib
import os
import threading

import jax
import jax.numpy as jnp
import numpy as np
from jax.extend.random import threefry_2x32 as _threefry_2x32

from . import _dtype, _mt19937
from ._classrepr import TorchNamed
from ._device import device as _device_cls, to_jax, cpu_device
from ._runtime import graph
from ._tensor import Tensor

__all__ = ["manual_seed", "seed", "initial_seed", "get_rng_state", "set_rng_state",
           "Generator", "default_generator", "fork_rng"]

DEFAULT_SEED = 67280421310721  # the seed a fresh torch.Generator() reports
STATE_SIZE = 16               # CUDA state bytes: seed, then offset (uint64 each, little endian)
CPU_STATE_SIZE = _mt19937.STATE_SIZE
_U64 = 1 << 64


def subkey(key, offset):
    """The typed key one random op draws from (inside its kernel): one threefry hash of the
    generator's key words (int32[2]) with the op's 64-bit offset as the message, i.e.
    `jax.random.fold_in(key, offset)` extended to 64-bit offsets (equal to it below 2**32)."""
    k = jax.lax.bitcast_convert_type(key, jnp.uint32)
    off = jnp.asarray(offset, jnp.int64)
    msg = jnp.stack([(off >> 32).astype(jnp.uint32), (off & 0xFFFFFFFF).astype(jnp.uint32)])
    return jax.random.wrap_key_data(_threefry_2x32(k, msg), impl="threefry2x32")


def _seed_words(s):
    """Key words of seed `s` (0 <= s < 2**64): [high 32 bits, low 32 bits], as
    jax.random.PRNGKey(s) gives for a 64-bit seed."""
    return np.array([s >> 32, s & 0xFFFFFFFF], np.uint32).view(np.int32)


def _check_seed_range(s):
    if not -(1 << 63) <= s < _U64:
        raise ValueError("Overflow when unpacking long long")
    return s % _U64


def _random_seed():
    return int.from_bytes(os.urandom(8), "little")


class Generator(metaclass=TorchNamed):
    """torch.Generator(device='cpu'): an independent random stream (PyTorch's Mersenne Twister
    on the CPU; a threefry key and offset for compiled code and CUDA)."""

    _torch_name = "_C.Generator"

    def __init__(self, device="cpu"):
        dev = _device_cls(device) if not isinstance(device, _device_cls) else device
        if dev.type not in ("cpu", "cuda"):
            raise RuntimeError(f"{dev.type.upper()} device type not an accelerator.")
        self._jdev = to_jax(dev)
        self.device = _device_cls("cpu") if dev.type == "cpu" else \
            _device_cls("cuda", dev.index or 0)
        self._seed = DEFAULT_SEED
        self._offset = 0
        self._key = None      # leaf Node of the key words, built on first use after seeding
        self._mt = None       # the CPU engine, seeded from _seed on first use

    def __repr__(self):
        return f"<torch._C.Generator object at {hex(id(self))}>"

    # ---- seeding ----
    def manual_seed(self, seed):
        """Seed this generator (negative seeds wrap modulo 2**64, as in PyTorch)."""
        if isinstance(seed, bool) or not (isinstance(seed, int) or hasattr(seed, "__index__")):
            raise RuntimeError(f"manual_seed expected a long, but got {type(seed).__name__}")
        self._set_seed(_check_seed_range(seed.__index__()))
        return self

    def _set_seed(self, s, offset=0):
        if s != self._seed:
            self._key = None
        self._seed = s
        self._offset = offset
        self._mt = None

    def host_engine(self):
        """The Mersenne Twister host draws take, or None where an op must draw through threefry
        (a CUDA generator, or an offset traced while a Module's forward is captured)."""
        if self._jdev.platform != "cpu" or \
                type(self._offset) is not int and graph.host_draw_hook is None:
            return None
        mt = self._mt
        if mt is None:
            mt = self._mt = _mt19937.MT19937(self._seed)
        return mt

    def seed(self):
        """Seed from a non-deterministic source; returns the seed used."""
        s = _random_seed()
        self._set_seed(s)
        return s

    def initial_seed(self):
        """The seed this generator was last seeded with (restored by set_state)."""
        return self._seed

    # ---- drawing ----
    def key(self):
        """The materialised graph leaf holding this generator's key words (int32[2])."""
        k = self._key
        if k is None:
            arr = jax.device_put(_seed_words(self._seed), self._jdev)
            k = self._key = graph.leaf(arr, self._jdev)
        return k

    def draw_inputs(self):
        """(key, offset) for the next random op; call `advance()` once it is recorded."""
        off = self._offset
        if type(off) is int and off >= 1 << 63:
            off -= _U64  # the kernels read the offset as int64 bits
        return self.key(), off

    def advance(self):
        """One more op drawn. (Plain `+ 1`: a compiled step may hold a traced offset here.)"""
        off = self._offset + 1
        self._offset = off % _U64 if type(off) is int else off

    # ---- state ----
    def get_state(self):
        """The state as a uint8 CPU Tensor (PyTorch's layout); restores with set_state."""
        off = self._offset % _U64
        if self._jdev.platform == "cpu":
            mt = self._mt or _mt19937.MT19937(self._seed)
            b = mt.state_bytes(self._seed, off)
        else:
            b = self._seed.to_bytes(8, "little") + off.to_bytes(8, "little")
        cpu = cpu_device()
        return Tensor._from_array(jax.device_put(np.frombuffer(b, np.uint8).copy(), cpu), cpu)

    def set_state(self, new_state):
        """Restore a state from get_state (a sync point if new_state is still pending)."""
        if not isinstance(new_state, Tensor):
            raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")
        if new_state.dtype is not _dtype.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        n = new_state.numel()
        cpu = self._jdev.platform == "cpu"
        if cpu and n != CPU_STATE_SIZE:
            raise RuntimeError(f"Expected a CPUGeneratorImplState of size {CPU_STATE_SIZE} but "
                               f"found the input RNG state size to be {n}")
        if not cpu and n != STATE_SIZE:
            raise RuntimeError(f"Expected a jtorch RNG state of size {STATE_SIZE} but found the "
                               f"input RNG state size to be {n}")
        b = np.asarray(new_state._array(), np.uint8).reshape(n).tobytes()
        if cpu:
            mt = _mt19937.MT19937(0)
            seed, off = mt.load_state_bytes(b)
            self._set_seed(seed, off)
            self._mt = mt
        else:
            self._set_seed(int.from_bytes(b[:8], "little"), int.from_bytes(b[8:], "little"))
        return self

    def clone_state(self):
        """A new Generator in this generator's current state."""
        g = Generator(self.device)
        g.set_state(self.get_state())
        return g

    def __getstate__(self):
        return {"device": str(self.device), "state": self.get_state().numpy().tobytes()}

    def __setstate__(self, d):
        self.__init__(d["device"])
        if "state" in d:
            b = np.frombuffer(d["state"], np.uint8).copy()
            cpu = cpu_device()
            self.set_state(Tensor._from_array(jax.device_put(b, cpu), cpu))
        else:
            self._set_seed(d["seed"], d["offset"])


default_generator = Generator()
default_generator._set_seed(_random_seed())  # PyTorch seeds its default CPU generator randomly
_cuda_generators = {}   # jax.Device -> Generator
# A DataLoader thread worker's own default CPU generator (seeded base_seed + worker_id, as a
# PyTorch worker process seeds its torch RNG), so a worker's draws neither come from nor
# advance the main thread's stream
_thread = threading.local()


def cpu_default_generator():
    """The default CPU generator of this thread: a DataLoader thread worker's own, else
    torch.default_generator."""
    g = getattr(_thread, "generator", None)
    return default_generator if g is None else g


def set_thread_default_generator(g):
    """Make `g` this thread's default CPU generator (None: torch.default_generator again)."""
    _thread.generator = g
_cuda_seed = [None]     # seed the lazily created CUDA default generators start from


def generator_for(jdev, generator=None):
    """The generator an op on jax device `jdev` draws from: `generator` after PyTorch's device
    check, or the device's default generator."""
    if generator is not None:
        if not isinstance(generator, Generator):
            raise TypeError(f"expected a torch.Generator, but got {type(generator).__name__}")
        if generator._jdev is not jdev:
            want = "cpu" if jdev.platform == "cpu" else "cuda"
            if generator.device.type != want:
                raise RuntimeError(f"Expected a '{want}' device type for generator but found "
                                   f"'{generator.device.type}'")
            raise RuntimeError(f"Expected a generator on {jdev}, but found one on "
                               f"{generator.device}")
        return generator
    if jdev is cpu_device():
        return cpu_default_generator()
    g = _cuda_generators.get(jdev)
    if g is None:
        from ._device import from_jax
        g = _cuda_generators[jdev] = Generator(from_jax(jdev))
        g._set_seed(_random_seed() if _cuda_seed[0] is None else _cuda_seed[0])
    return g


def manual_seed(seed):
    """torch.manual_seed: seed the CPU and every CUDA default generator; returns the CPU one."""
    s = _check_seed_range(int(seed))
    g = cpu_default_generator()
    g._set_seed(s)
    manual_seed_all(s)
    return g


def manual_seed_all(seed):
    """Seed every CUDA default generator (torch.cuda.manual_seed_all)."""
    s = _check_seed_range(int(seed))
    _cuda_seed[0] = s
    for g in _cuda_generators.values():
        g._set_seed(s)


def seed():
    """torch.seed: seed all default generators non-deterministically; returns the seed."""
    s = cpu_default_generator().seed()
    manual_seed_all(s)
    return s


def initial_seed():
    """torch.initial_seed: the default CPU generator's seed."""
    return cpu_default_generator().initial_seed()


def get_rng_state():
    """torch.get_rng_state: the default CPU generator's state (uint8 Tensor, 5056 bytes)."""
    return cpu_default_generator().get_state()


def set_rng_state(new_state):
    """torch.set_rng_state: restore the default CPU generator's state."""
    if not isinstance(new_state, Tensor):
        raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")
    cpu_default_generator().set_state(new_state)


@contextlib.contextmanager
def fork_rng(devices=None, enabled=True, _caller="fork_rng", _devices_kw="devices",
             device_type="cuda"):
    """torch.random.fork_rng: restore the CPU (and given CUDA devices') RNG state on exit."""
    if not enabled:
        yield
        return
    if devices is None:
        gens = list(_cuda_generators.values())
    else:
        from ._device import gpus
        gens = [generator_for(gpus()[d if isinstance(d, int) else _device_cls(d).index or 0])
                for d in devices]
    saved = [(g, g.get_state()) for g in [cpu_default_generator()] + gens]
    try:
        yield
    finally:
        for g, st in saved:
            g.set_state(st)
