"""Query results for notebooks: typed rows, as a pandas DataFrame or a networkx graph."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import networkx as nx
from pydantic import BaseModel, ConfigDict

from kg.common.visible import TERMINAL_CONTROL, inert_in_spreadsheets, written_out

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Results", "cell_text", "csv_cell", "json_text"]


class Results(BaseModel):
    """The answer to one question: column names and rows of plain values.

    >>> r = Results(query="demo", columns=["source", "relationship", "target"],
    ...             rows=[["SASAC", "SUPERVISES", "Central SOEs"]])
    >>> r.records()[0]["target"], len(r), r.column("source")
    ('Central SOEs', 1, ['SASAC'])
    >>> r.to_networkx().number_of_edges()
    1
    """

    model_config = ConfigDict(extra="forbid")

    query: str
    columns: list[str]
    rows: list[list[Any]]
    params: dict[str, Any] = {}  # as asked (names, not resolved ids): the same question again
    more: bool = False  # rows past the open graph's max_rows were left unread

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:  # type: ignore[override]
        return iter(self.records())

    def records(self) -> list[dict[str, Any]]:
        """Rows as dictionaries keyed by column."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[Any]:
        """All values of one column."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def to_df(self) -> pd.DataFrame:
        """A pandas DataFrame (lists stay lists in their cells).

        >>> Results(query="q", columns=["a", "b"], rows=[[1, ["x"]]]).to_df().shape
        (1, 2)
        """
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)

    def to_json(self) -> str:
        """The rows as a JSON list of records, as ``--json`` prints them: a number that is not
        finite is null (NaN is not JSON), control characters escaped.

        >>> print(Results(query="q", columns=["x"], rows=[[float("nan")]]).to_json())
        [
         {
          "x": null
         }
        ]
        """
        return json_text(self.records())

    def to_csv(self) -> str:
        """The rows as CSV with a header, as ``--csv`` prints them: a missing value is an empty
        cell, a text a spreadsheet would run as a formula starts with ``'``.

        >>> Results(query="q", columns=["name", "n"], rows=[["=1+1", None]]).to_csv().split()
        ['name,n', "'=1+1,"]
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(self.columns)
        writer.writerows([csv_cell(v) for v in row] for row in self.rows)
        return buffer.getvalue()

    def to_networkx(self) -> nx.MultiDiGraph:
        """For edge-shaped answers (``source``, ``relationship``, ``target`` columns): a directed multigraph.

        Every other column becomes an edge attribute.
        """
        needed = {"source", "relationship", "target"}
        if not needed <= set(self.columns):
            raise ValueError(f"{self.query}: not edge-shaped (needs columns {sorted(needed)})")
        graph = nx.MultiDiGraph(query=self.query)
        for record in self.records():
            attrs = {k: v for k, v in record.items() if k not in needed}
            graph.add_edge(record["source"], record["target"], key=record["relationship"],
                           type=record["relationship"], **attrs)  # fmt: skip
        return graph

    def _repr_html_(self) -> str:
        """Notebooks show the answer as a table."""
        return str(self.to_df().to_html(max_rows=50, escape=True))


def cell_text(value: Any) -> str:
    """A value as a terminal or a file shows it: whole numbers without ``.0``, the rest as JSON,
    terminal controls made visible.

    >>> cell_text(3.0e11), cell_text(["a"]), cell_text("x")
    ('300000000000', '["a"]', 'x')
    """
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        value = int(value)  # 300000000000, not 300000000000.0 (the _text column has the words)
    return written_out(
        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False), TERMINAL_CONTROL
    )


def json_text(records: Any) -> str:
    """JSON for a terminal or a file: C1 controls and overrides as \\u escapes (still the same JSON),
    and a number that is not finite as null (NaN and Infinity are not JSON).

    >>> json_text([{"x": float("nan"), "y": [float("inf"), 1.5]}]).split()
    ['[', '{', '"x":', 'null,', '"y":', '[', 'null,', '1.5', ']', '}', ']']
    """
    text = json.dumps(_finite(records), ensure_ascii=False, indent=1, allow_nan=False)
    return written_out(text, TERMINAL_CONTROL, json_style=True)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def csv_cell(value: Any) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ (or a tab or return)
    would be run as a formula, so it gets a leading ' (OWASP's advice); numbers stay numbers.

    >>> csv_cell("=HYPERLINK(1)"), csv_cell(-5), csv_cell("CNPC"), csv_cell(None)
    ("'=HYPERLINK(1)", '-5', 'CNPC', '')
    """
    if value is None:
        return ""  # a missing value is an empty cell, not the text "null"
    return inert_in_spreadsheets(cell_text(value)) if isinstance(value, str) else cell_text(value)
