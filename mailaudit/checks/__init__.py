"""Check kinds, one module per family; the registry is mailaudit/engine/kinds.py."""

# Modules that register kinds. A rule file may only name a kind defined here.
KIND_MODULES = (
    "subject",
    "body",
    "attachments",
    "recipients",
    "generic",
    "topics",
    "adplacement",
)
