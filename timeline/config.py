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

    [session]                         # each corpus's selection, filters, cursor, theme
    directory = "~/.local/state/conflict-tui/sessions"   # (that is the default on Linux)

    [limits]                          # bounds on hostile input; the defaults never bite
    max_file_mb = 6                   # a bigger file is skipped, with a message
    max_events_per_document = 100000  # events beyond are dropped, with a message
    max_events = 2000000              # in all; later documents are skipped, with a message

    [store]                           # the per-corpus store of extraction results
    directory = "~/.cache/conflict-tui"  # where stores go (default: the platform cache directory);
                                      # in a read-only session only the site config's counts,
                                      # and without it there is no store

A missing file means defaults. A malformed file is reported (naming the file and the line) and
defaults are used: a typo in the config must never keep an analyst out of the tool.

A server-wide *site* config (``/etc/conflict-tui/config.toml``) is read first, takes the same
keys, and is what an administrator uses to run an analyst server. ``$CONFLICT_TUI_SITE_CONFIG``
names a second site file that is honoured only where it makes things stricter (it can turn
read-only on, never off, and cannot move a read-only site's export directory): the variable
is the user's to set, the policy the administrator's. Precedence, lowest first: built-in
defaults, the site config, the user's config, the command line. Two things the user cannot
override, because the user is the one the site policy restrains:

- ``read_only = true`` in the site config stays on (the user's ``read_only = false`` and the
  absence of ``--read-only`` do not turn it off);
- in a read-only site, the path-valued settings (``[export] directory``, ``gazetteer``,
  ``[store] directory``) come from the site config only: a user config naming another export
  directory (or store directory) would otherwise re-open the whole disk to writes.

Unlike the user's config, the site config fails *closed*. Nothing at its path (``lstat``
finds nothing) means no site policy; a file that exists but is a dangling symbolic link,
unreadable, not UTF-8 TOML, has a bad value or an unknown key (``read-only``, ``readonly``,
``read_only`` under ``[export]``...) makes the session read-only with no export directory
(export off), and the problem is reported. A typo must not silently lift the
administrator's policy.
"""

from __future__ import annotations

import copy
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args, get_origin

from pydantic import (
    BaseModel,
    Field,
    PositiveFloat,
    PositiveInt,
    ValidationError,
    field_validator,
)

from timeline.export import FORMATS, Era, ExportOptions
from timeline.loader import MAX_BYTES, MAX_EVENTS, MAX_EVENTS_PER_DOCUMENT, MB, Limits
from timeline.models import Model, Problem

ENV_VAR = "CONFLICT_TUI_CONFIG"
SITE_ENV_VAR = "CONFLICT_TUI_SITE_CONFIG"
DEFAULT_SITE_CONFIG = Path("/etc/conflict-tui/config.toml")
# Settings a read-only site config decides alone (dotted paths into the config).
SITE_LOCKED = ("export.directory", "gazetteer", "session.directory", "store.directory")


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


class LimitsConfig(Model):
    """``[limits]``: how much work a corpus may cause (`timeline.loader.Limits`)."""

    max_file_mb: PositiveFloat = MAX_BYTES / MB
    max_events_per_document: PositiveInt = MAX_EVENTS_PER_DOCUMENT
    max_events: PositiveInt = MAX_EVENTS

    def limits(self) -> Limits:
        """What the loader and the pipeline take from the config."""
        return Limits(
            max_file_bytes=int(self.max_file_mb * MB),
            max_events_per_document=self.max_events_per_document,
            max_events=self.max_events,
        )


class StoreConfig(Model):
    """``[store]``: where the per-corpus stores of extraction results go (`timeline.store`)."""

    directory: Path | None = None

    @field_validator("directory")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None


class SessionConfig(Model):
    """``[session]``: where the explorer keeps each corpus's state between runs
    (`timeline.session`). A read-only session keeps it only where the site config says."""

    directory: Path | None = None

    @field_validator("directory")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None


class Config(Model):
    theme: str = "textual-dark"
    keys: dict[str, str] = Field(default_factory=dict)
    export: ExportConfig = Field(default_factory=ExportConfig)
    limits: LimitsConfig = Field(default_factory=LimitsConfig)
    session: SessionConfig = Field(default_factory=SessionConfig)
    store: StoreConfig = Field(default_factory=StoreConfig)
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
    """Where the server-wide config file is looked for first (`DEFAULT_SITE_CONFIG`).

    ``$CONFLICT_TUI_SITE_CONFIG`` names a second site file, read as well; it is honoured
    only where it makes the policy stricter (see `load_config`), so pointing it at a
    missing file turns nothing off.
    """
    return DEFAULT_SITE_CONFIG


def load_config(
    path: Path | None = None, *, site_path: Path | None = None
) -> tuple[Config, list[Problem]]:
    """Read the site config, then the user's over it; return the result and any problems.

    ``path`` is the user's config (default `config_path`); ``site_path`` the one site config
    to read (default: `DEFAULT_SITE_CONFIG`, and ``$CONFLICT_TUI_SITE_CONFIG`` where it is
    stricter: `site_layer`). See the module docstring for precedence and locks.
    """
    site_set, problems = site_layer(site_path)
    site = Config.model_validate(site_set)

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
    config, problem, _data = _parse_config(path, raw)
    return config, problem


def _parse_config(
    path: Path, raw: bytes
) -> tuple[Config | None, Problem | None, dict[str, object]]:
    """A config file's bytes: (config, None, the TOML data) or (None, problem, {})."""
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, Problem(path=str(path), message="config is not UTF-8"), {}
    except tomllib.TOMLDecodeError as exc:
        return None, Problem(path=str(path), message=f"malformed TOML ({exc})"), {}
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        problem = Problem(path=str(path), message=f"bad value for {where}: {first['msg']}")
        return None, problem, {}
    if config.gazetteer:  # (assigning marks the field as set, which `load_config` reads)
        # Relative paths in the config are relative to the config file, not to the cwd.
        config.gazetteer = [p if p.is_absolute() else path.parent / p for p in config.gazetteer]
    if config.store.directory is not None and not config.store.directory.is_absolute():
        config.store.directory = path.parent / config.store.directory
    return config, None, data


