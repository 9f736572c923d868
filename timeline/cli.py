"""The headless command line: `conflict-tui export`, `list`, `schema`, `annotate` and `ingest`.

`tui.cli.main` is the console script; it hands these subcommands to `run` and opens the TUI
for everything else. Nothing here imports Textual.

`run` parses the arguments first, then loads the config and decides the session's
`timeline.policy.WritePolicy` once, from what was parsed (``--read-only``, the config): argv
is never scanned for words, so ``--help`` as a directory name after ``--`` is a path like
any other. The commands that write (``export -o``, ``annotate -o``) open their target
through the policy before any slow work, and write through what they opened; ``ingest``
writes only the store `choose_store` allows, and runs no Dask in a read-only session.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO

from timeline import __version__
from timeline.config import Config, load_config
from timeline.export import FORMATS, render
from timeline.export.files import TargetExistsError, WriteError, signals_raise
from timeline.models import Event, Problem
from timeline.policy import WritePolicy
from timeline.progress_line import ProgressLine
from timeline.sanitize import clean_line
from timeline.store import StoreChoice, cache_root
from timeline.timeline import FilterError, Filters, Timeline, parse_bound

SUBCOMMANDS = ("export", "list", "schema", "annotate", "ingest")
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports ctrl+c


class UsageError(Exception):
    """A bad argument: reported as `conflict-tui: error: ...` with exit status 2."""


def common_options() -> argparse.ArgumentParser:
    """Options every command takes."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--gazetteer",
        metavar="FILE",
        type=Path,
        action="append",
        default=[],
        help="extra gazetteer TOML merged over the built-in one (repeatable)",
    )
    parent.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        help="config file (default: $CONFLICT_TUI_CONFIG or the platform config directory)",
    )
    parent.add_argument(
        "--read-only",
        action="store_true",
        help="analyst-server mode: write nowhere but the configured export directory",
    )
    store = parent.add_mutually_exclusive_group()
    store.add_argument(
        "--store",
        metavar="FILE",
        type=Path,
        help="keep each document's results in this SQLite file, so an unchanged file is never "
        "extracted twice (default: one store per corpus in the platform cache directory)",
    )
    store.add_argument(
        "--no-store",
        action="store_true",
        help="extract every file; read and write no store (the GeoNames index, which holds "
        "nothing of the corpus, is still cached)",
    )
    parent.add_argument(
        "--jobs",
        metavar="N",
        type=_jobs,
        default=None,
        help="processes extracting documents (default: auto, one per core; 1: serial)",
    )
    return parent


def _jobs(text: str) -> int | None:
    if text.strip().lower() == "auto":
        return None
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of processes (1, 2, ... or auto)"
        )
    return value


def choose_store(
    args: argparse.Namespace, config: Config, policy: WritePolicy
) -> tuple[StoreChoice | None, list[Problem]]:
    """Where this session keeps its corpus's store, or None for no store.

    ``--no-store``: none. A read-only session writes nowhere it was not given: a store only
    when the site config names a directory for it (``[store] directory``), and ``--store`` is
    ignored. Otherwise ``--store FILE``, else one store per corpus under ``[store] directory`` or
    the platform cache directory. The GeoNames index cache follows the same decision: kept in
    the store's directory (beside ``--store FILE``: ``[store] directory`` or the cache directory),
    and nowhere without a store.
    """
    paths: list[Path] = list(getattr(args, "paths", []))
    if getattr(args, "no_store", False):
        return None, []
    named: Path | None = getattr(args, "store", None)
    if policy.read_only:
        notes = []
        if named is not None:
            notes.append(
                Problem(
                    path=str(named),
                    message="--store ignored in a read-only session (the site config's "
                    "[store] directory decides)",
                    fatal=False,
                )
            )
        if config.store.directory is None:
            return None, notes
        return StoreChoice.for_corpus(paths, config.store.directory), notes
    if named is not None:  # the caches stay in the cache directory
        return StoreChoice(named, cache_dir=config.store.directory or cache_root()), []
    return StoreChoice.for_corpus(paths, config.store.directory), []


