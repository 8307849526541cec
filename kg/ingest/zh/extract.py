"""Extraction of one Chinese article: the shared steps with Chinese recognition and relation rules.

The shared :class:`~kg.ingest.extract.Extractor` resolves what was recognised against the catalog
and the gazetteer (a Chinese name of a known entity is that entity: 中国移动 is China Mobile) and
proposes new candidates; here only its recogniser and relation rules are Chinese, and a new
entity's key is the pinyin of its Chinese name.
"""

from __future__ import annotations

import re

from kg.ingest.brackets import trim
from kg.ingest.extract import Extraction, Extractor, known_entities
from kg.ingest.proposals import ORGS, Node
from kg.ingest.recognise import Mention
from kg.ingest.resolve import Decision, Resolver
from kg.ingest.rules import Rules, load_rules
from kg.ingest.zh.recognise import ChineseRecogniser
from kg.ingest.zh.relations import ChineseRelations
from kg.ingest.zh.script import has_cjk, pinyin
from kg.model.names import slug
from kg.model.records import Entity

__all__ = ["ChineseExtractor"]


def _core(name: str, kind: str) -> str:
    """What a Chinese name reduces to for comparison within one article.

    >>> _core("“蓝翼”大模型", "AIModel"), _core("钢铁行业", "Sector")
    ('蓝翼', '钢铁')
    """
    name = re.sub(r"[“”「」\"]", "", name)
    endings = {"AIModel": ("大模型",), "Sector": ("行业", "产业", "领域", "板块")}.get(kind, ())
    for ending in endings:
        if name.endswith(ending) and len(name) > len(ending) + 1:
            return name[: -len(ending)]
    return name


class ChineseExtractor(Extractor):
    """Build once per catalog; call :meth:`extract` per Chinese article.

    >>> ex = ChineseExtractor([])
    >>> result = ex.extract("中国移动与华为签署战略合作协议。", "2025-06-01")
    >>> sorted((f.source, f.type, f.target) for f in result.facts)
    [('china-mobile', 'PARTNERS_WITH', 'huawei')]
    """

    def __init__(self, entities: list[Entity], rules: Rules | None = None):
        self.catalog = {e.id for e in entities}
        known = known_entities(entities)
        self.entities = {e.id: e for e in known}
        self.rules = rules or load_rules(language="zh")
        self.recogniser = ChineseRecogniser(known, self.rules)  # type: ignore[assignment]
        self.resolver = Resolver(known, prefer=self.catalog)
        self.relations = ChineseRelations(self.entities, self.rules)  # type: ignore[assignment]
        self.collectives = {i for i, e in self.entities.items() if e.properties.get("kind") == "collective"}
        self.synonyms = {}
        self.sectors = {self._sector(n): e.id for e in known if e.type == "Sector"
                        for n in (*e.aliases, e.name, *([e.name_zh] if e.name_zh else []))}  # fmt: skip

    @property
    def note(self) -> str | None:
        """How the text was read, when the reader should know (a missing segmenter)."""
        return self.recogniser.note  # type: ignore[attr-defined, no-any-return]

    def _node(self, result: Extraction, mention: Mention, scope: str) -> Node:
        node = super()._node(result, mention, scope)
        decision = result.decisions.get(mention.text)
        if decision is not None and decision.rule == "fuzzy" and has_cjk(mention.text):
            # Chinese names that differ by a character are different bodies (国家能源局 / 国家能源集团)
            result.decisions[mention.text] = Decision(mention.text, None, 0.0, "new")
            return self._candidate(result, mention, scope)
        return node

    def _owner_and(self, longer: str, name: str) -> bool:
        """Whether ``longer`` is a known organisation's name followed by ``name`` ("联通" + "元景")."""
        owner = longer[: len(longer) - len(name)]
        if len(name) < 2 or not owner or not longer.endswith(name):
            return False
        rec = self.recogniser
        return any(rec.types[e] in ORGS for e in rec.forms.get(owner, ()))  # type: ignore[attr-defined]

    def _candidate(self, result: Extraction, mention: Mention, scope: str) -> Node:
        if not has_cjk(mention.text):
            return super()._candidate(result, mention, scope)
        name = trim(mention.text)
        for node in result.candidates.values():
            if node.type == mention.label and _core(node.name, node.type) == _core(name, mention.label):
                return node  # "“蓝翼”大模型" and "蓝翼", "钢铁行业" and "钢铁": one entity
        for node in result.candidates.values():
            if (
                node.type == mention.label
                and len(name) >= 4
                and node.name.endswith(name)
                and len(node.name) > len(name)
            ):
                return node  # "华电金上巴塘水电站", then "巴塘水电站": the name without its owner
            if node.type == mention.label and self._owner_and(
                _core(node.name, node.type), _core(name, mention.label)
            ):
                return node  # "联通元景大模型", then "“元景”": the name without its owner's short name
        return self._new(result, slug(pinyin(name)) or "entity", mention, name, scope)
