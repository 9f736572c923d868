"""The bundled seeds travel inside a built wheel, and the wheel finds them without the repo."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_seeds_and_finds_them(tmp_path: Path) -> None:
    # --no-build-isolation: hatchling comes with the test extras, so no network is needed.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("conflict_tui-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "timeline/_seeds/000_b2d011834734ebc9.txt" in names
    assert "timeline/_seeds/000_b2d011834734ebc9.toml" in names
    assert "timeline/data/gazetteer.toml" in names
    # The temporal grammar's word lists and each rule's examples (timeline/temporal/rules).
    for name in ("lexicon", "dates", "years", "relative", "durations"):
        assert f"timeline/temporal/rules/{name}.toml" in names
    for family in ("dates", "years", "relative", "durations", "ranges"):
        assert f"timeline/temporal/rules/{family}.examples.toml" in names
    assert "tui/app.tcss" in names

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "from timeline.loader import seed_dir; from timeline.pipeline import build_timeline; "
        "t = build_timeline([]); print(seed_dir()); print(len(t.events), t.documents[0].title)"
    )
    # Run from tmp_path with only the unpacked wheel on the path: the checkout is not visible.
    done = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {probe}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    where, summary = done.stdout.splitlines()
    assert where.startswith(str(site))
    count, title = summary.split(" ", 1)
    assert int(count) >= 10
    assert title.startswith("Azerbaijani-Armenian clashes")
