"""Direct quotations and who said them: the rows of the `quotes` table.

The work is split by job:
- `quote_marks` finds the quoted words (plain text, no NLP);
- `speakers` finds what credits each quote in its own sentence (the reporting verb, "according to", a
  headline label, a dash signature); `speaker_names` resolves that to a name (titles, honorifics,
  descriptions, described organisations), with `salience` (pronouns, "the statement") and `role_holders`
  (people given by title); `speech_words` holds the word lists they read; `attribution_index` the look-up
  tables that keep all of it n·log n in the article's length and number of quotes (issue 12);
- this module assembles the rows and credits the quotes their own sentence leaves open, from the quotes
  around them.

Who is credited follows tests/realworld/GUIDELINES.md: a person by the fullest name the article gives (or
the reference's canonical name), an organisation or country as named, a person given only by title by the
person the article or the reference says held it, an unnamed source by its description ("US official").

Rules of this module (tests/test_quotes.py, tests/test_speakers.py, tests/test_unseen.py):
- A quote with no reporting verb takes the speaker of the quote it continues (`"A," he said. "B."`, or a
  quote in its own paragraph after "Kirby said:"). Split quotes: an unattributed quote that is a sentence of
  its own goes on with the paragraph's last speaker however long the attribution between them; a quote
  running over paragraphs (first paragraph left open) takes the speaker named in any of its paragraphs.
- A statement quoted over several paragraphs, each opening with a quote mark and no new attribution: each
  paragraph goes on with the speaker of the previous paragraph's last credited quote.
- A quote in a sentence without a reporting verb, right after a sentence of reported speech in the same
  paragraph, goes on with that report ("… told Reuters that one target was a depot. The other was a
  “command and control” site.").
- A quote in a headline (the title or a subheading) that only a label credits, or nothing, takes the
  speaker of the body's quote with the same words.
- ALL-CAPS lines are attributed on a re-cased copy (spaCy reads every capitalised word as a name).

Decision on scare quotes: a quoted word with nobody to attribute it to is kept with speaker "" (and
cue ""): the marks are in the text, a reader comparing outlets wants to see them, and dropping them would
hide quotes whose attribution we failed to find. A quote after "so-called" is always a scare quote.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from strikebook.extract import entities
from strikebook.extract.attribution_index import parse_index
from strikebook.extract.quote_marks import ALL_MARKS, find_quotes
from strikebook.extract.role_holders import described_person, person_role
from strikebook.extract.salience import Salience
from strikebook.extract.speaker_names import Credit, article_roles, described_org
from strikebook.extract.speakers import Attribution, attribute, quote_index, reported_before, sentence_bounds
from strikebook.extract.speech_words import AS_VERBS, COUNTRY_SPEAKERS, DESCRIPTIONS, SPEECH_VERBS
from strikebook.records import ARTICLE_KINDS
from strikebook.reference.names import NAME_PARTICLES
from strikebook.text.normalize import fold


def extract_quotes(ctx) -> list[dict]:
    """Rows of the `quotes` table for one article: article_id, speaker, speaker_role, text, start, end, cue,
    sentence (see the module docstring for the rules)."""
    text, doc = ctx.text, ctx.doc
    spans = ctx.article.spans(ARTICLE_KINDS) or [(0, len(text))]
    quotes = find_quotes(text, spans)
    if not quotes:
        return []
    qi = quote_index(doc, quotes, text)
    salience = Salience(ctx)
    roles = article_roles(ctx)
    rows: list[dict] = []
    kinds: list[str] = []  # the kind of each row's credit (person, org, country, description, '')
    prev = None
    for q in quotes:
        if _nickname(q, text):
            found = Attribution(Credit("", "", None, ""), "", None, True)
        else:
            found = attribute(q, ctx, qi, salience)
        credit, cue = found.credit, found.cue
        speaker, role, kind = credit.speaker, credit.role, credit.kind
        if not speaker and not role and found.verb is None and not found.scare:
            if prev is not None and (prev["speaker"] or prev["speaker_role"]) and _continues(prev, q, text):
                speaker, role, cue, kind = prev["speaker"], prev["speaker_role"], prev["cue"], kinds[-1]
            else:
                carried = _previous_paragraph(q, rows, kinds, qi.parse, text)
                if carried is None:
                    report = reported_before(q, ctx, qi, salience)
                    if report is not None:
                        carried = (report[0].speaker, report[0].role, report[1], report[0].kind)
                if carried is not None:
                    speaker, role, cue, kind = carried
        if speaker and not role:
            role = roles.get(speaker, "")
        if not speaker and not role:
            cue = ""  # nobody to credit: no cue either (a scare quote)
        s, e = sentence_bounds(doc, q["start"], q["end"])
        row = {"article_id": ctx.article.article_id, "speaker": speaker, "speaker_role": role,
               "text": text[q["start"]:q["end"]], "start": q["start"], "end": q["end"], "cue": cue,
               "sentence": text[s:e].strip()}
        rows.append(row)
        kinds.append(kind if speaker else "")
        salience.note(q["start"], Credit(speaker, role, None, kind))
        prev = {**row, "close_mark": q["close_mark"], "paragraph": q["paragraph"]}
    # a paragraph left open by the convention for quotes running over paragraphs ("“A.¶“B,” Kirby said."):
    # its speaker is named in a later paragraph of the same quote
    for i in range(len(rows) - 2, -1, -1):
        here, nxt = rows[i], rows[i + 1]
        if not here["speaker"] and not here["speaker_role"] and quotes[i]["close_mark"] is None \
                and (nxt["speaker"] or nxt["speaker_role"]) \
                and _continues({**here, "close_mark": None}, quotes[i + 1], text):
            here.update(speaker=nxt["speaker"], speaker_role=nxt["speaker_role"], cue=nxt["cue"])
            kinds[i] = kinds[i + 1]
    _headline_from_body(ctx, rows, kinds)
    _attribute_shouting(ctx, rows)
    return rows


_NAME_WORD = re.compile(r"(?:[A-Z][\w'’.-]*|al|el|bin|ibn|abu|abd)$")
MAX_NICKNAME_WORDS = 4


def _nickname(q: dict, text: str) -> bool:
    """Quote marks around a nickname inside a name (Wissam Mohammed “Abu Bakr” al-Saadi) quote nobody."""
    inner = text[q["start"]:q["end"]].split()
    if not inner or len(inner) > MAX_NICKNAME_WORDS or not all(_NAME_WORD.match(w) for w in inner):
        return False
    if any(w.isupper() and len(w) > 1 for w in inner):
        return False  # a headline in capitals ("KIRBY SAYS STRIKES WERE 'DEFENSIVE'")
    before = re.search(r"(\S+) $", text[max(0, q["start"] - 40):max(0, q["start"] - 1)])
    after = re.match(r" (\S+)", text[q["end"] + 1:q["end"] + 40])
    name_before = before.group(1) if before else ""
    name_after = after.group(1) if after else ""
    return (name_before[:1].isupper() and not name_before.isupper() and "\n" not in name_before
            and bool(re.match(r"(?:[A-Z][a-z]|al-|el-|bin\b)", name_after)))


def _previous_paragraph(q: dict, rows: list[dict], kinds: list[str], parse, text: str):
    """A paragraph that is a quote and nothing credits it (`“…”` on its own, the next paragraph of a statement
    quoted over several) goes on with the speaker of the previous paragraph's last credited quote (not with
    someone it only reports: "X said the strikes would deter …¶“…”" may be anyone's words).
    (speaker, role, cue, kind), or None."""
    line_start, _ = parse.line(q["open_mark"])
    if text[line_start:q["open_mark"]].strip() or not text[q["start"]:q["start"] + 1].isupper():
        return None
    j = line_start - 1  # back over the blank lines before this paragraph
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j <= 0:
        return None
    prev_start, _ = parse.line(j - 1)
    k = len(rows)
    while k > 0 and rows[k - 1]["start"] >= prev_start:
        k -= 1
        if rows[k]["speaker"]:
            r = rows[k]
            return r["speaker"], r["speaker_role"], r["cue"], kinds[k]
    return None


def _headline_from_body(ctx, rows: list[dict], kinds: list[str]) -> None:
    """A quote in a headline (the title, or a subheading: a short line without a full stop) that no verb of
    the headline credits to anyone named (none does, or only a label: "Former commander: ‘…’") takes the
    speaker of another quote with the same words ("US carries out ‘defensive strikes’" → "“precision
    defensive strikes,” Hoffman said"): the headline quotes the body."""
    heads = {i for i, r in enumerate(rows) if _in_headline(ctx, r["start"])}
    if not heads:
        return
    words = [re.findall(r"[^\W_]+", fold(r["text"])) for r in rows]
    posting: dict[str, list[int]] = {}
    for i, ws in enumerate(words):
        for w in set(ws):
            posting.setdefault(w, []).append(i)
    for i in sorted(heads):
        if rows[i]["speaker"] and kinds[i] != "description" and rows[i]["cue"] not in _LABEL_CUES or not words[i]:
            continue  # credited by its own verb ("Kirby says …"): not by a label ("…: Monitor") or not at all
        needle = " " + " ".join(words[i]) + " "
        rare = min(set(words[i]), key=lambda w: len(posting[w]))
        for k in posting[rare][:_BODY_CANDIDATES]:
            r = rows[k]
            if k in heads or not r["speaker"] or kinds[k] in ("description", ""):
                continue
            if needle in " " + " ".join(words[k]) + " ":
                rows[i].update(speaker=r["speaker"], speaker_role=r["speaker_role"], cue=r["cue"])
                kinds[i] = kinds[k]
                break


def _in_headline(ctx, at: int) -> bool:
    """Whether offset `at` is in the title or in a subheading (a line of at most 200 characters that does not
    end as a sentence does)."""
    if any(a <= at < b for a, b in ctx.article.spans(("title",))):
        return True
    start, end = parse_index(ctx.doc).line(at)
    if end - start > 200:
        return False
    line = ctx.text[start:end].rstrip().rstrip(ALL_MARKS + ")")
    return bool(line) and not line.endswith((".", "!", "?", ":", ";", ","))


#: the cues of a headline's label ("…: Monitor", "“…” — Kirby"), which the body's own attribution overrides
_LABEL_CUES = (":", "\u2014")
#: how many body quotes sharing a headline quote's rarest word are compared with it
_BODY_CANDIDATES = 50


def _opens_sentence(q: dict, text: str) -> bool:
    """The quote is a sentence of its own: its opening mark follows a full stop (or the paragraph start)
    and its words start with a capital letter."""
    first = q["start"]
    while first < q["end"] and text[first].isspace():
        first += 1
    if not (first < q["end"] and text[first].isupper()):
        return False
    j = q["open_mark"]  # back over the spaces before the mark, then over closing marks and brackets
    while j > 0 and text[j - 1] in " \t\u00a0":
        j -= 1
    if j == 0 or text[j - 1] == "\n":
        return True
    while j > 0 and text[j - 1] in "\"'\u201d\u2019\u00bb)":
        j -= 1
    return j > 0 and text[j - 1] in ".!?"


def _shouting_lines(text: str, spans) -> list[tuple[int, int]]:
    """(start, end) of lines in capitals ("KIRBY SAYS STRIKES WERE ‘DEFENSIVE’"): spaCy reads every word of
    them as a proper noun, so their quotes are attributed on a re-cased copy."""
    out = []
    for a, b in spans:
        for m in re.finditer(r"[^\n]+", text[a:b]):
            line = m.group()
            letters = sum(map(str.isalpha, line))  # counted by str methods: a Python loop per character was slow
            if letters >= 8 and sum(map(str.isupper, line)) >= 0.9 * letters:
                out.append((a + m.start(), a + m.end()))
    return out


def restore_case(line: str, ref) -> str:
    """An ALL-CAPS line in sentence case, with the names the reference knows capitalised again ("Kirby",
    "Pentagon", "Kata'ib Hezbollah") and known acronyms kept ("US", "KH"). Same length as `line`, so
    offsets into it are offsets into the original."""
    gaz = entities.name_index(ref)
    out = list(line.lower())
    if len(out) != len(line):
        return line
    lowered = "".join(out)
    for s, e, _kind, _name in gaz.find(lowered, 0, len(lowered)):
        for m in re.finditer(r"[^\W\d_]+", lowered[s:e]):
            if m.group() not in NAME_PARTICLES:
                out[s + m.start()] = out[s + m.start()].upper()
    acronyms = {k.upper() for k in COUNTRY_SPEAKERS if len(k.replace(".", "")) <= 3}
    for m in re.finditer(r"[^\W\d_][\w.'\u2019-]*", line):
        word = m.group().rstrip(".")
        k = entities.key(word)
        if word in acronyms or gaz.lookup(word) and len(k) <= 4 and word.replace(".", "").isupper():
            out[m.start():m.start() + len(word)] = list(word)
        elif k in gaz.person_surnames or word.lower() in COUNTRY_SPEAKERS:
            out[m.start()] = line[m.start()]
    first = next((i for i, c in enumerate(out) if c.isalpha()), None)
    if first is not None:
        out[first] = out[first].upper()
    return "".join(out)


def _attribute_shouting(ctx, rows: list[dict]) -> None:
    """Speakers of quotes on ALL-CAPS lines, from a parse of the re-cased line (kept when it names one)."""
    text = ctx.text
    lines = _shouting_lines(text, ctx.article.spans(ARTICLE_KINDS) or [(0, len(text))])
    if not lines:
        return
    import dataclasses

    from strikebook.extract.parse import get_nlp
    from strikebook.records import Segment

    starts = [r["start"] for r in rows]  # rows are in text order
    for a, b in lines:
        here = rows[bisect_left(starts, a):bisect_left(starts, b)]
        if not here:
            continue
        line = restore_case(text[a:b], ctx.ref)
        if line == text[a:b]:
            continue  # could not be re-cased (a character changes length in lower case)
        sub_article = dataclasses.replace(ctx.article, text=line, segments=[Segment("body", 0, len(line))])
        sub = type(ctx)(article=sub_article, doc=get_nlp()(line), ref=ctx.ref, event_id=getattr(ctx, "event_id", ""))
        found = {r["start"] + a: r for r in extract_quotes(sub)}
        for r in here:
            got = found.get(r["start"])
            if got and (got["speaker"] or not r["speaker"] and got["speaker_role"]):
                r.update(speaker=got["speaker"], speaker_role=got["speaker_role"], cue=got["cue"])


def _continues(prev: dict, q: dict, text: str) -> bool:
    """Whether quote q goes on from the previous one: separated only by its attribution in one paragraph,
    or opening the paragraph after an unclosed quote or after a line ending in a colon ("Kirby said:")."""
    between = text[prev["end"]:q["start"]]
    if "\n" not in between.strip():
        if "\n" in between and between.strip().strip(ALL_MARKS).strip():
            return False  # an unclosed quote's paragraph ended, and the next one does not open with a quote
        # a short attribution between the two halves, or a quote that opens a new sentence of the same
        # paragraph ("“A,” Esper told reporters in Palm Beach, where he … . “B.”"): the convention is that an
        # unattributed full-sentence quote goes on with the paragraph's last speaker
        return len(between) <= 120 or _opens_sentence(q, text)
    if prev["close_mark"] is None:
        tail = prev["text"].rstrip()[-20:]
        j = q["start"] - 1
        while j > 0 and text[j - 1].isspace():
            j -= 1
        return text[max(0, j - len(tail)):j] == tail
    return False


__all__ = ["AS_VERBS", "COUNTRY_SPEAKERS", "DESCRIPTIONS", "SPEECH_VERBS", "described_org", "described_person",
           "extract_quotes", "find_quotes", "person_role", "restore_case"]
