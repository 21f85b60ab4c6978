"""X5: the triage engine, table-tested: loading checks, walking, refs, and carrying a walk over to a new version."""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fawang.triage import engine
from fawang.triage.engine import (
    PathError,
    Ref,
    ServiceCode,
    TreeError,
    library_current,
    library_load,
    path_carries_over,
    path_parse,
    ref_parse,
    ref_resolve,
    tree_from_data,
    tree_walk,
)


def _data(version: int = 1) -> dict[str, Any]:
    """A fresh small tree each call (no shared mutable sample): root → (a → end_x | end_y) | end_z."""
    return {
        "tree_id": "demo",
        "version": version,
        "title": "演示",
        "root": "root",
        "nodes": {
            "root": {
                "text": "哪类事？",
                "options": [
                    {"id": "a", "text": "甲", "next": "q_a"},
                    {"id": "z", "text": "不清楚", "next": "end_z"},
                ],
            },
            "q_a": {
                "text": "再问一句？",
                "options": [
                    {"id": "x", "text": "是", "next": "end_x"},
                    {"id": "y", "text": "否", "next": "end_y"},
                ],
            },
            "end_x": {"text": "去调解", "service": "mediation", "why": "民间纠纷免费调解。"},
            "end_y": {"text": "去援助", "service": "legal_aid", "why": "经济困难可申请。"},
            "end_z": {"text": "先咨询", "service": "consultation", "why": "先问问。"},
        },
    }


@pytest.mark.parametrize(
    ("_case", "path", "node_id", "service"),
    [
        ("the empty path is the root question", (), "root", None),
        ("one answer leads to the next question", ("a",), "q_a", None),
        ("two answers reach an end node", ("a", "x"), "end_x", ServiceCode.MEDIATION),
        ("the other branch", ("a", "y"), "end_y", ServiceCode.LEGAL_AID),
        ("a short branch", ("z",), "end_z", ServiceCode.CONSULTATION),
    ],
)
def test_walk(_case: str, path: tuple[str, ...], node_id: str, service: ServiceCode | None) -> None:
    position = tree_walk(tree_from_data(_data()), path)
    assert (position.node.id, position.node.service, position.path) == (node_id, service, path)
    assert [option.id for _, option in position.trail] == list(path)


@pytest.mark.parametrize(
    ("_case", "path"),
    [
        ("an option the root does not offer", ("x",)),
        ("an option of another question", ("a", "z")),
        ("an answer after the end node", ("z", "x")),
        ("an unknown option", ("nope",)),
    ],
)
def test_an_invalid_path_raises_a_chinese_error(_case: str, path: tuple[str, ...]) -> None:
    with pytest.raises(PathError) as caught:
        tree_walk(tree_from_data(_data()), path)
    assert caught.value.message == "这条导航路径无效，请从头开始。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ()),
        ("a", ("a",)),
        ("dispute.willing", ("dispute", "willing")),
        ("a." * 19 + "a", ("a",) * 20),
    ],
)
def test_path_parse(text: str, expected: tuple[str, ...]) -> None:
    assert path_parse(text) == expected


@pytest.mark.parametrize(
    "text", ["A", "a..b", ".a", "a.", "a b", "a/../b", "1a", "a." * 20 + "a", "选项", "a" * 41]
)
def test_path_parse_refuses_junk(text: str) -> None:
    with pytest.raises(PathError):
        path_parse(text)


def test_ref_round_trip() -> None:
    ref = ref_parse("service_guide:3:dispute.willing")
    assert ref == Ref(tree_id="service_guide", version=3, path=("dispute", "willing"))
    assert str(ref) == "service_guide:3:dispute.willing"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "demo",
        "demo:1",
        "demo:0:a",
        "demo:x:a",
        "demo:1:A",
        "Demo:1:a",
        "demo:1:a:b",
        "demo:-1:a",
        "demo:01:a",
    ],
)
def test_ref_parse_refuses_junk(text: str) -> None:
    with pytest.raises(PathError):
        ref_parse(text)


