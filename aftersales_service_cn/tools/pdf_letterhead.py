"""Letterhead pages laid over wkhtmltopdf's output, and the text of its PDFs made searchable again.

Debian's wkhtmltopdf (built on an unpatched Qt) ignores --header-html and --footer-html, and its Qt writes
each font's ToUnicode map with the lowest code point of each glyph: Noto Sans CJK shares the glyph of 山
with the Kangxi radical ⼭ (U+2F2D), so the text layer says ⼭, and the space glyph becomes a tab. The
functions here lay the pages of a letterhead PDF (rendered by wkhtmltopdf itself, so with the same fonts,
embedded) over the pages of a document, and rewrite those maps to the ideographs and the space.
"""

import io
import re
import unicodedata

from odoo.tools.pdf import DecodedStreamObject, DictionaryObject, NameObject, PdfFileReader, PdfFileWriter

# Radicals whose glyph Noto Sans CJK SC shares with an ideograph that NFKC does not give (the CJK Radicals
# Supplement, and the Kangxi radicals the SC face draws as a simplified ideograph), as pairs.
_RADICAL_PAIRS = (
    "⺂乛⺃乚⺅亻⺇𠘨⺉刂⺋㔾⺍𭕄⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民"
    "⺡氵⺣灬⺤爫⺦丬⺨犭⺩𤣩⺭礻⺮𥫗⺯糹⺰纟⺱罓⺳㓁⺹耂⺺肀⺽𦥑⺾艹⻂衤⻅见⻆角⻇𧢲"
    "⻈讠⻉贝⻊𧾷⻋车⻌辶⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠"
    "⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟⼾户"
)
TEXT_FIXES = {ord(_RADICAL_PAIRS[i]): ord(_RADICAL_PAIRS[i + 1]) for i in range(0, len(_RADICAL_PAIRS), 2)}
for _code in range(0x2F00, 0x2FD6):  # Kangxi radicals: their compatibility ideograph
    TEXT_FIXES.setdefault(_code, ord(unicodedata.normalize("NFKC", chr(_code))))
TEXT_FIXES[0x0009] = 0x0020

_HEX = re.compile(rb"<([0-9A-Fa-f]{4,8})>")
# wkhtmltopdf starts every page by painting it white, whatever --no-background says: neutralised on the
# letterhead pages (fill → no-op) so that they do not hide the document under them.
_PAGE_BACKGROUND = re.compile(rb"(/CSp cs 1 1 1 scn\n/GSa gs\nq\n[-\d. ]+ cm\n0 [\d.]+ [\d.]+ [\d.]+ re\n)f\n")


def _utf16_hex(code):
    return chr(code).encode("utf-16-be").hex().upper().encode()


def _fix_cmap(data):
    """The ToUnicode CMap data with its destination code points fixed, and whether anything changed."""
    lines, changed, section = [], False, None
    for line in data.split(b"\n"):
        stripped = line.strip()
        if stripped.endswith(b"beginbfrange"):
            section = "range"
        elif stripped.endswith(b"beginbfchar"):
            section = "char"
        elif stripped in (b"endbfrange", b"endbfchar"):
            section = None
        elif section:
            matches = list(_HEX.finditer(line))
            if section == "char" and len(matches) == 2:
                targets = matches[1:]
            elif section == "range" and len(matches) >= 3 and (b"[" in line or matches[0][1] == matches[1][1]):
                targets = matches[2:]
            else:
                targets = []  # an increasing range <lo> <hi> <first>: left as it is
            for match in reversed(targets):
                code = int(match.group(1), 16)
                if len(match.group(1)) == 4 and code in TEXT_FIXES:
                    line = line[: match.start(1)] + _utf16_hex(TEXT_FIXES[code]) + line[match.end(1) :]
                    changed = True
        lines.append(line)
    return b"\n".join(lines), changed


def fix_text(writer):
    """Rewrite the ToUnicode maps of the fonts of writer's pages (see the module's docstring)."""
    seen = set()
    for page in writer.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        if not fonts:
            continue
        for font_ref in fonts.get_object().values():
            font = font_ref.get_object()
            to_unicode = font.get("/ToUnicode")
            if to_unicode is None or id(font) in seen:
                continue
            seen.add(id(font))
            data, changed = _fix_cmap(to_unicode.get_object().get_data())
            if changed:
                stream = DecodedStreamObject()
                stream.set_data(data)
                font[NameObject("/ToUnicode")] = writer._add_object(stream)


def _prepare_overlay(page):
    """Make letterhead ``page`` ready to be laid over a page: its white background neutralised, its resources
    renamed (``/F7`` → ``/LH_F7``...) so that they never share a name with the document's. PyPDF2 renames
    clashing resources itself, but copies their dictionaries in a way that loses the fonts' text maps."""
    content = page.get_contents().get_data()
    content, found = _PAGE_BACKGROUND.subn(rb"\1n\n", content, count=1)
    if not found:
        raise ValueError("wkhtmltopdf's page background was not found on the letterhead page")
    resources = page["/Resources"].get_object()
    renamed = DictionaryObject()
    for category, names in resources.items():
        names = names.get_object()
        if not isinstance(names, DictionaryObject):
            renamed[NameObject(category)] = names
            continue
        new_names = DictionaryObject()
        for name in names:
            new_names[NameObject(f"/LH_{name[1:]}")] = names.raw_get(name)
            content = re.sub(
                rb"/" + re.escape(name[1:].encode()) + rb"(?=[\s/\[<(])", b"/LH_" + name[1:].encode(), content
            )
        renamed[NameObject(category)] = new_names
    page[NameObject("/Resources")] = renamed
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = stream


# wkhtmltopdf, without margins, dpi or zoom, lays out 1032 CSS pixels across an A4 page (595 pt).
PIXELS_PER_POINT = 1032 / 595


def count_pages(pdf):
    """The number of pages of ``pdf`` (bytes) and the size of its first page in points (width, height)."""
    pages = PdfFileReader(io.BytesIO(pdf), strict=False).pages
    box = pages[0].mediabox
    return len(pages), (round(float(box.width)), round(float(box.height)))


def _with_fixed_text(pdf):
    """The pages of ``pdf`` (bytes) with their fonts' text maps fixed, read back.

    Fixed before the merge: merging pages whose fonts share resource names copies the letterhead's font
    dictionaries, which a fix after the merge would miss.
    """
    writer = PdfFileWriter()
    for page in PdfFileReader(io.BytesIO(pdf), strict=False).pages:
        writer.add_page(page)
    fix_text(writer)
    out = io.BytesIO()
    writer.write(out)
    return PdfFileReader(io.BytesIO(out.getvalue()), strict=False).pages


def stamp(document, letterhead, first_page=0):
    """``document`` (PDF bytes) with page i of ``letterhead`` (PDF bytes, from ``first_page`` on) laid over
    its page i, and the text of both fixed."""
    pages = _with_fixed_text(document)
    overlays = _with_fixed_text(letterhead)
    if len(overlays) < first_page + len(pages):
        raise ValueError(f"{len(overlays) - first_page} letterhead pages for a document of {len(pages)}")
    writer = PdfFileWriter()
    for index, page in enumerate(pages):
        overlay = overlays[first_page + index]
        _prepare_overlay(overlay)
        page.merge_page(overlay)
        page.compress_content_streams()
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