def choose_index_dir(config: Config, policy: WritePolicy) -> Path | None:
    """Where the GeoNames index is cached when the run keeps no store (``--no-store``), or
    None: built in memory. The index is made of the installed GeoNames package's data and
    holds nothing of the corpus, so ``--no-store`` (no store of the corpus's results) still
    keeps it, as a store would, in ``[store] directory`` or the platform cache directory:
    without it every such run rebuilt it (about 3 s: an export of 1,024 articles 9.5 -> 7.1 s). A
    read-only session keeps it only in the directory its site config gives."""
    if policy.read_only:
        return config.store.directory
    return config.store.directory or cache_root()


def jobs_of(args: argparse.Namespace) -> int:
    """The pool size asked for: ``--jobs N``, or one process per core."""
    from timeline.ingest import auto_jobs

    jobs: int | None = getattr(args, "jobs", None)
    return jobs if jobs is not None else auto_jobs()


def add_paths_argument(parser: argparse.ArgumentParser) -> None:
    """The PATH... argument of the app and of every subcommand that reads articles."""
    parser.add_argument(
        "paths",
        metavar="PATH",
        nargs="*",
        type=Path,
        help="articles or folders (.txt, .md, .tml, .tml.TE3input), or a .json/.jsonl export "
        "to reopen (default: the bundled seeds)",
    )


def _filter_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters")
    group.add_argument("--from", dest="date_from", metavar="WHEN", help="YYYY, YYYY-MM or a date")
    group.add_argument("--to", dest="date_to", metavar="WHEN", help="YYYY, YYYY-MM or a date")
    group.add_argument(
        "--actor",
        action="append",
        default=[],
        metavar="NAME",
        help="only events naming this actor; aliases work (Azeri, Kremlin); repeatable",
    )
    group.add_argument("--search", metavar="TEXT", default="", help="only events containing TEXT")


def build_parser(command: str) -> argparse.ArgumentParser:
    parent = common_options()
    if command == "export":
        parser = argparse.ArgumentParser(
            prog="conflict-tui export",
            parents=[parent],
            description="Write the timeline's events to stdout or a file.",
        )
        add_paths_argument(parser)
        parser.add_argument(
            "-f",
            "--format",
            choices=list(FORMATS),
            default="json",
            metavar="FORMAT",
            help="; ".join(f"{f.name}: {f.help}" for f in FORMATS.values()) + " (default: json)",
        )
        parser.add_argument(
            "-o", "--output", metavar="FILE", default="-", help="output file; - is stdout"
        )
        parser.add_argument("--force", action="store_true", help="overwrite an existing file")
        parser.add_argument(
            "--dtstamp",
            metavar="WHEN",
            type=_timestamp,
            help="iCalendar DTSTAMP, e.g. 2022-09-15T12:00:00 (default: latest publication date)",
        )
        _filter_options(parser)
    elif command == "list":
        parser = argparse.ArgumentParser(
            prog="conflict-tui list",
            parents=[parent],
            description="Print the timeline as a plain table.",
        )
        add_paths_argument(parser)
        _filter_options(parser)
    elif command == "schema":
        parser = argparse.ArgumentParser(
            prog="conflict-tui schema",
            description="Print the JSON Schema of an exported event.",
        )
    elif command == "annotate":
        parser = argparse.ArgumentParser(
            prog="conflict-tui annotate",
            description="Write TimeML: each file's text with a TIMEX3 around every time "
            "expression. .tml and .tml.TE3input keep their names; NAME.txt becomes NAME.tml; "
            "files under a folder keep their relative path.",
        )
        parser.add_argument(
            "paths",
            metavar="FILE_OR_DIR",
            nargs="+",
            type=Path,
            help="articles or folders: .txt/.md (date from a NAME.toml sidecar), .tml, "
            ".tml.TE3input",
        )
        parser.add_argument(
            "-o",
            "--output",
            metavar="DIR",
            type=Path,
            required=True,
            help="output directory (created if missing)",
        )
        parser.add_argument("--force", action="store_true", help="overwrite existing files")
    elif command == "ingest":
        parser = argparse.ArgumentParser(
            prog="conflict-tui ingest",
            parents=[parent],
            description="Extract every new or changed file of a corpus into its store (the "
            "one `export`, `list` and the explorer open it with), drop files no longer there, "
            "and print what was done. Later opens of the corpus extract nothing.",
        )
        add_paths_argument(parser)
        parser.add_argument(
            "--dask",
            metavar="SCHEDULER",
            type=_scheduler,
            help="extract on a Dask cluster: its scheduler's address (tcp://HOST:PORT), or "
            "'local' for a cluster of --jobs processes on this machine (needs "
            "pip install 'conflict-tui[dask]'; workers get the text, not the paths)",
        )
        parser.add_argument(
            "--dask-timeout",
            metavar="SECONDS",
            type=_seconds,
            default=None,
            help="give up when the scheduler does not answer, or no worker joins, within "
            "this time (default: 10)",
        )
    else:  # pragma: no cover - programming error
        raise ValueError(command)
    parser.add_argument("--version", action="version", version=f"conflict-tui {__version__}")
    return parser


