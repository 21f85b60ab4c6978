"""Triage trees as versioned data (X5): load and check a tree, walk it along a path of chosen options.

Pure Python: no Django (an import-linter contract and tests/test_engine.py hold this). A tree lives in
``trees/<tree_id>/v<version>.yaml``; old versions stay on disk, so a path recorded on a case can always be read
against the tree it was walked on. A *path* is the tuple of option ids chosen from the root; a *ref*
(``<tree_id>:<version>:<a.b.c>``) is how the page hands a finished walk to a service.

Errors: ``TreeError`` is for tree authors (English, names the file and node); ``PathError`` is for citizens
(Chinese, shown as is) and is raised for any path the tree does not have.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_DEPTH = 20  # a longer path is forged; the shipped trees are 3 levels deep
FILE = re.compile(r"^v([1-9][0-9]{0,5})\.yaml$")


class ServiceCode(StrEnum):
    """The services an end node may recommend; selectors.SERVICE_LINKS maps each to a real page."""

    LEGAL_AID = "legal_aid"
    MEDIATION = "mediation"
    NOTARY = "notary"
    APPRAISAL = "appraisal"
    CONSULTATION = "consultation"
    COMPLAINT = "complaint"


class TreeError(ValueError):
    """The tree data is broken (an authoring mistake); raised at load time, never for a citizen's input."""


class PathError(ValueError):
    """The path does not exist in the tree. The message is Chinese and shown to the citizen."""

    def __init__(self, message: str = "这条导航路径无效，请从头开始。") -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    next: str
    text_en: str = ""


@dataclass(frozen=True)
class Node:
    """A question (with options) or an end node (with a service and a one-line reason)."""

    id: str
    text: str
    options: tuple[Option, ...] = ()
    service: ServiceCode | None = None
    why: str = ""
    text_en: str = ""
    why_en: str = ""

    @property
    def is_end(self) -> bool:
        return self.service is not None

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Tree:
    tree_id: str
    version: int
    title: str
    root: str
    nodes: Mapping[str, Node]
    title_en: str = ""

    def end_nodes(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes.values() if n.is_end)


@dataclass(frozen=True)
class Position:
    """Where a path leads: the node reached and the (question, chosen option) pairs on the way."""

    node: Node
    path: tuple[str, ...]
    trail: tuple[tuple[Node, Option], ...]


@dataclass(frozen=True)
class Ref:
    tree_id: str
    version: int
    path: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.tree_id}:{self.version}:{path_format(self.path)}"


# -- loading -------------------------------------------------------------------------------------------------------


