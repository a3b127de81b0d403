#!/usr/bin/env python3
"""Build the observed references of `krapte validate` (data/validation/) from data/raw/.

Usage:  python3 tools/build_validation.py [OUT_DIR]      (default: data/validation)

* Reads ONLY data/raw/** (copies of /work/shared/data, see data/raw/*/PROVENANCE.md).
* Writes data/validation/*.csv; deterministic (sorted, no clock), standard library only.
* These are observations the model is checked against, not inputs of the model: the
  dataset (data/default/) never reads them. data/validation/PROVENANCE.md says what
  each file holds.
"""

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "validation"


def read_csv(rel):
    with open(RAW / rel, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def write_csv(name, header, rows):
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def employment():
    """employment_brc.csv: employed persons per BRC 2014 group, 2023 (annual average, CBS 85276NED, rounded to
    thousands by CBS), 2024Q4 and 2025Q4 (CBS 85276NED quarters)."""
    y2023 = {r["brc_code"]: float(r["employed_x1000_2023"]) * 1000
             for r in read_csv("labour/cbs_85276NED_werkzame_beroepsbevolking_brc_2023.csv")
             if r["brc_level"] == "beroepsgroep"}
    rows = []
    for r in read_csv("labour/cbs_85276NED_85517NED_beroepsgroep_2025q4.csv"):
        code = r["brc_group_code"]
        assert code in y2023, code
        rows.append([code, r["brc_class_code"], f"{y2023[code]:.0f}", r["employed_persons_2024q4"],
                     r["employed_persons_2025q4"]])
    assert len(rows) == 114 == len(y2023)
    rows.sort()
    write_csv("employment_brc.csv", ["brc_group", "brc_class", "employed_2023", "employed_2024q4", "employed_2025q4"],
              rows)
    return rows


def ict_workers():
    """ict_workers.csv: CBS werkzame ICT'ers per year (persons) and, where known, all employed persons (CBS for
    2021 in the same table; for 2015 Eurostat's ICT specialists and their share of employment: 414 / 5.0%)."""
    rows = {}
    for r in read_csv("labour/cbs_werkzame_icters_kenmerken_2005_2021.csv"):
        if r["section"] != "Totaal (x 1 000)" or "2022" not in r["publication_table"]:
            continue
        y = int(r["year"])
        if r["population"] == "werkzame ICT'ers":
            rows.setdefault(y, {})["ict"] = float(r["value"]) * 1000
        elif r["population"].startswith("werkzame beroepsbevolking"):
            rows.setdefault(y, {})["all"] = float(r["value"]) * 1000
    for r in read_csv("labour/eurostat_ict_specialists_unemployment_nl_2014_2024.csv"):
        y = int(r["year"])
        if y in rows and "all" not in rows[y] and r["ict_specialists_x1000"] and r["ict_specialists_pct_of_employment"]:
            rows[y]["all"] = float(r["ict_specialists_x1000"]) * 1000 / (float(r["ict_specialists_pct_of_employment"]) / 100)
            rows[y]["all_src"] = "EUROSTAT_ISOC_SKS_ITSPT (ICT specialists / their % of employment)"
    out = []
    for y in sorted(rows):
        v = rows[y]
        src_all = v.get("all_src", "CBS (same table)") if "all" in v else ""
        out.append([y, f"{v['ict']:.0f}", f"{v['all']:.0f}" if "all" in v else "", src_all,
                    "possible series break (CBS footnote 2; +82k in one year)" if y == 2021 else ""])
    write_csv("ict_workers.csv", ["year", "ict_workers", "employed_all", "employed_all_source", "note"], out)
    return out


def main():
    e = employment()
    i = ict_workers()
    tot = [sum(float(r[k]) for r in e) for k in (2, 3, 4)]
    print(f"employment_brc.csv: {len(e)} groups; totals 2023 {tot[0]:,.0f}, 2024Q4 {tot[1]:,.0f}, 2025Q4 {tot[2]:,.0f}")
    print("ict_workers.csv:", ", ".join(f"{r[0]} {int(r[1]):,}" for r in i))


if __name__ == "__main__":
    main()
