"""MNIST, FashionMNIST, KMNIST from IDX files in torchvision's layout `root/<Name>/raw/`
(files gzipped or not). `download=True` fetches them from the usual mirrors when the network
allows; otherwise the error names the folder and files expected.

`data` (uint8 [N, 28, 28]) and `targets` (int64 [N]) are Tensors as in torchvision; samples are
(image, int label) with the image a NumPy uint8 [28, 28] array (torchvision: a PIL image).
"""
import gzip
import os

import numpy as np

from ..._tensor import Tensor
from .utils import NETWORK_ERRORS, check_integrity, download_url, extract_archive
from .vision import VisionDataset

_IDX_DTYPES = {8: np.uint8, 9: np.int8, 11: ">i2", 12: ">i4", 13: ">f4", 14: ">f8"}


def _open(path):
    """The bytes of `path`, or of `path`.gz when only the gzipped file is there."""
    if os.path.isfile(path):
        with open(path, "rb") as f:
            return f.read()
    with gzip.open(path + ".gz", "rb") as f:
        return f.read()


def read_sn3_pascalvincent_ndarray(path, strict=True):
    """An IDX file (magic, big-endian dims, data) as a NumPy array of native byte order."""
    data = _open(path)
    if len(data) < 4:
        raise ValueError(f"{path} is not an IDX file (too short)")
    magic = int.from_bytes(data[0:4], "big")
    nd = magic % 256
    ty = magic // 256
    if not (1 <= nd <= 3 and 8 <= ty <= 14) or ty not in _IDX_DTYPES:
        raise ValueError(f"{path} is not an IDX file (bad magic number {magic})")
    dims = [int.from_bytes(data[4 * (i + 1): 4 * (i + 2)], "big") for i in range(nd)]
    dt = np.dtype(_IDX_DTYPES[ty])
    count = int(np.prod(dims))
    parsed = np.frombuffer(data, dtype=dt, count=count, offset=4 * (nd + 1))
    if strict and parsed.size != count:
        raise ValueError(f"{path}: expected {count} values, found {parsed.size}")
    return parsed.astype(dt.newbyteorder("="), copy=False).reshape(dims)


def read_label_file(path):
    x = read_sn3_pascalvincent_ndarray(path, strict=False)
    if x.dtype != np.uint8:
        raise TypeError(f"x should be of dtype torch.uint8 instead of torch.{x.dtype}")
    if x.ndim != 1:
        raise ValueError(f"x should have 1 dimension instead of {x.ndim}")
    return x.astype(np.int64)


def read_image_file(path):
    x = read_sn3_pascalvincent_ndarray(path, strict=False)
    if x.dtype != np.uint8:
        raise TypeError(f"x should be of dtype torch.uint8 instead of torch.{x.dtype}")
    if x.ndim != 3:
        raise ValueError(f"x should have 3 dimension instead of {x.ndim}")
    return x


def _tensor(a):
    from ...utils.data._utils.collate import from_host
    return from_host(a)


class _HostCached:
    """Host (NumPy) copies of the `data`/`targets` Tensors for fast per-sample reads; rebuilt
    when the attribute is replaced or the tensor is written in place."""

    def _host(self, name):
        t = self.__dict__[name]
        c = self.__dict__.get("_host_" + name)
        ver = t._version if isinstance(t, Tensor) else None
        if c is None or c[0] is not t or c[1] != ver:
            a = np.asarray(t)
            self.__dict__["_host_" + name] = c = (t, ver, a)
        return c[2]


