"""jtorch.vision: datasets from files built on the fly in the exact formats (IDX, CIFAR pickles,
class folders of Netpbm images), download paths, transforms (values against NumPy and against
torch's interpolate / grid_sample in tests/reference/vision.json), reproducible random
transforms, and the seeds' MNIST pipelines (shared/seeds/002, 003)."""
import gzip
import os
import pickle
import warnings

import numpy as np
import pytest

import jtorch as torch
import jtorch.vision as torchvision
from jtorch.utils.data import DataLoader
from jtorch.vision import datasets, transforms
from jtorch.vision.transforms import functional as F
from conftest import assert_matches, load_reference

REF = load_reference("vision")
HAS_PIL = F._pil() is not None


def write_idx(path, arr, gz=False):
    arr = np.asarray(arr, np.uint8)
    hdr = bytes([0, 0, 8, arr.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in arr.shape)
    with (gzip.open(path + ".gz", "wb") if gz else open(path, "wb")) as f:
        f.write(hdr + arr.tobytes())


def make_mnist(root, name="MNIST", n=50, gz=False, seed=0):
    raw = os.path.join(root, name, "raw")
    os.makedirs(raw, exist_ok=True)
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 256, (n, 28, 28))
    Y = rng.integers(0, 10, n)
    write_idx(os.path.join(raw, "train-images-idx3-ubyte"), X, gz)
    write_idx(os.path.join(raw, "train-labels-idx1-ubyte"), Y, gz)
    write_idx(os.path.join(raw, "t10k-images-idx3-ubyte"), X[:10], gz)
    write_idx(os.path.join(raw, "t10k-labels-idx1-ubyte"), Y[:10], gz)
    return X, Y


# ---- MNIST family -------------------------------------------------------------------------------
@pytest.mark.parametrize("cls,gz", [(datasets.MNIST, False), (datasets.FashionMNIST, True),
                                    (datasets.KMNIST, True)])
def test_mnist_family_reads_idx(tmp_path, cls, gz):
    X, Y = make_mnist(str(tmp_path), cls.__name__, gz=gz)
    ds = cls(str(tmp_path), train=True)
    assert len(ds) == 50 and ds.data.shape == (50, 28, 28) and str(ds.data.dtype) == \
        "torch.uint8"
    assert str(ds.targets.dtype) == "torch.int64" and ds.targets.tolist() == Y.tolist()
    img, target = ds[3]
    assert isinstance(img, np.ndarray) and img.dtype == np.uint8
    np.testing.assert_array_equal(img, X[3])
    assert target == int(Y[3]) and type(target) is int
    test = cls(str(tmp_path), train=False)
    assert len(test) == 10 and len(ds.classes) == 10
    assert ds.class_to_idx[ds.classes[2]] == 2
    assert ds.raw_folder == os.path.join(str(tmp_path), cls.__name__, "raw")


def test_mnist_repr_and_targets_edits(tmp_path):
    make_mnist(str(tmp_path))
    t = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    ds = datasets.MNIST(str(tmp_path), train=False, transform=t)
    assert repr(ds) == (
        "Dataset MNIST\n    Number of datapoints: 10\n    Root location: " + str(tmp_path) +
        "\n    Split: Test\n    StandardTransform\nTransform: Compose(\n"
        "               ToTensor()\n"
        "               Normalize(mean=(0.1307,), std=(0.3081,))\n           )")
    ds.targets[0] = 7          # in-place edits and replacements are seen by __getitem__
    assert ds[0][1] == 7
    ds.targets = ds.targets * 0 + 3
    assert ds[5][1] == 3


def test_mnist_missing_files_names_the_path(tmp_path):
    with pytest.raises(RuntimeError) as info:
        datasets.FashionMNIST(str(tmp_path / "data"), train=True)
    msg = str(info.value)
    assert msg.startswith("Dataset not found. You can use download=True to download it")
    assert os.path.join(str(tmp_path / "data"), "FashionMNIST", "raw") in msg
    assert "train-images-idx3-ubyte" in msg


