"""One review file open in the review page: read and checked, shown, and written back at once
after every decision.

The file stays the source of truth: each decision reads nothing from the page but the
decision, is applied to what the file holds, and replaces the file whole (``kg.common.atomic``) under
the seeds lock. A file changed on disk since the page last saw it (an analyst's editor, an
ingest) is never overwritten: the decision is refused with :class:`Changed` until the page
reloads it. Undo puts back the file's text as it was before the decision.
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from pathlib import Path
from typing import Any

from kg.common.atomic import write_text
from kg.errors import KGError
from kg.review.context import SeedContext, allowed_pairs, allowed_types
from kg.review.decisions import apply, effective, remap
from kg.seeds.lock import seeds_lock
from kg.seeds.named import named_places
from kg.seeds.review_files import read_review
from kg.seeds.yamlio import LINE, dump_yaml, read_bytes, read_yaml

__all__ = ["Changed", "ReviewFile"]

UNDO_DEPTH = 500  # decisions that can be undone, per file


class Changed(KGError):
    """The file on disk is not the one the page shows: reload before deciding."""


def _plain(value: Any) -> Any:
    """YAML as read, without the line numbers the reader adds to every mapping."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


class ReviewFile:
    """A review file and the document it proposes facts for."""

    def __init__(self, path: Path, context: SeedContext):
        self.path = path
        self.context = context
        self.stem = path.stem
        self.lock = threading.Lock()  # one decision at a time, whichever thread serves it
        self.history: list[str] = []
        self._alternatives: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        self._rows: dict[str, str] = {}  # a row as JSON -> its YAML, for dumped()
        self.load()

    def load(self) -> None:
        """Read and check the file (a one-line :class:`KGError` naming it otherwise)."""
        raw = read_bytes(self.path)
        review = read_review(self.path)  # the accept's own reading: a malformed file stops here
        if review.document not in self.context.texts:
            raise KGError(
                f"its document {review.document!r} is no longer in {self.context.root / 'documents'} "
                "(ingest the article again, or remove this review)",
                path=self.path,
            )
        self.document = review.document
        self.text = self.context.texts[review.document]
        named_places(review.mentions, review.document, self.text, self.path)  # every name where it says
        self.data: dict[str, Any] = _plain(read_yaml(self.path))
        self.content = raw.decode("utf-8")
        header = []
        for line in self.content.splitlines(keepends=True):
            if not line.startswith("#"):
                break
            header.append(line)
        self.header = "".join(header)
        self.version = _digest(raw)

    def check_disk(self) -> None:
        """Refuse with :class:`Changed` when the file on disk is not the one last read or written."""
        try:
            now = _digest(read_bytes(self.path))
        except KGError:
            raise Changed("the file is gone (accepted or removed elsewhere)", path=self.path) from None
        if now != self.version:
            raise Changed(
                "changed on disk since the page read it; reload to see it (nothing was overwritten)",
                path=self.path,
            )

    def decide(self, op: str, args: dict[str, Any], version: str) -> None:
        """Apply one decision and write the file at once (``version``: what the page shows)."""
        with self.lock, seeds_lock(self.context.root, "soekg review", timeout=30):
            self._current(version)
            data = copy.deepcopy(self.data)
            known = set(self.context.known)
            types = self.types()
            apply(data, op, args, text=self.text, known=known, types=types, stem=self.stem)
            self.history = [*self.history[-UNDO_DEPTH + 1 :], self.content]
            self._write(self.header + self.dumped(data), data)

    def dumped(self, data: dict[str, Any]) -> str:
        """``dump_yaml(data)``, each row of a list written once and kept: a decision changes one
        row, and writing all 500 rows of a large review again took most of a decision's time.
        The text is the same (a test compares them)."""
        parts, cache = [], {}
        for key, value in data.items():
            if not (isinstance(value, list) and value and all(isinstance(r, dict) for r in value)):
                parts.append(dump_yaml({key: value}, width=1_000_000))
                continue
            parts.append(f"{key}:\n")
            for row in value:
                seen = json.dumps(row, ensure_ascii=False, default=repr)
                cache[seen] = self._rows.get(seen) or dump_yaml([row], width=1_000_000)
                parts.append(cache[seen])
        self._rows = cache
        return "".join(parts)

    def undo(self, version: str) -> None:
        """Put the file back as it was before the last decision."""
        with self.lock, seeds_lock(self.context.root, "soekg review", timeout=30):
            self._current(version)
            if not self.history:
                raise KGError("nothing to undo", path=self.path)
            self._write(self.history.pop())

    def _current(self, version: str) -> None:
        if version != self.version:
            raise Changed("the page shows an older state of this file; reload it", path=self.path)
        self.check_disk()

    def _write(self, content: str, data: dict[str, Any] | None = None) -> None:
        """Replace the file whole; ``data`` is its content when the caller has it (not read back)."""
        write_text(self.path, content)
        self.content = content
        self.version = _digest(content.encode("utf-8"))
        self.data = data if data is not None else _plain(read_yaml(self.path))

    def types(self) -> dict[str, str]:
        """Every key's node type: catalog and gazetteer, then this review's candidates."""
        types = {k: v.type for k, v in self.context.known.items()}
        for c in self.data.get("candidates") or []:
            types.setdefault(str(c.get("key")), str(c.get("type")))
        return types

    def view(self) -> dict[str, Any]:
        """Everything the page shows, as JSON-ready data (text only: the page renders it as text)."""
        data, text = self.data, self.text
        moved = remap(data)
        candidates = {str(c.get("key")): c for c in data.get("candidates") or []}
        types = self.types()
        names: dict[str, list[str]] = {}
        mentions = []
        for i, m in enumerate(data.get("mentions") or []):
            entity = str(m.get("entity"))
            names.setdefault(entity, []).append(str(m.get("text")))
            mentions.append(
                {
                    "row": i,
                    "text": m.get("text"),
                    "entity": entity,
                    "proposed": m.get("proposed"),
                    "rule": m.get("rule"),
                    "score": m.get("score"),
                    "at": m.get("at") or [],
                    "accept": m.get("accept", True) is not False,
                    "split_from": m.get("split_from"),
                }
            )
        facts = [
            self._fact_view(i, f, moved, candidates, types) for i, f in enumerate(data.get("facts") or [])
        ]
        used = {m["entity"] for m in mentions} | {f[e] for f in facts for e in ("source", "target")}
        entities = {key: self._entity(key, names.get(key, []), candidates, types) for key in sorted(used)}
        meta = self.context.documents[self.document]
        return {
            "name": self.path.name,
            "version": self.version,
            "document": {
                "id": self.document,
                "title": meta.title,
                "publisher": meta.publisher,
                "published": meta.published,
                "url": meta.url,
            },
            "text": text,
            "mentions": mentions,
            "facts": facts,
            "candidates": [
                {
                    "row": i,
                    "key": c.get("key"),
                    "type": c.get("type"),
                    "name": c.get("name"),
                    "aliases": c.get("aliases") or [],
                    "accept": c.get("accept", True) is not False,
                    "reviewed": bool(c.get("reviewed")),
                    "used": str(c.get("key")) in used,
                }
                for i, c in enumerate(data.get("candidates") or [])
            ],
            "entities": entities,
            "allowed_pairs": allowed_pairs(),
            "undo": len(self.history),
        }

    def _fact_view(
        self,
        i: int,
        f: dict[str, Any],
        moved: dict[str, str],
        candidates: dict[str, Any],
        types: dict[str, str],
    ) -> dict[str, Any]:
        source, target = effective(self.data, f, "source", moved), effective(self.data, f, "target", moved)
        evidence = str(f.get("evidence"))
        start = self.text.find(evidence)
        problems = []
        for key in (source, target):
            if key not in types:
                problems.append(f"no entity {key!r}")
            elif key in candidates and candidates[key].get("accept", True) is False:
                problems.append(f"{key} is rejected: this fact goes with it")
        allowed = allowed_types(types.get(source), types.get(target))
        if not problems and f.get("type") not in allowed:
            problems.append(f"{f.get('type')} cannot join {types.get(source)} to {types.get(target)}")
        if start < 0:
            problems.append("its sentence is not in the document")
        view_fact = {
            k: f.get(k)
            for k in (
                "type",
                "confidence",
                "rule",
                "date",
                "status",
                "proposed_type",
                "proposed_source",
                "proposed_target",
            )
        }
        own = {k: v for k, v in f.items() if k not in _FACT_KEYS}
        fact_key = {**f, "source": source, "target": target}
        return {
            **view_fact,
            "row": i,
            "source": source,
            "target": target,
            "evidence": evidence,
            "start": start,
            "end": start + len(evidence) if start >= 0 else -1,
            "accept": f.get("accept", True) is not False,
            "reviewed": bool(f.get("reviewed")),
            "added": bool(f.get("added")),
            "properties": own,
            "allowed": allowed,
            "problems": problems,
            "conflicts": self.context.conflicts(fact_key, self.document) if not problems else [],
        }

    def _entity(
        self, key: str, names: list[str], candidates: dict[str, Any], types: dict[str, str]
    ) -> dict[str, Any]:
        if key in candidates:
            c = candidates[key]
            shown = {
                "key": key,
                "name": c.get("name"),
                "type": c.get("type"),
                "kind": "candidate",
                "accept": c.get("accept", True) is not False,
            }
        elif key in self.context.known:
            shown = {**self.context.describe(key), "accept": True}
        else:
            shown = {"key": key, "name": key, "type": None, "kind": "unknown", "accept": True}
        wanted = (*sorted({*names, str(shown["name"])}), str(shown["type"]))
        if wanted not in self._alternatives:
            self._alternatives[wanted] = self.context.alternatives(list(wanted[:-1]), shown["type"], set())
        shown["alternatives"] = [a for a in self._alternatives[wanted] if a["key"] != key]
        return shown


_FACT_KEYS = {
    "type",
    "source",
    "target",
    "evidence",
    "date",
    "date_note",
    "status",
    "confidence",
    "rule",
    "accept",
    "reviewed",
    "added",
    "proposed_type",
    "proposed_source",
    "proposed_target",
}