def _scheduler(text: str) -> str:
    """A Dask scheduler's address as typed (``local``, ``tcp://HOST:PORT``, ``HOST:PORT``)."""
    value = text.strip()
    if value.lower() == "local":
        return "local"
    if not value or len(value) > 512 or any(c.isspace() or not c.isprintable() for c in value):
        raise argparse.ArgumentTypeError(
            f"{clean_line(text)!r} is not a scheduler address (tcp://HOST:PORT or local)"
        )
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0 < s <= 3600)")
    return value


def _timestamp(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO date or date-time") from None


def say(message: str, stream: TextIO | None = None) -> None:
    """One line on stderr (or ``stream``). File names and problem messages come from input:
    control characters are made visible and a newline cannot forge a second line."""
    print(clean_line(message), file=stream or sys.stderr)


def report_problems(problems: Sequence[Problem], stream: TextIO | None = None) -> None:
    for problem in problems:
        # A skipped file's message already ends in "skipped"; a warning needs saying so.
        level = "" if problem.fatal else "warning: "
        say(f"conflict-tui: {level}{problem}", stream)


def check_paths(paths: Sequence[Path]) -> None:
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UsageError("; ".join(f"{p}: no such file or directory" for p in missing))


def load(
    paths: Sequence[Path],
    gazetteer: Sequence[Path],
    config: Config | None = None,
    *,
    store: StoreChoice | None = None,
    jobs: int = 1,
    index_dir: Path | None = None,
    command: str | None = None,
) -> Timeline:
    """Build the timeline of ``paths`` with these gazetteer files and the config's limits,
    through ``store`` (or without one, with the GeoNames index kept in ``index_dir``) and
    with ``jobs`` processes; report bad files. With ``command``, a progress line on stderr
    when it is a terminal (`timeline.progress_line`)."""
    from timeline.pipeline import build_timeline

    check_paths(paths)
    limits = config.limits.limits() if config is not None else None
    # What is alive now (modules, pydantic's schemas, the config) lives as long as the
    # command: frozen, the collector's full passes over the growing event list no longer walk
    # it (the collector's time in an export of 256 articles 0.24 -> 0.16 s).
    gc.freeze()
    line = ProgressLine(command or "", enabled=None if command else False)

    def progress(done: int, total: int) -> None:
        # Frozen again after each file: the tagger built for the first, and the events kept
        # until the end (gc.freeze costs O(1)).
        gc.freeze()
        line(done, total)

    with line:
        timeline = build_timeline(
            paths,
            gazetteer_files=gazetteer,
            limits=limits,
            store=store,
            jobs=jobs,
            index_dir=index_dir,
            progress=progress,
        )
    report_problems(timeline.problems)
    return timeline


def resolve_actors(
    names: Sequence[str], timeline: Timeline, gazetteer: Sequence[Path]
) -> list[str]:
    """Canonical actor names for what the user typed: aliases via the gazetteer, then by name."""
    if not names:
        return []
    from timeline.gazetteer import GazetteerError, load_gazetteer

    try:
        lookup = load_gazetteer(gazetteer)
    except GazetteerError:  # already reported while the timeline was built
        lookup = load_gazetteer()
    known = {name.casefold(): name for name, _, _ in timeline.actor_counts()}
    resolved: list[str] = []
    for name in names:
        canonical = lookup.resolve(name) or known.get(name.strip().casefold())
        if canonical is None:
            top = ", ".join(n for n, _, _ in timeline.actor_counts()[:8])
            raise UsageError(f"no actor {name!r} in this timeline (actors include: {top})")
        resolved.append(canonical)
    return resolved


def filters_from(
    args: argparse.Namespace, timeline: Timeline, gazetteer: Sequence[Path]
) -> Filters:
    try:
        start = parse_bound(args.date_from, upper=False) if args.date_from else None
        end = parse_bound(args.date_to, upper=True) if args.date_to else None
    except FilterError as exc:
        raise UsageError(str(exc)) from None
    if start and end and start > end:
        raise UsageError(f"--from {args.date_from} is after --to {args.date_to}")
    actors = resolve_actors(args.actor, timeline, gazetteer)
    return Filters(start=start, end=end, actors=actors, search=args.search)


def format_table(events: Sequence[Event], width: int) -> str:
    """One line per event: label, headline, actors; cut to ``width`` columns."""
    label_width = max((len(e.label) for e in events), default=5)
    lines = []
    for event in events:
        # Headlines and names come from input: one line each, controls made visible.
        actors = ", ".join(clean_line(a.name) for a in event.actors[:3])
        line = f"{event.label:<{label_width}}  {clean_line(event.headline)}"
        if actors:
            line += f"  [{actors}]"
        if len(line) > width:
            line = line[: width - 1] + "…"
        lines.append(line)
    return "\n".join(lines)


def load_corpus(
    args: argparse.Namespace,
    gazetteer: Sequence[Path],
    config: Config,
    policy: WritePolicy,
    *,
    command: str,
) -> Timeline:
    """The timeline of the command's paths, through the store and caches this session may
    keep (`choose_store`, `choose_index_dir`), with its ``--jobs``."""
    store, notes = choose_store(args, config, policy)
    report_problems(notes)
    return load(
        args.paths,
        gazetteer,
        config,
        store=store,
        jobs=jobs_of(args),
        index_dir=choose_index_dir(config, policy),
        command=command,
    )


def cmd_export(args: argparse.Namespace, config: Config, policy: WritePolicy) -> int:
    gazetteer = [*config.gazetteer, *args.gazetteer]
    # The file is opened (and checked) before the corpus loads: what is written is what was
    # checked, whatever happens to the path meanwhile. An existing file is reported now, not
    # after a long load; the write itself never replaces one without --force either. Stdout
    # ("-") is no file: allowed in any session.
    target = None if args.output == "-" else policy.open_file(Path(args.output))
    try:
        if target is not None and not args.force and target.exists():
            raise TargetExistsError(f"{args.output}: already exists (use --force to overwrite)")
        timeline = load_corpus(args, gazetteer, config, policy, command="export")
        events = timeline.filter(filters_from(args, timeline, gazetteer))
        title = timeline.name
        options = config.export.options()
        if args.dtstamp is not None:
            options.dtstamp = args.dtstamp
        fmt = FORMATS[args.format]
        if target is None:
            sys.stdout.write(render(events, args.format, title=title, options=options))
            return EXIT_OK
        target.write(fmt.encode(events, title=title, options=options), force=args.force)
    finally:
        if target is not None:
            target.close()
    say(f"conflict-tui: wrote {len(events)} events to {args.output}")
    return EXIT_OK


def cmd_list(args: argparse.Namespace, config: Config, policy: WritePolicy) -> int:
    gazetteer = [*config.gazetteer, *args.gazetteer]
    timeline = load_corpus(args, gazetteer, config, policy, command="list")
    events = timeline.filter(filters_from(args, timeline, gazetteer))
    width = shutil.get_terminal_size((120, 24)).columns if sys.stdout.isatty() else 10_000
    if events:
        print(format_table(events, width))
    for item in timeline.undated:
        line = f"{'undated':<12}  {item.expression.text!r}: {item.sentence.text}"
        print(clean_line(line)[:width])
    print(f"{len(events)} of {len(timeline)} events", file=sys.stderr)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, config: Config) -> int:
    from pydantic import TypeAdapter

    schema = TypeAdapter(list[Event]).json_schema()
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_annotate(args: argparse.Namespace, config: Config, policy: WritePolicy) -> int:
    """Annotate every file; one message per file that fails, exit 1 if any did."""
    from timeline.annotate import annotate_files, plan

    out: Path = args.output
    with policy.open_tree(out) as directory:
        pairs, problems = plan(args.paths)
        report_problems(problems)
        result = annotate_files(pairs, directory, force=args.force)
    report_problems(result.problems)
    say(f"conflict-tui: wrote {len(result.written)} TimeML files to {out}")
    failed = result.failed or any(p.fatal for p in problems) or not pairs
    return EXIT_FAILED if failed else EXIT_OK


