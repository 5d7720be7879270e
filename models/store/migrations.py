"""Schema migrations (sqlite-utils ``Migrations``), each in its own transaction.

ORDER: sqlite-utils applies migrations in the order they are *registered in this file*, not by the
number in their name. The prefixes record which area added them (m010 packages, m020 sync, m030 the
record list, m004 core), so they do not sort in run order. Add a new migration at the END of this
file, named with the next free number after the highest one (``m040_…``); never rename or edit one
that has shipped. ``tests/models/test_migrations_order.py`` pins the order.

Rules (see docs/architecture.md): never edit a migration that has shipped; add a new one. Before
pending migrations run, :func:`models.store.database.open_store` copies the file to
``<name>.v<N>.<timestamp>.bak``; a database with migrations this build does not know is refused.
"""

from __future__ import annotations

from models.store.migration_set import MigrationSet as Migrations  # sqlite-utils only when one is pending

MIGRATIONS = Migrations("khaosat")


@MIGRATIONS(name="m001_initial")
def m001_initial(db) -> None:
    db.executescript(
        """
        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE forms (
            form_id   TEXT NOT NULL,
            version   TEXT NOT NULL,
            title     TEXT NOT NULL DEFAULT '',
            sha256    TEXT NOT NULL,
            file_name TEXT NOT NULL,
            file_type TEXT NOT NULL,
            source    BLOB NOT NULL,
            added_at  TEXT NOT NULL,
            bundled   INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (form_id, version)
        );
        CREATE TABLE records (
            id             TEXT PRIMARY KEY,          -- 'uuid:...' as ODK's instanceID
            form_id        TEXT NOT NULL,
            form_version   TEXT NOT NULL,
            status         TEXT NOT NULL DEFAULT 'draft',
            commune        TEXT NOT NULL DEFAULT '',
            village        TEXT NOT NULL DEFAULT '',
            enumerator     TEXT NOT NULL DEFAULT '',
            device_id      TEXT NOT NULL,             -- the device that created the record
            created_at     TEXT NOT NULL,
            modified_at    TEXT NOT NULL,
            rev            TEXT NOT NULL,             -- '<generation>-<hash>'
            rev_gen        INTEGER NOT NULL,
            ancestry       TEXT NOT NULL DEFAULT '[]',-- JSON list of earlier revisions, oldest first
            sealed         INTEGER NOT NULL DEFAULT 0,-- the revision has left this device
            content_hash   TEXT NOT NULL,
            answers        TEXT NOT NULL DEFAULT '{}',-- every value held, nested JSON (source of truth)
            data           TEXT NOT NULL DEFAULT '{}',-- relevant values only (what exports and views read)
            justifications TEXT NOT NULL DEFAULT '{}',-- path -> why an unusual value is right
            review         TEXT NOT NULL DEFAULT '{}',-- reviewer's comments (record and per question)
            issues         INTEGER NOT NULL DEFAULT 0,-- open issues (required/constraint/warning)
            issues_json    TEXT NOT NULL DEFAULT '[]',
            label          TEXT NOT NULL DEFAULT '',  -- respondent or enterprise name, for lists
            last_path      TEXT NOT NULL DEFAULT '',  -- where the enumerator stopped
            deleted        INTEGER NOT NULL DEFAULT 0,
            FOREIGN KEY (form_id, form_version) REFERENCES forms(form_id, version)
        );
        CREATE INDEX records_form ON records(form_id, status);
        CREATE INDEX records_modified ON records(modified_at);
        CREATE INDEX records_commune ON records(commune);
        CREATE TABLE audit (
            id        INTEGER PRIMARY KEY,
            record_id TEXT NOT NULL REFERENCES records(id),
            at        TEXT NOT NULL,
            user      TEXT NOT NULL DEFAULT '',
            device_id TEXT NOT NULL DEFAULT '',
            action    TEXT NOT NULL,                  -- create set status delete restore merge ...
            path      TEXT NOT NULL DEFAULT '',
            old       TEXT,
            new       TEXT,
            rev       TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX audit_record ON audit(record_id, id);
        CREATE VIRTUAL TABLE records_fts USING fts5(
            record_id UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2'
        );
        """
    )


