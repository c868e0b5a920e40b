"""Casualty figures: every mention of a counted number of people killed or wounded, with its evidence.

Why: outlets disagree on how many were killed or wounded and on who says so; a chart of casualty
figures is only useful when every number keeps its qualifier ("at least five"), its victims
("Iraqi militiamen"), the source the article gives ("Syrian Observatory for Human Rights") and the
event it belongs to (the attack on US forces, or the US strikes).

What counts (tests/realworld/GUIDELINES.md): one row per **mention**, so the same figure in the headline,
the standfirst and the body is three rows, each with its own offsets; sub-counts are rows of their own
("25 killed, 19 in Iraq and 6 in Syria" → 25, 19 and 6; "Nine civilians including four children" → 9
and 4; "with 12 wounded, five of them seriously" → 12 and 5). No row for a count without a number
("several", "a number of", "some", "many") or for the killing of a named individual alone.

How (spaCy's parse, one sentence at a time, the article's own words only):

* `casualty_grammar` finds the casualty words (kill, die, dead, wound, injure; deaths, fatalities,
  bodies, injuries; lives claimed or lost) and their victim phrases (see its docstring).
* The number is read from the start of the victim phrase by the one number reader (`text.numbers`):
  numerals (2,500), number words (one to ninety, "three hundred"), "a"/"an"/"another" = 1, "a dozen" =
  12, "dozens" ≥ 24, "scores" ≥ 40, "hundreds" ≥ 200, "thousands" ≥ 2000; qualifiers (at least, a minimum
  of, more than, over, about, nearly, some, up to, as many as, between A and B, A or B). A singular
  victim noun alone in a terse headline counts one ("Civilian among six dead").
* Words the parse did not tie to a casualty word are read from the sentence's surface: a casualty verb
  followed by a quantity ("raids kill ‘at least 22’ fighters"); a toll ("the death toll rose to 22", "put
  the toll at between 17 and 22", "put the number at 25": the number of the figure just given); a
  sub-count after a figure ("…, 19 in Iraq and six in Syria", "…, five of them seriously").
* `casualty_sources` names the source: the party in whose reported speech the figure stands.
* Event: victims on the US side (US, American, coalition, contractor, service member, soldiers, troops,
  personnel) or an attack as the agent → the attack on US forces; otherwise the strikes.
  `events.event_for_sentence` then picks the event (dates in the sentence, shared words).
* A sub-count's extra column `part_of` is the `start` of the figure it divides in the same sentence
  ("including four children" → the row of "Nine civilians"); empty for a figure of its own. A check that
  compares figures should not set a part against its whole ("4 children" is no rival to "9 civilians").
* Figures stay bounded: the number reader gives up past 12 digits; a readable figure above ten million
  (`text.numbers.MAX_VALUE`) is kept as printed text in `min`/`max` (so no chart or check takes it for a
  count) and the row's extra column `implausible_figure` is True (False on every other row).
"""

from __future__ import annotations

import re

from strikebook.extract import casualty_grammar as grammar
from strikebook.extract.casualty_grammar import Victim, event_hint, phrase, status, victims
from strikebook.extract.casualty_sources import source
from strikebook.extract.victims import victim_side
from strikebook.text.numbers import MAX_VALUE, QUALIFIER, parse_number, read_quantity
from strikebook.text.numbers import NUMBER as _NUM
from strikebook.text.numbers import QUALIFIER_WORDS as _QUALIFIER_WORDS

_QUAL = rf"(?P<qual>{_QUALIFIER_WORDS})?\s*"


def _bounds(lo, hi, qual: str):
    """min and max of a figure from its first and second number and qualifier."""
    if hi is not None and lo is not None and hi > lo:
        return lo, hi, "between"
    n = lo if lo is not None else hi
    if qual in ("at least", "more than"):
        return n, None, qual
    if qual == "up to":
        return None, n, qual
    return n, n, qual


def _row(ctx, sent, status_: str, lo, hi, qual: str, who: str, src: str, event: str, start: int, end: int,
         qty: tuple[int, int], part_of: int | None = None) -> dict:
    implausible = any(v is not None and v > MAX_VALUE for v in (lo, hi))
    if implausible:  # kept as printed text, so nothing downstream takes it for a count
        lo, hi = (f"{v:,}" if v is not None else None for v in (lo, hi))
    return {"article_id": ctx.article.article_id, "status": status_, "min": lo, "max": hi, "qualifier": qual,
            "who": who, "source": src, "event_id": event, "start": start, "end": end,
            "sentence": sent.text.strip(), "implausible_figure": implausible, "part_of": part_of, "_q": qty}


