"""Check kinds, one module per family. Each registers its kinds with
@check_kind (mailaudit/engine/kinds.py, which lists the families)."""
