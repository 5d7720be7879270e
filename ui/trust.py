"""Trusting package senders after an import, one question per sender (the consolidation and transfer
pages): the page supplies its own wording; trusting itself is ``models.exchange.packages.trust_sender_at``."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget


def has_candidates(summaries: Sequence[Any]) -> bool:
    """Whether an import's summaries name a sender that could be trusted (the button is shown)."""
    from models.exchange.packages import trust_candidates

    return bool(trust_candidates(summaries))


def trust_one_by_one(parent: QWidget, store_path: str, summaries: Sequence[Any], title: str,
                     question: Callable[[dict[str, Any]], str]) -> Iterator[tuple[dict[str, Any], Any]]:
    """Ask about each sender of ``summaries`` that could be trusted; yield ``(candidate, result)`` for
    each one trusted. A failure to trust (an ``AppError``) propagates to the caller."""
    from models.exchange.packages import trust_candidates, trust_sender_at

    for c in trust_candidates(summaries):
        if QMessageBox.question(parent, title, question(c)) != QMessageBox.StandardButton.Yes:
            continue
        who = {"package": c["file"]} if c["key_changed"] else {"fingerprint": c["fingerprint"]}
        yield c, trust_sender_at(store_path, **who)