class _Events:
    """`events.event_for_sentence`, asked once per sentence and hint (it reads the whole article's dates)."""

    def __init__(self, ctx):
        self.ctx, self.seen = ctx, {}

    def __call__(self, sent, hint: str) -> str:
        from strikebook.extract.events import event_for_sentence

        key = (sent.start, hint)
        if key not in self.seen:
            self.seen[key] = event_for_sentence(self.ctx, sent, hint)
        return self.seen[key]


# --------------------------------------------------------------------------- from the parse

def _who(doc, start: int, end: int, qty_chars: int, trigger=None) -> str:
    text = doc[start:end].text
    who = text[qty_chars:].strip() if qty_chars else text
    if trigger is not None and start <= trigger.i < end:  # "three slain US soldiers" → "US soldiers"
        who = re.sub(rf"(?:^|\s){re.escape(trigger.text)}\b", " ", who).strip()
    who = re.sub(r"^(?:the|a|an|of|another)\s+", "", who, flags=re.I)
    who = re.sub(r"^more\b\s*", "", who, flags=re.I)  # "thousands more"
    who = re.sub(r"[’']s$", "", who.strip())  # "contractor’s death"
    who = who.strip(" ,;:")
    if re.match(r"(?:and|or)\b", who):  # "killed 4 and injured others" (the parser hung the number on "others")
        return ""
    return who[:-1] if who.endswith(".") and not re.search(r"\b[A-Z]\.$", who) else who  # keep "U.S."


def _count(doc, victim: Victim, tok):
    """(quantity, who, first token, last token, quantity chars) of a victim, or None without a number."""
    head = victim.head
    if victim.count is not None:
        c = victim.count
        first = min([c.i] + [t.i for ch in c.children if ch.dep_ in ("advmod", "quantmod") and ch.i < c.i
                             for t in ch.subtree])
        qty = read_quantity(doc[first:c.i + 1].text)
        if qty is None:
            return None
        if victim.who is not None:
            who = victim.who
            last = victim.last if victim.last is not None else c.i
        else:  # "Three of the dead were Iraqi soldiers": the attribute's words
            s, e = phrase(head)
            who, last = _who(doc, s, e, 0, tok), e - 1
        return qty, who, first, last, len(doc[first:c.i + 1].text)
    start, end = phrase(head)
    if tok.head.i == head.i and tok.i > head.i and tok.i < end:  # "Six dead in strike": not "in strike"
        end = tok.i
    text = doc[start:end].text
    qty = read_quantity(text)
    if qty is None and grammar.bare_singular(head):
        qty = (1, 1, "exact", 0)  # "Civilian among six dead"
    if qty is None:
        return None
    who = victim.who if victim.who is not None else _who(doc, start, end, qty[3], tok)
    last = victim.last if victim.last is not None else end - 1
    return qty, who, start, last, qty[3] or len(text)


def _sentence_casualties(ctx, sent, event) -> list[dict]:
    doc = sent.doc
    rows = []
    hints_in_sentence: list[str] = []
    found = [(i, status(doc[i])) for i in grammar.indices_in(grammar.status_candidates(doc), sent)]
    triggers = {i for i, s in found if s}
    parts = grammar.included_parts(sent, triggers) if triggers else {}
    for i, status_ in found:
        if not status_:
            continue
        tok = doc[i]
        trigger_hints: list[str] = []  # victims of one casualty word share one event
        whole = None  # the start of this casualty word's own figure, of which the parts are parts
        heads = victims(tok, parts.get(i, ()))
        if not heads:
            rows += _surface_rows(ctx, sent, tok, status_, event)
        for victim in heads:
            counted = _count(doc, victim, tok)
            if counted is None:
                continue
            (lo, hi, qual, _), who, first, last, qchars = counted
            if not (sent.start <= first and last < sent.end):
                continue
            if who.lower() in ("number", "few", "lot"):
                continue  # (a bare number, "killed 17", "17 dead", is a figure with unnamed victims: who = '')
            hint = event_hint(tok, who)
            if (not who or who.lower().startswith("other")) and hints_in_sentence:  # "… and two were wounded"
                hint = hints_in_sentence[-1]
            if "attack_on_us" in trigger_hints:  # "wounding four American service members and two Iraqi troops"
                hint = "attack_on_us"
            trigger_hints.append(hint)
            hints_in_sentence.append(hint)
            s_char = min(doc[first].idx, tok.idx)
            e_tok = max(last, tok.i)
            e_char = doc[e_tok].idx + len(doc[e_tok].text)
            rows.append(_row(ctx, sent, status_, lo, hi, qual, who, source(tok, sent), event(sent, hint),
                             s_char, e_char, (doc[first].idx, doc[first].idx + qchars),
                             whole if victim.part else None))
            if not victim.part and whole is None:
                whole = s_char
    rows += _toll_rows(ctx, sent, rows, event)
    rows += _subcount_rows(ctx, sent, rows)
    return rows


