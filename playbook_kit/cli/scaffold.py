"""`python -m playbook_kit new`: a new procedure with its checklist and pages.

Writes four files that pass every check at once, with placeholders marked
待填写, and says which line to add to the navigation.
"""
from __future__ import annotations

from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from playbook_kit.build.validate import validate
from playbook_kit.core.models import CHANNELS, Id
from playbook_kit.source.project_files import PAGES_DIR, safe_write

DATA = """\
# {title}: 新建的流程, 请把“待填写”换成原文内容。
# 每个步骤加 quotes: 从 data/original/ 的原文逐字复制支持它的句子(检查会核对);
# 原文没写由谁做, actor 保持 unspecified(原文未写明)。
procedures:
  - id: {id}
    title: {title}
    channel: {channel}
    summary: 待填写：一两句话说明这个流程做什么。
    sources: [{source}]
    steps:
      - id: step-1
        actor: unspecified
        action: 待填写：第一步做什么。
      - id: step-2
        actor: unspecified
        action: 待填写：第二步做什么。
      - id: step-3
        actor: unspecified
        action: 待填写：第三步做什么。
    unverified:
      - 新建的流程，步骤和执行岗位待填写。
"""

CHECKLIST = """\
id: checklist-{id}
title: {title}检查表
objective: 待填写：用这张检查表要保证什么。
type: READ-DO
version: "1.0"
source:
  procedure: {id}
audience: unspecified
coordinator: unspecified
pause_points:
  - id: all-steps
    title: 逐项核对
    items: [step-1, step-2, step-3]
"""

PAGE = """\
# {title}

待填写：这页给谁看、什么时候用。

{{{{ procedure('{id}') }}}}

{{{{ checklist_link('checklist-{id}') }}}}
"""

CHECKLIST_PAGE = """\
---
search:
  exclude: true
---

# {title}检查表

{{{{ checklist('checklist-{id}') }}}}
"""


def new_procedure(root: Path, record_id: str, channel: str, title: str, source: str) -> list[str]:
    """Create the files; returns messages for the editor (Chinese)."""
    try:  # the id names the files: `../../x` would write outside the repository
        TypeAdapter(Id).validate_python(record_id)
    except ValidationError:
        raise ValueError(f"编号 “{record_id}” 不合规: 只能用小写字母、数字和连字符, 例如 rtmart-returns") from None
    catalog, _ = validate(root)
    if channel not in CHANNELS:
        raise ValueError(f"未知渠道 “{channel}”, 可选: {'、'.join(CHANNELS)}")
    if catalog.find(record_id) or catalog.find(f"checklist-{record_id}"):
        raise ValueError(f"编号 “{record_id}” 已被使用")
    if source not in catalog.kind("sources"):
        raise ValueError(f"来源文档 “{source}” 不存在, 可选: {'、'.join(catalog.kind('sources'))}")
    values = dict(id=record_id, channel=channel, title=title, source=source)
    files = {
        root / "data" / channel / f"{record_id}.yml": DATA.format(**values),
        root / "checklists" / f"{record_id}.yml": CHECKLIST.format(**values),
        root / PAGES_DIR / channel / f"{record_id}.md": PAGE.format(**values),
        root / PAGES_DIR / "checklists" / f"checklist-{record_id}.md": CHECKLIST_PAGE.format(**values),
    }
    for path in files:
        if path.exists():
            raise ValueError(f"文件已存在: {path.relative_to(root)}")
    for path, text in files.items():
        safe_write(root, path.relative_to(root).as_posix(), text)
    created = [f"已创建 {path.relative_to(root).as_posix()}" for path in files]
    return created + [f"下一步: 在 mkdocs.yml 的 nav 里“{CHANNELS[channel]}”下面加一行:",
                      f"      - {title}: {channel}/{record_id}.md",
                      "然后填写“待填写”的内容, 运行 python -m playbook_kit check"]
