import struct
import zipfile
from functools import partial
from pathlib import Path

import pytest

from actionplan.evidence.filetypes import (
    ALLOWED_DESCRIPTION, DOC, DOCX, EMAIL, FileType, GIF, JPEG, MSG, ODP, ODS, ODT, PDF, PNG, PPT, PPTX, TEXT,
    WEBP, XLS, XLSX, detect, sanitise_filename,
)

HEAD = 8 * 1024


def detect_file(path: Path) -> FileType | None:
    """As the upload route does: the head, and a way to open the whole file."""
    return detect(path.read_bytes()[:HEAD], partial(path.open, "rb"))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def make_zip(tmp_path: Path, name: str, entries: dict[str, bytes]) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in entries.items():
            # OpenDocument's mimetype entry is stored, not compressed.
            archive.writestr(entry, data, zipfile.ZIP_STORED if entry == "mimetype" else None)
    return path


FAT_SECTOR, END, FREE = 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFF


def make_compound_file(tmp_path: Path, name: str, streams: list[str], *, directory_sector: int = 1) -> Path:
    """A minimal OLE2 compound file (512-byte sectors) with the named top-level streams, all empty.

    Sector 0 is the FAT; the directory is one sector. With a directory_sector beyond what the
    header's 109 FAT sectors cover, the FAT sector for it is listed in a DIFAT sector instead, as
    in compound files over 7 MB (written sparse, so it costs nothing).
    """
    assert len(streams) <= 3  # with the root, one directory sector holds four entries
    sectors: dict[int, bytes] = {}
    fat = [FAT_SECTOR] + [FREE] * 127
    header_fat, fat_count, first_difat = [0] + [FREE] * 108, 1, END
    if directory_sector < 128:
        fat[directory_sector] = END
    else:
        assert directory_sector // 128 == 109
        header_fat, fat_count, first_difat = [0] * 109, 110, 2  # FAT sectors 1-108 are never read
        sectors[2] = struct.pack("<128I", 3, *[FREE] * 126, END)  # DIFAT: the 110th FAT sector is 3
        far_fat = [FREE] * 128
        far_fat[directory_sector % 128] = END
        sectors[3] = struct.pack("<128I", *far_fat)
    sectors[0] = struct.pack("<128I", *fat)

    def entry(entry_name: str, kind: int, *, left=FREE, right=FREE, child=FREE) -> bytes:
        encoded = (entry_name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB3I", len(encoded), kind, 1, left, right, child)
                + bytes(36) + struct.pack("<IQ", END, 0))

    # The root's children hang off each other as a tree: alternate left and right links.
    children = [entry(s, 2, **({"left" if i % 2 else "right": i + 2} if i + 1 < len(streams) else {}))
                for i, s in enumerate(streams)]
    directory = b"".join([entry("Root Entry", 5, child=1 if streams else FREE), *children])
    sectors[directory_sector] = directory.ljust(512, b"\0")

    header = bytearray(512)
    header[:8] = bytes.fromhex("d0cf11e0a1b11ae1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 40, 0, fat_count, directory_sector, 0, 4096, END, 0, first_difat)
    struct.pack_into("<I109I", header, 72, 1 if first_difat != END else 0, *header_fat)
    path = tmp_path / name
    with path.open("wb") as f:
        f.write(header)
        for number, data in sorted(sectors.items()):
            f.seek((number + 1) * 512)
            f.write(data)
    return path


PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
WEBP_BYTES = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
EML = (b"Return-Path: <a.officer@haringey.example>\r\nReceived: from mail.example by mx.example;\r\n"
       b"\tMon, 2 Dec 2019 09:00:00 +0000\r\nFrom: A Officer <a.officer@haringey.example>\r\n"
       b"To: Panel <panel@haringey.example>\r\nSubject: Audit results\r\nDate: Mon, 2 Dec 2019 09:00:00 +0000\r\n"
       b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe audit found 85% compliance.\r\n")


@pytest.mark.parametrize(("data", "expected"), [
    (PDF_BYTES, PDF), (PNG_BYTES, PNG), (JPEG_BYTES, JPEG), (b"GIF89a\x01\x00\x01\x00\x80\x00\x00;", GIF),
    (b"GIF87a\x01\x00\x01\x00\x00\x00\x00;", GIF), (WEBP_BYTES, WEBP),
])
def test_signatures_are_recognised(tmp_path, data, expected):
    assert detect_file(write(tmp_path, "sample", data)) == expected
    assert detect(data) == expected  # the head alone is enough for these


@pytest.mark.parametrize("data", [
    b"", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48),  # a Windows executable
    b"\x7fELF\x02\x01\x01\x00" + bytes(8), b"RIFF\x24\x00\x00\x00WAVEfmt ",
    b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    b"\n  <html><body>hi</body></html>",
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    b"#!/bin/sh\nrm -rf /\n", b"{\\rtf1\\ansi Hello}",
    "caf\xe9 \xa3100 na\xefve".encode("latin-1"), bytes(range(256)),
    "Minutes".encode("utf-16"), b"report\x00\x00\x00", b"escape \x1b[31m red", b"nel \xc2\x85 here",
])
def test_anything_not_on_the_list_is_refused(tmp_path, data):
    assert detect_file(write(tmp_path, "sample", data)) is None


def test_the_name_plays_no_part_an_executable_called_pdf_is_refused(tmp_path):
    assert detect_file(write(tmp_path, "invoice.pdf", b"MZ\x90\x00" + bytes(60))) is None
    assert detect_file(write(tmp_path, "invoice.exe", PDF_BYTES)) == PDF


@pytest.mark.parametrize(("entries", "expected"), [
    ({"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>", "word/document.xml": b"<w/>"}, DOCX),
    # Nothing requires [Content_Types].xml to come first.
    ({"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>"}, XLSX),
    ({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}, PPTX),
    ({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"}, ODT),
    ({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<office/>"}, ODS),
    ({"mimetype": b"application/vnd.oasis.opendocument.presentation", "content.xml": b"<office/>"}, ODP),
])
def test_office_documents_are_told_apart_by_their_entries(tmp_path, entries, expected):
    path = make_zip(tmp_path, "document", entries)
    assert detect_file(path) == expected


@pytest.mark.parametrize("entries", [
    {"notes.txt": b"just an archive"},
    {"[Content_Types].xml": b"<Types/>", "payload.exe": b"MZ"},
    {"word/document.xml": b"<w/>"},  # no [Content_Types].xml: not Office Open XML
    {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>", "word/vbaProject.bin": b"macros"},
    {"mimetype": b"application/vnd.oasis.opendocument.graphics", "content.xml": b"<office/>"},
])
def test_other_zips_are_refused(tmp_path, entries):
    assert detect_file(make_zip(tmp_path, "archive.docx", entries)) is None


def test_a_zip_cannot_be_accepted_on_its_head_alone(tmp_path):
    path = make_zip(tmp_path, "report.docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    assert detect(path.read_bytes()[:HEAD]) is None


def test_a_damaged_zip_is_refused(tmp_path):
    data = make_zip(tmp_path, "report.docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    assert detect_file(write(tmp_path, "cut.docx", data.read_bytes()[:60])) is None


@pytest.mark.parametrize(("streams", "expected"), [
    (["\x05SummaryInformation", "WordDocument", "1Table"], DOC),
    (["Workbook", "\x05SummaryInformation"], XLS),
    (["PowerPoint Document", "Current User"], PPT),
    (["__substg1.0_0037001F", "__properties_version1.0", "__recip_version1.0_#00000000"], MSG),
])
def test_legacy_office_files_and_outlook_messages_are_told_apart(tmp_path, streams, expected):
    assert detect_file(make_compound_file(tmp_path, "legacy", streams)) == expected


def test_a_large_compound_file_is_read_through_its_difat(tmp_path):
    path = make_compound_file(tmp_path, "big.msg", ["__properties_version1.0"], directory_sector=109 * 128 + 5)
    assert path.stat().st_size > 7_000_000
    assert detect_file(path) == MSG


@pytest.mark.parametrize("streams", [
    ["\x05SummaryInformation", "Property"],             # an installer (.msi) or any other compound file
    ["EncryptionInfo", "EncryptedPackage"],             # a password-protected docx: nothing to look at
    ["WordDocument", "1Table", "Macros"],               # Word with macros
    ["Workbook", "_VBA_PROJECT_CUR"],                   # Excel with macros
    [],
])
def test_other_compound_files_are_refused(tmp_path, streams):
    assert detect_file(make_compound_file(tmp_path, "file.doc", streams)) is None


def test_compound_files_need_the_whole_file_and_a_sound_one(tmp_path):
    data = make_compound_file(tmp_path, "report.doc", ["WordDocument"]).read_bytes()
    assert detect(data[:HEAD]) is None
    assert detect_file(write(tmp_path, "cut.doc", data[:600])) is None


@pytest.mark.parametrize("data", [
    "Audit of 40 case files: 85% met the standard. Next audit £0 cost, café.\r\n\tIndented\f".encode(),
    b"\xef\xbb\xbfarea,action,rag\r\n1.1,Audit case files,green\r\n",  # CSV as Excel saves "CSV UTF-8"
    "Note: plain text that happens to start like a header\nand carries on\n".encode(),
    b"   \n",
])
def test_utf8_text_and_csv_are_plain_text(tmp_path, data):
    assert detect_file(write(tmp_path, "notes", data)) == TEXT


def test_text_is_checked_to_its_end_when_the_whole_file_is_there(tmp_path):
    path = write(tmp_path, "long.txt", b"a" * 20_000 + b"\x00binary tail")
    assert detect(path.read_bytes()[:HEAD]) == TEXT
    assert detect_file(path) is None


def test_a_head_may_end_inside_a_character(tmp_path):
    path = write(tmp_path, "long.txt", b"a" * (HEAD - 1) + "£".encode() * 100)
    assert detect(path.read_bytes()[:HEAD]) == TEXT
    assert detect_file(path) == TEXT
    assert detect_file(write(tmp_path, "cut.txt", path.read_bytes()[:HEAD])) is None  # the file itself ends so


def test_emails_are_recognised_by_their_header_block(tmp_path):
    assert detect_file(write(tmp_path, "message", EML)) == EMAIL
    latin1_body = EML.replace(b"85% compliance.", "r\xe9sum\xe9 \xa3100".encode("latin-1"))
    assert detect_file(write(tmp_path, "older", latin1_body)) == EMAIL
    assert detect_file(write(tmp_path, "nul", EML + b"\x00")) is None


def test_the_allowed_description_names_every_family():
    for word in ("PDF", "Word", "Excel", "PowerPoint", "OpenDocument", "Outlook", ".eml", "PNG", "JPEG", "GIF",
                 "WebP", "CSV", "UTF-8"):
        assert word in ALLOWED_DESCRIPTION


@pytest.mark.parametrize(("name", "expected"), [
    ("../../etc/passwd", "passwd"),
    ("C:\\evil\\x.pdf", "x.pdf"),
    ("/var/www/../report.pdf", "report.pdf"),
    ("line\none\r\ntwo\tthree.pdf", "line one two three.pdf"),
    ("bell\x07null\x00del\x7f.pdf", "bellnulldel.pdf"),
    ("invoice\u202efdp.exe", "invoicefdp.exe"),            # the right-to-left override is invisible trickery
    ('a<b>c:d"e|f?g*h.pdf', "a b c d e f g h.pdf"),
    (".hidden", "hidden"),
    ("  ..  .bashrc  ", "bashrc"),
    ("report.pdf.", "report.pdf"),
    ("Cafe\u0301 plan – ✓.pdf", "Café plan – ✓.pdf"),           # NFC: one é, not e + accent
    ("CON.pdf", "_CON.pdf"),
    ("..", "evidence"),
    ("\x00\x01", "evidence"),
    ("", "evidence"),
])
def test_filenames_are_made_safe(name, expected):
    assert sanitise_filename(name) == expected


def test_long_names_are_cut_keeping_the_extension():
    assert sanitise_filename("x" * 300 + ".pdf") == "x" * 116 + ".pdf"
    assert sanitise_filename("€" * 300 + ".pdf", PDF) == "€" * 83 + ".pdf"  # 255 bytes of UTF-8 at most


@pytest.mark.parametrize(("name", "file_type", "expected"), [
    ("report.pdf.exe", PDF, "report.pdf.pdf"),
    ("report.PDF", PDF, "report.PDF"),
    ("report", PDF, "report.pdf"),
    ("Minutes 12.03.2020", PDF, "Minutes 12.03.2020.pdf"),
    ("photo.jpeg", JPEG, "photo.jpeg"),
    ("photo.png", JPEG, "photo.jpg"),
    ("figures.csv", TEXT, "figures.csv"),
    ("payload.bat", TEXT, "payload.txt"),
    ("page.html", TEXT, "page.txt"),
    ("minutes.docx", DOC, "minutes.doc"),
    ("...", PDF, "evidence.pdf"),
    ("x" * 200 + ".exe", DOCX, "x" * 115 + ".docx"),
])
def test_the_extension_follows_the_detected_type(name, file_type, expected):
    assert sanitise_filename(name, file_type) == expected