# --------------------------------------------------------------------------- from the surface

#: A casualty verb followed by a quantity the parser did not attach (headlines, quotation marks around the
#: number): "US raids kill ‘at least 22’ Iran-backed fighters".
_SURFACE = re.compile(rf"^\s*[‘'\"“]?{_QUAL}(?P<a>{_NUM})(?:\s*(?:and|to|-|–)\s*(?P<b>{_NUM}))?[’'\"”]?"
                      rf"(?P<who>(?:\s+[\w’'.-]+){{1,4}}?)(?=\s*(?:[:;,.]|$|\s+(?:in|near|on|at|as|after|when)\b))",
                      re.I)


def _surface_rows(ctx, sent, tok, status_: str, event) -> list[dict]:
    """A transitive casualty verb ("kill", "kills", "killed") whose object the parser missed: read the
    quantity and victims from the words that follow it."""
    if tok.pos_ != "VERB" or tok.lower_ in ("dead", "slain") or any(c.dep_ == "auxpass" for c in tok.children):
        return []
    after = sent.text[tok.idx + len(tok.text) - sent.start_char:]  # (doc.text rebuilds the whole article)
    m = _SURFACE.match(after)
    if not m:
        return []
    a = parse_number(m.group("a"))
    b = parse_number(m.group("b")) if m.group("b") else None
    who = m.group("who").strip()
    if a is None or a == 1 and m.group("a").lower() in ("a", "an") and not who:
        return []
    if who.lower().split()[0] in ("number", "few", "lot", "series", "times", "of"):
        return []
    lo, hi, qual = _bounds(a, b, QUALIFIER.get(" ".join((m.group("qual") or "").lower().split()), "exact"))
    base = tok.idx + len(tok.text)
    start = base + m.start("qual") if m.group("qual") else base + m.start("a")
    end = base + m.end("who")
    hint = "attack_on_us" if victim_side(who) == "us" else event_hint(tok, who)
    return [_row(ctx, sent, status_, lo, hi, qual, who, source(tok, sent), event(sent, hint), start, end,
                 (start, base + m.end("a")))]


_TOLL = re.compile(
    r"\b(?:(?P<kind>death|casualty|injury|wounded)\s+)?(?P<noun>toll|(?<=death\s)tally|(?<=casualty\s)tally"
    r"|number\s+of\s+(?:the\s+)?(?P<of>dead|deaths|killed|fatalities|victims|martyrs|wounded|injured|injuries))"
    r"(?:\s+(?:from|in)\s+[^,.;:]{1,40}?)?\s+(?:has\s+|had\s+)?"
    r"(?:of|rose\s+to|risen\s+to|reached|climbed\s+to|stood\s+at|stands\s+at|at|is|was|to)\s+"
    rf"{_QUAL}(?P<a>{_NUM})(?:\s*(?:and|to|-|–)\s*(?P<b>{_NUM}))?\b"
    rf"|\bput\w*\s+the\s+(?P<bare>number|figure)\s+at\s+{_QUAL.replace('qual', 'qual2')}(?P<a2>{_NUM})\b", re.I)


def _toll_rows(ctx, sent, rows: list[dict], event) -> list[dict]:
    """'the death toll rose to 22', 'put the toll at between 17 and 22' (killed figures without a victim
    phrase); 'sources put the number at 25' (the number of the figure just given, its victims too)."""
    out = []
    for m in _TOLL.finditer(sent.text):
        start = sent.start_char + m.start()
        who = ""
        if m.group("bare"):
            earlier = [r for r in rows if r["start"] < start]
            if not earlier:
                continue
            status_, who = earlier[-1]["status"], earlier[-1]["who"]
            n, b, qual_text, num_at = parse_number(m.group("a2")), None, m.group("qual2"), m.start("a2")
        else:
            wounded = (m.group("kind") or m.group("of") or "").lower() in ("injury", "wounded", "injured", "injuries")
            status_ = "wounded" if wounded else "killed"
            n = parse_number(m.group("a"))
            b = parse_number(m.group("b")) if m.group("b") else None
            qual_text, num_at = m.group("qual"), m.start("a")
        if n is None:
            continue
        qual = QUALIFIER.get(" ".join((qual_text or "").lower().split()), "exact")
        if qual == "between" and not (b is not None and b > n):
            continue
        lo, hi, qual = _bounds(n, b, qual)
        tok = sent.doc.char_span(start, start + 5, alignment_mode="expand")
        if m.group("bare"):  # the source is who puts the number ("…, though militia sources put the number at 25")
            tok = sent.doc.char_span(sent.start_char + m.start("bare"), sent.start_char + m.end("bare"),
                                     alignment_mode="expand")
        src = source(tok[0], sent) if tok else ""
        q0 = sent.start_char + (m.start("qual") if m.group("qual") else m.start("qual2") if m.group("qual2")
                                else num_at)
        out.append(_row(ctx, sent, status_, lo, hi, qual, who, src, event(sent, "us_strike"), start,
                        sent.start_char + m.end(), (q0, sent.start_char + m.end())))
    return out


