"""strikebook: turn a folder of news articles about military strikes into a checked, mapped, sourced record.

The pipeline reads left to right: `load_corpus` (load, decode, segment) → `extract` (places, quotes,
casualty figures, people, groups, events — every fact with its offsets) → checks (flags) → notebooks.
"""

from strikebook.extract.pipeline import ArticleContext, Tables, extract_case
from strikebook.ingest.corpus import Corpus, load_corpus
from strikebook.records import Article, Problem, Segment

__all__ = ["Article", "ArticleContext", "Corpus", "Problem", "Segment", "Tables", "extract_case", "load_corpus"]
__version__ = "0.1.0"
