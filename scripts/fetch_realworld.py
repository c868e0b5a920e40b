"""Fill the git-ignored `tests/realworld/articles/` with the real-world corpus listed in its manifest.

Why: the real articles are third-party copyright, so the repository holds only `tests/realworld/manifest.csv`
(file, url, outlet, published, event, split, sha256 of the saved text) and the hand annotation; the texts
themselves are put back on a machine by this script, from a folder of saved copies or from the web.

For each manifest row, in this order:
1. `--from DIR`: `DIR/<file>` (the saved text) or `DIR/<stem>.html` / `.htm` (a saved page, turned into text
   by the same HTML path the suite uses: `strikebook.ingest.corpus`, trafilatura);
2. otherwise, when the machine is online, the page at `url`, through the same HTML path.
The text is written as UTF-8 to `tests/realworld/articles/<file>` and its sha256 compared with the manifest:
a mismatch is reported (the annotation's offsets would not fit) and the file is NOT written, so it is never
silently scored. Exit status 1 when any row could not be produced or did not match.

Usage:
    .venv/bin/python scripts/fetch_realworld.py --from tests/realworld/saved
    .venv/bin/python scripts/fetch_realworld.py            # download (needs the network)

Origin: strikebook issue 10, 2026-12-06. Licence: MIT.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REALWORLD = ROOT / "tests" / "realworld"


def page_text(html_bytes: bytes) -> str:
    """A saved or downloaded page → the article text, exactly as `strikebook` would read the page."""
    from strikebook.ingest.corpus import _html_article, decode

    text, _ = decode(html_bytes)
    return _html_article(text)[0]


def saved_text(folder: Path, file: str) -> str | None:
    plain = folder / file
    if plain.is_file():
        return plain.read_bytes().decode("utf-8")
    for suffix in (".html", ".htm"):
        page = folder / (Path(file).stem + suffix)
        if page.is_file():
            return page_text(page.read_bytes())
    return None


def download(url: str, timeout: float = 20) -> str:
    req = urllib.request.Request(url, headers={"User-Agent": "strikebook-realworld/1.0 (research)"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - http(s) URLs from the manifest
        return page_text(resp.read())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, help="folder of saved copies (text or HTML)")
    parser.add_argument("--manifest", type=Path, default=REALWORLD / "manifest.csv")
    parser.add_argument("--out", type=Path, default=REALWORLD / "articles")
    parser.add_argument("--split", choices=("dev", "test"), help="only this split")
    args = parser.parse_args(argv)
    rows = list(csv.DictReader(args.manifest.open(encoding="utf-8", newline="")))
    if args.split:
        rows = [r for r in rows if r["split"] == args.split]
    args.out.mkdir(parents=True, exist_ok=True)
    bad = 0
    for row in rows:
        file = row["file"]
        try:
            text = saved_text(args.source, file) if args.source else None
            if text is None:
                if args.source:
                    raise FileNotFoundError(f"not in {args.source}")
                text = download(row["url"])
        except Exception as exc:  # one line per article, the others go on
            print(f"{file}: not fetched ({exc})", file=sys.stderr)
            bad += 1
            continue
        data = text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        if digest != row["sha256"]:
            print(f"{file}: sha256 {digest[:12]}… does not match the manifest's {row['sha256'][:12]}… "
                  "(the page changed or was saved differently); not written", file=sys.stderr)
            bad += 1
            continue
        (args.out / file).write_bytes(data)
    print(f"{len(rows) - bad} of {len(rows)} article(s) in {args.out}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
