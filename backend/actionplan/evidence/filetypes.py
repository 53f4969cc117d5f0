"""What an uploaded file really is, read from its bytes, and a safe name to keep it under.

`detect` never looks at the client's Content-Type or the file's name: both are whatever the sender
chose. It recognises a short allow-list fit for council evidence and returns None for anything else
(HTML, SVG, scripts, executables, installers, other archives, empty files) for the caller to refuse.

- Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp) are ZIP files; which one, if
  any, shows only in the ZIP's central directory at the end of the file, so telling them apart needs
  `open_full`. Office Open XML with macros (a vbaProject.bin part: docm, xlsm, pptm) is refused.
- Word, Excel and PowerPoint 97-2003 files and Outlook messages (.msg) are all OLE2 compound files,
  and so are Windows installers (.msi) and password-protected Office files. The names at the top of
  the compound file tell them apart, so each gets its own type and every other OLE2 file is refused,
  rather than all being let through as application/x-ole-storage. Word and Excel 97-2003 files with
  macros are refused too.
- Plain text is valid UTF-8 (a BOM is allowed) with no control characters but tab, CR, LF and form
  feed. CSV is not told apart from other text: both are text/plain, and sanitise_filename keeps a
  .csv name. Other encodings (UTF-16, and Windows-1252, which Excel's plain "CSV" uses) are refused;
  "CSV UTF-8" in Excel's Save As works. Text starting with "<" (HTML, SVG, XML), "#!" (a script) or
  "{\\rtf" is refused: browsers and editors would treat it as more than text.
- An email (.eml) starts with a block of RFC 5322 header fields, at least two of the usual ones. Its
  body may be in any 8-bit charset (older mail often is) but must have no NUL bytes.
- Text and email are checked to the end of the file when `open_full` is given, else in the head
  only. ZIP and OLE2 files cannot be told apart from the head, so without `open_full` they are refused.

Filename policy (`sanitise_filename`): only the last path component (after / or \\) is kept; any
run of whitespace becomes one space and <>:"/\\|?* become spaces too; control and invisible format
characters are removed (among them the right-to-left override, U+202E, that shows
"report<U+202E>fdp.exe" as "reportexe.pdf"); the result is NFC-normalised and loses leading and
trailing dots and spaces. Given the detected type, an extension usual for that type is kept as
written (photo.JPEG, figures.csv) and any other is replaced by the type's own, keeping the stem as
the sender wrote it: report.pdf.exe holding a PDF becomes report.pdf.pdf, since only the last
extension decides what a computer does with the file. An extension is 1-10 letters or digits, at
least one a letter, after the last dot, so "Minutes 12.03.2020" gains ".pdf" instead of losing
".2020". Names are cut to 120 characters and 255 bytes of UTF-8 (the usual filesystem limit) from
the stem, so the extension survives; a Windows device name (CON, NUL, COM1...) gets a leading
underscore; an empty result becomes "evidence".
"""

import codecs
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO


@dataclass(frozen=True)
class FileType:
    mime: str
    label: str      # plain English, for messages and the UI
    extension: str  # without the dot


PDF = FileType("application/pdf", "PDF document", "pdf")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document", "docx")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel spreadsheet", "xlsx")
PPTX = FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "PowerPoint presentation", "pptx")
DOC = FileType("application/msword", "Word 97-2003 document", "doc")
XLS = FileType("application/vnd.ms-excel", "Excel 97-2003 spreadsheet", "xls")
PPT = FileType("application/vnd.ms-powerpoint", "PowerPoint 97-2003 presentation", "ppt")
MSG = FileType("application/vnd.ms-outlook", "Outlook message", "msg")
ODT = FileType("application/vnd.oasis.opendocument.text", "OpenDocument text", "odt")
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet", "ods")
ODP = FileType("application/vnd.oasis.opendocument.presentation", "OpenDocument presentation", "odp")
PNG = FileType("image/png", "PNG image", "png")
JPEG = FileType("image/jpeg", "JPEG image", "jpg")
GIF = FileType("image/gif", "GIF image", "gif")
WEBP = FileType("image/webp", "WebP image", "webp")
TEXT = FileType("text/plain", "Text file", "txt")
EMAIL = FileType("message/rfc822", "Email message", "eml")

ALLOWED_DESCRIPTION = (
    "The file must be a PDF, a Word, Excel or PowerPoint file without macros, an OpenDocument text, "
    "spreadsheet or presentation, an Outlook (.msg) or .eml email, a PNG, JPEG, GIF or WebP image, "
    "or plain text or CSV saved as UTF-8."
)

_SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG),
               (b"GIF87a", GIF), (b"GIF89a", GIF))
