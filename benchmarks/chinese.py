"""The Chinese ingest benchmark: one article of about 1,000 characters through ``soekg ingest``.

Each run is a fresh process (reading the seeds, loading jieba's dictionary with the gazetteer's
names added, OpenCC, the rules) and ends with the review file written; the target is 10 s on the
project's 2-core machine. The article is made here from sentences in the shape of Chinese news,
not taken from any evaluation set.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["ARTICLE", "bench_chinese"]

_SENTENCES = [
    "北京5月20日电 中国石油化工集团有限公司（简称“中国石化”）今天在北京发布了长城大模型。",
    "中国石化董事长马永生表示，公司将加快人工智能在炼化、销售和油气勘探等领域的应用。",
    "据介绍，该模型已在燕山石化、镇海炼化等企业部署，形成智能巡检、设备诊断和安全监测三大应用场景。",
    "去年，中国石化所属石化盈科公司上线了智能调度平台，装置运行效率提升12%，能耗降低8.5%。",
    "国务院国资委规划发展局负责人在会上介绍，中央企业已在超过500个场景中布局应用人工智能。",
    "中国石化与华为签署战略合作协议，双方将联合开发面向石化行业的工业大模型。",
    "今年3月，国家发展改革委、国家能源局联合印发《关于加快推进能源数字化智能化发展的若干意见》。",
    "到2027年，力争建成10个以上行业级示范项目，培育一批具有竞争力的专业大模型。",
    "在2025世界人工智能大会上，中国移动、中国电信和中国联通分别展示了九天、星辰和元景大模型。",
    "國務院國資委表示，將引導中央企業加大算力投入，全年投資預計在300億元左右。",
]


def _body(size: int = 1000) -> str:
    """Sentences in turn until the text holds ``size`` characters."""
    out, n = "", 0
    while len(out) < size:
        out += _SENTENCES[n % len(_SENTENCES)]
        n += 1
    return out


ARTICLE = "---\ntitle: 基准文章\ndate: 2025-05-20\nlanguage: zh\n---\n" + _body() + "\n"


def bench_chinese(seeds: Path = Path("seeds"), runs: int = 3) -> dict[str, Any]:
    """Best and median seconds of ``soekg ingest`` of the article, each in a fresh process."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "zh.md"
        article.write_text(ARTICLE, encoding="utf-8")
        cpu = []
        for n in range(runs):
            copy = Path(tmp) / f"seeds-{n}"
            shutil.copytree(seeds, copy, ignore=shutil.ignore_patterns("review"))
            command = [sys.executable, "-m", "kg", "ingest", str(article), "--seeds", str(copy), "--no-build"]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)  # noqa: S603 - our own command
            times.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    times.sort()
    chars = len(ARTICLE.split("---", 2)[2].strip())
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"characters": chars, "best_s": round(times[0], 2), "median_s": round(times[len(times) // 2], 2),
            "cpu_s": round(min(cpu), 2), "peak_rss_mb": round(peak), "target_s": 10}  # fmt: skip


if __name__ == "__main__":
    print(bench_chinese())
