"""Scoring extraction against a hand-checked gold annotation, and the error report that explains the score.

Why this module: a reporter trusts a table only if someone measured how often it is right. The gold
annotation of the seed articles lives in `tests/gold/` (annotated from reading the articles, see its
README); these functions compare any extraction with it, table by table, and list every miss and every
false positive with the words it came from, so an extractor owner can see what to fix. The same
functions serve the tests (`tests/test_accuracy.py`) and the script `scripts/score_extraction.py`.

Matching rules (documented in tests/gold/README.md):
- quotes: same article and either the spans overlap by at least half of their union (IoU ≥ 0.5) or the
  normalised texts are ≥ 90 % similar (rapidfuzz ratio); pairs are matched one to one, best first.
  Speaker accuracy counts matched pairs whose `text.fold`ed speaker names are equal.
- casualties: same article, status, min, max and qualifier, one to one (the closest offsets first);
  agreement on who / source / event is reported separately and does not decide the match.
- places: each gold strike or attack site (role us_strike/attack_on_us, precision site/town) must be
  located by a predicted place whose mention overlaps it, within `km` kilometres (haversine).
- events: each article's `event_id` must equal the gold one.

Origin: written for strikebook (issue 3, item 9), 2026-11-21. Licence: MIT (as the package).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

from strikebook.reference.gazetteer import haversine_km
from strikebook.text.normalize import fold, normalize

GOLD_TABLES = ("quotes", "casualties", "places", "articles")
#: tables a gold folder may add (the real-world gold annotates web clutter too)
OPTIONAL_TABLES = ("clutter",)
#: segment kinds that are the article's own words (clutter must stay out of them)
OWN_KINDS = ("title", "body")
SITE_ROLES = ("us_strike", "attack_on_us")
SITE_PRECISIONS = ("site", "town")
CASUALTY_KEY = ("article_id", "status", "min", "max", "qualifier")


# ----------------------------------------------------------------------------------------------- helpers

def gold_dir() -> Path:
    """The repository's `tests/gold` folder (beside lib/)."""
    return Path(__file__).resolve().parents[1] / "tests" / "gold"


def load_gold(folder: Path | str | None = None, articles=None) -> dict[str, pd.DataFrame]:
    """The gold tables as DataFrames of strings, with integer `start`/`end` where present; `articles`
    (a set of ids) keeps only those articles' rows (e.g. one split of the real-world corpus)."""
    folder = Path(folder) if folder else gold_dir()
    out = {}
    for name in GOLD_TABLES + OPTIONAL_TABLES:
        if name in OPTIONAL_TABLES and not (folder / f"{name}.csv").exists():
            continue
        df = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        if articles is not None:
            df = df[df["article_id"].isin(set(articles))].reset_index(drop=True)
        for col in ("start", "end"):
            if col in df.columns:
                df[col] = df[col].astype(int)
        out[name] = df
    return out


def _records(df) -> list[dict]:
    """Rows as plain dicts with NaN/None turned into '' (pandas and GeoDataFrames alike)."""
    if df is None or len(df) == 0:
        return []
    df = pd.DataFrame(df).drop(columns=["geometry"], errors="ignore")
    return [{k: ("" if _missing(v) else v) for k, v in row.items()} for row in df.to_dict("records")]


def _missing(v) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _int(v) -> int | None:
    """'5', 5, 5.0 → 5; '', None, NaN → None (a bound the article does not give)."""
    if _missing(v) or str(v).strip() == "":
        return None
    return int(float(v))


def _float(v) -> float | None:
    if _missing(v) or str(v).strip() == "":
        return None
    try:
        return float(v)
    except ValueError:
        return None


def _span(row) -> tuple[int, int] | None:
    s, e = _int(row.get("start")), _int(row.get("end"))
    return (s, e) if s is not None and e is not None else None


def _iou(a, b) -> float:
    if a is None or b is None:
        return 0.0
    inter = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if inter > 0 and union > 0 else 0.0


def _overlaps(a, b) -> bool:
    return a is not None and b is not None and min(a[1], b[1]) > max(a[0], b[0])


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": n_pred - tp, "fn": n_gold - tp, "precision": p, "recall": r, "f1": f}


