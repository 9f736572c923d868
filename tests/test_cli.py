"""The headless command line: export, list, schema, filters and bad arguments."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from timeline import __version__
from tui.cli import main

SEED_EVENTS_MIN = 10


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_json_to_stdout(capsys) -> None:
    code, out, _ = run(capsys, "export")
    assert code == 0
    events = json.loads(out)
    assert len(events) >= SEED_EVENTS_MIN
    assert {"id", "start", "end", "precision", "label", "headline", "expression"} <= set(events[0])


def test_export_csv_to_file(tmp_path: Path, capsys) -> None:
    target = tmp_path / "seed.csv"
    code, _, err = run(capsys, "export", "--format", "csv", "-o", str(target))
    assert code == 0
    assert f"to {target}" in err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) >= SEED_EVENTS_MIN
    assert rows[0]["start"] == "1988-01-01"


def test_export_refuses_overwrite_without_force(tmp_path: Path, capsys) -> None:
    target = tmp_path / "out.json"
    target.write_text("precious")
    code, _, err = run(capsys, "export", "-o", str(target))
    assert code == 1
    assert "already exists" in err and "Traceback" not in err
    assert target.read_text() == "precious"
    code, _, _ = run(capsys, "export", "-o", str(target), "--force")
    assert code == 0 and target.read_text().startswith("[")


def test_export_unwritable_directory(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "export", "-o", str(tmp_path / "missing" / "x.json"))
    assert code == 1
    assert "does not exist" in err


def test_time_filters(capsys) -> None:
    code, out, _ = run(capsys, "export", "--from", "1992", "--to", "1994")
    assert code == 0
    assert [e["label"] for e in json.loads(out)] == ["1992–1994"]
    code, out, _ = run(capsys, "export", "--from", "2022-09")
    labels = [e["label"] for e in json.loads(out)]
    assert "12–13 Sep 2022" in labels and "1988" not in labels


def test_actor_filter_with_alias(capsys) -> None:
    code, out, _ = run(capsys, "export", "--actor", "Pashinyan")
    assert code == 0
    events = json.loads(out)
    assert events
    assert all(any(a["name"] == "Nikol Pashinyan" for a in e["actors"]) for e in events)


def test_search_filter(capsys) -> None:
    code, out, _ = run(capsys, "export", "--search", "Geghamasar")
    assert code == 0
    assert all("Geghamasar" in json.dumps(e, ensure_ascii=False) for e in json.loads(out))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "--from", "nineteen"], "not a year"),
        (["export", "--from", "2000", "--to", "1990"], "is after"),
        (["export", "--actor", "Nobody Atall"], "no actor"),
        (["export", "no/such/file.txt"], "no such file"),
        (["list", "no/such/dir"], "no such file"),
    ],
)
def test_bad_arguments(capsys, argv: list[str], message: str) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err


def test_bad_format_is_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export", "--format", "pdf"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_list_table(capsys) -> None:
    code, out, err = run(capsys, "list")
    assert code == 0
    assert out.splitlines()[0].startswith("1988")
    assert "events" in err


def test_bad_file_reported_and_rest_loads(tmp_path: Path, capsys) -> None:
    (tmp_path / "good.txt").write_text("Fighting broke out in 1994 near Goris.\n")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.txt").write_text("")
    code, out, err = run(capsys, "export", str(tmp_path))
    assert code == 0
    assert "blob.txt" in err and "empty.txt" in err
    assert [e["label"] for e in json.loads(out)] == ["1994"]


def test_schema(capsys) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["type"] == "array"
    assert "Event" in json.dumps(schema)


def test_schema_documents_the_expression_anchor(capsys) -> None:
    _, out, _ = run(capsys, "schema")
    defs = json.loads(out)["$defs"]
    anchor = defs["TimeExpression"]["properties"]["anchor"]
    assert "publication date" in anchor["description"]
    assert {"$ref": "#/$defs/TimeAnchor"} in anchor["anyOf"]
    assert defs["AnchorKind"]["enum"] == ["explicit", "publication", "narrative", "event"]
    assert "TIMEX3" in defs["TimeAnchor"]["properties"]["date"]["description"]


def test_help_and_version_in_a_real_process() -> None:
    cmd = [sys.executable, "-m", "tui.cli"]
    done = subprocess.run([*cmd, "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "conflict-tui export" in done.stdout
    done = subprocess.run([*cmd, "--version"], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == f"conflict-tui {__version__}"
    done = subprocess.run([*cmd, "export", "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "--actor" in done.stdout
    assert (
        "textual"
        not in subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys, tui.cli, timeline.pipeline; print(sorted(sys.modules))",
            ],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
    )


def test_export_errors_name_the_path_as_given(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken.json").write_text("mine")
    (tmp_path / "folder").mkdir()
    code, _, err = run(capsys, "export", "-o", "taken.json")
    assert code == 1 and "taken.json: already exists" in err
    code, _, err = run(capsys, "export", "-o", "folder")
    assert code == 1 and "folder: is a directory" in err
    code, _, err = run(capsys, "export", "-o", "missing/x.json")
    assert code == 1 and "directory missing does not exist" in err
    assert (tmp_path / "taken.json").read_text() == "mine"


def test_the_export_file_is_checked_before_the_corpus_loads(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An existing file or a bad directory is reported at once, not after a long load."""
    import timeline.cli

    def no_load(*args: object) -> None:
        raise AssertionError("loaded the corpus for an export that cannot be written")

    monkeypatch.setattr(timeline.cli, "load", no_load)
    (tmp_path / "taken.json").write_text("mine")
    assert run(capsys, "export", "-o", str(tmp_path / "taken.json"))[0] == 1
    assert run(capsys, "export", "-o", str(tmp_path / "nope" / "x.json"))[0] == 1