@MIGRATIONS(name="m030_ui_list_indexes")
def m030_ui_list_indexes(db) -> None:
    """The record list: sort and filter 500,000 records by index (models/records/queries.py; the id at the
    end makes the indexes covering for a search's ``id IN (...)`` check), and fold 'đ' in the
    search index (FTS5's remove_diacritics keeps it) so "dang" finds "Đặng"."""
    db.executescript(
        """
        CREATE INDEX IF NOT EXISTS records_list_modified ON records(deleted, modified_at, id);
        CREATE INDEX IF NOT EXISTS records_list_form ON records(deleted, form_id, modified_at, id);
        CREATE INDEX IF NOT EXISTS records_list_status ON records(deleted, status, modified_at, id);
        CREATE INDEX IF NOT EXISTS records_list_village ON records(deleted, village, modified_at, id);
        CREATE INDEX IF NOT EXISTS records_list_enumerator ON records(deleted, enumerator, modified_at, id);
        CREATE INDEX IF NOT EXISTS records_sort_label ON records(deleted, label, id);
        CREATE INDEX IF NOT EXISTS records_sort_village ON records(deleted, village, id);
        CREATE INDEX IF NOT EXISTS records_sort_status ON records(deleted, status, id);
        CREATE INDEX IF NOT EXISTS records_sort_form ON records(deleted, form_id, id);
        CREATE INDEX IF NOT EXISTS records_sort_enumerator ON records(deleted, enumerator, id);
        CREATE INDEX IF NOT EXISTS records_sort_issues ON records(deleted, issues, id);
        CREATE INDEX IF NOT EXISTS records_sort_created ON records(deleted, created_at, id);
        UPDATE records_fts SET text = replace(replace(text, 'đ', 'd'), 'Đ', 'D')
            WHERE text LIKE '%đ%' OR text LIKE '%Đ%';
        """
    )


@MIGRATIONS(name="m030_ui_search_rowids")
def m030_ui_search_rowids(db) -> None:
    """Every record has exactly one search row whose rowid is the record's rowid (kept by
    models.records.editor._index): searches with 100,000+ matches join on integers, and re-indexing a
    record no longer scans the whole search table. (After a VACUUM, which may renumber rowids,
    run this again through models.records.queries.rebuild_search_rowids.)"""
    rebuild_search_rowids(db)


def rebuild_search_rowids(db) -> None:
    db.executescript(
        """
        CREATE TEMP TABLE _fts_copy AS SELECT record_id, text FROM records_fts;
        CREATE INDEX temp._fts_copy_id ON _fts_copy(record_id);
        DELETE FROM records_fts;
        INSERT INTO records_fts(rowid, record_id, text)
            SELECT r.rowid, r.id, coalesce((SELECT c.text FROM _fts_copy c WHERE c.record_id = r.id LIMIT 1), '')
            FROM records r;
        DROP TABLE _fts_copy;
        """
    )


def known_names() -> list[str]:
    return [m.name for m in MIGRATIONS._migrations]


