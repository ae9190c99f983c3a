"""Writes namespaces.json from real PyTorch (CPU build): the results, exceptions and warnings of
the namespace cases below (torch.backends, amp, cuda, distributed, multiprocessing, hub, jit,
onnx, version, nn.parallel), GradScaler trajectories and a small AMP-style training program.

The cases and programs take the library as an argument, so tests/test_namespaces.py runs the
very same code on jtorch (this module imports torch only in main()). Needs torch installed.
"""
import os
import re
import tempfile
import warnings

import numpy as np

# (name, code). `code` runs with `torch` bound to the library; it may set `out` to a plain
# value (bool/int/float/str/None/list/tuple/dict/set). Cases only valid without a GPU (PyTorch's
# reference is its CPU build) start their name with "cpu:".
CASES = [
    # --- torch.* settings ---
    ("threads_zero", "torch.set_num_threads(0)"),
    ("threads_neg", "torch.set_num_threads(-1)"),
    ("threads_float", "torch.set_num_threads(1.5)"),
    ("threads_str", "torch.set_num_threads('2')"),
    ("threads_bool", "torch.set_num_threads(True)"),
    ("threads_set", "n = torch.get_num_threads(); torch.set_num_threads(3); "
                    "out = torch.get_num_threads(); torch.set_num_threads(n)"),
    ("threads_numpy", "import numpy as np; n = torch.get_num_threads(); "
                      "out = torch.set_num_threads(np.int64(1)); "
                      "out = (out, torch.get_num_threads()); torch.set_num_threads(n)"),
    ("interop_zero", "torch.set_num_interop_threads(0)"),
    ("interop_float", "torch.set_num_interop_threads(2.0)"),
    ("precision_default", "out = torch.get_float32_matmul_precision()"),
    ("precision_cycle", "out = []\nfor p in ['high', 'medium', 'highest']:\n"
                        "    torch.set_float32_matmul_precision(p)\n"
                        "    out.append((torch.get_float32_matmul_precision(), "
                        "torch.backends.cuda.matmul.allow_tf32))"),
    ("precision_bad_str", "torch.set_float32_matmul_precision('fast'); "
                          "out = torch.get_float32_matmul_precision()"),
    ("precision_int", "torch.set_float32_matmul_precision(1)"),
    ("precision_none", "torch.set_float32_matmul_precision(None)"),
    ("determ_default", "out = (torch.are_deterministic_algorithms_enabled(), "
                       "torch.is_deterministic_algorithms_warn_only_enabled(), "
                       "torch.get_deterministic_debug_mode())"),
    ("determ_cycle", "out = []\n"
                     "for a, w in [(True, True), (True, False), (False, False)]:\n"
                     "    torch.use_deterministic_algorithms(a, warn_only=w)\n"
                     "    out.append((torch.are_deterministic_algorithms_enabled(), "
                     "torch.is_deterministic_algorithms_warn_only_enabled(), "
                     "torch.get_deterministic_debug_mode()))"),
    ("determ_int", "torch.use_deterministic_algorithms(1)"),
    ("determ_none", "torch.use_deterministic_algorithms(None)"),
    ("determ_warn_int", "torch.use_deterministic_algorithms(True, warn_only=1)"),
    ("debug_modes", "out = []\n"
                    "for m in ['warn', 'error', 'default', 1, 2, 0, True, False]:\n"
                    "    torch.set_deterministic_debug_mode(m)\n"
                    "    out.append((torch.get_deterministic_debug_mode(), "
                    "torch.are_deterministic_algorithms_enabled(), "
                    "torch.is_deterministic_algorithms_warn_only_enabled()))"),
    ("debug_bad_int", "torch.set_deterministic_debug_mode(3)"),
    ("debug_neg", "torch.set_deterministic_debug_mode(-1)"),
    ("debug_bad_str", "torch.set_deterministic_debug_mode('loud')"),
    ("debug_float", "torch.set_deterministic_debug_mode(1.0)"),
    ("debug_none", "torch.set_deterministic_debug_mode(None)"),
    # --- torch.backends ---
    ("cudnn_defaults", "c = torch.backends.cudnn; "
                       "out = (c.enabled, c.benchmark, c.deterministic, c.allow_tf32)"),
    ("cudnn_set", "c = torch.backends.cudnn\nc.benchmark = True\nc.deterministic = True\n"
                  "out = (c.benchmark, c.deterministic)\nc.benchmark = False\n"
                  "c.deterministic = False"),
    ("cudnn_set_enabled_int", "torch.backends.cudnn.enabled = 1"),
    ("cudnn_set_benchmark_int", "torch.backends.cudnn.benchmark = 1"),
    ("cudnn_set_determ_str", "torch.backends.cudnn.deterministic = 'yes'"),
    ("cudnn_set_tf32_int", "torch.backends.cudnn.allow_tf32 = 0"),
    ("cudnn_set_numpy_bool", "import numpy as np; torch.backends.cudnn.benchmark = np.bool_(1)"),
    ("cudnn_flags", "c = torch.backends.cudnn\nwith c.flags(enabled=False, benchmark=True):\n"
                    "    a = (c.enabled, c.benchmark, c.deterministic, c.allow_tf32)\n"
                    "out = (a, (c.enabled, c.benchmark, c.deterministic, c.allow_tf32))"),
    ("cpu:cudnn_available", "out = (torch.backends.cudnn.is_available(), "
                            "torch.backends.cudnn.version(), "
                            "torch.backends.cudnn.is_acceptable(torch.zeros(1)))"),
    ("matmul_defaults", "m = torch.backends.cuda.matmul; "
                        "out = (m.allow_tf32, m.allow_fp16_reduced_precision_reduction, "
                        "m.allow_bf16_reduced_precision_reduction, "
                        "m.allow_fp16_reduced_precision_reduction_split_k, "
                        "m.allow_fp16_accumulation)"),
    ("matmul_tf32_links", "m = torch.backends.cuda.matmul\nm.allow_tf32 = True\n"
                          "a = torch.get_float32_matmul_precision()\nm.allow_tf32 = False\n"
                          "out = (a, torch.get_float32_matmul_precision(), m.allow_tf32)"),
    ("matmul_reduction_tuple", "m = torch.backends.cuda.matmul\n"
                               "m.allow_fp16_reduced_precision_reduction = (False, False)\n"
                               "a = (m.allow_fp16_reduced_precision_reduction, "
                               "m.allow_fp16_reduced_precision_reduction_split_k)\n"
                               "m.allow_fp16_reduced_precision_reduction = [True]\n"
                               "out = (a, m.allow_fp16_reduced_precision_reduction, "
                               "m.allow_fp16_reduced_precision_reduction_split_k)"),
    ("matmul_tf32_int", "torch.backends.cuda.matmul.allow_tf32 = 1"),
    ("matmul_fp16acc_int", "torch.backends.cuda.matmul.allow_fp16_accumulation = 1"),
    ("matmul_reduction_int", "torch.backends.cuda.matmul."
                             "allow_fp16_reduced_precision_reduction = 1"),
    ("matmul_reduction_empty", "torch.backends.cuda.matmul."
                               "allow_bf16_reduced_precision_reduction = ()"),
    ("matmul_reduction_three", "torch.backends.cuda.matmul.allow_fp16_reduced_precision_reduction "
                               "= (True, True, True)"),
    ("matmul_reduction_first_int", "torch.backends.cuda.matmul."
                                   "allow_fp16_reduced_precision_reduction = (1,)"),
    ("matmul_reduction_second_int", "torch.backends.cuda.matmul."
                                    "allow_fp16_reduced_precision_reduction = (True, 0)"),
    ("matmul_unknown_get", "torch.backends.cuda.matmul.allow_magic"),
    ("matmul_unknown_set", "torch.backends.cuda.matmul.allow_magic = True"),
    ("cpu:cuda_is_built", "out = torch.backends.cuda.is_built()"),
    ("cpu:cufft_plan_cache", "torch.backends.cuda.cufft_plan_cache.max_size"),
    ("sdp_flags", "b = torch.backends.cuda\n"
                  "out = [b.flash_sdp_enabled(), b.mem_efficient_sdp_enabled(), "
                  "b.math_sdp_enabled(), b.cudnn_sdp_enabled()]\nb.enable_flash_sdp(False)\n"
                  "out.append(b.flash_sdp_enabled())\nb.enable_flash_sdp(True)\n"
                  "with b.sdp_kernel(enable_math=False):\n    out.append(b.math_sdp_enabled())\n"
                  "out.append(b.math_sdp_enabled())"),
    ("sdp_flash_int", "torch.backends.cuda.enable_flash_sdp(1)"),
    ("sdp_mem_int", "torch.backends.cuda.enable_mem_efficient_sdp(0)"),
    ("sdp_math_int", "torch.backends.cuda.enable_math_sdp(1)"),
    ("sdp_cudnn_int", "torch.backends.cuda.enable_cudnn_sdp(1)"),
    ("other_backends", "b = torch.backends; out = (b.mps.is_available(), b.mps.is_built(), "
                       "b.mkldnn.is_available(), b.mkldnn.enabled, b.mkl.is_available(), "
                       "b.openmp.is_available(), b.opt_einsum.is_available(), "
                       "b.opt_einsum.enabled, b.opt_einsum.strategy, "
                       "b.opt_einsum.get_opt_einsum().__name__)"),
    # --- autocast ---
    ("autocast_cuda", "with torch.autocast('cuda') as a:\n"
                      "    out = (torch.is_autocast_enabled(), torch.is_autocast_enabled('cuda'), "
                      "a.device, str(a.fast_dtype))\nout = out + (torch.is_autocast_enabled(),)"),
    ("autocast_cuda_bf16", "with torch.autocast(device_type='cuda', dtype=torch.bfloat16) as a:\n"
                           "    out = (torch.is_autocast_enabled(), str(a.fast_dtype))"),
    ("autocast_cuda_amp", "with torch.cuda.amp.autocast() as a:\n"
                          "    out = (torch.is_autocast_enabled(), a.device, str(a.fast_dtype))"),
    ("autocast_cuda_amp_off", "with torch.cuda.amp.autocast(enabled=False):\n"
                              "    out = torch.is_autocast_enabled()"),
    ("autocast_cpu_off", "with torch.autocast('cpu', enabled=False) as a:\n"
                         "    out = (torch.is_autocast_enabled('cpu'), a.device, "
                         "str(a.fast_dtype), a._enabled, a._cache_enabled)"),
    ("autocast_cpu_fp32", "with torch.autocast('cpu', dtype=torch.float32) as a:\n"
                          "    out = (torch.is_autocast_enabled('cpu'), a._enabled)"),
    ("autocast_cuda_fp32_off", "a = torch.autocast('cuda', dtype=torch.float32, enabled=False); "
                               "out = (a._enabled, str(a.fast_dtype))"),
    ("autocast_bad_device", "torch.autocast('foo')"),
    ("autocast_int_device", "torch.autocast(1)"),
    ("autocast_meta", "torch.autocast('meta')"),
    ("autocast_meta_dtype", "torch.autocast('meta', dtype=torch.float16)"),
    ("autocast_not_callable", "torch.autocast('cpu', enabled=False)(3)"),
    ("autocast_decorator", "@torch.autocast('cpu', enabled=False)\n"
                           "def f(x):\n    '''doc'''\n"
                           "    return (torch.is_autocast_enabled('cpu'), x)\n"
                           "out = (f(1), f.__name__, f.__doc__)"),
    ("autocast_is_enabled_bad", "torch.is_autocast_enabled('foo')"),
    ("autocast_available", "out = [torch.amp.is_autocast_available(d) for d in "
                           "('cpu', 'cuda', 'mps', 'xpu', 'hip', 'meta', 'lazy')]"),
    ("autocast_custom_fwd", "class F(torch.autograd.Function):\n"
                            "    @staticmethod\n"
                            "    @torch.amp.custom_fwd(device_type='cuda')\n"
                            "    def forward(ctx, x):\n        return x * 2\n"
                            "    @staticmethod\n"
                            "    @torch.amp.custom_bwd(device_type='cuda')\n"
                            "    def backward(ctx, g):\n        return g * 2\n"
                            "x = torch.ones(2, requires_grad=True)\n"
                            "F.apply(x).sum().backward()\nout = x.grad.tolist()"),
    ("custom_fwd_bad_type", "torch.amp.custom_fwd(lambda x: x, device_type=None)"),
    # --- GradScaler API ---
    ("scaler_cuda_disabled", "s = torch.amp.GradScaler()\n"
                             "m = torch.nn.Linear(2, 1)\n"
                             "opt = torch.optim.SGD(m.parameters(), lr=1.0)\n"
                             "l = m(torch.ones(1, 2)).sum()\nsl = s.scale(l)\n"
                             "sl.backward()\nw = m.weight.detach().clone()\n"
                             "r = s.step(opt); s.update(); s.unscale_(opt)\n"
                             "out = (s.is_enabled(), s.get_scale(), s.state_dict(), sl is l, r, "
                             "bool((m.weight != w).all()), s._get_growth_tracker())"),
    ("scaler_cuda_amp", "s = torch.cuda.amp.GradScaler(init_scale=8.0)\n"
                        "s.load_state_dict({})\nout = (s.is_enabled(), s.get_scale())"),
    ("scaler_disabled_factor", "torch.amp.GradScaler(enabled=False).get_growth_factor()"),
    ("scaler_growth_bad", "torch.amp.GradScaler('cpu', growth_factor=1.0)"),
    ("scaler_backoff_bad", "torch.amp.GradScaler('cpu', backoff_factor=1.0)"),
    ("scaler_cpu_defaults", "s = torch.amp.GradScaler('cpu')\n"
                            "out = (s.is_enabled(), s.get_scale(), s.state_dict(), "
                            "s.get_growth_factor(), s.get_backoff_factor(), "
                            "s.get_growth_interval())\n"
                            "s.set_growth_factor(3.0); s.set_backoff_factor(0.25); "
                            "s.set_growth_interval(7)\nout = out + (s.state_dict(),)"),
    ("scaler_scale_containers", "s = torch.amp.GradScaler('cpu', init_scale=4.0)\n"
                                "r = s.scale([torch.ones(2), (torch.full((1,), 2.0), "
                                "torch.ones(1, dtype=torch.float64))])\n"
                                "out = (type(r).__name__, type(r[1]).__name__, r[0].tolist(), "
                                "r[1][0].tolist(), str(r[1][1].dtype), r[1][1].tolist(), "
                                "type(s.scale(iter([torch.ones(1)]))).__name__)"),
    ("scaler_scale_bad", "torch.amp.GradScaler('cpu').scale([3])"),
    ("scaler_update_before_scale", "torch.amp.GradScaler('cpu').update()"),
    ("scaler_step_before_scale", "m = torch.nn.Linear(2, 1)\n"
                                 "torch.amp.GradScaler('cpu').step(torch.optim.SGD(m.parameters(), "
                                 "lr=0.1))"),
    ("scaler_unscale_before_scale", "m = torch.nn.Linear(2, 1)\n"
                                    "torch.amp.GradScaler('cpu').unscale_(torch.optim.SGD("
                                    "m.parameters(), lr=0.1))"),
    ("scaler_unscale_twice", "m = torch.nn.Linear(2, 1); opt = torch.optim.SGD(m.parameters(), "
                             "lr=0.1)\ns = torch.amp.GradScaler('cpu')\n"
                             "s.scale(m(torch.ones(1, 2)).sum()).backward()\n"
                             "s.unscale_(opt); s.unscale_(opt)"),
    ("scaler_unscale_after_step", "m = torch.nn.Linear(2, 1); opt = torch.optim.SGD("
                                  "m.parameters(), lr=0.1)\ns = torch.amp.GradScaler('cpu')\n"
                                  "s.scale(m(torch.ones(1, 2)).sum()).backward()\n"
                                  "s.step(opt); s.unscale_(opt)"),
    ("scaler_step_twice", "m = torch.nn.Linear(2, 1); opt = torch.optim.SGD(m.parameters(), "
                          "lr=0.1)\ns = torch.amp.GradScaler('cpu')\n"
                          "s.scale(m(torch.ones(1, 2)).sum()).backward()\n"
                          "s.step(opt); s.step(opt)"),
    ("scaler_step_closure", "m = torch.nn.Linear(2, 1); opt = torch.optim.SGD(m.parameters(), "
                            "lr=0.1)\ns = torch.amp.GradScaler('cpu')\n"
                            "s.scale(m(torch.ones(1, 2)).sum()).backward()\n"
                            "s.step(opt, closure=lambda: None)"),
    ("scaler_step_no_grads", "m = torch.nn.Linear(2, 1); opt = torch.optim.SGD(m.parameters(), "
                             "lr=0.1)\ns = torch.amp.GradScaler('cpu')\ns.scale(torch.ones(1))\n"
                             "s.step(opt)"),
    ("scaler_update_no_checks", "s = torch.amp.GradScaler('cpu')\ns.scale(torch.ones(1))\n"
                                "s.update()"),
    ("scaler_fp16_grads", "m = torch.nn.Linear(2, 1).half(); opt = torch.optim.SGD("
                          "m.parameters(), lr=0.1)\ns = torch.amp.GradScaler('cpu')\n"
                          "s.scale(m(torch.ones(1, 2, dtype=torch.float16)).sum()).backward()\n"
                          "s.unscale_(opt)"),
    ("scaler_update_new_scale", "s = torch.amp.GradScaler('cpu')\ns.scale(torch.ones(1))\n"
                                "s.update(3.5)\na = s.get_scale()\n"
                                "s.update(torch.tensor(0.25))\nout = (a, s.get_scale())"),
    ("scaler_update_bad_tensor", "s = torch.amp.GradScaler('cpu')\ns.scale(torch.ones(1))\n"
                                 "s.update(torch.ones(2))"),
    ("scaler_update_grad_tensor", "s = torch.amp.GradScaler('cpu')\ns.scale(torch.ones(1))\n"
                                  "s.update(torch.ones(1, requires_grad=True))"),
    ("scaler_load_empty", "torch.amp.GradScaler('cpu').load_state_dict({})"),
    ("scaler_load", "s = torch.amp.GradScaler('cpu')\ns.scale(torch.ones(1))\n"
                    "s.load_state_dict({'scale': 8.0, 'growth_factor': 4.0, 'backoff_factor': "
                    "0.125, 'growth_interval': 5, '_growth_tracker': 3})\n"
                    "out = (s.state_dict(), s.get_scale())"),
    ("scaler_pickle_midstep", "import pickle\nm = torch.nn.Linear(2, 1); opt = torch.optim.SGD("
                              "m.parameters(), lr=0.1)\ns = torch.amp.GradScaler('cpu')\n"
                              "s.scale(m(torch.ones(1, 2)).sum()).backward()\ns.unscale_(opt)\n"
                              "pickle.dumps(s)"),
    ("scaler_pickle", "import pickle\ns = torch.amp.GradScaler('cpu', init_scale=16.0)\n"
                      "s.scale(torch.ones(1))\ns.update(2.0)\nt = pickle.loads(pickle.dumps(s))\n"
                      "out = (t.get_scale(), t.state_dict(), t._scale is None)"),
    # --- torch.cuda without a GPU ---
    ("cpu:cuda_queries", "c = torch.cuda; out = (c.is_available(), c.device_count(), "
                         "c.is_bf16_supported())"),
    ("cpu:cuda_current_device", "torch.cuda.current_device()"),
    ("cpu:cuda_get_device_name", "torch.cuda.get_device_name()"),
    ("cpu:cuda_get_device_name0", "torch.cuda.get_device_name(0)"),
    ("cpu:cuda_get_device_capability", "torch.cuda.get_device_capability()"),
    ("cpu:cuda_get_device_properties", "torch.cuda.get_device_properties(0)"),
    ("cpu:cuda_device_enter", "torch.cuda.device(0).__enter__()"),
    ("cuda_device_negative", "with torch.cuda.device(-1):\n    out = 1"),
    ("cuda_set_device_negative", "out = torch.cuda.set_device(-1)"),
    ("cuda_set_device_cpu", "torch.cuda.set_device('cpu')"),
    ("cuda_set_device_none", "torch.cuda.set_device(None)"),
    ("cuda_device_cpu", "torch.cuda.device('cpu')"),
    ("cuda_device_of_cpu", "with torch.cuda.device_of(torch.zeros(1)):\n    out = 2"),
    # --- torch.distributed before init ---
    ("dist_initialized", "out = (torch.distributed.is_initialized(), "
                         "torch.distributed.is_torchelastic_launched())"),
    ("dist_get_rank", "torch.distributed.get_rank()"),
    ("dist_get_world_size", "torch.distributed.get_world_size()"),
    ("dist_barrier", "torch.distributed.barrier()"),
    ("dist_get_backend", "torch.distributed.get_backend()"),
    ("dist_all_reduce", "torch.distributed.all_reduce(torch.ones(2))"),
    ("dist_broadcast", "torch.distributed.broadcast(torch.ones(2), 0)"),
    ("dist_all_gather", "torch.distributed.all_gather([torch.ones(2)], torch.ones(2))"),
    ("dist_new_group", "torch.distributed.new_group()"),
    ("dist_destroy", "torch.distributed.destroy_process_group()"),
    ("dist_local_rank", "torch.distributed.get_node_local_rank()"),
    ("dist_local_rank_fallback", "out = torch.distributed.get_node_local_rank(fallback_rank=3)"),
    ("dist_reduce_op", "R = torch.distributed.ReduceOp\n"
                       "out = [repr(R.SUM), str(R.MAX), R.SUM == R.RedOpType.SUM, "
                       "[R.RedOpType.__members__[n].value for n in ('SUM', 'AVG', 'PRODUCT', "
                       "'MIN', 'MAX', 'BAND', 'BOR', 'BXOR', 'PREMUL_SUM')]]"),
    ("dist_backend", "B = torch.distributed.Backend\n"
                     "out = (B('GLOO'), B('nccl'), B.NCCL, B.GLOO, B.MPI, isinstance(B.GLOO, str), "
                     "torch.distributed.group.WORLD, torch.distributed.GroupMember.WORLD)"),
    ("dist_backend_int", "torch.distributed.Backend(3)"),
    # --- torch.multiprocessing ---
    ("mp_sharing", "mp = torch.multiprocessing\na = mp.get_sharing_strategy()\n"
                   "mp.set_sharing_strategy('file_system')\nb = mp.get_sharing_strategy()\n"
                   "mp.set_sharing_strategy(a)\n"
                   "out = (a, b, sorted(mp.get_all_sharing_strategies()))"),
    ("mp_sharing_bad", "torch.multiprocessing.set_sharing_strategy('x')"),
    ("mp_stdlib", "import multiprocessing as M\nmp = torch.multiprocessing\n"
                  "out = (mp.cpu_count() == M.cpu_count(), mp.Process is M.Process, "
                  "mp.get_start_method(allow_none=True) == M.get_start_method(allow_none=True), "
                  "callable(mp.Queue), callable(mp.Pool), callable(mp.get_context), "
                  "callable(mp.set_start_method), issubclass(mp.ProcessRaisedException, "
                  "Exception), issubclass(mp.ProcessExitedException, Exception))"),
    # --- torch.hub ---
    ("hub_dirs", "import os, tempfile\nold = torch.hub.get_dir()\n"
                 "torch.hub.set_dir('~/hubtest')\nout = (torch.hub.get_dir() == "
                 "os.path.expanduser('~/hubtest'),)\ntorch.hub.set_dir(old)\n"
                 "out = out + (torch.hub.get_dir() == old,)"),
    ("hub_bad_source", "torch.hub.load('somewhere', 'model', source='svn')"),
    ("hub_local", "out = torch.hub.load(HUB, 'tiny', 5, source='local', x=1)"),
    ("hub_local_missing", "torch.hub.load(HUB, 'absent', source='local')"),
    ("hub_local_not_callable", "torch.hub.load(HUB, 'notcallable', source='local')"),
    ("hub_local_bad_model", "torch.hub.load(HUB, 3, source='local')"),
    ("hub_local_deps", "torch.hub.load(HUB_DEPS, 'tiny', source='local')"),
    ("hub_cached_checkpoint", "import os\nold = torch.hub.get_dir()\ntorch.hub.set_dir(HUB)\n"
                              "os.makedirs(os.path.join(HUB, 'checkpoints'), exist_ok=True)\n"
                              "torch.save({'w': torch.arange(3)}, os.path.join(HUB, "
                              "'checkpoints', 'w-1234.pth'))\n"
                              "sd = torch.hub.load_state_dict_from_url("
                              "'https://example.com/models/w-1234.pth')\n"
                              "torch.hub.set_dir(old)\nout = sd['w'].tolist()"),
    # --- torch.jit / onnx / version ---
    ("jit_script_fn", "s = torch.jit.script(DOUBLE)\nout = s(torch.ones(2)).tolist()"),
    ("jit_trace_fn", "t = torch.jit.trace(ADD, (torch.ones(2), torch.ones(2)))\n"
                     "out = t(torch.ones(2), torch.full((2,), 2.0)).tolist()"),
    ("jit_trace_no_inputs", "torch.jit.trace(DOUBLE)"),
    ("jit_trace_bad_arity", "torch.jit.trace(ADD, torch.ones(2))"),
    ("jit_trace_is_tracing", "seen = []\ndef f(x):\n    seen.append(torch.jit.is_tracing())\n"
                             "    return x\ntorch.jit.trace(f, torch.ones(1))\n"
                             "out = (seen[0], torch.jit.is_tracing(), torch.jit.is_scripting())"),
    ("jit_trace_module", "m = torch.nn.Linear(2, 2)\nt = torch.jit.trace(m, torch.ones(1, 2))\n"
                         "out = bool(torch.equal(t(torch.ones(1, 2)), m(torch.ones(1, 2))))"),
    ("jit_helpers", "@torch.jit.ignore\ndef g(x):\n    return x + 1\n"
                    "@torch.jit.unused\ndef h(x):\n    return x + 2\n"
                    "@torch.jit.export\ndef k(x):\n    return x + 3\n"
                    "out = (g(1), h(1), k(1), torch.jit.annotate(int, 7), "
                    "str(torch.jit.Final[int]), "
                    "torch.jit.wait(torch.jit.fork(lambda a: a * 3, 2)))"),
    ("jit_ignore_drop", "torch.jit.ignore(drop=True)"),
    ("onnx_flag", "out = torch.onnx.is_in_onnx_export()"),
    ("version_fields", "v = torch.version\nout = (v.cuda, v.hip, v.debug, "
                       "isinstance(v.git_version, str), v.__version__ == torch.__version__)"),
    # --- torch.nn.parallel and MultiheadAttention's names ---
    ("cpu:dp_wrapper", "m = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU())\n"
                       "dp = torch.nn.DataParallel(m, device_ids=[0], output_device=0, dim=1)\n"
                       "x = torch.ones(4, 2)\n"
                       "out = (repr(dp), dp.device_ids, list(dp.state_dict()), dp.module is m, "
                       "sorted(k for k in vars(dp) if not k.startswith('_')), "
                       "hasattr(dp, 'dim'), hasattr(dp, 'output_device'), "
                       "bool(torch.equal(dp(x), m(x))), dp.eval().training, m.training, "
                       "torch.nn.parallel.DataParallel is torch.nn.DataParallel)"),
    ("cpu:dp_functional", "torch.nn.parallel.data_parallel(torch.nn.Linear(2, 2), "
                          "torch.ones(1, 2))"),
    ("cpu:dp_gather", "torch.nn.parallel.gather([torch.ones(2), torch.ones(2)], 0)"),
    ("cpu:dp_gather_cpu", "torch.nn.parallel.gather([torch.ones(2)], 'cpu')"),
    ("cpu:dp_replicate", "torch.nn.parallel.replicate(torch.nn.Linear(2, 2), [0])"),
    ("cpu:dp_parallel_apply", "torch.nn.parallel.parallel_apply([torch.nn.Linear(2, 2)], "
                              "[torch.ones(1, 2)])"),
    ("dp_parallel_apply_mismatch", "torch.nn.parallel.parallel_apply([torch.nn.Linear(2, 2)], [])"),
    ("dp_parallel_apply_kw_mismatch", "torch.nn.parallel.parallel_apply([torch.nn.Linear(2, 2)], "
                                      "[torch.ones(1, 2)], [{}, {}])"),
    ("dp_scatter_objects", "out = torch.nn.parallel.scatter([1, 'a'], [0, 1])"),
    ("dp_gather_dict_keys", "torch.nn.parallel.gather([{'a': None}, {'a': None, 'b': None}], 0)"),
    ("mha_names", "import importlib\n"
                  "A = importlib.import_module(torch.__name__ + '.nn.modules.activation')\n"
                  "L = importlib.import_module(torch.__name__ + '.nn.modules.linear')\n"
                  "N = L.NonDynamicallyQuantizableLinear\n"
                  "out = (A.MultiheadAttention is torch.nn.MultiheadAttention, "
                  "issubclass(N, torch.nn.Linear), repr(N(3, 4, bias=False)), "
                  "repr(torch.nn.MultiheadAttention(4, 2)), "
                  "type(torch.nn.MultiheadAttention(4, 2).out_proj) is N)"),
]


