"""Figures as an analyst reads them: beside each number a query returns, its unit and qualifier
in words ("more than 4,700 models", "300 billion parameters").

A column ``C`` is a figure when the answer also has ``C_unit`` (or, for ``value``, ``unit``);
its qualifier is ``C_qualifier`` (or ``qualifier``) where there is one. The readable form goes
in a new column ``C_text`` right after the number, which stays as it was for sorting and sums.
"""

from __future__ import annotations

from typing import Any

from kg.model.quantity import Quantity

__all__ = ["figure_texts", "in_words", "with_figures"]


def _companion(columns: list[str], column: str, part: str) -> int | None:
    for name in (f"{column}_{part}", part if column == "value" else None):
        if name in columns:
            return columns.index(name)
    return None


def _readable(value: Any, unit: Any, qualifier: Any) -> Any:
    if isinstance(value, list):
        units = unit if isinstance(unit, list) else [unit] * len(value)
        quals = qualifier if isinstance(qualifier, list) else [qualifier] * len(value)
        return [_readable(v, u, q) for v, u, q in zip(value, units, quals, strict=False)]
    if not isinstance(value, int | float) or isinstance(value, bool) or not unit:
        return None
    try:
        return Quantity(value=value, unit=str(unit), qualifier=qualifier or "exact").readable()
    except ValueError:  # a qualifier or value the model would not take: show the number as it is
        return f"{value:g} {unit}"


def with_figures(columns: list[str], rows: list[list[Any]]) -> tuple[list[str], list[list[Any]]]:
    """The answer with a readable column after each figure.

    >>> columns, rows = with_figures(["model", "parameters", "parameters_unit"], [["K", 3e11, "parameters"]])
    >>> columns, rows[0][2]
    (['model', 'parameters', 'parameters_text', 'parameters_unit'], '300 billion parameters')
    >>> with_figures(["value", "unit", "qualifier"], [[4700.0, "models", "more_than"]])[1]
    [[4700.0, 'more than 4,700 models', 'models', 'more_than']]
    """
    figures = [
        (i, unit, _companion(columns, c, "qualifier"))
        for i, c in enumerate(columns)
        if f"{c}_text" not in columns and (unit := _companion(columns, c, "unit")) is not None
    ]
    if not figures:
        return columns, rows
    new_columns = list(columns)
    for offset, (i, _, _) in enumerate(figures):
        new_columns.insert(i + 1 + offset, f"{columns[i]}_text")
    new_rows = []
    for row in rows:
        out = list(row)
        for offset, (i, unit, qual) in enumerate(figures):
            text = _readable(row[i], row[unit], row[qual] if qual is not None else None)
            out.insert(i + 1 + offset, text)
        new_rows.append(out)
    return new_columns, new_rows


def figure_texts(attrs: dict[str, Any]) -> dict[str, Any]:
    """``attrs`` with ``K_text`` after each figure: a flat ``K``/``K_unit`` column pair or a
    nested figure (``{"value", "unit", "qualifier"}``, or a list of them), for exports.

    >>> figure_texts({"size": {"value": 3e11, "unit": "parameters", "qualifier": "exact"}})["size_text"]
    '300 billion parameters'
    >>> figure_texts({"n": 4700, "n_unit": "models", "n_qualifier": "more_than"})["n_text"]
    'more than 4,700 models'
    """
    if not _may_have_figures(attrs):  # most nodes and edges: nothing to add (an export has millions)
        return {k: v for k, v in attrs.items() if not (v is None and k.endswith("_text"))}
    columns, rows = with_figures(list(attrs), [list(attrs.values())])
    out = dict(zip(columns, rows[0], strict=True))
    for key, value in attrs.items():
        items = value if isinstance(value, list) else [value]
        if items and all(isinstance(v, dict) and "value" in v and "unit" in v for v in items):
            texts = [_readable(v["value"], v["unit"], v.get("qualifier")) for v in items]
            out[f"{key}_text"] = texts if isinstance(value, list) else texts[0]
    return {k: v for k, v in out.items() if not (k.endswith("_text") and v is None)}


def _may_have_figures(attrs: dict[str, Any]) -> bool:
    """False only where :func:`figure_texts` finds no figure: no unit column, no nested figure."""
    for key, value in attrs.items():
        if key == "unit" or key.endswith("_unit"):
            return True
        first = value[0] if isinstance(value, list) and value else value
        if isinstance(first, dict) and "value" in first and "unit" in first:
            return True
    return False


def in_words(value: Any) -> str:
    """A property's value as a sentence gives it: a figure (or a list of them) in words.

    >>> in_words({"value": 3e11, "unit": "parameters", "qualifier": "exact"}), in_words(["a", "b"])
    ('300 billion parameters', 'a, b')
    """
    shown = figure_texts({"v": value}).get("v_text", value)
    return ", ".join(map(str, shown)) if isinstance(shown, list) else str(shown)
