"""Bytes → text, or one clear reason why not: the first thing done to every input file.

Why sniff before decoding: a file's name says nothing reliable about its content. A PDF saved as `.txt`
(uncompressed, no NUL bytes) decodes as Latin text, and its operators then yield a quote, a casualty row and a
place; an image or an archive renamed `.txt` fills the tables with mojibake. So the first bytes are checked
against the signatures of the formats people actually mis-name (PDF, Office and OpenDocument files, ZIP, gzip,
7z, RAR, bzip2, xz, images, audio/video, executables) and such a file is refused with its kind named
("scan.txt: a PDF, not text").

Decoding order for text: a byte-order mark (UTF-8, UTF-16); UTF-8; UTF-8 with a few stray cp1252 bytes
(copy-pasted text, "utf-8+cp1252"); cp1252 when it decodes into plausible Western text; else
charset-normalizer's best guess, refused when it is mostly control characters.
"""

from __future__ import annotations

import codecs

#: (signature at offset 0, kind) — checked in order; the kind is what the user is told the file is
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive (or an Office/OpenDocument file)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", None),  # checked below: "BM" also starts ordinary words
    (b"\x00\x00\x01\x00", "an icon image"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg audio/video file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"MZ", None),  # checked below: "MZ" may start a text too
    (b"SQLite format 3\x00", "an SQLite database"),
)


def sniff(data: bytes) -> str:
    """The binary format a file's first bytes give away ('' when they look like text)."""
    head = data[:64]
    for sig, kind in SIGNATURES:
        if head.startswith(sig):
            if kind is not None:
                return kind
            if sig == b"BM" and len(data) > 26 and data[6:10] == b"\x00\x00\x00\x00":
                return "a BMP image"
            if sig == b"MZ" and b"\x00" in head[:64]:
                return "a Windows executable"
    if head[4:8] == b"ftyp":
        return "an MP4/QuickTime video or HEIC image"
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}[head[8:12]]
    return ""


class InputError(Exception):
    """One input could not be read; the message is the one line the user sees."""


# --- decoding ------------------------------------------------------------------------------------------------

_WESTERN = set("‘’‚“”„–—…•€£¥«»°·§©®™†‡‰¢¡¿×÷¶ªº¹²³¼½¾\u00a0\u00ad")


def _plausible_western(text: str) -> bool:
    """Is a cp1252 reading believable: only Western punctuation and Latin letters, mostly ASCII letters?"""
    letters = non_ascii_letters = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if ord(ch) > 127:
                non_ascii_letters += 1
                if not ("\u00c0" <= ch <= "\u00ff" or ch in "ŒœŠšŽžŸƒ"):
                    return False
        elif ord(ch) > 127 and ch not in _WESTERN:
            return False
        elif ord(ch) < 32 and ch not in "\t\n\r\f":
            return False
    return non_ascii_letters <= 0.25 * max(letters, 1)


def _cp1252_for_bad_bytes(err: UnicodeDecodeError):
    return err.object[err.start:err.end].decode("cp1252", errors="replace"), err.end


codecs.register_error("strikebook-cp1252", _cp1252_for_bad_bytes)


def _mixed_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few stray cp1252 bytes (pasted from another page) → decoded both ways; else None."""
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    good = sum(1 for ch in replaced if ord(ch) > 127 and ch != "\ufffd")
    if good == 0 or bad > good:
        return None
    return data.decode("utf-8", errors="strikebook-cp1252")


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name). Raises InputError for binary, mis-named or undecodable data."""
    kind = sniff(data)
    if kind:
        raise InputError(f"{kind}, not text (binary)")
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {name} text despite its byte-order mark ({exc.reason} at byte "
                                 f"{exc.start})") from None
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _mixed_utf8(data)
    if mixed is not None:
        return mixed, "utf-8+cp1252"
    try:
        text = data.decode("cp1252")
        if _plausible_western(text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("binary or undecodable file (no text encoding fits)")
    text = str(best)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 0.01 * len(text):
        raise InputError("binary file (control characters), not text")
    return text, best.encoding
