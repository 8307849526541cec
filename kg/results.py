"""Query results for notebooks: typed rows, as a pandas DataFrame or a networkx graph."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import networkx as nx
from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Results"]


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