@MIGRATIONS(name="m010_pkg_transfer")
def m010_pkg_transfer(db) -> None:
    """Transfer packages: this installation's keys, known senders, what was sent and received,
    open conflicts, duplicate keys and decisions (docs/package-format.md)."""
    db.executescript(
        """
        CREATE TABLE pkg_identity (
            kind       TEXT PRIMARY KEY,               -- 'sign' (Ed25519) or 'enc' (X25519)
            private    BLOB NOT NULL,                  -- raw 32-byte private key
            public     BLOB NOT NULL,                  -- raw 32-byte public key
            created_at TEXT NOT NULL
        );
        CREATE TABLE pkg_senders (
            fingerprint TEXT PRIMARY KEY,              -- of the Ed25519 public key
            sign_public BLOB NOT NULL,
            enc_public  BLOB,
            device_id   TEXT NOT NULL DEFAULT '',
            name        TEXT NOT NULL DEFAULT '',
            code        TEXT NOT NULL DEFAULT '',
            role        TEXT NOT NULL DEFAULT '',
            province    TEXT NOT NULL DEFAULT '',
            commune     TEXT NOT NULL DEFAULT '',
            first_seen  TEXT NOT NULL,
            last_seen   TEXT NOT NULL,
            packages    INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE pkg_imports (
            package_id   TEXT PRIMARY KEY,
            file_sha256  TEXT NOT NULL,
            file_name    TEXT NOT NULL DEFAULT '',
            sender       TEXT NOT NULL,                -- fingerprint
            sender_name  TEXT NOT NULL DEFAULT '',
            commune      TEXT NOT NULL DEFAULT '',
            kind         TEXT NOT NULL DEFAULT '',
            created_at   TEXT NOT NULL,
            imported_at  TEXT NOT NULL,
            summary      TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE pkg_received (                    -- which package brought which revision
            record_id  TEXT NOT NULL,
            rev        TEXT NOT NULL,
            package_id TEXT NOT NULL,
            outcome    TEXT NOT NULL,                  -- added | updated | conflict
            PRIMARY KEY (record_id, rev)
        );
        CREATE INDEX pkg_received_package ON pkg_received(package_id);
        CREATE TABLE pkg_exports (
            package_id TEXT PRIMARY KEY,
            receiver   TEXT NOT NULL DEFAULT '',       -- fingerprint of --to key, '' = anyone
            kind       TEXT NOT NULL,
            file_name  TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            records    INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE pkg_sent (                        -- the last revisions sent to each receiver
            receiver  TEXT NOT NULL,
            record_id TEXT NOT NULL,
            revs      TEXT NOT NULL,                   -- sorted JSON list: current + open conflicts
            PRIMARY KEY (receiver, record_id)
        );
        CREATE TABLE record_conflicts (                -- the other side(s) of an open conflict
            record_id   TEXT NOT NULL,
            rev         TEXT NOT NULL,
            rev_gen     INTEGER NOT NULL,
            version     TEXT NOT NULL,                 -- the whole record row as JSON
            received_at TEXT NOT NULL,
            PRIMARY KEY (record_id, rev)
        );
        CREATE TABLE dup_keys (                        -- business keys per form (overrides defaults)
            form_id TEXT NOT NULL,
            name    TEXT NOT NULL,                     -- e.g. 'tax_code', 'household'
            fields  TEXT NOT NULL,                     -- JSON list of answer paths
            PRIMARY KEY (form_id, name)
        );
        CREATE TABLE dup_decisions (                   -- pairs a person has looked at
            record_a TEXT NOT NULL,                    -- record_a < record_b
            record_b TEXT NOT NULL,
            decision TEXT NOT NULL,                    -- keep_both | merged
            survivor TEXT NOT NULL DEFAULT '',
            at       TEXT NOT NULL,
            user     TEXT NOT NULL DEFAULT '',
            device_id TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (record_a, record_b)
        );
        CREATE TABLE dup_state (                       -- which revision the keys below were taken from
            record_id TEXT PRIMARY KEY,
            rev       TEXT NOT NULL
        );
        CREATE TABLE dup_index (                       -- normalised business-key values per record
            record_id TEXT NOT NULL,
            form_id   TEXT NOT NULL,
            key_name  TEXT NOT NULL,
            value     TEXT NOT NULL,
            PRIMARY KEY (record_id, key_name)
        );
        CREATE INDEX dup_index_value ON dup_index(form_id, key_name, value);
        CREATE INDEX audit_dedupe ON audit(record_id, at);
        CREATE INDEX records_id_rev ON records(id, rev);  -- finds records whose keys are stale cheaply
        """
    )


