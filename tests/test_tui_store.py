"""The explorer over the corpus store: the loading progress bar says why a store is
extracted again (issue 12: "a new engine version re-extracts, with a progress bar saying
why")."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import wait_loaded
from timeline.config import Config
from timeline.store import StoreChoice
from tui.app import ConflictApp

SIZE = (100, 30)
ARTICLE = "On 3 May 2022, Russian artillery shelled Kharkiv, Ukrainian officials said.\n"


async def loading_label(folder: Path, store: StoreChoice) -> str:
    """Open the corpus, wait for it to load, and read what the progress bar said last."""
    app = ConflictApp([folder], config=Config(), store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await wait_loaded(pilot, screen)
        assert not screen.is_loading
        return str(screen.query_one("#loading-label").render())


async def test_the_progress_bar_says_why_a_store_is_extracted_again(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "kharkiv.txt").write_text(ARTICLE, encoding="utf-8")
    store = StoreChoice(tmp_path / "store.sqlite3")
    assert (await loading_label(folder, store)).startswith("Reading documents… 1 of 1")
    with sqlite3.connect(store.path) as db:  # as if an older engine had made it
        db.execute("UPDATE meta SET value = 'an-older-engine' WHERE key = 'engine'")
    label = await loading_label(folder, store)
    assert label.startswith(
        "Extracting every document again (the store was made by another engine version)… 1 of 1"
    ), label