def test_mnist_download_from_mirror_and_failure(tmp_path):
    src = tmp_path / "mirror"
    src.mkdir()
    rng = np.random.default_rng(1)
    X, Y = rng.integers(0, 256, (5, 28, 28)), rng.integers(0, 10, 5)
    for name, arr in [("train-images-idx3-ubyte", X), ("train-labels-idx1-ubyte", Y),
                      ("t10k-images-idx3-ubyte", X), ("t10k-labels-idx1-ubyte", Y)]:
        write_idx(str(src / name), arr, gz=True)

    class LocalMNIST(datasets.MNIST):
        mirrors = ["file:///nonexistent/dir/", src.as_uri() + "/"]
        resources = [(n, None) for n, _ in datasets.MNIST.resources]

    ds = LocalMNIST(str(tmp_path / "root"), download=True)
    assert ds.targets.tolist() == Y.tolist()
    assert os.path.isfile(os.path.join(ds.raw_folder, "train-images-idx3-ubyte"))

    class Offline(datasets.MNIST):
        mirrors = ["file:///nonexistent/dir/"]

    with pytest.raises(RuntimeError, match=r"Error downloading train-images-idx3-ubyte.gz .*"
                                           r"put the IDX files"):
        Offline(str(tmp_path / "off"), download=True)


def test_idx_bad_files(tmp_path):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name in ["train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                 "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]:
        (raw / name).write_bytes(b"\x00\x00\x08\x01\x00\x00\x00\x02\x01\x02")
    with pytest.raises(ValueError, match="x should have 3 dimension instead of 1"):
        datasets.MNIST(str(tmp_path))
    (raw / "train-images-idx3-ubyte").write_bytes(b"garbage!")
    with pytest.raises(ValueError, match="is not an IDX file"):
        datasets.MNIST(str(tmp_path))


# ---- CIFAR --------------------------------------------------------------------------------------
def make_cifar(root, hundred=False):
    rng = np.random.default_rng(2)
    folder = os.path.join(root, "cifar-100-python" if hundred else "cifar-10-batches-py")
    os.makedirs(folder)
    key = "fine_labels" if hundred else "labels"
    names = ["train"] if hundred else [f"data_batch_{i}" for i in range(1, 6)]
    all_data, all_labels = [], []
    for name in names + ["test" if hundred else "test_batch"]:
        d = rng.integers(0, 256, (4, 3072)).astype(np.uint8)
        lab = rng.integers(0, 100 if hundred else 10, 4).tolist()
        with open(os.path.join(folder, name), "wb") as f:
            pickle.dump({"data": d, key: lab}, f)
        if name not in ("test", "test_batch"):
            all_data.append(d)
            all_labels += lab
    meta = {"fine_label_names": [f"c{i}" for i in range(100)]} if hundred else \
        {"label_names": ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
                         "horse", "ship", "truck"]}
    with open(os.path.join(folder, "meta" if hundred else "batches.meta"), "wb") as f:
        pickle.dump(meta, f)
    return np.vstack(all_data), all_labels


@pytest.mark.parametrize("hundred", [False, True])
def test_cifar(tmp_path, hundred):
    data, labels = make_cifar(str(tmp_path), hundred)
    cls = datasets.CIFAR100 if hundred else datasets.CIFAR10
    ds = cls(str(tmp_path), train=True, transform=transforms.ToTensor())
    assert len(ds) == len(labels) and ds.targets == labels
    assert ds.data.shape == (len(labels), 32, 32, 3)
    x, y = ds[1]
    assert x.shape == (3, 32, 32) and y == labels[1]
    np.testing.assert_allclose(x.numpy(), data[1].reshape(3, 32, 32) / 255.0, rtol=1e-6)
    assert len(ds.classes) == (100 if hundred else 10)
    assert len(cls(str(tmp_path), train=False)) == 4
    with pytest.raises(RuntimeError, match="Dataset not found or corrupted. You can use "
                                           "download=True to download it"):
        cls(str(tmp_path / "nothing"))


