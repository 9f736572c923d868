"""The user's config file: one TOML file read by the CLI and the TUI alike.

Location: ``$CONFLICT_TUI_CONFIG`` if set, else ``config.toml`` in the platform's config
directory (``~/.config/conflict-tui/config.toml`` on Linux). Every key is optional::

    theme = "textual-dark"            # any Textual theme name
    gazetteer = ["~/gazetteer.toml"]  # extra gazetteer files, merged over the built-in one

    [export]
    directory = "~/exports"           # default directory of the export dialog
    format = "csv"                    # default export format
    timelinejs_group = "actor"        # TimelineJS rows: "document" (default) or first "actor"
    eras = [                          # TimelineJS eras
      { name = "First Karabakh War", start = 1988-02-20, end = 1994-05-12 },
    ]

    [keys]                            # remap keys by binding id (see the help screen, `?`)
    export = "ctrl+e"
    toggle-select = "space,x"

A missing file means defaults. A malformed file is reported (naming the file and the line) and
defaults are used: a typo in the config must never keep an analyst out of the tool.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator

from timeline.export import Era, ExportOptions
from timeline.models import Model, Problem

ENV_VAR = "CONFLICT_TUI_CONFIG"


class ExportConfig(Model):
    directory: Path | None = None
    format: str = "json"
    timelinejs_group: Literal["document", "actor"] = "document"
    eras: list[Era] = Field(default_factory=list)

    def options(self) -> ExportOptions:
        """What the exporters take from the config."""
        return ExportOptions(timelinejs_group=self.timelinejs_group, eras=self.eras)

    @field_validator("directory")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None


class Config(Model):
    theme: str = "textual-dark"
    keys: dict[str, str] = Field(default_factory=dict)
    export: ExportConfig = Field(default_factory=ExportConfig)
    gazetteer: list[Path] = Field(default_factory=list)
    read_only: bool = False

    @field_validator("gazetteer")
    @classmethod
    def _expand_all(cls, value: list[Path]) -> list[Path]:
        return [p.expanduser() for p in value]


def config_path() -> Path:
    """Where the config file is looked for."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("conflict-tui", appauthor=False)) / "config.toml"


def load_config(path: Path | None = None) -> tuple[Config, list[Problem]]:
    """Read the config file; return defaults plus a problem when it cannot be used."""
    explicit = path is not None
    path = path if path is not None else config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if explicit:
            return Config(), [Problem(path=str(path), message="config file not found")]
        return Config(), []
    except OSError as exc:
        return Config(), [Problem(path=str(path), message=f"cannot read config ({exc.strerror})")]
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Config(), [Problem(path=str(path), message="config is not UTF-8; using defaults")]
    except tomllib.TOMLDecodeError as exc:
        return Config(), [
            Problem(path=str(path), message=f"malformed TOML ({exc}); using defaults")
        ]
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return Config(), [
            Problem(
                path=str(path), message=f"bad value for {where}: {first['msg']}; using defaults"
            )
        ]
    # Relative paths in the config are relative to the config file, not to the cwd.
    config.gazetteer = [p if p.is_absolute() else path.parent / p for p in config.gazetteer]
    return config, []
