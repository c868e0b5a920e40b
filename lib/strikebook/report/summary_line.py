"""The one-line summary a notebook shows its reader and the report index lists beside the report.

Why a module of its own: it is the only part of the report stage a notebook calls (`strikebook.report.summary`),
and it runs inside every kernel, so it imports nothing heavy. The notebook writes the line as a display
output tagged in its metadata (`{"strikebook": {"summary": ...}}`); the runner reads it back from the executed
notebook with `find_summary`. Writer and reader of that tag live here together.
"""

from __future__ import annotations

import html

SUMMARY_KEY = "strikebook"


def summary(text: str) -> None:
    """Show a one-line summary of the notebook (Markdown, for the reader) and tag it for the index.

    The text is escaped before it becomes Markdown, so names taken from articles cannot inject HTML.
    The runner finds the line through the output's metadata (`{"strikebook": {"summary": ...}}`).
    """
    from IPython.display import Markdown, display

    line = " ".join(str(text).split())
    display(Markdown(f"**Summary:** {html.escape(line)}"), metadata={SUMMARY_KEY: {"summary": line}})


def find_summary(nb) -> str:
    """The summary line an executed notebook showed (the last one, if it showed several), else ''."""
    found = ""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get(SUMMARY_KEY)
            if isinstance(meta, dict) and meta.get("summary"):
                found = str(meta["summary"])
    return found
