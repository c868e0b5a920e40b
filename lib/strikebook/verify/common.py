"""What every check shares: the case as one read-only `Context`, flag rows, and small text helpers.

Why a context: every check asks the same questions of the case — the text of each article, its event and
date, the event records, which spans are the article's own words, the sentence around an offset. They are
answered once per `run_checks` call by building one `Context` (each answer computed on first use and kept
on that object), so no module keeps state between runs and a frame changed between two runs is always read
afresh. The context is read-only: checks never change what it holds.

Sentences are the `sentences` table (spaCy's sentences, one splitter for every stage) through
`strikebook.text.sentences.sentence_span`; an article without rows in that table gets the span itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import pandas as pd

from strikebook.schema import COLUMNS
from strikebook.text.dates import partial_iso
from strikebook.text.normalize import cell_text
from strikebook.text.sentences import indexed, sentence_span

FLAG_COLUMNS = COLUMNS["flags"]
#: segment kinds that hold the article's own words (captions are the outlet's too)
OWN_KINDS = ("title", "body", "caption")
SEVERITY_ORDER = {"problem": 0, "warning": 1, "info": 2}


def table(obj, name: str) -> pd.DataFrame:
    """A table of `tables` or a reference table; missing → empty frame (tests pass SimpleNamespaces)."""
    df = getattr(obj, name, None)
    if df is None or not isinstance(df, pd.DataFrame):
        return pd.DataFrame()
    return df


def cell(value) -> str:
    """Cell → clean string ('' for NaN/None)."""
    return cell_text(value).strip()


def make_flag(article_id, kind, severity, message, text, start, end, related=()) -> dict | None:
    """One row of the `flags` table, or None when the span is not evidence in `text`."""
    start, end = int(start), int(end)
    if not text or not (0 <= start < end <= len(text)):
        return None
    related = [r for r in dict.fromkeys(related) if r and r != article_id]
    return {"article_id": article_id, "kind": kind, "severity": severity, "message": message,
            "evidence": text[start:end], "start": start, "end": end, "related": ";".join(sorted(related))}


def in_spans(pos: int, spans) -> bool:
    return any(s <= pos < e for s, e in spans)


def name_needle(alias: str) -> str:
    """The longest run of plain characters of a name (between apostrophes, spaces and hyphens), case-folded:
    every match of its `name_regex` contains it, so a text without it need not be scanned."""
    parts = re.split("['\u2019\u02bc` .\\-\u2010\u2011\u2013]+", alias.strip())
    return max(parts, key=len).casefold() if parts else ""


def figure_text(row) -> str:
    """A casualty figure as a message says it: '3', 'at least 5', 'between 5 and 7', 'up to 7'."""
    q = cell(row.get("qualifier")) or "exact"
    lo, hi = cell(row.get("min")).removesuffix(".0"), cell(row.get("max")).removesuffix(".0")
    if q == "between":
        return f"between {lo} and {hi}"
    if q == "up to":
        return f"up to {hi}"
    return lo if q == "exact" else f"{q} {lo}"


@dataclass(eq=False)
class Context:
    """The case as the checks read it: `tables` (extraction tables and `texts`) and `ref` (reference data).

    Every attribute below is computed on first use and kept for the life of this object (one run)."""

    tables: object
    ref: object

    @cached_property
    def texts(self) -> dict[str, str]:
        """article_id → original text."""
        return dict(getattr(self.tables, "texts", {}) or {})

    @cached_property
    def info(self) -> dict[str, dict]:
        """article_id → {'event_id', 'date' (of the event, else the publication date), 'published'}."""
        out = {}
        for _, row in table(self.tables, "articles").iterrows():
            aid = cell(row.get("article_id"))
            ev = cell(row.get("event_id"))
            out[aid] = {"event_id": ev, "date": partial_iso(ev) or partial_iso(row.get("published")),
                        "published": cell(row.get("published"))}
        return out

    @cached_property
    def events(self) -> dict[str, dict]:
        """event_id → the reference row (claims, attributions, responds_to…) completed from tables.events,
        plus 'day': the event's date."""
        out: dict[str, dict] = {}
        for _, row in table(self.tables, "events").iterrows():
            out[cell(row.get("event_id"))] = {k: cell(v) for k, v in row.items()}
        for _, row in table(self.ref, "events").iterrows():
            eid = cell(row.get("event_id"))
            out[eid] = {**out.get(eid, {}), **{k: cell(v) for k, v in row.items()}}
        for eid, ev in out.items():
            ev["day"] = partial_iso(ev.get("date") or eid)
        return {k: v for k, v in out.items() if k}

    @cached_property
    def _segments(self) -> dict[str, list[tuple[int, int, str]]] | None:
        """article_id → [(start, end, kind)] in table order; None when there is no segments table."""
        seg = table(self.tables, "segments")
        if seg.empty or "article_id" not in seg.columns:
            return None
        grouped: dict[str, list[tuple[int, int, str]]] = {}
        for r in seg.itertuples():
            grouped.setdefault(r.article_id, []).append((int(r.start), int(r.end), r.kind))
        return grouped

    def segments(self, article_id: str) -> list[tuple[int, int, str]]:
        """(start, end, kind) of the article's segments, in text order ([] when none are recorded)."""
        return sorted((self._segments or {}).get(article_id, []))

    def own_spans(self, article_id: str, kinds=OWN_KINDS) -> list[tuple[int, int]]:
        """The spans of the article's own words (segments of `kinds`); the whole text when the article has
        no segments."""
        rows = (self._segments or {}).get(article_id)
        if not rows:
            return [(0, len(self.texts.get(article_id, "")))]
        return [(s, e) for s, e, kind in rows if kind in kinds]

    @cached_property
    def _sentences(self) -> dict[str, list[tuple[int, int]]]:
        """article_id → its sentence bounds from the `sentences` table, ready for look-ups."""
        sents = table(self.tables, "sentences")
        if sents.empty or not {"article_id", "start", "end"} <= set(sents.columns):
            return {}
        grouped: dict[str, list[tuple[int, int]]] = {}
        for aid, s, e in zip(sents["article_id"], sents["start"], sents["end"], strict=True):
            grouped.setdefault(str(aid), []).append((int(s), int(e)))
        return {aid: indexed(sorted(bounds)) for aid, bounds in grouped.items()}

    def sentence(self, article_id: str, start: int, end: int | None = None) -> tuple[int, int]:
        """(start, end) of the sentence(s) holding text[start:end] in the article."""
        return sentence_span(self._sentences.get(article_id, []), start, end)

    @cached_property
    def quote_graph(self):
        """Which quotes render one statement (`quotecompare.StatementGraph` at the default threshold, 80):
        built once, shared by the quote groups and the quote-drift check; None when there are no quotes
        or the quotes table is malformed."""
        from strikebook.verify import quotecompare

        quotes = table(self.tables, "quotes")
        if quotes.empty:
            return None
        try:
            return quotecompare.statement_graph(quotes)
        except Exception:  # noqa: BLE001 - quotes table malformed
            return None

    @cached_property
    def quote_groups(self) -> pd.DataFrame:
        """The quotes grouped into statements (`quotecompare.group_quotes`); empty when there are no quotes
        or the quotes table is malformed (then the quote checks just see no groups)."""
        from strikebook.verify import quotecompare

        quotes = table(self.tables, "quotes")
        if quotes.empty:
            return pd.DataFrame()
        try:
            return quotecompare.group_quotes(quotes, graph=self.quote_graph)
        except Exception:  # noqa: BLE001 - quotes table malformed
            return pd.DataFrame()

    def day(self, article_id: str) -> date | None:
        """The article's date: its event's, else its publication date."""
        return self.info.get(article_id, {}).get("date")

    def event_id(self, article_id: str) -> str:
        return self.info.get(article_id, {}).get("event_id", "")
