"""Where a worker's memory goes, task by task (issue 18: a worker's peak must not grow with the run).

`LOCALIZE_WORKER_MEMORY=<folder>`: after each task a worker appends one JSON line to
`<folder>/memory-<pid>.jsonl`: its resident and peak memory, glibc's heap (in use, free, mapped),
what tracemalloc traces when it runs (`PYTHONTRACEMALLOC=1`), the GC's counts and the sizes of
Dask's per-task bookkeeping. Resident memory that grows while the traced size stays flat is the
allocator's; traced memory that grows is an object someone keeps (then the top allocation sites,
`tracemalloc_top`, say whose). `LOCALIZE_WORKER_CENSUS=<n>`: every n-th task, the size of every
memo of the process (`census`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import json
import os
import sys
import tempfile
import tracemalloc
from collections import Counter
from typing import Any

from distributed import get_worker

from .. import memo

__all__ = ["MEMORY_ENV", "mallinfo", "record_sample", "sample", "status_mb"]

MEMORY_ENV = "LOCALIZE_WORKER_MEMORY"


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]


def _libc() -> Any:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallinfo2.restype = _MallInfo2
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _libc()


def mallinfo() -> dict[str, float]:
    """glibc's heap in MiB: `arena` (sbrk'd and thread arenas), `mmap` (large blocks), `used`, `free`
    (held by the allocator, not returned to the system); empty where there is no glibc."""
    if _LIBC is None:
        return {}
    info = _LIBC.mallinfo2()
    mib = 1024 * 1024
    return {"arena": round(info.arena / mib, 1), "mmap": round(info.hblkhd / mib, 1),
            "used": round(info.uordblks / mib, 1), "free": round(info.fordblks / mib, 1)}


def status_mb(*names: str) -> dict[str, float]:
    """Lines of /proc/self/status in MiB (`VmRSS`, `VmHWM`, `RssAnon`...); empty elsewhere."""
    out: dict[str, float] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                key, _, rest = line.partition(":")
                if key in names:
                    out[key] = round(int(rest.split()[0]) / 1024, 1)
    except OSError:
        pass
    return out


def pymalloc() -> dict[str, float]:
    """Python's small-object allocator in MiB: `arenas` (mapped), `used` (blocks in use), `free` (blocks
    free in its pools and arenas: held, not returned while an arena has one live block)."""
    debug = getattr(sys, "_debugmallocstats", None)
    if debug is None:
        return {}
    with tempfile.TemporaryFile() as tmp:
        saved = os.dup(2)
        try:
            os.dup2(tmp.fileno(), 2)
            debug()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        tmp.seek(0)
        text = tmp.read().decode("ascii", "replace")
    figures: dict[str, int] = {}
    for row in text.splitlines():
        key, sep, value = row.rpartition("=")
        if sep and key.startswith("#"):
            try:
                figures[key.strip("# ").strip()] = int(value.replace(",", "").strip())
            except ValueError:
                continue
    mib = 1048576
    arenas = figures.get("arenas allocated current", 0) * 1048576  # 1 MiB arenas (3.10+: 1 MiB on 64-bit)
    return {"arenas": round(arenas / mib, 1),
            "used": round(figures.get("bytes in allocated blocks", 0) / mib, 1),
            "free": round((figures.get("bytes in available blocks", 0) + figures.get("bytes in free pools", 0)
                           + figures.get("unused pools", 0)) / mib, 1)}


def _dask_sizes() -> dict[str, int]:
    try:
        worker = get_worker()
    except ValueError:
        return {}
    state = worker.state
    return {"data": len(worker.data), "tasks": len(state.tasks), "log": len(state.log),
            "stimulus_log": len(state.stimulus_log), "transfer_in_log": len(worker.transfer_incoming_log),
            "transfer_out_log": len(worker.transfer_outgoing_log)}


def sample(**extra: Any) -> dict[str, Any]:
    """One reading of this process's memory (see the module docstring)."""
    out: dict[str, Any] = {**extra, **status_mb("VmRSS", "VmHWM", "RssAnon"), "malloc": mallinfo(),
                           "pymalloc": pymalloc(), "gc": list(gc.get_count()), "dask": _dask_sizes()}
    if tracemalloc.is_tracing():
        current, peak = tracemalloc.get_traced_memory()
        out["traced"] = round(current / 1048576, 1)
        out["traced_peak"] = round(peak / 1048576, 1)
        tracemalloc.reset_peak()
    return out


_FIRST: tracemalloc.Snapshot | None = None


