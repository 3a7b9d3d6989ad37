"""Open Badges baked into images: read and write PNG and SVG badges.

Spec: 1EdTech Open Badges 3.0, section 5.3 "Baked Badge" (https://www.imsglobal.org/spec/ob/v3p0/
#baking). PNG: one `iTXt` chunk with the keyword `openbadges`, not compressed, whose text is the
credential's JSON or its compact JWT. SVG: the `svg` element declares
xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" and holds one `<openbadges:credential>`
element, with the JSON in CDATA, or a JWT in its `verify` attribute. Open Badges 2.0 images
(`<openbadges:assertion verify=...>` in the http://openbadges.org namespace) are read too.

PNG chunks are parsed here with struct and zlib (each CRC is checked), under size caps. SVG is
parsed with defusedxml, which refuses DOCTYPEs, entities and external references.

The 1EdTech validator's `.1ob` test file is not an image: it is the credential's JSON as is,
and the verifier reads it like any JSON file.
"""

from __future__ import annotations

import struct
import zlib
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from onramp.errors import InvalidInputError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadges"
OB3_NS = "https://purl.imsglobal.org/ob/v3p0"
OB2_NS = "http://openbadges.org"
MAX_IMAGE_BYTES = 16 * 1024 * 1024
MAX_PAYLOAD_BYTES = 2 * 1024 * 1024
MAX_CHUNKS = 10_000


class BakedBadgeError(InvalidInputError):
    code = "baked_badge"


def image_kind(data: bytes) -> str | None:
    """'png' or 'svg' when the bytes look like that image; None for anything else."""
    if data.startswith(PNG_SIGNATURE):
        return "png"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and b"<svg" in data[:MAX_IMAGE_BYTES]:
        return "svg"
    return None


# -- PNG --------------------------------------------------------------------------------------
def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    if len(data) > MAX_IMAGE_BYTES:
        raise BakedBadgeError(f"the image is larger than {MAX_IMAGE_BYTES} bytes")
    if not data.startswith(PNG_SIGNATURE):
        raise BakedBadgeError("not a PNG image")
    chunks: list[tuple[bytes, bytes]] = []
    at = len(PNG_SIGNATURE)
    while at < len(data):
        if len(chunks) >= MAX_CHUNKS:
            raise BakedBadgeError(f"more than {MAX_CHUNKS} PNG chunks")
        if at + 12 > len(data):
            raise BakedBadgeError("a PNG chunk is cut short")
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        end = at + 8 + length
        if length > 2**31 - 1 or end + 4 > len(data):
            raise BakedBadgeError("a PNG chunk runs past the end of the file")
        if not kind.isalpha():
            raise BakedBadgeError("a PNG chunk has an invalid type")
        body = data[at + 8 : end]
        (crc,) = struct.unpack(">I", data[end : end + 4])
        if zlib.crc32(kind + body) != crc:
            raise BakedBadgeError(f"the PNG {kind.decode('ascii')} chunk fails its CRC check")
        chunks.append((kind, body))
        at = end + 4
        if kind == b"IEND":
            break
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        raise BakedBadgeError("the PNG does not start with IHDR and end with IEND")
    return chunks


def _itxt_text(body: bytes) -> str | None:
    """The text of an `openbadges` iTXt chunk; None for any other keyword."""
    keyword, sep, rest = body.partition(b"\x00")
    if not sep or keyword != KEYWORD:
        return None
    if len(rest) < 2:
        raise BakedBadgeError("the openbadges iTXt chunk is cut short")
    compressed, _method = rest[0], rest[1]
    if compressed:
        raise BakedBadgeError("the openbadges iTXt chunk is compressed; OB 3.0 forbids that")
    parts = rest[2:].split(b"\x00", 2)
    if len(parts) != 3:
        raise BakedBadgeError("the openbadges iTXt chunk is malformed")
    text = parts[2]
    if len(text) > MAX_PAYLOAD_BYTES:
        raise BakedBadgeError(f"the baked badge is larger than {MAX_PAYLOAD_BYTES} bytes")
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        raise BakedBadgeError("the baked badge is not UTF-8 text") from None


