#!/usr/bin/env python3
"""Self-check of a krapte dataset folder against docs/DATA.md (stdlib only).

Usage:  python3 tools/check_dataset.py [DIR]      (default: data/default)

Checks: every share group sums to 1 within 1e-6; no negative numbers; every
sector's domestic input column sum is below its gross output; every source_id
resolves in sources.csv; every file in the manifest exists (and every CSV is in
the manifest); columns are exactly the contract's; quality labels are valid;
assumption rows have a reason and an ordered range; fossil-loss highs are below
the sector's employment. Exit code 1 on any error.
"""

import csv
import re
import sys
from pathlib import Path

TOL = 1e-6
QUALITIES = {"sourced", "derived", "estimate", "assumption"}
COLUMNS = {
    "sources.csv": ["source_id", "title", "publisher", "year", "url", "license"],
    "parameters.csv": ["id", "unit", "low", "central", "high", "quality", "source_id", "reason"],
    "sectors.csv": ["code", "name", "region_group", "gross_output", "hours_worked", "import_share", "quality",
                    "source_id", "reason"],
    "io_domestic.csv": ["from", "to", "value"],
    "regions.csv": ["code", "name"],
    "region_shares.csv": ["region_group", "region", "share", "quality", "source_id", "reason"],
    "occupations.csv": ["code", "name", "employed_persons", "quality", "source_id", "reason"],
    "occupation_shares.csv": ["sector", "occupation", "share", "quality", "source_id", "reason"],
    "education_shares.csv": ["occupation", "level", "direction", "share", "quality", "source_id", "reason"],
    "occupation_sets.csv": ["set", "version", "description", "occupation"],
    "measures.csv": ["id", "name", "unit", "path", "base_stock", "cost_low", "cost_central", "cost_high", "quality",
                     "source_id", "reason"],
    "activities.csv": ["measure", "activity", "unit", "low", "central", "high", "build_years", "ref_year", "includes_supply_chain", "quality",
                       "source_id", "reason"],
    "activity_sectors.csv": ["measure", "activity", "sector", "share", "quality", "source_id", "reason"],
    "products.csv": ["measure", "sector", "share", "import_share", "quality", "source_id", "reason"],
    "measure_regions.csv": ["measure", "region", "share", "quality", "source_id", "reason"],
    "fossil_losses.csv": ["id", "name", "sector", "low", "central", "high", "start_year", "full_year", "quality",
                          "source_id", "reason"],
}
NUMERIC = {"low", "central", "high", "gross_output", "hours_worked", "import_share", "value", "share",
           "employed_persons", "base_stock", "cost_low", "cost_central", "cost_high"}
PARAM_IDS = {"fte_hours_per_year", "io_currency_per_eur", "price_index_base_vs_io", "productivity_growth"}


def read(d, name):
    """Rows of one CSV (comment lines starting with # and empty lines skipped)."""
    with open(d / name, newline="", encoding="utf-8") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines))


