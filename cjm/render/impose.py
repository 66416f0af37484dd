"""Setting printed bands onto the poster's pages, as many a page as fit (pypdf, no WeasyPrint).

A big poster is printed in parts (see `cjm.render.bigpdf`): the cover as it flows, and the
bands of step columns each on a page of its own. Here those pages become form XObjects and
are stacked onto the real pages with the same rule a single flowing print follows: a band
goes below the one before, after the gap between them, when it fits above the page's bottom
edge, else it starts the next page. The page margins (running title, page numbers) are a
part of their own, printed once the page count is known, and drawn over each page last.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

#: Layout rounding: a band this much (pt) lower than the page's bottom edge still fits.
FIT_TOLERANCE = 0.01


@dataclass(frozen=True)
class Fragment:
    """Where a band (or a piece of a band too tall for one page) lies on a source page, in
    points from the page's top edge."""

    part: int
    page: int
    top: float
    bottom: float


@dataclass(frozen=True)
class Band:
    fragments: tuple[Fragment, ...]
    gap: float  # the space between this band and the one above it on the same page (pt)


@dataclass(frozen=True)
class Mark:
    """A bookmark: its level (CSS bookmark-level), label and place on a source page (pt)."""

    level: int
    label: str
    part: int
    page: int
    x: float
    y: float


@dataclass(frozen=True)
class Draw:
    """One source page drawn onto a poster page, moved down by `shift` points."""

    part: int
    page: int
    shift: float = 0.0


@dataclass
class Sheet:
    draws: list[Draw] = field(default_factory=list)


@dataclass(frozen=True)
class Frame:
    """The poster pages' size and the top and bottom edges of their content (pt)."""

    width: float
    height: float
    top: float
    bottom: float


def paginate(cover_pages: int, cover_end: float, bands: list[Band], frame: Frame
             ) -> list[Sheet]:
    """The poster's pages: the cover's pages as they are, then every band stacked below the
    cover's end, each on the page where it first fits. A band printed over several source
    pages (taller than a page) starts a page of its own and keeps its pieces as printed."""
    sheets = [Sheet([Draw(0, page)]) for page in range(cover_pages)]
    cursor = cover_end
    for band in bands:
        first, *rest = band.fragments
        height = first.bottom - first.top
        top = cursor + band.gap
        if rest or top + height > frame.bottom + FIT_TOLERANCE:
            sheets.append(Sheet())
            top = frame.top
        sheets[-1].draws.append(Draw(first.part, first.page, top - first.top))
        cursor = top + height
        for piece in rest:
            sheets.append(Sheet([Draw(piece.part, piece.page)]))
            cursor = piece.bottom
    return sheets


def where(sheets: list[Sheet]) -> dict[tuple[int, int], tuple[int, float]]:
    """(part, source page) → (poster page, shift), for moving bookmarks along."""
    return {(draw.part, draw.page): (number, draw.shift)
            for number, sheet in enumerate(sheets) for draw in sheet.draws}


def assemble(parts: list[bytes], sheets: list[Sheet], margins: bytes, frame: Frame,
             marks: list[Mark]) -> bytes:
    """The poster's PDF: each sheet a page drawing its source pages as form XObjects, then
    its page of `margins` on top; the cover's metadata; `marks` as the outline."""
    from pypdf import PdfReader, PdfWriter

    readers = [PdfReader(io.BytesIO(data)) for data in parts]
    margin_pages = PdfReader(io.BytesIO(margins)).pages
    writer = PdfWriter()
    forms: dict[tuple[int, int], object] = {}
    for number, sheet in enumerate(sheets):
        page = writer.add_blank_page(frame.width, frame.height)
        layers = [(readers[draw.part].pages[draw.page], draw.shift, (draw.part, draw.page))
                  for draw in sheet.draws]
        layers.append((margin_pages[number], 0.0, (-1, number)))
        names = {}
        operations = []
        for index, (source, shift, key) in enumerate(layers):
            if key not in forms:
                forms[key] = _form(writer, source)
            names[f"/P{index}"] = forms[key]
            operations.append(f"q 1 0 0 1 0 {-shift:.4f} cm /P{index} Do Q")
        _set_contents(writer, page, names, "\n".join(operations))
    metadata = readers[0].metadata
    if metadata:
        writer.add_metadata({key: value for key, value in metadata.items()})
    _outline(writer, marks, where(sheets), frame)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _form(writer, source):
    """A source page as a form XObject in `writer` (its content stream and resources)."""
    from pypdf.generic import ArrayObject, FloatObject, NameObject, StreamObject

    contents = source["/Contents"].get_object()
    if isinstance(contents, ArrayObject):
        stream = StreamObject()
        stream.set_data(b"\n".join(part.get_object().get_data() for part in contents))
    else:
        stream = contents.clone(writer, force_duplicate=True)
    box = source.mediabox
    stream[NameObject("/Type")] = NameObject("/XObject")
    stream[NameObject("/Subtype")] = NameObject("/Form")
    stream[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in
                                              (box.left, box.bottom, box.right, box.top))
    if "/Resources" in source:
        stream[NameObject("/Resources")] = source["/Resources"].clone(writer)
    if "/Group" in source:
        stream[NameObject("/Group")] = source["/Group"].clone(writer)
    return writer._add_object(stream)


def _set_contents(writer, page, names: dict[str, object], operations: str) -> None:
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    stream = DecodedStreamObject()
    stream.set_data(operations.encode("ascii"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/XObject"): DictionaryObject({NameObject(name): ref
                                                  for name, ref in names.items()})})


def _outline(writer, marks: list[Mark], placed: dict[tuple[int, int], tuple[int, float]],
             frame: Frame) -> None:
    """The bookmarks, nested by level as WeasyPrint nests them, pointing at their new place."""
    from pypdf.generic import Fit

    parents: list[tuple[int, object]] = []  # (level, outline item) from the root down
    for mark in marks:
        number, shift = placed[(mark.part, mark.page)]
        while parents and parents[-1][0] >= mark.level:
            parents.pop()
        item = writer.add_outline_item(
            title=mark.label, page_number=number, parent=parents[-1][1] if parents else None,
            fit=Fit.xyz(mark.x, frame.height - (mark.y + shift), 0))
        parents.append((mark.level, item))
    if marks:
        writer.page_mode = "/UseOutlines"
