"""torch.backends.cpu: the SIMD level PyTorch's CPU kernels would use."""


def get_cpu_capability():
    """'AVX512', 'AVX2' or 'DEFAULT' from the CPU's flags, as PyTorch reports on x86 Linux."""
    try:
        with open("/proc/cpuinfo") as f:
            flags = next((ln.split(":", 1)[1].split() for ln in f if ln.startswith("flags")), [])
    except OSError:
        return "DEFAULT"
    if {"avx512f", "avx512bw", "avx512vl", "avx512dq"} <= set(flags):
        return "AVX512"
    return "AVX2" if "avx2" in flags else "DEFAULT"
