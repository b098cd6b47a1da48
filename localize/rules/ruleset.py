"""Which rules apply where: shipped packs plus the config's packs, minus what it disables.

`load_ruleset(config)` is what the check stage and the commands call. Shipped packs apply
by default; `rules.shipped: false` turns them off, `rules.packs` adds files or folders,
`rules.disable_packs` / `rules.disable` switch packs or rules off (ids or globs), and
`rules.severity` changes a rule's severity. Each market may add packs and override the
same keys (`markets[i].rules`). Rules with `effective_from`/`effective_until` are filtered
by the run date (`rules.as_of`, default today).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Market
from .compile import MarketRules, TermAutomaton, compile_market
from .folding import FOLD_VERSION
from .packs import Pack, Rule, load_packs, shipped_rules_dir

if TYPE_CHECKING:
    from ..config import Config


@dataclass
class RuleSet:
    """All loaded packs and the config's choices; `for_market` gives the compiled rules of a market."""

    packs: list[Pack]
    as_of: dt.date
    disable_packs: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    market_packs: dict[str, list[Pack]] = field(default_factory=dict)
    _compiled: dict[str, MarketRules] = field(default_factory=dict)
    _shared: dict[tuple[Any, ...], TermAutomaton] = field(default_factory=dict)

    def _packs_for(self, market: Market) -> list[Pack]:
        settings = market.settings.get("rules") or {}
        disable_packs = self.disable_packs + tuple(settings.get("disable_packs", ()))
        own = self.market_packs.get(market.code, [])
        return [pack for pack in self.packs + own
                if not any(fnmatchcase(pack.id, p) for p in disable_packs) and (pack in own or pack.applies_to(market))]

    def exemptions(self, market: Market) -> dict[str, tuple[str, str]]:
        """Rule id globs exempted in a market -> (reason, who says so: a pack id, or `config`): a
        market pack's `exempt` list (it exempts other packs' rules only) and the market's
        `rules.exempt` in the config. Unlike `disable`, an exemption carries its reason into the
        run manifest, because "this global rule does not apply here" is a decision a reviewer
        must be able to read."""
        out: dict[str, tuple[str, str]] = {}
        for pack in self._packs_for(market):
            for pattern, reason in pack.exempt:
                out.setdefault(pattern, (reason, pack.id))
        for pattern, reason in ((market.settings.get("rules") or {}).get("exempt") or {}).items():
            out[pattern] = (str(reason), "config")
        return out

    def exempted(self, market: Market) -> dict[str, dict[str, str]]:
        """The rules an exemption removes in a market: rule id -> {reason, by} (run manifests)."""
        exempt = self.exemptions(market)
        out: dict[str, dict[str, str]] = {}
        for pack in self._packs_for(market):
            for rule in pack.rules:
                for pattern, (reason, who) in exempt.items():
                    if who != pack.id and fnmatchcase(rule.id, pattern):
                        out.setdefault(rule.id, {"reason": reason, "by": who})
        return dict(sorted(out.items()))

    def rules_for(self, market: Market) -> list[Rule]:
        """The active rules for a market, overrides and exemptions applied, in pack order."""
        settings = market.settings.get("rules") or {}
        disable = self.disable + tuple(settings.get("disable", ()))
        severity = {**self.severity, **(settings.get("severity") or {})}
        exempt = self.exemptions(market)
        out: list[Rule] = []
        for pack in self._packs_for(market):
            for rule in pack.rules:
                if not rule.enabled or not rule.active_on(self.as_of):
                    continue
                if rule.scope is not None and not rule.scope.matches(market):
                    continue
                if any(fnmatchcase(rule.id, p) for p in disable):
                    continue
                if any(fnmatchcase(rule.id, p) and who != pack.id for p, (_r, who) in exempt.items()):
                    continue
                new = severity.get(rule.id)
                out.append(rule.with_severity(new) if new and new != rule.severity else rule)  # type: ignore[arg-type]
        return out

    def for_market(self, market: Market) -> MarketRules:
        compiled = self._compiled.get(market.code)
        if compiled is None:
            compiled = self._compiled[market.code] = compile_market(market, self.rules_for(market), self._shared)
        return compiled

    def all_rules(self) -> list[Rule]:
        rules = [r for p in self.packs for r in p.rules]
        for packs in self.market_packs.values():
            rules.extend(r for p in packs for r in p.rules)
        return rules

    @property
    def fingerprint(self) -> str:
        """A hash of every pack's id and content and of the settings: changes when any rule could
        decide differently, and only then (the same packs in another folder give the same hash,
        so a moved project's incremental runs keep their state)."""
        h = hashlib.sha256()
        entries = [("", p) for p in self.packs]
        entries += [(code, p) for code, ps in sorted(self.market_packs.items()) for p in ps]
        for key in sorted({(code, p.id, _content(p)) for code, p in entries}):
            h.update(repr(key).encode())
        h.update(repr((self.as_of.isoformat(), self.disable_packs, self.disable, sorted(self.severity.items()))).encode())
        h.update(FOLD_VERSION.encode())  # how text and words fold decides matches as much as the words do
        return h.hexdigest()[:16]

    def versions(self) -> dict[str, str]:
        """Pack id -> version, for run manifests."""
        return {p.id: p.version or "" for p in self.packs}


def load_ruleset(
    config: Config | None = None,
    *,
    extra: Sequence[str | Path] = (),
    shipped: bool | None = None,
    as_of: dt.date | None = None,
) -> RuleSet:
    """The rules a run uses: shipped packs (unless disabled), the config's packs and `extra` files."""
    section: dict[str, Any] = config.settings.rules.raw if config is not None else {}
    use_shipped = section.get("shipped", True) if shipped is None else shipped
    paths: list[Path] = []
    if use_shipped:
        paths.append(shipped_rules_dir())
    for item in section.get("packs", ()):
        paths.append(config.resolve(item) if config is not None else Path(item))
    packs = load_packs([p for p in paths if not (p == shipped_rules_dir() and not p.is_dir())], shipped=False)
    shipped_dir = str(shipped_rules_dir())
    packs = [_mark_shipped(p, shipped_dir) for p in packs]
    packs += load_packs(list(extra)) if extra else []
    market_packs: dict[str, list[Pack]] = {}
    if config is not None:
        for market in config.markets:
            own = (market.settings.get("rules") or {}).get("packs") or ()
            if own:
                market_packs[market.code] = load_packs([config.resolve(p) for p in own])
    day = as_of or _as_of(section.get("as_of"))
    return RuleSet(
        packs=packs,
        as_of=day,
        disable_packs=tuple(section.get("disable_packs", ())),
        disable=tuple(section.get("disable", ())),
        severity=dict(section.get("severity") or {}),
        market_packs=market_packs,
    )


def _content(pack: Pack) -> str:
    """The pack's content digest; for a pack built in code (no file), a digest of its rules."""
    if pack.digest:
        return pack.digest
    return hashlib.sha256(repr((pack.scope, [(r, sorted(r.spec.items(), key=str)) for r in pack.rules])).encode()).hexdigest()


def _mark_shipped(pack: Pack, shipped_dir: str) -> Pack:
    return replace(pack, shipped=True) if pack.path.startswith(shipped_dir) else pack


def _as_of(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value)
    return dt.date.today()