def DOUBLE(x):
    return x * 2


def ADD(x, y):
    return x + y


def case_globals(root):
    """The names cases use besides `torch`: hub directories under root and the jit functions."""
    return {**make_hub_dirs(root), "DOUBLE": DOUBLE, "ADD": ADD}


def make_hub_dirs(root):
    """Two local hub repos under root: HUB (dependencies present) and HUB_DEPS (missing ones)."""
    hub = os.path.join(root, "hub")
    deps = os.path.join(root, "hub_deps")
    for d, dep in ((hub, "['numpy', 'json']"), (deps, "['numpy', 'no_such_pkg_xyz', 'nope2']")):
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "hubconf.py"), "w") as f:
            f.write(f"dependencies = {dep}\n\n\ndef tiny(n=2, **kw):\n    '''Tiny.'''\n"
                    f"    return ['tiny', n, kw]\n\n\nnotcallable = 3\n")
    return {"HUB": hub, "HUB_DEPS": deps}


def _plain(v):
    """A JSON-stable form of a case's `out`: tuples as lists, sets sorted."""
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, (set, frozenset)):
        return sorted(_plain(x) for x in v)
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return repr(v)


def _message(text):
    """A warning's text without the C++ location PyTorch appends to internal warnings."""
    return re.sub(r" \(Triggered internally at .*\)$", "", text, flags=re.S)


