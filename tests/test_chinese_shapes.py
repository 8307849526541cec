"""How Chinese news structures a sentence, one row each: subjects carried across clauses, pointing
words, passives, objects put before the verb, joint agents, lists, appositive names, short forms.

The sentences are written for these tests, not taken from any evaluation article. A row passes
when extraction proposes each fact ("Source TYPE Target", names as written; "Source ~ Target" for
a pair of any type or direction) and none of the ``absent`` ones.
"""

from __future__ import annotations

import functools

import pytest

from kg.ingest.extract import Extraction
from kg.ingest.zh.extract import ChineseExtractor
from tests.test_rules_zh import _names_of

ROWS = [
    # subject carried from an earlier clause; the whole list of a subject
    ("至少十家中央企业已将盘古大模型接入业务，覆盖能源、通信和金融等行业。", ["中央企业 IN_SECTOR 通信", "中央企业 IN_SECTOR 金融"], []),
    ("在油气领域，中国石化与中国海油、国家管网等企业均表示，已将各自平台与DeepSeek-R1打通。",
     ["中国海油 USES DeepSeek-R1", "国家管网 USES DeepSeek-R1", "国家管网 IN_SECTOR 油气"], []),
    # the clause's subject cannot do it: nothing rather than a guess
    ("国家数据局印发通知。《通知》支持突破高端芯片，加快建设数据调度平台。", [], ["国家数据局 ~ 数据调度平台"]),
    # passives and fronted objects
    ("贵安智算中心位于贵州，由中国电信运营。", ["中国电信 OPERATES 贵安智算中心", "贵安智算中心 LOCATED_IN 贵州"], []),
    ("由麒麟软件打造的国产桌面操作系统银河麒麟发布了新版本。", ["麒麟软件 DEVELOPS 银河麒麟"], []),
    ("中国石化将盘古大模型接入生产系统。", ["中国石化 DEPLOYS 盘古"], []),
    ("长安的智能驾驶系统基于SDA平台打造，并由天枢大模型赋能。", ["长安 ~ 天枢大模型", "长安 ~ SDA平台"], []),
    # pointing words and a kind's word opening a clause
    ("麒麟软件发布了银河麒麟操作系统。这一系统可在办公、交通和医疗等领域落地。",
     ["银河麒麟操作系统 IN_SECTOR 办公", "银河麒麟操作系统 IN_SECTOR 医疗"], []),
    # joint agents, partners with words between, a unit stated with 是
    ("中国电信联合华为发布星河平台。", ["中国电信 LAUNCHES 星河平台", "华为 LAUNCHES 星河平台"], []),
    ("早在2019年，中国移动便与华为展开多领域合作。", ["中国移动 PARTNERS_WITH 华为"], []),
    ("麒麟软件是中国电子信息产业集团有限公司（简称“中国电子”）旗下的企业。", ["麒麟软件 PART_OF 中国电子"], []),
    # places: a thing named before 在X开幕, a dateline, a place within a known one
    ("2024世界智能产业博览会在天津开幕。", ["2024世界智能产业博览会 LOCATED_IN 天津"], []),
    ("四川甘孜讯　当地水电站上线了智能巡检平台。", ["甘孜 PART_OF 四川"], []),
    # roles: a chain of titles, a role at the company the text is about
    ("全国两会期间，全国政协委员、中国工程院院士，中国石化董事长马永生接受采访。",
     ["马永生 HOLDS_ROLE 全国政协", "马永生 HOLDS_ROLE 中国工程院", "马永生 HOLDS_ROLE 中国石化",
      "马永生 PARTICIPATES_IN 全国两会"], []),
    # a list of institutions is not a list of fields
    ("中国电子研发金融大模型，服务银行、保险、证券等金融机构。", [], ["中国电子 ~ 银行"]),
    # a pointing word with a kind's word: the last thing named with that word, though another came later
    ("麒麟软件发布了星光操作系统，并推出了天枢推理引擎。这一系统可在办公、医疗等领域落地。",
     ["星光操作系统 IN_SECTOR 办公"], ["天枢推理引擎 ~ 办公"]),
    # a relative clause names its own agent, or none: 与 reaches over it ("与1月20日发布的X打通")
    ("中国石化与国家管网等企业均表示，已将各自的大模型与1月20日发布的DeepSeek-R1打通。",
     ["中国石化 USES DeepSeek-R1", "国家管网 USES DeepSeek-R1"], []),
    ("华为去年发布的盘古大模型已在电网应用。", ["华为 LAUNCHES 盘古大模型"], []),
    ("中国移动召开发布会。公司自主研发的九天大模型已在电网应用。", ["中国移动 DEVELOPS 九天大模型"], []),
    # 借助/基于 X opening a sentence: its subject follows the comma; none named, no guess
    ("中国石化召开年度会议。借助盘古大模型，国家电网上线了智能客服平台。", ["国家电网 USES 盘古大模型"],
     ["中国石化 ~ 盘古大模型"]),
    ("中国石化召开年度会议。借助盘古大模型，电厂检修时间缩短一半。", [], ["中国石化 ~ 盘古大模型"]),
    # scenarios of an organisation named in the sentence are its own, not the last model's
    ("华为发布了盘古大模型。国家能源集团正加快推进智能巡检、智慧矿山等场景应用。",
     ["国家能源集团 DEPLOYS 智能巡检", "国家能源集团 DEPLOYS 智慧矿山"], ["智能巡检 ~ 盘古大模型"]),
    ("华为发布了盘古大模型。中国华电已在无人值守、智慧燃料等场景落地应用。",
     ["中国华电 DEPLOYS 无人值守"], ["无人值守 ~ 盘古大模型", "中国华电正 ~ 无人值守"]),
]  # fmt: skip


