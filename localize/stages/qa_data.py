"""The feed line's data the QA check built, shared with the writer (a light module: the runner imports it).

The check stage serialises every record as its feed line to check it (`record_to_dict`), and the
runner serialised it again to write it: ~1% of a run. QA keeps its data on the record
(`LocalizedRecord.items[FEED_DATA]`) and the runner writes the line from it (`feed_line`).
"""

from __future__ import annotations

from ..model import LocalizedRecord
from ..serialize import dumps_bytes, record_to_dict

#: `LocalizedRecord.items` key of the feed line's data QA checked; the gate drops every item (this
#: one too) when a reviewer's edit changes the record's values.
FEED_DATA = "feed-line-data"


def feed_line(record: LocalizedRecord) -> bytes:
    """The record's feed line, the bytes of `record_to_dict(record)`: from the data the QA check
    built when it did, with the findings as they are now (QA adds its own and the gate its
    decisions after the data was built; nothing else a feed line holds changes after the check
    stage). The data is taken off the record: nothing reads it after the line is written."""
    data = record.items.pop(FEED_DATA, None)
    if data is None:
        return dumps_bytes(record_to_dict(record))
    data["findings"] = [f.to_dict() for f in record.findings]
    return dumps_bytes(data)
