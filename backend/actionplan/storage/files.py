"""Evidence files, kept once per content under their SHA-256 hash.

Routes and services see only `EvidenceStore` and `Upload`, so an S3-compatible store can take the
local disk's place without touching them. Identical uploads share one content file; the database
row (not the file) carries the title, the filename and who uploaded it.

How a route uses it::

    with store.open_upload(max_bytes=limit) as upload:
        for chunk in body_chunks:                     # the request body as it arrives, never whole
            upload.write(chunk)                       # raises TooLarge as soon as the limit is passed
        file_type = detect(upload.head, upload.reopen)
        if file_type is None:
            raise ...                                 # 415 with filetypes.ALLOWED_DESCRIPTION; nothing kept
        session.add(Evidence(sha256=upload.sha256, size_bytes=upload.size, ...))
        session.flush()                               # the row's own errors surface here
        upload.commit()                               # the content file is now in place, durably
        session.commit()

Any exception inside the block discards the temporary file. The file is moved into place as late as
possible, once the row is known to be valid and just before the database commit, so that the two
can only disagree one way: a crash or a failed database commit between `upload.commit()` and
`session.commit()` leaves a content file that no row names. Such an orphan is harmless (nothing can
reach a file without a row) and `actionplan fsck --repair` removes it; stale files in `tmp/` (a
server killed mid-upload) are swept by the server itself. The other
order could leave a row pointing at no file: evidence that cannot be opened. For the same reason
discarding after `commit()` does nothing: the content file may already be shared with another row.

The methods do blocking file I/O: call them from a thread (a plain `def` route, or
`run_in_threadpool`), not directly on the event loop.
"""

import fcntl
import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Literal, Protocol, Self

from actionplan.core.errors import TooLarge