def _text(data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise TreeError(f"{where}: '{key}' must be non-empty text")
    return value.strip()


def _id(value: Any, where: str) -> str:
    if not isinstance(value, str) or not ID.match(value):
        raise TreeError(f"{where}: id {value!r} must match {ID.pattern}")
    return value


def _option(data: Any, where: str) -> Option:
    if not isinstance(data, Mapping):
        raise TreeError(f"{where}: an option must be a mapping")
    option_id = _id(data.get("id"), where)
    here = f"{where} option {option_id}"
    return Option(
        id=option_id,
        text=_text(data, "text", here),
        next=_id(data.get("next"), here),
        text_en=_text(data, "text_en", here, required=False),
    )


def _node(node_id: str, data: Any, where: str) -> Node:
    here = f"{where} node {node_id}"
    if not isinstance(data, Mapping):
        raise TreeError(f"{here}: must be a mapping")
    raw_options, raw_service = data.get("options"), data.get("service")
    if (raw_options is None) == (raw_service is None):
        raise TreeError(f"{here}: needs either 'options' (a question) or 'service' (an end node)")
    text, text_en = _text(data, "text", here), _text(data, "text_en", here, required=False)
    if raw_service is not None:
        if raw_service not in ServiceCode.__members__.values():
            raise TreeError(
                f"{here}: unknown service {raw_service!r}; known: {[c.value for c in ServiceCode]}"
            )
        return Node(
            id=node_id,
            text=text,
            text_en=text_en,
            service=ServiceCode(raw_service),
            why=_text(data, "why", here),
            why_en=_text(data, "why_en", here, required=False),
        )
    if not isinstance(raw_options, list) or not raw_options:
        raise TreeError(f"{here}: 'options' must be a non-empty list")
    options = tuple(_option(o, here) for o in raw_options)
    ids = [o.id for o in options]
    if len(set(ids)) != len(ids):
        raise TreeError(f"{here}: option ids repeat: {ids}")
    return Node(id=node_id, text=text, text_en=text_en, options=options)


def _check_graph(tree: Tree, where: str) -> None:
    """Every option leads to a node, nothing loops back, and every node can be reached from the root."""
    for node in tree.nodes.values():
        for option in node.options:
            if option.next not in tree.nodes:
                raise TreeError(
                    f"{where} node {node.id} option {option.id}: leads to missing node {option.next!r}"
                )
    reached: set[str] = set()

    def visit(node_id: str, stack: tuple[str, ...]) -> None:
        if node_id in stack:
            raise TreeError(f"{where}: cycle {' -> '.join((*stack, node_id))}")
        reached.add(node_id)
        for option in tree.nodes[node_id].options:
            visit(option.next, (*stack, node_id))

    visit(tree.root, ())
    unreachable = sorted(set(tree.nodes) - reached)
    if unreachable:
        raise TreeError(f"{where}: nodes not reachable from the root: {unreachable}")


def tree_from_data(data: Any, *, where: str = "tree") -> Tree:
    """Build and check a tree from parsed YAML/JSON; raise TreeError naming ``where`` on any defect."""
    if not isinstance(data, Mapping):
        raise TreeError(f"{where}: must be a mapping")
    tree_id = _id(data.get("tree_id"), where)
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise TreeError(f"{where}: 'version' must be a positive whole number")
    nodes_data = data.get("nodes")
    if not isinstance(nodes_data, Mapping) or not nodes_data:
        raise TreeError(f"{where}: 'nodes' must be a non-empty mapping")
    nodes = {_id(k, where): _node(k, v, where) for k, v in nodes_data.items()}
    root = _id(data.get("root"), where)
    if root not in nodes:
        raise TreeError(f"{where}: root {root!r} is not a node")
    if nodes[root].is_end:
        raise TreeError(f"{where}: the root must be a question")
    tree = Tree(
        tree_id=tree_id,
        version=version,
        title=_text(data, "title", where),
        title_en=_text(data, "title_en", where, required=False),
        root=root,
        nodes=nodes,
    )
    _check_graph(tree, where)
    return tree


Library = Mapping[str, Mapping[int, Tree]]


def library_load(root: Path) -> dict[str, dict[int, Tree]]:
    """Read every ``<tree_id>/v<version>.yaml`` under ``root``; the directory and file name must match the data."""
    library: dict[str, dict[int, Tree]] = {}
    for path in sorted(root.glob("*/*.yaml")):
        where = f"{path.parent.name}/{path.name}"
        match = FILE.match(path.name)
        if match is None:
            raise TreeError(f"{where}: file names are v<version>.yaml")
        tree = tree_from_data(yaml.safe_load(path.read_text(encoding="utf-8")), where=where)
        if tree.tree_id != path.parent.name or tree.version != int(match.group(1)):
            raise TreeError(f"{where}: tree_id/version differ from the directory and file name")
        library.setdefault(tree.tree_id, {})[tree.version] = tree
    return library


def library_current(library: Library, tree_id: str) -> Tree:
    """The newest version of a tree is the one citizens walk."""
    versions = library[tree_id]
    return versions[max(versions)]


# -- walking -------------------------------------------------------------------------------------------------------


def path_parse(text: str) -> tuple[str, ...]:
    """``"a.b.c"`` → ``("a", "b", "c")``; empty text is the root. Anything else raises PathError."""
    if not text:
        return ()
    parts = tuple(text.split("."))
    if len(parts) > MAX_DEPTH or not all(ID.match(p) for p in parts):
        raise PathError()
    return parts


def path_format(path: Sequence[str]) -> str:
    return ".".join(path)


def tree_walk(tree: Tree, path: Sequence[str]) -> Position:
    """Follow ``path`` from the root; raise PathError if an option is not offered where it is chosen."""
    node = tree.nodes[tree.root]
    trail: list[tuple[Node, Option]] = []
    for option_id in path:
        option = node.option(option_id)
        if option is None:
            raise PathError()
        trail.append((node, option))
        node = tree.nodes[option.next]
    return Position(node=node, path=tuple(path), trail=tuple(trail))


def path_carries_over(old: Tree, new: Tree, path: Sequence[str]) -> bool:
    """True when ``path`` asks and answers exactly the same questions in ``new`` as in ``old`` (same node ids,
    question texts and option texts). Only then may a walk started on ``old`` continue on ``new``."""
    try:
        before, after = tree_walk(old, path), tree_walk(new, path)
    except PathError:
        return False

    def shape(position: Position) -> list[tuple[str, str, str]]:
        return [(node.id, node.text, option.text) for node, option in position.trail]

    return shape(before) == shape(after)


def ref_parse(text: str) -> Ref:
    """``service_guide:1:a.b`` → Ref. Syntax only: whether the tree, version and path exist is ``ref_resolve``."""
    parts = text.split(":")
    if len(parts) != 3 or not ID.match(parts[0]) or not re.fullmatch(r"[1-9][0-9]{0,5}", parts[1]):
        raise PathError()
    return Ref(tree_id=parts[0], version=int(parts[1]), path=path_parse(parts[2]))


def ref_resolve(library: Library, ref: Ref) -> tuple[Tree, Position]:
    """The tree and the end node a ref names; PathError if the tree, version or path is unknown or unfinished."""
    tree = library.get(ref.tree_id, {}).get(ref.version)
    if tree is None:
        raise PathError()
    position = tree_walk(tree, ref.path)
    if not position.node.is_end:
        raise PathError()
    return tree, position
