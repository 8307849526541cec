"""Token patterns for spaCy's ``Matcher``: how news English names organisations, people,
models, platforms, policies, sectors, places, dates and figures.

They are written from the language (corporate and agency name forms, Chinese
personal names, quoted programme names), not from particular articles.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ANCHORS", "COMPANY_HEADS", "COMPLEMENT", "DATE_PATTERNS", "FIGURE_PATTERNS", "HEAD_TYPES", "ORG_HEADS",
    "RULES", "SHAPE_PATTERNS", "SURNAMES", "UNITS", "anchored_rules",
]  # fmt: skip

Pattern = list[dict[str, Any]]

AGENCY_HEADS = """
    Commission Ministry Administration Council Bureau Department Authority Agency Office Committee
    Government Regulator
""".split()  # noqa: SIM905 - a word list reads better as words
RESEARCH_HEADS = ["Institute", "Academy", "University", "Laboratory", "Lab", "College", "Center", "Centre"]
COMPANY_HEADS = """
    Corporation Corp Group Company Co. Ltd Ltd. Limited Holdings Technologies Inc Inc.
""".split()  # noqa: SIM905 - a word list reads better as words
ORG_HEADS = {"Agency": AGENCY_HEADS, "ResearchBody": RESEARCH_HEADS, "Company": COMPANY_HEADS}

# The most common Chinese surnames in pinyin: a name in Chinese news English is a
# surname followed by a capitalised given name ("Zhang Yuzhuo", "Li Zhen").
SURNAMES = """
    Li Wang Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao Zheng Liang
    Xie Tang Han Cao Deng Xiao Feng Zeng Cheng Cai Peng Pan Yuan Yu Dong Su Ye Lu Wei Jiang Tian Du
    Ding Shen Ren Yao Jin Tan Xiang Fu Qian Wen Bai Kong Mao Qiu Qin Hou Shao Meng Long Wan Duan Lei
    Qian Yin Yi Chang Lai Gong Wen Fan Fang Shi Jia Xia Zou Xiong Hao Kang Mo Gu Zhong Cui Qiao Niu
    Lyu Lv Ou Ning Xi
""".split()  # noqa: SIM905 - a word list reads better as words

ROLE_NOUNS = ["member", "members", "secretary", "director", "chairman", "head", "official", "officials"]
TITLES = """
    president chairman chairwoman vice-chairman director minister premier secretary
    secretary-general ceo chief head deputy governor mayor
""".split()  # noqa: SIM905 - a word list reads better as words

UNITS = """
    percent % yuan dollars parameters pflops tflops eflops cores chips models datasets scenarios
    seconds hours days users devices times gw mw kilometers km tons
""".split()  # noqa: SIM905 - a word list reads better as words
SCALES = ["thousand", "million", "billion", "trillion"]
MONTHS = """
    january february march april may june july august september october november december jan feb
    mar apr jun jul aug sep sept oct nov dec
""".split()  # noqa: SIM905 - a word list reads better as words

PROPER: dict[str, Any] = {"IS_TITLE": True}
_SECTOR_WORD: dict[str, Any] = {"IS_LOWER": True, "IS_STOP": False, "IS_ALPHA": True}
# "China Daily", "China Economy": words after "China" that make a phrase, not a company name.
GENERIC_AFTER_CHINA = """
    Daily Economy Central Government Policy News Times Today Market Markets Business Briefing
    Digital State Mandates Tech
""".split()  # noqa: SIM905 - a word list reads better as words
CONNECT: dict[str, Any] = {"LOWER": {"IN": ["of", "for", "and", "&", "on"]}}
QUOTE_OPEN: dict[str, Any] = {"ORTH": {"IN": ['"', "“", "«"]}}
QUOTE_CLOSE: dict[str, Any] = {"ORTH": {"IN": ['"', "”", "»"]}}
QUOTED: Pattern = [QUOTE_OPEN, {"ORTH": {"NOT_IN": ['"', "“", "”", "\n"]}, "OP": "{1,6}"}, QUOTE_CLOSE]


# Inside an agency or institute name: capitalised words, hyphenated compounds
# ("State-owned"), possessives, and "and"/"&" ("Development and Reform Commission").
_BODY: dict[str, Any] = {"TEXT": {"REGEX": r"^([A-Z][\w.]*|-|&|and|of|owned|run|['’]s)$"}, "OP": "*"}
# Inside a company name "and" usually joins two companies, so it is left out.
_COMPANY_BODY: dict[str, Any] = {"TEXT": {"REGEX": r"^([A-Z][\w.]*|-|&)$"}, "OP": "*"}
_TAIL: Pattern = [{"LOWER": {"IN": ["of", "for"]}}, {"LOWER": "the", "OP": "?"}, PROPER, _BODY]

# Words that end many company names ("CHN Energy", "State Grid", "SAIC Motor").
INDUSTRY_WORDS = """
    Energy Power Motor Motors Auto Steel Telecom Mobile Unicom Bank Electric Grid Petroleum Oil Gas
    Chemical Railway Airlines Shipping Construction Logistics Semiconductor Tech Cloud Robotics
