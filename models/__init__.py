"""The core below the screens: the SQLite store and every service that reads or changes it. No Qt here.

Sub-packages, from the bottom up (each imports only those below it; import-linter checks this,
``[tool.importlinter]`` in ``pyproject.toml``):

- ``base``: typed errors (code enums, ``AppError``, bilingual details; each sub-package declares its
  own codes in its ``errors`` module), progress ticks, what a service changed, number/date formats,
  where files live.
- ``store``: the SQLite file — connection, schema, the record and audit rows, migrations,
  revisions, backups. The only place that opens a database.
- ``setup``: the installation (role, user, place, language), administrative units, form names.
- ``records``: one record's life — create and edit through the engine, search and list queries,
  review, possible duplicates, flat answer paths.
- ``exchange``: records between installations — transfer packages (codec, crypto, read, write,
  import), keys and trust, merging versions, conflicts, return packages, the transfer screen's data.
- ``sync``, ``indicators``, ``demo``: independent of each other — OpenRosa sync with ODK Central,
  the report's indicators and the commune index, synthetic demo data.

See docs/architecture.md.
"""
