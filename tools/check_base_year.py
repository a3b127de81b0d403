#!/usr/bin/env python3
"""Compares each scenario preset's first-year additions with the base year's activity
(data/default/base_year_activity.csv): the consistency check of issue 18.

For a measure built over b years (build_years in activities.csv) the work under way in a
year is the mean of the completions in that year and the next b-1, so the preset's
figure compared is the mean of its additions 2025..2025+b-1; for b = 1 and for spending
it is the 2025 addition. A ratio far from 1 means that the scenario's first year jumps
away from what the base-year workforce does: outside 0.5-2 is flagged "implausible"
(a jump that no Dutch measure made from one year to the next in 2021-2024), outside the
base year's low-high range "outside range".

Presets written as an increment over a baseline (header "EXTRA" or "increment", e.g.
ecorys-*, tno-2019) describe extra work, not total activity: for them the check does
not apply and they are listed as such.

Run from the repository root: python3 tools/check_base_year.py [--markdown]
"""
import csv
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_ecorys_presets import additions, base_stocks  # noqa: E402

DATA = Path("data/default")
FIRST = 2025


def rows(name):
    with (DATA / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(r for r in f if not r.startswith("#")))


def build_years():
    out = {}
    for r in rows("activities.csv"):
        if r["unit"] in ("job_years_per_unit", "hours_per_unit"):
            out[r["measure"]] = max(out.get(r["measure"], 1), int(r["build_years"]))
    return out


def is_increment(text):
    head = "\n".join(text.splitlines()[:6])
    return "EXTRA" in head or "increment" in head.lower()


def main():
    markdown = "--markdown" in sys.argv
    base = {r["measure"]: (float(r["low"]), float(r["central"]), float(r["high"]), r["unit"])
            for r in rows("base_year_activity.csv")}
    stocks, years = base_stocks(), build_years()
    lines = []
    for path in sorted(Path("scenarios").glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        if is_increment(text):
            lines.append((path.stem, "-", "-", "-", "-", "increment preset: the check does not apply"))
            continue
        measures = tomllib.loads(text).get("measures", {})
        for mid, m in measures.items():
            if mid not in base:
                continue
            lo, ce, hi, unit = base[mid]
            adds = additions(m, stocks[mid])
            b = years.get(mid, 1)
            first = sum(adds.get(FIRST + k, 0.0) for k in range(b)) / b
            ratio = first / ce if ce > 0 else float("inf")
            flag = ("implausible" if not 0.5 <= ratio <= 2 else
                    "outside range" if not lo <= first <= hi else "")
            lines.append((path.stem, mid, f"{first:,.0f} {unit}", f"{ce:,.0f} ({lo:,.0f}-{hi:,.0f})",
                          f"{ratio:.2f}", flag))
    head = ("preset", "measure", f"{FIRST} (mean over build years)", "base year 2024 (low-high)", "ratio", "flag")
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for r in lines:
            print("| " + " | ".join(r) + " |")
    else:
        w = [max(len(str(r[k])) for r in lines + [head]) for k in range(len(head))]
        for r in [head] + lines:
            print("  ".join(str(v).ljust(w[k]) for k, v in enumerate(r)).rstrip())


if __name__ == "__main__":
    main()
