"""The PDF worker processes (venue/pdf_worker.py): documents rendered by fewer workers than
documents, each worker taking one after another, come back in order; a failure stops the
print with its error."""

import io

import pytest
from pypdf import PdfReader

from venue import pdf_worker


def _text(pdf):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_more_documents_than_workers_come_back_in_order():
    words = ["Uno", "Due", "Tre", "Quattro", "Cinque"]
    makers = [lambda word=word: f'<p lang="it">{word}</p>' for word in words]
    pdfs = pdf_worker.render_documents(makers, workers=2)
    assert [_text(pdf).strip() for pdf in pdfs] == words


def test_a_document_that_cannot_be_written_stops_the_rendering():
    def broken():
        raise ValueError("no HTML")

    makers = [lambda: "<p>Uno</p>", broken, lambda: "<p>Tre</p>"]
    with pytest.raises(ValueError, match="no HTML"):
        pdf_worker.render_documents(makers, workers=2)


def test_a_worker_that_fails_says_why(monkeypatch):
    monkeypatch.setattr(pdf_worker._DocumentWorker, "command", "nonsense")
    with pytest.raises(RuntimeError, match="PDF worker failed.*unknown command 'nonsense'"):
        pdf_worker.render_documents([lambda: "<p>Uno</p>", lambda: "<p>Due</p>"])
