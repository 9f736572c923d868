"""TimelineJS exports loaded in the real TimelineJS3 (3.9.11) in headless Chromium.

Reading our JSON proves only that it holds what we meant; what matters is what TimelineJS does
with it. TimelineJS inserts a slide's headline, text and display date and the time bar's group
label as HTML, so markup in an article (a title, a sentence, a reopened export someone edited)
must arrive as text: shown literally, never a ``<b>``, ``<img>`` or ``<script>`` element, never
run. Each test renders hostile events with our exporter, loads them in the library through a
page of its own, lets the page's timers run (``--virtual-time-budget``), and reads back the DOM
Chromium dumps.

Needs Debian's ``chromium`` and the npm package ``@knight-lab/timelinejs@3.9.11``: `.ci/run`
installs both (the package under ``.ci/cache/``, or where ``$CONFLICT_TUI_TIMELINEJS`` points,
the folder holding ``js/timeline.js``). Without them the tests skip and say what is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import make_event
from timeline.export import Era, ExportOptions, render
from timeline.models import DocumentRef
from timeline.reopen import read_events

ROOT = Path(__file__).resolve().parent.parent
TIMELINEJS_VERSION = "3.9.11"
DIST = Path(
    os.environ.get("CONFLICT_TUI_TIMELINEJS")
    or ROOT / ".ci/cache/timelinejs/node_modules/@knight-lab/timelinejs/dist"
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# As the machine notes say: no sandbox as root, and no background connections on a closed net.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1300,900",
    "--virtual-time-budget=10000",
)
PAGE_TITLE = "harness"

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no chromium on PATH (.ci/run installs Debian's chromium package)",
    ),
    pytest.mark.skipif(
        not (DIST / "js" / "timeline.js").exists(),
        reason=f"TimelineJS3 is not at {DIST} (.ci/run installs it with npm: "
        f"@knight-lab/timelinejs@{TIMELINEJS_VERSION})",
    ),
]


class Dom(HTMLParser):
    """The elements of a dumped page: tag, attributes and the text inside each."""

    VOID = frozenset({"img", "br", "hr", "input", "meta", "link", "source", "wbr", "area"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text: list[str] = []
        self.elements.append((tag, {k: v or "" for k, v in attrs}, text))
        if tag not in self.VOID:
            self._open.append(text)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for text in self._open:
            text.append(data)

    def text_of(self, css_class: str) -> list[str]:
        """The text of every element with ``css_class`` among its classes."""
        return [
            "".join(text)
            for _tag, attrs, text in self.elements
            if css_class in attrs.get("class", "").split()
        ]

    def tags(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs, _text in self.elements if name == tag]


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on loopback (TimelineJS fetches a CSV; a file URL cannot be)."""
    handler = partial(QuietHandler, directory=str(folder))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def load_in_timelinejs(tmp_path: Path, export: str, *, fmt: str = "timelinejs") -> Dom:
    """Load an export in TimelineJS3 in headless Chromium, as a user would; the page's DOM.

    ``timelinejs`` JSON is given to ``TL.Timeline`` as data (what a page does after fetching
    it; inlined, with "</" written so that it cannot close the harness's script element);
    ``timelinejs-csv`` is given as the URL of the file, which TimelineJS fetches and reads
    with its own CSV reader, as it reads a published Google Sheet.
    """
    site = tmp_path / "site"
    site.mkdir()
    (site / "tl").symlink_to(DIST, target_is_directory=True)
    if fmt == "timelinejs":
        source = json.dumps(json.loads(export)).replace("</", "<\\/")
    else:
        (site / "export.csv").write_text(export, encoding="utf-8")
        source = '"export.csv"'
    (site / "page.html").write_text(
        f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{PAGE_TITLE}</title>
<link rel="stylesheet" href="tl/css/timeline.css">
<script src="tl/js/timeline.js"></script></head>
<body><div id="timeline" style="width: 1200px; height: 700px"></div>
<script>
window.onerror = function (message) {{
  document.body.setAttribute("data-error", String(message));
}};
var source = {source};
document.addEventListener("DOMContentLoaded", function () {{
  window.timeline = new TL.Timeline("timeline", source, {{}});
  window.timeline.on("loaded", function () {{
    document.body.setAttribute("data-loaded", "yes");
  }});
}});
</script></body></html>""",
        encoding="utf-8",
    )
    assert CHROMIUM is not None
    with served(site) as base:
        result = subprocess.run(
            [
                CHROMIUM,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={tmp_path / 'profile'}",
                "--dump-dom",
                f"{base}/page.html",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    dom = Dom()
    dom.feed(result.stdout)
    (body,) = dom.tags("body")
    assert body.get("data-loaded") == "yes", "TimelineJS did not load the export"
    assert "data-error" not in body, body["data-error"]
    return dom


def only_the_harness_ran(dom: Dom) -> None:
    """No element or script came from the data: the page is as the harness made it."""
    titles = [text for tag, _attrs, text in dom.elements if tag == "title"]
    assert ["".join(t) for t in titles] == [PAGE_TITLE]  # no script retitled the page
    assert len(dom.tags("script")) == 2  # timeline.js and the harness's own
    assert not dom.tags("img") and not dom.tags("b") and not dom.tags("i")
    assert not [a for _tag, a, _text in dom.elements if any(k.startswith("on") for k in a)]


HOSTILE_HEADLINE = '<b>Azerbaijani forces</b> shelled Goris <script>document.title="x"</script>'
HOSTILE_TITLE = "<b>Bold</b> title &amp; <i>more</i>"


def test_markup_in_headlines_and_titles_is_shown_as_text(tmp_path: Path) -> None:
    first = make_event(
        date(2022, 5, 3),
        headline=HOSTILE_HEADLINE,
        sentence=f"On 3 May 2022, {HOSTILE_HEADLINE}.",
        document=DocumentRef(id="d1", title=HOSTILE_TITLE, path="a.md"),
    )
    second = make_event(
        date(2022, 5, 5),
        headline='Troops attacked Kapan <img src=x onerror="document.title=1">',
        document=DocumentRef(id="d1", title=HOSTILE_TITLE, path="a.md"),
    )
    era = Era(
        name='<b>War</b><img src=x onerror="document.title=2">', start=first.start, end=second.end
    )
    export = render(
        [first, second], "timelinejs", title="<i>t</i>", options=ExportOptions(eras=[era])
    )
    dom = load_in_timelinejs(tmp_path, export)
    only_the_harness_ran(dom)
    headlines = dom.text_of("tl-headline")
    # The slide and the time-bar marker each show the headline, as the words it was written in.
    assert headlines.count(HOSTILE_HEADLINE) == 2
    assert headlines.count('Troops attacked Kapan <img src=x onerror="document.title=1">') == 2
    assert "<i>t</i>" in headlines  # the title slide
    # The group label on the time bar is plain text: tags and entities gone, nothing bold.
    assert dom.text_of("tl-timegroup-message") == ["Bold title ＆ more"]
    assert [t.strip() for t in dom.text_of("tl-timeera-text")] == [era.name]
    # The source sentence is quoted as text too.
    assert any(f"On 3 May 2022, {HOSTILE_HEADLINE}." in t for t in dom.text_of("tl-text-content"))


def test_a_reopened_export_with_edited_labels_and_ids_is_shown_as_text(tmp_path: Path) -> None:
    """A JSON export can be edited by anyone before it is reopened and exported again."""
    data = json.loads(render([make_event(date(2022, 9, 13))], "json"))
    data[0]["label"] = '<b>13 Sep</b><img src=x onerror="document.title=1">'
    data[0]["id"] = '"><script>document.title="x"</script>'
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    dom = load_in_timelinejs(tmp_path, render(read_events(edited), "timelinejs"))
    only_the_harness_ran(dom)
    # TimelineJS decodes the display date's entities before inserting it as HTML: it gets
    # plain text, the tags gone.
    assert "13 Sep" in dom.text_of("tl-headline-date")


def test_the_sheet_columns_read_by_timelinejs_show_markup_as_text(tmp_path: Path) -> None:
    """``timelinejs-csv`` is what a user pastes into the Google Sheet TimelineJS reads; its
    own CSV reader turns the columns into the same slides."""
    event = make_event(
        date(2022, 5, 3),
        headline=HOSTILE_HEADLINE,
        sentence=f"On 3 May 2022, {HOSTILE_HEADLINE}.",
        document=DocumentRef(id="d1", title=HOSTILE_TITLE, path="a.md"),
    )
    event.label = '<b>3 May</b><img src=x onerror="document.title=1">'
    export = render([event], "timelinejs-csv", title="<i>t</i>")
    dom = load_in_timelinejs(tmp_path, export, fmt="timelinejs-csv")
    only_the_harness_ran(dom)
    headlines = dom.text_of("tl-headline")
    assert headlines.count(HOSTILE_HEADLINE) == 2
    assert "<i>t</i>" in headlines
    assert dom.text_of("tl-timegroup-message") == ["Bold title ＆ more"]
    assert "3 May" in dom.text_of("tl-headline-date")
