"""Import the Google product taxonomy (`taxonomy-with-ids.<locale>[.<version>].txt`).

Each file is one locale: a `# Google_Product_Taxonomy_Version: <date>` header, then
`<id> - <Level 1> > <Level 2> > ... > <Category>` per line. Ids are stable across locales and
versions, so several files merge by id: the tree comes from the newest version given, and
every file adds its labels. A category missing from an older locale file simply has no label
in that locale (lookups fall back to English).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..config import is_known_locale
from ..errors import InputError
from .taxonomy_model import Category, Taxonomy
from .textfile import read_lines

FILE_NAME = re.compile(r"^taxonomy-with-ids\.(?P<locale>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)(?:\.(?P<version>.+?))?\.txt$")
HEADER = re.compile(r"^#\s*Google_Product_Taxonomy_Version:\s*(?P<version>\S+)")
LINE = re.compile(r"^\s*(?P<id>\d+)\s+-\s+(?P<path>\S.*?)\s*$")
SEPARATOR = " > "


@dataclass
class GoogleFile:
    """One parsed file: its locale, version, and `(id, path segments, line)` per category."""

    path: Path
    locale: str
    version: str | None
    entries: list[tuple[str, list[str], int]] = field(default_factory=list)


def locale_from_name(path: Path) -> tuple[str | None, str | None]:
    """`taxonomy-with-ids.de-DE.2015-02-19.txt` -> `("de-DE", "2015-02-19")`."""
    match = FILE_NAME.match(path.name)
    if not match:
        return None, None
    return match["locale"].replace("_", "-"), match["version"]


def parse_google_file(path: str | Path, locale: str | None = None) -> GoogleFile:
    """Parse one Google taxonomy file; every malformed line is reported at once."""
    path = Path(path)
    name_locale, name_version = locale_from_name(path)
    locale = (locale or name_locale or "").replace("_", "-")
    if not locale:
        raise InputError(
            f"{path}: cannot tell the locale from the file name",
            hint="name the file taxonomy-with-ids.<locale>.txt (as Google publishes it) or pass --locale de-DE",
        )

    if not is_known_locale(locale):
        raise InputError(f"{path}: unknown locale {locale!r}", hint="use a BCP 47 tag such as de-DE, en-US, ja-JP")
    version: str | None = None
    parsed = GoogleFile(path=path, locale=locale, version=None)
    problems: list[str] = []
    seen: dict[str, int] = {}
    by_path: dict[tuple[str, ...], str] = {}
    for number, line in read_lines(path, what="Google taxonomy"):
        if line.lstrip().startswith("#"):
            header = HEADER.match(line.strip())
            if header and version is None:
                version = header["version"]
            continue
        match = LINE.match(line)
        if not match:
            if problems or number > 3 or not _looks_like_plain_taxonomy(line):
                problems.append(f"{path}:{number}: expected '<id> - <path>', got {line.strip()[:80]!r}")
            else:
                problems.append(
                    f"{path}:{number}: this line has no category id ({line.strip()[:60]!r}); "
                    "use the file with ids (taxonomy-with-ids.<locale>.txt), not taxonomy.<locale>.txt"
                )
            continue
        cid = match["id"]
        segments = [s.strip() for s in match["path"].split(">")]
        if any(not s for s in segments):
            problems.append(f"{path}:{number}: empty level in the path {match['path']!r}")
            continue
        if cid in seen:
            problems.append(f"{path}:{number}: duplicate id {cid} (first on line {seen[cid]})")
            continue
        seen[cid] = number
        by_path[tuple(segments)] = cid
        parsed.entries.append((cid, segments, number))
    for cid, segments, number in parsed.entries:
        if len(segments) > 1 and tuple(segments[:-1]) not in by_path:
            problems.append(
                f"{path}:{number}: category {cid} ({SEPARATOR.join(segments)}) has no parent line "
                f"for {SEPARATOR.join(segments[:-1])!r}"
            )
    if not parsed.entries and not problems:
        problems.append(f"{path}: no categories found")
    if problems:
        raise InputError(f"{path}: {len(problems)} problem(s) in the Google taxonomy file\n  - " + "\n  - ".join(problems[:50])
                         + (f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""))
    parsed.version = version or name_version
    return parsed


def _looks_like_plain_taxonomy(line: str) -> bool:
    """A line of Google's file without ids (`Animals > Cats`) rather than a broken line."""
    return " - " not in line and not line.strip()[:1].isdigit()


def parent_of(entries: list[tuple[str, list[str], int]]) -> dict[str, str | None]:
    """Parent id per id, from the path prefixes of one file."""
    by_path = {tuple(segments): cid for cid, segments, _ in entries}
    return {cid: (by_path[tuple(segments[:-1])] if len(segments) > 1 else None) for cid, segments, _ in entries}


def read_google(paths: list[str | Path] | tuple[str | Path, ...], locale: str | None = None) -> Taxonomy:
    """Merge Google taxonomy files (one per locale, any versions) into one Taxonomy.

    The tree (ids and parents) is that of the newest version given; labels come from every
    file, the newest version of a locale winning. Ids found only in older files were removed
    by Google and are left out. `locale` overrides the file-name locale (one file only).
    """
    if not paths:
        raise InputError("no Google taxonomy file given", hint="pass one or more taxonomy-with-ids.<locale>.txt files")
    if locale and len(paths) > 1:
        raise InputError("--locale applies to a single file", hint="name each file taxonomy-with-ids.<locale>.txt instead")
    files = [parse_google_file(p, locale) for p in paths]
    # Newest first; a missing version sorts last. Ties keep the order given.
    ordered = sorted(files, key=lambda f: f.version or "", reverse=True)
    structure = ordered[0]
    parents = parent_of(structure.entries)
    categories: dict[str, Category] = {
        cid: Category(id=cid, parent=parents[cid], labels={}) for cid, _, _ in structure.entries
    }
    locales: list[str] = []
    for gf in ordered:
        if gf.locale not in locales:
            locales.append(gf.locale)
        for cid, segments, _ in gf.entries:
            cat = categories.get(cid)
            if cat is not None and gf.locale not in cat.labels:
                cat.labels[gf.locale] = segments[-1]
    # Locales in the order the files were given, the way a person listed them.
    given: list[str] = []
    for gf in files:
        if gf.locale not in given:
            given.append(gf.locale)
    return Taxonomy(
        name="google-product-taxonomy",
        categories=categories,
        version=structure.version,
        locales=tuple(given),
        source="google",
    )
