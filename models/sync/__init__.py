"""OpenRosa sync with ODK Central or KoboToolbox: the protocol client (``openrosa``, no database),
the outbox and sync log (``service``) and the secrets in the OS key store (``credentials``).

Imports ``models.store`` and ``models.base``; independent of ``exchange``, ``indicators`` and ``demo``.
"""
