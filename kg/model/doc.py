"""The model as Markdown tables, for the README (a test keeps the README current).

Regenerate with ``python -m kg.model.doc``.
"""

from __future__ import annotations

from kg.model.declaration import GraphModel, load_model

__all__ = ["model_markdown"]


def _props(names: list[str]) -> str:
    return ", ".join(f"`{n}`" for n in names) or "—"


def model_markdown(model: GraphModel | None = None) -> str:
    """Two Markdown tables: node types, then relationship types with their endpoints.

    >>> model_markdown().splitlines()[0]
    '| Node type | What it is | Own properties (figures carry units) |'
    """
    model = model or load_model()
    lines = ["| Node type | What it is | Own properties (figures carry units) |", "|---|---|---|"]
    for name, node in model.nodes.items():
        lines.append(f"| `{name}` | {node.description} | {_props(list(node.properties))} |")
    lines += ["", "| Relationship | From → to | Meaning | Own properties |", "|---|---|---|---|"]
    for name, rel in model.relationships.items():
        ends = "; ".join(
            f"{', '.join(g.from_)} → {'any entity' if g.to == ('*',) else ', '.join(g.to)}"
            for g in rel.endpoints
        )
        lines.append(f"| `{name}` | {ends} | {rel.description} | {_props(list(rel.properties))} |")
    common = ", ".join(f"`{n}`" for n in model.node_properties)
    prov = ", ".join(f"`{n}`" for n in model.relationship_properties)
    lines += [
        "",
        f"Every node also has `id`, {common}. Every relationship carries its provenance: {prov}.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(model_markdown())
