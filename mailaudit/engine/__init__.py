"""Rule files (rules.py), vocabularies (vocab.py), selection and levels (select.py),
the closed set of check kinds (kinds.py) and the Linter that runs them (linter.py)."""
