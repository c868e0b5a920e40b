"""Fixtures shared by the test modules: the project's spaCy pipeline and the reference tables, loaded
once per test session (each takes about a second)."""

import pytest

from strikebook.extract.parse import get_nlp
from strikebook.reference.tables import load_reference


@pytest.fixture(scope="session")
def nlp():
    """The shared pipeline, with the EntityRuler built from data/reference."""
    return get_nlp()


@pytest.fixture(scope="session")
def ref():
    return load_reference()