@MIGRATIONS(name="m020_sync_tables")
def m020_sync_tables(db) -> None:
    """Network sync (models/sync/service.py): what was sent to which server, and the sync log."""
    db.executescript(
        """
        CREATE TABLE sync_outbox (
            id            INTEGER PRIMARY KEY,
            destination   TEXT NOT NULL,              -- server + project, no secret
            record_id     TEXT NOT NULL,
            rev           TEXT NOT NULL,              -- the record revision this copy holds
            instance_id   TEXT NOT NULL,              -- meta/instanceID sent
            deprecated_id TEXT NOT NULL DEFAULT '',   -- meta/deprecatedID (a correction)
            form_id       TEXT NOT NULL,
            form_version  TEXT NOT NULL,
            xml           BLOB NOT NULL,              -- the exact bytes sent (a resend is identical)
            content_key   TEXT NOT NULL,              -- hash of the answers without the ids
            state         TEXT NOT NULL,              -- pending sent conflict failed ignored superseded
            http_status   INTEGER,
            response      TEXT NOT NULL DEFAULT '',   -- the server's answer (no secrets)
            code          TEXT NOT NULL DEFAULT '',   -- message code of the last outcome
            detail        TEXT NOT NULL DEFAULT '',
            attempts      INTEGER NOT NULL DEFAULT 0,
            confirmed_by  INTEGER,                    -- for an unchanged revision: the row the server confirmed
            created_at    TEXT NOT NULL,
            updated_at    TEXT NOT NULL,
            sent_at       TEXT
        );
        CREATE INDEX sync_outbox_record ON sync_outbox(destination, record_id, id);
        CREATE INDEX sync_outbox_state ON sync_outbox(destination, state);
        CREATE TABLE sync_log (
            id          INTEGER PRIMARY KEY,
            at          TEXT NOT NULL,
            run         TEXT NOT NULL DEFAULT '',     -- one id per sync run
            destination TEXT NOT NULL,
            record_id   TEXT NOT NULL DEFAULT '',
            label       TEXT NOT NULL DEFAULT '',
            instance_id TEXT NOT NULL DEFAULT '',
            outcome     TEXT NOT NULL,                -- sent already failed conflict skipped run
            http_status INTEGER,
            code        TEXT NOT NULL,
            context     TEXT NOT NULL DEFAULT '{}'    -- JSON for the message template
        );
        CREATE INDEX sync_log_record ON sync_log(record_id, id);
        """
    )


@MIGRATIONS(name="m004_core_audit_one_index")
def m004_core_audit_one_index(db) -> None:
    """audit_dedupe(record_id, at) serves every per-record lookup; a second index on the audit table
    only made each autosave write one more b-tree."""
    db.execute("DROP INDEX IF EXISTS audit_record")


@MIGRATIONS(name="m040_import_speed")
def m040_import_speed(db) -> None:
    """Package imports write fewer b-trees keyed by random record ids (docs/performance-notes-import.md).

    * The duplicate-key state moves onto the record row: ``dup_rev`` (the revision the keys were taken
      from) and ``dup_keys`` (JSON ``[[form_id, key_name, value], ...]``, what ``dup_index`` holds for it),
      written in the same INSERT as the record. Records whose keys are stale (edited here, created,
      synced) are exactly those in the small partial index ``records_dup_stale``; it replaces the
      ``dup_state`` table and the full index ``records_id_rev`` that served the stale scan.
    * ``dup_index`` becomes one b-tree keyed by the value (``WITHOUT ROWID``), no second index.
    * ``pkg_received`` is keyed by package first (``WITHOUT ROWID``): a package's rows are written side by
      side instead of at random places, and its list (``records_from_package``) is one range.
    """
    db.executescript(
        """
        ALTER TABLE records ADD COLUMN dup_rev TEXT;
        ALTER TABLE records ADD COLUMN dup_keys TEXT;
        CREATE TABLE dup_index_new (
            form_id   TEXT NOT NULL,
            key_name  TEXT NOT NULL,
            value     TEXT NOT NULL,
            record_id TEXT NOT NULL,
            PRIMARY KEY (form_id, key_name, value, record_id)
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO dup_index_new(form_id, key_name, value, record_id)
            SELECT i.form_id, i.key_name, i.value, i.record_id FROM dup_index i
            JOIN dup_state s ON s.record_id = i.record_id;
        UPDATE records SET dup_rev = (SELECT s.rev FROM dup_state s WHERE s.record_id = records.id),
            dup_keys = (SELECT json_group_array(json_array(i.form_id, i.key_name, i.value))
                        FROM (SELECT * FROM dup_index WHERE record_id = records.id ORDER BY key_name) i)
            WHERE id IN (SELECT record_id FROM dup_state);
        DROP TABLE dup_index;
        DROP TABLE dup_state;
        ALTER TABLE dup_index_new RENAME TO dup_index;
        DROP INDEX IF EXISTS records_id_rev;
        CREATE INDEX records_dup_stale ON records(id) WHERE dup_rev IS NOT rev;
        CREATE TABLE pkg_received_new (                -- which package brought which revision
            package_id TEXT NOT NULL,
            record_id  TEXT NOT NULL,
            rev        TEXT NOT NULL,
            outcome    TEXT NOT NULL,                  -- added | updated | conflict
            PRIMARY KEY (package_id, record_id, rev)
        ) WITHOUT ROWID;
        INSERT INTO pkg_received_new(package_id, record_id, rev, outcome)
            SELECT package_id, record_id, rev, outcome FROM pkg_received;
        DROP TABLE pkg_received;
        ALTER TABLE pkg_received_new RENAME TO pkg_received;
        """
    )


