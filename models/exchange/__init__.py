"""Records between installations: transfer packages (``packages`` and the modules behind it),
installation keys and sender trust (``keys``), merging versions and conflicts (``merge``,
``compare``), return packages (``returns``) and what the transfer screen shows (``transfer``).

Imports ``models.records``, ``models.store``, ``models.base``.
"""
