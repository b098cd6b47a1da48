"""An unchanged rerun: publish the last complete run's files again instead of redoing its records.

Why: a nightly job over an export that did not change still read and parsed every product, looked
every record up in the state, checked each stored line's checksum and wrote and hashed every feed
again (~40 µs per record, most of an unchanged rerun). Build tools skip such work by comparing
what went in with what the last build recorded; so does this module.

After every complete run the state keeps one *run record* (`meta` key `last_run`): a key over
everything that decides the outputs, the run's counts and source warnings, and each output file's
SHA-256, size and identity on disk (device, inode, size, modification and change times). The key
covers the selected markets and each one's fingerprint (`Incremental.market_fp`: the config but
its run date, the market's settings, the attribute/category/option files and every stage's
fingerprint: taxonomy, mapping, rule packs and rule schedule, rates, engine, glossaries, human
memory, review decisions), each market's rule-date stretch (a crossed `effective_from` or
`effective_until` is a change), the SHA-256 of every source file and of every other file the config
names as input (`confine.input_files`: a shop's translations export is read by a writer, which no
stage fingerprint sees), `--limit` and `--engine`.

A run whose key equals the record's, whose last run left nothing pending, and whose current output
generation still holds the recorded files (identity unchanged, or else the same SHA-256: a deleted
or edited file, or `.current` switched elsewhere, means the records are redone) publishes those
files as a new generation (hard links), with a manifest and report that show the recorded counts,
`incremental.reused` = every record and `reused_run` = the run whose files they are.
Stages are still opened (their fingerprints are the key), nothing else of the per-record path runs,
and the state is not touched. `--full`, `--dry-run`, and a state or output folder in another
state simply take the per-record path. The distributed driver (`localize.execution`) inherits
this from `Pipeline._run_locked`: a reused run sends nothing to the workers.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import output_error
from ..confine import input_files
from ..stages.base import RunContext
from .manifest import MANIFEST, sha256_file
from .publish import Generation, cleanup_abandoned, current_generation
from .state import digest

if TYPE_CHECKING:
    from .incremental import Incremental

#: The runner's `Pipeline` (its `report`, `run_id` and `_why`), typed loosely: the runner imports this module.
Pipeline = Any

RECORD_KEY = "last_run"
#: The run record's layout; a record of another layout is ignored (the run takes the per-record path).
FORMAT = 1


def identity(path: Path) -> list[int] | None:
    """What changes whenever a file's bytes can have changed: device, inode, size, modification and
    change time (a change time cannot be set back by `touch`). None when there is no such file."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _named(path: Path, base: Path) -> str:
    """A file's name in the run key: relative to the project folder when inside it, so a moved
    project folder (or one checked out elsewhere) replays its last run. Safe: the key holds each
    file's SHA-256 and the config (in `market_fp`); no output holds the folder's absolute path
    (the manifest does, and a reused run writes its manifest anew); the outputs themselves are
    checked by identity or SHA-256 in the current generation, wherever the folder is now."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)


@dataclass
class Reuse:
    """A verified earlier run whose files this run publishes again."""

    record: dict[str, Any]
    files: list[tuple[str, Path]]  # (output name, the file in the current generation), in the run's order


class Rerun:
    """The run key of this run, the check against the last run's record, and the new record."""

    def __init__(self, ctx: RunContext, incremental: Incremental) -> None:
        self.ctx = ctx
        self.incremental = incremental
        self.store = incremental.store
        config = ctx.config
        options = ctx.options
        self._known: dict[str, tuple[str, int]] = {}
        self._sources: list[tuple[Path, list[int] | None]] = []
        self.key: str | None = None
        self.reused_from: dict[str, Any] | None = None  # the record a reused run replayed
        if self.store is None or options.dry_run:
            return  # `--full` has a key too: its outputs serve the next run like any other's
        parts: list[str] = [f"localize-rerun-{FORMAT}", repr(options.limit), repr(options.engine),
                            repr(tuple(config.formats))]
        for market in ctx.markets:
            parts += [market.code, incremental.market_fp[market.code], incremental.tags.get(market.code, "")]
        for path in config.source.paths:
            before = identity(path)
            if before is None:
                return
            sha = sha256_file(path)
            if identity(path) != before:
                return  # being written while we read it: no key, the records are read
            self._known[str(path)] = (sha, before[2])
            self._sources.append((path, before))
            parts += [_named(path, config.base_dir), sha]
        for where, path in input_files(config):  # what the writers read too (a shop's export)
            parts += [where, _named(path, config.base_dir), sha256_file(path) if path.is_file() else "missing"]
        self.key = digest(*parts)

    @property
    def known(self) -> dict[str, tuple[str, int]]:
        """Source file -> (sha256, bytes) as hashed for the key, for the manifest (which then does not
        read the files again); empty when a source file changed since."""
        return self._known if self._unchanged() else {}

    def _unchanged(self) -> bool:
        return all(identity(p) == before for p, before in self._sources)

    # -- before the run ------------------------------------------------------------------------

    def reusable(self) -> Reuse | None:
        """The last complete run, when this run would publish exactly its files; else None."""
        if self.key is None or self.store is None or self.ctx.options.full:
            return None
        try:
            raw = self.store.get_meta(RECORD_KEY)
            record = json.loads(raw) if raw else None
        except ValueError:
            return None
        if not isinstance(record, dict) or record.get("format") != FORMAT or record.get("key") != self.key:
            return None
        markets = record.get("markets") or {}
        if [m.code for m in self.ctx.markets] != list(markets) or any(c.get("pending") for c in markets.values()):
            return None
        current = current_generation(self.ctx.config.out_dir)
        if current is None:
            return None
        files: list[tuple[str, Path]] = []
        for entry in record.get("outputs") or ():
            name = entry.get("name")
            if not isinstance(name, str) or name == MANIFEST or os.path.isabs(name) or ".." in Path(name).parts:
                return None
            path = current / name
            now = identity(path)
            if now is None or path.is_symlink():
                return None  # deleted (or replaced by a link): rewritten by the per-record path
            if now != entry.get("identity") and (now[2] != entry.get("bytes") or sha256_file(path) != entry.get("sha256")):
                return None  # edited since that run wrote it
            files.append((name, path))
        return Reuse(record, files) if files else None

    def outputs(self, reuse: Reuse, run_id: str) -> ReusedOutputs:
        return ReusedOutputs(self.ctx, run_id, reuse)

    def replay(self, reuse: Reuse, pipeline: Pipeline) -> None:
        """Put the recorded run's counts, source warnings and reasons into this run's report, as
        routing its records again would."""
        record = self.reused_from = reuse.record
        report = pipeline.report
        warnings = [str(w) for w in record.get("source_warnings") or ()]
        for warning in warnings:
            report.warn(warning)
        report.warning_count += max(0, int(record.get("source_warning_count", 0)) - len(warnings))
        for code, counts in (record.get("markets") or {}).items():
            mine = report.market(code)
            for name in ("read", "written", "rejected", "withheld", "pending"):
                setattr(mine, name, int(counts.get(name, 0)))
            mine.findings = {str(k): int(v) for k, v in (counts.get("findings") or {}).items()}
            mine.outputs = {str(f): {str(k): int(v) for k, v in t.items()} for f, t in (counts.get("outputs") or {}).items()}
        report.rejects = int(record.get("rejects", 0))
        for market, fmt, codes in record.get("why") or ():
            pipeline._why[(market, fmt)] = Counter({str(k): int(v) for k, v in codes.items()})
        self.incremental.reused = int(record.get("records", 0))
        self.incremental.redone = 0
        report.sections["reused_run"] = str(record.get("run_id"))

    # -- after the run -------------------------------------------------------------------------

    def remember(self, pipeline: Pipeline, outputs: Any, manifest: str, source: Any) -> None:
        """Record this (complete, published) run for the next one: its key, counts and files. A run
        without a key (a source changed while it was read) removes the record."""
        if self.store is None or self.ctx.options.dry_run:
            return
        key = self.key if self._unchanged() else None
        record = self._record(pipeline, outputs, manifest, source) if key is not None else None
        # in the run's order (markets, outputs): the reused run's report lists them the same way
        self.store.set_meta(RECORD_KEY, json.dumps(record, ensure_ascii=False) if record else "")
        self.store.commit()

    def _record(self, pipeline: Pipeline, outputs: Any, manifest: str, source: Any) -> dict[str, Any] | None:
        listed = {e["path"]: e for e in json.loads(manifest).get("outputs") or ()}
        out = self.ctx.config.out_dir
        files = []
        for name in outputs.names:
            entry = listed.get(str(out / name))
            if entry is None:
                return None
            files.append({"name": name, "sha256": entry["sha256"], "bytes": entry["bytes"],
                          "identity": identity(outputs.generation.dir / name)})
        report = pipeline.report
        return {
            "format": FORMAT,
            "key": self.key,
            "run_id": pipeline.run_id,
            "records": self.incremental.reused + self.incremental.redone,
            "markets": {code: {"read": c.read, "written": c.written, "rejected": c.rejected, "withheld": c.withheld,
                               "pending": c.pending, "findings": dict(c.findings),
                               "outputs": {f: dict(t) for f, t in c.outputs.items()}}
                        for code, c in report.markets.items()},
            "rejects": report.rejects,
            "why": [[market, fmt, dict(codes)] for (market, fmt), codes in pipeline._why.items()],
            "source_warnings": (list(source.warnings) if self.reused_from is None
                                else self.reused_from.get("source_warnings", [])),
            "source_warning_count": (source.warning_count if self.reused_from is None
                                     else self.reused_from.get("source_warning_count", 0)),
            "outputs": files,
        }


