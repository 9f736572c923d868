"""The embedded store: each corpus's per-document results in a SQLite file, so that reopening
an unchanged corpus reads them back instead of extracting again (`timeline.ingest`).

`database` is the file (schema, transactions, what makes a row usable); `version` names the
engine a store belongs to and where a corpus's store lives.
"""

from timeline.store.database import CorpusStore, FileKey
from timeline.store.version import (
    StoreChoice,
    cache_root,
    default_store_path,
    engine_version,
    store_version,
)

__all__ = [
    "CorpusStore",
    "FileKey",
    "StoreChoice",
    "cache_root",
    "default_store_path",
    "engine_version",
    "store_version",
]
