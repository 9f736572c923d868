"""Analyst-server (read-only) mode: writes go to the export directory only.

The write policy (`timeline.policy.WritePolicy`) on real files and symlinks; the site config
and its precedence (`timeline.config`); the headless ``export -o`` / ``annotate -o``; and the
TUI:
the export dialog refuses paths outside (plain, ``..``, symlinked), writes inside, ``y``
still copies (OSC 52 is how a remote analyst takes a selection home), and nothing in the
command palette writes a file.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from timeline.config import ENV_VAR, SITE_ENV_VAR, Config, ExportConfig, load_config
from timeline.export import ExportError
from timeline.policy import NoExportDirectoryError, OutsideExportDirectoryError, WritePolicy
from timeline.synthetic import synthetic_events
from timeline.timeline import Timeline
from tui.app import ConflictApp
from tui.cli import main
from tui.screens.export import ExportScreen
from tui.screens.main import MainScreen

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def no_machine_configs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither /etc/conflict-tui nor ~/.config of the machine running the tests count."""
    monkeypatch.setattr("timeline.config.DEFAULT_SITE_CONFIG", tmp_path / "no-default-site.toml")
    monkeypatch.setenv(SITE_ENV_VAR, str(tmp_path / "no-site.toml"))
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "no-user.toml"))


# ------------------------------------------------------------------ the policy


def check_export_path(path: Path, allowed: Path | None) -> Path:
    """Where a read-only session would write ``path`` (the target opened, then closed)."""
    with WritePolicy(read_only=True, export_directory=allowed).open_file(path) as target:
        return target.path


def check_output_directory(path: Path, allowed: Path | None) -> Path:
    """Where a read-only session would write a tree (opened, then closed)."""
    with WritePolicy(read_only=True, export_directory=allowed).open_tree(path) as directory:
        assert directory.path == path
        return Path(os.readlink(f"/proc/self/fd/{directory.fd}"))


def test_a_file_in_the_directory_or_below_is_allowed(exports: Path) -> None:
    (exports / "sub").mkdir()
    assert check_export_path(exports / "a.json", exports) == exports.resolve() / "a.json"
    assert check_export_path(exports / "sub" / "b.csv", exports).parent == exports / "sub"


def test_a_path_outside_is_refused(exports: Path, outside: Path) -> None:
    with pytest.raises(OutsideExportDirectoryError, match="exports go under"):
        check_export_path(outside / "a.json", exports)
    with pytest.raises(OutsideExportDirectoryError):
        check_export_path(Path("/etc/passwd"), exports)


def test_traversal_counts_as_outside(exports: Path) -> None:
    with pytest.raises(OutsideExportDirectoryError):
        check_export_path(exports / ".." / "outside" / "a.json", exports)
    with pytest.raises(OutsideExportDirectoryError):
        check_export_path(exports / "..", exports)
    # ".." that stays inside is fine: only where the path really leads counts.
    (exports / "sub").mkdir()
    assert check_export_path(exports / "sub" / ".." / "a.json", exports) == exports / "a.json"


