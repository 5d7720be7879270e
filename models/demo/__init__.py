"""Synthetic but realistic interviews for demonstrations, tests and benchmarks
(``python main.py demo``), answered through the form engine like a person would.

Imports ``models.records``, ``models.setup``, ``models.store``, ``models.base``.
"""
