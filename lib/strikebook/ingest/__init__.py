"""The ingest stage: files → `Article` records (the decoded original text, never changed, cut into segments).

It makes the `articles` rows (minus `event_id`, an extracted fact) and the `segments` table. Modules:
- `corpus`: which files make a case (`case_inputs`), reading one file (`load_article`), the whole case
  (`load_corpus`), each problem one line naming the file;
- `decode`: bytes → text, refusing binary formats saved under a text name (`sniff`);
- `manifest`: the optional manifest.csv (ids, outlet, url, date, language);
- `segment`: which runs of text are the article's own words (title, body) and which are set aside (dates,
  bylines, captions, comments, web furniture), with the article's stated date and title.
"""