def test_a_relative_path_is_taken_from_the_working_directory(
    exports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(exports)
    assert check_export_path(Path("a.json"), exports) == exports / "a.json"
    with pytest.raises(OutsideExportDirectoryError):
        check_export_path(Path("../a.json"), exports)


def test_a_symlinked_directory_leading_outside_is_outside(exports: Path, outside: Path) -> None:
    (exports / "escape").symlink_to(outside)
    with pytest.raises(OutsideExportDirectoryError):
        check_export_path(exports / "escape" / "a.json", exports)


def test_a_symlinked_target_is_refused_wherever_it_points(exports: Path, outside: Path) -> None:
    (exports / "out.json").symlink_to(outside / "victim.json")
    (exports / "in.json").symlink_to(exports / "real.json")
    (exports / "dangling.json").symlink_to(exports / "nothing-here.json")
    for name in ("out.json", "in.json", "dangling.json"):
        with pytest.raises(OutsideExportDirectoryError, match="symbolic link"):
            check_export_path(exports / name, exports)


def test_the_allowed_directory_itself_may_be_reached_through_a_symlink(
    tmp_path: Path, exports: Path
) -> None:
    link = tmp_path / "exports-link"
    link.symlink_to(exports)
    assert check_export_path(link / "a.json", link) == exports / "a.json"
    assert check_export_path(exports / "a.json", link) == exports / "a.json"


def test_no_export_directory_means_no_export(exports: Path) -> None:
    with pytest.raises(NoExportDirectoryError, match="no export directory"):
        check_export_path(exports / "a.json", None)


def test_output_directories(exports: Path, outside: Path) -> None:
    assert check_output_directory(exports, exports) == exports
    assert check_output_directory(exports / "new" / "deeper", exports) == exports / "new/deeper"
    (exports / "escape").symlink_to(outside)
    for bad in (outside, exports / "..", exports / "escape", exports / "escape" / "x"):
        with pytest.raises(OutsideExportDirectoryError):
            check_output_directory(bad, exports)


def test_policy_errors_are_export_errors() -> None:
    # The dialog and the CLI already show an ExportError's message to the user.
    assert issubclass(OutsideExportDirectoryError, ExportError)
    assert issubclass(NoExportDirectoryError, ExportError)


# ------------------------------------------------------------------ site config


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_site_config_is_read_under_the_users(tmp_path: Path) -> None:
    site = write(tmp_path / "site.toml", 'theme = "nord"\n[export]\nformat = "csv"\n')
    user = write(tmp_path / "user.toml", '[export]\nformat = "ics"\n')
    config, problems = load_config(user, site_path=site)
    assert problems == []
    assert config.theme == "nord"  # from the site
    assert config.export.format == "ics"  # the user's wins
    assert not config.read_only


def test_site_read_only_cannot_be_turned_off_or_widened(tmp_path: Path, exports: Path) -> None:
    site = write(
        tmp_path / "site.toml",
        f'read_only = true\ngazetteer = ["site-gaz.toml"]\n[export]\ndirectory = "{exports}"\n',
    )
    user = write(
        tmp_path / "user.toml",
        'read_only = false\ntheme = "nord"\ngazetteer = ["mine.toml"]\n'
        '[export]\ndirectory = "/"\nformat = "csv"\n',
    )
    config, problems = load_config(user, site_path=site)
    assert config.read_only
    assert config.export.directory == exports
    assert config.gazetteer == [tmp_path / "site-gaz.toml"]
    # Harmless preferences still come from the user.
    assert config.theme == "nord" and config.export.format == "csv"
    assert [p.message for p in problems] == [
        "ignored in a read-only site: export.directory, gazetteer"
    ]


def test_an_unusable_site_config_fails_closed(tmp_path: Path, exports: Path) -> None:
    site = write(tmp_path / "site.toml", "read_only = tru\n")
    user = write(tmp_path / "user.toml", f'[export]\ndirectory = "{exports}"\n')
    config, problems = load_config(user, site_path=site)
    assert config.read_only
    assert config.export.directory is None  # the user's directory does not reopen exports
    assert "read-only with export off" in problems[0].message


def test_the_site_config_location_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "site.toml", "read_only = true\n")
    monkeypatch.setenv(SITE_ENV_VAR, str(tmp_path / "site.toml"))
    config, _ = load_config()
    assert config.read_only


# ------------------------------------------------------------------ headless commands


