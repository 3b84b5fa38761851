"""Reviews: every source document has an existing owner and a real review
date, and a review that is due is reported."""
from __future__ import annotations

import os
from datetime import date

from playbook_kit.checks.references import check_reference
from playbook_kit.source.catalog import Catalog


def today() -> date:
    """The date reviews are measured against (PLAYBOOK_TODAY=YYYY-MM-DD overrides, for tests)."""
    override = os.environ.get("PLAYBOOK_TODAY")
    return date.fromisoformat(override) if override else date.today()


def check_reviews(catalog: Catalog) -> None:
    """Every document has an existing owner and a real review date; warn when a review is due."""
    now = today()
    for record_id, source in catalog.kind("sources").items():
        check_reference(catalog, "sources", record_id, ("owner",), source.owner, "roles", "岗位")
        try:
            reviewed = date.fromisoformat(source.reviewed)
        except ValueError:
            catalog.problem("sources", record_id, "reviewed", message=f"日期 “{source.reviewed}” 不存在",
                            hint="写成 \"2026-11-27\" 这样的年-月-日")
            continue
        if reviewed > now:
            catalog.problem("sources", record_id, "reviewed", message=f"最近审核日期 {source.reviewed} 在今天之后")
        elif (now - reviewed).days > source.review_every_days:
            catalog.problem("sources", record_id, "reviewed", severity="warning",
                            message=f"《{source.title}》已 {(now - reviewed).days} 天未审核(周期 {source.review_every_days} 天)",
                            hint=f"请{catalog.kind('roles')[source.owner].name if source.owner in catalog.kind('roles') else '负责人'}核对内容后更新 reviewed")
