"""parallel_apply: run module i on input i (on its device)."""


def parallel_apply(modules, inputs, kwargs_tup=None, devices=None):
    """PyTorch's checks and its error without an accelerator; with JAX GPUs the calls run one
    after another (XLA runs each on its device), returning the outputs in order."""
    if len(modules) != len(inputs):
        raise AssertionError(f"The number of modules {len(modules)} is not equal to the number "
                             f"of inputs {len(inputs)}")
    if kwargs_tup is not None:
        if len(modules) != len(kwargs_tup):
            raise AssertionError(f"The number of modules {len(modules)} is not equal to the "
                                 f"number of kwargs_tup {len(kwargs_tup)}")
    else:
        kwargs_tup = ({},) * len(modules)
    if devices is not None and len(modules) != len(devices):
        raise AssertionError(f"The number of modules {len(modules)} is not equal to the number "
                             f"of devices {len(devices)}")
    from ... import cuda
    if not cuda.is_available():
        raise RuntimeError("Cannot access accelerator device when none is available.")
    outputs = []
    for module, inp, kw in zip(modules, inputs, kwargs_tup):
        if not isinstance(inp, (list, tuple)):
            inp = (inp,)
        outputs.append(module(*inp, **kw))
    return outputs
