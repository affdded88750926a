"""The team's web page over the audit store, read-only: evidence lookup, findings,
the report (app.py); who may read it (auth.py); `mailaudit web` runs it (serve.py)."""
