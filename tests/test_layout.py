"""The house keeps its shape (CONVENTIONS.md, Layout): no module over 400 lines, no import cycle
among the product modules, and every task the settings name is a registered Celery task.

The lists of today's exceptions can only shrink: a listed module that is no longer over, or a
listed cycle that is gone, fails the test too, so the list is emptied as the work lands.
"""

import importlib
import importlib.util
from collections.abc import Iterator
from pathlib import Path

import grimp
from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PRODUCT_PACKAGES = ("crag", "notifications", "reviews", "dashboard", "demo")
MAX_LINES = 400

# Product modules over MAX_LINES today: remove each as it shrinks. Issue 15 started with
# reviews/annual_report/document.py, demo/load_data.py, reviews/importer/core.py, reviews/forms.py and
# reviews/incidents/services.py here; all are now split.
STILL_OVER: set[str] = set()

# Import cycles among product modules today: remove each as it goes. Issue 15 started with
# reviews.annual_report.service <-> reviews.tasks and reviews.importer.core <-> its sections; both broken.
# Each is the set of modules that reach one another, written "a <-> b <-> c" in name order.
KNOWN_CYCLES: set[str] = set()


def _is_product(parts: tuple[str, ...]) -> bool:
    return "tests" not in parts and "migrations" not in parts


def _product_files() -> Iterator[Path]:
    for package in PRODUCT_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if _is_product(relative.parts) and relative != Path("crag/settings.py"):
                yield path


def _test_files() -> Iterator[Path]:
    yield ROOT / "conftest.py"
    for package in (*PRODUCT_PACKAGES, "tests"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "tests" in path.relative_to(ROOT).parts:
                yield path


def _over(paths: Iterator[Path]) -> dict[str, int]:
    """The files over MAX_LINES, with their sizes."""
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines()) for p in paths}
    return {path: size for path, size in sorted(sizes.items()) if size > MAX_LINES}


def test_no_product_module_is_over_400_lines_but_those_listed():
    over = _over(_product_files())
    unlisted = {path: size for path, size in over.items() if path not in STILL_OVER}
    shrunk = sorted(STILL_OVER - over.keys())
    assert unlisted == {}, f"product modules over {MAX_LINES} lines (split them by job): {unlisted}"
    assert shrunk == [], f"no longer over {MAX_LINES} lines: take them off STILL_OVER: {shrunk}"


def test_no_test_module_is_over_400_lines():
    over = _over(_test_files())
    assert over == {}, f"test modules over {MAX_LINES} lines (split them by behaviour): {over}"


def _strongly_connected(graph: grimp.ImportGraph, modules: set[str]) -> list[set[str]]:
    """Tarjan's algorithm over the imports among `modules` (iterative: no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    for root in sorted(modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root) & modules)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    imported = graph.find_modules_directly_imported_by(child) & modules
                    work.append((child, iter(sorted(imported))))
                elif child in on_stack:
                    low[module] = min(low[module], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == module:
                        break
                components.append(component)
    return components


def _import_cycles() -> set[str]:
    graph = grimp.build_graph(*PRODUCT_PACKAGES, cache_dir=None)
    modules = {m for m in graph.modules if _is_product(tuple(m.split(".")))}
    return {
        " <-> ".join(sorted(component))
        for component in _strongly_connected(graph, modules)
        if len(component) > 1 or component & graph.find_modules_directly_imported_by(next(iter(component)))
    }


def test_no_import_cycle_among_product_modules_but_those_listed():
    cycles = _import_cycles()
    new, gone = sorted(cycles - KNOWN_CYCLES), sorted(KNOWN_CYCLES - cycles)
    assert new == [], f"import cycles among product modules (break them): {new}"
    assert gone == [], f"these cycles are gone: take them off KNOWN_CYCLES: {gone}"


def test_every_task_the_settings_name_is_a_registered_celery_task():
    from crag.celery import app

    # The apps' tasks modules, imported as the worker's autodiscovery would, without the database.
    for config in apps.get_app_configs():
        if config.name in PRODUCT_PACKAGES and importlib.util.find_spec(f"{config.name}.tasks"):
            importlib.import_module(f"{config.name}.tasks")
    named = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} | set(
        settings.CELERY_TASK_ROUTES
    )
    assert named, "the settings name no task: this test would check nothing"
    unregistered = sorted(named - set(app.tasks))
    assert unregistered == [], (
        f"named in CELERY_BEAT_SCHEDULE or CELERY_TASK_ROUTES, not registered: {unregistered}"
    )
