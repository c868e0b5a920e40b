"""The one number reader (strikebook.text.numbers): numerals, words, qualifiers, and hard bounds."""

from strikebook.text.numbers import implausible, number_word_digits, parse_number, read_quantity


def test_numerals_and_words():
    assert parse_number("2,500") == 2500
    assert parse_number("three") == 3 and parse_number("twenty-one") == 21 and parse_number("ninety nine") == 99
    assert parse_number("a") == 1 and parse_number("a dozen") == 12
    assert parse_number("several") is None and parse_number("twenty twenty") is None


def test_numbers_are_bounded_never_huge_or_infinite():
    assert parse_number("9" * 12) == 999_999_999_999
    assert parse_number("9" * 13) is None  # too many digits to be a count
    assert parse_number("1" * 4400) is None  # Python would refuse int() past 4,300 digits
    assert read_quantity("1" * 310 + " people") is None
    assert implausible(20_000_000) and implausible(float("inf")) and not implausible(2500)


def test_qualifiers_including_real_phrasings():
    assert read_quantity("a minimum of five fighters")[:3] == (5, None, "at least")
    assert read_quantity("no fewer than 12 people")[:3] == (12, None, "at least")
    assert read_quantity("in excess of 40 soldiers")[:3] == (40, None, "more than")
    assert read_quantity("close to 30 people")[:3] == (30, 30, "about")
    assert read_quantity("between 17 and 22 fighters")[:3] == (17, 22, "between")
    assert read_quantity("dozens of fighters")[:3] == (24, None, "at least")
    assert read_quantity("a number of contractors") is None


def test_number_words_as_digits_for_matching():
    assert number_word_digits("seven") == "7" and number_word_digits("twelve") == "12"
    assert number_word_digits("a") == "a" and number_word_digits("targets") == "targets"


def test_lower_bounds_multipliers_and_one_more():
    assert read_quantity("thousands more")[:3] == (2000, None, "at least")  # the smallest number the word allows
    assert read_quantity("hundreds of soldiers")[:3] == (200, None, "at least")
    assert parse_number("three hundred") == 300 and parse_number("two thousand") == 2000
    assert parse_number("a hundred") == 100 and parse_number("zero hundred") is None
    assert read_quantity("another civilian worker") == (1, 1, "exact", 7)  # one more
    assert read_quantity("another 12 people")[:3] == (12, 12, "exact")


def test_a_number_glued_to_a_unit_is_no_count():
    assert read_quantity("the 45-year-old driver") is None  # an age, not 45 people
    assert read_quantity("a 45-year-old driver")[:3] == (1, 1, "exact")
    assert read_quantity("three-day-old reports") is None
    assert read_quantity("5-7 people")[:3] == (5, 7, "between") and read_quantity("six Iran-backed fighters")[:3] == (
        6, 6, "exact")


def test_a_group_or_a_minimum_is_not_one():
    assert read_quantity("a group of soldiers") is None
    assert read_quantity("a minimum of 9 guards")[:3] == (9, None, "at least")


def test_a_table_cell_reads_as_a_number_or_none():
    from strikebook.text.numbers import as_float

    assert as_float("33.3") == 33.3 and as_float(" 4 ") == 4.0 and as_float(7) == 7.0
    assert [as_float(v) for v in ("", "  ", None, float("nan"), "n/a")] == [None] * 5
