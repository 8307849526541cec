"""Chinese articles through ingest, review, accept and build: one graph with the English ones,
quotes verbatim, traditional characters read, mis-declared or unreadable input said plainly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kg.build import build
from kg.ingest.pipeline import accept, ingest
from kg.seeds.load import load_seeds
from tests.conftest import run_cli

ZH = """---
title: 中国移动发布九天大模型
publisher: 示例新闻
date: 2025-06-12
language: zh
---
北京6月12日电 中国移动通信集团有限公司（简称“中国移动”）今天发布了九天大模型。
中国移动董事长杨杰表示，公司与华为签署战略合作协议，共同推动人工智能在通信行业应用。
国务院国资委指导中央企业加快部署“AI+”专项行动；去年3月，中国移动旗下的中移智算公司上线了智算调度平台。
"""

EN = """---
title: China Mobile and Huawei
date: 2025-06-13
---
China Mobile signed an agreement with Huawei on Friday, the company said.
"""


def _review(seeds: Path, stem: str) -> dict:
    return yaml.safe_load((seeds / "review" / f"{stem}.yaml").read_text(encoding="utf-8"))


def test_a_chinese_article_joins_the_english_graph(seeds_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "zh.md").write_text(ZH, encoding="utf-8")
    (tmp_path / "en.md").write_text(EN, encoding="utf-8")
    report = ingest([tmp_path / "zh.md", tmp_path / "en.md"], seeds_copy)
    assert not report.failed and not report.notes
    loaded = load_seeds(seeds_copy)
    text = loaded.texts["doc-zh"]
    doc = next(d for d in loaded.graph.documents if d.id == "doc-zh")
    assert doc.language == "zh"
    mentions = {
        r.source: r for r in loaded.graph.relationships if r.type == "MENTIONS" and r.target == "china-mobile"
    }
    assert {"doc-zh", "doc-en"} <= set(mentions), "中国移动 and China Mobile are one node"
    zh = mentions["doc-zh"].properties
    for name, start, end in zip(zh["names"], zh["name_starts"], zh["name_ends"], strict=True):
        assert text[start:end] == name  # offsets into the stored text, as written
    assert {"中国移动", "中国移动通信集团有限公司"} <= set(zh["names"])
    facts = {
        (r.source, r.type, r.target) for r in loaded.graph.relationships if "doc-zh" in r.provenance.doc_ids
    }
    assert ("china-mobile", "PARTNERS_WITH", "huawei") in facts
    assert ("china-mobile", "LAUNCHES", "jiutian") in facts or any(f[1] == "LAUNCHES" for f in facts)
    for rel in loaded.graph.relationships:  # every quote verbatim, in Chinese
        if "doc-zh" in rel.provenance.doc_ids:
            for ev in (e for e in rel.provenance.evidence if e.doc_id == "doc-zh"):
                assert text[ev.start : ev.end] == ev.quote
    person = next(e for e in loaded.graph.entities if e.name_zh == "杨杰" or e.name == "杨杰")
    assert (
        person.type,
        next(r.type for r in loaded.graph.relationships if r.source == person.id and r.type == "HOLDS_ROLE"),
    ) == ("Person", "HOLDS_ROLE")


def test_a_new_chinese_entity_keeps_its_name_with_pinyin_and_an_english_name_for_review(
    seeds_copy: Path, tmp_path: Path
) -> None:
    (tmp_path / "zh.md").write_text(ZH, encoding="utf-8")
    ingest([tmp_path / "zh.md"], seeds_copy)
    review = _review(seeds_copy, "zh")
    platform = next(c for c in review["candidates"] if c["name"] == "智算调度平台")
    assert platform["name_zh"] == "智算调度平台" and platform["pinyin"] == "Zhisuan Diaodu Pingtai"
    assert platform["name_en"] == "" and platform["key"] == "zhisuan-diaodu-pingtai"
    loaded = load_seeds(seeds_copy)
    entity = next(e for e in loaded.graph.entities if e.id == platform["key"])
    assert (entity.name, entity.name_zh, entity.aliases) == (
        "智算调度平台",
        "智算调度平台",
        ["Zhisuan Diaodu Pingtai"],
    )
    path = seeds_copy / "review" / "zh.yaml"
    edited = _review(seeds_copy, "zh")
    next(c for c in edited["candidates"] if c["key"] == platform["key"])["name_en"] = (
        "Compute Scheduling Platform"
    )
    path.write_text(yaml.safe_dump(edited, allow_unicode=True, sort_keys=False), encoding="utf-8")
    accept(seeds_copy, [path])
    catalog = yaml.safe_load((seeds_copy / "catalog" / "ingested.yaml").read_text(encoding="utf-8"))
    entry = next(e for e in catalog if e["id"] == platform["key"])
    assert (entry["name"], entry["name_zh"]) == ("Compute Scheduling Platform", "智算调度平台")


def test_traditional_characters_are_read_and_kept_as_written(seeds_copy: Path, tmp_path: Path) -> None:
    article = tmp_path / "hk.md"
    article.write_text(
        "---\nlanguage: zh-Hant\n---\n國務院國資委監管中國移動。中國移動與華為簽署戰略合作協議。\n",
        encoding="utf-8",
    )
    report = ingest([article], seeds_copy)
    assert not report.failed
    loaded = load_seeds(seeds_copy)
    facts = {
        (r.source, r.type, r.target): r
        for r in loaded.graph.relationships
        if "doc-hk" in r.provenance.doc_ids
    }
    assert ("sasac", "SUPERVISES", "china-mobile") in facts
    quotes = [e.quote for e in facts[("china-mobile", "PARTNERS_WITH", "huawei")].provenance.evidence]
    assert quotes == ["中國移動與華為簽署戰略合作協議。"]


def test_mis_declared_language_is_read_as_written_and_said(seeds_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\nlanguage: en\n---\n中国移动发布了九天大模型。\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(
        "---\nlanguage: zh\n---\nChina Mobile launched Jiutian.\n", encoding="utf-8"
    )
    report = ingest([tmp_path / "a.md", tmp_path / "b.md"], seeds_copy)
    assert not report.failed
    assert any("a.md: declared language 'en' but the text is mostly Chinese" in n for n in report.notes)
    assert any(
        "b.md: declared language 'zh' but the text has no Chinese characters" in n for n in report.notes
    )
    languages = {d.id: d.language for d in load_seeds(seeds_copy).graph.documents}
    assert (languages["doc-a"], languages["doc-b"]) == ("zh", "en")


@pytest.mark.slow
def test_without_the_segmenter_chinese_is_read_by_characters_and_the_reader_told(
    seeds_copy: Path, tmp_path: Path
) -> None:
    article = tmp_path / "zh.md"
    article.write_text(ZH, encoding="utf-8")
    code = (  # jieba made unimportable in this process only, as on a machine without it
        "import sys; sys.modules['jieba'] = None; from kg.cli import run; "
        f"sys.argv = ['soekg', 'ingest', {str(article)!r}, '--seeds', {str(seeds_copy)!r}, '--no-build']; run()"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "note: jieba is not installed: Chinese is read character by character" in result.stderr
    assert "Traceback" not in result.stderr
    mentions = {m["entity"] for m in _review(seeds_copy, "zh")["mentions"]}
    assert {"china-mobile", "huawei", "sasac"} <= mentions


@pytest.mark.slow
def test_cli_ingests_and_builds_a_chinese_article(seeds_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "zh.md").write_text(ZH, encoding="utf-8")
    result = run_cli("ingest", str(tmp_path / "zh.md"), "--seeds", str(seeds_copy), "--db",
                     str(tmp_path / "kg.lbug"), "--out", str(tmp_path / "out"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "ingested" in result.stdout and "facts proposed" in result.stdout
    report = build(seeds_copy, tmp_path / "kg2.lbug", tmp_path / "out2")  # every quote verified at build
    assert report.counts
