"""The committed JSON Schemas match the model declaration."""
from conftest import ROOT
from playbook_kit.cli.schema import SCHEMAS, schema_text


def test_committed_schemas_are_current():
    for relative, model in SCHEMAS.items():
        committed = (ROOT / relative).read_text(encoding="utf-8")
        assert committed == schema_text(model), f"{relative} 已过期: 运行 python -m playbook_kit schema"


def test_schemas_hold_no_ids_from_the_data():
    """Adding a role, term or source never makes a schema stale (nor two editors' terms conflict in it)."""
    text = (ROOT / "schemas/data-file.schema.json").read_text(encoding="utf-8")
    for data_id in ("regional-ka", "rtmart-manual", '"enum": [\n          "auto-4s'):
        assert data_id not in text


def test_schema_has_chinese_titles_for_editors():
    text = (ROOT / "schemas/data-file.schema.json").read_text(encoding="utf-8")
    for title in ("执行岗位", "时限", "来源文档", "待核实", "命中策略"):
        assert title in text
