"""A page module that fails to import (used by the start-up tests)."""

raise RuntimeError("this page module is broken on purpose")