@pytest.mark.parametrize(
    ("_case", "text", "end"),
    [
        ("an end node", "demo:1:a.x", "end_x"),
        ("an unfinished walk", "demo:1:a", None),
        ("the root", "demo:1:", None),
        ("an unknown version", "demo:2:a.x", None),
        ("an unknown tree", "other:1:a.x", None),
        ("a path the tree does not have", "demo:1:a.z", None),
    ],
)
def test_ref_resolve(_case: str, text: str, end: str | None) -> None:
    library = {"demo": {1: tree_from_data(_data())}}
    if end is None:
        with pytest.raises(PathError):
            ref_resolve(library, ref_parse(text))
    else:
        tree, position = ref_resolve(library, ref_parse(text))
        assert (tree.version, position.node.id) == (1, end)


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _drop(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


@pytest.mark.parametrize(
    ("_case", "change", "message"),
    [
        ("repeated option ids", _set(("nodes", "q_a", "options", 1, "id"), "x"), "option ids repeat"),
        ("an option to nowhere", _set(("nodes", "q_a", "options", 0, "next"), "gone"), "missing node 'gone'"),
        ("a cycle", _set(("nodes", "q_a", "options", 0, "next"), "root"), "cycle root -> q_a -> root"),
        (
            "an unreachable node",
            _set(("nodes", "orphan"), {"text": "孤", "service": "notary", "why": "无"}),
            "orphan",
        ),
        ("an unknown service", _set(("nodes", "end_x", "service"), "lottery"), "unknown service 'lottery'"),
        ("an end node without a reason", _drop(("nodes", "end_x", "why")), "'why' must be non-empty"),
        (
            "a node that is both",
            _set(("nodes", "end_x", "options"), [{"id": "a", "text": "甲", "next": "end_y"}]),
            "either 'options'",
        ),
        ("a node that is neither", _drop(("nodes", "end_x", "service")), "either 'options'"),
        ("no options", _set(("nodes", "q_a", "options"), []), "non-empty list"),
        ("the root is an end node", _set(("root",), "end_z"), "the root must be a question"),
        ("the root is missing", _set(("root",), "nowhere"), "root 'nowhere' is not a node"),
        ("version zero", _set(("version",), 0), "positive whole number"),
        ("a version as text", _set(("version",), "2026-01-01"), "positive whole number"),
        ("a Chinese id", _set(("tree_id",), "导航"), "must match"),
        (
            "an empty option text",
            _set(("nodes", "root", "options", 0, "text"), " "),
            "'text' must be non-empty",
        ),
        ("YAML read 'No' as false", _set(("nodes", "root", "options", 0, "text_en"), False), "'text_en'"),
    ],
)
def test_a_broken_tree_is_refused(_case: str, change: Callable[[dict[str, Any]], None], message: str) -> None:
    data = _data()
    change(data)
    with pytest.raises(TreeError, match=message.replace("(", r"\(")):
        tree_from_data(data)


def _changed(**texts: str) -> dict[str, Any]:
    data = _data(version=2)
    for node_id, text in texts.items():
        data["nodes"][node_id]["text"] = text
    return data


def _without_y() -> dict[str, Any]:
    data = _data(version=2)
    data["nodes"]["q_a"]["options"].pop()
    del data["nodes"]["end_y"]
    return data


@pytest.mark.parametrize(
    ("_case", "new", "path", "carries"),
    [
        ("nothing changed", _data(version=2), ("a", "x"), True),
        ("a question further on changed", _changed(q_a="改了？"), ("a",), True),
        ("a question on the way changed", _changed(q_a="改了？"), ("a", "x"), False),
        ("another branch changed", _changed(q_a="改了？"), ("z",), True),
        ("the option was removed", _without_y(), ("a", "y"), False),
    ],
)
def test_path_carries_over(_case: str, new: dict[str, Any], path: tuple[str, ...], carries: bool) -> None:
    assert path_carries_over(tree_from_data(_data()), tree_from_data(new), path) is carries


def test_an_option_text_change_stops_the_carry_over() -> None:
    new = _data(version=2)
    new["nodes"]["root"]["options"][0]["text"] = "甲（新）"
    assert path_carries_over(tree_from_data(_data()), tree_from_data(new), ("a",)) is False


def _write(root: Path, name: str, text: str) -> None:
    (root / "demo").mkdir(exist_ok=True)
    (root / "demo" / name).write_text(text, encoding="utf-8")


def _yaml(version: int) -> str:
    import yaml

    return yaml.safe_dump(_data(version=version), allow_unicode=True)


def test_library_keeps_every_version_and_the_newest_is_current(tmp_path: Path) -> None:
    _write(tmp_path, "v1.yaml", _yaml(1))
    _write(tmp_path, "v2.yaml", _yaml(2))
    library = library_load(tmp_path)
    assert sorted(library["demo"]) == [1, 2]
    assert library_current(library, "demo").version == 2


@pytest.mark.parametrize(
    ("name", "version", "message"),
    [("v2.yaml", 1, "differ from the directory"), ("1.yaml", 1, "file names are v<version>.yaml")],
)
def test_library_file_names_must_match(tmp_path: Path, name: str, version: int, message: str) -> None:
    _write(tmp_path, name, _yaml(version))
    with pytest.raises(TreeError, match=message):
        library_load(tmp_path)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_engine_imports_only_yaml_and_the_standard_library() -> None:
    """STYLE §6: a pure engine (also an import-linter contract)."""
    others = {
        m
        for m in _imports(Path(engine.__file__))
        if m != "yaml" and m.split(".")[0] not in sys.stdlib_module_names
    }
    assert others == set()
