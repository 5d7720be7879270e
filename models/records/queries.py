"""Queries behind the record list: filter, full-text search, sort and lazy windows in SQL.

The list of a laptop's records can reach hundreds of thousands of rows, so nothing here walks all
rows in Python: :func:`count_records` and :func:`page` run on the indexes added by migration
``m030_ui_list_indexes`` and on the FTS5 table ``records_fts``. A page is fetched by keyset (the
sort value and id of the row before it) when the caller knows that row, by OFFSET otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forms.text_fold import fold_d
from models.base.driver import sqlite3
from models.base.errors import AppError

#: sort keys the list offers -> column
SORT_COLUMNS = {
    "modified": "modified_at",
    "created": "created_at",
    "label": "label",
    "village": "village",
    "status": "status",
    "issues": "issues",
    "form": "form_id",
    "enumerator": "enumerator",
}

LIST_COLUMNS = ("rowid", "id", "form_id", "form_version", "label", "village", "status", "issues",
                "modified_at", "created_at", "enumerator", "deleted")


@dataclass(frozen=True)
class RecordFilter:
    """What the list shows: every condition left empty matches everything."""

    form_id: str = ""
    status: str = ""
    village: str = ""
    enumerator: str = ""
    text: str = ""  # full-text: names, tax codes, phone numbers, other text answers
    deleted: bool = False  # True: the recycle bin (soft-deleted records)


@dataclass(frozen=True)
class ListRow:
    rowid: int
    id: str
    form_id: str
    form_version: str
    label: str
    village: str
    status: str
    issues: int
    modified_at: str
    created_at: str
    enumerator: str
    deleted: int

    def sort_value(self, sort: str) -> Any:
        return getattr(self, SORT_COLUMNS[sort])


def fts_query(text: str) -> str:
    """User text -> an FTS5 query: whole words, the last one as a prefix (it may still be being
    typed); diacritics and đ are folded by the index."""
    terms = [t for t in fold_d(text).replace('"', " ").split() if t]
    return " ".join(f'"{t}"' for t in terms[:-1]) + (" " if len(terms) > 1 else "") + \
        (f'"{terms[-1]}"*' if terms else "")


#: a search matching more records than this is checked while walking a (covering) list index
#: instead of looking each match up by id: both stay well under 100 ms on 500,000 records
MANY_HITS = 5000


_HITS: dict[tuple, int] = {}


def _hits(store, q: str) -> int:
    """Matches of a search in the index, remembered until the database changes (a filter asks
    for it for the count and again for each block of rows)."""
    conn = store.db.conn
    key = (id(conn), str(store.path), q, conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0])
    n = _HITS.get(key)
    if n is None:
        if len(_HITS) > 64:
            _HITS.clear()
        n = _HITS[key] = store.execute("SELECT count(*) FROM records_fts WHERE records_fts MATCH ?",
                                       [q]).fetchone()[0]
    return n


#: below this many records the planner's default guesses are good enough (no statistics kept)
STATS_MIN_RECORDS = 2000

#: after a failed attempt (another connection writing), wait this long before trying again
STATS_RETRY_SECONDS = 10.0

_STATS_CHECKED: dict[tuple, bool] = {}
_STATS_FAILED: dict[int, float] = {}  # connection -> when the last attempt failed


def _state(store) -> tuple:
    # the path too: a closed connection's id can be reused by the next one opened
    conn = store.db.conn
    return id(conn), str(store.path), conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0]


def ensure_statistics(store) -> bool:
    """Keep SQLite's statistics on the records table's indexes (``sqlite_stat1``, made by
    ``ANALYZE``) present and roughly current, so that the planner picks the selective index: without
    them a province's list filtered by form, status and village walks 700,000 rows instead of
    12,000 (seconds instead of milliseconds at 1,000,000 records), and a search with few matches
    walks the whole list instead of looking the matches up.

    They are made when missing or when the number of records has doubled or halved since they were
    made (so a database growing from nothing to a million records is analysed about eight times,
    a full ``ANALYZE`` taking about 3 s of CPU at a million). Skipped, to be tried again later, when
    another connection is writing or the database is read-only. Returns True when ANALYZE ran."""
    import time

    key = _state(store)
    if key in _STATS_CHECKED:
        return False
    failed = _STATS_FAILED.get(key[0])
    if failed is not None and time.monotonic() - failed < STATS_RETRY_SECONDS:
        return False
    if len(_STATS_CHECKED) > 64:
        _STATS_CHECKED.clear()
    _STATS_CHECKED[key] = True
    n = store.execute("SELECT count(*) FROM records").fetchone()[0]  # counts b-tree pages' cells: fast
    if n < STATS_MIN_RECORDS:
        return False
    try:
        row = store.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'records' AND idx = 'records_list_modified'"
                            ).fetchone()
    except sqlite3.OperationalError:  # no sqlite_stat1 table yet
        row = None
    try:
        analysed = int(str(row[0]).split()[0]) if row else 0
    except ValueError:
        analysed = 0
    if analysed and n / 2 <= analysed <= n * 2:
        return False
    conn = store.db.conn
    timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout=0")  # never wait for another writer here: the list is on screen
    try:
        with store.write():
            conn.execute("ANALYZE records")
    except (AppError, sqlite3.Error):
        _STATS_CHECKED.pop(key, None)
        _STATS_FAILED[key[0]] = time.monotonic()
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout={int(timeout)}")
    _STATS_FAILED.pop(key[0], None)
    _STATS_CHECKED[_state(store)] = True
    return True


def _where(flt: RecordFilter, store=None) -> tuple[str, list[Any]]:
    sql = ["deleted = ?"]
    params: list[Any] = [1 if flt.deleted else 0]
    for col in ("form_id", "status", "village", "enumerator"):
        v = getattr(flt, col)
        if v:
            sql.append(f"{col} = ?")
            params.append(v)
    q = fts_query(flt.text)
    if q:
        # '+id' keeps the planner on the list index (id is its last column) when matches are many
        many = store is not None and _hits(store, q) > MANY_HITS
        sql.append(("+rowid" if many else "rowid") + " IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)")
        params.append(q)
    return " AND ".join(sql), params


def count_capped(store, flt: RecordFilter, cap: int) -> tuple[int, bool]:
    """(count, exact): like :func:`count_records` but a search with many matches combined with
    other filters stops at ``cap`` and says so."""
    n = count_records(store, flt, cap=cap)
    q = fts_query(flt.text)
    capped = bool(q) and n > cap and bool(flt.form_id or flt.status or flt.village or flt.enumerator or flt.deleted)
    return (cap, False) if capped else (n, True)


def count_records(store, flt: RecordFilter, *, cap: int | None = None) -> int:
    """How many records the list shows. With ``cap``, a search with many matches combined with
    other filters stops counting after ``cap + 1`` (the list then says "more than cap" and loads
    on as the user scrolls): counting 100,000+ matches against other filters is not instant."""
    ensure_statistics(store)
    q = fts_query(flt.text)
    filters = flt.form_id or flt.status or flt.village or flt.enumerator
    if not q and not filters:
        # every record, or the recycle bin: the total is counted from the table's b-tree pages
        # (milliseconds at a million records), the recycle bin on its index
        binned = store.execute("SELECT count(*) FROM records WHERE deleted = 1").fetchone()[0]
        return binned if flt.deleted else store.execute("SELECT count(*) FROM records").fetchone()[0] - binned
    if q and not flt.deleted and not filters:
        # every record has exactly one search row: matches = all hits - hits in the recycle bin
        binned = 0
        if store.execute("SELECT 1 FROM records WHERE deleted = 1 LIMIT 1").fetchone():
            binned = store.execute("SELECT count(*) FROM records WHERE deleted = 1 AND +rowid IN "
                                   "(SELECT rowid FROM records_fts WHERE records_fts MATCH ?)", [q]).fetchone()[0]
        return _hits(store, q) - binned
    where, params = _where(flt, store)
    if cap is not None and q and "+rowid IN" in where:
        return store.execute(f"SELECT count(*) FROM (SELECT 1 FROM records WHERE {where} LIMIT ?)",
                             params + [cap + 1]).fetchone()[0]
    return store.execute(f"SELECT count(*) FROM records WHERE {where}", params).fetchone()[0]


def page(store, flt: RecordFilter, *, sort: str = "modified", descending: bool = True, offset: int = 0,
         limit: int = 200, after: ListRow | None = None) -> list[ListRow]:
    """Rows ``offset .. offset+limit`` of the filtered, sorted list.

    ``after`` is the row at ``offset - 1`` if the caller has it: the page then starts right after
    it by keyset (an index seek) instead of skipping ``offset`` rows.
    """
    ensure_statistics(store)
    col = SORT_COLUMNS.get(sort, "modified_at")
    where, params = _where(flt, store)
    d = "DESC" if descending else "ASC"
    cmp = "<" if descending else ">"
    order = f" ORDER BY {col} {d}, id {d}"
    cols = ", ".join(LIST_COLUMNS)
    if after is not None:
        sql = f"SELECT {cols} FROM records WHERE {where} AND ({col}, id) {cmp} (?, ?){order} LIMIT ?"
        args = params + [after.sort_value(sort), after.id, limit]
    elif offset:
        # skip on the (covering) index only, then read the rows of the page
        sql = (f"SELECT {cols} FROM records WHERE rowid IN (SELECT rowid FROM records WHERE {where}{order} "
               f"LIMIT ? OFFSET ?){order}")
        args = params + [limit, offset]
    else:
        sql = f"SELECT {cols} FROM records WHERE {where}{order} LIMIT ?"
        args = params + [limit]
    return [ListRow(*r) for r in store.execute(sql, args)]


def erased_among(store, ids: list[str]) -> set[str]:
    """Of ``ids``, the records whose personal data was erased here (an applied erasure)."""
    out: set[str] = set()
    for k in range(0, len(ids), 500):
        chunk = ids[k:k + 500]
        out.update(r[0] for r in store.execute(
            f"SELECT DISTINCT record_id FROM erasures WHERE state = 'applied' AND record_id IN "
            f"({','.join('?' * len(chunk))})", chunk))
    return out


def form_titles(store) -> dict[str, str]:
    """form_id -> title of its newest stored version (for the list's form column)."""
    out: dict[str, tuple[str, str]] = {}
    for fid, ver, title in store.execute("SELECT form_id, version, title FROM forms"):
        from models.store.database import _version_key

        if fid not in out or _version_key(ver) > _version_key(out[fid][0]):
            out[fid] = (ver, title)
    return {k: v[1] for k, v in out.items()}


def row_by_id(store, record_id: str) -> ListRow | None:
    r = store.execute(f"SELECT {', '.join(LIST_COLUMNS)} FROM records WHERE id = ?", [record_id]).fetchone()
    return ListRow(*r) if r else None


def position_of(store, flt: RecordFilter, record_id: str, *, sort: str = "modified",
                descending: bool = True) -> int:
    """The row number of a record in the list (-1 if the filter hides it): to select it after a change."""
    row = row_by_id(store, record_id)
    if row is None:
        return -1
    col = SORT_COLUMNS.get(sort, "modified_at")
    where, params = _where(flt, store)
    if store.execute(f"SELECT count(*) FROM records WHERE {where} AND id = ?", params + [record_id]).fetchone()[0] == 0:
        return -1
    cmp = ">" if descending else "<"
    return store.execute(f"SELECT count(*) FROM records WHERE {where} AND ({col}, id) {cmp} (?, ?)",
                         params + [row.sort_value(sort), row.id]).fetchone()[0]


def distinct_values(store, column: str) -> list[str]:
    """Values in use for a filter (villages, enumerators, communes), by index; empty strings left out."""
    if column not in ("village", "enumerator", "status", "form_id", "commune"):
        raise ValueError(column)
    return [r[0] for r in store.execute(
        f"SELECT DISTINCT {column} FROM records WHERE deleted = 0 AND {column} != '' ORDER BY {column}")]


# ---------------------------------------------------------------------------------------- exports
# The reads behind exports/ (statistics files, printed questionnaires): SQL stays in models/.

#: the record columns a statistics export reads, in this order (meta as text, the data JSON, the form)
EXPORT_RECORD_COLUMNS = ("id, ifnull(form_version, ''), ifnull(status, ''), ifnull(commune, ''), "
                         "ifnull(village, ''), ifnull(enumerator, ''), ifnull(created_at, ''), "
                         "ifnull(modified_at, ''), CAST(ifnull(issues, 0) AS TEXT), data, form_id")


def form_versions(store, form_id: str) -> list[str]:
    """Every stored version of a form (unordered)."""
    return [r[0] for r in store.execute("SELECT version FROM forms WHERE form_id = ?", [form_id])]


def forms_with_records(store) -> list[str]:
    """The forms that have at least one record not deleted, by id."""
    return [r[0] for r in store.execute("SELECT DISTINCT form_id FROM records WHERE deleted = 0 ORDER BY form_id")]


def export_where(form_ids, statuses=(), communes=()) -> tuple[str, list[Any]]:
    """A WHERE clause (and its parameters) for the records of some forms, not deleted, optionally of
    some statuses and communes. Nothing matches when ``form_ids`` is empty."""
    if not form_ids:
        return "0", []
    sql = f"deleted = 0 AND form_id IN ({', '.join('?' * len(form_ids))})"
    params: list[Any] = list(form_ids)
    if statuses:
        sql += f" AND status IN ({', '.join('?' * len(statuses))})"
        params += list(statuses)
    if communes:
        sql += f" AND commune IN ({', '.join('?' * len(communes))})"
        params += list(communes)
    return sql, params


def count_where(store, where: str, params) -> int:
    """Records matching a clause made by :func:`export_where` (``"1"`` for every row)."""
    return store.execute(f"SELECT count(*) FROM records WHERE {where}", list(params)).fetchone()[0]


#: the order in which exports write records (tables, media files): by form, commune, the interview's start,
#: then the record's id. It depends only on the record's current version, never on when the record
#: arrived here (rowid), so two databases that hold the same records export the same bytes whatever
#: the order their packages were imported in (issue 17).
EXPORT_ORDER = "form_id, ifnull(commune, ''), ifnull(created_at, ''), id"


def rowids_where(store_or_conn, where: str, params, *, scan: bool = False) -> list[int]:
    """The rowids of the matching records, in :data:`EXPORT_ORDER` (small columns only: the sort is
    of keys, not of answers). ``scan``: read the table straight through rather than through an index."""
    return [r[0] for r in store_or_conn.execute(
        f"SELECT rowid FROM records {'NOT INDEXED ' if scan else ''}WHERE {where} ORDER BY {EXPORT_ORDER}",
        list(params))]


def export_records(conn, where: str, params, *, scan: bool, chunk: int, rowids: list[int] | None = None):
    """The matching records (:data:`EXPORT_RECORD_COLUMNS`), ``chunk`` at a time, in
    :data:`EXPORT_ORDER`. ``conn``: a sqlite3 connection (the second export process has its own).

    ``rowids``: the records to read, already in that order (a slice of :func:`rowids_where`);
    otherwise they are found first. Each chunk is read by rowid and checked against ``where`` again
    (a record deleted meanwhile is left out)."""
    import json

    if rowids is None:
        rowids = rowids_where(conn, where, params, scan=scan)
    for i in range(0, len(rowids), chunk):
        part = rowids[i:i + chunk]
        got = {r[0]: r[1:] for r in conn.execute(
            f"SELECT rowid, {EXPORT_RECORD_COLUMNS} FROM records WHERE rowid IN (SELECT value FROM json_each(?)) "
            f"AND ({where})", [json.dumps(part), *params])}
        recs = [got[r] for r in part if r in got]
        if recs:
            yield recs


def files_where(store, where: str, params):
    """``(record id, data, created_at, files)`` of the matching records that have attached files (data and
    files as JSON text), in :data:`EXPORT_ORDER`: what an export copies into its ``media/`` folder."""
    yield from store.execute(f"SELECT id, data, ifnull(created_at, ''), files FROM records WHERE ({where}) "
                             f"AND files != '{{}}' ORDER BY {EXPORT_ORDER}", list(params))


def record_ids_to_print(store, statuses=()) -> list[str]:
    """Every record not deleted (of some statuses), in the order a printed bundle lists them: by
    form, commune, creation time."""
    sql = "SELECT id FROM records WHERE deleted = 0"
    params: list[Any] = []
    if statuses:
        sql += f" AND status IN ({', '.join('?' * len(statuses))})"
        params += list(statuses)
    return [r[0] for r in store.execute(sql + " ORDER BY form_id, commune, created_at, id", params)]
