"""The unit tree as it stood on a date, read from the units' spans (organizations.models.UnitSpan).

The treebeard path answers "now"; a report of a closed campaign asks "as of the campaign's end". One query
reads every span covering the date; the tree is then walked in memory (a province has a few thousand units),
so a report's query count does not depend on the tree's size or on how often it was restructured.

    tree = DatedTree.as_of(date(2023, 3, 31))
    tree.subtree(phu_tan.pk)        # ids of the unit and every unit under it on that day
    tree.name(unit_id)              # its name on that day
"""

import sys
from collections import defaultdict
from datetime import date
from functools import cached_property
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from common import versions
from common.replica import configured as replica_configured
from common.text import collation_key

from .models import Unit, UnitSpan

intern = sys.intern
KEPT_TREES = 8  # the trees a process keeps (common.versions.TREE's version, one per day asked: few at a time)
_kept: dict[tuple, "DatedTree"] = {}


class DatedNode(NamedTuple):  # a tuple: a province's thousands of nodes are built on every report
    pk: int
    parent_id: int | None
    name: str
    kind: str
    sector: str


def spans_covering(on: date):
    return UnitSpan.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )


class DatedTree:
    def __init__(self, on: date, nodes: dict[int, DatedNode]):
        self.on = on
        self.nodes = nodes

    @classmethod
    def as_of(cls, on: date | None = None) -> "DatedTree":
        on = on or timezone.localdate()
        rows = spans_covering(on).values_list("unit_id", "parent_id", "name", "kind", "sector")
        # Read as a stream, one node per unit, each name, kind and sector string kept once however many units
        # share it ("Chi đoàn ấp 1" in every commune): a national tree's memory is its nodes, not copies of text.
        nodes = {
            pk: DatedNode(pk, parent_id, intern(name), intern(kind), intern(sector))
            for pk, parent_id, name, kind, sector in rows.iterator(chunk_size=5000)
        }
        return cls(on, nodes)

    @classmethod
    def kept_as_of(cls, on: date | None = None) -> "DatedTree":
        """`as_of`, kept in this process under the tree's version: a report's page reads the tree on every view,
        and it changes only with a write to the units, spans or lineage, which moves that version. Read afresh
        where a replica serves the reads (it may be behind what the version says)."""
        on = on or timezone.localdate()
        if replica_configured():
            return cls.as_of(on)
        key = (on, versions.current(versions.TREE))
        tree = _kept.get(key)
        if tree is None:
            tree = _kept[key] = cls.as_of(on)
            while len(_kept) > KEPT_TREES:
                _kept.pop(next(iter(_kept)))  # the oldest first
        return tree

    def __contains__(self, pk) -> bool:
        return pk in self.nodes

    @cached_property
    def _children(self) -> dict[int | None, list[int]]:
        children = defaultdict(list)
        for node in self.nodes.values():
            # A parent not alive that day (bad data) would hide the branch: hang it at the top instead.
            children[node.parent_id if node.parent_id in self.nodes else None].append(node.pk)
        return children

    def children(self, pk: int) -> list[int]:
        return list(self._children.get(pk, ()))

    def roots(self) -> list[int]:
        return list(self._children.get(None, ()))

    def ancestors(self, pk: int) -> list[int]:
        """The units above `pk`, nearest first (cycles cannot be stored, but a walk never loops)."""
        chain, seen = [], {pk}
        node = self.nodes.get(pk)
        while node is not None and node.parent_id in self.nodes and node.parent_id not in seen:
            chain.append(node.parent_id)
            seen.add(node.parent_id)
            node = self.nodes[node.parent_id]
        return chain

    def subtree(self, pk: int) -> list[int]:
        """`pk` and every unit under it that day, in walk order (a unit not alive that day: empty)."""
        if pk not in self.nodes:
            return []
        found, stack = [], [pk]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(self._children.get(current, ()))
        return found

    def is_under(self, pk: int, ancestor: int) -> bool:
        return pk == ancestor or ancestor in self.ancestors(pk)

    def name(self, pk: int) -> str:
        node = self.nodes.get(pk)
        return node.name if node else ""

    def path_names(self, pk: int, below: int | None = None) -> list[str]:
        """Names from just under `below` (or the top) down to `pk`."""
        chain = [pk, *self.ancestors(pk)]
        if below is not None and below in chain:
            chain = chain[: chain.index(below)]
        return [self.name(unit) for unit in reversed(chain)]


class DatedSubtree:
    """A unit's subtree in a dated tree: what a report of that day groups by."""

    def __init__(self, root: Unit, tree: DatedTree):
        self.root = root
        self.tree = tree
        self._child_of: dict[int, int] | None = None

    @property
    def on(self) -> date:
        return self.tree.on

    def ids(self) -> list[int]:
        return self.tree.subtree(self.root.pk)

    def child_of(self) -> dict[int, int]:
        """Each unit of the subtree → the child of the root it falls under (the root → itself). Computed once
        per subtree: the dashboard's coverage, results and chart all group by it."""
        if self._child_of is None:
            self._child_of = self._walk_children()
        return self._child_of

    def _walk_children(self) -> dict[int, int]:
        found = {self.root.pk: self.root.pk}
        for child in self.tree.children(self.root.pk):
            for pk in self.tree.subtree(child):
                found[pk] = child
        return found

    def children(self) -> list[Unit]:
        """The root's children that day, named as they were then, in Vietnamese order."""
        ids = self.tree.children(self.root.pk)
        units = list(Unit.objects.filter(pk__in=ids)) if ids else []
        for unit in units:
            unit.name = self.tree.name(unit.pk)
        return sorted(units, key=lambda unit: collation_key(unit.name))

    def walk(self) -> list[tuple[int, int]]:
        """(unit id, depth below the root) of the subtree in tree order, siblings in Vietnamese order."""
        found, stack = [], [(self.root.pk, 0)]
        while stack:
            pk, depth = stack.pop()
            found.append((pk, depth))
            below = sorted(self.tree.children(pk), key=lambda c: collation_key(self.tree.name(c)), reverse=True)
            stack.extend((child, depth + 1) for child in below)
        return found
