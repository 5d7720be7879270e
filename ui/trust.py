"""Trusting package senders after an import, one question per sender (the consolidation and transfer
pages): the page supplies its own wording; trusting itself is ``models.exchange.packages.trust_named_sender``
run by the page as a job on the database's writer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget


def has_candidates(summaries: Sequence[Any]) -> bool:
    """Whether an import's summaries name a sender that could be trusted (the button is shown)."""
    from models.exchange.packages import trust_candidates

    return bool(trust_candidates(summaries))


def ask_whom_to_trust(parent: QWidget, summaries: Sequence[Any], title: str,
                      question: Callable[[dict[str, Any]], str]) -> list[tuple[dict[str, Any], dict[str, str]]]:
    """Ask about each sender of ``summaries`` that could be trusted; the ones a person said yes to, as
    ``(candidate, how to name it to trust_named_sender)``. A sender whose package was refused for its
    new key ends the questions: that package is imported once it is trusted, and the others are asked
    about again after that import."""
    from models.exchange.packages import trust_candidates

    chosen = []
    for c in trust_candidates(summaries):
        if QMessageBox.question(parent, title, question(c)) != QMessageBox.StandardButton.Yes:
            continue
        chosen.append((c, {"package": c["file"]} if c["key_changed"] else {"fingerprint": c["fingerprint"]}))
        if c["key_changed"]:
            break
    return chosen