HEAD_SIZE = 8 * 1024  # enough for every signature filetypes.detect looks for
# A chunk this large is hashed on another thread while it is written: both let go of the GIL, so on
# two cores an upload costs the slower of the two instead of their sum. Smaller ones are hashed here.
HASH_BESIDE_BYTES = 512 * 1024
_HASHING = ThreadPoolExecutor(max_workers=4, thread_name_prefix="upload-hash")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class Upload(Protocol):
    """One incoming file, written chunk by chunk; kept only if committed."""

    @property
    def sha256(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def head(self) -> bytes: ...
    def write(self, chunk: bytes) -> None: ...
    def reopen(self) -> BinaryIO: ...
    def commit(self) -> str: ...
    def discard(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...


class EvidenceStore(Protocol):
    def open_upload(self, *, max_bytes: int) -> Upload: ...
    def open(self, sha256: str) -> BinaryIO: ...
    def exists(self, sha256: str) -> bool: ...
    def size(self, sha256: str) -> int: ...
    def delete(self, sha256: str) -> bool: ...
    def removing(self) -> AbstractContextManager[None]: ...
    def frozen(self) -> AbstractContextManager[None]: ...


def check_sha256(sha256: str) -> str:
    """The hash itself, if it is 64 lowercase hex digits; anything else could walk out of the store."""
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r:.80}")
    return sha256


class LocalEvidenceStore:
    """Content files at `<root>/<sha[:2]>/<sha[2:4]>/<sha>`; uploads in progress in `<root>/tmp/`.

    The temporary directory sits inside the root so the final rename never crosses filesystems
    and stays atomic.
    """

    def __init__(self, root: Path):
        self.root = root
        self.tmp_dir = root / "tmp"
        self.tmp_dir.mkdir(parents=True, exist_ok=True)

    def open_upload(self, *, max_bytes: int) -> "LocalUpload":
        return LocalUpload(self, max_bytes)

    def path_for(self, sha256: str) -> Path:
        sha256 = check_sha256(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def open(self, sha256: str) -> BinaryIO:
        """Raises FileNotFoundError if there is no such content."""
        return self.path_for(sha256).open("rb")

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def size(self, sha256: str) -> int:
        return self.path_for(sha256).stat().st_size

    def delete(self, sha256: str) -> bool:
        """Erase the content; False if it was not there.

        Identical uploads share a file: call this only once no evidence row names the hash.
        """
        path = self.path_for(sha256)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        _fsync_dir(path.parent)  # erasure must survive a crash, not come back with it
        return True

    def adopt(self, path: Path, sha256: str) -> Path:
        """Moves a file already checked to hold this content (e.g. from a backup) into place; `path`
        must be in the store's tmp dir, so that the move is atomic."""
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        target = self.path_for(sha256)
        _move_into_place(path, target)
        return target

    @contextmanager
    def removing(self) -> Iterator[None]:
        """Held while content files are deleted and until the deleting transaction commits, so that a
        backup (which holds `frozen`) never snapshots rows that name a file it then cannot find."""
        with self._lock(fcntl.LOCK_EX):
            yield

    @contextmanager
    def frozen(self) -> Iterator[None]:
        """No content file is removed while this is held (several holders at once are fine)."""
        with self._lock(fcntl.LOCK_SH):
            yield

    @contextmanager
    def _lock(self, mode: int) -> Iterator[None]:
        # flock on the store's directory itself (no lock file to sweep or to back up): uvicorn workers,
        # `actionplan backup` and `fsck` are separate processes sharing it.
        fd = os.open(self.root, os.O_RDONLY)
        try:
            fcntl.flock(fd, mode)
            yield
        finally:
            os.close(fd)  # releases the lock

    def content_hashes(self) -> Iterator[str]:
        """Every content file's hash, by its name in the store."""
        for path in self.root.glob("??/??/*"):
            if path.is_file() and _SHA256.fullmatch(path.name) and path.parent.name == path.name[2:4] \
                    and path.parent.parent.name == path.name[:2]:
                yield path.name

    def stale_uploads(self, max_age_seconds: float) -> list[Path]:
        """Temporary files untouched for longer than that: uploads whose process died or gave up.

        An upload in progress writes at least every few seconds, so its file stays fresh."""
        cutoff = time.time() - max_age_seconds
        stale = []
        for path in self.tmp_dir.iterdir():
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    stale.append(path)
            except FileNotFoundError:  # finished or discarded meanwhile
                continue
        return sorted(stale)

    def sweep_stale_uploads(self, max_age_seconds: float) -> list[Path]:
        """Removes the stale temporary files; returns those it removed."""
        removed = []
        for path in self.stale_uploads(max_age_seconds):
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            removed.append(path)
        return removed


class LocalUpload:
    """Streams to a temporary file in the store's tmp dir, hashing and counting as it goes."""

    def __init__(self, store: LocalEvidenceStore, max_bytes: int):
        self._store = store
        self._max_bytes = max_bytes
        fd, name = tempfile.mkstemp(dir=store.tmp_dir, prefix="upload-")  # mode 0600
        self._tmp = Path(name)
        self._file = os.fdopen(fd, "wb")
        self._hash = hashlib.sha256()
        self._size = 0
        self._head = bytearray()
        self._state: Literal["open", "committed", "discarded"] = "open"

    @property
    def sha256(self) -> str:
        """The hash of what has been written so far."""
        return self._hash.hexdigest()

    @property
    def size(self) -> int:
        return self._size

    @property
    def head(self) -> bytes:
        """The first HEAD_SIZE bytes, for detecting the file's type."""
        return bytes(self._head)

    def write(self, chunk: bytes) -> None:
        self._require_open()
        if self._size + len(chunk) > self._max_bytes:
            # Checked before writing, so the disk never holds more than the limit.
            self.discard()
            raise TooLarge(f"The file is larger than the {_human_size(self._max_bytes)} allowed.")
        if len(chunk) >= HASH_BESIDE_BYTES:
            hashing = _HASHING.submit(self._hash.update, chunk)
            try:
                self._file.write(chunk)
            finally:
                hashing.result()  # in order: the next chunk is hashed only after this one
        else:
            self._file.write(chunk)
            self._hash.update(chunk)
        self._size += len(chunk)
        if len(self._head) < HEAD_SIZE:
            self._head += chunk[:HEAD_SIZE - len(self._head)]

    def reopen(self) -> BinaryIO:
        """A new read handle on everything written so far (e.g. for a ZIP's central directory)."""
        self._require_open()
        self._file.flush()
        return self._tmp.open("rb")

    def commit(self) -> str:
        """Move the file into place and return its hash; identical content already there is kept."""
        self._require_open()
        sha256 = self.sha256
        target = self._store.path_for(sha256)
        try:
            if target.exists():
                self._file.close()
                self._tmp.unlink()
            else:
                self._file.flush()
                os.fsync(self._file.fileno())  # the content must be on disk before its name is
                self._file.close()
                _move_into_place(self._tmp, target)
        except BaseException:
            self.discard()
            raise
        self._state = "committed"
        return sha256

    def discard(self) -> None:
        """Delete the temporary file; does nothing once committed or discarded."""
        if self._state != "open":
            return
        self._state = "discarded"
        self._file.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.discard()

    def _require_open(self) -> None:
        if self._state != "open":
            raise ValueError(f"this upload is already {self._state}")


def _move_into_place(source: Path, target: Path) -> None:
    _make_shard_dirs(target.parent)
    os.replace(source, target)
    _fsync_dir(target.parent)  # the name must be on disk before a row naming it is committed


def _make_shard_dirs(leaf: Path) -> None:
    for directory in (leaf.parent, leaf):
        try:
            directory.mkdir()
        except FileExistsError:
            continue
        _fsync_dir(directory.parent)  # a new directory is durable only once its parent's entry is


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory to flush it
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _human_size(n: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            return f"{round(n / scale, 1):g} {unit}"
    return f"{n} bytes"
