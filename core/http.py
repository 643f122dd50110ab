"""The response that hands a document (PDF, spreadsheet, calendar) to the browser."""

from django.http import HttpResponse

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# The type of a document by the extension of its file name, when the caller gives none.
TYPES_BY_EXTENSION = {
    "pdf": PDF,
    "xlsx": XLSX,
    "csv": "text/csv; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
    "json": "application/json",
}


def file_response(content, filename, content_type=None, *, inline=False, private=True):
    """`content` shown in the browser (`inline`) or saved as `filename`, of `content_type` or,
    by default, of the type its extension names (a spreadsheet is never sent as a PDF).
    Private documents (personal data, drafts) are never kept by a browser or proxy cache."""
    if content_type is None:
        content_type = TYPES_BY_EXTENSION[filename.rpartition(".")[2].lower()]
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
