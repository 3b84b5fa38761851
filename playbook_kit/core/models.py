"""One declaration per kind of record.

These pydantic models are the single statement of what the data may hold:
they validate the YAML, give typed access to the templates, and generate the
JSON Schemas editors' tools use (`python -m playbook_kit schema`).
Titles and descriptions are Chinese because editors read them in VS Code.
"""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=2, max_length=64,
                          title="编号", description="小写字母、数字和连字符, 例如 rtmart-new-product")]
Text = Annotated[str, Field(min_length=1, title="文本")]
SourceIds = Annotated[list[Id], Field(min_length=1, title="来源文档",
                                      description="此记录出自哪些来源文档(sources 中的编号)")]

Unit = Literal["天", "周", "个月", "年", "小时", "人", "元", "%", "次", "个", "名", "家", "米", "平方米", "SKU", "倍"]

CHANNELS = {
    "ka": "KA 卖场",
    "wholesale": "批发渠道",
    "auto-4s": "汽车 4S 店",
    "dealer": "经销商开发与管理",
    "oil": "成品油",
    "software": "软件代理",
    "sales": "通用销售流程",
}
Channel = Literal["ka", "wholesale", "auto-4s", "dealer", "oil", "software", "sales"]

# the role id data uses where the source does not say who acts
UNSPECIFIED = "unspecified"


class Strict(BaseModel):
    # defer_build: a model's validator is built when first used, not at import
    # (about 0.1 s of every build and check; DataFile is only for the JSON Schema)
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class CleanedQuote(Strict):
    """A source fragment that had to be cleaned (OCR duplication removed, a flattened
    flowchart's pieces put back together, an obvious typo kept as is)."""
    text: Text = Field(title="整理后的原文", description="只能由原文里连续的片段拼成(每段至少两个字), 不能加自己的话")
    cleaned: Text = Field(title="整理说明", description="做了什么整理, 例如 去掉 OCR 重复")


class DecisionQuote(Strict):
    """A verbatim fragment of one of the organisation's registered decisions
    (a 通知, 制度, 会议纪要 or 邮件确认 in data/decisions/), the authority for a
    fact that differs from or adds to the originals."""
    text: Text = Field(title="决定原文", description="从 data/decisions/<编号>.txt 逐字摘录")
    decision: Id = Field(title="决定编号", description="sources.yml 里 decisions 下登记的编号")


Quote = Union[Text, CleanedQuote, DecisionQuote]
Quotes = Annotated[list[Quote], Field(
    title="原文片段", description="这条内容出自原文的哪句话: 原文逐字摘录(不改标点); 去掉 OCR 重复等整理过的写成 {text, cleaned}; "
                                  "出自组织的决定的写成 {text, decision}")]
Date = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", title="日期", description="YYYY-MM-DD, 请加引号, 例如 \"2026-12-01\"")]


class ResolvedNote(Strict):
    """A 待核实 note that someone confirmed: it stays in the data with who, when and on what authority."""
    note: Text = Field(title="待核实", description="原来的待核实说明, 原样保留")
    confirmed_by: Id = Field(title="核实岗位", description="谁核实的(roles 中的编号)")
    confirmed_on: Date = Field(title="核实日期")
    authority: Id = Field(title="依据", description="核实所依据的决定(sources.yml 里 decisions 下的编号)")


Unverified = Annotated[list[Union[Text, ResolvedNote]], Field(
    title="待核实", description="原文缺失、不清或存疑之处; 页面上会显示为“待核实”。核实后不要删除, 写成 "
                               "{note, confirmed_by, confirmed_on, authority}")]


def is_open(note) -> bool:
    """A 待核实 note nobody has confirmed yet (a plain string); a ResolvedNote is settled."""
    return isinstance(note, str)


def open_notes(item) -> list[str]:
    """The item's 待核实 notes still open: what keeps it out of quizzes and marks it 待核实."""
    return [note for note in getattr(item, "unverified", None) or [] if is_open(note)]


def note_text(note) -> str:
    return note if isinstance(note, str) else note.note


