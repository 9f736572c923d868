"""Split a document text into paragraphs and sentences, keeping offsets into the original.

Every span satisfies ``text[span.start:span.end] == span.text`` and is trimmed of surrounding
whitespace, so downstream code can highlight and cite exactly what it extracted from. The
splitting itself is `timeline.text.paragraph_spans` (shared with the temporal tagger, so both
agree on where a sentence ends); this module wraps its spans in `Paragraph` and `Sentence`.
"""

from __future__ import annotations

from timeline.models import Paragraph, Sentence
from timeline.text import paragraph_spans

__all__ = ["segment"]


def segment(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs, each holding its sentences, with offsets into ``text``."""
    # model_construct: the spans are valid by construction, and validating hundreds of
    # thousands of them would dominate the run time on large inputs.
    return [
        Paragraph.model_construct(
            text=text[p_start:p_end],
            start=p_start,
            end=p_end,
            sentences=[
                Sentence.model_construct(text=text[s:e], start=s, end=e) for s, e in sentences
            ],
        )
        for (p_start, p_end), sentences in paragraph_spans(text)
    ]