# ---- ImageFolder --------------------------------------------------------------------------------
def test_image_folder_netpbm(tmp_path):
    rng = np.random.default_rng(3)
    imgs = {}
    for cls_name in ["cat", "dog"]:
        (tmp_path / cls_name).mkdir()
        for k in range(2):
            a = rng.integers(0, 256, (5, 4, 3)).astype(np.uint8)
            p = tmp_path / cls_name / f"{k}.ppm"
            p.write_bytes(b"P6\n# comment\n4 5\n255\n" + a.tobytes())
            imgs[str(p)] = a
        g = rng.integers(0, 256, (5, 4)).astype(np.uint8)
        p = tmp_path / cls_name / "g.pgm"
        p.write_bytes(b"P5 4 5 255\n" + g.tobytes())
        imgs[str(p)] = np.repeat(g[:, :, None], 3, 2)
        (tmp_path / cls_name / "notes.txt").write_text("ignored")
    ds = datasets.ImageFolder(str(tmp_path), transform=transforms.ToTensor())
    assert ds.classes == ["cat", "dog"] and ds.class_to_idx == {"cat": 0, "dog": 1}
    assert len(ds) == 6 and ds.targets == [0, 0, 0, 1, 1, 1] and ds.imgs == ds.samples
    for i, (path, target) in enumerate(ds.samples):
        x, y = ds[i]
        assert y == target
        np.testing.assert_allclose(x.numpy(), imgs[path].transpose(2, 0, 1) / 255.0, rtol=1e-6)
    xb, yb = next(iter(DataLoader(ds, batch_size=6, num_workers=2)))
    assert xb.shape == (6, 3, 5, 4) and yb.tolist() == [0, 0, 0, 1, 1, 1]


def test_image_folder_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="Couldn't find any class folder in"):
        datasets.ImageFolder(str(tmp_path))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.png").write_bytes(b"\x89PNG")
    with pytest.raises(FileNotFoundError, match="Found no valid file for the classes b. "
                                                "Supported extensions are: .jpg, .jpeg"):
        datasets.ImageFolder(str(tmp_path))
    ds = datasets.ImageFolder(str(tmp_path), allow_empty=True)
    assert len(ds) == 1
    if not HAS_PIL:
        with pytest.raises(ImportError, match="needs Pillow"):
            ds[0]
    with pytest.raises(ValueError, match="Both extensions and is_valid_file cannot be None"):
        datasets.DatasetFolder(str(tmp_path), loader=np.load)


# ---- transforms: conversions and normalisation --------------------------------------------------
def test_to_tensor_and_pil_to_tensor():
    rng = np.random.default_rng(4)
    hwc = rng.integers(0, 256, (4, 5, 3)).astype(np.uint8)
    t = transforms.ToTensor()(hwc)
    assert t.shape == (3, 4, 5) and str(t.dtype) == "torch.float32"
    np.testing.assert_allclose(t.numpy(), hwc.transpose(2, 0, 1) / 255.0, rtol=1e-6)
    hw = hwc[:, :, 0]
    assert transforms.ToTensor()(hw).shape == (1, 4, 5)
    f64 = rng.random((2, 3, 1))
    t64 = transforms.ToTensor()(f64)
    assert str(t64.dtype) == "torch.float64" and np.array_equal(t64.numpy()[0], f64[:, :, 0])
    p = transforms.PILToTensor()(hwc)
    assert str(p.dtype) == "torch.uint8" and np.array_equal(p.numpy(), hwc.transpose(2, 0, 1))
    with pytest.raises(TypeError, match="pic should be PIL Image or ndarray. Got <class 'list'>"):
        transforms.ToTensor()([1, 2])
    with pytest.raises(ValueError, match="pic should be 2/3 dimensional. Got 1 dimensions."):
        transforms.ToTensor()(np.zeros(3, np.uint8))
    if not HAS_PIL:
        with pytest.raises(ImportError, match="ToPILImage needs Pillow"):
            transforms.ToPILImage()