def _same_name(a: str, b: str) -> bool:
    """Names compared folded, without a leading article ('the Pentagon' = 'Pentagon')."""
    def clean(s):
        s = fold(str(s))
        return s[4:] if s.startswith("the ") else s
    return clean(a) == clean(b)


def _speaker_key(name: str) -> str:
    """A speaker as the reference knows it: 'the Pentagon' and 'US Department of Defense', 'Mr Austin' and
    'Lloyd Austin' are one speaker when the reference names (people.csv, groups.csv) say so."""
    from strikebook.reference.names import name_index
    from strikebook.reference.tables import load_reference

    clean = re.sub(r"(?i)^(?:the|mr|mrs|ms|dr)\.?\s+", "", " ".join(str(name).split()))
    hit = name_index(load_reference()).lookup(clean)
    return fold(hit[1] if hit else clean)


def same_speaker(gold: str, pred: str) -> bool:
    """Do two speaker names credit the same party? Folded equality through the reference names; a name
    given by surname only in an article matches the full name ('Trump' = 'Donald Trump')."""
    g, p = _speaker_key(gold), _speaker_key(pred)
    if g == p:
        return True
    gw, pw = g.split(), p.split()
    if not gw or not pw:
        return False
    return (len(gw) == 1 or len(pw) == 1) and gw[-1] == pw[-1]


def _similar_phrase(a: str, b: str, cutoff: float = 80) -> bool:
    """Victim groups as phrased ('US soldiers' vs 'three US soldiers'): token-set similarity."""
    a, b = fold(str(a)), fold(str(b))
    if not a or not b:
        return a == b
    return fuzz.token_set_ratio(a, b) >= cutoff


# ----------------------------------------------------------------------------------------------- quotes

def score_quotes(pred, gold, similarity: float = 0.9) -> dict:
    """Quote precision/recall/F1 and speaker accuracy over matched pairs (see module docstring)."""
    preds, golds = _records(pred), _records(gold)
    pairs = []
    for gi, g in enumerate(golds):
        gspan, gtext = _span(g), normalize(str(g.get("text", "")))
        for pi, p in enumerate(preds):
            if p.get("article_id") != g.get("article_id"):
                continue
            iou = _iou(gspan, _span(p))
            sim = fuzz.ratio(gtext, normalize(str(p.get("text", "")))) / 100
            if iou >= 0.5 or sim >= similarity:
                pairs.append((max(iou, sim), gi, pi))
    matched = _one_to_one(pairs)
    right = [(gi, pi) for gi, pi in matched if same_speaker(golds[gi].get("speaker", ""),
                                                            preds[pi].get("speaker", ""))]
    wrong = [(golds[gi], preds[pi]) for gi, pi in matched if (gi, pi) not in right]
    out = _prf(len(matched), len(preds), len(golds))
    out.update({
        "table": "quotes",
        "speaker_right": len(right),
        "speaker_accuracy": len(right) / len(matched) if matched else (1.0 if not golds else 0.0),
        "misses": [golds[i] for i in sorted(set(range(len(golds))) - {g for g, _ in matched})],
        "false_positives": [preds[i] for i in sorted(set(range(len(preds))) - {p for _, p in matched})],
        "wrong_speakers": wrong,
    })
    return out


def _one_to_one(pairs) -> list[tuple[int, int]]:
    """Greedy best-first one-to-one matching of (score, gold_index, pred_index) candidates."""
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return sorted(out)


# ----------------------------------------------------------------------------------------------- casualties

def _casualty_key(row) -> tuple:
    return (row.get("article_id"), str(row.get("status", "")).strip().lower(), _int(row.get("min")),
            _int(row.get("max")), str(row.get("qualifier", "")).strip().lower())