def walk_models(value, path: tuple = ()):
    """(key path, model) of a record and every model inside it (quotes left out)."""
    if isinstance(value, BaseModel):
        yield path, value
        for name in type(value).model_fields:
            if name != "quotes":
                yield from walk_models(getattr(value, name), path + (name,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from walk_models(item, path + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_models(item, path + (key,))


def decision_quotes(item) -> list[DecisionQuote]:
    """The decision fragments an item rests on: in its own quotes, its time limit's and its quantities'."""
    found: list[DecisionQuote] = []
    quantities = list((getattr(item, "quantities", None) or {}).values())
    limit = getattr(item, "time_limit", None)
    for holder in [item, *quantities, *([limit.amount] if limit else [])]:
        found += [q for q in getattr(holder, "quotes", None) or [] if isinstance(q, DecisionQuote) and q not in found]
    return found


def decisions_quoted(item) -> list[str]:
    """Ids of the decisions an item quotes (see `decision_quotes`), in order."""
    return list(dict.fromkeys(quote.decision for quote in decision_quotes(item)))


class Record(Strict):
    """Fields every record has."""
    id: Id
    sources: SourceIds
    quotes: Quotes = Field(default_factory=list)
    unverified: Unverified = Field(default_factory=list)
    # quantity names: lowercase letters, digits and underscores (they sit inside {record-id.name})
    quantities: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], "Quantity"] = Field(
        default_factory=dict, title="数量",
        description="带单位的数字; 名称只用小写字母、数字和下划线(如 pull_back); 文本里用 {名称} 引用, 其他记录用 {记录编号.名称} 引用")


class Quantity(Strict):
    value: float = Field(title="数值", description="数字; 范围时为下限")
    max: float | None = Field(default=None, title="上限", description="范围的上限, 例如 5–10 人中的 10")
    unit: Unit = Field(title="单位")
    approx: bool = Field(default=False, title="约数", description="原文为约数(如“十几个”)时为 true")
    wording: str | None = Field(default=None, title="原文写法",
                                description="原文的说法照抄, 页面上按它显示, 例如 “10几个SKU”(value 11, max 19)、“至少3倍以上”")
    quotes: Quotes = Field(default_factory=list)

    @model_validator(mode="after")
    def _range(self) -> "Quantity":
        if self.max is not None and self.max < self.value:
            raise ValueError("上限 max 不能小于下限 value")
        if self.wording is not None and ("几" in self.wording or "多" in self.wording) and (
                self.max is None or not self.approx):
            raise ValueError("“几”“多”是约数范围: 请写 value、max(十几 = 11 到 19)和 approx: true")
        if self.wording is not None and ("十几" in self.wording or "10几" in self.wording) and (
                self.value, self.max) != (11, 19):
            raise ValueError("“十几”是 11 到 19: 请写 value: 11, max: 19")
        return self


class TimeLimit(Strict):
    amount: Quantity = Field(title="时长")
    relation: Literal["内", "前", "后"] = Field(title="关系", description="“2 天内”为 内, “开业前 1 个月”为 前")
    anchor: str | None = Field(default=None, title="参照事件", description="例如 新店开业、活动日")


class Link(Strict):
    title: Text
    url: str = Field(title="链接", description="只允许 http(s)、mailto 或站内相对路径")


# --- catalogue kinds ---------------------------------------------------------

class Role(Record):
    name: Text = Field(title="岗位名称")
    aliases: list[Text] = Field(default_factory=list, title="别称")
    organisation: Literal["本公司", "经销商", "卖场", "客户", "其他"] = Field(title="所属方")
    description: Text = Field(title="职责说明")


class Term(Record):
    term: Text = Field(title="术语")
    aliases: list[Text] = Field(default_factory=list, title="同义写法")
    definition: Text = Field(title="释义", description="给新员工看的白话解释")
    see_also: list[Id] = Field(default_factory=list, title="相关术语")
    pages: list[Text] = Field(default_factory=list, title="也在这些页面标注",
                              description="释义只适用于本术语来源文档的页面; 别的页面也用这个意思时列在这里, 如 dealer/manual.md")
    not_inside: list[Text] = Field(default_factory=list, title="不在这些词里标注",
                                   description="含本术语但意思不同的更长的词, 如“渠道”的“沟通渠道”")


class SourceDoc(Strict):
    id: Id
    order: int = Field(ge=1, title="原文顺序")
    title: Text = Field(title="原文标题")
    channel: Channel = Field(title="渠道")
    condition: Text = Field(title="原文状况", description="例如 OCR 重复、流程图被压平、内容截断")
    owner: Id = Field(title="负责岗位", description="负责这篇内容准确性的岗位(roles 中的编号)")
    reviewed: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", title="最近审核日期",
                                   description="YYYY-MM-DD, 请加引号, 例如 \"2026-11-27\"")]
    review_every_days: int = Field(ge=1, title="审核周期(天)", description="超过这个天数未审核, 检查会给出警告")
    quotes: Quotes = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list, title="链接")


DECISION_DIR = "data/decisions"  # data/decisions/<id>.txt: each registered decision's text
ORIGINAL_DIR = "data/original"   # the originals, each registered under `originals:` with its hash
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", title="SHA-256",
                              description="文件内容的 SHA-256(64 位小写十六进制); check 会给出正确的值")]


