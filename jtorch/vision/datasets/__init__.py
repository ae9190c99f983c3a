"""torchvision.datasets on jtorch: MNIST, FashionMNIST, KMNIST, CIFAR10, CIFAR100,
DatasetFolder, ImageFolder (read from local files; download when the network allows)."""
from .vision import StandardTransform, VisionDataset  # noqa: F401
from .mnist import MNIST, FashionMNIST, KMNIST  # noqa: F401
from .cifar import CIFAR10, CIFAR100  # noqa: F401
from .folder import DatasetFolder, ImageFolder  # noqa: F401

__all__ = ["VisionDataset", "MNIST", "FashionMNIST", "KMNIST", "CIFAR10", "CIFAR100",
           "DatasetFolder", "ImageFolder"]
