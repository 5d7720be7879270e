"""Form entry: the screens an enumerator works in (window, sections, question widgets, roster)."""
