"""Check kinds, one module per family; see registry.py."""

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
