"""Where a command may write its output folder, and how it replaces that folder all or nothing.

`build` and `render` write whole folders. Before either touches the file system, `refusal` says whether the
target is theirs to replace: never the project or a folder the author keeps files in, never a file, never a
non-empty folder that a command of ours did not make (each folder we make carries a small marker file).
`replacing` then builds the new folder beside the old one and swaps it in, so a failed build changes nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import io
import os
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

MARKER = ".coachguide-output"
ZIP_COMMENT = b"made by coachguide"  # how `coachguide zip` knows a zip it may replace
ZIP_LEVEL = 6  # zlib's default: at 2,000 questions 2% larger than 9 and made in 40% of the time
_MARKER_TEXT = "This folder was made by coachguide; the next build or render may replace all of it.\n"


def refusal(target: Path, *, project: Path, keep: Mapping[str, Path], option: str) -> str | None:
    """Why `target` may not be replaced by a command's output, or None if it may.

    `keep` names the folders the author's files live in (content, docs, templates): the target may not be one
    of them, lie inside one or contain one. It may lie inside the project folder (site/ does) but not be it or
    contain it. `option` is how the user names the target (`--site-dir`), for the hint.
    """
    resolved, project = target.resolve(), project.resolve()
    hint = f"choose another {option}"
    if resolved == project:
        return f"{target}: this is the project folder, which the output would replace; {hint}"
    if resolved in project.parents:
        return f"{target}: this folder holds the project ({project}), which the output would replace; {hint}"
    for name, folder in keep.items():
        folder = folder.resolve()
        if resolved == folder:
            return f"{target}: this is the {name} folder, which the output would replace; {hint}"
        if folder in resolved.parents:
            return f"{target}: this lies inside the {name} folder ({folder}); {hint}"
        if resolved in folder.parents:
            return f"{target}: this folder holds the {name} folder ({folder}), which the output would replace; {hint}"
    if resolved.exists() and not resolved.is_dir():
        return f"{target}: this is a file, not a folder; it was left as it is; {hint}"
    in_the_way = next((p for p in resolved.parents if p.exists() and not p.is_dir()), None)
    if in_the_way is not None:
        return f"{target}: {in_the_way} is a file, not a folder; {hint}"
    if resolved.is_dir() and not is_ours(resolved) and any(resolved.iterdir()):
        return (
            f"{target}: this folder holds files that coachguide did not make (it has no {MARKER} file); "
            f"it was left as it is; {hint}, or empty it yourself"
        )
    return None


def is_ours(folder: Path) -> bool:
    """True for a folder that a build or render made (it holds the marker)."""
    return (folder / MARKER).is_file()


def mark(folder: Path) -> None:
    """Mark `folder` as made by us, so the next build may replace it."""
    (folder / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield an empty folder to write into; when the block ends normally its contents replace `target`.

    If the block raises, `target` is as it was and the folder is removed. The new folder is made beside the
    target and swapped in by rename. Where that cannot be done (the target is a mount point, or its parent is
    read-only) the folder is made inside the target, and the old entries are moved out and the new ones in,
    each by rename, putting the old ones back if a move fails.
    """
    staging, inside = _staging_folder(target)
    try:
        yield staging
        mark(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if inside:
        _replace_entries(staging, target)
    else:
        swap(staging, target)


def _staging_folder(target: Path) -> tuple[Path, bool]:
    """A new private folder for the output, and whether it lies inside the target (see `replacing`)."""
    if not os.path.ismount(target):
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            return Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent)), False
        except OSError as exc:
            if not target.is_dir() or exc.errno not in {errno.EACCES, errno.EPERM, errno.EROFS}:
                raise OSError(exc.errno, exc.strerror, str(target)) from None
    try:
        return Path(tempfile.mkdtemp(prefix=".coachguide-new-", dir=target)), True
    except OSError as exc:  # named as the user named it, not as the folder we tried to make
        raise OSError(exc.errno, exc.strerror, str(target)) from None


def _replace_entries(new: Path, target: Path) -> None:
    """Replace what `target` holds with what `new` (a folder inside it) holds, entry by entry."""
    old = Path(tempfile.mkdtemp(prefix=".coachguide-old-", dir=target))
    moved_out: list[str] = []
    moved_in: list[str] = []
    try:
        for entry in sorted(os.listdir(target)):
            if entry not in {new.name, old.name}:
                os.rename(target / entry, old / entry)
                moved_out.append(entry)
        for entry in sorted(os.listdir(new)):
            os.rename(new / entry, target / entry)
            moved_in.append(entry)
    except BaseException:
        for entry in moved_in:
            os.rename(target / entry, new / entry)
        for entry in moved_out:
            os.rename(old / entry, target / entry)
        shutil.rmtree(new, ignore_errors=True)
        os.rmdir(old)
        raise
    os.rmdir(new)
    os.chmod(target, 0o755)
    shutil.rmtree(old, ignore_errors=True)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 with RENAME_EXCHANGE); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)  # glibc 2.28+, musl 1.2.2+
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2  # <fcntl.h>, <linux/fs.h>
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP}:  # an old kernel or a file system that cannot
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap(new: Path, target: Path) -> None:
    """Put `new` in place of `target`; the old folder is removed only after the new one is in place.

    Where the system can, the two folders are exchanged in one step, so `target` is never missing, even if
    the process is killed at that moment; elsewhere two renames leave a moment with no folder at all.
    """
    new.chmod(0o755)  # mkdtemp made it private; a site is meant to be read
    if target.exists() and exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the old folder
        return
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        target.rename(old / "site")
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def zip_folder(folder: Path, name: str) -> bytes:
    """A zip of the folder that depends only on its contents: sorted names, fixed dates and modes."""
    paths = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MARKER)
    return zip_files(((path.relative_to(folder).as_posix(), path.read_bytes()) for path in paths), name)


def zip_files(files: Iterable[tuple[str, bytes]], name: str) -> bytes:
    """A zip of (path, bytes) under the folder `name`, in the order given, with fixed dates and modes."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800") or 315532800)  # default: 1980-01-01
    stamp = time.gmtime(max(epoch, 315532800))[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as archive:
        archive.comment = ZIP_COMMENT
        for path, data in files:
            info = zipfile.ZipInfo(f"{name}/{path}", date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=ZIP_LEVEL)
    return buffer.getvalue()


def write_whole(path: Path, data: bytes) -> None:
    """Write the file `path` whole or not at all: a new file beside it, renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as file:
        file.write(data)
    try:
        os.chmod(file.name, 0o644)
        os.replace(file.name, path)
    except BaseException:
        os.unlink(file.name)
        raise