class MNIST(VisionDataset, _HostCached):
    """The MNIST digits (IDX files in root/MNIST/raw)."""

    mirrors = ["https://ossci-datasets.s3.amazonaws.com/mnist/",
               "http://yann.lecun.com/exdb/mnist/"]
    resources = [
        ("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        ("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
        ("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
        ("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
    ]
    training_file = "training.pt"
    test_file = "test.pt"
    classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five",
               "6 - six", "7 - seven", "8 - eight", "9 - nine"]

    def __init__(self, root, train=True, transform=None, target_transform=None, download=False):
        super().__init__(root, transform=transform, target_transform=target_transform)
        self.train = train
        if download:
            self.download()
        if not self._check_exists():
            raise RuntimeError("Dataset not found. You can use download=True to download it. "
                               f"Expected the IDX files {', '.join(self._raw_names())} "
                               f"(each may also be gzipped, .gz) in {self.raw_folder}")
        self.data, self.targets = self._load_data()

    # data / targets: Tensors, with host copies for __getitem__
    @property
    def data(self):
        return self.__dict__["data"]

    @data.setter
    def data(self, value):
        self.__dict__["data"] = value

    @property
    def targets(self):
        return self.__dict__["targets"]

    @targets.setter
    def targets(self, value):
        self.__dict__["targets"] = value

    @property
    def train_labels(self):
        import warnings
        warnings.warn("train_labels has been renamed targets")
        return self.targets

    @property
    def test_labels(self):
        import warnings
        warnings.warn("test_labels has been renamed targets")
        return self.targets

    @property
    def train_data(self):
        import warnings
        warnings.warn("train_data has been renamed data")
        return self.data

    @property
    def test_data(self):
        import warnings
        warnings.warn("test_data has been renamed data")
        return self.data

    def _split_files(self):
        prefix = "train" if self.train else "t10k"
        return f"{prefix}-images-idx3-ubyte", f"{prefix}-labels-idx1-ubyte"

    def _raw_names(self):
        return [os.path.splitext(name)[0] for name, _ in self.resources]

    def _load_data(self):
        image_file, label_file = self._split_files()
        data = read_image_file(os.path.join(self.raw_folder, image_file))
        targets = read_label_file(os.path.join(self.raw_folder, label_file))
        return _tensor(data), _tensor(targets)

    def __getitem__(self, index):
        """(image, target): image a uint8 [28, 28] NumPy array, target an int."""
        img = self._host("data")[index]
        target = int(self._host("targets")[index])
        if self.transform is not None:
            img = self.transform(img)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return img, target

    def __len__(self):
        return len(self.data)

    @property
    def raw_folder(self):
        return os.path.join(self.root, self.__class__.__name__, "raw")

    @property
    def processed_folder(self):
        return os.path.join(self.root, self.__class__.__name__, "processed")

    @property
    def class_to_idx(self):
        return {_class: i for i, _class in enumerate(self.classes)}

    def _check_exists(self):
        return all(check_integrity(os.path.join(self.raw_folder, name)) or
                   check_integrity(os.path.join(self.raw_folder, name + ".gz"))
                   for name in self._raw_names())

    def download(self):
        """Fetch and extract the IDX files into raw_folder (nothing to do when present)."""
        if self._check_exists():
            return
        os.makedirs(self.raw_folder, exist_ok=True)
        for filename, md5 in self.resources:
            target = os.path.join(self.raw_folder, os.path.splitext(filename)[0])
            if check_integrity(target) or check_integrity(target + ".gz"):
                continue
            errors = []
            for mirror in self.mirrors:
                url = f"{mirror}{filename}"
                try:
                    path = download_url(url, self.raw_folder, filename, md5)
                    extract_archive(path, self.raw_folder)
                    break
                except NETWORK_ERRORS + (RuntimeError,) as error:
                    errors.append(f"{url}: {error}")
            else:
                raise RuntimeError(
                    f"Error downloading {filename} ({'; '.join(errors)}). Without network "
                    f"access, put the IDX files {', '.join(self._raw_names())} (gzipped or not) "
                    f"in {self.raw_folder}")

    def extra_repr(self):
        split = "Train" if self.train is True else "Test"
        return f"Split: {split}"


class FashionMNIST(MNIST):
    """Zalando's Fashion-MNIST (IDX files in root/FashionMNIST/raw)."""

    mirrors = ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"]
    resources = [
        ("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
        ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
        ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
    ]
    classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
               "Sneaker", "Bag", "Ankle boot"]


class KMNIST(MNIST):
    """Kuzushiji-MNIST (IDX files in root/KMNIST/raw)."""

    mirrors = ["http://codh.rois.ac.jp/kmnist/dataset/kmnist/"]
    resources = [
        ("train-images-idx3-ubyte.gz", "bdb82020997e1d708af4cf47b453dcf7"),
        ("train-labels-idx1-ubyte.gz", "e144d726b3acfaa3e44228e80efcd344"),
        ("t10k-images-idx3-ubyte.gz", "5c965bf0a639b31b8f53240b1b52f4d7"),
        ("t10k-labels-idx1-ubyte.gz", "7320c461ea6c1c855c0b718fb2a4b134"),
    ]
    classes = ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"]
