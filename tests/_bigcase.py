"""A synthetic case of many articles for the report-size tests (issue 11): copies of the seed articles and
the unseen fixtures with small perturbations, as syndicated copy and follow-ups are.

Each copy may lose a paragraph, change a word, report a casualty figure one higher or lower, gain a reader
comment or a photo credit line, and gets a manifest row with one of 40 outlets and a publication date near
its source's. So a 1,000-article case has hundreds of distinct casualty figures, statements quoted in
hundreds of articles with small differences, thousands of flags and a long tail of set-aside text — what
the reports must stay readable and light with. Deterministic for a seed.
"""

from __future__ import annotations

import csv
import random
import re
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = [REPO / "data" / "articles", REPO / "tests" / "fixtures" / "unseen"]
OUTLETS = [f"{name} {kind}" for name in ("Northern", "Coastal", "Capital", "Daily", "Evening", "Global", "Free",
                                         "Morning") for kind in ("Post", "Herald", "Times", "Wire", "Ledger")]
WORDS = {"said": "says", "Sunday": "Sunday night", "officials": "sources", "strikes": "raids",
         "attack": "assault", "Iran-backed": "Iranian-backed"}
NUMBER = re.compile(r"\b(\d{1,3})( (?:people|fighters|militants|members|soldiers|troops|civilians|service))")
COMMENTS = ["Comment: This is exactly what they wanted all along.", "Comment: Where is the proof?",
            "See: More coverage of the region"]


def sources() -> list[tuple[str, str]]:
    """(text, published date or '') of the seed articles and the unseen fixtures."""
    out = []
    for folder in SOURCES:
        published = {}
        manifest = folder / "manifest.csv"
        if manifest.is_file():
            with manifest.open(encoding="utf-8", newline="") as f:
                published = {r["file"]: r.get("published") or "" for r in csv.DictReader(f)}
        out += [(p.read_text(encoding="utf-8-sig"), published.get(p.name, "")) for p in sorted(folder.glob("*.txt"))]
    return out


def perturb(text: str, rng: random.Random, n: int) -> str:
    """A syndicated copy: maybe a paragraph dropped, two words changed, a figure moved by one, a reader
    comment or a credit line added, and the copy's own closing line (so no two files are identical)."""
    paras = text.split("\n\n")
    if len(paras) > 4 and rng.random() < 0.4:
        del paras[rng.randrange(2, len(paras))]
    out = "\n\n".join(paras)
    for a, b in rng.sample(sorted(WORDS.items()), 2):
        out = re.sub(rf"\b{re.escape(a)}\b", b, out, count=1)
    if rng.random() < 0.3:
        out = NUMBER.sub(lambda m: f"{max(1, int(m.group(1)) + rng.choice((-1, 1)))}{m.group(2)}", out, count=1)
    extra = []
    if rng.random() < 0.25:
        extra.append(rng.choice(COMMENTS))
    if rng.random() < 0.15:
        extra.append("Photo: a building damaged in the strikes. © Reuters")
    return out.rstrip() + "\n\n" + "\n\n".join(extra + [f"(Copy {n} distributed by a wire service.)"]) + "\n"


def make_case(folder: Path, n: int = 1000, seed: int = 11) -> Path:
    """Write `n` articles and their manifest.csv into `folder` (created); return the folder."""
    rng = random.Random(seed)
    base = sources()
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(n):
        text, published = base[i % len(base)]
        name = f"a{i:05d}.txt"
        (folder / name).write_text(perturb(text, rng, i), encoding="utf-8")
        day = ""
        if published:
            day = (date.fromisoformat(published) + timedelta(days=rng.randrange(0, 3))).isoformat()
        rows.append({"article_id": f"a{i:05d}", "file": name, "outlet": rng.choice(OUTLETS), "url": "",
                     "published": day, "language": "en", "notes": "synthetic copy for the report-size test"})
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder


# --- a big case's tables, without extracting it ---------------------------------------------------------------


