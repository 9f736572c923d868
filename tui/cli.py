"""The `conflict-tui` console script: open the TUI, or run a headless subcommand."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from timeline import __version__
from timeline.cli import (
    EXIT_FAILED,
    EXIT_USAGE,
    SUBCOMMANDS,
    UsageError,
    add_paths_argument,
    check_paths,
    common_options,
    report_problems,
)
from timeline.cli import build_parser as build_subcommand_parser
from timeline.cli import run as run_subcommand
from timeline.config import load_config
from timeline.export import ExportError
from timeline.policy import check_export_path, check_output_directory

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
    add_paths_argument(parser)
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="analyst-server mode: write nowhere but the configured export directory",
    )
    parser.add_argument("--version", action="version", version=f"conflict-tui {__version__}")
    return parser


def check_read_only_subcommand(command: str, argv: Sequence[str]) -> str | None:
    """Refuse a headless write outside the export directory when the config is read-only.

    Returns the message to print (the command must not run), or None when it may run.
    ``export -o -`` (stdout) writes no file and is always allowed; ``export -o FILE`` must
    pass `check_export_path`, and ``annotate -o DIR`` `check_output_directory`.
    """
    if command not in ("export", "annotate"):
        return None
    # Parsed twice (here and in the subcommand), so that the subcommands stay unaware of the
    # policy; --help and bad arguments are left for the subcommand's own parser to report.
    args, _ = build_subcommand_parser(command).parse_known_args(argv)
    config, _problems = load_config(getattr(args, "config", None))
    if not config.read_only:
        return None
    allowed = config.export.directory
    try:
        if command == "export" and args.output != "-":
            check_export_path(Path(args.output), allowed)
        elif command == "annotate":
            check_output_directory(Path(args.output), allowed)
    except ExportError as exc:
        return f"conflict-tui {command}: error: {exc}"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in SUBCOMMANDS:
        command, rest = args_list[0], args_list[1:]
        if not {"-h", "--help", "--version"} & set(rest):
            refused = check_read_only_subcommand(command, rest)
            if refused is not None:
                print(refused, file=sys.stderr)
                return EXIT_FAILED
        return run_subcommand(command, rest)
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
