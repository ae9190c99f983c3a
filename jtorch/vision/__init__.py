"""torchvision on jtorch: datasets read from local files (MNIST, FashionMNIST, KMNIST, CIFAR10,
CIFAR100, ImageFolder) and transforms. `import jtorch.vision as torchvision`, or
`from jtorch.vision import datasets, transforms`.

Images are NumPy arrays (HW or HWC, uint8) where torchvision gives PIL images: Pillow is not a
dependency. The transforms accept NumPy images, Tensors, and PIL images when Pillow is installed.
"""
from . import datasets, transforms  # noqa: F401

__version__ = "0.1.0"
