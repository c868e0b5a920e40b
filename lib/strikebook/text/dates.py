"""Reading dates that are written out, one reader per meaning.

- `written_date("Fri 26 Feb 2021 10.05 GMT")` → '2021-02-26': the first full date (with a year) in a piece
  of text, as printed in date lines, bylines and datelines (for the article's own date); all-number dates
  ("Sunday, 11/12/2023") only when one reading is valid or the printed weekday picks it.
- `iso_day('2024-02-02')` → date: exactly an ISO day, else None.
- `partial_iso(value, latest=False)` → date: an ISO date at any precision ('2024', '2022-05') as its first
  (or, with `latest`, its last) day, for dated records whose day is not known (roles in people.csv).
- `format_date('2024-02-02')` → '2 Feb 2024', as precise as the value.

Relative expressions ("on Sunday", "last week") are resolved by `strikebook.extract.dates`, which needs an
anchor date; this module reads only self-contained dates.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
         r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
WEEKDAY = r"(?:mon|tue(?:s)?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?"
ISO = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
TEXT_DATE = (rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\s*,?\s*\d{{4}}"
             rf"|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s+\d{{4}})")
#: all-number dates: 11/12/2023, 11.12.2023, 11-12-2023, 2023/11/12 (day/month order decided by written_date)
NUMERIC_DATE = (r"(?:(?:\d{1,2}/\d{1,2}/|\d{1,2}\.\d{1,2}\.)(?:\d{4}|\d{2})(?![\d/.]\d)"
                r"|\d{1,2}-\d{1,2}-\d{4}(?![\d-])|\d{4}/\d{1,2}/\d{1,2})")
#: a full date (with a year) in words or ISO form: what a dateline is trusted with without a weekday
DATE = rf"(?:{ISO}|{TEXT_DATE})"
#: any full date, numeric ones included: what a date line may be made of
ANY_DATE = rf"(?:{ISO}|{TEXT_DATE}|{NUMERIC_DATE})"
DATE_RE = re.compile(DATE, re.I)
NUMERIC_DATE_RE = re.compile(rf"(?:(?P<weekday>{WEEKDAY})\s*)?(?P<date>{NUMERIC_DATE})", re.I)

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _numeric_date(raw: str, weekday: str | None) -> str:
    """An all-number date as ISO, or '' when it is invalid or its day/month order cannot be told: 2023/11/12
    is year-month-day; 11/12/2023 is read both ways and kept only when one reading is valid or when the
    weekday printed with it ("Sunday, 11/12/2023") picks one."""
    nums = [int(x) for x in re.split(r"[/.-]", raw)]
    if nums[0] > 31:
        candidates = [(nums[0], nums[1], nums[2])]
    else:
        year = nums[2] + 2000 if nums[2] < 100 else nums[2]
        candidates = [(year, nums[1], nums[0]), (year, nums[0], nums[1])]
    found = set()
    for y, mo, d in candidates:
        try:
            found.add(date(y, mo, d))
        except ValueError:
            continue
    if weekday:
        wanted = _WEEKDAYS.index(weekday[:3].lower())
        found = {d for d in found if d.weekday() == wanted}
    return found.pop().isoformat() if len(found) == 1 else ""


def written_date(text: str) -> str:
    """The first full date (with a year) in `text` as ISO YYYY-MM-DD, or '' when there is none. Dates in
    words and ISO dates are read as printed; all-number dates only when their reading is certain."""
    from dateutil import parser

    found = [(m.start(), m.group(0), None) for m in DATE_RE.finditer(text)]
    found += [(m.start(), m.group("date"), m.group("weekday") or "") for m in NUMERIC_DATE_RE.finditer(text)]
    for _, raw, weekday in sorted(found, key=lambda f: f[0]):
        try:
            if weekday is not None:
                iso = _numeric_date(raw, weekday)
                if iso:
                    return iso
                continue
            if raw[:4].isdigit():
                return date.fromisoformat(raw[:10]).isoformat()
            return parser.parse(raw.replace(".", " ")).date().isoformat()
        except (ValueError, OverflowError):
            continue
    return ""


def iso_day(value: str) -> date | None:
    """`date` from 'YYYY-MM-DD' (None for anything else, including empty)."""
    try:
        return date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except (ValueError, TypeError):
        return None


def partial_iso(value, latest: bool = False) -> date | None:
    """ISO date at any precision ('2024', '2022-05', '2022-05-20') → a day.

    `latest` gives the last day the partial date can mean: role end dates are compared with their
    latest day and start dates with their earliest, so an imprecise record never raises a false flag.
    """
    v = "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()
    m = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", v)
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            return date(y, int(mo), int(d))
        if mo:
            return date(y, int(mo), calendar.monthrange(y, int(mo))[1] if latest else 1)
        return date(y, 12, 31) if latest else date(y, 1, 1)
    except ValueError:
        return None


def format_date(value) -> str:
    """'2024-02-02' → '2 Feb 2024'; '2022-05' → 'May 2022'; '2024' → '2024' (as precise as the record)."""
    v = "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()
    parts = v.split("-")
    try:
        if len(parts) >= 3:
            d = date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
            return f"{d.day} {d.strftime('%b')} {d.year}"
        if len(parts) == 2:
            return f"{calendar.month_abbr[int(parts[1])]} {parts[0]}"
    except (ValueError, IndexError):
        return v
    return v
