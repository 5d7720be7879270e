"""One record's life in this database: created and edited through the form engine
(``editor``), listed and searched (``queries``), reviewed (``review``), checked for possible
duplicates (``duplicates``); answers as flat paths (``flat``).

Imports ``models.store`` and ``models.base`` (and the form engine in ``forms``).
"""
