"""Download and integrity helpers (torchvision.datasets.utils): fetch a URL to a file with a
timeout, check an MD5, extract .gz / .tar(.gz) / .zip archives."""
import gzip
import hashlib
import os
import shutil
import tarfile
import urllib.error
import urllib.request
import zipfile

DOWNLOAD_TIMEOUT = 30.0   # seconds per connection attempt


def calculate_md5(fpath, chunk_size=1024 * 1024):
    md5 = hashlib.md5()
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            md5.update(chunk)
    return md5.hexdigest()


def check_md5(fpath, md5):
    return md5 == calculate_md5(fpath)


def check_integrity(fpath, md5=None):
    """The file exists (and has this MD5, when one is given)."""
    if not os.path.isfile(fpath):
        return False
    if md5 is None:
        return True
    return check_md5(fpath, md5)


def download_url(url, root, filename=None, md5=None):
    """Download `url` to root/filename (skipped when the file is there with the right MD5).
    Raises urllib.error.URLError (or OSError) when the network or the file is unreachable,
    RuntimeError when the MD5 does not match."""
    root = os.path.expanduser(root)
    filename = filename or os.path.basename(url)
    fpath = os.path.join(root, filename)
    os.makedirs(root, exist_ok=True)
    if check_integrity(fpath, md5):
        return fpath
    tmp = fpath + ".part"
    with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as resp, open(tmp, "wb") as f:
        shutil.copyfileobj(resp, f)
    os.replace(tmp, fpath)
    if not check_integrity(fpath, md5):
        raise RuntimeError(f"File {fpath} downloaded from {url} is corrupted (MD5 mismatch)")
    return fpath


def extract_archive(from_path, to_path=None, remove_finished=False):
    """Extract a .gz file or a .tar/.tar.gz/.tgz/.zip archive next to it (or into to_path)."""
    to_path = to_path or os.path.dirname(from_path)
    if from_path.endswith((".tar.gz", ".tgz", ".tar")):
        with tarfile.open(from_path) as tar:
            try:
                tar.extractall(to_path, filter="data")
            except TypeError:
                tar.extractall(to_path)
        out = to_path
    elif from_path.endswith(".zip"):
        with zipfile.ZipFile(from_path) as z:
            z.extractall(to_path)
        out = to_path
    elif from_path.endswith(".gz"):
        out = os.path.join(to_path, os.path.basename(from_path)[:-3])
        with gzip.open(from_path, "rb") as src, open(out, "wb") as dst:
            shutil.copyfileobj(src, dst)
    else:
        raise RuntimeError(f"Extraction of {from_path} not supported")
    if remove_finished:
        os.remove(from_path)
    return out


def download_and_extract_archive(url, download_root, extract_root=None, filename=None,
                                 md5=None, remove_finished=False):
    path = download_url(url, download_root, filename, md5)
    return extract_archive(path, extract_root or download_root, remove_finished)


def verify_str_arg(value, arg=None, valid_values=None, custom_msg=None):
    if not isinstance(value, str):
        msg = "Expected type str" + ("" if arg is None else f" for argument {arg},") + \
            f" but got type {type(value)}."
        raise ValueError(msg)
    if valid_values is None:
        return value
    if value not in valid_values:
        if custom_msg is not None:
            raise ValueError(custom_msg)
        raise ValueError(f"Unknown value '{value}' for argument {arg}. Valid values are "
                         f"{{{', '.join(repr(v) for v in valid_values)}}}.")
    return value


NETWORK_ERRORS = (urllib.error.URLError, OSError, ValueError)
