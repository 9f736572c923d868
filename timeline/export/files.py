"""Safe writes: every file the app writes goes through here (exports, ``annotate`` output).

A write is made relative to an open directory (`Directory`, a file descriptor), never to a
path looked up again at write time, so nothing swapped in after the directory was opened (a
symbolic link in place of a directory, say) can redirect it:

- the data goes to a temporary file created in that directory with ``O_EXCL|O_NOFOLLOW``
  (``.NAME.RANDOM.tmp``), is flushed and fsynced, and only then takes the final name, by a
  rename inside the same directory: a reader sees the old file or the new one, never half;
- without ``force`` the final step cannot replace anything: ``renameat2(RENAME_NOREPLACE)``
  on Linux, else a hard link (which fails if the name exists) and an unlink, else a name
  claimed with ``O_EXCL`` first. Two exports racing for one new name: one wins, the other is
  told the file exists. With ``force``, ``os.replace`` inside the directory: a symbolic link
  at the name is replaced, never followed;
- below a directory, `Directory.child` opens each level with ``O_NOFOLLOW``: a write never
  passes through a symbolic link there;
- the temporary file is removed on every failure path: an exception, Ctrl-C, SIGTERM or
  SIGHUP (`signals_raise` turns those into an exit that runs the cleanup) and an ordinary
  interpreter exit (``atexit``). Only SIGKILL or a power cut can leave a ``.tmp`` behind.

Every failure is a `WriteError` whose message names the path and says why in words (a
symbolic link loop, a name too long, a directory that changed): never a traceback.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import errno
import functools
import os
import secrets
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType

__all__ = [
    "Directory",
    "Target",
    "TargetExistsError",
    "WriteError",
    "absolute",
    "open_target",
    "signals_raise",
    "write_atomic",
]


class WriteError(Exception):
    """A file that could not be written; the message is for the user and names the path."""


class TargetExistsError(WriteError):
    """The target exists and overwriting was not asked for."""


class SymlinkRefusedError(WriteError):
    """A write would have gone through a symbolic link."""


_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_RENAME_NOREPLACE = 1  # <linux/fs.h>
# Errors that say "this kind of rename or link is not available here", not "it failed".
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM}
_UNSUPPORTED_LINK = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV}


def reason(exc: OSError) -> str:
    """Why an operating-system call failed, in words."""
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop, or a symbolic link where none may be"
    if exc.errno == errno.ENAMETOOLONG:
        return "name too long"
    return exc.strerror or str(exc)


def absolute(path: Path) -> Path:
    """``path`` with ``~`` expanded, made absolute against the working directory (not
    resolved: symbolic links and ``..`` stay as written)."""
    path = path.expanduser()
    return path if path.is_absolute() else Path.cwd() / path


def _check_name(name: str, shown: Path | str) -> None:
    """A file name to create in a directory: one component, not empty, no NUL."""
    if name in ("", ".", "..") or "/" in name:
        raise WriteError(f"{shown}: give a file name")
    if "\0" in name:
        raise WriteError(f"{shown}: a file name cannot hold a NUL character")


class Directory:
    """An open directory: files and subdirectories below it are reached through its
    descriptor, so the path it was opened by may change without redirecting a write.

    ``path`` is for messages only; nothing is looked up by it after opening.
    """

    def __init__(self, fd: int, path: Path) -> None:
        self.fd = fd
        self.path = path
        self._lock = threading.Lock()
        self._temporary: str | None = None  # the temporary file of a write under way

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(cls, path: Path) -> Directory:
        """Open ``path``, following symbolic links (whoever named this path chose it)."""
        try:
            fd = os.open(path, _DIR_FLAGS)
        except OSError as exc:
            raise WriteError(_directory_problem(path, exc)) from None
        except ValueError:  # an embedded NUL
            raise WriteError(f"{path}: a path cannot hold a NUL character") from None
        return cls(fd, path)

    @classmethod
    def create(cls, path: Path) -> Directory:
        """Open ``path``, creating it and its parents if missing (``mkdir -p``)."""
        try:
            os.makedirs(path, exist_ok=True)
        except FileExistsError:
            raise WriteError(f"{path}: not a directory") from None
        except OSError as exc:
            if exc.errno == errno.ENOTDIR:
                raise WriteError(f"{path}: not a directory") from None
            raise WriteError(f"{path}: cannot create directory ({reason(exc)})") from None
        except ValueError:
            raise WriteError(f"{path}: a path cannot hold a NUL character") from None
        return cls.open(path)

    def child(self, name: str, *, create: bool = False) -> Directory:
        """The subdirectory ``name``, never through a symbolic link; made if ``create``."""
        path = self.path / name
        if name in ("", ".", "..") or "/" in name or "\0" in name:
            raise WriteError(f"{path}: not a plain directory name")
        if create:
            try:
                os.mkdir(name, 0o777, dir_fd=self.fd)
            except FileExistsError:
                pass
            except OSError as exc:
                raise WriteError(f"{path}: cannot create directory ({reason(exc)})") from None
        try:
            fd = os.open(name, _DIR_FLAGS | os.O_NOFOLLOW, dir_fd=self.fd)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR) and self._is_link(name):
                raise SymlinkRefusedError(
                    f"{path}: is a symbolic link; writes never follow links"
                ) from None
            raise WriteError(_directory_problem(path, exc)) from None
        return Directory(fd, path)

    def descend(self, parts: Sequence[str], *, create: bool = False) -> Directory:
        """The directory ``parts`` below this one, each level opened with `child`.

        Returns a new `Directory` (also for no parts); the caller closes it.
        """
        try:
            current = Directory(os.dup(self.fd), self.path)
        except OSError as exc:
            raise WriteError(f"{self.path}: {reason(exc)}") from None
        for part in parts:
            try:
                below = current.child(part, create=create)
            finally:
                current.close()
            current = below
        return current

    def _is_link(self, name: str) -> bool:
        try:
            return stat.S_ISLNK(os.stat(name, dir_fd=self.fd, follow_symlinks=False).st_mode)
        except OSError:
            return False

    def lstat(self, name: str) -> os.stat_result | None:
        """What is at ``name`` (a link is not followed), or None if nothing is.

        Raises `WriteError` for a name the system refuses (too long, say).
        """
        _check_name(name, self.path / name)
        try:
            return os.stat(name, dir_fd=self.fd, follow_symlinks=False)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise WriteError(f"{self.path / name}: {reason(exc)}") from None

    # ---------------------------------------------------------------- writing

    def write(self, name: str, data: bytes, *, force: bool = False, mode: int = 0o666) -> Path:
        """Write ``data`` as the file ``name`` in this directory, atomically.

        Without ``force`` an existing name is never replaced (`TargetExistsError`), even one
        that appears while writing. ``mode`` (less the umask) is the new file's from its
        creation on: 0o600 for a private file. Returns the path written (for messages).
        """
        path = self.path / name
        _check_name(name, path)
        existing = self.lstat(name)
        if existing is not None and stat.S_ISDIR(existing.st_mode):
            raise WriteError(f"{path}: is a directory; give a file name")
        if existing is not None and not force:
            raise _exists(path)
        temporary = _temporary_name(name)
        try:
            fd = _create_temporary(temporary, self.fd, mode)
        except OSError as exc:
            raise WriteError(f"{path}: cannot write here ({reason(exc)})") from None
        with _pending(self.fd, temporary), self._writing(temporary):
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                if force:
                    os.replace(temporary, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
                else:
                    _rename_noreplace(self.fd, temporary, name)
            except FileExistsError:
                raise _exists(path) from None
            except IsADirectoryError:
                raise WriteError(f"{path}: is a directory; give a file name") from None
            except OSError as exc:
                raise WriteError(f"{path}: write failed ({reason(exc)})") from None
        with contextlib.suppress(OSError):  # the new name itself survives a crash
            os.fsync(self.fd)
        return path

    @contextlib.contextmanager
    def _writing(self, temporary: str) -> Iterator[None]:
        with self._lock:
            self._temporary = temporary
        try:
            yield
        finally:
            with self._lock:
                self._temporary = None

    def abandon(self) -> None:
        """Remove the temporary file of a write under way in another thread, now: the
        write then fails instead of completing (a dialog cancelled, an app quitting while
        a slow disk still holds the writer). A write already renamed stays written."""
        with self._lock:
            if self._temporary is not None and self.fd >= 0:
                with contextlib.suppress(OSError):
                    os.unlink(self._temporary, dir_fd=self.fd)

    # ---------------------------------------------------------------- closing

    def close(self) -> None:
        with self._lock:
            if self.fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(self.fd)
                self.fd = -1

    def __enter__(self) -> Directory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:  # a Directory dropped without close() must not leak its fd
        self.close()


class Target:
    """Where one file will be written: an open directory and a name in it.

    Opened (and, in a read-only session, checked) before the export is rendered, so a swap
    of any directory on the way after that changes nothing.
    """

    def __init__(self, directory: Directory, name: str, shown: Path | str) -> None:
        _check_name(name, shown)
        self.directory = directory
        self.name = name
        self.shown = str(shown)  # the path as the user gave it, for messages

    @property
    def path(self) -> Path:
        """The path written, as far as messages go: the directory's path and the name."""
        return self.directory.path / self.name

    def exists(self) -> bool:
        return self.directory.lstat(self.name) is not None

    def write(self, data: bytes, *, force: bool = False) -> None:
        self.directory.write(self.name, data, force=force)

    def abandon(self) -> None:
        """See `Directory.abandon`."""
        self.directory.abandon()

    def close(self) -> None:
        self.directory.close()

    def __enter__(self) -> Target:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_target(path: Path) -> Target:
    """The `Target` for ``path`` where no policy restricts writes: its directory is opened
    as named (following links, as any program would), the file is then written through it.

    Raises `WriteError` for a directory that does not exist, a directory as the target, a
    name too long, a symbolic link loop... with a message naming ``path``.
    """
    full = absolute(path)
    if str(path).endswith("/"):
        raise WriteError(f"{path}: give a file name")
    _check_name(full.name, path)
    shown = path.expanduser()  # messages name the path as given, relative or not
    try:
        fd = os.open(full.parent, _DIR_FLAGS)
    except OSError as exc:
        raise WriteError(parent_problem(path, shown.parent, exc)) from None
    except ValueError:
        raise WriteError(f"{path}: a path cannot hold a NUL character") from None
    directory = Directory(fd, shown.parent)
    try:
        existing = directory.lstat(full.name)
        if existing is not None and stat.S_ISDIR(existing.st_mode):
            raise WriteError(f"{path}: is a directory; give a file name")
        return Target(directory, full.name, path)
    except BaseException:
        directory.close()
        raise