def record_sample(**extra: Any) -> None:
    """Append a reading to this process's file in `$LOCALIZE_WORKER_MEMORY` (nothing when unset).

    `LOCALIZE_WORKER_TRACEMALLOC=<frames>` starts tracemalloc after the first task (the stages open,
    the process warm) and keeps a snapshot at the second; each later reading lists the 15 allocation
    sites that grew most since."""
    folder = os.environ.get(MEMORY_ENV)
    if not folder:
        return
    global _FIRST
    line = sample(**extra)
    if os.environ.get("LOCALIZE_WORKER_GC_PROBE"):  # what a full collection would free now
        line["gc_collected"] = gc.collect()
        line["after_gc"] = {**status_mb("VmRSS"), "malloc": mallinfo(), "gc": list(gc.get_count())}
        if tracemalloc.is_tracing():
            line["after_gc"]["traced"] = round(tracemalloc.get_traced_memory()[0] / 1048576, 1)
    if os.environ.get("LOCALIZE_WORKER_TYPES"):  # live GC-tracked objects by type, and who holds records
        objs = gc.get_objects()
        counts = Counter(type(o).__name__ for o in objs)
        line["types"] = dict(counts.most_common(30))
        records = [o for o in objs if type(o).__name__ == "LocalizedRecord"]
        line["records_live"] = len(records)
        if records:
            holders: Counter[str] = Counter()
            for r in records[:: max(1, len(records) // 50)]:
                for h in gc.get_referrers(r):
                    if h is not records and h is not objs:
                        holders[type(h).__name__ + (f"[{len(h)}]" if isinstance(h, (list, tuple, dict)) else "")] += 1
            line["record_holders"] = dict(holders.most_common(10))
        lines: Counter[str] = Counter()
        for o in objs:
            if isinstance(o, (tuple, list)):
                items = o
            elif isinstance(o, dict):
                items = o.values()
            else:
                continue
            n = sum(1 for v in items if type(v) is bytes and len(v) > 300 and v[:1] == b"{")
            if n:
                lines[f"{type(o).__name__}[{len(o)}]"] += n
        line["line_holders"] = dict(lines.most_common(12))
        del objs, records
    every = int(os.environ.get("LOCALIZE_WORKER_CENSUS") or 0)  # every n-th task: each memo's size
    if every and extra.get("tasks", 0) % every == 0:
        line["census"] = census()
    frames = int(os.environ.get("LOCALIZE_WORKER_TRACEMALLOC") or 0)
    if frames and not tracemalloc.is_tracing() and _FIRST is None:
        tracemalloc.start(frames)
    elif tracemalloc.is_tracing() and frames:
        snap = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
        if _FIRST is None:
            _FIRST = snap
        else:
            line["tracemalloc_top"] = [f"{s.size_diff / 1048576:+.1f} MiB {s.count_diff:+d} " + " <- ".join(
                f"{'/'.join(f.filename.rsplit('/', 2)[-2:])}:{f.lineno}" for f in s.traceback)
                                       for s in snap.compare_to(_FIRST, "traceback")[:15]]
    with open(os.path.join(folder, f"memory-{os.getpid()}.jsonl"), "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line) + "\n")



def _deep(obj: Any, depth: int = 3) -> int:
    """Bytes of `obj` and what it holds, `depth` levels down (texts shared with others counted again)."""
    size = sys.getsizeof(obj)
    if depth <= 0:
        return size
    if isinstance(obj, dict):
        for k, v in obj.items():
            size += _deep(k, depth - 1) + _deep(v, depth - 1)
    elif isinstance(obj, tuple | list | frozenset | set):
        for v in obj:
            size += _deep(v, depth - 1)
    elif hasattr(obj, "__dict__") and depth > 1:
        size += _deep(vars(obj), depth - 1)
    return size


def _owner(memo: Any) -> str:
    """Who holds a memo: the attribute or module global it is, with its holder's type or module."""
    for holder in gc.get_referrers(memo):
        if isinstance(holder, dict):
            for key, value in holder.items():
                if value is memo:
                    return f"{holder.get('__name__') or type(holder).__name__}.{key}"
        elif not isinstance(holder, list):
            return type(holder).__qualname__
    return "?"


def census() -> list[list[Any]]:
    """Every TextMemo of the process (found by the GC), largest first: [MiB (deep, approximate), entries held, entries
    bound, characters held, characters bound, holder]. Costly (a referrer scan per memo)."""
    memos = [o for o in gc.get_objects() if isinstance(o, memo.TextMemo)]
    rows = [[round(_deep(m) / 1048576, 2), len(m), m.entries, m.held, m.chars, _owner(m)] for m in memos]
    return sorted(rows, key=lambda row: -row[0])