def score_casualties(pred, gold) -> dict:
    """Casualty-figure P/R/F1 on (article, status, min, max, qualifier), plus who/source/event agreement."""
    preds, golds = _records(pred), _records(gold)
    pairs = []
    for gi, g in enumerate(golds):
        gs = _span(g) or (0, 0)
        for pi, p in enumerate(preds):
            if _casualty_key(p) == _casualty_key(g):
                ps = _span(p) or (0, 0)
                pairs.append((-abs(ps[0] - gs[0]), gi, pi))  # the closest mention first
    matched = _one_to_one(pairs)
    agree = {"who": [], "source": [], "event_id": []}
    disagreements = []
    for gi, pi in matched:
        g, p = golds[gi], preds[pi]
        checks = {
            "who": _similar_phrase(g.get("who", ""), p.get("who", "")),
            "source": _same_name(g.get("source", ""), p.get("source", "")),
            "event_id": str(g.get("event_id", "")) == str(p.get("event_id", "")),
        }
        for k, ok in checks.items():
            agree[k].append(ok)
        bad = [k for k, ok in checks.items() if not ok]
        if bad:
            disagreements.append((g, p, bad))
    out = _prf(len(matched), len(preds), len(golds))
    out.update({
        "table": "casualties",
        **{f"{k}_agreement": (sum(v) / len(v) if v else 0.0) for k, v in agree.items()},
        "misses": [golds[i] for i in sorted(set(range(len(golds))) - {g for g, _ in matched})],
        "false_positives": [preds[i] for i in sorted(set(range(len(preds))) - {p for _, p in matched})],
        "disagreements": disagreements,
    })
    return out


# ----------------------------------------------------------------------------------------------- places

def is_site(row) -> bool:
    """A gold row the location target applies to: a named strike/attack site of town or site precision."""
    return row.get("role") in SITE_ROLES and row.get("precision") in SITE_PRECISIONS


def score_places(pred, gold, km: float = 25) -> dict:
    """Strike/attack sites located within `km`, role agreement, and mention-level P/R (by overlap).

    Gold lists sub-country places and every place with a role; predicted country-level mentions
    (role `mention`) are therefore left out of precision (see tests/gold/README.md)."""
    preds, golds = _records(pred), _records(gold)
    by_article: dict[str, list[dict]] = {}
    for p in preds:
        by_article.setdefault(p.get("article_id"), []).append(p)
    sites, located, unlocated = [], [], []
    role_pairs = []
    found = set()
    for gi, g in enumerate(golds):
        gspan = _span(g)
        overlapping = [p for p in by_article.get(g.get("article_id"), []) if _overlaps(gspan, _span(p))]
        if overlapping:
            found.add(gi)
            best = max(overlapping, key=lambda p: _iou(gspan, _span(p)))
            role_pairs.append((g, best, best.get("role") == g.get("role")))
        if not is_site(g):
            continue
        sites.append(g)
        glat, glon = _float(g.get("lat")), _float(g.get("lon"))
        dists = []
        for p in overlapping:
            plat, plon = _float(p.get("lat")), _float(p.get("lon"))
            if None not in (glat, glon, plat, plon):
                dists.append((haversine_km(glat, glon, plat, plon), p))
        near = [d for d in dists if d[0] <= km]
        if near:
            located.append((g, min(near, key=lambda d: d[0])))
        else:
            unlocated.append((g, min(dists, key=lambda d: d[0]) if dists else None))
    scored = [p for p in preds if p.get("precision") in ("site", "town", "region") or
              (p.get("role") and p.get("role") != "mention")]
    tp_pred = [p for p in scored if any(g.get("article_id") == p.get("article_id") and
                                        _overlaps(_span(g), _span(p)) for g in golds)]
    prf = _prf(len(found), len(scored), len(golds))
    prf["precision"] = len(tp_pred) / len(scored) if scored else (1.0 if not golds else 0.0)
    p_, r_ = prf["precision"], prf["recall"]
    prf["f1"] = 2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0
    prf["fp"] = len(scored) - len(tp_pred)
    prf["predicted"] = len(scored)  # tp counts gold mentions found; fp counts scored predictions that hit none
    prf.update({
        "table": "places",
        "km": km,
        "sites": len(sites),
        "sites_located": len(located),
        "site_recall": len(located) / len(sites) if sites else 1.0,
        "role_agreement": (sum(ok for *_, ok in role_pairs) / len(role_pairs)) if role_pairs else 0.0,
        "unlocated": unlocated,
        "wrong_roles": [(g, p) for g, p, ok in role_pairs if not ok],
        "misses": [golds[i] for i in range(len(golds)) if i not in found],
        "false_positives": [p for p in scored if p not in tp_pred],
    })
    return prf


# ----------------------------------------------------------------------------------------------- events

