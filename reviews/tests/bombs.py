"""Files that are small on disk and enormous once unpacked, built in a fraction of a second.

A part of a bomb is a prefix, one chunk repeated many times, and a suffix. zlib is asked to
compress the chunk once: after a full flush the compressor starts afresh, so every repeat would
compress to the same bytes, and the compressed chunk is simply repeated. The ZIP around the parts
is written by hand for the same reason (zipfile would compress each gigabyte itself).
"""

import struct
import zlib
from dataclasses import dataclass

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MB = 1024 * 1024


@dataclass(frozen=True)
class Deflated:
    data: bytes
    crc: int  # what a ZIP checks
    adler: int  # what a PDF's FlateDecode (zlib format) checks
    size: int

    def zlib_stream(self) -> bytes:
        return b"\x78\xda" + self.data + struct.pack(">I", self.adler)


def deflated(prefix: bytes, chunk: bytes = b"", repeats: int = 0, suffix: bytes = b"") -> Deflated:
    """prefix + chunk * repeats + suffix, raw-deflated (as in a ZIP), without making it."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH) if repeats else b""
    tail = compressor.compress(suffix) + compressor.flush()
    crc, adler = zlib.crc32(prefix), zlib.adler32(prefix)
    for _ in range(repeats):
        crc, adler = zlib.crc32(chunk, crc), zlib.adler32(chunk, adler)
    crc, adler = zlib.crc32(suffix, crc), zlib.adler32(suffix, adler)
    size = len(prefix) + len(chunk) * repeats + len(suffix)
    return Deflated(head + block * repeats + tail, crc, adler, size)


def archive(members: list[tuple[str, Deflated]]) -> bytes:
    """A ZIP of already deflated members: local headers, data, central directory, end record."""
    out, central = bytearray(), bytearray()
    for name, member in members:
        encoded = name.encode()
        sizes = (member.crc, len(member.data), member.size, len(encoded))
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, *sizes, 0) + encoded + member.data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, *sizes, 0, 0, 0, 0, 0, offset
        )
        central += encoded
    count = len(members)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + end)


def word_bomb(*, parts: int = 20, part_mb: int = 60, filler: bytes = b"") -> bytes:
    """A Word document of `parts` text parts (the body and headers) of `part_mb` MB each. The
    default filler is a comment: nothing to show, quick to parse, heavy to hold."""
    filler = filler or b"<!--" + b"x" * 1017 + b"-->"
    chunk = filler * (MB // len(filler))
    body = deflated(
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>Child M</w:t></w:r></w:p>'.encode(),
        chunk,
        part_mb,
        b"</w:body></w:document>",
    )
    names = ["word/document.xml"] + [f"word/header{i}.xml" for i in range(1, parts)]
    return archive([("[Content_Types].xml", deflated(b"<Types/>"))] + [(name, body) for name in names])


def odt_bomb(*, part_mb: int = 200) -> bytes:
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    content = deflated(
        f'<office:document-content xmlns:office="{office}"><office:body>'.encode(),
        (b"<!--" + b"x" * 1017 + b"-->") * 1024,
        part_mb,
        b"</office:body></office:document-content>",
    )
    return archive(
        [("mimetype", deflated(b"application/vnd.oasis.opendocument.text")), ("content.xml", content)]
    )


def pdf(pages: list[int], streams: list[Deflated | bytes]) -> bytes:
    """A PDF whose page i shows content stream pages[i] (FlateDecode when deflated)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (4 + len(streams) + i) for i in range(len(pages))), len(pages)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for stream in streams:
        if isinstance(stream, Deflated):
            data = stream.zlib_stream()
            objects.append(
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
            )
        else:
            objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    for content in pages:
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (4 + content)
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