def parent_problem(path: Path | str, parent: Path, exc: OSError) -> str:
    """Why the directory of the file ``path`` could not be opened, in a message naming both."""
    if exc.errno == errno.ENOENT:
        return f"{path}: directory {parent} does not exist"
    if exc.errno == errno.ENOTDIR:
        return f"{path}: {parent} is not a directory"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"{path}: cannot write here ({reason(exc)})"
    return f"{path}: {reason(exc)}"


def _exists(path: Path) -> TargetExistsError:
    return TargetExistsError(f"{path}: already exists (use --force to overwrite)")


def _directory_problem(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return f"{path}: directory does not exist"
    if exc.errno == errno.ENOTDIR:
        return f"{path}: not a directory"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"{path}: cannot write here ({reason(exc)})"
    return f"{path}: {reason(exc)}"


def _temporary_name(name: str) -> str:
    # Short whatever the final name's length, so a name near the limit can still be written.
    return f".{name[:40]}.{secrets.token_hex(6)}.tmp"


def _create_temporary(name: str, dir_fd: int, mode: int = 0o666) -> int:
    """A new file for writing only, created here and now (never an existing one or a link);
    ``mode`` less the umask (0666, as a plain ``open()`` would make it, by default)."""
    return os.open(name, _NEW_FILE_FLAGS, mode, dir_fd=dir_fd)


# ---------------------------------------------------------------------- no-overwrite rename


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):  # no glibc 2.28+ (musl, old systems): use link()
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.argtypes += [ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _renameat2_noreplace(dir_fd: int, source: str, target: str) -> bool:
    """Rename without replacing; False when this system or filesystem cannot."""
    function = _renameat2()
    if function is None:
        return False
    done = function(dir_fd, os.fsencode(source), dir_fd, os.fsencode(target), _RENAME_NOREPLACE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), target)