class OriginalText(Strict):
    """A file of original documents under data/original/, pinned by its hash: the originals never change."""
    id: Id
    file: Annotated[str, Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]*\.txt$", max_length=128, title="文件名",
                               description="data/original/ 下的文件名")]
    sha256: Sha256
    title: Text = Field(title="说明", description="这个文件收了哪些原文")


class Decision(Strict):
    """One of the organisation's recorded decisions: an authority facts may quote
    beside the originals. Its text is data/decisions/<id>.txt, pinned by its hash."""
    id: Id
    type: Literal["通知", "制度", "会议纪要", "邮件确认"] = Field(title="类型")
    title: Text = Field(title="标题", description="决定的标题, 页面上显示为 “2026-12-01 起按《标题》”")
    date: Date = Field(title="生效日期")
    issued_by: Id = Field(title="发布岗位", description="谁发布或确认的(roles 中的编号)")
    reference: Text = Field(title="文号或链接", description="文件编号(如 KA〔2026〕17 号)或邮件、纪要的链接")
    owner: Id = Field(title="负责岗位", description="负责这份决定在手册里准确的岗位(roles 中的编号); 审核人按它确定")
    sha256: Sha256 | None = Field(default=None, title="SHA-256",
                                  description="data/decisions/<编号>.txt 的 SHA-256; 先不写, check 会给出要填的值")


# --- procedures --------------------------------------------------------------

class Step(Strict):
    id: Id
    actor: Id = Field(title="执行岗位", description="roles 中的编号")
    action: Text = Field(title="动作")
    time_limit: TimeLimit | None = Field(default=None, title="时限")
    outputs: list[Text] = Field(default_factory=list, title="产出/表单")
    notes: list[Text] = Field(default_factory=list, title="要点")
    risks: list[Text] = Field(default_factory=list, title="风险")
    unverified: Unverified = Field(default_factory=list)
    quotes: Quotes = Field(default_factory=list)


class Procedure(Record):
    title: Text = Field(title="流程名称")
    channel: Channel = Field(title="渠道")
    summary: Text = Field(title="概述")
    steps: list[Step] = Field(min_length=1, title="步骤")
    notes: list[Text] = Field(default_factory=list, title="备注")


class Rule(Strict):
    id: Id
    text: Text = Field(title="规则", description="可用 {名称} 引用记录里的 quantities")
    roles: list[Id] = Field(default_factory=list, title="相关岗位")
    unverified: Unverified = Field(default_factory=list)
    quotes: Quotes = Field(default_factory=list)


class RuleSet(Record):
    title: Text = Field(title="规则名称")
    channel: Channel = Field(title="渠道")
    summary: Text = Field(title="概述")
    rules: list[Rule] = Field(min_length=1, title="规则")


class FormField(Strict):
    id: Id
    label: Text = Field(title="栏目")
    description: Text = Field(title="填写说明")
    quotes: Quotes = Field(default_factory=list)


class Form(Record):
    title: Text = Field(title="表单名称")
    channel: Channel = Field(title="渠道")
    purpose: Text = Field(title="用途")
    fields: list[FormField] = Field(min_length=1, title="栏目")
    notes: list[Text] = Field(default_factory=list, title="备注")


# --- decision tables -----------------------------------------------------------

Cell = Union[str, int, float, bool, list[Union[str, int, float]]]


class DecisionInput(Strict):
    id: Id
    label: Text = Field(title="条件名称")
    type: Literal["enum", "number", "boolean"] = Field(title="类型")
    values: list[Union[str, int]] = Field(default_factory=list, title="可选值", description="enum 类型的全部取值")
    unit: Unit | None = Field(default=None, title="单位")
    min: float | None = Field(default=None, title="下限", description="number 类型的取值下限")
    max: float | None = Field(default=None, title="上限", description="number 类型的取值上限")


class DecisionOutput(Strict):
    id: Id
    label: Text = Field(title="结论名称")
    priority: list[Text] = Field(default_factory=list, title="优先顺序",
                                 description="命中策略 P 时必填: 结论取值从高到低的优先顺序")


class DecisionRule(Strict):
    id: Id
    when: dict[str, Cell] = Field(title="条件", description="每个条件一格: 值、值列表、区间 [30..60)、>= 60 或 - (任意); 数字可写 {记录编号.数量名}")
    then: dict[str, Text] = Field(title="结论")
    sources: list[Id] = Field(default_factory=list, title="来源文档")
    note: str | None = Field(default=None, title="说明")
    quotes: Quotes = Field(default_factory=list)
    constructed: str | None = Field(default=None, title="编者推导",
                                    description="原文没有这一行、由编者推出来时必填: 说明怎样推出来的; 页面上标为“编者整理”")


