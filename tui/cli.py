"""The `conflict-tui` console script: open the TUI, or run a headless subcommand."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from timeline import __version__
from timeline.cli import (
    EXIT_USAGE,
    SUBCOMMANDS,
    UsageError,
    check_paths,
    common_options,
    report_problems,
)
from timeline.cli import run as run_subcommand
from timeline.config import load_config

EPILOG = """\
commands:
  conflict-tui [PATH ...]          open the timeline explorer (default: the bundled seeds)
  conflict-tui export [PATH ...]   write events as json, csv, ... (see export --help)
  conflict-tui list [PATH ...]     print the timeline as a plain table
  conflict-tui schema              print the JSON Schema of an exported event
  conflict-tui annotate FILE... -o DIR   write TimeML with a TIMEX3 per time expression

A file literally named like a command can be given as ./export.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="conflict-tui",
        parents=[common_options()],
        description="A terminal timeline explorer for conflict reporting.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        metavar="PATH",
        nargs="*",
        type=Path,
        help="articles or folders: .txt, .md, .tml, .tml.TE3input (default: the bundled seeds)",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="analyst-server mode: write nowhere but the configured export directory",
    )
    parser.add_argument("--version", action="version", version=f"conflict-tui {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in SUBCOMMANDS:
        return run_subcommand(args_list[0], args_list[1:])
    parser = build_parser()
    args = parser.parse_args(args_list)
    config, problems = load_config(args.config)
    report_problems(problems)
    try:
        check_paths(args.paths)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"conflict-tui: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from tui.app import run_app  # Textual is imported only when the TUI really opens

    return run_app(
        args.paths,
        config=config,
        gazetteer_files=[*config.gazetteer, *args.gazetteer],
        read_only=args.read_only or config.read_only,
    )


if __name__ == "__main__":
    sys.exit(main())
