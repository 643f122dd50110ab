"""The response that hands a document (PDF, spreadsheet, calendar) to the browser."""

from django.http import HttpResponse

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_response(content, filename, content_type=PDF, *, inline=False, private=True):
    """`content` shown in the browser (`inline`) or saved as `filename`. Private documents
    (personal data, drafts) are never kept by a browser or proxy cache."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
