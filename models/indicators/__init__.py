"""The report's indicators and the commune index (C-DAI): read ``forms/indicators.toml``, evaluate
each expression vectorised over the records, group, suppress, weight. Returns plain data that
``exports/report.py`` renders.

Imports ``models.records``, ``models.setup``, ``models.store``, ``models.base``.
"""
