"""exports layer (see docs/architecture.md)."""
