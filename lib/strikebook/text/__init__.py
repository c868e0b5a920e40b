"""Text tools every stage shares, one of each: normalising for matching (`normalize`), the sentence splitter
(`sentences`), the number reader (`numbers`), the date readers (`dates`) and interval look-ups (`spans`).

None of them changes an article's text: they give offsets into it, or matching forms beside it.
"""