def cmd_ingest(args: argparse.Namespace, config: Config, policy: WritePolicy) -> int:
    """Fill the corpus's store (locally or on Dask) and print a summary on stdout."""
    from timeline.distributed import ClusterError, DaskUnavailable, require_dask
    from timeline.ingest_run import StoreUnusable, ingest_corpus

    if args.no_store:
        raise UsageError("ingest fills the corpus's store; --no-store leaves it nothing to do")
    if args.dask_timeout is not None and args.dask is None:
        raise UsageError("--dask-timeout goes with --dask")
    check_paths(args.paths)
    if args.dask is not None and policy.read_only:
        # A cluster is processes writing scratch files here, or the corpus sent elsewhere.
        say("conflict-tui ingest: error: --dask is off in a read-only session")
        return EXIT_FAILED
    store, notes = choose_store(args, config, policy)
    report_problems(notes)
    if store is None:
        say(
            "conflict-tui ingest: error: a read-only session keeps a store only in the site "
            "config's [store] directory, and there is none: nothing to ingest into"
        )
        return EXIT_FAILED
    try:
        if args.dask is not None:
            require_dask()  # before any work: the message, not a traceback, when missing
        with ProgressLine("ingest", verb="extracting") as line:
            summary = ingest_corpus(
                args.paths,
                store,
                gazetteer_files=[*config.gazetteer, *args.gazetteer],
                limits=config.limits.limits(),
                jobs=jobs_of(args),
                scheduler=args.dask,
                timeout=args.dask_timeout,
                progress=line,
            )
    except (DaskUnavailable, ClusterError, StoreUnusable) as exc:
        say(f"conflict-tui ingest: error: {exc}")
        return EXIT_FAILED
    report_problems(summary.problems)
    for line in summary.lines(store.path):
        say(line, sys.stdout)
    return EXIT_OK


