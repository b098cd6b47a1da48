"""Publishing a run's outputs as one set: a new generation folder, then one atomic switch.

Why: renaming feeds into place one file at a time leaves a mix of new and old files (and the
old manifest) when a run is killed halfway through the commit. Instead a run writes every file
into its own folder, `out/.generations/<run-id>/`, and publishes it by replacing one symbolic
link, `out/.current`, with `rename(2)` (atomic on POSIX). The names people and CI read stay where
they were: `out/de-DE.jsonl` is a symbolic link to `.current/de-DE.jsonl`, created once, so
switching `.current` switches every file at the same instant, the manifest included.

Layout of the output folder::

    out/.current -> .generations/20261205T021500Z-3f9a
    out/de-DE.jsonl -> .current/de-DE.jsonl          (and every other output name)
    out/.generations/<run-id>/                       one folder per published run
    out/.generations/published                       published run ids, oldest first
    out/.generations/<run-id>.lock                   held while that run builds its folder
    out/.generations/publish.lock                    held while a run switches `.current`

A killed run leaves at most an unpublished folder; the next run removes it once its lock is
free (so two configs sharing `out/` never delete each other's work in progress). Files of the
current generation that a run does not write itself (another market's feed from a
`--market` run, another config's files) are carried over into the new generation as hard links,
so one run never hides another's outputs. The last `outputs.keep` generations (default 2: the
current one and the previous one) are kept; older ones are removed after the switch.

Output files that an older version of localize wrote as plain files are adopted first: each is
linked into the current generation and replaced by its symbolic link, so its content never
changes while it is migrated.

Tests kill a run at each named point of the commit (`LOCALIZE_TEST_KILL_AT=<point>`, see
`checkpoint`), not after a guessed delay.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import signal
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from ..atomic import fsync_dir, output_error, write_text_atomic
from ..errors import ExitCode, LocalizeError, OutputError

GENERATIONS = ".generations"
CURRENT = ".current"
PUBLISHED = "published"
PUBLISH_LOCK = "publish.lock"
MANIFEST = "manifest.json"
KILL_ENV = "LOCALIZE_TEST_KILL_AT"

#: The named points of a run's commit, in order (the tests kill a run at each of them).
COMMIT_POINTS = (
    "generation-written",  # every writer has finished its file inside the new generation
    "publish-locked",  # the publish lock is held
    "carried-over",  # files of the current generation this run does not write are linked in
    "manifest-written",  # the manifest (this run's files and the carried ones) is in the new generation
    "adopted",  # plain files of an older version are now links into the current generation
    "links-made",  # every output name is a link into `.current`
    "switched",  # `.current` names the new generation: the run is published
    "history-written",  # the list of published generations includes the new one
    "pruned",  # generations beyond `outputs.keep` are removed
)


def checkpoint(point: str) -> None:
    """A test hook: `LOCALIZE_TEST_KILL_AT=<point>` kills this process with SIGKILL at `point`,
    exactly as `kill -9` would (no cleanup, no `finally`). Does nothing otherwise."""
    if os.environ.get(KILL_ENV) == point:
        os.kill(os.getpid(), signal.SIGKILL)


class EmptyRunError(LocalizeError):
    """A run would replace published feeds with empty ones (a header-only export, usually)."""

    exit_code = ExitCode.FINDINGS


def current_generation(out_dir: Path) -> Path | None:
    """The folder `out/.current` points at, or None before the first published run."""
    link = out_dir / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        return None
    folder = (link.parent / target)
    return folder if folder.is_dir() else None


def current_manifest(out_dir: Path) -> dict | None:  # type: ignore[type-arg]
    """The manifest of the published generation (what `out/manifest.json` shows), if any."""
    folder = current_generation(out_dir)
    path = (folder / MANIFEST) if folder is not None else out_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


class _FileLock:
    """An exclusive `flock` on a file opened without following symbolic links."""

    def __init__(self, path: Path, blocking: bool = True) -> None:
        self.path = path
        try:
            self.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise output_error(path, exc) from None
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BaseException:
            os.close(self.fd)
            raise

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _try_lock(path: Path) -> _FileLock | None:
    try:
        return _FileLock(path, blocking=False)
    except BlockingIOError:
        return None
    except LocalizeError:
        return None


class Generation:
    """This run's new output set, built in `out/.generations/<run-id>/` and published at once."""

    def __init__(self, out_dir: Path, run_id: str, keep: int = 2) -> None:
        self.out = Path(out_dir)
        self.run_id = run_id
        self.keep = max(1, keep)
        self.root = self.out / GENERATIONS
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise output_error(self.out, exc) from None
        _check_layout(self.out)
        try:
            self.root.mkdir(exist_ok=True)
        except OSError as exc:
            raise output_error(self.root, exc) from None
        self.lock_path = self.root / f"{run_id}.lock"
        self._lock: _FileLock | None = _FileLock(self.lock_path)  # before the folder: see `_abandoned`
        self.dir = self.root / run_id
        try:
            self.dir.mkdir()
        except OSError as exc:
            self._lock.release()
            raise output_error(self.dir, exc) from None
        self.published = False
        self.carried: list[str] = []

    # -- before anything is replaced ---------------------------------------------------------

    def names(self) -> list[str]:
        """Every file of the new generation, relative (`de-DE.jsonl`, `feeds/google-de-DE.tsv`)."""
        out = []
        for folder, _dirs, files in os.walk(self.dir):
            for name in files:
                out.append(os.path.relpath(os.path.join(folder, name), self.dir))
        return sorted(out)

    def preflight(self, names: Iterable[str]) -> None:
        """Fail before anything is replaced when an output name cannot become a link: a folder
        (or a file where a folder should be) stands in the way."""
        _check_layout(self.out)
        for name in names:
            _check_name(self.out, name)

    # -- the commit --------------------------------------------------------------------------

    def publish(self, seal: Callable[[list[str], list[str]], None] | None = None) -> list[str]:
        """Switch `out/.current` to this generation; returns the names it holds. Atomic: until the
        switch every output name shows the previous run's file, after it this run's file.

        `seal(names, carried)` runs under the publish lock once the set is complete (this run's
        files and the carried-over ones) and before the switch: the manifest is written there."""
        names = self.names()
        self.preflight(names)
        with_lock = _FileLock(self.root / PUBLISH_LOCK)
        try:
            checkpoint("publish-locked")
            self._remove_publish_temps(names)
            previous = current_generation(self.out)
            self.preflight(names)  # again, under the lock
            if previous is not None:
                self.carried = _carry_over(previous, self.dir, set(names) | {MANIFEST})  # each set has its own
            checkpoint("carried-over")
            if seal is not None:
                seal(names, self.carried)
                names = sorted(set(self.names()) - set(self.carried))
                self.preflight(names)
            fsync_dir(self.dir)
            checkpoint("manifest-written")
            previous = self._adopt(names, previous)
            checkpoint("adopted")
            for name in names:
                self._link(name)
            fsync_dir(self.out)
            checkpoint("links-made")
            _replace_symlink(self.out / CURRENT, os.path.join(GENERATIONS, self.run_id), self.run_id)
            self.published = True
            checkpoint("switched")
            history = [g for g in _history(self.root) if g != self.run_id]
            if previous is not None and previous.name not in history:
                history.append(previous.name)  # its run was killed after the switch, before this line
            history.append(self.run_id)
            write_text_atomic(self.root / PUBLISHED, "".join(f"{g}\n" for g in history))
            checkpoint("history-written")
            self._prune(history)
            checkpoint("pruned")
        finally:
            with_lock.release()
            self._release()
        return names

    def abort(self) -> None:
        """Drop the unpublished generation; the published outputs were never touched."""
        if self.published:
            return
        shutil.rmtree(self.dir, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            try:
                self.lock_path.unlink(missing_ok=True)
            except OSError:
                pass
            self._lock.release()
            self._lock = None

    def _adopt(self, names: list[str], previous: Path | None) -> Path | None:
        """Output names that are plain files (an older localize) or foreign links: put their
        content into the current generation, then make them links; the bytes a reader sees at
        that name never change."""
        legacy = [n for n in names if _stable_state(self.out, n) == "foreign"]
        if not legacy:
            return previous
        if previous is None:
            adopted = f"{self.run_id}-adopted"
            previous = self.root / adopted
            previous.mkdir(exist_ok=True)
            _replace_symlink(self.out / CURRENT, os.path.join(GENERATIONS, adopted), self.run_id)
            history = [g for g in _history(self.root) if g != adopted] + [adopted]
            write_text_atomic(self.root / PUBLISHED, "".join(f"{g}\n" for g in history))
        for name in legacy:
            stable = self.out / name
            target = previous / name
            try:
                if not (target.exists() and os.path.samefile(stable, target)):
                    target.parent.mkdir(parents=True, exist_ok=True)
                    tmp = target.with_name(f".{target.name}.{self.run_id}-{secrets.token_hex(3)}.lz.tmp")
                    _link_or_copy(stable.resolve(), tmp)
                    os.replace(tmp, target)
                    fsync_dir(target.parent)
            except OSError as exc:
                raise output_error(stable, exc) from None
            self._link(name)
        return previous

    def _link(self, name: str) -> None:
        stable = self.out / name
        want = os.path.relpath(self.out / CURRENT / name, stable.parent)
        try:
            if os.readlink(stable) == want:
                return
        except OSError:
            pass
        try:
            stable.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise output_error(stable.parent, exc) from None
        _replace_symlink(stable, want, self.run_id)

    def _remove_publish_temps(self, names: list[str]) -> None:
        """Link temps a killed publish left (only a holder of the publish lock makes them)."""
        folders = {self.out} | {(self.out / n).parent for n in names}
        for folder in folders:
            for path in folder.glob(".*.lz.tmp"):
                if path.is_symlink():
                    path.unlink(missing_ok=True)

    def _prune(self, history: list[str]) -> None:
        keep = set(history[-self.keep:]) | {self.run_id}
        published = set(history)
        for entry in sorted(self.root.iterdir()):
            name = entry.name
            if name.endswith(".lock") and name != PUBLISH_LOCK and name != self.lock_path.name \
                    and not (self.root / name[:-5]).is_dir():
                _remove_stale_lock(entry)  # a killed run's, after its folder was published and pruned
                continue
            if name.endswith(".lock") and name[:-5] in published:
                _remove_stale_lock(entry)  # a run killed after its switch
                continue
            if not entry.is_dir() or entry.is_symlink() or name in keep:
                continue
            if name in published:
                shutil.rmtree(entry, ignore_errors=True)
            else:
                _remove_abandoned(self.root, name)
        if len(history) > len(keep):
            write_text_atomic(self.root / PUBLISHED, "".join(f"{g}\n" for g in history if g in keep))


def cleanup_abandoned(out_dir: Path) -> list[str]:
    """Remove generation folders of runs that died before publishing (their lock is free)."""
    root = Path(out_dir) / GENERATIONS
    if not root.is_dir():
        return []
    published = set(_history(root))
    current = current_generation(out_dir)
    removed = []
    for entry in sorted(root.iterdir()):
        if entry.is_dir() and not entry.is_symlink() and entry.name not in published \
                and (current is None or entry.name != current.name):
            if _remove_abandoned(root, entry.name):
                removed.append(entry.name)
    return removed


def _remove_abandoned(root: Path, name: str) -> bool:
    lock_path = root / f"{name}.lock"
    if lock_path.exists() or lock_path.is_symlink():
        lock = _try_lock(lock_path)
        if lock is None:
            return False  # a live run is still building it
        try:
            shutil.rmtree(root / name, ignore_errors=True)
            lock_path.unlink(missing_ok=True)
        finally:
            lock.release()
        return True
    # No lock file: its builder created the lock before the folder and removes it only after
    # publishing or aborting, so nobody is building it.
    shutil.rmtree(root / name, ignore_errors=True)
    return True


def _remove_stale_lock(path: Path) -> None:
    lock = _try_lock(path)
    if lock is not None:
        try:
            path.unlink(missing_ok=True)
        finally:
            lock.release()


def _history(root: Path) -> list[str]:
    try:
        text = (root / PUBLISHED).read_text(encoding="utf-8")
    except OSError:
        return []
    return [line.strip() for line in text.splitlines() if line.strip() and "/" not in line]


def _mode(path: Path) -> int | None:
    """The file type and mode of `path` itself (a link is not followed); None when nothing is there."""
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise output_error(path, exc) from None


def _check_layout(out: Path) -> None:
    for name, kind in ((CURRENT, "link"), (GENERATIONS, "folder")):
        path = out / name
        mode = _mode(path)
        if mode is None:
            continue
        ok = stat.S_ISLNK(mode) if kind == "link" else stat.S_ISDIR(mode)
        if not ok:
            raise OutputError(
                f"{path}: localize keeps a {'symbolic link' if kind == 'link' else 'folder'} there for its published "
                "outputs, but something else stands in its place; nothing was replaced",
                hint=f"move {path} out of the output folder, then run again",
            )


def _check_name(out: Path, name: str) -> None:
    parts = Path(name).parts
    if parts and parts[0] in (CURRENT, GENERATIONS):
        raise OutputError(f"{out / name}: an output may not be named '{parts[0]}' (localize uses that name)",
                          hint="change the output's file name (e.g. validate.google_merchant.file)")
    folder = out
    for part in parts[:-1]:
        folder = folder / part
        mode = _mode(folder)
        if mode is None:
            return
        if not stat.S_ISDIR(mode):
            raise OutputError(f"{folder}: a file stands where the output folder should be; nothing was replaced",
                              hint=f"move {folder} away, then run again; the previous outputs are intact")
    path = out / name
    mode = _mode(path)
    if mode is None:
        return
    if stat.S_ISDIR(mode):
        raise OutputError(
            f"{path}: a folder stands where this output file should be; nothing was replaced",
            hint=f"move the folder {path} away, then run again; the previous outputs are intact",
        )
    if not (stat.S_ISLNK(mode) or stat.S_ISREG(mode)):
        raise OutputError(f"{path}: not a regular file where this output should be; nothing was replaced",
                          hint=f"remove {path}, then run again; the previous outputs are intact")


def _stable_state(out: Path, name: str) -> str:
    """'missing', 'ours' (a link into `.current`), or 'foreign' (a plain file or another link)."""
    stable = out / name
    try:
        target = os.readlink(stable)
    except FileNotFoundError:
        return "missing"
    except OSError:  # not a link: a plain file
        return "foreign"
    want = os.path.relpath(out / CURRENT / name, stable.parent)
    if target == want:
        return "ours"
    return "foreign" if stable.is_file() else "missing"


def _replace_symlink(path: Path, target: str, run_id: str) -> None:
    tmp = path.with_name(f".{path.name}.{run_id}-{secrets.token_hex(3)}.lz.tmp")
    try:
        os.symlink(target, tmp)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise output_error(path, exc) from None
    fsync_dir(path.parent)


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def _carry_over(previous: Path, new: Path, produced: set[str]) -> list[str]:
    """Link the previous generation's files this run did not write into the new generation."""
    carried = []
    for folder, _dirs, files in os.walk(previous):
        for fname in files:
            src = Path(folder) / fname
            rel = os.path.relpath(src, previous)
            if rel in produced or fname.endswith(".tmp"):
                continue
            dst = new / rel
            try:
                dst.parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(src, dst)
            except OSError as exc:
                raise output_error(dst, exc) from None
            carried.append(rel)
    return sorted(carried)
