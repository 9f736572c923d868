"""The config file: defaults when missing, a clear problem when malformed."""

from pathlib import Path

from timeline.config import ENV_VAR, Config, config_path, load_config


def test_missing_default_file_means_defaults(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "none.toml"))
    config, problems = load_config()
    assert config == Config() and problems == []


def test_env_var_names_the_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "c.toml"))
    assert config_path() == tmp_path / "c.toml"


def test_explicit_missing_file_is_reported(tmp_path: Path) -> None:
    config, problems = load_config(tmp_path / "none.toml")
    assert config == Config()
    assert "not found" in problems[0].message


def test_full_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "nord"\ngazetteer = ["extra.toml"]\n'
        '[export]\ndirectory = "~/exports"\nformat = "csv"\n'
        '[keys]\nexport = "ctrl+e"\n'
    )
    config, problems = load_config(path)
    assert problems == []
    assert config.theme == "nord"
    assert config.export.format == "csv"
    assert config.export.directory == Path("~/exports").expanduser()
    assert config.keys == {"export": "ctrl+e"}
    assert config.gazetteer == [tmp_path / "extra.toml"]  # relative to the config file


def test_malformed_toml(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \n")
    config, problems = load_config(path)
    assert config == Config()
    assert problems[0].path == str(path)
    assert "malformed TOML" in problems[0].message and "line 1" in problems[0].message


def test_wrong_type(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[export]\nformat = 3\n")
    config, problems = load_config(path)
    assert config == Config()
    assert "export.format" in problems[0].message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "\xff\xfe"\n')
    _, problems = load_config(path)
    assert "UTF-8" in problems[0].message


def test_export_options_from_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[export]\ntimelinejs_group = "actor"\n'
        'eras = [{ name = "First Karabakh War", start = 1988-02-20, end = 1994-05-12 }]\n'
    )
    config, problems = load_config(path)
    assert problems == []
    options = config.export.options()
    assert options.timelinejs_group == "actor"
    assert options.eras[0].name == "First Karabakh War"
    assert options.eras[0].end.year == 1994


def test_bad_group_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[export]\ntimelinejs_group = "colour"\n')
    config, problems = load_config(path)
    assert config == Config()
    assert "export.timelinejs_group" in problems[0].message


def test_unknown_export_format_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[export]\nformat = "pdf"\n')
    config, problems = load_config(path)
    assert config == Config()
    assert "export.format" in problems[0].message and "pdf" in problems[0].message