# Commands that only read, and commands that write (and so take the session's policy).
COMMANDS = {
    "schema": cmd_schema,
}
WRITING_COMMANDS = {  # (list writes nothing but the store, which the policy decides)
    "list": cmd_list,
    "export": cmd_export,
    "annotate": cmd_annotate,
    "ingest": cmd_ingest,
}


def run(command: str, argv: Sequence[str]) -> int:
    """Run a headless subcommand; return the exit status.

    The arguments are parsed before anything else (``--help`` and ``--version`` exit here,
    having written nothing); the write policy is then decided once from them and the
    config. SIGTERM and SIGHUP end the command through its cleanup (no temporary file is
    left), with the status a shell reports for them (128 + the signal number).
    """
    parser = build_parser(command)
    args = parser.parse_args(argv)
    config, problems = load_config(getattr(args, "config", None))
    report_problems(problems)
    policy = WritePolicy.decide(config, read_only=getattr(args, "read_only", False))
    try:
        with signals_raise():
            if command in WRITING_COMMANDS:
                return WRITING_COMMANDS[command](args, config, policy)
            return COMMANDS[command](args, config)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        say(f"conflict-tui {command}: error: {exc}")
        return EXIT_USAGE
    except WriteError as exc:
        say(f"conflict-tui {command}: error: {exc}")
        return EXIT_FAILED
    except BrokenPipeError:
        # `conflict-tui export | head`: the reader left; that is not an error.
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:  # ctrl+c: the cleanup has run; no traceback
        print(f"conflict-tui {command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