class ReusedOutputs:
    """`runner.Outputs` for a reused run: the new generation holds hard links to the last run's files."""

    def __init__(self, ctx: RunContext, run_id: str, reuse: Reuse) -> None:
        self.ctx = ctx
        cleanup_abandoned(ctx.config.out_dir)
        self.generation = Generation(ctx.config.out_dir, run_id, ctx.config.settings.outputs.keep)
        ctx.write_dir = self.generation.dir
        self.names: list[str] = []
        self._files = reuse.files
        self._entries = {e["name"]: e for e in reuse.record.get("outputs") or ()}
        #: file in the new generation -> (sha256, bytes), for the manifest
        self.known: dict[str, tuple[str, int]] = {}
        try:
            self.generation.preflight([name for name, _ in reuse.files] + [MANIFEST])
        except BaseException:
            self.abort()
            raise

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(self.ctx.config.formats)

    def finish(self) -> list[str]:
        """Link every file of the last run into the new generation (copy where links cannot be made)."""
        for name, src in self._files:
            dst = self.generation.dir / name
            try:
                dst.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(src, dst)
                except OSError:
                    shutil.copyfile(src, dst)
            except OSError as exc:
                raise output_error(dst, exc) from None
            entry = self._entries[name]
            self.known[str(dst)] = (entry["sha256"], entry["bytes"])
        self.names = [name for name, _ in self._files]
        return self.names

    def abort(self) -> None:
        self.generation.abort()
        self.ctx.write_dir = None
