"""What some formats take besides the events: TimelineJS grouping and eras, iCalendar DTSTAMP."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from timeline.models import Model


class Era(Model):
    """A labelled period drawn behind a TimelineJS timeline: "First Karabakh War 1988–1994"."""

    name: str
    start: date
    end: date


class ExportOptions(Model):
    """Choices some formats take; every default keeps output reproducible."""

    timelinejs_group: Literal["document", "actor"] = Field(
        default="document", description="TimelineJS `group`: the document or the first actor"
    )
    eras: list[Era] = Field(default_factory=list)
    dtstamp: datetime | None = Field(
        default=None, description="iCalendar DTSTAMP; default: the latest publication date"
    )
