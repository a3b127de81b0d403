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
import math
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
    "supply_occupations.csv": ["occupation", "women_share", "replacement_rate", "expansion_persons_per_year",
                               "roa_job_openings_persons", "roa_itkb", "roa_itkb_class", "quality", "source_id",
                               "reason"],
    "supply_parameters.csv": ["id", "unit", "low", "central", "high", "quality", "source_id", "reason"],
    "education_pipeline.csv": ["level", "direction", "programme_years", "dropout", "labour_market_entry",
                               "women_share_inflow", "quality", "source_id", "reason"],
    "enrolment.csv": ["year", "level", "direction", "first_year_students", "quality", "source_id", "reason"],
}
NUMERIC = {"low", "central", "high", "gross_output", "hours_worked", "import_share", "value", "share",
           "employed_persons", "base_stock", "cost_low", "cost_central", "cost_high"}
PARAM_IDS = {"fte_hours_per_year", "io_currency_per_eur", "price_index_base_vs_io", "productivity_growth"}
SUPPLY_PARAM_IDS = ["fte_per_person_women", "fte_per_person_men", "switch_out_women", "switch_out_men",
                    "retirement_share_of_replacement", "side_entry_per_switch_out", "migration_rate"]
SUPPLY_SHARE_IDS = {"switch_out_women", "switch_out_men", "retirement_share_of_replacement", "migration_rate"}
EDU_LEVELS = ["vmbo", "mbo2", "mbo3", "mbo4", "hbo", "wo"]
EDU_DIRECTIONS = ["techniek", "ict", "other"]
ENROLMENT_YEARS = range(2014, 2041)
BASE_YEAR = 2024
# ROA reference figures per year (printed for comparison, never checked): AIS 2030 ed. 2026, 114 groups,
# six-year totals / 6; school-leavers: ROA ~1.6 million 2021-2026 / 6.
ROA_PER_YEAR = {"openings": 2046900 / 6, "replacement": 1744700 / 6, "expansion": 248800 / 6,
                "school_leavers": 1600000 / 6}


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

    n_before = len(errs)
    check_supply(data, errs)
    if len(errs) == n_before:
        print_supply_totals(data)
    return errs


def number(v, where, errs, lo=None, hi=None, empty_ok=False):
    """Parse a plain decimal; record an error if it is not finite, uses an exponent or is out of [lo, hi]."""
    if v in ("", None):
        if not empty_ok:
            errs.append(f"{where}: empty")
        return None
    try:
        x = float(v)
    except ValueError:
        errs.append(f"{where}: {v!r} is not a number")
        return None
    if not math.isfinite(x) or "e" in v.lower() or "n" in v.lower():
        errs.append(f"{where}: {v!r} is not a plain finite decimal")
        return None
    if (lo is not None and x < lo) or (hi is not None and x > hi):
        errs.append(f"{where}: {v} outside [{lo}, {hi}]")
    return x


def check_supply(data, errs):
    """Checks of the supply-side files: supply_occupations, supply_parameters, education_pipeline, enrolment."""
    occ_order = [r["code"] for r in data["occupations.csv"]]
    so = data.get("supply_occupations.csv", [])
    got = [r["occupation"] for r in so]
    for c in sorted(set(occ_order) - set(got)):
        errs.append(f"supply_occupations: occupation {c} missing")
    for c in sorted({c for c in got if got.count(c) > 1}):
        errs.append(f"supply_occupations: occupation {c} listed {got.count(c)} times")
    for c in sorted(set(got) - set(occ_order)):
        errs.append(f"supply_occupations: unknown occupation {c}")
    if not errs and got != occ_order:
        errs.append("supply_occupations: rows not in occupations.csv order")
    for r in so:
        w = f"supply_occupations {r['occupation']}"
        number(r["women_share"], w + " women_share", errs, 0, 1)
        number(r["replacement_rate"], w + " replacement_rate", errs, 0, 1)
        number(r["expansion_persons_per_year"], w + " expansion_persons_per_year", errs)
        number(r["roa_job_openings_persons"], w + " roa_job_openings_persons", errs, 0, None, empty_ok=True)
        number(r["roa_itkb"], w + " roa_itkb", errs, 0, 10, empty_ok=True)

    sp = data.get("supply_parameters.csv", [])
    ids = [r["id"] for r in sp]
    if sorted(ids) != sorted(SUPPLY_PARAM_IDS) or len(ids) != len(set(ids)):
        errs.append(f"supply_parameters.csv ids {ids} != {SUPPLY_PARAM_IDS}")
    for r in sp:
        vals = [number(r[k], f"supply_parameters {r['id']} {k}", errs, 0,
                       1 if r["id"] in SUPPLY_SHARE_IDS else None) for k in ("low", "central", "high")]
        if None not in vals and not vals[0] <= vals[1] <= vals[2]:
            errs.append(f"supply_parameters {r['id']}: low <= central <= high violated {vals}")

    ep = data.get("education_pipeline.csv", [])
    cells = [(lv, d) for lv in EDU_LEVELS for d in EDU_DIRECTIONS]
    if [(r["level"], r["direction"]) for r in ep] != cells:
        errs.append("education_pipeline: need exactly the 18 cells in order vmbo..wo x techniek, ict, other")
    for r in ep:
        w = f"education_pipeline {r['level']}/{r['direction']}"
        py = r["programme_years"]
        if not py.isdigit() or int(py) < 1:
            errs.append(f"{w}: programme_years {py!r} is not a whole number >= 1")
        for k in ("dropout", "labour_market_entry", "women_share_inflow"):
            number(r[k], f"{w} {k}", errs, 0, 1)

    en = data.get("enrolment.csv", [])
    seen = {}
    for r in en:
        key = (r["year"], r["level"], r["direction"])
        seen[key] = seen.get(key, 0) + 1
        number(r["first_year_students"], f"enrolment {key} first_year_students", errs, 0, None)
    want = {(str(y), lv, d) for y in ENROLMENT_YEARS for lv, d in cells}
    for k in sorted(want - set(seen)):
        errs.append(f"enrolment: missing {k}")
    for k in sorted(set(seen) - want):
        errs.append(f"enrolment: unexpected row {k}")
    for k, n in sorted(seen.items()):
        if n > 1:
            errs.append(f"enrolment: {k} listed {n} times")


