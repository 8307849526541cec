"""Proper names the catalog does not know: runs of capitalised words, and what each one is.

A name is a run of capitalised words ("China Southern Power Grid Digital Grid Technology
(Guangdong) Co", "DeepSeek-R1", "iFlytek"), joined over "of" after a head word ("Ministry of
Transport") and over "and" inside one organisation's name ("China Oil and Gas Pipeline
Network Corp", never "PetroChina and CNOOC"). What it is comes from the ``kinds`` rules of
``names.yaml``: its head word, the noun after it ("the Kunlun model"), before it ("a platform
called X") or in apposition ("Jiutian, its multimodal model"); a Chinese personal name from
its surname. A name nothing types is left out: a capitalised word is not yet an entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.ingest.lexicon import Known
from kg.ingest.rules import KindRule, Rules
from kg.ingest.tokens import Tokens
from kg.model.names import normalise

__all__ = ["Chunk", "NameFinder"]

_VERSION = re.compile(r"^(v?\d{1,3}(\.\d+)*[A-Za-z]{0,3}\d*|[A-Z]{1,3}\d[\w.]*)$")  # 2.0, 910B, R1, A100
_MODEL_SHAPE = re.compile(r"(\d(\.\d+)?[BMT]\b|-[RV]\d|\bGPT)")  # TeleChat2-115B, X-R1
_CJK = re.compile(r"[\u3400-\u9fff]")
_GIVEN = re.compile(r"^[A-Z][a-z]+(['’-][a-z]+)?$")  # Yuzhuo, Ping'an
_OPEN = {"(", "[", "（"}
_CLOSE = {")", "]", "）"}
_SAYS = {"said", "says", "noted", "added", "told", "stressed", "argued", "wrote", "explained"}
_QUOTES = {'"', "“", "”", "'", "‘", "’"}
_CONNECT = {"of", "for", "on", "the", "and", "&", "-"}
_LIST_WORDS = {",", "and", "or", "'s", "’s", '"', "“", "”", "-"}
_MODIFYING = {"based", "headquartered", "led", "backed", "funded", "made", "listed", "controlled", "linked"}
_PRODUCTS = {"AIModel", "Platform", "DataSpace", "ComputingInfrastructure", "Initiative", "Policy", "Event"}
_USED = {
    "used",
    "uses",
    "using",
    "integrated",
    "integrating",
    "deployed",
    "adopted",
    "to",
    "on",
    "connected",
    "linked",
    "run",
    "running",
    "accessed",
    "tapped",
    "with",
}
_NAMING = {"called", "named", "dubbed", "titled", "branded", "known"}
# between two names of a list, the first one's Chinese in brackets included: "Voyah (岚图) and M-Hero"
_LIST_GAP = re.compile(r"\s*(?:[(（][^()（）]{1,20}[)）])?\s*[\"”’]?\s*(,|,?\s*and|,?\s*or|&)\s*[\"“‘]?\s*")


def is_capitalised(word: str) -> bool:
    """A word that can be part of a name: "China", "SASAC", "iFlytek", "eSurfing".

    >>> [is_capitalised(w) for w in ("China", "iFlytek", "model", "5G", "R1")]
    [True, True, False, False, True]
    """
    if not word or not word[0].isalpha():
        return False
    return word[0].isupper() or any(c.isupper() for c in word[1:])


@dataclass(frozen=True)
class Chunk:
    """Words ``first`` to ``last`` (exclusive) name something of ``type``, found by ``rule``."""

    first: int
    last: int
    type: str
    rule: str
    confidence: float
    parent: str | None = None  # the known organisation or model a unit's or version's name starts with


class NameFinder:
    """Finds and types the proper names of one article's tokens (see the module docstring)."""

    def __init__(self, rules: Rules, types_of: dict[str, str], known: dict[str, set[str]] | None = None):
        self.kinds = rules.names.kinds
        self.types_of = types_of  # known entity id -> type
        self.known = known or {}  # normalised known name -> ids (kg.ingest.lexicon.known_names)
        words = rules.names.words
        self.not_names = set(words["not_names"])
        # Month and day names end a name; abbreviations do not ("Feng Jun", "Aug 5")
        self.dates = {w for w in words["months"] if len(w) > 4 or w == "may"} | set(words["weekdays"])
        self.titles = set(words["titles"])
        self.surnames = set(words["surnames"])
        self.modifiers = set(words["modifiers"])
        self.terms = set(words["terms"])
        self.acting = set(words["acting"])
        self.heads = {tuple(h.split()): k for k in self.kinds for h in k.heads}
        self.head_words = {h[-1] for h in self.heads}
        self.longest_head = max(map(len, self.heads))
        self.nouns = sorted(
            ((tuple(n.split()), k) for k in self.kinds for n in k.nouns), key=lambda nk: -len(nk[0])
        )
        self.person = next(k for k in self.kinds if k.type == "Person")
        self.policy = next(k for k in self.kinds if k.type == "Policy")
        self.quoted_policies = set(words.get("quoted_policies", []))
        # the first kind of each type that needs no prefix ("Company", not "China ... Corp")
        plain = {k.type: k for k in reversed(self.kinds) if not k.prefixes}
        pairs = (g.split("=", 1) for g in words.get("glosses", []))
        # longest ending first: 大模型 before 模型
        self.glosses = {e: plain[t] for e, t in sorted(pairs, key=lambda p: -len(p[0])) if t in plain}

    # -- finding -----------------------------------------------------------------------------------

    def find(self, tokens: Tokens, known: list[Known]) -> list[Chunk]:
        """Every typed proper name of the article, typed names of one list alike."""
        known_span = {(k.first, k.last): k for k in known}
        starting = {k.first: k for k in sorted(known, key=lambda k: k.last - k.first)}
        mid_sentence = self._mid_sentence_words(tokens)
        spans = []
        for index in range(len(tokens.sentence_starts)):
            if index in tokens.headlines:
                continue  # Title Case headlines look like names everywhere
            spans += self._merged(tokens, self._runs(tokens, *tokens.sentence_tokens(index)), known_span)
        chunks: dict[tuple[int, int], Chunk] = {}
        for first, last in spans:
            first, last = self._trim(tokens, first, last)
            if last <= first or (first, last) in known_span or set(tokens.words[first:last]) <= self.terms:
                continue
            if last - first == 1 and len(tokens.words[first]) == 1:
                continue  # "M internal large models": a letter is not a name
            # one capital word, or a compound on it ("Industry-specific"): may only open a sentence
            single = not re.search(r"[A-Z0-9]", "".join(tokens.words[first:last])[1:])
            if single and first in tokens.sentence_starts and self._class_after(tokens, last):
                continue  # "Nuclear companies gain ...": a word that opens a sentence describing a class
            if single and first in tokens.sentence_starts and tokens.words[first] not in mid_sentence:
                after = self._skip_aside(tokens, last)
                named = after > last or (after < len(tokens) and tokens.lower[after] in ("is", "was"))
                if not (named and self._apposition(tokens, after)):
                    continue  # "Foundation models", "Therefore, the": a capital that only starts a sentence
            chunk = self._classify(tokens, first, last, starting)
            if chunk is not None:
                chunks[(first, last)] = chunk
        return self._spread(tokens, chunks, spans)

    def _class_after(self, tokens: Tokens, i: int) -> bool:
        """Whether word ``i`` is a kind's noun in the plural ("companies", "models")."""
        word = tokens.lower[i] if i < len(tokens) else ""
        return word.endswith("s") and any(noun == (word,) for noun, _ in self.nouns)

    def _mid_sentence_words(self, tokens: Tokens) -> set[str]:
        starts = set(tokens.sentence_starts)
        return {w for i, w in enumerate(tokens.words) if i not in starts and is_capitalised(w)}

    def _runs(self, tokens: Tokens, begin: int, end: int) -> Iterable[tuple[int, int]]:
        words, i = tokens.words, begin
        while i < end:
            if not is_capitalised(words[i]) or words[i].lower() in self.dates:
                i += 1
                continue
            j = i + 1
            while j < end:
                step = self._extends(tokens, i, j, end)
                if not step:
                    break
                j += step
            yield i, j
            i = j

    def _extends(self, tokens: Tokens, i: int, j: int, end: int) -> int:
        """How many words from ``j`` on continue the name that started at ``i`` (0: it ends)."""
        w, words = tokens.words[j], tokens.words
        nxt = words[j + 1] if j + 1 < end else ""
        if is_capitalised(w) and w.lower() not in self.dates:
            return 1
        if _VERSION.match(w) and (is_capitalised(words[j - 1]) or words[j - 1] == "-"):
            return 1
        if w == "-" and self._glued(tokens, j) and nxt[:1].isalnum() and nxt not in _MODIFYING:
            return 2  # DeepSeek-R1, State-owned, High-Quality; not "Shenzhen-based"
        if w in ("of", "for", "on") and self._ends_on_head(tokens, i, j, bodies_only=w == "on"):
            if is_capitalised(nxt):
                return 1
            if nxt == "the" and j + 2 < end and is_capitalised(words[j + 2]):
                return 2
        if w in _OPEN:  # "Digital Grid Technology (Guangdong) Co", "COSCO SHIPPING (Hong Kong) Co"
            for inside in (1, 2, 3):
                close = j + inside + 1
                if close + 1 < end and words[close] in _CLOSE and (words[close + 1],) in self.heads:
                    if all(is_capitalised(x) for x in words[j + 1 : close]):
                        return inside + 2
                    break
        if w == "," and words[j - 1] in ("Co.", "Co") and nxt in ("Ltd", "Ltd."):
            return 2
        return 0

    def _glued(self, tokens: Tokens, j: int) -> bool:
        return (
            tokens.end[j - 1] == tokens.start[j]
            and j + 1 < len(tokens)
            and tokens.end[j] == tokens.start[j + 1]
        )

    def _ends_on_head(self, tokens: Tokens, i: int, j: int, bodies_only: bool = False) -> bool:
        """Whether words ``i``..``j`` end on a kind's head; ``bodies_only``: on the head of a name
        that is no organisation, plant or place (a conference or a plan "on" a topic is one name;
        a station "on the Jinsha River" is two)."""
        kinds = (
            self.heads.get(tuple(tokens.words[max(i, j - n) : j])) for n in range(1, self.longest_head + 1)
        )
        excluded = ("SOE", "Company", "Location") if bodies_only else ()
        return any(k is not None and k.type not in excluded for k in kinds)

    def _merged(
        self, tokens: Tokens, runs: Iterable[tuple[int, int]], known: dict[tuple[int, int], Known]
    ) -> list[tuple[int, int]]:
        """Runs joined over "and"/"&" where the two halves make one organisation's name."""
        out: list[tuple[int, int]] = []
        for first, last in runs:
            if out and self._joins(tokens, out[-1], (first, last), known):
                out[-1] = (out[-1][0], last)
            else:
                out.append((first, last))
        return out

    def _joins(
        self, tokens: Tokens, a: tuple[int, int], b: tuple[int, int], known: dict[tuple[int, int], Known]
    ) -> bool:
        words = tokens.words
        if b[0] != a[1] + 1 or words[a[1]] not in ("and", "&") or a in known or b in known:
            return False
        if ((words[b[0]],) in self.heads and b[1] - b[0] > 1) or self._ends_on_head(tokens, a[0], a[1]):
            return False  # "the Ministry of Commerce and Ministry of Finance": two bodies
        if any(k[0] == b[0] for k in known):
            return False  # "Sinopec and China National Offshore Oil Corp"
        complement = "of" in words[a[0] : a[1]]
        return complement or self._ends_on_head(tokens, b[0], b[1])

    def _trim(self, tokens: Tokens, first: int, last: int) -> tuple[int, int]:
        words = tokens.words
        while first < last and (words[first] in self.not_names or words[first].lower() in self.titles):
            if words[first] in self.surnames and last - first == 2 and _GIVEN.match(words[first + 1]):
                break  # "He Biao": a surname that is also a pronoun
            first += 1
        while (
            first + 2 < last + 1
            and words[first + 1] == "-"
            and tokens.span(first, first + 3) in self.not_names
        ):
            first += 3  # "State-owned" opens a description, not a name
        while last > first and (words[last - 1] in _CONNECT or not words[last - 1][:1].isalnum()):
            last -= 1
        return first, last

    # -- typing --------------------------------------------------------------------------------------

    def _classify(self, tokens: Tokens, first: int, last: int, starting: dict[int, Known]) -> Chunk | None:
        words = tokens.words[first:last]
        press = self._press_before(tokens, first)
        if press is not None:  # "the journal China Railway": a title, whatever its words say
            return Chunk(first, last, press.type, f"name:{press.id}", press.confidence)
        kind, parent = self._by_head(tokens, first, last, starting)
        if kind is not None:
            return Chunk(first, last, kind.type, f"name:{kind.id}", kind.confidence, parent)
        given = words[1:]
        if (
            len(words) in (2, 3)
            and words[0] in self.surnames
            and all(_GIVEN.match(w) and w not in self.head_words for w in given)
        ):
            return Chunk(first, last, "Person", "name:surname", self.person.confidence)
        if (
            len(words) >= 3
            and words[-2] in self.surnames
            and _GIVEN.match(words[-1])
            and words[-1] not in self.head_words
        ):
            return Chunk(last - 2, last, "Person", "name:surname", self.person.confidence)
        unit = starting.get(first)
        extra = set(tokens.words[unit.last : last]) if unit is not None else set()
        if (
            unit is not None
            and unit.last < last
            and self._org(unit, tokens, last)
            and not extra <= self.terms
        ):
            # "State Grid Shanghai Electric Power", "CCCC Third Harbor Consultants": a unit
            parent = self._org(unit, tokens, last)
            return Chunk(first, last, self.types_of[str(parent)], "name:unit", 0.7, parent)
        kind = self._by_context(tokens, first, last)
        if kind is not None:
            return Chunk(first, last, kind.type, f"name:{kind.id}", kind.confidence)
        if _MODEL_SHAPE.search(tokens.span(first, last)):
            return Chunk(first, last, "AIModel", "name:version", 0.7)
        kind = self._glossed(tokens, first, last)
        if kind is not None:  # "Xirang (息壤), which ... a five-in-one intelligent cloud system"
            return Chunk(first, last, kind.type, f"name:{kind.id}", kind.confidence * 0.6)
        return None

    def _press_before(self, tokens: Tokens, first: int) -> KindRule | None:
        """The media kind when a press noun stands right before the name ("the journal X", "the
        newspaper X"); "agency" alone says too little."""
        lower = tokens.lower
        for noun, kind in self.nouns:
            n = len(noun)
            if (
                kind.type == "MediaOutlet"
                and noun != ("agency",)
                and tuple(lower[max(0, first - n) : first]) == noun
            ):
                return kind
        return None

    def _org(self, known: Known, tokens: Tokens | None = None, last: int = 0) -> str | None:
        """The organisation a longer name starting with ``known`` belongs to, unless the longer name
        (to word ``last``) is itself another known entity's ("China Energy Engineering Group")."""
        org = next((e for e in known.entities if self.types_of[e] in ("SOE", "Company")), None)
        if org is not None and tokens is not None:
            ids = self.known.get(normalise(tokens.span(known.first, last)), {org})
            return org if org in ids else None
        return org

    def _by_head(
        self, tokens: Tokens, first: int, last: int, starting: dict[int, Known]
    ) -> tuple[KindRule | None, str | None]:
        words = tokens.words[first:last]
        cut = next((i for i, w in enumerate(words) if w in ("of", "for", "on") and i > 0), len(words))
        tail = len(words)
        while tail > 1 and _VERSION.match(words[tail - 1]) and not words[tail - 1].isalpha():
            tail -= 1  # "Guangming AI Platform 2.0": the head before the version
        for end in (cut, tail) if cut < len(words) else (tail,):
            for n in range(min(self.longest_head, end), 0, -1):
                kind = self.heads.get(tuple(words[end - n : end]))
                if kind is None or (end - n == 0 and end == len(words)):
                    continue  # a head word alone ("Ministry") names nothing
                unit = starting.get(first)
                parent = self._org(unit, tokens, last) if unit is not None and unit.last < last else None
                if kind.prefixes or kind.type == "Company":
                    kind = self._company_kind(words, parent)
                return kind, parent if kind.type in ("SOE", "Company", "ResearchBody") else None
        for kind in self.kinds:  # "China Yangtze Power": a trade after a state prefix
            if len(words) > 1 and words[0] in kind.prefixes and words[tail - 1] in kind.trades:
                unit = starting.get(first)
                return kind, self._org(unit, tokens, last) if unit is not None and unit.last < last else None
        return None, None

    def _company_kind(self, words: list[str], parent: str | None) -> KindRule:
        """A company-headed name is an SOE's when it starts or ends like one ("China X Corp", "X
        Corporation of China"), or starts with an SOE's name."""
        text = " ".join(words)
        for kind in self.kinds:
            ends = any(text.endswith(" " + s) for s in kind.suffixes)
            if kind.prefixes and (
                words[0] in kind.prefixes or ends or (parent and self.types_of[parent] == kind.type)
            ):
                return kind
        return next(k for k in self.kinds if k.type == "Company" and not k.prefixes)

    def kind_in_context(self, tokens: Tokens, first: int, last: int) -> KindRule | None:
        """The kind the words around a name say it is (a known name may name several things)."""
        return self._by_context(tokens, first, last)

    def used_before(self, tokens: Tokens, first: int) -> bool:
        """Whether a verb of use stands just before a name ("has used DeepSeek", "linked to X")."""
        before = tokens.lower[max(0, first - 5) : first]
        return bool(_USED & set(before))

    def _by_context(self, tokens: Tokens, first: int, last: int) -> KindRule | None:
        after = self._skip_aside(tokens, last)
        single_surname = last - first == 1 and tokens.words[first] in self.surnames
        if (
            after < len(tokens)
            and tokens.lower[after] in self.acting
            and after == last
            and not single_surname
        ):
            return self._company_kind(tokens.words[first:last], None)  # "TeleAI released X": it acts
        kind = self._noun_at(tokens, after, modifiers=3)
        if kind is not None and kind.type == "Event":
            kind = None  # "a Lanyi launch ceremony": the name is what the event is about
        kind = kind or self._apposition(tokens, after)
        return kind or self._named_before(tokens, first)

    def _glossed(self, tokens: Tokens, first: int, last: int) -> KindRule | None:
        """A name glossed in Chinese is a named thing: the first kind noun later in its sentence, or
        else what the Chinese name ends on (``glosses``)."""
        if last + 1 >= len(tokens) or tokens.words[last] not in _OPEN:  # "(" ending the text glosses nothing
            return None
        if not _CJK.search(tokens.words[last + 1]):
            return None
        reach = range(last + 1, min(len(tokens), last + 12))
        close = next((j for j in reach if tokens.words[j] in _CLOSE), None)
        gloss = "".join(tokens.words[last + 1 : close]) if close is not None else ""
        # "Rokid (灵伴科技)": the Chinese name's own ending says what it is, before any noun further on
        ending = next((e for e in self.glosses if gloss.endswith(e)), None)
        if ending is not None:
            return self.glosses[ending]
        end = min(tokens.sentence_tokens(tokens.sentence_of(first))[1], last + 30)
        for i in range(self._skip_aside(tokens, last), end):
            for noun, kind in self.nouns:
                if kind.type in _PRODUCTS and tuple(tokens.lower[i : i + len(noun)]) == noun:
                    return kind
        return None

    def _skip_aside(self, tokens: Tokens, i: int) -> int:
        """The word after a parenthesis or quote right after a name: 'Dawate (大瓦特, "Big Watt")'."""
        words = tokens.words
        while i < len(words) and words[i] in _QUOTES:
            i += 1
        if i < len(words) and words[i] in _OPEN:
            close = next((j for j in range(i + 1, min(len(words), i + 12)) if words[j] in _CLOSE), None)
            if close is not None:
                return close + 1
        return i

    def _noun_at(self, tokens: Tokens, i: int, modifiers: int) -> KindRule | None:
        """The kind whose noun starts at word ``i``, after up to ``modifiers`` modifying words."""
        lower = tokens.lower
        for skip in range(modifiers + 1):
            for noun, kind in self.nouns:
                if tuple(lower[i + skip : i + skip + len(noun)]) == noun:
                    return kind
            if i + skip >= len(lower) or not self._modifier(lower[i + skip], tokens.words[i + skip]):
                return None
        return None

    def _modifier(self, lower: str, word: str) -> bool:
        if lower in self.modifiers:
            return True
        plain = word.isalpha() and word.islower() and len(word) > 2
        return plain and not lower.endswith(("ed", "ly", "ing")) and lower not in _STOP

    def _apposition(self, tokens: Tokens, i: int) -> KindRule | None:
        """ "X, its general-purpose multimodal model", "X, a unit of Y", "X, deputy director of Y",
        "X is a large model for the power sector"."""
        words = tokens.words
        if i >= len(words) or not (words[i] == "," or tokens.lower[i] in ("is", "was", "remains", "became")):
            return None
        j = i + 1
        if j < len(words) and tokens.lower[j] in ("a", "an", "the", "its", "their", "his", "her"):
            j += 1
        elif j + 1 < len(words) and words[j + 1] in ("'s", "’s"):
            j += 2
        return self._noun_at(tokens, j, modifiers=4)

    def _named_before(self, tokens: Tokens, first: int) -> KindRule | None:
        """ "a platform called X", "robots named X", "the start-up X", "trade publication X",
        "its own power model, Dawate", "foundation models such as China Telecom's Xingchen"."""
        lower = tokens.lower
        i = first - 1
        while i >= 0 and lower[i] in _QUOTES:
            i -= 1
        says = first + 1 < len(lower) and tokens.words[first] in self.surnames and lower[first + 1] in _SAYS
        if i >= 1 and lower[i] == "," and not says:  # not "On the action plan, Chen noted ...": a speaker
            for noun, kind in self.nouns:
                if kind.type in _PRODUCTS and tuple(lower[i - len(noun) : i]) == noun:
                    return kind
        listed = self._listed(tokens, i)
        if listed is not None:
            return listed
        if i >= 1 and lower[i] == "as" and lower[i - 1] == "known":
            i -= 1
        if i >= 0 and lower[i] in _NAMING:
            for end in range(i, max(0, i - 4), -1):
                for noun, kind in self.nouns:
                    if tuple(lower[end - len(noun) : end]) == noun:
                        return kind
            return None
        for noun, kind in self.nouns:  # a noun right before the name: only for who or what publishes
            if (
                kind.type in ("Company", "MediaOutlet", "Person")
                and tuple(lower[i + 1 - len(noun) : i + 1]) == noun
            ):
                return kind
        return None

    def quoted(self, tokens: Tokens) -> list[Chunk]:
        """Quoted names typed by their noun: 'a "main-distribution coordinated fault handling agent"',
        'the "Smart Skies" platform' (the quotes and the noun included)."""
        lower, out = tokens.lower, []
        opens = [i for i, w in enumerate(tokens.words) if w in ('"', "“")]
        for i in opens:
            close = next(
                (j for j in range(i + 1, min(len(lower), i + 12)) if lower[j] in ('"', "”", ".", "\n")), None
            )
            if close is None or lower[close] not in ('"', "”") or close == i + 1:
                continue
            inner = self._noun_ending(lower, i + 1, close)
            if inner is not None:
                out.append(Chunk(i + 1, close, inner.type, f"name:{inner.id}", inner.confidence * 0.8))
                continue
            for skip in range(0, 3):
                for noun, kind in self.nouns:
                    end = close + 1 + skip + len(noun)
                    if (
                        kind.type in _PRODUCTS
                        and kind.type != "Event"
                        and tuple(lower[close + 1 + skip : end]) == noun
                        and (
                            kind.type not in ("AIModel", "Platform")
                            or not tokens.span(i + 1, close).islower()
                        )
                    ):  # a 'a "factory" model' is a figure of speech; a product has a name
                        # a product is named by its name ("Changjiang"); a programme by the whole phrase
                        first, last = (i + 1, close) if kind.type in ("AIModel", "Platform") else (i, end)
                        if kind.type == "Initiative" and " ".join(noun) in self.quoted_policies:
                            kind = self.policy  # 'the "East Data, West Computing" program': a state slogan
                        out.append(Chunk(first, last, kind.type, f"name:{kind.id}", kind.confidence * 0.8))
                        break
                else:
                    if close + 1 + skip < len(lower) and self._modifier(
                        lower[close + 1 + skip], tokens.words[close + 1 + skip]
                    ):
                        continue
                break
        return out

    def _noun_ending(self, lower: list[str], first: int, last: int) -> KindRule | None:
        for noun, kind in self.nouns:
            if (
                kind.type in _PRODUCTS
                and kind.type != "Event"
                and last - len(noun) > first
                and (tuple(lower[last - len(noun) : last]) == noun)
            ):
                return kind
        return None

    def _listed(self, tokens: Tokens, i: int) -> KindRule | None:
        """The kind of "models such as A, B's C and D": the noun before the list's cue."""
        lower, words = tokens.lower, tokens.words
        sentence_start = tokens.sentence_starts[tokens.sentence_of(max(i, 0))]
        while i >= sentence_start and (is_capitalised(words[i]) or lower[i] in _LIST_WORDS):
            i -= 1
        cue = (
            2 if i >= 1 and lower[i - 1 : i + 1] == ["such", "as"] else int(lower[i] in ("including", "like"))
        )
        if not cue:
            return None
        end = i - cue + 1
        for noun, kind in self.nouns:
            if kind.type in _PRODUCTS and tuple(lower[end - len(noun) : end]) == noun:
                return kind
        return None

    def _spread(
        self, tokens: Tokens, chunks: dict[tuple[int, int], Chunk], spans: list[tuple[int, int]]
    ) -> list[Chunk]:
        """A name typed once is the same thing wherever the article names it."""
        by_text = {
            tokens.span(c.first, c.last): c for c in sorted(chunks.values(), key=lambda c: c.confidence)
        }
        out = dict(chunks)
        untyped = []
        for first, last in spans:
            first, last = self._trim(tokens, first, last)
            if last <= first or (first, last) in out or set(tokens.words[first:last]) <= self.terms:
                continue
            same = by_text.get(tokens.span(first, last))
            if same is not None:
                out[(first, last)] = Chunk(first, last, same.type, same.rule, same.confidence, same.parent)
            else:
                untyped.append((first, last))
        # Names of one list are things of one kind: 'robots named "Nezha" and "Wukong"'.
        for _ in range(2):
            ordered = sorted(out.values(), key=lambda c: c.first)
            for first, last in untyped:
                if (first, last) in out:
                    continue
                before = next((c for c in reversed(ordered) if c.last <= first), None)
                after = next((c for c in ordered if c.first >= last), None)
                for other, gap in ((before, (before.last, first) if before else None),
                                   (after, (last, after.first) if after else None)):  # fmt: skip
                    if other is not None and gap is not None and _LIST_GAP.fullmatch(tokens.gap(*gap)):
                        out[(first, last)] = Chunk(
                            first, last, other.type, "name:list", other.confidence * 0.9
                        )
                        break
        return sorted(out.values(), key=lambda c: c.first)


_STOP = {"the", "a", "an", "of", "in", "on", "for", "to", "and", "or", "with", "by", "at", "as", "is", "was",
         "are", "were", "be", "been", "has", "have", "had", "it", "its", "that", "which", "who", "will",
         "would", "said", "says", "from", "this", "these", "those", "their", "than", "also", "into", "whose",
         "where", "when", "while", "but", "not", "now", "then", "there", "here"}  # fmt: skip