def score_events(pred_articles, gold_articles) -> dict:
    """Each gold article's event_id (and published date, when gold gives one) against the prediction."""
    preds = {r.get("article_id"): r for r in _records(pred_articles)}
    wrong, right, dates_wrong = [], 0, []
    golds = _records(gold_articles)
    for g in golds:
        p = preds.get(g.get("article_id"), {})
        if str(p.get("event_id", "")) == str(g.get("event_id", "")):
            right += 1
        else:
            wrong.append((g, p))
        if g.get("published") and str(p.get("published", "")) != str(g.get("published")):
            dates_wrong.append((g, p))
    return {"table": "events", "articles": len(golds), "right": right,
            "accuracy": right / len(golds) if golds else 1.0, "wrong": wrong, "published_wrong": dates_wrong}


# ----------------------------------------------------------------------------------------------- all + report

def score_clutter(segments, gold) -> dict:
    """Share of the gold clutter stretches kept out of the article's own words: a stretch is kept out when
    at least half of its non-space characters lie outside every title/body segment."""
    own: dict[str, list[tuple[int, int]]] = {}
    for r in _records(segments):
        if r.get("kind") in OWN_KINDS:
            own.setdefault(str(r.get("article_id")), []).append((int(r["start"]), int(r["end"])))
    kept, leaked = [], []
    for g in _records(gold):
        s, e = int(g["start"]), int(g["end"])
        inside = sum(max(0, min(e, b) - max(s, a)) for a, b in own.get(str(g.get("article_id")), []))
        (kept if inside * 2 <= (e - s) else leaked).append(g)
    n = len(kept) + len(leaked)
    return {"table": "clutter", "lines": n, "kept_out": len(kept), "share": len(kept) / n if n else 1.0,
            "leaked": leaked}


def score_all(tables, gold: dict[str, pd.DataFrame] | None = None, km: float = 25) -> dict[str, dict]:
    """Every score at once from an extraction result (`extract.Tables` or a dict of frames). Gold articles
    the extraction does not have are named in `missing_articles` (and score as misses)."""
    gold = gold if gold is not None else load_gold()
    get = (lambda n: tables[n]) if isinstance(tables, dict) else (lambda n: getattr(tables, n))
    out = {
        "quotes": score_quotes(get("quotes"), gold["quotes"]),
        "casualties": score_casualties(get("casualties"), gold["casualties"]),
        "places": score_places(get("places"), gold["places"], km=km),
        "events": score_events(get("articles"), gold["articles"]),
    }
    if "clutter" in gold:
        out["clutter"] = score_clutter(get("segments"), gold["clutter"])
    have = {str(a) for a in pd.DataFrame(get("articles")).get("article_id", [])}
    out["events"]["missing_articles"] = sorted(set(gold["articles"]["article_id"]) - have)
    return out


def _short(s, n: int = 160) -> str:
    s = " ".join(str(s).split()).replace("|", "\\|")
    return s if len(s) <= n else s[: n - 1] + "…"


def _where(row) -> str:
    aid = str(row.get("article_id", ""))
    return f"{aid}@{row.get('start', '')}"


def _cas(row) -> str:
    lo, hi = _int(row.get("min")), _int(row.get("max"))
    rng = f"{'' if lo is None else lo}–{'' if hi is None else hi}"
    return f"{row.get('status', '')} {rng} ({row.get('qualifier', '')}) who={row.get('who', '')!r}"