def print_supply_totals(data):
    """Print (never fail) the national supply totals for the base year with central values, next to ROA."""
    par = {r["id"]: float(r["central"]) for r in data["supply_parameters.csv"]}
    emp = {r["code"]: float(r["employed_persons"]) for r in data["occupations.csv"]}
    so = {r["occupation"]: r for r in data["supply_occupations.csv"]}
    tech = {r["occupation"] for r in data["occupation_sets.csv"] if r["set"] == "technician"}
    persons = sum(emp.values())
    fte, repl, repl_fte, repl_lin, exp, exp_pos, sw_out = 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
    for o, e in emp.items():
        r = so[o]
        ws = float(r["women_share"])
        f = e * (ws * par["fte_per_person_women"] + (1 - ws) * par["fte_per_person_men"])
        rate = float(r["replacement_rate"])
        fte += f
        repl += rate * e
        repl_fte += rate * f
        x = float(r["expansion_persons_per_year"])
        exp += x
        exp_pos += max(0.0, x)
        if o in tech:
            sw_out += f * (ws * par["switch_out_women"] + (1 - ws) * par["switch_out_men"])
    ep = {(r["level"], r["direction"]): r for r in data["education_pipeline.csv"]}
    en = {(int(r["year"]), r["level"], r["direction"]): float(r["first_year_students"]) for r in data["enrolment.csv"]}
    grads, leavers = {}, {}
    for (lv, d), r in ep.items():
        g = en[(BASE_YEAR - int(r["programme_years"]), lv, d)] * (1 - float(r["dropout"]))
        grads[lv] = grads.get(lv, 0.0) + g
        leavers[lv] = leavers.get(lv, 0.0) + g * float(r["labour_market_entry"])
    sl = sum(leavers.values())
    mig = par["migration_rate"] * persons
    roa = ROA_PER_YEAR
    print(f"supply totals {BASE_YEAR} (central values; ROA AIS per year in brackets):")
    print(f"  base stock {persons:,.0f} persons = {fte:,.0f} fte ({fte / persons:.3f} fte/person)")
    print(f"  replacement outflow {repl:,.0f} persons/yr = {repl_fte:,.0f} fte/yr [ROA {roa['replacement']:,.0f}]; "
          f"retirement part {repl * par['retirement_share_of_replacement']:,.0f}")
    print(f"  expansion {exp:,.0f} persons/yr (positive groups only {exp_pos:,.0f}) [ROA {roa['expansion']:,.0f}]")
    print(f"  job openings replacement + positive expansion {repl + exp_pos:,.0f}/yr [ROA {roa['openings']:,.0f}]")
    print(f"  school-leavers entering work {sl:,.0f}/yr [ROA ~{roa['school_leavers']:,.0f}]; by level: "
          + ", ".join(f"{lv} {leavers[lv]:,.0f}" for lv in EDU_LEVELS))
    print("  graduates by level: " + ", ".join(f"{lv} {grads[lv]:,.0f}" for lv in EDU_LEVELS))
    print(f"  migration and re-entry {mig:,.0f} persons/yr; technician-set switch-out {sw_out:,.0f} fte/yr, "
          f"side-entry {sw_out * par['side_entry_per_switch_out']:,.0f} fte/yr")
    print(f"  balance (school-leavers + migration) - (replacement + expansion) = "
          f"{sl + mig - repl - exp:,.0f} persons/yr")


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "data" / "default"
    e = check(folder)
    for x in e:
        print("ERROR:", x)
    print("OK" if not e else f"{len(e)} error(s)")
    sys.exit(1 if e else 0)