_ZIP = b"PK\x03\x04"
_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
_UTF8_BOM = codecs.BOM_UTF8


def detect(head: bytes, open_full: Callable[[], BinaryIO] | None = None) -> FileType | None:
    """The file's type if it is on the allow-list, else None.

    head: the file's first bytes (the evidence store keeps 8 KiB). open_full: opens the whole file
    from its start (`Upload.reopen`); detect closes what it opens.
    """
    if not head:
        return None
    for signature, file_type in _SIGNATURES:
        if head.startswith(signature):
            return file_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(_ZIP):
        return _inspect(open_full, _zip_type)
    if head.startswith(_OLE2):
        return _inspect(open_full, _ole2_type)
    if _is_email(head, open_full):
        return EMAIL
    if _is_plain_text(head, open_full):
        return TEXT
    return None


class _Malformed(Exception):
    pass


# What a damaged or hostile container makes the readers raise; any of them means "refuse".
# (ValueError covers a negative seek and an undecodable name, NotImplementedError an unknown ZIP
# version or feature, RuntimeError an encrypted entry.)
_MALFORMED = (_Malformed, zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, RuntimeError)


def _inspect(open_full: Callable[[], BinaryIO] | None,
             inspect: Callable[[BinaryIO], FileType | None]) -> FileType | None:
    if open_full is None:
        return None
    try:
        with open_full() as f:
            return inspect(f)
    except _MALFORMED:
        return None


_OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
_ODF_TYPES = {t.mime: t for t in (ODT, ODS, ODP)}


def _zip_type(f: BinaryIO) -> FileType | None:
    with zipfile.ZipFile(f) as archive:
        names = archive.namelist()
        if "mimetype" in names:
            # OpenDocument stores this entry uncompressed; reading no more than a MIME type's length
            # keeps a hostile entry from costing anything.
            if archive.getinfo("mimetype").compress_type != zipfile.ZIP_STORED:
                return None
            with archive.open("mimetype") as entry:
                declared = entry.read(100)
            return _ODF_TYPES.get(declared.decode("ascii", "replace").strip())
    if "[Content_Types].xml" not in names or any(n.lower().endswith("vbaproject.bin") for n in names):
        return None
    return next((t for prefix, t in _OOXML_PARTS if any(n.startswith(prefix) for n in names)), None)


_OLE2_STREAMS = (("__properties_version1.0", MSG), ("worddocument", DOC), ("workbook", XLS),
                 ("powerpoint document", PPT))
_OLE2_MACROS = {"macros", "_vba_project_cur"}  # Word's and Excel's macro storages


def _ole2_type(f: BinaryIO) -> FileType | None:
    names = {name.lower() for name in _ole2_top_level_names(f)}
    if names & _OLE2_MACROS:
        return None
    return next((t for stream, t in _OLE2_STREAMS if stream in names), None)


_LAST_SECTOR = 0xFFFFFFF9  # higher sector numbers are markers (free, end of chain...)
_NO_ENTRY = 0xFFFFFFFF