""".split()  # noqa: SIM905 - a word list reads better as words


def _named(heads: list[str], body: dict[str, Any]) -> Pattern:
    """A name that ends on its head word: "National Development and Reform Commission"."""
    return [PROPER, body, {"ORTH": {"IN": heads}}]


# A head word with its complement: "Ministry of Commerce", "Institute of Computing Technology".
# One pattern for every kind of organisation, typed by its head word (HEAD_TYPES). The recogniser
# joins it to a name ending on the same head ("Development Research Center" + "Center of the
# State Council"), so names with both need no pattern of their own: each pattern costs the
# matcher a step at every token.
HEAD_TYPES = {head: label for label, heads in ORG_HEADS.items() for head in heads}
assert len(HEAD_TYPES) == sum(map(len, ORG_HEADS.values())), "a head word names one kind of organisation"
COMPLEMENT: Pattern = [{"ORTH": {"IN": list(HEAD_TYPES)}}, *_TAIL]

SHAPE_PATTERNS: dict[str, list[Pattern]] = {
    "Agency": [_named(AGENCY_HEADS, _BODY)],
    "ResearchBody": [_named(RESEARCH_HEADS, _BODY)],
    "Company": [
        _named(COMPANY_HEADS, _COMPANY_BODY),
        [{"TEXT": {"REGEX": r"^([A-Z][a-z]+|[A-Z]{2,6})$"}}, {"ORTH": {"IN": INDUSTRY_WORDS}}],
    ],
    # A partner named after "jointly ... with", "in collaboration with": the name is the last token(s).
    "Partner": [
        [
            {
                "LOWER": {
                    "IN": [
                        "jointly",
                        "collaboration",
                        "cooperation",
                        "partnership",
                        "partnered",
                        "partnering",
                        "together",
                        "teamed",
                        "cooperated",
                        "collaborated",
                    ]
                }
            },
            {"IS_PUNCT": False, "OP": "{0,8}"},
            {"LOWER": "with"},
            {"TEXT": {"REGEX": r"^[A-Z][\w-]+$"}},
            {"IS_TITLE": True, "OP": "?"},
        ],
    ],
    # China's large enterprises are usually named "China X" (China Mobile, China Telecom).
    "SOE": [
        [
            {"ORTH": "China"},
            {"IS_TITLE": True, "ORTH": {"NOT_IN": GENERIC_AFTER_CHINA}},
            {"IS_TITLE": True, "OP": "?"},
        ]
    ],
    "Person": [
        [{"ORTH": {"IN": SURNAMES}}, {"IS_TITLE": True, "LENGTH": {">=": 2}, "IS_SENT_START": False}],
        [{"LOWER": {"IN": TITLES}}, PROPER, PROPER],
        [{"LOWER": "said"}, PROPER, PROPER, {"ORTH": {"IN": [",", "."]}}],
    ],
    "AIModel": [
        [PROPER, {"IS_TITLE": True, "OP": "*"}, {"LOWER": "large"}, {"LOWER": "model"}],
        [*QUOTED, {"LOWER": "large", "OP": "?"}, {"LOWER": {"IN": ["model", "models", "llm"]}}],
        [PROPER, {"ORTH": "-", "OP": "?"}, {"TEXT": {"REGEX": r"^(GPT|LLM)[-\w]*$"}}],
    ],
    "Platform": [
        [{"LOWER": "platform"}, *QUOTED],
        [*QUOTED, {"LOWER": {"IN": ["platform", "system", "app", "cloud"]}}],
        [*QUOTED, {"LOWER": "operating"}, {"LOWER": "system"}],
        [PROPER, {"IS_TITLE": True, "OP": "*"}, {"ORTH": "Platform"}],
    ],
    "Policy": [
        [
            *QUOTED,
            {
                "LOWER": {
                    "IN": [
                        "action",
                        "initiative",
                        "plan",
                        "programme",
                        "program",
                        "campaign",
                        "strategy",
                        "policy",
                        "guideline",
                        "guidelines",
                        "project",
                    ]
                }
            },
        ],
        [
            {"TEXT": {"REGEX": r"^\d+(st|nd|rd|th)$"}},
            {"LOWER": "five"},
            {"ORTH": "-"},
            {"LOWER": "year"},
            {"LOWER": "plan"},
        ],
        [
            {"ORTH": {"IN": ["Guideline", "Guidelines", "Opinions", "Measures"]}},
            {"LOWER": {"IN": ["on", "for"]}},
            {"OP": "{1,10}", "IS_PUNCT": False},
        ],
    ],
    # "the power sector", "China's energy and chemical sector"
    "Sector": [
        [_SECTOR_WORD, {"LOWER": "sector"}],
        [_SECTOR_WORD, {"LOWER": "and"}, _SECTOR_WORD, {"LOWER": "sector"}],
    ],
    # All-capital words may be acronyms of organisations; kept only if they resolve or are defined.
    "Acronym": [[{"TEXT": {"REGEX": r"^[A-Z][A-Z&]{1,7}$"}}]],
    "Location": [
        [PROPER, {"LOWER": {"IN": ["province", "city", "municipality", "region"]}}],
        [PROPER, {"ORTH": "-"}, {"LOWER": {"IN": ["headquartered", "based"]}}],
    ],
}

FIGURE_PATTERNS: list[Pattern] = [
    [
        {
            "LOWER": {"IN": ["more", "over", "about", "around", "approximately", "nearly", "exceeding"]},
            "OP": "?",
        },
        {"LOWER": "than", "OP": "?"},
        {"ORTH": {"IN": ["$", "¥"]}, "OP": "?"},
        {"LIKE_NUM": True},
        {"LOWER": {"IN": SCALES}, "OP": "?"},
        {"LOWER": {"IN": UNITS}},
    ],
    [{"ORTH": {"IN": ["$", "¥"]}}, {"LIKE_NUM": True}, {"LOWER": {"IN": SCALES}, "OP": "?"}],
    [{"LIKE_NUM": True}, {"LOWER": {"IN": SCALES}, "OP": "?"}, {"LOWER": "yuan"}],
]

DATE_PATTERNS: list[Pattern] = [
    [
        {"LOWER": {"IN": MONTHS}},
        {"IS_DIGIT": True, "LENGTH": {"<=": 2}},
        {"ORTH": ",", "OP": "?"},
        {"IS_DIGIT": True, "LENGTH": 4},
    ],
    [{"IS_DIGIT": True, "LENGTH": {"<=": 2}}, {"LOWER": {"IN": MONTHS}}, {"IS_DIGIT": True, "LENGTH": 4}],
    # A bare month needs a cue before it, or "may" the verb would be a date.
    [
        {"LOWER": {"IN": ["early", "mid", "late", "in", "since", "by", "until", "from"]}},
        {"LOWER": {"IN": MONTHS}},
        {"IS_DIGIT": True, "LENGTH": 4, "OP": "?"},
    ],
    [{"LOWER": {"IN": ["in", "by", "since", "until", "from"]}}, {"TEXT": {"REGEX": r"^(19|20)\d\d$"}}],
    [{"LOWER": {"IN": ["last", "this", "next"]}}, {"LOWER": {"IN": ["month", "year", "week"]}}],
]

# Every rule the recogniser runs, by label: names by shape, head complements, figures, dates.
RULES: list[tuple[str, list[Pattern]]] = [
    *SHAPE_PATTERNS.items(),
    ("COMPLEMENT", [COMPLEMENT]),
    ("FIGURE", FIGURE_PATTERNS),
    ("DATE", DATE_PATTERNS),
]

# For each pattern of RULES, the position of a word every match holds and few words are (the
# month of a date, the number of a figure, "sector"; None: no such word). The recogniser runs a
# pattern only near its anchor words (see kg.ingest.anchored).
ANCHORS: dict[str, list[int | None]] = {
    "Agency": [2],  # the head word: "Commission", "Institute", "Corporation"
    "ResearchBody": [2],
    "Company": [2, 1],  # and the industry word of "CHN Energy"
    "Partner": [0],  # the cue word: "jointly", "in collaboration"
    "SOE": [0],  # "China"
    "Person": [0, 0, 0],  # the surname, the title, "said"
    "AIModel": [3, 0, 2],  # "model", the opening quote, "GPT"/"LLM"
    "Platform": [0, 0, 0, 2],  # "platform", the opening quote, "Platform"
    "Policy": [0, 1, 0],  # the opening quote, "five", "Guidelines"
    "Sector": [1, 3],  # "sector"
    "Acronym": [0],
    "Location": [1, 2],  # "province", "headquartered"
    "COMPLEMENT": [0],
    "FIGURE": [3, 1, 0],  # the number
    "DATE": [0, 0, 1, 1, 1],  # the month, the day, the year, "month"
}
assert [len(pats) for _, pats in RULES] == [len(ANCHORS[label]) for label, _ in RULES], (
    "an anchor per pattern"
)


def anchored_rules() -> list[tuple[str, Pattern, int | None]]:
    """Every pattern of RULES with its anchor position."""
    return [(label, p, a) for label, pats in RULES for p, a in zip(pats, ANCHORS[label], strict=True)]