def run_case(torch, code, extra=None):
    """Run one case; returns {'out'|'exc','msg', 'warnings': [[category, message], ...]}."""
    ns = {"torch": torch, "__name__": "namespaces_case", **(extra or {})}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(code, ns)
            res = {"out": _plain(ns.get("out"))}
        except Exception as e:  # noqa: BLE001 - the exception is the result
            # set order in this message follows string hashing, which varies between runs
            res = {"exc": type(e).__name__, "msg": str(e).replace(
                "{'file_system', 'file_descriptor'}", "{'file_descriptor', 'file_system'}")}
    res["warnings"] = [[w.category.__name__, _message(str(w.message))] for w in caught]
    return res


# ---- GradScaler trajectories and the training program (numbers compared with tolerance) ----

def _data(seed, x_shape, y_shape):
    rng = np.random.default_rng(seed)
    return rng.normal(size=x_shape), rng.normal(size=y_shape)


def scaler_trajectory(torch, scenario):
    """Steps of a tiny Linear model under GradScaler('cpu'), with inf/NaN gradients injected.

    Returns a list of per-step dicts: scale and growth tracker after update(), the grads after
    unscale_ (tensors), the parameters after step(), and whether step() was skipped."""
    dtype = torch.float64 if scenario == "float64" else torch.float32
    model = torch.nn.Linear(3, 2).to(dtype)
    with torch.no_grad():
        model.weight.copy_(torch.tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]], dtype=dtype))
        model.bias.copy_(torch.tensor([0.01, -0.02], dtype=dtype))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    if scenario == "basic":
        scaler = torch.amp.GradScaler("cpu", init_scale=2.0 ** 8, growth_interval=3)
        steps, inf_at, nan_at = 9, {2}, {5}
    elif scenario == "float64":
        scaler = torch.amp.GradScaler("cpu", init_scale=1000.0, growth_factor=1.5,
                                      backoff_factor=0.3, growth_interval=2)
        steps, inf_at, nan_at = 6, {3}, set()
    else:  # "overflow": growing the scale would overflow float32, so it stays
        scaler = torch.amp.GradScaler("cpu", init_scale=2.0 ** 127 * 1.5, growth_interval=1)
        steps, inf_at, nan_at = 3, set(), set()
    x, y = _data(7, (4, 3), (4, 2))
    x, y = torch.tensor(x, dtype=dtype), torch.tensor(y, dtype=dtype)
    out = []
    for step in range(steps):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        if step in inf_at:
            loss = loss * float("inf")
        scaled = scaler.scale(loss)
        scaled.backward()
        if step in nan_at:
            with torch.no_grad():
                model.bias.grad[1] = float("nan")
        scaler.unscale_(opt)
        grads = [model.weight.grad.clone(), model.bias.grad.clone()]
        before = model.weight.detach().clone()
        scaler.step(opt)
        scaler.update()
        out.append({"scale": scaler.get_scale(), "tracker": scaler._get_growth_tracker(),
                    "scaled_loss": scaled.detach().clone(), "grads": grads,
                    "weight": model.weight.detach().clone(), "bias": model.bias.detach().clone(),
                    "skipped": bool(torch.equal(before, model.weight.detach()))})
    return {"steps": out, "state": scaler.state_dict()}


