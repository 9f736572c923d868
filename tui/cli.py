"""The `conflict-tui` console script: open the TUI, or run a headless subcommand.

A first argument naming a subcommand hands the rest to `timeline.cli.run`, which parses it
and decides the read-only policy there (the engine's CLI owns it). Anything else opens the
explorer: the arguments are parsed, the config loaded, the policy decided once from both,
and in a read-only session Textual's own file-writing switches (screenshots, the log file,
and every other ``TEXTUAL_*`` variable not known to be harmless) are dropped before Textual
is imported. Without a terminal on stdin and stdout (``ssh host cmd``, ``ssh -T``, a pipe)
the explorer is not started at all: a message points to ``list`` and ``export``, exit
status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from timeline import __version__
from timeline.cli import (
    EXIT_USAGE,
    SUBCOMMANDS,
    UsageError,
    add_paths_argument,
    check_paths,
    choose_index_dir,
    choose_store,
    common_options,
    jobs_of,
    report_problems,
)
from timeline.cli import run as run_subcommand
from timeline.config import load_config
from timeline.policy import WritePolicy
from timeline.watch import DEFAULT_INTERVAL

MIN_INTERVAL, MAX_INTERVAL = 0.1, 3600.0  # --watch-interval's bounds, seconds

EPILOG = """\
commands:
  conflict-tui [PATH ...]          open the timeline explorer (default: the bundled seeds)
  conflict-tui --watch DIR         ... and keep DIR's new and changed files coming in
  conflict-tui export [PATH ...]   write events as json, csv, ... (see export --help)
  conflict-tui list [PATH ...]     print the timeline as a plain table
  conflict-tui ingest PATH ...     fill the corpus store ahead (--jobs, or --dask SCHEDULER)
  conflict-tui schema              print the JSON Schema of an exported event
  conflict-tui annotate FILE... -o DIR   write TimeML with a TIMEX3 per time expression

A file literally named like a command can be given as ./export.
"""

NO_TERMINAL = (
    "conflict-tui: the explorer needs a terminal (stdin and stdout are not one); for a pipe "
    "or `ssh host cmd`, use `conflict-tui list` or `conflict-tui export` (see --help)"
)

# Textual's environment variables a read-only session keeps: they change how the screen is
# drawn, never what is written. Every other TEXTUAL_* variable is dropped (TEXTUAL_SCREENSHOT,
# TEXTUAL_SCREENSHOT_LOCATION, TEXTUAL_SCREENSHOT_FILENAME and TEXTUAL_LOG write files;
# TEXTUAL_DRIVER imports code; TEXTUAL_PRESS types keys; a future one may do anything).
HARMLESS_TEXTUAL_VARIABLES = frozenset(
    {
        "TEXTUAL_COLOR_SYSTEM",
        "TEXTUAL_ANIMATIONS",
        "TEXTUAL_DISABLE_KITTY_KEY",
        "TEXTUAL_DIM_FACTOR",
        "TEXTUAL_SMOOTH_SCROLL",
        "TEXTUAL_FPS",
    }
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="conflict-tui",
        parents=[common_options()],  # --gazetteer, --config, --read-only
        description="A terminal timeline explorer for conflict reporting.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_paths_argument(parser)
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="start clean: do not restore the last session's selection, filters and cursor",
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="keep watching the PATHs: new, changed and removed files update the timeline "
        "while it is open (the cursor, selection, filters and search are kept)",
    )
    parser.add_argument(
        "--watch-interval",
        metavar="SECONDS",
        type=_interval,
        default=DEFAULT_INTERVAL,
        help=f"with --watch, seconds between looks at the files (default {DEFAULT_INTERVAL:g}; "
        "a file is taken once two looks agree)",
    )
    parser.add_argument("--version", action="version", version=f"conflict-tui {__version__}")
    return parser


def _interval(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not MIN_INTERVAL <= seconds <= MAX_INTERVAL:  # NaN fails this too
        raise argparse.ArgumentTypeError(
            f"between {MIN_INTERVAL:g} and {MAX_INTERVAL:g} seconds, not {text}"
        )
    return seconds


def has_terminal() -> bool:
    """Whether stdin and stdout are both a terminal, as the explorer needs."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed or missing (sys.stdin is None)
        return False


def drop_textual_writers(environ: dict[str, str] | os._Environ[str] = os.environ) -> list[str]:
    """Remove every ``TEXTUAL_*`` variable but the harmless ones; return the names removed.

    Textual reads them when it is first imported, so this runs before that. Should it have
    been imported already (tests, an embedding program), its settings are reset as well.
    """
    dropped = sorted(
        name
        for name in environ
        if name.startswith("TEXTUAL_") and name not in HARMLESS_TEXTUAL_VARIABLES
    )
    for name in dropped:
        del environ[name]
    constants = sys.modules.get("textual.constants")
    if constants is not None:
        constants.LOG_FILE = None  # type: ignore[attr-defined]
        constants.SCREENSHOT_DELAY = -1  # type: ignore[attr-defined]
        constants.SCREENSHOT_LOCATION = None  # type: ignore[attr-defined]
        constants.SCREENSHOT_FILENAME = None  # type: ignore[attr-defined]
        constants.PRESS = ""  # type: ignore[attr-defined]
    return dropped


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in SUBCOMMANDS:
        # The engine's CLI parses the rest and decides the policy from what it parsed.
        return run_subcommand(args_list[0], args_list[1:])
    parser = build_parser()
    args = parser.parse_args(args_list)  # --help and --version need no terminal
    if args.watch and not args.paths:
        parser.error("--watch needs a PATH to watch (the bundled seeds never change)")
    if not has_terminal():
        # Started down a pipe, the app would draw escape codes into it and never notice
        # that nobody is there.
        print(NO_TERMINAL, file=sys.stderr)
        return EXIT_USAGE
    config, problems = load_config(args.config)
    report_problems(problems)
    policy = WritePolicy.decide(config, read_only=args.read_only)
    try:
        check_paths(args.paths)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"conflict-tui: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    store, notes = choose_store(args, config, policy)
    report_problems(notes)
    if policy.read_only:
        drop_textual_writers()
    from tui.app import run_app  # Textual is imported only when the TUI really opens

    return run_app(
        args.paths,
        config=config,
        gazetteer_files=[*config.gazetteer, *args.gazetteer],
        read_only=policy.read_only,
        fresh=args.fresh,
        store=store,
        jobs=jobs_of(args),
        index_dir=choose_index_dir(config, policy),
        watch=args.watch,
        watch_interval=args.watch_interval,
    )


if __name__ == "__main__":
    sys.exit(main())