@MIGRATIONS(name="m041_dedupe_cccd_key")
def m041_dedupe_cccd_key(db) -> None:
    """The default business keys gained ``cccd`` (the ID number on roster line 1, see
    ``models.records.duplicates.default_keys``): the records that have one are marked for re-keying (the next
    look-up for duplicates re-keys just them; records without an ID number keep their keys)."""
    db.execute(
        """
        UPDATE records SET dup_rev = NULL
        WHERE dup_rev IS NOT NULL AND data LIKE '%"m_cccd"%'
          AND form_id NOT IN (SELECT form_id FROM dup_keys)
          AND EXISTS (SELECT 1 FROM json_each(records.data) j
                      WHERE j.type = 'array' AND coalesce(json_extract(j.value, '$[0].m_cccd'), '') != '')
        """
    )


@MIGRATIONS(name="m042_pkg_sender_trust")
def m042_pkg_sender_trust(db) -> None:
    """Which senders are trusted (docs/package-format.md, "Who may change what").

    ``trusted`` = 1: a person confirmed the sender's key (the "trust sender" action, or the sender's public
    key file imported), so its packages may update any record. A sender remembered from its first package
    only (0) may add records and update the records it brought itself; its other updates are kept as
    conflicts. Senders known before this version were accepted without question and stay trusted, so an
    upgrade changes nothing in the usual exchange. ``pkg_imports_sender`` finds a sender's packages.
    ``record_conflicts.held`` = 1 marks a version kept because its sender may not change the record: it
    never becomes the current version and is not sent on until a person trusts the sender or resolves it.
    """
    db.executescript(
        """
        ALTER TABLE pkg_senders ADD COLUMN trusted INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE pkg_senders ADD COLUMN trusted_at TEXT NOT NULL DEFAULT '';
        UPDATE pkg_senders SET trusted = 1, trusted_at = last_seen;
        CREATE INDEX pkg_imports_sender ON pkg_imports(sender);
        ALTER TABLE record_conflicts ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
        """
    )


@MIGRATIONS(name="m043_form_files")
def m043_form_files(db) -> None:
    """A form version's attachments (the CSV/XML/GeoJSON files its external data come from:
    ``select_one_from_file``, ``pulldata()``, ``itemsets.csv``; forms/external.py): stored beside the
    form's own file (``forms.source``), keyed by form id + version + file name, with their SHA-256.
    They belong to the *form*, not to a record (a record's media answers are another table)."""
    db.executescript(
        """
        CREATE TABLE form_files (
            form_id   TEXT NOT NULL,
            version   TEXT NOT NULL,
            file_name TEXT NOT NULL,
            sha256    TEXT NOT NULL,
            data      BLOB NOT NULL,
            added_at  TEXT NOT NULL,
            PRIMARY KEY (form_id, version, file_name)
        );
        """
    )


@MIGRATIONS(name="m044_record_files")
def m044_record_files(db) -> None:
    """Files attached to records (media questions: image, audio, video, file, signature, drawing).

    ``records.files`` (content, hashed into the revision when not empty, so revisions made before stay
    valid): ``{file name: {"sha256", "size", "type"}}`` for the files the record's answers name. The bytes
    are kept once per content in ``record_files`` (content-addressed by SHA-256), written in the same
    transaction as the answer that names them. The versions kept for open conflicts gain an empty
    ``files`` (they were made before attachments existed).
    """
    db.executescript(
        """
        ALTER TABLE records ADD COLUMN files TEXT NOT NULL DEFAULT '{}';
        CREATE TABLE record_files (                     -- attached files' bytes, by content
            sha256     TEXT PRIMARY KEY,
            size       INTEGER NOT NULL,
            media_type TEXT NOT NULL DEFAULT '',
            data       BLOB NOT NULL,
            added_at   TEXT NOT NULL DEFAULT ''
        );
        UPDATE record_conflicts SET version = json_set(version, '$.files', json('{}'))
            WHERE json_type(version, '$.files') IS NULL;
        """
    )