def train_program(torch):
    """A PyTorch AMP training loop written for CUDA, run unchanged (on CPU it runs in full
    precision: autocast and GradScaler disable themselves). Returns losses and parameters."""
    nn = torch.nn
    torch.backends.cudnn.benchmark = True
    torch.backends.cudnn.deterministic = True
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    rng = np.random.default_rng(11)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.tensor(rng.uniform(-0.5, 0.5, tuple(p.shape)), dtype=torch.float32))
    model = nn.DataParallel(model).to(device)
    x, y = _data(12, (16, 4), (16, 1))
    x = torch.tensor(x, dtype=torch.float32, device=device)
    y = torch.tensor(y, dtype=torch.float32, device=device)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    scaler = torch.cuda.amp.GradScaler()
    losses = []
    for _ in range(12):
        opt.zero_grad()
        with torch.cuda.amp.autocast():
            loss = nn.functional.mse_loss(model(x), y)
        scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()
        losses.append(loss.item())
    torch.backends.cudnn.benchmark = False
    torch.backends.cudnn.deterministic = False
    return {"losses": losses, "params": {k: v.detach().clone()
                                         for k, v in model.state_dict().items()},
            "scale": scaler.get_scale()}


def main():
    import torch
    from refutil import record, write

    with tempfile.TemporaryDirectory() as root:
        extra = case_globals(root)
        cases = {name: run_case(torch, code, extra) for name, code in CASES}
    traj = {}
    for scenario in ("basic", "float64", "overflow"):
        t = scaler_trajectory(torch, scenario)
        traj[scenario] = {"state": t["state"], "steps": [
            {"scale": s["scale"], "tracker": s["tracker"], "skipped": s["skipped"],
             "scaled_loss": record(s["scaled_loss"]), "grads": [record(g) for g in s["grads"]],
             "weight": record(s["weight"]), "bias": record(s["bias"])} for s in t["steps"]]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prog = train_program(torch)
    write("namespaces", {
        "cases": cases, "scaler": traj,
        "program": {"losses": prog["losses"], "scale": prog["scale"],
                    "params": {k: record(v) for k, v in prog["params"].items()}}})


if __name__ == "__main__":
    main()