def _ole2_top_level_names(f: BinaryIO) -> set[str]:
    """Names of the streams and storages at the top of a compound file ([MS-CFB] 2.2-2.6)."""
    header = f.read(512)
    if len(header) < 512 or header[28:30] != b"\xfe\xff" or _u16(header, 30) not in (9, 12):
        raise _Malformed
    sector_size = 1 << _u16(header, 30)

    def sector(number: int) -> bytes:
        f.seek((number + 1) * sector_size)
        data = f.read(sector_size)
        if len(data) != sector_size:
            raise _Malformed
        return data

    # The FAT's own sectors: 109 listed in the header, then a chain of DIFAT sectors.
    fat_sectors = _u32s(header[76:])
    difat, seen = _u32(header, 68), set()
    while difat <= _LAST_SECTOR:
        if difat in seen:
            raise _Malformed  # a loop, which only a hostile file has
        seen.add(difat)
        *listed, difat = _u32s(sector(difat))
        fat_sectors += listed
    fat_sectors = fat_sectors[:_u32(header, 44)]
    per_sector = sector_size // 4

    directory, number, seen = bytearray(), _u32(header, 48), set()
    while number <= _LAST_SECTOR:
        if number in seen or number // per_sector >= len(fat_sectors):
            raise _Malformed
        seen.add(number)
        directory += sector(number)
        number = _u32(sector(fat_sectors[number // per_sector]), number % per_sector * 4)
    entries = [directory[i:i + 128] for i in range(0, len(directory), 128)]
    if not entries or entries[0][66] != 5:  # entry 0 is the root storage
        raise _Malformed
    # The root's children form a tree linked by left and right siblings.
    names, pending, visited = set(), [_u32(entries[0], 76)], set()
    while pending:
        index = pending.pop()
        if index == _NO_ENTRY or index >= len(entries) or index in visited:
            continue
        visited.add(index)
        entry = entries[index]
        length = min(_u16(entry, 64), 64)
        names.add(entry[:max(length - 2, 0)].decode("utf-16-le", "replace"))  # less the final NUL
        pending += [_u32(entry, 68), _u32(entry, 72)]
    return names


def _u16(data: bytes, offset: int) -> int:
    return int.from_bytes(data[offset:offset + 2], "little")


def _u32(data: bytes, offset: int) -> int:
    return int.from_bytes(data[offset:offset + 4], "little")


def _u32s(data: bytes) -> list[int]:
    return [_u32(data, i) for i in range(0, len(data) - 3, 4)]


def _chunks(head: bytes, open_full: Callable[[], BinaryIO] | None) -> Iterator[bytes]:
    if open_full is None:
        yield head
        return
    with open_full() as f:
        while chunk := f.read(64 * 1024):
            yield chunk


_HEADER_FIELD = re.compile(rb"([!-9;-~]+):")  # a name of printable ASCII but ":", then ":"
_EMAIL_FIELDS = {b"from", b"to", b"cc", b"subject", b"date", b"message-id", b"mime-version", b"received",
                 b"return-path", b"reply-to", b"sender", b"delivered-to"}


def _is_email(head: bytes, open_full: Callable[[], BinaryIO] | None) -> bool:
    names: set[bytes] = set()
    # Whole lines only: the head may end in the middle of one (long Received chains do).
    for number, line in enumerate(head.removeprefix(_UTF8_BOM).split(b"\n")[:-1]):
        line = line.removesuffix(b"\r")
        if not line:
            break  # the end of the header block
        if number and line[:1] in (b" ", b"\t"):
            continue  # a folded continuation of the field above
        field = _HEADER_FIELD.match(line)
        if not field:
            return False
        names.add(field[1].lower())
    return len(names & _EMAIL_FIELDS) >= 2 and all(b"\0" not in chunk for chunk in _chunks(head, open_full))


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # all but \t \n \f \r
_NOT_PLAIN = ("<", "#!", "{\\rtf")


def _is_plain_text(head: bytes, open_full: Callable[[], BinaryIO] | None) -> bool:
    if head.decode("utf-8-sig", "ignore").lstrip().startswith(_NOT_PLAIN):
        return False
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        if any(_CONTROL.search(decoder.decode(chunk)) for chunk in _chunks(head, open_full)):
            return False
        # A head alone may end inside a character; only the whole file must end cleanly.
        return not _CONTROL.search(decoder.decode(b"", final=open_full is not None))
    except UnicodeDecodeError:
        return False


_UNSAFE = set('<>:"/\\|?*')
_INVISIBLE = {"Cc", "Cf", "Cs"}  # controls, format characters (bidi overrides, zero widths), surrogates
_EXTENSION = re.compile(r"\.(?=[0-9]*[A-Za-z])([A-Za-z0-9]{1,10})\Z")
_USUAL_EXTENSIONS = {"txt": {"txt", "csv", "tsv", "log", "md"}, "jpg": {"jpg", "jpeg"}}
_WINDOWS_DEVICE = re.compile(r"con|prn|aux|nul|com[1-9]|lpt[1-9]", re.IGNORECASE)
_MAX_CHARS = 120
_MAX_BYTES = 255
_FALLBACK = "evidence"


def sanitise_filename(name: str, file_type: FileType | None = None) -> str:
    """A name safe to store and to offer on download on any system; the rules are in the module docstring."""
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(" " if c in _UNSAFE or c.isspace() else "" if unicodedata.category(c) in _INVISIBLE else c
                   for c in name)
    name = unicodedata.normalize("NFC", " ".join(name.split())).strip(". ")
    stem, extension = _split_extension(name)
    if file_type and extension.lower() not in _USUAL_EXTENSIONS.get(file_type.extension, {file_type.extension}):
        extension = file_type.extension
    suffix = f".{extension}" if extension else ""
    stem = stem[:_MAX_CHARS - len(suffix)]
    while len((stem + suffix).encode()) > _MAX_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip(". ") or _FALLBACK
    if _WINDOWS_DEVICE.fullmatch(stem.split(".")[0].rstrip()):
        stem = "_" + stem
    return stem + suffix


def _split_extension(name: str) -> tuple[str, str]:
    match = _EXTENSION.search(name)
    if match is None:
        return name, ""
    return name[:match.start()], match[1]