def check(d):
    """Return a list of error strings for dataset folder d (empty = OK)."""
    d = Path(d)
    errs = []
    manifest = (d / "manifest.toml").read_text(encoding="utf-8")
    listed = re.findall(r'^name\s*=\s*"([^"]+)"', manifest, flags=re.M)
    for key in ("edition", "base_year", "io_year", "io_currency"):
        if not re.search(rf"^{key}\s*=", manifest, flags=re.M):
            errs.append(f"manifest: {key} missing")
    for n in listed:
        if not (d / n).exists():
            errs.append(f"manifest lists {n} but it does not exist")
    for p in sorted(d.glob("*.csv")):
        if p.name not in listed:
            errs.append(f"{p.name} is not listed in the manifest")
    data = {}
    for name, cols in COLUMNS.items():
        if not (d / name).exists():
            if name != "measure_regions.csv":
                errs.append(f"{name} missing")
            continue
        rows = read(d, name)
        data[name] = rows
        with open(d / name, encoding="utf-8") as f:
            header = next(csv.reader([f.readline()]))
        if sorted(header) != sorted(cols):
            errs.append(f"{name}: columns {header} != {cols}")
        for i, r in enumerate(rows):
            for k, v in r.items():
                if k in NUMERIC and v not in ("", None):
                    try:
                        x = float(v)
                    except ValueError:
                        errs.append(f"{name} row {i + 2}: {k}={v!r} is not a number")
                        continue
                    if x < 0:
                        errs.append(f"{name} row {i + 2}: {k} negative ({v})")
                    if "e" in v.lower():
                        errs.append(f"{name} row {i + 2}: {k}={v} uses exponent notation")
            if "quality" in r:
                q = r["quality"]
                if q not in QUALITIES:
                    errs.append(f"{name} row {i + 2}: bad quality {q!r}")
                if q != "assumption" and not r.get("source_id"):
                    errs.append(f"{name} row {i + 2}: non-assumption row without source_id")
                if q == "assumption" and not r.get("reason", "").strip():
                    errs.append(f"{name} row {i + 2}: assumption without reason")
                for lo_k, c_k, hi_k in (("low", "central", "high"), ("cost_low", "cost_central", "cost_high")):
                    if r.get(lo_k) not in (None, "") and r.get(hi_k) not in (None, ""):
                        lo, ce, hi = float(r[lo_k]), float(r[c_k]), float(r[hi_k])
                        if not lo <= ce <= hi:
                            errs.append(f"{name} row {i + 2}: range not ordered ({lo}, {ce}, {hi})")

    # source ids
    ids = {r["source_id"] for r in data.get("sources.csv", [])}
    for name, rows in data.items():
        if name == "sources.csv":
            continue
        for r in rows:
            for s in (r.get("source_id") or "").split(";"):
                if s.strip() and s.strip() not in ids:
                    errs.append(f"{name}: source_id {s!r} not in sources.csv")

    # parameters
    pids = [r["id"] for r in data.get("parameters.csv", [])]
    if sorted(pids) != sorted(PARAM_IDS):
        errs.append(f"parameters.csv ids {pids} != {sorted(PARAM_IDS)}")

    # sectors and IO
    sectors = {r["code"]: r for r in data["sectors.csv"]}
    if len(sectors) != len(data["sectors.csv"]):
        errs.append("sectors.csv: duplicate codes")
    groups = {r["region_group"] for r in data["region_shares.csv"]}
    for c, r in sectors.items():
        if r["region_group"] not in groups:
            errs.append(f"sector {c}: region_group {r['region_group']} not in region_shares.csv")
        if not 0 <= float(r["import_share"]) <= 1:
            errs.append(f"sector {c}: import_share outside 0..1")
    col = {c: 0.0 for c in sectors}
    seen = set()
    for r in data["io_domestic.csv"]:
        key = (r["from"], r["to"])
        if key in seen:
            errs.append(f"io_domestic: duplicate {key}")
        seen.add(key)
        if r["from"] not in sectors or r["to"] not in sectors:
            errs.append(f"io_domestic: unknown sector in {key}")
            continue
        col[r["to"]] += float(r["value"])
    for c, s in col.items():
        go = float(sectors[c]["gross_output"])
        # zero-output sectors (WIOD T) have an all-zero column and are skipped, as in the model
        if go > 0 and s >= go:
            errs.append(f"sector {c}: domestic inputs {s} not below gross output {go}")
        if go == 0 and s > 0:
            errs.append(f"sector {c}: inputs without output")

    # share groups
    regions = {r["code"] for r in data["regions.csv"]}
    occs = {r["code"] for r in data["occupations.csv"]}

    def sums(name, keyf, member_check=None):
        acc = {}
        for r in data.get(name, []):
            acc[keyf(r)] = acc.get(keyf(r), 0.0) + float(r["share"])
            if member_check:
                msg = member_check(r)
                if msg:
                    errs.append(f"{name}: {msg}")
        for k, v in acc.items():
            if abs(v - 1) > TOL:
                errs.append(f"{name}: shares of {k} sum to {v!r}")
        return acc

    sums("region_shares.csv", lambda r: r["region_group"],
         lambda r: None if r["region"] in regions else f"unknown region {r['region']}")
    occ_acc = sums("occupation_shares.csv", lambda r: r["sector"],
                   lambda r: None if r["sector"] in sectors and r["occupation"] in occs
                   else f"unknown sector/occupation {r['sector']}/{r['occupation']}")
    for c in sectors:
        if c not in occ_acc:
            errs.append(f"occupation_shares: sector {c} missing")
    levels = {"vmbo", "mbo2", "mbo3", "mbo4", "hbo", "wo"}
    dirs = {"techniek", "ict", "other"}
    edu_acc = sums("education_shares.csv", lambda r: r["occupation"],
                   lambda r: None if r["level"] in levels and r["direction"] in dirs and r["occupation"] in occs
                   else f"bad cell {r['occupation']}/{r['level']}/{r['direction']}")
    for o in occs:
        if o not in edu_acc:
            errs.append(f"education_shares: occupation {o} missing")
    measures = {r["id"]: r for r in data["measures.csv"]}
    sums("activity_sectors.csv", lambda r: (r["measure"], r["activity"]),
         lambda r: None if r["sector"] in sectors else f"unknown sector {r['sector']}")
    sums("products.csv", lambda r: r["measure"],
         lambda r: None if r["sector"] in sectors and r["measure"] in measures
         else f"unknown sector/measure {r['sector']}/{r['measure']}")
    sums("measure_regions.csv", lambda r: r["measure"],
         lambda r: None if r["region"] in regions and r["measure"] in measures else f"bad row {r}")
    acts = {(r["measure"], r["activity"]) for r in data["activities.csv"]}
    for r in data["activity_sectors.csv"]:
        if (r["measure"], r["activity"]) not in acts:
            errs.append(f"activity_sectors: unknown activity {r['measure']}/{r['activity']}")
    for a in acts:
        if a[0] not in measures or measures[a[0]]["path"] != "bottom_up":
            errs.append(f"activities: {a} not a bottom_up measure")
    for m, r in measures.items():
        if r["path"] == "bottom_up" and not any(a[0] == m for a in acts):
            errs.append(f"measure {m}: bottom_up without activities")
        if r["path"] == "spending" and not any(p["measure"] == m for p in data["products.csv"]):
            errs.append(f"measure {m}: spending without products")

    # occupation sets
    sets = {r["set"] for r in data["occupation_sets.csv"]}
    for s in ("technician", "ict"):
        if s not in sets:
            errs.append(f"occupation set {s} missing")
    for r in data["occupation_sets.csv"]:
        if r["occupation"] not in occs:
            errs.append(f"occupation_sets: unknown occupation {r['occupation']}")

    # fossil losses below sector employment
    fte_h = next(float(r["central"]) for r in data["parameters.csv"] if r["id"] == "fte_hours_per_year")
    for r in data["fossil_losses.csv"]:
        s = sectors.get(r["sector"])
        if s is None:
            errs.append(f"fossil_losses {r['id']}: unknown sector")
        elif float(r["high"]) >= float(s["hours_worked"]) / fte_h:
            errs.append(f"fossil_losses {r['id']}: high exceeds sector employment")
    return errs


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "data" / "default"
    e = check(folder)
    for x in e:
        print("ERROR:", x)
    print("OK" if not e else f"{len(e)} error(s)")
    sys.exit(1 if e else 0)