def score_table(results: dict[str, dict]) -> str:
    """The one markdown table of headline numbers."""
    lines = ["| table | gold | predicted | TP | precision | recall | F1 | other |", "|---|---|---|---|---|---|---|---|"]
    q = results.get("quotes")
    if q:
        lines.append(f"| quotes | {q['tp'] + q['fn']} | {q['tp'] + q['fp']} | {q['tp']} | {q['precision']:.3f} | "
                     f"{q['recall']:.3f} | {q['f1']:.3f} | right speaker {q['speaker_right']}/{q['tp']} "
                     f"= {q['speaker_accuracy']:.3f} |")
    c = results.get("casualties")
    if c:
        lines.append(f"| casualties | {c['tp'] + c['fn']} | {c['tp'] + c['fp']} | {c['tp']} | {c['precision']:.3f} | "
                     f"{c['recall']:.3f} | {c['f1']:.3f} | who {c['who_agreement']:.2f}, source "
                     f"{c['source_agreement']:.2f}, event {c['event_id_agreement']:.2f} |")
    p = results.get("places")
    if p:
        lines.append(f"| places | {p['tp'] + p['fn']} | {p['predicted']} | "
                     f"{p['tp']} | {p['precision']:.3f} | {p['recall']:.3f} | {p['f1']:.3f} | sites located "
                     f"≤{p['km']:g} km {p['sites_located']}/{p['sites']}, role agreement {p['role_agreement']:.2f} |")
    e = results.get("events")
    if e:
        lines.append(f"| article events | {e['articles']} | | {e['right']} | | | | accuracy {e['accuracy']:.3f} |")
    k = results.get("clutter")
    if k:
        lines.append(f"| clutter kept out of title/body | {k['lines']} | | {k['kept_out']} | | | | "
                     f"share {k['share']:.3f} |")
    return "\n".join(lines)


def error_report(results: dict[str, dict], texts: dict[str, str] | None = None) -> str:
    """Markdown: the score table, then every miss and false positive with its evidence (the gold row's
    sentence, or, for gold that keeps no text, the words around its offsets in `texts`)."""
    global _TEXTS
    _TEXTS = texts or {}
    out = ["# Extraction error analysis", "", score_table(results), ""]
    q = results.get("quotes")
    if q:
        out += ["## Quotes", "", f"Misses ({len(q['misses'])}):"]
        out += [f"- {_where(g)} [{g.get('speaker', '')}] “{_short(g.get('text', ''))}”" for g in q["misses"]]
        out += ["", f"False positives ({len(q['false_positives'])}):"]
        out += [f"- {_where(p)} [{p.get('speaker', '')}] “{_short(p.get('text', ''))}”" for p in q["false_positives"]]
        out += ["", f"Wrong speaker ({len(q['wrong_speakers'])}):"]
        out += [f"- {_where(g)} “{_short(g.get('text', ''), 80)}”: gold {g.get('speaker', '')!r}, "
                f"predicted {p.get('speaker', '')!r}" for g, p in q["wrong_speakers"]]
        out.append("")
    c = results.get("casualties")
    if c:
        out += ["## Casualty figures", "", f"Misses ({len(c['misses'])}):"]
        out += [f"- {_where(g)} {_cas(g)} — “{_short(_context(g))}”" for g in c["misses"]]
        out += ["", f"False positives ({len(c['false_positives'])}):"]
        out += [f"- {_where(p)} {_cas(p)} — “{_short(p.get('sentence', ''))}”" for p in c["false_positives"]]
        out += ["", f"Matched with disagreeing who/source/event ({len(c['disagreements'])}):"]
        for g, p, bad in c["disagreements"]:
            diffs = ", ".join(f"{k}: gold {g.get(k, '')!r} vs {p.get(k, '')!r}" for k in bad)
            out.append(f"- {_where(g)} {_cas(g)}: {diffs}")
        out.append("")
    p = results.get("places")
    if p:
        out += ["## Places", "", f"Strike/attack sites not located within {p['km']:g} km ({len(p['unlocated'])}):"]
        for g, near in p["unlocated"]:
            how = (f"nearest overlapping prediction {near[1].get('name', '')!r} at {near[0]:.0f} km" if near
                   else "no overlapping prediction with coordinates")
            out.append(f"- {_where(g)} {g.get('mention', '')!r} ({g.get('name', '')}, {g.get('role', '')}): {how}")
        out += ["", f"Missed mentions ({len(p['misses'])}):"]
        out += [f"- {_where(g)} {g.get('mention', '')!r} ({g.get('role', '')}) — “{_short(_context(g))}”"
                for g in p["misses"]]
        out += ["", f"False positives ({len(p['false_positives'])}):"]
        out += [f"- {_where(r)} {r.get('mention', '')!r} → {r.get('name', '')} ({r.get('precision', '')}, "
                f"{r.get('role', '')})" for r in p["false_positives"]]
        out += ["", f"Wrong role ({len(p['wrong_roles'])}):"]
        out += [f"- {_where(g)} {g.get('mention', '')!r}: gold {g.get('role', '')}, predicted {r.get('role', '')}"
                for g, r in p["wrong_roles"]]
        out.append("")
    e = results.get("events")
    if e:
        out += ["## Article events", "", f"Wrong ({len(e['wrong'])}):"]
        out += [f"- {g.get('article_id', '')}: gold {g.get('event_id', '')}, predicted {p.get('event_id', '')!r}"
                for g, p in e["wrong"]]
        if e["published_wrong"]:
            out += [f"- {g.get('article_id', '')}: published gold {g.get('published', '')}, predicted "
                    f"{p.get('published', '')!r}" for g, p in e["published_wrong"]]
        if e.get("missing_articles"):
            out += ["", f"Gold articles the extraction does not have ({len(e['missing_articles'])}): "
                    + ", ".join(e["missing_articles"])]
        out.append("")
    k = results.get("clutter")
    if k:
        out += ["## Clutter left in the title or body", "", f"Leaked ({len(k['leaked'])}):"]
        out += [f"- {g.get('article_id', '')} line {g.get('line', '')} [{g.get('kind', '')}] "
                f"“{_short(g.get('prefix', ''), 40)}…”" for g in k["leaked"]]
        out.append("")
    return "\n".join(out)


