"""Pages of the main window's left navigation, by role.

Other areas plug their page in here without touching the main window: a page is a
``"module:Class"`` string, a Vietnamese title and the roles that see it. The class is constructed as
``Page(store_path: str, parent: QWidget | None)`` and may define ``refresh()`` (called when the
page is shown). A module that does not exist yet, or fails to import, is skipped silently (logged).
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass

ROLES = ("enumerator", "clerk", "province")
ALL = frozenset(ROLES)


@dataclass(frozen=True)
class PageSpec:
    target: str  # "module:Class"
    title: str  # Vietnamese (the navigation translates it through the "pages" context)
    roles: frozenset
    key: str = ""  # stable id for tests and settings

    @property
    def id(self) -> str:
        return self.key or self.target


#: the record list is always first; optional pages follow in this order
PAGES: list[PageSpec] = [
    PageSpec("ui.records_page:RecordsPage", "Phiếu khảo sát", ALL, "records"),
    # the enumerator sends to the clerk and receives return packages here; clerks and the province
    # send and receive on the consolidation page (one way of doing it per role)
    PageSpec("ui.transfer_page:TransferPage", "Gửi dữ liệu", frozenset({"enumerator"}), "transfer"),
    PageSpec("ui.consolidation:ConsolidationPage", "Hợp nhất", frozenset({"clerk", "province"}), "consolidation"),
    PageSpec("ui.reports:ReportsPage", "Báo cáo", frozenset({"clerk", "province", "enumerator"}), "reports"),
    PageSpec("ui.sync_page:SyncPage", "Đồng bộ", frozenset({"clerk", "province"}), "sync"),
    PageSpec("ui.settings_page:SettingsPage", "Cài đặt", ALL, "settings"),
]


def register(target: str, title: str, roles, *, key: str = "", before: str = "settings") -> None:
    """Add a page at run time (before the settings page unless told otherwise)."""
    spec = PageSpec(target, title, frozenset(roles), key)
    if any(p.target == target for p in PAGES):
        return
    idx = next((i for i, p in enumerate(PAGES) if p.id == before), len(PAGES))
    PAGES.insert(idx, spec)


def load_class(target: str):
    """The page class, or None when its module is missing or broken (optional pages)."""
    mod_name, _, cls_name = target.partition(":")
    try:
        mod = importlib.import_module(mod_name)
        return getattr(mod, cls_name)
    except Exception:  # an optional page must never stop the application
        logging.getLogger("khaosat.ui").info("page %s not available", target, exc_info=True)
        return None


def pages_for(role: str) -> list[tuple[PageSpec, type]]:
    out = []
    for spec in PAGES:
        if role not in spec.roles:
            continue
        cls = load_class(spec.target)
        if cls is not None:
            out.append((spec, cls))
    return out
