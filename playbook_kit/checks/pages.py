"""Pages: every macro call names an existing record, channel or quantity, every
record is shown on some page, and the pages' links and navigation hold."""
from __future__ import annotations

from playbook_kit.checks.site_links import check_site_links
from playbook_kit.core.models import CHANNELS
from playbook_kit.core.problems import Problem, suggest
from playbook_kit.source.catalog import Catalog
from playbook_kit.source.pages import MACROS, records_shown, scan_pages


def _check_channel(catalog: Catalog, call) -> None:
    if call.argument not in CHANNELS:
        catalog.problems.append(Problem(call.page, call.line, call.column,
                                        f"渠道 “{call.argument}” 不存在", hint=suggest(call.argument, CHANNELS)))


def _check_quantity(catalog: Catalog, call) -> None:
    record_id, _, key = (call.argument or "").partition(".")
    found = catalog.find(record_id)
    if found is None or key not in getattr(found[1], "quantities", {}):
        catalog.problems.append(Problem(call.page, call.line, call.column,
                                        f"数量 “{call.argument}” 不存在",
                                        hint="写成 qty('记录编号.数量名')"))


def _shown_by(catalog: Catalog, call) -> set[tuple[str, str]]:
    """The (kind, record id) pairs a macro call shows; a call naming nothing
    that exists is reported here."""
    spec = MACROS[call.name]
    if spec.kind == "channel":
        _check_channel(catalog, call)
        return set()
    if spec.kind == "quantity":
        _check_quantity(catalog, call)
        return set()
    if spec.kind and call.argument not in catalog.invalid and call.argument not in catalog.kind(spec.kind):
        catalog.problems.append(Problem(call.page, call.line, call.column,
                                        f"宏 {call.name} 引用的编号 “{call.argument}” 不存在",
                                        hint=suggest(call.argument, catalog.kind(spec.kind))))
        return set()
    return set(records_shown(catalog, call))


def _macro_showing(kind: str, record_id: str) -> str:
    """The macro call an editor adds to a page to show a record of `kind`."""
    macro = next((n for n, s in MACROS.items() if s.kind == kind and s.covers), None)
    macro = macro or next((n for n, s in MACROS.items() if s.covers_all == kind), "")
    arg = "" if MACROS.get(macro) and MACROS[macro].covers_all else f"'{record_id}'"
    return f"{{{{ {macro}({arg}) }}}}"


def check_pages(catalog: Catalog) -> None:
    """Every macro call names an existing record; every record is rendered somewhere."""
    pages = scan_pages(catalog)
    catalog.problems.extend(pages.problems)
    catalog.problems.extend(check_site_links(catalog.root, pages.texts))
    if any(p.is_error for p in pages.problems):
        return  # a page that cannot be read lost its macro calls: "not shown anywhere" would be noise
    covered: set[tuple[str, str]] = set()
    for call in pages.calls:
        covered |= _shown_by(catalog, call)
    for kind, record_id, _ in list(catalog.all_records()):
        if (kind, record_id) not in covered:
            catalog.problem(kind, record_id, "id", message=f"记录 “{record_id}” 没有在任何页面上展示",
                            hint=f"在 playbooks/ 的某个页面里加上 {_macro_showing(kind, record_id)}")
