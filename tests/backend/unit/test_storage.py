import hashlib
from pathlib import Path

import pytest

from actionplan.core.errors import AppError, TooLarge
from actionplan.storage.files import HASH_BESIDE_BYTES, HEAD_SIZE, EvidenceStore, LocalEvidenceStore

DATA = bytes(range(256)) * 400  # 100 KiB, not a multiple of any chunk size below
SHA = hashlib.sha256(DATA).hexdigest()


@pytest.fixture
def store(tmp_path) -> LocalEvidenceStore:
    return LocalEvidenceStore(tmp_path / "evidence")


def stream(store: EvidenceStore, data: bytes, chunk: int = 7919, max_bytes: int = 10**6) -> str:
    with store.open_upload(max_bytes=max_bytes) as upload:
        for i in range(0, len(data), chunk):
            upload.write(data[i:i + chunk])
        return upload.commit()


def everything_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def test_large_chunks_hashed_beside_the_write_give_the_same_hash_in_order(store):
    # Large pieces are hashed on another thread while written, small ones inline: mixed, in order.
    data = b"".join(i.to_bytes(4, "big") * (HASH_BESIDE_BYTES // 4 + 1 + i) for i in range(5))
    sizes = [HASH_BESIDE_BYTES + 3, 100, 2 * HASH_BESIDE_BYTES, 7, len(data)]
    with store.open_upload(max_bytes=len(data)) as upload:
        start = 0
        for size in sizes:
            upload.write(memoryview(data)[start:start + size])
            start += size
        assert (upload.sha256, upload.size, upload.head) == (hashlib.sha256(data).hexdigest(), len(data),
                                                             data[:HEAD_SIZE])
        sha = upload.commit()
    assert store.path_for(sha).read_bytes() == data


def test_streamed_chunks_give_the_hash_size_and_head_of_the_whole(store):
    with store.open_upload(max_bytes=10**6) as upload:
        for i in range(0, len(DATA), 7919):
            upload.write(DATA[i:i + 7919])
        assert (upload.sha256, upload.size, upload.head) == (SHA, len(DATA), DATA[:HEAD_SIZE])
        with upload.reopen() as written:  # what a type check reads before anything is kept
            assert written.read() == DATA
        assert upload.commit() == SHA
    assert store.path_for(SHA) == store.root / SHA[:2] / SHA[2:4] / SHA
    assert store.path_for(SHA).read_bytes() == DATA
    assert everything_under(store.tmp_dir) == []


def test_a_file_exactly_at_the_limit_is_accepted(store):
    assert stream(store, DATA, max_bytes=len(DATA)) == SHA


def test_passing_the_limit_fails_at_that_write_and_leaves_no_temporary_file(store):
    with store.open_upload(max_bytes=10_000) as upload:
        upload.write(b"x" * 6_000)
        with pytest.raises(TooLarge) as raised:
            upload.write(b"x" * 6_000)
        assert everything_under(store.tmp_dir) == []
        with pytest.raises(ValueError):
            upload.write(b"x")  # nothing more can go into a refused upload
    error = raised.value
    assert isinstance(error, AppError)
    assert (error.status, error.code) == (413, "evidence_too_large")
    assert "9.8 KB" in error.detail
    assert everything_under(store.root) == ["tmp"]


def test_a_discarded_upload_leaves_nothing(store):
    upload = store.open_upload(max_bytes=10**6)
    upload.write(DATA)
    upload.discard()
    assert everything_under(store.root) == ["tmp"]
    with pytest.raises(ValueError):
        upload.commit()


def test_an_exception_inside_the_upload_leaves_nothing(store):
    with pytest.raises(RuntimeError), store.open_upload(max_bytes=10**6) as upload:
        upload.write(DATA)
        raise RuntimeError("the database insert failed")
    assert everything_under(store.root) == ["tmp"]


def test_an_upload_left_without_commit_leaves_nothing(store):
    with store.open_upload(max_bytes=10**6) as upload:
        upload.write(DATA)
    assert everything_under(store.root) == ["tmp"]


def test_failure_after_commit_keeps_the_file_which_may_be_shared(store):
    with pytest.raises(RuntimeError), store.open_upload(max_bytes=10**6) as upload:
        upload.write(DATA)
        upload.commit()
        raise RuntimeError("the database commit failed")
    assert store.exists(SHA)


def test_identical_content_is_stored_once(store):
    assert stream(store, DATA, chunk=1000) == stream(store, DATA, chunk=4096) == SHA
    assert everything_under(store.root) == sorted(["tmp", SHA[:2], f"{SHA[:2]}/{SHA[2:4]}",
                                                   f"{SHA[:2]}/{SHA[2:4]}/{SHA}"])


def test_open_exists_size_and_delete(store):
    assert not store.exists(SHA)
    stream(store, DATA)
    assert store.exists(SHA) and store.size(SHA) == len(DATA)
    with store.open(SHA) as f:
        assert f.read() == DATA
    assert store.delete(SHA) is True
    assert not store.exists(SHA) and not store.path_for(SHA).exists()
    assert store.delete(SHA) is False
    with pytest.raises(FileNotFoundError):
        store.open(SHA)


def test_an_empty_file_has_the_hash_of_nothing(store):
    assert stream(store, b"") == hashlib.sha256(b"").hexdigest()


@pytest.mark.parametrize("bad", ["../../etc/passwd", SHA.upper(), SHA[:63], SHA + "0", f"../{SHA[3:]}",
                                 SHA[:62] + "/x", "", f"{SHA}\n"])
@pytest.mark.parametrize("method", ["path_for", "open", "exists", "size", "delete"])
def test_anything_but_a_sha256_is_refused_before_a_path_is_built(store, bad, method):
    with pytest.raises(ValueError, match="not a SHA-256"):
        getattr(store, method)(bad)
