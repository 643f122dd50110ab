#!/usr/bin/env python
"""`make bench`: run every benchmark module `bench/bench_*.py` and print one table.

Each module defines `run()` returning a list of rows: dicts with `benchmark`, `figure`,
`value`, `unit` and optionally `note`. Benchmarks measure; they never fail the build.
"""

import importlib
import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskforce.settings")


def main(selected):
    import django

    django.setup()
    rows = []
    modules = sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))
    for name in modules:
        if selected and not any(word in name for word in selected):
            continue
        print(f"running {name} …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{name}")
            rows.extend(module.run())
        except Exception:
            traceback.print_exc()
            rows.append({"benchmark": name, "figure": "ERROR", "value": "", "unit": ""})
        print(f"  {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print_table(rows)


def print_table(rows):
    headers = ("benchmark", "figure", "value", "unit", "note")
    table = [[str(row.get(h, "")) for h in headers] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in table]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line)
    print("-" * len(line))
    for row in table:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main(sys.argv[1:])