def read_only_site(tmp_path: Path, exports: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = write(tmp_path / "site.toml", f'read_only = true\n[export]\ndirectory = "{exports}"\n')
    monkeypatch.setenv(SITE_ENV_VAR, str(site))


def test_headless_export_honours_read_only(
    tmp_path: Path,
    exports: Path,
    outside: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    read_only_site(tmp_path, exports, monkeypatch)
    assert main(["export", str(SEEDS), "-o", str(outside / "x.json")]) == 1
    assert "exports go under" in capsys.readouterr().err
    assert main(["export", str(SEEDS), "-o", str(exports / ".." / "outside" / "y.json")]) == 1
    assert list(outside.iterdir()) == []
    assert main(["export", str(SEEDS), "-o", str(exports / "ok.json")]) == 0
    assert len(json.loads((exports / "ok.json").read_text(encoding="utf-8"))) == 14
    assert main(["export", str(SEEDS), "--from", "2022"]) == 0  # stdout is no file
    assert '"label"' in capsys.readouterr().out


def test_headless_annotate_honours_read_only(
    tmp_path: Path, exports: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_only_site(tmp_path, exports, monkeypatch)
    assert main(["annotate", str(SEEDS), "-o", str(outside / "tml")]) == 1
    assert list(outside.iterdir()) == []
    assert main(["annotate", str(SEEDS), "-o", str(exports / "tml")]) == 0
    assert list((exports / "tml").iterdir())


def test_headless_commands_are_unchanged_without_read_only(outside: Path) -> None:
    assert main(["export", str(SEEDS), "-o", str(outside / "x.json")]) == 0


# ------------------------------------------------------------------ the TUI


def read_only_app(exports: Path | None) -> ConflictApp:
    timeline = Timeline(synthetic_events(20, seed=3), name="synthetic")
    config = Config(export=ExportConfig(directory=exports, format="json"))
    return ConflictApp(timeline, config=config, read_only=True, today=lambda: date(2024, 1, 2))


async def export_to(app: ConflictApp, pilot: object, path: Path | str) -> str:
    """Type ``path`` into the open dialog's File field, press enter; return the error shown."""
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    field = screen.query_one("#path", Input)
    field.value = str(path)
    field.focus()
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    for _ in range(50):  # the write runs in a thread worker
        await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]
        if not isinstance(app.screen, ExportScreen):
            return ""
        error = app.screen.query_one("#error", Label)
        if error.display:
            return str(error.render())
    raise AssertionError("the export neither finished nor showed an error")


@pytest.mark.parametrize("where", ["outside", "traversal", "symlinked directory", "symlink"])
async def test_the_dialog_refuses_paths_outside(where: str, exports: Path, outside: Path) -> None:
    (exports / "escape").symlink_to(outside)
    (exports / "link.json").symlink_to(outside / "victim.json")
    path = {
        "outside": outside / "a.json",
        "traversal": exports / ".." / "outside" / "a.json",
        "symlinked directory": exports / "escape" / "a.json",
        "symlink": exports / "link.json",
    }[where]
    app = read_only_app(exports)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        error = await export_to(app, pilot, path)
        assert "Read-only session" in error
        assert isinstance(app.screen, ExportScreen)  # still open, the path kept to fix
        assert app.screen.query_one("#path", Input).value == str(path)
    assert list(outside.iterdir()) == []


async def test_the_dialog_writes_inside_the_export_directory(exports: Path) -> None:
    (exports / "sub").mkdir()
    app = read_only_app(exports)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert await export_to(app, pilot, exports / "sub" / "mine.json") == ""
        assert isinstance(app.screen, MainScreen)
    assert len(json.loads((exports / "sub" / "mine.json").read_text(encoding="utf-8"))) == 20


async def test_the_dialog_starts_in_the_export_directory(exports: Path) -> None:
    app = read_only_app(exports)
    app.export_memory.directory = Path("/")  # remembered from elsewhere: not kept
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        value = app.screen.query_one("#path", Input).value
        assert Path(value).parent == exports


async def test_no_export_directory_turns_export_off() -> None:
    app = read_only_app(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        messages = [n.message for n in app._notifications]
        assert any("no export directory" in m for m in messages)


async def test_copy_stays_available(exports: Path) -> None:
    app = read_only_app(exports)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "j", "space", "y")
        await pilot.pause()
        chosen = app.main_screen.view.selected_events
        assert len(chosen) == 2
        # The Markdown of the selection went to the clipboard (OSC 52 in a real terminal).
        assert all(event.label in app.clipboard for event in chosen)
        assert "Copied 2 events" in [n.message for n in app._notifications][-1]


async def test_nothing_in_the_palette_writes_a_file(exports: Path, tmp_path: Path) -> None:
    app = read_only_app(exports)
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles
        assert not any("editor" in t.lower() or "open" in t.lower() for t in titles)
        cwd = Path.cwd()
        os.chdir(tmp_path)
        try:
            assert app.deliver_screenshot() is None
            await pilot.pause()
        finally:
            os.chdir(cwd)
        assert not list(tmp_path.glob("*.svg"))
    writable = ConflictApp(Timeline([]), config=Config())
    async with writable.run_test(size=(80, 24)):
        assert "Screenshot" in [c.title for c in writable.get_system_commands(writable.screen)]


async def test_the_copy_payload_carries_no_raw_control_characters(exports: Path) -> None:
    """``y`` sends Markdown over OSC 52: what reaches the clipboard (and, pasted, a shell)
    shows an article's escape sequences, never carries them."""
    event = synthetic_events(1, seed=3)[0]
    event.headline = "Shelling \x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m\u202etxt.exe"
    app = ConflictApp(
        Timeline([event], name="hostile \x1b[31m"),
        config=Config(export=ExportConfig(directory=exports)),
        read_only=True,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("y")
        await pilot.pause()
        payload = app.clipboard
    assert "Shelling ␛" in payload
    assert not any(c in payload for c in "\x1b\x07\x9b\u202e")


def test_the_headless_commands_take_read_only_too(
    exports: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # --read-only on the command line, no site config: no export directory, so export is off.
    assert main(["export", str(SEEDS), "--read-only", "-o", str(outside / "x.json")]) == 1
    assert "export is off" in capsys.readouterr().err
    assert main(["export", str(SEEDS), "--read-only", "--from", "2022"]) == 0  # stdout
    assert list(outside.iterdir()) == []


def test_the_write_policy_is_decided_once_from_arguments_and_config(exports: Path) -> None:
    open_config = Config(export=ExportConfig(directory=exports))
    assert WritePolicy.decide(open_config) == WritePolicy()
    assert WritePolicy.decide(open_config, read_only=True) == WritePolicy(True, exports)
    site_config = Config(read_only=True, export=ExportConfig(directory=exports))
    assert WritePolicy.decide(site_config, read_only=False) == WritePolicy(True, exports)
    assert not WritePolicy(True, None).may_export
