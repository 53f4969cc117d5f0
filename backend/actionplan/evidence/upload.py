"""Receiving a multipart/form-data upload as a stream, straight into the evidence store.

FastAPI's `UploadFile` spools the whole body before the route runs. Here the body is read with
`request.stream()` and fed to python-multipart's streaming parser: the file part goes chunk by
chunk into an `Upload` (temporary file, hash, size, head), the few text fields are kept, each
bounded, and nothing else is accepted. So the request is refused with 413 as soon as the file
passes the size limit, memory stays flat whatever the size, and an interrupted or malformed body
leaves nothing behind: the temporary file is discarded on every way out but a committed one.

Parsing and file writes are blocking, so they run in the thread pool, in pieces that start small (the
file's part is opened, or a form refused, at once) and grow to a few megabytes, while the event loop
receives the next piece: receiving, writing and hashing (storage/files.py) overlap
instead of taking turns. At most two such pieces are held at once, so memory stays flat.
"""

import asyncio
import re
from dataclasses import dataclass, field
from types import TracebackType

from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request

from actionplan.core.errors import AppError, Invalid, TooLarge, UnsupportedType, body_field
from actionplan.storage.files import EvidenceStore, Upload

FILE_FIELD = "file"
FIRST_FEED_BYTES = 64 * 1024   # body bytes handed to the parser (in a thread) first, doubling each time
FEED_BYTES = 4 * 1024 * 1024   # up to this: a small form is parsed at once, a large file in large pieces
FIELD_MAX_BYTES = 64 * 1024    # any one text field
MAX_PARTS = 12
FORM_OVERHEAD = 1024 * 1024    # room for the text fields and the multipart framing around the file
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")


class MalformedUpload(AppError):
    status, code, title = 400, "malformed_multipart", "Malformed request"


class UploadInterrupted(AppError):
    """The client went away mid-body; nobody reads the answer, but nothing is kept either."""

    status, code, title = 400, "upload_interrupted", "Upload interrupted"


def human_size(n: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            return f"{round(n / scale, 1):g} {unit}"
    return f"{n} bytes"


def field_error(name: str, msg: str, kind: str) -> RequestValidationError:
    """A 422 in the same shape as FastAPI's own, pointing at one form field."""
    return RequestValidationError([{"loc": ("body", name), "msg": msg, "type": kind}])


def validation_error(exc: ValidationError) -> RequestValidationError:
    return RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False,
                                                                                         include_context=False)])


@dataclass
class ReceivedForm:
    """The text fields and the file of an upload; a context manager that discards the file unless committed."""

    fields: dict[str, str] = field(default_factory=dict)
    upload: Upload | None = None
    filename: str = ""

    def __enter__(self) -> "ReceivedForm":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.discard()

    def discard(self) -> None:
        if self.upload is not None:
            self.upload.discard()  # does nothing once committed

    def require_file(self) -> Upload:
        if self.upload is None:
            raise field_error(FILE_FIELD, "Field required: attach the file as the form field 'file'.", "missing")
        if self.upload.size == 0:
            raise field_error(FILE_FIELD, "The file is empty (0 bytes): choose a file with content.", "empty_file")
        return self.upload


