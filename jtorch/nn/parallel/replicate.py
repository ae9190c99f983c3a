"""replicate: copies of a module on several GPUs, linked for autograd."""


def replicate(network, devices, detach=False):
    """PyTorch's CPU-build AssertionError for CPU parameters; with GPUs, NotImplementedError
    (jtorch's DataParallel runs on one device and never needs replicas)."""
    params = list(network.parameters()) + list(network.buffers())
    if any(p.device.type == "cpu" for p in params):
        raise AssertionError("Broadcast function not implemented for CPU tensors")
    raise NotImplementedError("torch.nn.parallel.replicate is not implemented in jtorch: "
                              "DataParallel runs the whole batch on device_ids[0], so replicas "
                              "linked for autograd are never built")