@MIGRATIONS(name="m045_held_new_records")
def m045_held_new_records(db) -> None:
    """New records held for a person (issue 16): a record not here whose commune is outside this
    unit's area (``models.exchange.validate.area_of``) is not merged; its versions wait in
    ``held_new_records`` until a person accepts it into the database or refuses it
    (``models.exchange.held``). ``versions``: the JSON list of the versions received (each as a
    package carries it); ``audit``: the JSON list of the package's audit rows of the record; ``source``:
    the package file and sender that brought it; ``reason_vi``/``reason_en``: why it is held."""
    db.executescript(
        """
        CREATE TABLE held_new_records (
            record_id   TEXT PRIMARY KEY,
            form_id     TEXT NOT NULL,
            commune     TEXT NOT NULL,
            label       TEXT NOT NULL DEFAULT '',
            versions    TEXT NOT NULL,
            audit       TEXT NOT NULL DEFAULT '[]',
            source      TEXT NOT NULL DEFAULT '',
            reason_vi   TEXT NOT NULL,
            reason_en   TEXT NOT NULL,
            received_at TEXT NOT NULL
        );
        """
    )


@MIGRATIONS(name="m046_people")
def m046_people(db) -> None:
    """The people who use one installation, each with a role and a PIN of their own (the PINs are in
    the key envelope beside the database, ``models/store/cipher.py``, under the person's ``id``)."""
    db.executescript(
        """
        CREATE TABLE people (
            id         TEXT PRIMARY KEY,
            name       TEXT NOT NULL,
            code       TEXT NOT NULL DEFAULT '',
            role       TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT ''
        );
        """
    )


#: the tables whose every change counts in ``change_mark`` (m047); the settings the backups write
#: themselves do not count (``models.store.backup``: they say where the copies are, not what the data is)
MARKED_TABLES = ("records", "record_conflicts", "record_files", "audit", "forms", "form_files", "pkg_senders",
                 "pkg_identity", "dup_keys", "dup_decisions", "settings", "held_new_records", "people")
BACKUP_SETTING_KEYS = ("last_backup_at", "last_backup_path", "backup_journal")


@MIGRATIONS(name="m047_change_mark")
def m047_change_mark(db) -> None:
    """A counter of changes to the data (``change_mark.n``), raised by triggers on every row written to
    the tables of :data:`MARKED_TABLES`.

    The safety copy before an import (``models.store.backup.auto_backup``) compares it with its value
    after the last import: when nothing else changed the database since, the database is the last full
    copy with the journaled packages imported on top, so the received packages are kept instead of
    copying the whole file again (docs/backups.md).
    """
    db.execute("CREATE TABLE change_mark (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)")
    db.execute("INSERT INTO change_mark(id, n) VALUES (1, 0)")
    keys = ", ".join(f"'{k}'" for k in BACKUP_SETTING_KEYS)
    for table in MARKED_TABLES:
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            when = f" WHEN {row}.key NOT IN ({keys})" if table == "settings" else ""
            db.execute(f"CREATE TRIGGER change_mark_{table}_{event.lower()} AFTER {event} ON {table}{when} "
                       "BEGIN UPDATE change_mark SET n = n + 1 WHERE id = 1; END")


