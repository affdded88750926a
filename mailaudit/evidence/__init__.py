"""The evidence log of ad-placement instructions: ingest, the ledger (hash chain),
proof and verify, DKIM, threads, lookup, export bundles, reconciliation."""
