"""Migrations run in registration order; a shipped migration never moves (see models/store/migrations.py)."""

from models.store.migrations import known_names

SHIPPED = ["m001_initial", "m030_ui_list_indexes", "m030_ui_search_rowids", "m010_pkg_transfer",
           "m020_sync_tables", "m004_core_audit_one_index", "m040_import_speed", "m041_dedupe_cccd_key",
           "m042_pkg_sender_trust"]


def test_shipped_migrations_keep_their_order_and_new_ones_come_after():
    names = known_names()
    assert names[:len(SHIPPED)] == SHIPPED, "a shipped migration was renamed, removed or moved"
    assert len(set(names)) == len(names)
