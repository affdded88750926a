"""Reconciliation fed from the evidence log instead of mail files.

The matching itself is reconcile.py's; this module reads the stored
instructions (all, or a selection), lets an amendment that names no advertiser
carry its thread's (as `search --advertiser` does), and keeps which record
each outcome belongs to.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..extract.model import Instruction
from ..store.queries import instruction_records
from .reconcile import Operation, Reconciliation, reconcile, same_advertiser
from .records import ensure_tables

if TYPE_CHECKING:  # pragma: no cover
    from ..store.store import Store


@dataclass
class StoredReconciliation:
    result: Reconciliation
    ids: list[int]  # record id of each outcome, in the order of result.outcomes

    def to_dict(self) -> dict[str, Any]:
        data = self.result.to_dict()
        for rid, item in zip(self.ids, data["instructions"], strict=True):
            item["id"] = rid
        return data

    def status_of(self) -> dict[int, dict[str, Any]]:
        """record id -> its outcome (status, operation, differences)."""
        return {rid: item for rid, item in zip(self.ids, self.to_dict()["instructions"], strict=True)}


def stored_instructions(store: Store, ids: Iterable[int] | None = None) -> list[tuple[int, Instruction]]:
    db = store.db
    ensure_tables(db)
    wanted = None
    if ids is not None:
        wanted = sorted(set(ids))
        if not wanted:
            return []
    out = []
    for rid, record, inherited in instruction_records(db, wanted):
        ins = Instruction.from_dict(json.loads(record))
        ins.advertiser = ins.advertiser or inherited
        ins.source = f"evidence #{rid}"  # what the text report shows as the origin
        out.append((rid, ins))
    return out


def reconcile_stored(
    store: Store,
    operations: list[Operation],
    ids: Iterable[int] | None = None,
    *,
    advertiser: str | None = None,
) -> StoredReconciliation:
    """Reconcile stored instructions (all, or `ids`) with `operations`.

    With `advertiser`, operations for another advertiser are left out too: they
    would otherwise all be listed as operations no instruction asked for.
    Operations that name no advertiser stay in.
    """
    if advertiser:
        operations = [op for op in operations
                      if not op.advertiser or same_advertiser(op.advertiser, advertiser)]
    pairs = stored_instructions(store, ids)
    by_object = {id(ins): rid for rid, ins in pairs}
    result = reconcile([ins for _, ins in pairs], operations)
    return StoredReconciliation(result, [by_object[id(o.instruction)] for o in result.outcomes])


__all__ = ["StoredReconciliation", "reconcile_stored", "stored_instructions"]