def replicate(tables, n: int = 1000, *, quoting: int | None = None, seed: int = 11):
    """The tables of a case of `n` articles, each an exact copy of one of `tables`' articles under a new id
    (`a00000`…), with one of 40 outlets — what extraction gives for syndicated copies, in a second instead of
    the minutes extracting 1,000 files takes. So that the reports meet what a big case holds, about a third of
    the copies report a casualty figure one higher or lower (hundreds of distinct figures, rival counts) and
    those raise conflicting-figures warnings against other copies (thousands of flags). `quoting`: only the
    first `quoting` copies keep their quotes (grouping quotes is quadratic; None: all)."""
    import dataclasses

    import pandas as pd

    rng = random.Random(seed)
    sources = tables.articles["article_id"].astype(str).tolist()
    copies = [(f"a{i:05d}", sources[i % len(sources)]) for i in range(n)]
    mapping = pd.DataFrame(copies, columns=["_new", "article_id"])

    def spread(df):
        out = df.assign(article_id=df["article_id"].astype(str)).merge(mapping, on="article_id", sort=False)
        return out.assign(article_id=out.pop("_new")).sort_values("article_id", kind="stable").reset_index(drop=True)

    articles = spread(tables.articles)
    articles["outlet"] = [rng.choice(OUTLETS) for _ in range(len(articles))]
    articles["path"] = articles["article_id"] + ".txt"
    casualties = spread(tables.casualties)
    moved = [rng.random() < 0.35 for _ in range(len(casualties))]
    for col in ("min", "max"):
        values = pd.to_numeric(casualties[col], errors="coerce")
        casualties[col] = [v + 1 if m and v == v and v > 1 else v for v, m in zip(values, moved, strict=True)]
    quotes = spread(tables.quotes)
    if quoting is not None:
        quotes = quotes[quotes["article_id"] < f"a{quoting:05d}"].reset_index(drop=True)
    copies_of = {s: [new for new, old in copies if old == s] for s in sources}
    events = tables.events.copy()
    events["articles"] = [";".join(sorted(c for a in str(ids).split(";") if a for c in copies_of.get(a, [])))
                          for ids in events["articles"]]
    flags = spread(tables.flags)
    flags["related"] = [";".join(copies_of.get(r, [r])[k % 7] for r in str(rel).split(";") if r) if rel else ""
                        for k, rel in enumerate(flags["related"].fillna(""))]
    ids = articles["article_id"].tolist()
    rival = [dict(r, kind="conflicting_figures", severity="warning", evidence="", related=rng.choice(ids),
                  message="a different figure for the same event and victims than the related article")
             for r, m in zip(casualties.to_dict("records"), moved, strict=True) if m for _ in range(12)]
    if rival:
        rival = pd.DataFrame(rival)[list(tables.flags.columns)]
        flags = pd.concat([flags, rival], ignore_index=True).sort_values(["article_id", "start"], kind="stable")
    texts = {new: tables.texts[old] for new, old in copies}
    for f in ("evidence",):
        flags[f] = [texts[a][int(s):int(e)] for a, s, e in zip(flags["article_id"], flags["start"], flags["end"],
                                                                strict=True)]
    return dataclasses.replace(
        tables, articles=articles, segments=spread(tables.segments), sentences=spread(tables.sentences),
        quotes=quotes, casualties=casualties, figures=spread(tables.figures), places=spread(tables.places),
        entities=spread(tables.entities), dates=spread(tables.dates), events=events,
        flags=flags.reset_index(drop=True), problems=[], texts=texts)


def write_copies(tables, folder: Path) -> Path:
    """The articles of `replicate`'s tables as files (`ARTICLE_ID.txt`, their text), so a report run has
    the folder it names."""
    folder.mkdir(parents=True, exist_ok=True)
    for aid, text in tables.texts.items():
        (folder / f"{aid}.txt").write_text(text, encoding="utf-8")
    return folder


def run_pinned(tables, folder: Path, out: Path, *, only=(), jobs: int = 2, config: Path | None = None) -> int:
    """`strikebook report` over `folder` with its case pinned to `tables` (pickled beside `out`), the way the
    runner pins the case it extracted (`store.case.pin_case`): the kernels read these tables and nothing is
    extracted. Returns the runner's exit code."""
    import os
    import pickle

    from strikebook.report import runner
    from strikebook.store.case import resolve_articles

    out.parent.mkdir(parents=True, exist_ok=True)
    pinned = out.parent / f"{out.name}.case.pickle"
    pinned.write_bytes(pickle.dumps(tables))
    paths = resolve_articles(folder)
    env = {"STRIKEBOOK_CASE_FILE": str(pinned), "STRIKEBOOK_CASE_INPUTS": os.pathsep.join(map(str, paths))}
    if len(paths) == 1:
        env["STRIKEBOOK_ARTICLES"] = str(paths[0])
    loader = runner._load_case
    runner._load_case = lambda articles: (tables, env, "")
    try:
        return runner.run_reports(config=config or REPO / "reports.yml", out=out, only=list(only), overrides=(),
                                  jobs=jobs, show_code=False, articles=folder, quiet=True)
    finally:
        runner._load_case = loader
