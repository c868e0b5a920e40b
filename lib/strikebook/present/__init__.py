"""The present stage: what the reports show — figures (maps, charts, timeline) and the HTML views of the
corpus, the quotes and the flags, all HTML rendered from templates/ with autoescape on (`present.html`)."""
