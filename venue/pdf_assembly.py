"""Pages of several PDFs assembled into one with pikepdf (qpdf): one page each, or four A6
pages per A4 sheet with crop marks. No Django here: venue/pdf_worker.py runs it in a
worker process, where qpdf's memory (about 0.2 MiB per badge page) is freed on exit.

`documents` is a list of PDF bytes; `pages` a list of (document index, page index) in the
order of the result.
"""

import contextlib
import io

MM = 72 / 25.4
A6_WIDTH, A6_HEIGHT = 105 * MM, 148 * MM
A4_WIDTH, A4_HEIGHT = 210 * MM, 297 * MM
CELL_HEIGHT = A4_HEIGHT / 2


def assemble(documents, pages, four_per_a4=False):
    """The PDF of these pages, in order (A6 pages on A4 sheets when `four_per_a4`)."""
    import pikepdf

    with contextlib.ExitStack() as stack:
        opened = [stack.enter_context(pikepdf.open(io.BytesIO(document))) for document in documents]
        selected = [opened[document].pages[index] for document, index in pages]
        result = stack.enter_context(pikepdf.new())
        if four_per_a4:
            _impose(result, selected)
        else:
            result.pages.extend(selected)
        output = io.BytesIO()
        # The sources stay open until here: qpdf copies their streams when the result is saved.
        result.save(output, compress_streams=True)
    return output.getvalue()


def crop_marks():
    """PDF drawing operators for the crop marks of an A4 sheet of four A6 badges: short
    lines on the cutting lines, at the sheet's edges and where the four badges meet."""
    middle_x, middle_y, length, inset = A4_WIDTH / 2, CELL_HEIGHT, 5 * MM, 1 * MM
    lines = [
        (middle_x, A4_HEIGHT - inset, middle_x, A4_HEIGHT - inset - length),
        (middle_x, inset, middle_x, inset + length),
        (inset, middle_y, inset + length, middle_y),
        (A4_WIDTH - inset, middle_y, A4_WIDTH - inset - length, middle_y),
        (middle_x, middle_y - length / 2, middle_x, middle_y + length / 2),
        (middle_x - length / 2, middle_y, middle_x + length / 2, middle_y),
    ]
    strokes = " ".join(f"{x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S" for x1, y1, x2, y2 in lines)
    return f"q 0 G {0.2 * MM:.3f} w {strokes} Q"


def _impose(result, pages):
    """Four A6 pages per A4 sheet, each at the top left of its quarter, as form XObjects."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    for start in range(0, len(pages), 4):
        xobjects = Dictionary()
        operators = []
        for cell, page in enumerate(pages[start : start + 4]):
            name = f"/Badge{cell}"
            xobjects[name] = result.copy_foreign(_form_xobject(page))
            x = (cell % 2) * A6_WIDTH
            y = A4_HEIGHT - (cell // 2) * CELL_HEIGHT - A6_HEIGHT
            operators.append(f"q 1 0 0 1 {x:.3f} {y:.3f} cm {name} Do Q")
        operators.append(crop_marks())
        sheet = Dictionary(
            Type=Name.Page,
            MediaBox=Array([0, 0, A4_WIDTH, A4_HEIGHT]),
            Resources=Dictionary(XObject=xobjects),
            Contents=pikepdf.Stream(result, "\n".join(operators).encode()),
        )
        result.pages.append(pikepdf.Page(sheet))


def _form_xobject(page):
    """The page as a form XObject sharing the page's resources. qpdf gives each form a copy of
    them, and WeasyPrint gives every page of a document the resources of all its pages (each
    page's images and patterns): copied and written once per form, they made an A4 print of
    400 badges four times the size of the A6 one, and most of its assembly."""
    form = page.as_form_xobject()
    resources = page.obj.get("/Resources")
    if resources is not None and resources.is_indirect:
        form.Resources = resources
    return form


def write_index(path, sizes, pages, four_per_a4):
    """The worker's instructions: the sizes of the documents, laid end to end in one data
    file, the pages to take from them in order, and the layout."""
    import json

    with open(path, "w") as index:
        json.dump({"sizes": sizes, "pages": pages, "four_per_a4": four_per_a4}, index)


def assemble_files(index_path, data_path):
    """assemble() of the documents and pages that write_index() described."""
    import json

    with open(index_path) as index:
        instructions = json.load(index)
    with open(data_path, "rb") as data:
        documents = [data.read(size) for size in instructions["sizes"]]
    pages = [tuple(page) for page in instructions["pages"]]
    return assemble(documents, pages, instructions["four_per_a4"])
