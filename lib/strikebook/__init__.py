"""strikebook: turn a folder of news articles about military strikes into a checked, mapped, sourced record.

The pipeline reads left to right: `load_corpus` (load, decode, segment) → `extract` (places, quotes,
casualty figures, people, groups, events — every fact with its offsets) → checks (flags) → notebooks.
"""

from .corpus import Corpus, load_corpus
from .extract import ArticleContext, Tables, extract
from .model import Article, Problem, Segment

__all__ = ["Article", "ArticleContext", "Corpus", "Problem", "Segment", "Tables", "extract", "load_corpus"]
__version__ = "0.1.0"