class DecisionTable(Record):
    title: Text = Field(title="决策表名称")
    channel: Channel = Field(title="渠道")
    question: Text = Field(title="要回答的问题")
    hit_policy: Literal["U", "A", "P", "F", "C"] = Field(title="命中策略",
                                                         description="U 唯一, A 任意, P 优先, F 首条, C 汇总")
    inputs: list[DecisionInput] = Field(min_length=1, title="条件")
    outputs: list[DecisionOutput] = Field(min_length=1, title="结论")
    rules: list[DecisionRule] = Field(min_length=1, title="规则")
    impossible: list[dict[str, Cell]] = Field(default_factory=list, title="不可能的组合")
    construction: str | None = Field(default=None, title="编者整理的阅读辅助",
                                     description="原文没有给出这张表的规则、由编者整理时必填: 说明依据; 页面上醒目标出“不是原文规定”")


# --- dealer operating models -----------------------------------------------------

class OperatingModel(Record):
    name: Text = Field(title="模式名称")
    aliases: list[Text] = Field(default_factory=list, title="别称")
    order: int = Field(ge=1, title="排序")
    delivery: Text = Field(title="配送由谁承担")
    capital: Text = Field(title="资金由谁承担")
    market_costs: Text = Field(title="市场费用由谁承担")
    margin: Text = Field(title="经销商毛利")
    examples: list[Text] = Field(default_factory=list, title="典型例子")
    advantages: list[Text] = Field(default_factory=list, title="优势")
    risks: list[Text] = Field(default_factory=list, title="风险/缺点")
    manpower: str | None = Field(default=None, title="厂家人力投入")
    fits_when: str | None = Field(default=None, title="适用情形")


# --- events --------------------------------------------------------------------

class Deadline(Strict):
    day: int = Field(title="相对活动日", description="活动日为 0, 活动前 7 天为 -7, 活动后 3 天为 3")
    until_day: int | None = Field(default=None, title="截止相对日", description="一段时间时的结束日")


class StagePart(Strict):
    """A numbered part of a stage (e.g. 7-1 重点客户致谢) with its own deadline."""
    id: Id
    title: Text = Field(title="环节名称")
    owner: Id | None = Field(default=None, title="负责岗位", description="不填则沿用所属阶段的负责岗位")
    deadline: Deadline | None = Field(default=None, title="时间(相对活动日)")
    tasks: list[Text] = Field(min_length=1, title="工作内容")
    unverified: Unverified = Field(default_factory=list)
    quotes: Quotes = Field(default_factory=list)


class Stage(Strict):
    id: Id
    order: int = Field(ge=1, title="顺序")
    title: Text = Field(title="阶段名称")
    owner: Id = Field(title="负责岗位")
    deadline: Deadline | None = Field(default=None, title="时间(相对活动日)")
    tasks: list[Text] = Field(default_factory=list, title="工作内容")
    parts: list[StagePart] = Field(default_factory=list, title="环节", description="阶段下编号的环节, 如 7-1、7-2")
    deliverables: list[Text] = Field(default_factory=list, title="交付物")
    unverified: Unverified = Field(default_factory=list)
    quotes: Quotes = Field(default_factory=list)

    @model_validator(mode="after")
    def _content(self) -> "Stage":
        if not self.tasks and not self.parts:
            raise ValueError("阶段至少要有 tasks(工作内容)或 parts(环节)之一")
        return self


class Event(Record):
    title: Text = Field(title="活动名称")
    channel: Channel = Field(title="渠道")
    summary: Text = Field(title="概述")
    stages: list[Stage] = Field(min_length=1, title="阶段")


# --- scripts -------------------------------------------------------------------

class ScriptLine(Strict):
    speaker: Id = Field(title="说话人", description="roles 中的编号")
    text: Text = Field(title="话术")
    note: str | None = Field(default=None, title="说明")
    quotes: Quotes = Field(default_factory=list)


class Script(Record):
    title: Text = Field(title="话术名称")
    channel: Channel = Field(title="渠道")
    scenario: Text = Field(title="场景")
    roles: list[Id] = Field(min_length=1, title="参与岗位")
    lines: list[ScriptLine] = Field(min_length=1, title="台词")
    step: str | None = Field(default=None, title="对应步骤", description="流程编号/步骤编号, 例如 auto-reception/greet")


# --- checklists (checklists/*.yml) ---------------------------------------------------