def _rename_noreplace(dir_fd: int, source: str, target: str) -> None:
    """Give ``source`` the name ``target`` unless ``target`` exists (FileExistsError then),
    atomically: two writers racing for one name cannot both succeed."""
    if _renameat2_noreplace(dir_fd, source, target):
        return
    try:
        os.link(source, target, src_dir_fd=dir_fd, dst_dir_fd=dir_fd, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in _UNSUPPORTED_LINK:
            raise
    else:
        with contextlib.suppress(OSError):  # (the caller's cleanup tries again)
            os.unlink(source, dir_fd=dir_fd)
        return
    # No hard links here (some network and FAT filesystems): claim the name first, with
    # O_EXCL, then replace our own empty claim.
    claim = os.open(target, _NEW_FILE_FLAGS, 0o666, dir_fd=dir_fd)
    os.close(claim)
    try:
        os.replace(source, target, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(target, dir_fd=dir_fd)
        raise


# ---------------------------------------------------------------------- cleanup


_PENDING: set[tuple[int, str]] = set()
_PENDING_LOCK = threading.Lock()


@contextlib.contextmanager
def _pending(dir_fd: int, name: str) -> Iterator[None]:
    """Remove the temporary file ``name`` however the block ends, unless it was renamed."""
    with _PENDING_LOCK:
        _PENDING.add((dir_fd, name))
    try:
        yield
    finally:
        with _PENDING_LOCK:
            _PENDING.discard((dir_fd, name))
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=dir_fd)


@atexit.register
def _remove_pending() -> None:
    """At interpreter exit, remove the temporary files of writes still under way (a thread
    writing when the process was told to quit)."""
    if not _PENDING_LOCK.acquire(timeout=2):
        return
    try:
        for dir_fd, name in list(_PENDING):
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=dir_fd)
        _PENDING.clear()
    finally:
        _PENDING_LOCK.release()


HANDLED_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def signals_raise() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP end the process by `SystemExit` (status 128 + the
    signal's number, as a shell reports it), so ``finally`` blocks run and no temporary
    file is left. Signals someone chose to ignore (``nohup``) stay ignored; off the main
    thread (where handlers cannot be set) nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, object] = {}
    for signum in HANDLED_SIGNALS:
        if signal.getsignal(signum) is signal.SIG_DFL:
            previous[signum] = signal.signal(signum, _exit_on_signal)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` with no policy (`open_target`, then `Directory.write`)."""
    with open_target(path) as target:
        target.write(data, force=force)