class _Parts:
    """python-multipart callbacks that route each part to the store or to a bounded field buffer."""

    def __init__(self, store: EvidenceStore, max_file_bytes: int, text_fields: frozenset[str]):
        self.store, self.max_file_bytes, self.text_fields = store, max_file_bytes, text_fields
        self.form = ReceivedForm()
        self.ended = False
        self._parts = 0
        self._header_name = bytearray()
        self._header_value = bytearray()
        self._headers: dict[bytes, bytes] = {}
        self._name: str | None = None
        self._buffer: bytearray | None = None  # the current text field; None while in the file

    def callbacks(self) -> dict:
        return {"on_part_begin": self._part_begin, "on_header_field": self._header_field,
                "on_header_value": self._header_value_data, "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished, "on_part_data": self._part_data,
                "on_part_end": self._part_end, "on_end": self._end}

    def _part_begin(self) -> None:
        self._parts += 1
        if self._parts > MAX_PARTS:
            raise MalformedUpload(f"The form has more than {MAX_PARTS} parts.")
        self._headers = {}
        self._name = None

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _header_value_data(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        self._headers[bytes(self._header_name).strip().lower()] = bytes(self._header_value).strip()
        self._header_name.clear()
        self._header_value.clear()

    def _headers_finished(self) -> None:
        disposition, params = parse_options_header(self._headers.get(b"content-disposition", b"").decode("latin-1"))
        name = params.get(b"name", b"").decode("latin-1")
        if disposition != b"form-data" or not name:
            raise MalformedUpload("Each part needs a Content-Disposition: form-data header with a name.")
        if not _FIELD_NAME.fullmatch(name):
            raise field_error(name[:40], "Unknown field.", "extra_forbidden")
        if name == FILE_FIELD:
            if self.form.upload is not None:
                raise field_error(FILE_FIELD, "Send one file per upload.", "too_many_files")
            # Browsers send the name as raw UTF-8; anything else is read as Latin-1 rather than refused.
            raw = params.get(b"filename", b"")
            try:
                self.form.filename = raw.decode("utf-8")
            except UnicodeDecodeError:
                self.form.filename = raw.decode("latin-1")
            self.form.upload = self.store.open_upload(max_bytes=self.max_file_bytes)
            self._buffer = None
        elif name in self.text_fields:
            if name in self.form.fields:
                raise field_error(name, "Sent more than once.", "duplicate_field")
            self._buffer = bytearray()
        else:
            raise field_error(name, "Unknown field.", "extra_forbidden")
        self._name = name

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._buffer is None:
            self.form.upload.write(memoryview(data)[start:end])  # TooLarge as soon as the limit passes
            return
        if len(self._buffer) + end - start > FIELD_MAX_BYTES:
            raise field_error(self._name, f"Longer than {FIELD_MAX_BYTES // 1024} KB.", "string_too_long")
        self._buffer += data[start:end]

    def _part_end(self) -> None:
        if self._buffer is not None:
            try:
                self.form.fields[self._name] = self._buffer.decode("utf-8")
            except UnicodeDecodeError:
                raise field_error(self._name, "Not valid UTF-8 text.", "unicode_error") from None
            self._buffer = None

    def _end(self) -> None:
        self.ended = True

    def feed(self, parser: MultipartParser, data: bytes) -> None:
        try:
            parser.write(data)
        except MultipartParseError as exc:
            raise MalformedUpload(f"The multipart body is malformed: {exc}.") from None


async def receive_form(request: Request, store: EvidenceStore, *, max_file_bytes: int,
                       text_fields: frozenset[str]) -> ReceivedForm:
    """Reads the body as it arrives; raises (having discarded the file) on anything wrong with it."""
    media_type, params = parse_options_header(request.headers.get("content-type", ""))
    if media_type != b"multipart/form-data":
        raise UnsupportedType("Send the upload as multipart/form-data, the file in the field 'file'.",
                              code="multipart_required")
    boundary = params.get(b"boundary")
    if not boundary:
        raise MalformedUpload("The Content-Type multipart/form-data needs a boundary.")
    too_large = TooLarge(f"The file is larger than the {human_size(max_file_bytes)} allowed.")
    body_limit = max_file_bytes + FORM_OVERHEAD
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > body_limit:
        raise too_large  # refused before a byte of the body is read

    parts = _Parts(store, max_file_bytes, text_fields)
    feeding: asyncio.Future | None = None  # the previous piece, being parsed and written in a thread
    try:
        try:
            parser = MultipartParser(boundary, callbacks=parts.callbacks())
        except ValueError as exc:  # a boundary over 70 characters
            raise MalformedUpload(f"The multipart boundary is not valid: {exc}.") from None
        pending: list[bytes] = []
        pending_bytes = received = 0
        feed_at = FIRST_FEED_BYTES
        async for chunk in request.stream():
            received += len(chunk)
            if received > body_limit:
                raise too_large
            pending.append(chunk)
            pending_bytes += len(chunk)
            if pending_bytes >= feed_at:
                if feeding is not None:
                    await feeding  # in order, and never more than two pieces in memory
                feeding = asyncio.ensure_future(run_in_threadpool(parts.feed, parser, b"".join(pending)))
                pending, pending_bytes, feed_at = [], 0, min(2 * feed_at, FEED_BYTES)
        if feeding is not None:
            await feeding
        if pending:
            await run_in_threadpool(parts.feed, parser, b"".join(pending))
        parser.finalize()
        if not parts.ended:
            raise MalformedUpload("The multipart body ended before its closing boundary.")
    except ClientDisconnect:
        await _settled(feeding)
        parts.form.discard()
        raise UploadInterrupted("The connection closed before the upload was complete; nothing was kept.") from None
    except BaseException:
        await _settled(feeding)
        parts.form.discard()
        raise
    return parts.form


async def _settled(feeding: asyncio.Future | None) -> None:
    """Waits for a piece still being written (whatever its outcome), so that the temporary file is
    discarded after its last write, never during it."""
    if feeding is None:
        return
    if not feeding.done():
        await asyncio.wait([feeding])
    if not feeding.cancelled():
        feeding.exception()  # seen: the error already being raised is the one that counts


def parse_fields(form: ReceivedForm, model):
    """The text fields validated by `model` (a 422 pointing at each bad field). An empty field counts
    as left out, as browsers send an empty date input. PostgreSQL cannot store U+0000 in text: a
    field holding it is refused here, as the middleware refuses it in JSON bodies."""
    for name, value in form.fields.items():
        if "\x00" in value:
            message = "Text may not contain the NUL character (U+0000)."
            raise Invalid(message, code="nul_character", errors=[body_field(name, message, "nul_character")])
    try:
        return model.model_validate({name: value for name, value in form.fields.items() if value != ""})
    except ValidationError as exc:
        raise validation_error(exc) from None

