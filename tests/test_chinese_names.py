"""New names of any length make valid keys, and no name starts or ends inside a pair of quotes or
brackets it leaves open: through ingest and the loaded graph, for Chinese and English names."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.ingest.brackets import balance, trim, unmatched
from kg.ingest.pipeline import ingest
from kg.model.records import KEY_LENGTH, bounded_key
from kg.seeds.load import load_seeds

LONG_TITLE = (
    "关于深入推进" + "人工智能与先进制造业、现代服务业和现代农业深度融合" * 2 + "的实施意见"
)  # 61 characters: its pinyin is 250
ARTICLE = f"""---
title: 商业航天
date: 2025-01-29
language: zh
---
上海1月29日电 会上，《“十五五”中国商业航天重大供需信息》《“十五五”商业航天器及应用产业链标准体系》正式发布，
《国家航天局推进商业航天高质量安全发展行动计划（2025—2027年）》也得到了政策解读。
国务院国资委印发《{LONG_TITLE}》。
中国航天科技集团有限公司发布了“天算”星座计划（第一期）。
"""


@pytest.mark.slow
def test_long_and_quoted_names_make_valid_keys_and_balanced_names(seeds_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / ("commercial-space-" * 4 + "computing.md")  # a long file name: a long scope
    path.write_text(ARTICLE, encoding="utf-8")
    report = ingest([path], seeds_copy)
    assert not report.failed, report.failed
    review = yaml.safe_load(next((seeds_copy / "review").glob("*.yaml")).read_text(encoding="utf-8"))
    keys = [c["key"] for c in review["candidates"]]
    assert keys and all(len(k) <= KEY_LENGTH for k in keys)
    assert len(set(keys)) == len(keys)
    names = {c["name"] for c in review["candidates"]}
    assert "“十五五”中国商业航天重大供需信息" in names, names
    assert "国家航天局推进商业航天高质量安全发展行动计划（2025—2027年）" in names
    assert LONG_TITLE in names
    for name in names:
        assert unmatched(name) == ([], []), name
    loaded = load_seeds(seeds_copy)  # the review loads: every key is an id
    doc = report.added[0].split(" -> ")[1]
    text = loaded.texts[doc]
    for rel in loaded.graph.relationships:
        if rel.type == "MENTIONS" and rel.source == doc:
            for name, a, b in zip(
                *(rel.properties[k] for k in ("names", "name_starts", "name_ends")), strict=True
            ):
                assert text[a:b] == name and unmatched(name) == ([], []), name


def test_bounded_keys_stay_distinct() -> None:
    a, b = bounded_key("k" * 130 + "-a"), bounded_key("k" * 130 + "-b")
    assert len(a) <= KEY_LENGTH and len(b) <= KEY_LENGTH and a != b
    assert bounded_key("short-key") == "short-key"


def test_spans_move_to_pair_their_marks() -> None:
    text = "以“链聚产业合力”为主题的大会，公司发布“天算”星座计划（第一期。"
    a, b = balance(text, text.index("产业"), text.index("为主题"))  # "产业合力”": out to its “
    assert text[a:b] == "“链聚产业合力”"
    a, b = balance(text, text.index("星座"), len(text) - 1)  # "（第一期" never closed: cut before it
    assert text[a:b] == "星座计划"
    assert trim("“天算”") == "天算" and trim("“天算”星座") == "“天算”星座" and trim("”天算") == "天算"
    assert trim('"AI Huanxin" platform') == '"AI Huanxin" platform' and trim("«Kunlun»") == "Kunlun"
