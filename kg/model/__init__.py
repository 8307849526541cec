"""The graph's model: the declaration read from ``kg/model.yaml`` and the records,
columns, quantities and figures derived from it. Everything else imports from here;
this package imports nothing of the project above it.

``kg.model`` re-exports the declaration (:func:`load_model`, :class:`GraphModel`, ...).
"""

from kg.model.declaration import (
    DOCUMENT,
    MENTIONS,
    ORGANISATIONS,
    GraphModel,
    IsoDate,
    NodeType,
    PropertySpec,
    RelType,
    compatible,
    load_model,
)

__all__ = [
    "DOCUMENT",
    "MENTIONS",
    "ORGANISATIONS",
    "GraphModel",
    "IsoDate",
    "NodeType",
    "PropertySpec",
    "RelType",
    "compatible",
    "load_model",
]