def unbake_png(data: bytes) -> str:
    found = [
        t
        for kind, body in _chunks(data)
        if kind == b"iTXt"
        for t in [_itxt_text(body)]
        if t is not None
    ]
    if not found:
        raise BakedBadgeError("the PNG has no openbadges iTXt chunk")
    if len(found) > 1:
        raise BakedBadgeError("the PNG has more than one openbadges iTXt chunk")
    return found[0]


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def bake_png(image: bytes, credential: str) -> bytes:
    """The image with the credential (JSON text or compact JWT) in an openbadges iTXt chunk,
    replacing any badge already there."""
    payload = credential.encode("utf-8")
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise BakedBadgeError(f"the credential is larger than {MAX_PAYLOAD_BYTES} bytes")
    chunks = [
        (kind, body)
        for kind, body in _chunks(image)
        if not (kind in (b"iTXt", b"tEXt") and body.split(b"\x00", 1)[0] == KEYWORD)
    ]
    itxt = KEYWORD + b"\x00\x00\x00" + b"\x00" + b"\x00" + payload
    out = [PNG_SIGNATURE]
    for kind, body in chunks:
        if kind == b"IEND":
            out.append(_chunk(b"iTXt", itxt))
        out.append(_chunk(kind, body))
    return b"".join(out)


# -- SVG --------------------------------------------------------------------------------------
def _parse_svg(data: bytes) -> Element:
    if len(data) > MAX_IMAGE_BYTES:
        raise BakedBadgeError(f"the image is larger than {MAX_IMAGE_BYTES} bytes")
    try:
        root = safe_xml.fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise BakedBadgeError(f"not a safe, well-formed SVG ({type(error).__name__})") from None
    if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
        raise BakedBadgeError("the XML's root element is not svg")
    return root


def unbake_svg(data: bytes) -> str:
    root = _parse_svg(data)
    found = list(root.iter(f"{{{OB3_NS}}}credential")) or list(root.iter(f"{{{OB2_NS}}}assertion"))
    if not found:
        raise BakedBadgeError("the SVG has no openbadges:credential element")
    if len(found) > 1:
        raise BakedBadgeError("the SVG has more than one openbadges:credential element")
    element = found[0]
    text = element.get("verify") or (element.text or "")
    if not text.strip():
        raise BakedBadgeError("the SVG's openbadges:credential element is empty")
    if len(text.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise BakedBadgeError(f"the baked badge is larger than {MAX_PAYLOAD_BYTES} bytes")
    return text.strip()


def _open_tag_end(text: str) -> tuple[int, int]:
    """(start, end) of the root svg start tag, end pointing just past its '>'."""
    start = text.find("<svg")
    if start < 0:
        raise BakedBadgeError("no svg start tag")
    quote = ""
    for at in range(start + 4, len(text)):
        char = text[at]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == ">":
            return start, at + 1
    raise BakedBadgeError("the svg start tag is not closed")


def bake_svg(image: bytes, credential: str) -> bytes:
    """The SVG with the credential added as <openbadges:credential>: a JWT goes in `verify`,
    JSON goes in CDATA."""
    root = _parse_svg(image)
    if list(root.iter(f"{{{OB3_NS}}}credential")):
        raise BakedBadgeError("this SVG already holds a badge")
    try:
        text = image.decode("utf-8")
    except UnicodeDecodeError:
        raise BakedBadgeError("only UTF-8 SVG images can be baked") from None
    start, end = _open_tag_end(text)
    tag = text[start:end]
    self_closing = tag.endswith("/>")
    body = tag[:-2] if self_closing else tag[:-1]
    if "xmlns:openbadges=" not in body:
        body += f' xmlns:openbadges="{OB3_NS}"'
    value = credential.strip()
    if value.startswith("{"):
        cdata = value.replace("]]>", "]]]]><![CDATA[>")
        element = f"<openbadges:credential><![CDATA[{cdata}]]></openbadges:credential>"
    else:
        escaped = value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        element = f'<openbadges:credential verify="{escaped}"></openbadges:credential>'
    closing = "</svg>" if self_closing else ""
    return (text[:start] + body + ">" + element + closing + text[end:]).encode("utf-8")


def unbake(data: bytes) -> str:
    """The credential text (JSON or compact JWT) baked into a PNG or SVG image."""
    kind = image_kind(data)
    if kind == "png":
        return unbake_png(data)
    if kind == "svg":
        return unbake_svg(data)
    raise BakedBadgeError("not a PNG or SVG image")


def bake(image: bytes, credential: str) -> bytes:
    kind = image_kind(image)
    if kind == "png":
        return bake_png(image, credential)
    if kind == "svg":
        return bake_svg(image, credential)
    raise BakedBadgeError("not a PNG or SVG image")
