"""Every Chinese extraction rule's own examples, one test row each (``kg/ingest/rules/zh``).

The sentences are written for the rules, not taken from any evaluation article. A row passes
when extraction finds in the example what the record says (names with their type, or facts as
"Source TYPE Target" with the names as written), and the rule itself is among what found it.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest

from kg.ingest.extract import Extraction
from kg.ingest.rules import load_rules
from kg.ingest.zh.extract import ChineseExtractor
from tests.test_rules import _split

RULES = load_rules(language="zh")
NAME_RULES = [*RULES.names.kinds, *RULES.names.phrases, *RULES.names.figures, *RULES.names.dates]
NAME_CASES = [pytest.param(r, e, id=f"{r.id}-{i}") for r in NAME_RULES for i, e in enumerate(r.examples)]
RELATION_CASES = [
    pytest.param(r, e, id=f"{r.id}-{i}") for r in RULES.relations for i, e in enumerate(r.examples)
]


@functools.cache
def _extractor() -> ChineseExtractor:
    return ChineseExtractor([])  # the gazetteer only


def _extract(text: str) -> Extraction:
    return _extractor().extract(text, "2025-06-01", scope="example")


def _bare(name: str) -> str:
    return name.strip("“”")


@pytest.mark.parametrize(("rule", "example"), NAME_CASES)
def test_chinese_recognition_rule_finds_its_examples(rule: Any, example: Any) -> None:
    result = _extract(example.text)
    found = {m.text: result.nodes[m].type for m in result.nodes}
    found |= {f.text: "FIGURE" for f in result.found.figures} | {d.text: "DATE" for d in result.found.dates}
    for text, kind in example.names.items():
        assert text in found, f"{rule.id}: {text!r} not found in {example.text!r}: {sorted(found)}"
        assert found[text] == kind, f"{rule.id}: {text!r} is {found[text]}, not {kind}"


def _names_of(result: Extraction) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {k: {_bare(n) for n in (e.name, *e.aliases, e.name_zh or "")}
                                for k, e in _extractor().entities.items()}  # fmt: skip
    for mention, node in result.nodes.items():
        out.setdefault(node.key, set()).update({_bare(mention.text), _bare(node.name)})
    for key, node in result.candidates.items():
        out.setdefault(key, set()).add(_bare(node.name))
    return out


@pytest.mark.parametrize(("rule", "example"), RELATION_CASES)
def test_chinese_relation_rule_finds_its_examples(rule: Any, example: Any) -> None:
    result = _extract(example.text)
    names = _names_of(result)
    stated = {(s, f.type, t) for f in result.facts for s in names.get(f.source, {f.source})
              for t in names.get(f.target, {f.target})}  # fmt: skip
    for fact in example.facts:
        source, rel, target = _split(fact)
        assert (_bare(source), rel, _bare(target)) in stated, (
            f"{rule.id}: {fact!r} not proposed from {example.text!r}"
        )
    assert any(f.rule.split(":")[0] == rule.id for f in result.facts), f"{rule.id} proposed nothing"


# What is not a name, one row each: (sentence, names found with their type, texts not proposed).
# A description made only of qualifiers names a kind of thing, not one thing; the proper name
# after it is the entity. The sentences are written for these tests.
NOT_NAMES = [
    (
        "该企业打造了桌面操作系统、云操作系统和嵌入式操作系统三大产品。",
        {},
        ["桌面操作系统", "云操作系统", "嵌入式操作系统"],
    ),
    (
        "规划提出加快推动大模型一体机、端侧推理芯片和工业云部署。",
        {},
        ["大模型一体机", "端侧推理芯片", "工业云"],
    ),
    ("由华为打造的国产服务器操作系统欧拉发布了新版本。", {"欧拉": "Platform"}, ["国产服务器操作系统"]),
    ("公司已建成国家级技术体系和控制系统。", {}, ["技术体系", "控制系统"]),
    # places abroad by the gazetteer's Chinese names
    (
        "中国移动在西班牙巴塞罗那举行的大会上发布了新产品，并与沙特企业签约。",
        {"西班牙": "Location", "巴塞罗那": "Location", "沙特": "Location"},
        [],
    ),
    # a name does not run over a conjunction, a time word or a verb of having
    ("汽车业务稳步推进，飞行汽车则计划于2026年量产。", {}, ["飞行汽车则计划"]),
    ("该社区成立于2022年，截至发布时已有50万社区成员。", {}, ["时已有50万社区"]),
    # a count of the clause's subject is not a result; a growth rate belongs to the figure before it
    ("至少12家中央企业已将盘古大模型接入生产系统。", {"中央企业": "SOE"}, ["至少12家"]),
    ("中国一汽的销量从2019年的3万辆增长到2024年的70万辆，年均增长60%。", {}, ["年均增长60%"]),
    # a goal's name leaves out the time phrase before it and keeps the noun after its count
    (
        "集团发布“星火2.0”计划，未来5年将推出20款智能新车型。",
        {"推出20款智能新车型": "Target"},
        ["未来5年将推出20款"],
    ),
    (
        "煤矿上线了井下安全监测平台，并出台人工智能整体规划。",
        {"井下安全监测平台": "Platform", "人工智能整体规划": "Policy"},
        [],
    ),
    # a group's short name and a place written as one word: the group's unit there, not the place
    ("国网江苏此前已部署巡检机器人。", {"国网江苏": "SOE"}, ["江苏"]),
    ("中核武汉和南网广东都已接入该平台。", {"中核武汉": "SOE", "南网广东": "SOE"}, ["武汉", "广东"]),
    # a description, then the quoted name it describes: the name is the one thing
    ("招商银行发布开源百亿参数金融大模型“一招”。", {"一招": "AIModel"}, ["开源百亿参数金融大模型"]),
    # the owner's name, then a known model's quoted name and its kind: that model, owner named apart
    ("华为“盘古”大模型已在矿山应用。", {"华为“盘古”大模型": "AIModel", "华为": "Company"}, []),
    # a field inside a job's title, and a model's size: neither is a thing of its own
    ("云计算公司汽车行业总经理王立强到访长春。", {"王立强": "Person"}, ["汽车行业"]),
    ("集团基于千问140亿参数模型打造了GPT-BI平台。", {"GPT-BI": "Platform"}, ["140亿参数模型打造了GPT"]),
    # a quoted name after its field's word: the name and its kind; a plain "…体系" names no one thing
    ("钢企联合华为推出钢铁“玄铁”大模型。", {"“玄铁”大模型": "AIModel"}, ["钢铁“玄铁”大模型"]),
    (
        "两部门提出构建能源与人工智能融合创新体系和“五位一体”能力体系。",
        {"“五位一体”能力体系": "Initiative"},
        ["能源与人工智能融合创新体系"],
    ),
    # a group's branch in a place is named with the group (not "广西分公司", which every group has)
    ("联合华为、中国移动广西分公司推出平台。", {"中国移动广西分公司": "SOE"}, ["广西分公司"]),
    # people listed after one title
    (
        "会上，副总经理邓明远、袁晨、王立强分别发言。",
        {"邓明远": "Person", "袁晨": "Person", "王立强": "Person"},
        [],
    ),
]


@pytest.mark.parametrize(("text", "names", "absent"), NOT_NAMES, ids=[r[0][:10] for r in NOT_NAMES])
def test_descriptions_and_fragments_are_not_names(
    text: str, names: dict[str, str], absent: list[str]
) -> None:
    result = _extract(text)
    found = {m.text: result.nodes[m].type for m in result.nodes}
    for name, kind in names.items():
        assert found.get(name) == kind, f"{name!r} not found as {kind} in {text!r}: {found}"
    assert not set(absent) & set(found), f"{sorted(set(absent) & set(found))} proposed from {text!r}"


def test_a_relative_clause_without_its_agent_is_not_the_subjects_doing() -> None:
    result = _extract("中国石化与国家管网等企业均表示，已将各自的大模型与1月20日发布的DeepSeek-R1打通。")
    names = _names_of(result)
    launched = {
        (s, t) for f in result.facts if f.type == "LAUNCHES" for s in names[f.source] for t in names[f.target]
    }
    assert not launched, launched  # DeepSeek released it, not the companies that joined it


def test_a_name_without_its_owners_short_name_is_the_same_entity() -> None:
    result = _extract(
        "中国石化长城大模型正式发布。会上介绍，中国移动“九天”、中国石化“长城”等大模型已具备推理能力。"
    )
    keys = {m.text: n.key for m, n in result.nodes.items()}
    assert keys["长城"] == keys["中国石化长城大模型"], keys
    assert keys["九天"] != keys["长城"]


def test_a_list_of_fields_with_no_industry_among_them_names_no_sector() -> None:
    # a bank's functions before 领域 are no sectors; the same list before 行业, or with one
    # industry among the 领域, still is
    functions = _extract("该行已在客户服务、风险控制、办公等领域试点大模型。")
    assert not [m.text for m in functions.nodes if functions.nodes[m].type == "Sector"]
    mixed = _extract("该平台已在金融、客户服务等领域落地。")
    assert {"金融", "客户服务"} <= {m.text for m in mixed.nodes if mixed.nodes[m].type == "Sector"}


# What is not a fact, one row each: (sentence, facts it must not give as "Source TYPE Target").
NOT_FACTS = [
    # what A made is the thing named right after 的, not what that thing was later linked to
    ("南方电网此前自主研发的大语言模型都已接入DeepSeek。", ["南方电网 DEVELOPS DeepSeek"]),
]


@pytest.mark.parametrize(("text", "absent"), NOT_FACTS, ids=[r[0][:10] for r in NOT_FACTS])
def test_what_a_sentence_does_not_say_is_not_proposed(text: str, absent: list[str]) -> None:
    result = _extract(text)
    names = _names_of(result)
    stated = {(s, f.type, t) for f in result.facts for s in names.get(f.source, {f.source})
              for t in names.get(f.target, {f.target})}  # fmt: skip
    for fact in absent:
        source, rel, target = _split(fact)
        assert (_bare(source), rel, _bare(target)) not in stated, f"{fact!r} proposed from {text!r}"
    assert result.facts or result.nodes  # the sentence was read: names were found in it


def test_a_company_shortened_to_its_stem_is_the_company_named_in_full() -> None:
    # the short form first, as a headline has it, then the registered name
    result = _extract("华北重型公司扩产。华北重型机械制造有限公司发布了新系统，华北公司另有安排。")
    keys = {m.text: n.key for m, n in result.nodes.items()}
    assert keys["华北重型公司"] == keys["华北重型机械制造有限公司"]
