"""DatasetFolder / ImageFolder: one class per sub-folder of root (torchvision's discovery rules
and errors). Images decode with Pillow when installed; without it the default loader reads
binary and ASCII Netpbm files (.ppm, .pgm, .pbm) itself and raises ImportError for others.
Loaded images are RGB uint8 NumPy arrays [H, W, 3] (torchvision: RGB PIL images)."""
import os

import numpy as np

from .vision import VisionDataset

IMG_EXTENSIONS = (".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp")


def has_file_allowed_extension(filename, extensions):
    return filename.lower().endswith(extensions if isinstance(extensions, str)
                                     else tuple(extensions))


def is_image_file(filename):
    return has_file_allowed_extension(filename, IMG_EXTENSIONS)


def find_classes(directory):
    """Sorted class folder names and their indices."""
    classes = sorted(entry.name for entry in os.scandir(directory) if entry.is_dir())
    if not classes:
        raise FileNotFoundError(f"Couldn't find any class folder in {directory}.")
    return classes, {cls_name: i for i, cls_name in enumerate(classes)}


def make_dataset(directory, class_to_idx=None, extensions=None, is_valid_file=None,
                 allow_empty=False):
    """[(path, class_index)] of the valid files under each class folder (sorted)."""
    directory = os.path.expanduser(directory)
    if class_to_idx is None:
        _, class_to_idx = find_classes(directory)
    elif not class_to_idx:
        raise ValueError("'class_to_index' must have at least one entry to collect any samples.")
    both_none = extensions is None and is_valid_file is None
    both_something = extensions is not None and is_valid_file is not None
    if both_none or both_something:
        raise ValueError("Both extensions and is_valid_file cannot be None or not None at the "
                         "same time")
    if extensions is not None:
        def is_valid_file(x):
            return has_file_allowed_extension(x, extensions)
    instances = []
    available_classes = set()
    for target_class in sorted(class_to_idx.keys()):
        class_index = class_to_idx[target_class]
        target_dir = os.path.join(directory, target_class)
        if not os.path.isdir(target_dir):
            continue
        for root, _, fnames in sorted(os.walk(target_dir, followlinks=True)):
            for fname in sorted(fnames):
                path = os.path.join(root, fname)
                if is_valid_file(path):
                    instances.append((path, class_index))
                    available_classes.add(target_class)
    empty_classes = set(class_to_idx.keys()) - available_classes
    if empty_classes and not allow_empty:
        msg = f"Found no valid file for the classes {', '.join(sorted(empty_classes))}. "
        if extensions is not None:
            msg += ("Supported extensions are: "
                    f"{extensions if isinstance(extensions, str) else ', '.join(extensions)}")
        raise FileNotFoundError(msg)
    return instances


def _netpbm_tokens(data, count, pos):
    """`count` whitespace-separated header integers from `pos` (comments skipped)."""
    out = []
    while len(out) < count:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            while data[pos:pos + 1] not in (b"\n", b""):
                pos += 1
            continue
        start = pos
        while data[pos:pos + 1] and not data[pos:pos + 1].isspace():
            pos += 1
        out.append(int(data[start:pos]))
    return out, pos


def read_netpbm(path):
    """A .pbm/.pgm/.ppm file (P1-P6) as a uint8 (or uint16) NumPy array [H, W] or [H, W, 3]."""
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:2]
    if magic not in (b"P1", b"P2", b"P3", b"P4", b"P5", b"P6"):
        raise ValueError(f"{path} is not a Netpbm file")
    kind = int(magic[1:2])
    if kind in (1, 4):
        (w, h), pos = _netpbm_tokens(data, 2, 2)
        maxval = 1
    else:
        (w, h, maxval), pos = _netpbm_tokens(data, 3, 2)
    channels = 3 if kind in (3, 6) else 1
    if kind in (1, 2, 3):
        vals = np.array(data[pos:].split()[:w * h * channels], dtype=np.int64)
        if kind == 1:
            vals = (1 - vals) * 255
            maxval = 255
    elif kind == 4:
        row = (w + 7) // 8
        bits = np.unpackbits(np.frombuffer(data, np.uint8, row * h, pos + 1).reshape(h, row),
                             axis=1)[:, :w]
        vals = (1 - bits.astype(np.int64)) * 255
        maxval = 255
    else:
        dt = np.dtype(">u2") if maxval > 255 else np.dtype(np.uint8)
        vals = np.frombuffer(data, dt, w * h * channels, pos + 1)
    dt = np.uint16 if maxval > 255 else np.uint8
    a = np.asarray(vals).astype(dt).reshape((h, w, channels) if channels == 3 else (h, w))
    return a


def numpy_loader(path):
    """Decode an image file to an RGB uint8 [H, W, 3] array: Pillow when installed, else the
    built-in Netpbm reader."""
    try:
        from PIL import Image
    except ImportError:
        Image = None
    if Image is not None:
        with open(path, "rb") as f:
            return np.asarray(Image.open(f).convert("RGB"))
    ext = os.path.splitext(path)[1].lower()
    if ext not in (".ppm", ".pgm", ".pbm"):
        raise ImportError(f"Decoding '{ext}' images ({path}) needs Pillow, which is not "
                          "installed (pip install Pillow). Without it, ImageFolder reads "
                          ".ppm/.pgm/.pbm files, or pass loader=your_function.")
    a = read_netpbm(path)
    if a.dtype != np.uint8:
        a = (a >> 8).astype(np.uint8)
    if a.ndim == 2:
        a = np.repeat(a[:, :, None], 3, axis=2)
    return a


default_loader = numpy_loader
pil_loader = numpy_loader


class DatasetFolder(VisionDataset):
    """Samples (loader(path), class_index) from root/class_x/xxx.ext."""

    def __init__(self, root, loader, extensions=None, transform=None, target_transform=None,
                 is_valid_file=None, allow_empty=False):
        super().__init__(root, transform=transform, target_transform=target_transform)
        classes, class_to_idx = self.find_classes(self.root)
        samples = self.make_dataset(self.root, class_to_idx=class_to_idx, extensions=extensions,
                                    is_valid_file=is_valid_file, allow_empty=allow_empty)
        self.loader = loader
        self.extensions = extensions
        self.classes = classes
        self.class_to_idx = class_to_idx
        self.samples = samples
        self.targets = [s[1] for s in samples]

    @staticmethod
    def make_dataset(directory, class_to_idx, extensions=None, is_valid_file=None,
                     allow_empty=False):
        if class_to_idx is None:
            raise ValueError("The class_to_idx parameter cannot be None.")
        return make_dataset(directory, class_to_idx, extensions=extensions,
                            is_valid_file=is_valid_file, allow_empty=allow_empty)

    def find_classes(self, directory):
        return find_classes(directory)

    def __getitem__(self, index):
        path, target = self.samples[index]
        sample = self.loader(path)
        if self.transform is not None:
            sample = self.transform(sample)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return sample, target

    def __len__(self):
        return len(self.samples)


class ImageFolder(DatasetFolder):
    """DatasetFolder over image files (IMG_EXTENSIONS), decoded by default_loader."""

    def __init__(self, root, transform=None, target_transform=None, loader=default_loader,
                 is_valid_file=None, allow_empty=False):
        super().__init__(root, loader, IMG_EXTENSIONS if is_valid_file is None else None,
                         transform=transform, target_transform=target_transform,
                         is_valid_file=is_valid_file, allow_empty=allow_empty)
        self.imgs = self.samples