_TEXTS: dict[str, str] = {}


def _context(row, width: int = 80) -> str:
    """The row's sentence, else the text around its offsets (gold that keeps no text of the article)."""
    if row.get("sentence"):
        return str(row["sentence"])
    text, span = _TEXTS.get(str(row.get("article_id")), ""), _span(row)
    if not text or span is None:
        return ""
    return " ".join(text[max(0, span[0] - width):span[1] + width].split())


# ----------------------------------------------------------------------------------------------- provenance

def provenance_problems(df, table: str, texts: dict[str, str]) -> list[str]:
    """Every row's evidence must be where its offsets say: one message per broken row (empty = all good).

    quotes/segments: text[start:end] equals the row's `text`; entities/dates: equals `mention`;
    tables with a `sentence`: the evidence lies inside an occurrence of the sentence in the article.
    """
    problems = []
    for i, row in enumerate(_records(df)):
        aid = row.get("article_id", "")
        if aid not in texts:
            if table != "events":
                problems.append(f"{table} row {i}: unknown article {aid!r}")
            continue
        text = texts[aid]
        s, e = _int(row.get("start")), _int(row.get("end"))
        if table == "flags" and s is None and e is None:
            continue  # article-level flags point at no span
        if s is None or e is None or not 0 <= s <= e <= len(text):
            problems.append(f"{table} row {i} ({aid}): bad offsets {row.get('start')!r}..{row.get('end')!r}")
            continue
        evidence = text[s:e]
        if table in ("quotes", "segments") and evidence != row.get("text", ""):
            problems.append(f"{table} row {i} ({aid}@{s}): text[start:end]={evidence!r} != text "
                            f"{_short(row.get('text', ''), 60)!r}")
        if table in ("entities", "dates") and evidence != row.get("mention", ""):
            problems.append(f"{table} row {i} ({aid}@{s}): text[start:end]={evidence!r} != mention "
                            f"{row.get('mention', '')!r}")
        if table in ("places",) and row.get("mention", "") and evidence != row.get("mention"):
            problems.append(f"{table} row {i} ({aid}@{s}): text[start:end]={evidence!r} != mention "
                            f"{row.get('mention', '')!r}")
        if table in ("casualties", "figures", "places", "dates") or (table == "quotes" and row.get("sentence")):
            sentence = str(row.get("sentence", ""))
            if not sentence:
                problems.append(f"{table} row {i} ({aid}@{s}): empty sentence")
                continue
            if table == "quotes":
                if sentence not in text:
                    problems.append(f"{table} row {i} ({aid}@{s}): sentence not in the text")
                continue
            if not _covers(text, sentence, s, e):
                problems.append(f"{table} row {i} ({aid}@{s}): evidence {evidence!r} is not inside its sentence "
                                f"{_short(sentence, 80)!r} in the text")
    return problems


def _covers(text: str, sentence: str, s: int, e: int) -> bool:
    i = text.find(sentence)
    while i >= 0:
        if i <= s and e <= i + len(sentence):
            return True
        i = text.find(sentence, i + 1)
    return False
