"""What every part of the core shares: typed errors and their bilingual messages, progress ticks of
long services, what a writing service changed (``changes.Changes``), numbers/dates/times as people here
read them, where the application keeps its files.

Imports nothing else from ``models``.
"""
