"""Sending a stored evidence file: as an attachment, never sniffed, with its hash, and in ranges.

Starlette's FileResponse does ranges too, but it needs a path on local disk (the store may be
elsewhere), answers a bad range in plain text, and gives no ASCII fallback filename. This reads
through the store's interface instead, one 64 KiB chunk at a time.

Ranges (RFC 9110 §14): one range `bytes=a-b`, `bytes=a-` or `bytes=-n` gives 206 with Content-Range;
a range starting beyond the end gives 416 with `Content-Range: bytes */size`. Several ranges, or a
Range header we cannot read, are ignored and the whole file is sent (a server may always ignore
Range). `If-Range` with anything but the current ETag (the quoted SHA-256) sends the whole file.
"""

import base64
import re
from collections.abc import Iterator
from typing import BinaryIO
from urllib.parse import quote

from fastapi.responses import Response, StreamingResponse

from actionplan.core.errors import problem_response
from actionplan.evidence.service import StoredFile
from actionplan.storage.files import EvidenceStore

CHUNK = 64 * 1024
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII fallback for old clients, and the real name as UTF-8 in filename*."""
    fallback = "".join(c if " " <= c <= "~" and c not in '"\\%' else "_" for c in filename) or "evidence"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _headers(stored: StoredFile) -> dict[str, str]:
    digest = base64.b64encode(bytes.fromhex(stored.sha256)).decode()
    media_type = stored.content_type + ("; charset=utf-8" if stored.content_type == "text/plain" else "")
    return {
        "Content-Type": media_type,  # detected from the content when it arrived, never the client's
        "Content-Disposition": content_disposition(stored.filename),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",  # it may hold personal data: no shared or lasting copies
        "Accept-Ranges": "bytes",
        "ETag": f'"{stored.sha256}"',
        "Repr-Digest": f"sha-256=:{digest}:",  # RFC 9530: of the whole file, also on a 206
        "X-Content-SHA256": stored.sha256,
    }


def _byte_range(header: str | None, size: int) -> tuple[int, int] | None | str:
    """(first, last) inclusive; None for the whole file; "unsatisfiable" for 416."""
    match = _RANGE.fullmatch((header or "").replace(" ", ""))
    if match is None:
        return None
    first, last = match.groups()
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
        if last and int(last) < start:
            return None  # not a valid range: ignored
        return "unsatisfiable" if start >= size else (start, end)
    if last:
        suffix = int(last)
        return "unsatisfiable" if suffix == 0 else (max(size - suffix, 0), size - 1)
    return None


def _chunks(file: BinaryIO, start: int, length: int) -> Iterator[bytes]:
    try:
        file.seek(start)
        while length > 0:
            chunk = file.read(min(CHUNK, length))
            if not chunk:
                raise OSError("the stored file is shorter than its record says")
            length -= len(chunk)
            yield chunk
    finally:
        file.close()


def file_response(store: EvidenceStore, stored: StoredFile, range_header: str | None,
                  if_range: str | None) -> Response:
    headers = _headers(stored)
    size = stored.size_bytes
    wanted = None if if_range is not None and if_range != headers["ETag"] else _byte_range(range_header, size)
    if wanted == "unsatisfiable":
        return problem_response(416, "Range not satisfiable", f"The file has {size} bytes; the range asked for "
                                "starts beyond its end.", "range_not_satisfiable",
                                headers={"Content-Range": f"bytes */{size}"})
    file = store.open(stored.sha256)  # opened here, so a missing file fails before the status is sent
    media_type = headers.pop("Content-Type")
    if wanted is None:
        return StreamingResponse(_chunks(file, 0, size), media_type=media_type,
                                 headers={**headers, "Content-Length": str(size)})
    start, end = wanted
    return StreamingResponse(_chunks(file, start, end - start + 1), status_code=206, media_type=media_type,
                             headers={**headers, "Content-Length": str(end - start + 1),
                                      "Content-Range": f"bytes {start}-{end}/{size}"})