def test_normalize_values_errors_and_autograd(mode):
    rng = np.random.default_rng(5)
    a = rng.random((2, 3, 4, 4)).astype(np.float32)
    mean, std = (0.5, 0.4, 0.3), (0.2, 0.25, 0.5)
    out = transforms.Normalize(mean, std)(torch.tensor(a))
    want = (a - np.array(mean, np.float32)[:, None, None]) / np.array(std, np.float32)[:, None,
                                                                                         None]
    np.testing.assert_allclose(out.numpy(), want, rtol=1e-6)
    x = torch.tensor(a, requires_grad=True)
    y = F.normalize(x, mean, std)
    assert y.requires_grad
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy()[0, :, 0, 0], 1 / np.array(std), rtol=1e-6)
    with pytest.raises(TypeError, match="Input tensor should be a float tensor. Got torch.uint8"):
        F.normalize(torch.zeros(3, 2, 2, dtype=torch.uint8), mean, std)
    with pytest.raises(ValueError, match=r"Expected tensor to be a tensor image of size \(\.\.\., "
                                         r"C, H, W\)\. Got tensor.size\(\) = torch.Size\(\[2, 2\]\)"):
        F.normalize(torch.zeros(2, 2), mean, std)
    with pytest.raises(ValueError, match="std evaluated to zero after conversion to "
                                         "torch.float32, leading to division by zero."):
        F.normalize(torch.zeros(3, 2, 2), mean, (1.0, 0.0, 1.0))
    with pytest.raises(TypeError, match="img should be Tensor Image"):
        F.normalize(a, mean, std)


