"""Validate a project: every check, then every page rendered as the build will.

The one validator behind three doors: the build (`site.prepare`), the tests and
the editors' command (`python -m playbook_kit check`) all call `validate()` and
report the same located problems.
"""
from __future__ import annotations

from pathlib import Path

from playbook_kit.checks.run import run_checks
from playbook_kit.core.problems import Problem, sort_problems
from playbook_kit.render.renderer import Renderer
from playbook_kit.source.catalog import Catalog, load_catalog
from playbook_kit.source.pages import scan_pages


def validate(root: Path) -> tuple[Catalog, list[Problem]]:
    catalog, problems, _ = validate_and_render(root)
    return catalog, problems


def validate_and_render(root: Path) -> tuple[Catalog, list[Problem], Renderer | None]:
    """The catalogue, its problems sorted, and the renderer that rendered every
    page (None when a problem came first: a broken record would only be
    reported again)."""
    catalog = load_catalog(Path(root))
    if catalog.unreadable:
        # records of an unreadable file are missing: fix the YAML first
        return catalog, sort_problems(catalog.problems), None
    run_checks(catalog)
    renderer = render_pages(catalog)
    return catalog, sort_problems(catalog.problems), renderer


def render_pages(catalog: Catalog) -> Renderer | None:
    """Render every page in the sandbox the build uses: a page the build would
    reject fails here, with the same located message."""
    if any(p.is_error for p in catalog.problems):
        return None
    renderer = Renderer(catalog)
    for path, text in scan_pages(catalog).texts.items():
        _, problems = renderer.render_page(path, text)
        catalog.problems.extend(problems)
    return renderer