@MIGRATIONS(name="m048_pending_forms")
def m048_pending_forms(db) -> None:
    """Form versions that came down in a package from a sender this database does not trust yet
    (``models.exchange.forms_down``): kept, not installed, until a person installs or refuses them, or
    trusts the sender (then they are installed). ``state``: ``held`` or ``refused`` (a refused version is
    not held again when the next package brings it). ``attachments``: JSON, file name -> base64."""
    db.executescript(
        """
        CREATE TABLE pending_forms (
            form_id     TEXT NOT NULL,
            version     TEXT NOT NULL,
            sender      TEXT NOT NULL,              -- the sender's key fingerprint
            sender_name TEXT NOT NULL DEFAULT '',
            package_id  TEXT NOT NULL DEFAULT '',
            title       TEXT NOT NULL DEFAULT '',
            sha256      TEXT NOT NULL,
            file_name   TEXT NOT NULL,
            file_type   TEXT NOT NULL,
            source      BLOB NOT NULL,
            attachments TEXT NOT NULL DEFAULT '{}',
            received_at TEXT NOT NULL,
            state       TEXT NOT NULL DEFAULT 'held',
            decided_at  TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (form_id, version, sender)
        );
        """
    )
    for event in ("INSERT", "UPDATE", "DELETE"):
        db.execute(f"CREATE TRIGGER change_mark_pending_forms_{event.lower()} AFTER {event} ON pending_forms "
                   "BEGIN UPDATE change_mark SET n = n + 1 WHERE id = 1; END")


@MIGRATIONS(name="m049_pkg_converge")
def m049_pkg_converge(db) -> None:
    """What a record's state is computed from, so that it depends only on the packages received and the
    senders trusted, never on their order (``models.exchange.settle``, issue 17).

    * ``pkg_kept`` keeps, for records that more than one sender brought (or with held versions), the
      received versions that are not leaves now (older, superseded, or held behind another): trusting a
      sender later, or a package bringing an older version, may make one of them a leaf again.
    * ``pkg_received_record`` finds which packages (so which senders) brought a record's revisions;
      ``pkg_received`` now also lists the revisions a package brought that changed nothing (``unchanged``).
    """
    db.executescript(
        """
        CREATE TABLE pkg_kept (                         -- received versions that are not leaves now
            record_id TEXT NOT NULL,
            rev       TEXT NOT NULL,
            rev_gen   INTEGER NOT NULL,
            version   TEXT NOT NULL,                    -- the whole version, as record_conflicts keeps it
            PRIMARY KEY (record_id, rev)
        ) WITHOUT ROWID;
        CREATE INDEX pkg_received_record ON pkg_received(record_id);
        """
    )


@MIGRATIONS(name="m050_erasures")
def m050_erasures(db) -> None:
    """The register of erasures of a respondent's personal data (``models.exchange.erase``, issue 18).

    One row per erasure, made here or received in a package: the record, the fields erased (answer keys,
    JSON list), when, who (the acting person), the installation that made it, the reason, and the leaf
    revisions it was made on (``revs``: versions that descend from one of them were made after it and
    keep what is typed into them). ``state``: ``applied`` (every copy of the record here is erased) or
    ``held`` (brought by a sender not trusted to change the record: applied when it is trusted);
    ``senders``: the fingerprints of the senders whose packages brought it (JSON list, empty: made here).
    The values are never in this table. ``erased_copies`` lists the stored copies (record, revision) whose
    content an erasure changed, here or before they arrived: a full copy of the same revision arriving
    later replaces such a copy while no applied erasure covers it (the state depends on what was received,
    not on which copy came first). It travels in packages as ``erasures.jsonl.gz``
    (docs/package-format.md)."""
    db.executescript(
        """
        CREATE TABLE erasures (
            id         TEXT PRIMARY KEY,
            record_id  TEXT NOT NULL,
            fields     TEXT NOT NULL,
            at         TEXT NOT NULL,
            user       TEXT NOT NULL DEFAULT '',
            device_id  TEXT NOT NULL DEFAULT '',
            reason     TEXT NOT NULL DEFAULT '',
            revs       TEXT NOT NULL DEFAULT '[]',
            state      TEXT NOT NULL DEFAULT 'applied',
            senders    TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX erasures_record ON erasures(record_id);
        CREATE TABLE erased_copies (                    -- stored copies whose content an erasure changed
            record_id TEXT NOT NULL,
            rev       TEXT NOT NULL,
            PRIMARY KEY (record_id, rev)
        ) WITHOUT ROWID;
        """
    )
    for event in ("INSERT", "UPDATE", "DELETE"):
        db.execute(f"CREATE TRIGGER change_mark_erasures_{event.lower()} AFTER {event} ON erasures "
                   "BEGIN UPDATE change_mark SET n = n + 1 WHERE id = 1; END")
