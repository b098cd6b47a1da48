"""Google Merchant Center feeds per market: tab-separated (`google-merchant-tsv`) and RSS 2.0
XML with Google's `g:` namespace (`google-merchant-xml`).

Both write the item `items.google_item` built (once per record, shared with the run's QA
check). Outputs are deterministic (fixed column order, input order of records, no timestamps)
and written atomically. Tabs and line breaks inside values become spaces in the TSV (Google
reads one product per line unless the data source enables quoted fields); the XML keeps the line
breaks of a description.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from ...atomic import AtomicFile
from ...cells import neutralise_for_google
from ...model import LocalizedRecord, Market
from ...xmlsafe import xml_safe
from ..base import FeedWriter, RunView
from .items import COLUMNS, OUTPUT, google_item, market_settings
from .settings import GoogleMerchantSettings

GOOGLE_NS = "http://base.google.com/ns/1.0"


def _file_stem(settings: GoogleMerchantSettings, market: Market) -> str:
    return settings.file.replace("{market}", market.code).replace("{locale}", market.locale)


def _tsv_cell(text: str) -> str:
    """One line, no tabs, and never a formula for a spreadsheet that opens the feed."""
    return neutralise_for_google(" ".join(text.replace("\t", " ").split()))


def _xml_text(text: str) -> str:
    return escape(xml_safe(text, ""))


class GoogleMerchantTsvWriter(FeedWriter):
    """`out/google-<market>.tsv`: a header of Google attribute names, one item per line."""

    format = "google-merchant-tsv"
    output = OUTPUT

    def __init__(self, ctx: RunView, market: Market) -> None:
        super().__init__(ctx, market)
        self.settings = market_settings(ctx, market)
        self.path = ctx.out_dir / f"{_file_stem(self.settings, market)}.tsv"
        self.file = AtomicFile(self.path, newline="")
        self.file.write("\t".join(COLUMNS) + "\n")

    def write(self, record: LocalizedRecord) -> None:
        item = google_item(record, self.settings)
        self.file.write("\t".join(_tsv_cell(item.get(c, "")) for c in COLUMNS) + "\n")

    def commit(self) -> list[Path]:
        return [self.file.commit()]

    def abort(self) -> None:
        self.file.abort()


class GoogleMerchantXmlWriter(FeedWriter):
    """`out/google-<market>.xml`: RSS 2.0 with one <item> of `g:` elements per product."""

    format = "google-merchant-xml"
    output = OUTPUT

    def __init__(self, ctx: RunView, market: Market) -> None:
        super().__init__(ctx, market)
        self.settings = market_settings(ctx, market)
        self.path = ctx.out_dir / f"{_file_stem(self.settings, market)}.xml"
        self.file = AtomicFile(self.path, newline="")
        link = self.settings.link or ""
        parts = urlsplit(link.split("{", 1)[0])
        home = f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else link
        title = self.settings.title or f"{ctx.config.project or 'localize'} {market.code}"
        self.file.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<rss version="2.0" xmlns:g="{GOOGLE_NS}">\n'
            "  <channel>\n"
            f"    <title>{_xml_text(title)}</title>\n"
            f"    <link>{_xml_text(home)}</link>\n"
            f"    <description>{_xml_text(f'Product feed for {market.code}')}</description>\n"
            f"    <language>{_xml_text(market.locale.lower())}</language>\n"
        )

    def write(self, record: LocalizedRecord) -> None:
        item = google_item(record, self.settings)
        lines = ["    <item>\n"]
        for name in COLUMNS:
            value = item.get(name)
            if value:
                lines.append(f"      <g:{name}>{_xml_text(value)}</g:{name}>\n")
        lines.append("    </item>\n")
        self.file.write("".join(lines))

    def commit(self) -> list[Path]:
        self.file.write("  </channel>\n</rss>\n")
        return [self.file.commit()]

    def abort(self) -> None:
        self.file.abort()

