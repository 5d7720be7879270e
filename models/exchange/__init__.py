"""Records between installations: transfer packages (``packages`` and the modules behind it),
installation keys and sender trust (``keys``), merging versions and conflicts (``merge``,
``compare``), a record's state from everything received and who is trusted, whatever the order
(``settle``), return packages (``returns``) and what the transfer screen shows (``transfer``).

Imports ``models.records``, ``models.store``, ``models.base``.
"""