@functools.cache
def _extractor() -> ChineseExtractor:
    return ChineseExtractor([])  # the gazetteer only


def _pairs(result: Extraction) -> tuple[set[tuple[str, str, str]], set[frozenset[str]]]:
    names = _names_of(result)
    typed = {(s, f.type, t) for f in result.facts for s in names.get(f.source, {f.source})
             for t in names.get(f.target, {f.target})}  # fmt: skip
    return typed, {frozenset((s, t)) for s, _, t in typed}


def _parse(fact: str) -> tuple[str, str, str]:
    source, rel, target = fact.split(" ")
    return source.strip("“”"), rel, target.strip("“”")


@pytest.mark.parametrize(("text", "facts", "absent"), ROWS, ids=[r[0][:12] for r in ROWS])
def test_chinese_sentence_shapes(text: str, facts: list[str], absent: list[str]) -> None:
    result = _extractor().extract(text, "2025-06-01", scope="shape")
    typed, pairs = _pairs(result)
    for fact in facts:
        source, rel, target = _parse(fact)
        found = frozenset((source, target)) in pairs if rel == "~" else (source, rel, target) in typed
        assert found, f"{fact!r} not proposed from {text!r}: {sorted(typed)}"
    for fact in absent:
        source, _, target = _parse(fact)
        assert frozenset((source, target)) not in pairs, f"{fact!r} proposed from {text!r}"


def test_a_pointing_word_before_a_description_names_nothing_new() -> None:
    """ "这一能源化工大模型" points back to the model named before; it is no model of its own,
    and no name starts with the pointing word's numeral (一…)."""
    text = "中国铁建发布了“天工”大模型。该集团表示，这一工程建造大模型已用于隧道施工。"
    result = _extractor().extract(text, "2025-06-01", scope="shape")
    names = {m.text for m in result.nodes}
    assert not any("工程建造大模型" in n for n in names), names
    assert not any(n.startswith("一") for n in names), names


def test_an_appositive_names_the_thing_and_a_short_form_is_the_same_entity() -> None:
    text = "华电金上巴塘水电站实现全容量投产。巴塘水电站位于西藏。会上发布了开源操作系统openKylin 1.0版本。"
    result = _extractor().extract(text, "2025-06-01", scope="shape")
    named = {m.text: result.nodes[m].key for m in result.nodes}
    assert named["华电金上巴塘水电站"] == named["巴塘水电站"]
    assert named["openKylin 1.0"] and "开源操作系统" not in named