#: A sub-count after a figure: "…, 19 in Iraq and six in Syria", "…, five of them seriously", "…, two of
#: whom are in a critical condition", "… and three in Syria".
_SUBCOUNT = re.compile(
    rf"(?:^|[,;(–—]|\band\b|\bwhile\b|\bwith\b)\s*(?P<q>(?:(?:{_QUALIFIER_WORDS})\s+)?(?P<n>{_NUM}))\s+"
    r"(?:(?P<of>of\s+(?:them|whom|those|the\s+(?P<which>dead|killed|victims|wounded|injured)))\b(?P<rest>[^,;.]*)"
    r"|(?=(?:in|at|near|on|from)\s+(?:the\s+)?[A-Z]))")
#: "…, among them two children", "…, including three of whom …" → the words after the number are the victims
_AMONG_THEM = re.compile(
    rf"[,;(–—]\s*among\s+(?:them|whom)(?:\s+(?:were|are))?\s+(?P<q>(?:(?:{_QUALIFIER_WORDS})\s+)?(?P<n>{_NUM}))"
    r"\s+(?P<rest>[^,;.]*)")


def _subcount_rows(ctx, sent, rows: list[dict]) -> list[dict]:
    """Sub-counts the parse did not tie to the figure they divide: each takes the status (and event) of the
    figure before it in the sentence; victims are the words after "of them", or none for a place."""
    if not rows:
        return []
    used = [r["_q"] for r in rows]
    out = []
    matches = sorted([*_SUBCOUNT.finditer(sent.text), *_AMONG_THEM.finditer(sent.text)], key=lambda m: m.start("n"))
    for m in matches:
        n_at = sent.start_char + m.start("n")
        if m.group("n").lower() in ("a", "an") or re.fullmatch(r"(?:19|20)\d\d", m.group("n")):
            continue
        if any(s <= n_at < e for s, e in used):
            continue
        before = [r for r in rows + out if r["_q"][0] < n_at]
        if not before:
            continue
        prev = max(before, key=lambda r: r["_q"][0])
        named = m.re is _AMONG_THEM or bool(m.group("of"))  # the victims follow the number
        which = (m.groupdict().get("which") or "").lower()
        status_ = "wounded" if which in ("wounded", "injured") else "killed" if which in ("dead", "killed") \
            else prev["status"]
        qty = read_quantity(m.group("q"))
        if qty is None:
            continue
        lo, hi, qual, _ = qty
        who = re.sub(r"^\s*(?:are|were|is|was|being)\s+", "", m.group("rest") or "").strip() if named else ""
        start = sent.start_char + m.start("q")
        end = sent.start_char + (m.end("rest") if named else m.end("q"))
        end = start + len(sent.text[start - sent.start_char:end - sent.start_char].rstrip())
        row = _row(ctx, sent, status_, lo, hi, qual, who, prev["source"], prev["event_id"], start, end,
                   (start, sent.start_char + m.end("q")), prev["part_of"] if prev["part_of"] is not None
                   else prev["start"])
        out.append(row)
    return out


# --------------------------------------------------------------------------- the table

_LAST: dict[tuple, list[dict]] = {}


def extract_casualties(ctx) -> list[dict]:
    """Rows of the `casualties` table for one article (see the module docstring for the rules)."""
    cache_key = (ctx.article.article_id, ctx.article.text, ctx.event_id, id(ctx.doc), id(ctx.ref))
    if cache_key in _LAST:  # extract_figures asks again for the same article: reuse the rows
        return [dict(r) for r in _LAST[cache_key]]
    event = _Events(ctx)
    rows = []
    for sent in ctx.sentences():
        rows += _sentence_casualties(ctx, sent, event)
    seen, out = set(), []
    for r in rows:
        key = (r["start"], r["end"], r["status"])
        q = r.pop("_q")
        if key not in seen and (q, r["status"]) not in seen:
            seen.update({key, (q, r["status"])})
            out.append(r)
    _LAST.clear()
    _LAST[cache_key] = [dict(r) for r in out]
    return out
