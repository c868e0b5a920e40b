"""The report stage: makes the HTML a newsroom reads — one self-contained page per notebook × parameter
set (figures inline, no network, code hidden) and `reports/index.html` + `index.json` listing them.

`strikebook report` (`runner.run_reports`) reads reports.yml (`catalog`), checks every parameter against
the notebooks and the case (`params`), runs the notebooks in warm kernels (`kernels`), renders each one
(`render`) and writes the index (`index`), every page cleared of the machine's paths (`redact`). Notebooks
call one thing from here: `summary(line)`, the one-line summary shown in the report and listed in the index
(`summary_line`); their tables go through `strikebook.present.html.frame_html` (long ones capped, the whole
table as CSV beside the report).
"""

from strikebook.report.summary_line import summary

__all__ = ["summary"]