class PausePoint(Strict):
    id: Id
    title: Text = Field(title="暂停点", description="在哪个时刻停下来核对, 例如 “提报新品前”")
    items: list[Id] = Field(min_length=1, title="条目", description="来源流程的步骤编号(或活动的阶段编号); 条目文字从来源记录生成")


class Excluded(Strict):
    item: Id = Field(title="不上检查表的步骤", description="来源流程的步骤编号")
    reason: Text = Field(title="理由", description="为什么这一步不需要在检查表上核对")


class ChecklistSource(Strict):
    procedure: Id | None = Field(default=None, title="来源流程")
    event: Id | None = Field(default=None, title="来源活动")

    @model_validator(mode="after")
    def _one(self) -> "ChecklistSource":
        if (self.procedure is None) == (self.event is None):
            raise ValueError("procedure 和 event 必须且只能填一个")
        return self


class Checklist(Strict):
    id: Id
    title: Text = Field(title="检查表名称")
    objective: Text = Field(title="目的")
    type: Literal["READ-DO", "DO-CONFIRM"] = Field(title="类型", description="READ-DO 边读边做; DO-CONFIRM 做完再核对")
    version: Annotated[str, Field(pattern=r"^\d+\.\d+$", title="版本", description="例如 1.0")]
    source: ChecklistSource = Field(title="来源")
    audience: Id = Field(title="使用岗位")
    coordinator: Id = Field(title="负责核对签字的岗位")
    critical: list[Id] = Field(default_factory=list, title="关键条目", description="必须放在各暂停点最前面")
    pause_points: list[PausePoint] = Field(min_length=1, title="暂停点")
    excluded: list[Excluded] = Field(default_factory=list, title="不上检查表的步骤",
                                     description="来源流程里每一步要么在某个暂停点上, 要么在这里写明不上的理由")


# --- files ---------------------------------------------------------------------------

KINDS = {
    "roles": Role,
    "terms": Term,
    "sources": SourceDoc,
    "procedures": Procedure,
    "rule_sets": RuleSet,
    "forms": Form,
    "decision_tables": DecisionTable,
    "operating_models": OperatingModel,
    "events": Event,
    "scripts": Script,
    "originals": OriginalText,
    "decisions": Decision,
}

KIND_NAMES = {
    "roles": "岗位",
    "terms": "术语",
    "sources": "来源文档",
    "procedures": "流程",
    "rule_sets": "规则",
    "forms": "表单",
    "decision_tables": "决策表",
    "operating_models": "经营模式",
    "events": "活动",
    "scripts": "话术",
    "checklists": "检查表",
    "originals": "原文文件",
    "decisions": "决定",
}

# field name -> kind whose ids it holds (a scalar id or a list of ids), in every model
REFERENCE_FIELDS = {"actor": "roles", "owner": "roles", "audience": "roles", "coordinator": "roles",
                    "speaker": "roles", "roles": "roles", "sources": "sources", "see_also": "terms",
                    "issued_by": "roles", "confirmed_by": "roles", "decision": "decisions", "authority": "decisions"}
ROLE_FIELDS = frozenset(name for name, kind in REFERENCE_FIELDS.items() if kind == "roles")
# kind -> its fields holding lists of items (steps, rules, …), each item with its own id and quotes
ITEM_FIELDS = {"procedures": ("steps",), "rule_sets": ("rules",), "forms": ("fields",),
               "decision_tables": ("rules",), "events": ("stages",), "scripts": ("lines",)}
# the kinds whose records belong to a channel (checklists follow their procedure's or event's)
CHANNEL_KINDS = ("procedures", "events", "rule_sets", "decision_tables", "forms", "scripts")


class DataFile(Strict):
    """A file in data/: any of the kinds, each a list of records."""
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True,
                              title="经销商市场操作手册数据文件")
    roles: list[Role] = Field(default_factory=list, title="岗位")
    terms: list[Term] = Field(default_factory=list, title="术语")
    sources: list[SourceDoc] = Field(default_factory=list, title="来源文档")
    procedures: list[Procedure] = Field(default_factory=list, title="流程")
    rule_sets: list[RuleSet] = Field(default_factory=list, title="规则")
    forms: list[Form] = Field(default_factory=list, title="表单")
    decision_tables: list[DecisionTable] = Field(default_factory=list, title="决策表")
    operating_models: list[OperatingModel] = Field(default_factory=list, title="经营模式")
    events: list[Event] = Field(default_factory=list, title="活动")
    scripts: list[Script] = Field(default_factory=list, title="话术")
    originals: list[OriginalText] = Field(default_factory=list, title="原文文件")
    decisions: list[Decision] = Field(default_factory=list, title="决定")


Record.model_rebuild()
