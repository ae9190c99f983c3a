"""CIFAR10 / CIFAR100 from the python pickle batches (root/cifar-10-batches-py,
root/cifar-100-python), as torchvision: `data` a uint8 NumPy array [N, 32, 32, 3], `targets` a
list of ints, samples (HWC uint8 NumPy image, int)."""
import os
import pickle

import numpy as np

from .utils import NETWORK_ERRORS, check_integrity, download_and_extract_archive
from .vision import VisionDataset


class CIFAR10(VisionDataset):
    """CIFAR-10 (the 'python version' batches)."""

    base_folder = "cifar-10-batches-py"
    url = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
    filename = "cifar-10-python.tar.gz"
    tgz_md5 = "c58f30108f718f92721af3b95e74349a"
    train_list = [
        ["data_batch_1", "c99cafc152244af753f735de768cd75f"],
        ["data_batch_2", "d4bba439e000b95fd0a9bffe97cbabec"],
        ["data_batch_3", "54ebc095f3ab1f0389bbae665268c751"],
        ["data_batch_4", "634d18415352ddfa80567beed471001a"],
        ["data_batch_5", "482c414d41f54cd18b22e5b47cb7c3cb"],
    ]
    test_list = [["test_batch", "40351d587109b95175f43aff81a1287e"]]
    meta = {"filename": "batches.meta", "key": "label_names",
            "md5": "5ff9c542aee3614f3951f8cda6e48888"}
    labels_key = "labels"

    def __init__(self, root, train=True, transform=None, target_transform=None, download=False):
        super().__init__(root, transform=transform, target_transform=target_transform)
        self.train = train
        if download:
            self.download()
        if not self._check_integrity():
            names = [n for n, _ in self.train_list + self.test_list] + [self.meta["filename"]]
            raise RuntimeError("Dataset not found or corrupted. You can use download=True to "
                               f"download it. Expected the files {', '.join(names)} in "
                               f"{os.path.join(self.root, self.base_folder)}")
        downloaded_list = self.train_list if self.train else self.test_list
        data, self.targets = [], []
        for file_name, _ in downloaded_list:
            with open(os.path.join(self.root, self.base_folder, file_name), "rb") as f:
                entry = pickle.load(f, encoding="latin1")
                data.append(np.asarray(entry["data"], np.uint8))
                if "labels" in entry:
                    self.targets.extend(int(v) for v in entry["labels"])
                else:
                    self.targets.extend(int(v) for v in entry["fine_labels"])
        self.data = np.vstack(data).reshape(-1, 3, 32, 32).transpose((0, 2, 3, 1))
        self._load_meta()

    def _load_meta(self):
        path = os.path.join(self.root, self.base_folder, self.meta["filename"])
        if not check_integrity(path):
            raise RuntimeError("Dataset metadata file not found or corrupted. You can use "
                               f"download=True to download it. Expected {path}")
        with open(path, "rb") as infile:
            data = pickle.load(infile, encoding="latin1")
            self.classes = data[self.meta["key"]]
        self.class_to_idx = {_class: i for i, _class in enumerate(self.classes)}

    def __getitem__(self, index):
        """(image, target): image a uint8 [32, 32, 3] NumPy array, target an int."""
        img, target = self.data[index], self.targets[index]
        if self.transform is not None:
            img = self.transform(img)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return img, target

    def __len__(self):
        return len(self.data)

    def _check_integrity(self):
        # local files are checked for presence only (tests and re-packed copies differ in MD5)
        return all(check_integrity(os.path.join(self.root, self.base_folder, name))
                   for name, _ in self.train_list + self.test_list)

    def download(self):
        """Fetch and extract the archive into root (nothing to do when present)."""
        if self._check_integrity():
            return
        try:
            download_and_extract_archive(self.url, self.root, filename=self.filename,
                                         md5=self.tgz_md5)
        except NETWORK_ERRORS + (RuntimeError,) as error:
            raise RuntimeError(
                f"Error downloading {self.filename} from {self.url} ({error}). Without network "
                f"access, extract it so that {os.path.join(self.root, self.base_folder)} "
                "holds the batch files") from None

    def extra_repr(self):
        split = "Train" if self.train is True else "Test"
        return f"Split: {split}"


class CIFAR100(CIFAR10):
    """CIFAR-100 (fine labels)."""

    base_folder = "cifar-100-python"
    url = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz"
    filename = "cifar-100-python.tar.gz"
    tgz_md5 = "eb9058c3a382ffc7106e4002c42a8d85"
    train_list = [["train", "16019d7e3df5f24257cddd939b257f8d"]]
    test_list = [["test", "f0ef6b0ae62326f3e7ffdfab6717acfc"]]
    meta = {"filename": "meta", "key": "fine_label_names",
            "md5": "7973b15100ade9c7d40fb424638fde48"}