# ---------------------------------------------------------------------- the site config


@dataclass
class SiteFile:
    """What one site config file says: the keys it sets, and why it failed closed if it did."""

    path: Path
    settings: dict[str, object]
    problem: Problem | None = None

    @property
    def read_only(self) -> bool:
        return bool(self.settings.get("read_only"))


def read_site_file(path: Path) -> SiteFile | None:
    """One site config file, failing CLOSED; None when nothing is there at all.

    No file at the path (``lstat`` finds nothing) means no site policy. Anything else that
    is not a valid config with known keys only (a dangling symbolic link, a file that
    cannot be read, not UTF-8, not TOML, a bad value, an unknown or misspelt key such as
    ``read-only``, ``readonly`` or ``read_only`` under ``[export]``) means read-only with
    export off, and a problem saying so. A valid file without ``read_only`` means what its
    keys say.
    """
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        return _closed(path, f"cannot look at the site config ({exc.strerror or exc})")
    except ValueError:  # an embedded NUL in the environment's path
        return _closed(path, "not a usable path for a site config")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:  # lstat found something: a dangling symbolic link
        return _closed(path, "the site config is a symbolic link to nothing")
    except OSError as exc:
        return _closed(path, f"cannot read site config ({exc.strerror or exc})")
    config, problem, data = _parse_config(path, raw)
    if config is None:
        assert problem is not None
        return _closed(path, problem.message)
    unknown = unknown_keys(data)
    if unknown:
        return _closed(path, f"unknown key(s) in the site config: {', '.join(unknown)}")
    return SiteFile(path, config.model_dump(exclude_unset=True))


def _closed(path: Path, why: str) -> SiteFile:
    message = f"{why}; so this session is read-only with export off"
    return SiteFile(path, {"read_only": True}, Problem(path=str(path), message=message))


def unknown_keys(
    data: dict[str, object], model: type[BaseModel] | None = None, prefix: str = ""
) -> list[str]:
    """Keys of a config's TOML that no setting reads (dotted: ``export.read_only``).

    Every table whose setting is a model is checked the same way, to any depth, and so are the
    tables of a list of models (``export.eras[0].nme``): a table added to `Config` is covered
    without a line here. ``[keys]`` maps binding ids, which the app checks itself.
    """
    model = model or Config
    unknown: list[str] = []
    for key, value in data.items():
        field = model.model_fields.get(key)
        if field is None:
            unknown.append(prefix + key)
            continue
        inner = _model_of(field.annotation)
        if inner is not None and isinstance(value, dict):
            unknown += unknown_keys(value, inner, f"{prefix}{key}.")
        elif isinstance(value, list) and (inner := _model_of(_item_of(field.annotation))):
            for n, item in enumerate(value):
                if isinstance(item, dict):
                    unknown += unknown_keys(item, inner, f"{prefix}{key}[{n}].")
    return unknown


def _model_of(annotation: object) -> type[BaseModel] | None:
    """The model a setting holds, also through ``X | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _item_of(annotation: object) -> object:
    """The item type of ``list[X]``, else None."""
    return get_args(annotation)[0] if get_origin(annotation) is list else None


def site_layer(site_path: Path | None = None) -> tuple[dict[str, object], list[Problem]]:
    """The settings the site config(s) make, and their problems.

    With ``site_path``, that one file. Otherwise `DEFAULT_SITE_CONFIG`, and also the file
    ``$CONFLICT_TUI_SITE_CONFIG`` names, which may only make things stricter: the default
    file's keys win over it, ``read_only`` is on if either says so, and in a read-only
    site the locked settings (`SITE_LOCKED`: the export directory, gazetteers) come from
    the default file when it is the read-only one, else from the environment's.
    """
    if site_path is not None:
        paths = [site_path]
    else:
        paths = [DEFAULT_SITE_CONFIG]
        override = os.environ.get(SITE_ENV_VAR)
        if override and Path(override).expanduser() != DEFAULT_SITE_CONFIG:
            paths.append(Path(override).expanduser())
    sites = [site for site in map(read_site_file, paths) if site is not None]
    problems = [site.problem for site in sites if site.problem is not None]
    merged: dict[str, object] = {}
    for site in reversed(sites):  # the environment's first, the default file's over it
        merged = _merge(merged, copy.deepcopy(site.settings))
    strict = next((site for site in sites if site.read_only), None)
    if strict is not None:
        merged["read_only"] = True
        for key in SITE_LOCKED:
            _pop_dotted(merged, key)
            found, value = _get_dotted(strict.settings, key)
            if found:
                _set_dotted(merged, key, value)
    return merged, problems


def _get_dotted(data: dict[str, object], dotted: str) -> tuple[bool, object]:
    node: object = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _set_dotted(data: dict[str, object], dotted: str, value: object) -> None:
    *parents, last = dotted.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})  # type: ignore[assignment]
    node[last] = value


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