def test_convert_image_dtype_rules():
    u8 = torch.tensor([[[0, 128, 255]]], dtype=torch.uint8)
    f = F.convert_image_dtype(u8, torch.float32)
    np.testing.assert_allclose(f.numpy(), np.array([[[0, 128, 255]]]) / 255.0, rtol=1e-6)
    back = transforms.ConvertImageDtype(torch.uint8)(f)
    assert back.tolist() == u8.tolist()
    half = F.convert_image_dtype(torch.tensor([[[0.5]]]), torch.uint8)
    assert half.item() == int(0.5 * (255 + 1.0 - 1e-3))
    i16 = F.convert_image_dtype(u8, torch.int16)
    assert i16.tolist() == [[[v * ((32767 + 1) // 256) for v in (0, 128, 255)]]]
    assert F.convert_image_dtype(i16, torch.uint8).tolist() == u8.tolist()
    with pytest.raises(RuntimeError, match="The cast from torch.float32 to torch.int32 cannot "
                                           "be performed safely."):
        F.convert_image_dtype(torch.zeros(1, 1, 1), torch.int32)


# ---- transforms: geometry ------------------------------------------------------------------------
def _img():
    return torch.tensor(REF["image"]["value"], dtype=torch.float32)


@pytest.mark.parametrize("key", list(REF["resize"]))
def test_resize_matches_torch_interpolate(key, mode):
    size, interp, aa = key.split("|")
    size = tuple(int(v) for v in size.strip("()").split(","))
    out = F.resize(_img(), list(size), transforms.InterpolationMode(interp),
                   antialias=aa == "True")
    assert_matches(out, REF["resize"][key], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("key", list(REF["rotate"]))
def test_rotate_matches_grid_sample(key):
    angle, interp, expand = key.split("|")
    out = F.rotate(_img(), float(angle), transforms.InterpolationMode(interp),
                   expand=expand == "True")
    assert_matches(out, REF["rotate"][key], rtol=1e-5, atol=1e-5)


def test_resize_sizes_numpy_images_and_errors():
    a = (np.random.default_rng(6).random((30, 40, 3)) * 255).astype(np.uint8)
    r = transforms.Resize(15)(a)
    assert r.shape == (15, 20, 3) and r.dtype == np.uint8
    assert transforms.Resize((10, 12))(a).shape == (10, 12, 3)
    assert transforms.Resize(20, max_size=25)(a).shape == (19, 25, 3)  # int(25 * 20 / 26)
    same = transforms.Resize(30)(a)
    assert same is a
    const = np.full((8, 8), 77, np.uint8)
    assert np.all(transforms.Resize(5)(const) == 77)  # weights sum to one
    t = transforms.Resize(15)(torch.tensor(a).permute(2, 0, 1))
    assert t.shape == (3, 15, 20) and str(t.dtype) == "torch.uint8"
    assert repr(transforms.Resize(15)) == ("Resize(size=15, interpolation=bilinear, "
                                           "max_size=None, antialias=True)")
    with pytest.raises(TypeError, match="Size should be int or sequence. Got <class 'float'>"):
        transforms.Resize(1.5)
    with pytest.raises(ValueError, match="If size is a sequence, it should have 1 or 2 values"):
        transforms.Resize((1, 2, 3))


def test_crops_flips_pad_against_numpy(mode):
    a = np.arange(5 * 6 * 3, dtype=np.uint8).reshape(5, 6, 3)
    t = torch.tensor(a.transpose(2, 0, 1).copy())
    np.testing.assert_array_equal(transforms.CenterCrop(3)(a), a[1:4, 2:5])
    np.testing.assert_array_equal(transforms.CenterCrop((2, 4))(t).numpy(),
                                  a.transpose(2, 0, 1)[:, 2:4, 1:5])
    big = transforms.CenterCrop(8)(a)
    assert big.shape == (8, 8, 3)
    np.testing.assert_array_equal(big[1:6, 1:7], a)
    assert big[0].sum() == 0 and big[:, 0].sum() == 0
    np.testing.assert_array_equal(transforms.RandomHorizontalFlip(1.0)(a), a[:, ::-1])
    np.testing.assert_array_equal(transforms.RandomVerticalFlip(1.0)(t).numpy(),
                                  a.transpose(2, 0, 1)[:, ::-1])
    assert transforms.RandomHorizontalFlip(0.0)(a) is a
    np.testing.assert_array_equal(F.pad(a, [1, 2], fill=9)[0, :, 0], np.full(8, 9))
    np.testing.assert_array_equal(F.pad(a, 2, padding_mode="reflect"),
                                  np.pad(a, ((2, 2), (2, 2), (0, 0)), mode="reflect"))
    np.testing.assert_array_equal(F.pad(t, (1, 2, 3, 4), padding_mode="edge").numpy(),
                                  np.pad(a.transpose(2, 0, 1), ((0, 0), (2, 4), (1, 3)),
                                         mode="edge"))
    np.testing.assert_array_equal(F.crop(a, -1, 4, 3, 3)[1:, :2], a[0:2, 4:6])
    with pytest.raises(ValueError, match="Padding mode should be either constant, edge, reflect"):
        F.pad(a, 1, padding_mode="wrap")


def test_random_crop_padding_and_errors():
    torch.manual_seed(0)
    a = np.arange(4 * 4, dtype=np.uint8).reshape(4, 4)
    rc = transforms.RandomCrop(4, padding=2)
    outs = [rc(a) for _ in range(20)]
    assert all(o.shape == (4, 4) for o in outs)
    assert len({o.tobytes() for o in outs}) > 1
    padded = np.pad(a, 2)
    for o in outs:  # each crop is a window of the zero-padded image
        assert any(np.array_equal(o, padded[i:i + 4, j:j + 4]) for i in range(5)
                   for j in range(5))
    assert transforms.RandomCrop((6, 5), pad_if_needed=True)(a).shape == (6, 5)
    with pytest.raises(ValueError, match=r"Required crop size \(6, 6\) is larger than input "
                                         r"image size \(4, 4\)"):
        transforms.RandomCrop(6)(a)
    assert repr(transforms.RandomCrop(3, padding=1)) == "RandomCrop(size=(3, 3), padding=1)"


def test_random_rotation_and_color_jitter():
    a = (np.random.default_rng(7).random((6, 6, 3)) * 255).astype(np.uint8)
    np.testing.assert_array_equal(F.rotate(a, 90.0), np.rot90(a))
    r = transforms.RandomRotation((90, 90))
    np.testing.assert_array_equal(r(a), np.rot90(a))
    assert repr(r) == ("RandomRotation(degrees=[90.0, 90.0], interpolation=nearest, "
                       "expand=False, fill=0)")
    with pytest.raises(ValueError, match="If degrees is a single number, it must be positive."):
        transforms.RandomRotation(-3)
    t = torch.tensor(a).permute(2, 0, 1).float() / 255
    np.testing.assert_allclose(F.adjust_brightness(t, 0.5).numpy(), t.numpy() * 0.5, rtol=1e-6)
    np.testing.assert_allclose(F.adjust_hue(t, 0.0).numpy(), t.numpy(), atol=1e-5)
    g = F.rgb_to_grayscale(t).numpy()[0]
    np.testing.assert_allclose(g, 0.2989 * t.numpy()[0] + 0.587 * t.numpy()[1] +
                               0.114 * t.numpy()[2], rtol=1e-5)
    np.testing.assert_allclose(F.adjust_saturation(t, 0.0).numpy(), np.repeat(g[None], 3, 0),
                               rtol=1e-5)
    m = F.adjust_contrast(t, 0.0).numpy()
    np.testing.assert_allclose(m, np.full_like(m, g.mean()), rtol=1e-5)
    cj = transforms.ColorJitter(brightness=0.5, contrast=0.5, saturation=0.5, hue=0.1)
    out = cj(a)
    assert out.shape == a.shape and out.dtype == np.uint8
    assert cj(t).shape == (3, 6, 6)
    assert repr(cj) == ("ColorJitter(brightness=(0.5, 1.5), contrast=(0.5, 1.5), "
                        "saturation=(0.5, 1.5), hue=(-0.1, 0.1))")
    with pytest.raises(ValueError, match=r"hue values should be between \(-0.5, 0.5\)"):
        transforms.ColorJitter(hue=0.7)
    with pytest.raises(ValueError, match="If brightness is a single number, it must be non "
                                         "negative."):
        transforms.ColorJitter(brightness=-1)


def test_random_transforms_reproducible_under_seed_and_in_workers(tmp_path):
    a = (np.random.default_rng(8).random((10, 10, 3)) * 255).astype(np.uint8)
    tf = transforms.Compose([transforms.RandomCrop(6), transforms.RandomHorizontalFlip(),
                             transforms.RandomRotation(20), transforms.ToTensor()])
    torch.manual_seed(3)
    first = [tf(a).numpy() for _ in range(4)]
    torch.manual_seed(3)
    assert all(np.array_equal(tf(a).numpy(), f) for f in first)
    assert not np.array_equal(first[0], first[1])

    make_mnist(str(tmp_path))
    ds = datasets.MNIST(str(tmp_path), transform=transforms.Compose(
        [transforms.RandomCrop(24), transforms.ToTensor()]))

    def epoch():
        g = torch.Generator().manual_seed(11)
        return torch.cat([x for x, _ in DataLoader(ds, batch_size=8, shuffle=True,
                                                   num_workers=2, generator=g)]).numpy()

    np.testing.assert_array_equal(epoch(), epoch())  # per-worker generators: thread-timing free


def test_lambda_compose_and_user_callables():
    class add_mult(object):
        def __init__(self, addx=1, muly=2):
            self.addx, self.muly = addx, muly

        def __call__(self, sample):
            return sample[0] + self.addx, sample[1] * self.muly

    class mult(object):
        def __init__(self, mult=100):
            self.mult = mult

        def __call__(self, sample):
            return sample[0] * self.mult, sample[1] * self.mult

    data_transform = transforms.Compose([add_mult(), mult()])
    x, y = data_transform((2 * torch.ones(2), torch.ones(1)))
    assert x.tolist() == [300.0, 300.0] and y.tolist() == [200.0]
    lam = transforms.Lambda(lambda v: v * 2)
    assert lam(torch.ones(2)).tolist() == [2.0, 2.0] and repr(lam) == "Lambda()"
    with pytest.raises(TypeError, match="Argument lambd should be callable, got 'int'"):
        transforms.Lambda(3)


# ---- the seeds' vision code ---------------------------------------------------------------------
def test_seed_002_fashion_mnist_pipeline(tmp_path):
    root = str(tmp_path / "data")
    X, Y = make_mnist(root, "FashionMNIST", n=64, gz=True)
    trans = transforms.ToTensor()
    mnist_train = torchvision.datasets.FashionMNIST(root=root, train=True, transform=trans,
                                                    download=True)
    mnist_test = torchvision.datasets.FashionMNIST(root=root, train=False, transform=trans,
                                                   download=True)
    assert len(mnist_train) == 64 and len(mnist_test) == 10
    assert mnist_train[0][0].shape == (1, 28, 28)

    def get_fashion_mnist_labels(labels):
        text_labels = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt",
                       "sneaker", "bag", "ankle boot"]
        return [text_labels[int(i)] for i in labels]

    from jtorch.utils import data
    from jtorch.utils.data.dataloader import _cpu_count
    if _cpu_count() < 4:   # PyTorch warns when more workers than usable CPUs are asked for
        with pytest.warns(UserWarning, match="This DataLoader will create 4 worker processes"):
            train_iter = data.DataLoader(mnist_train, 16, shuffle=True, num_workers=4)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            train_iter = data.DataLoader(mnist_train, 16, shuffle=True, num_workers=4)
    seen = []
    for X_b, y_b in train_iter:
        assert X_b.shape == (len(y_b), 1, 28, 28) and str(X_b.dtype) == "torch.float32"
        seen += get_fashion_mnist_labels(y_b)
    assert len(seen) == 64 and sorted(seen) == sorted(get_fashion_mnist_labels(Y))


def test_seed_003_mnist_pipeline(tmp_path):
    root = str(tmp_path / "data")
    X, Y = make_mnist(root, n=40)
    transform = transforms.Compose([transforms.ToTensor(),
                                    transforms.Normalize((0.1307,), (0.3081,))])
    train_data = datasets.MNIST(root, train=True, download=True, transform=transform)
    test_data = datasets.MNIST(root, train=False, transform=transform)
    train_loader = DataLoader(train_data, batch_size=16, shuffle=True)
    test_loader = DataLoader(test_data, batch_size=1000)
    total = 0
    for batch_idx, (data_b, target) in enumerate(train_loader):
        assert data_b.shape[1:] == (1, 28, 28)
        total += len(data_b)
    assert total == 40 and len(train_loader) == 3 and len(train_loader.dataset) == 40
    (xt, yt), = list(test_loader)
    want = (X[:10] / 255.0 - 0.1307) / 0.3081
    np.testing.assert_allclose(xt.numpy()[:, 0], want, rtol=1e-5, atol=1e-5)
    assert yt.tolist() == Y[:10].tolist()
    assert yt.view_as(yt).eq(torch.tensor(Y[:10])).sum().item() == 10


@pytest.mark.parametrize("op", ["rotate", "resize", "pad_fill", "hue", "center_crop",
                                "contrast", "to_uint8", "gray3"])
def test_pending_tensors_take_the_recorded_path(op):
    """A pending tensor goes through one recorded jtorch op; a computed one through NumPy:
    both give the same values."""
    fns = {"rotate": lambda a: F.rotate(a, 30.0, transforms.InterpolationMode.BILINEAR),
           "resize": lambda a: F.resize(a, [4, 5]),
           "pad_fill": lambda a: F.pad(a, [1, 2], fill=(1.0, 2.0, 3.0)),
           "hue": lambda a: F.adjust_hue(a, 0.2), "center_crop": lambda a: F.center_crop(a, 4),
           "contrast": lambda a: F.adjust_contrast(a, 0.3),
           "to_uint8": lambda a: F.convert_image_dtype(a, torch.uint8),
           "gray3": lambda a: F.rgb_to_grayscale(a, 3)}
    concrete = _img()
    pending = concrete * 1.0
    out_p = fns[op](pending)
    if not torch.runtime.config["eager"]:  # (JTORCH_EAGER=1 runs every op at once)
        assert pending._nd.value is None and out_p._nd.value is None
    np.testing.assert_allclose(out_p.numpy(), fns[op](concrete).numpy(), rtol=1e-5, atol=1e-5)


def test_resize_is_differentiable():
    x = torch.rand(1, 3, 6, 7, requires_grad=True)
    F.resize(x, [3, 3]).sum().backward()
    g = x.grad.numpy()
    assert g.shape == (1, 3, 6, 7) and abs(g.sum() - 3 * 9) < 1e-3  # weights sum to one
