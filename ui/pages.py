"""Pages of the main window's left navigation, by role.

Other areas plug their page in here without touching the main window: a page is a
``"module:Class"`` string, a Vietnamese title and the roles that see it. The class is constructed as
``Page(store_path: str, parent: QWidget | None)`` and may define ``refresh()`` (called when the
page is shown). A page's module is imported when the page is first shown; if it fails, the error
is raised to the main window, which logs it and says so (a broken page is never hidden).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from models.setup.installation import ROLES

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


#: the record list is always first; the other pages follow in this order
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


def load_class(target: str) -> type:
    """The page class of a ``"module:Class"`` target (importing its module; errors are raised)."""
    mod_name, _, cls_name = target.partition(":")
    return getattr(importlib.import_module(mod_name), cls_name)
