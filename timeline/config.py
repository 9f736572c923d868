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
    toggle-select = "space,s"

A missing file means defaults. A malformed file is reported (naming the file and the line) and
defaults are used: a typo in the config must never keep an analyst out of the tool.

A server-wide *site* config (``/etc/conflict-tui/config.toml``; ``$CONFLICT_TUI_SITE_CONFIG``
overrides the location) is read first, takes the same keys, and is what an administrator uses
to run an analyst server. Precedence, lowest first: built-in defaults, the site config, the
user's config, the command line. Two things the user cannot override, because the user is the
one the site policy restrains:

- ``read_only = true`` in the site config stays on (the user's ``read_only = false`` and the
  absence of ``--read-only`` do not turn it off);
- in a read-only site, the path-valued settings (``[export] directory``, ``gazetteer``) come
  from the site config only: a user config naming another export directory would otherwise
  re-open the whole disk to writes.

Unlike the user's config, a site config that exists but cannot be read or parsed fails
*closed*: the session is read-only with no export directory (export off), and the problem is
reported. A typo must not silently lift the administrator's policy.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator

from timeline.export import FORMATS, Era, ExportOptions
from timeline.models import Model, Problem

ENV_VAR = "CONFLICT_TUI_CONFIG"
SITE_ENV_VAR = "CONFLICT_TUI_SITE_CONFIG"
DEFAULT_SITE_CONFIG = Path("/etc/conflict-tui/config.toml")
# Settings a read-only site config decides alone (dotted paths into the config).
SITE_LOCKED = ("export.directory", "gazetteer")


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

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value not in FORMATS:
            raise ValueError(f"unknown format {value!r}; choose one of {', '.join(FORMATS)}")
        return value


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


def site_config_path() -> Path:
    """Where the server-wide config file is looked for."""
    override = os.environ.get(SITE_ENV_VAR)
    return Path(override).expanduser() if override else DEFAULT_SITE_CONFIG


def load_config(
    path: Path | None = None, *, site_path: Path | None = None
) -> tuple[Config, list[Problem]]:
    """Read the site config, then the user's over it; return the result and any problems.

    ``path`` is the user's config (default `config_path`); ``site_path`` the site config
    (default `site_config_path`). See the module docstring for precedence and locks.
    """
    site_path = site_path if site_path is not None else site_config_path()
    site, site_problem = _read_config(site_path, explicit=False)
    problems = [site_problem] if site_problem else []
    if site is None:  # exists but unusable: fail closed (read-only, export off)
        site = Config(read_only=True)
        problems[-1].message += "; so this session is read-only with export off"
        site_set: dict[str, object] = {"read_only": True}
    else:
        site_set = site.model_dump(exclude_unset=True)

    explicit = path is not None
    path = path if path is not None else config_path()
    user, user_problem = _read_config(path, explicit=explicit)
    if user_problem:
        if user is None:
            user_problem.message += "; using defaults"
        problems.append(user_problem)
    user_set = user.model_dump(exclude_unset=True) if user is not None else {}

    if site.read_only:
        ignored = [key for key in SITE_LOCKED if _pop_dotted(user_set, key)]
        if ignored:
            problems.append(
                Problem(
                    path=str(path),
                    message=f"ignored in a read-only site: {', '.join(ignored)}",
                    fatal=False,
                )
            )
        user_set.pop("read_only", None)  # the site's "true" stands
    merged = _merge(site_set, user_set)
    if "gazetteer" in site_set and "gazetteer" in user_set:
        # Both lists count: the site's shared gazetteers, then the user's own.
        merged["gazetteer"] = [*site.gazetteer, *(user.gazetteer if user else [])]
    config = Config.model_validate(merged)
    return config, problems


def _read_config(path: Path, *, explicit: bool) -> tuple[Config | None, Problem | None]:
    """One config file: (config, None); (Config(), None) if missing; (None, problem) if bad.

    A missing file the caller named explicitly is a problem too, but still means defaults.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if explicit:
            return Config(), Problem(path=str(path), message="config file not found")
        return Config(), None
    except OSError as exc:
        return None, Problem(path=str(path), message=f"cannot read config ({exc.strerror})")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, Problem(path=str(path), message="config is not UTF-8")
    except tomllib.TOMLDecodeError as exc:
        return None, Problem(path=str(path), message=f"malformed TOML ({exc})")
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return None, Problem(path=str(path), message=f"bad value for {where}: {first['msg']}")
    if config.gazetteer:  # (assigning marks the field as set, which `load_config` reads)
        # Relative paths in the config are relative to the config file, not to the cwd.
        config.gazetteer = [p if p.is_absolute() else path.parent / p for p in config.gazetteer]
    return config, None


def _merge(base: dict[str, object], over: dict[str, object]) -> dict[str, object]:
    """``over`` on top of ``base``; tables (dicts) merge key by key, anything else replaces."""
    merged = dict(base)
    for key, value in over.items():
        below = merged.get(key)
        if isinstance(below, dict) and isinstance(value, dict):
            merged[key] = _merge(below, value)
        else:
            merged[key] = value
    return merged


def _pop_dotted(data: dict[str, object], dotted: str) -> bool:
    """Remove ``a.b`` from nested dicts; return whether it was there."""
    *parents, last = dotted.split(".")
    node: object = data
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict) and last in node:
        del node[last]
        return True
    return False
