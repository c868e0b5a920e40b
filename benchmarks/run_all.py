"""Run every benchmark in turn and print their Markdown tables (paste them into benchmarks/README.md).

Run: .venv/bin/python benchmarks/run_all.py   (or `make benchmark`)
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: quick ones first; bench_scale.py (300 and 1,000 articles) takes the longest
SCRIPTS = ["bench_gazetteer.py", "bench_extract.py", "bench_quotes_dense.py", "bench_verify.py", "bench_long.py",
           "bench_report.py", "bench_big_reports.py", "bench_scale.py"]

if __name__ == "__main__":
    failed = 0
    for script in SCRIPTS:
        print(f"\n## {script}\n", flush=True)
        failed |= subprocess.call([sys.executable, str(HERE / script)], cwd=HERE.parent) != 0
    sys.exit(1 if failed else 0)
