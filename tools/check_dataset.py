#!/usr/bin/env python3
"""Self-check of a krapte dataset folder against docs/DATA.md (stdlib only).

Usage:  python3 tools/check_dataset.py [DIR]      (default: data/default)

Checks: every share group sums to 1 within 1e-6; no negative numbers; every
sector's domestic input column sum is below its gross output; every source_id
resolves in sources.csv; every file in the manifest exists (and every CSV is in
the manifest); columns are exactly the contract's; quality labels are valid;
assumption rows have a reason and an ordered range; fossil-loss highs are below
the sector's employment. Levers and campaigns (doorrekening step 2): ids unique,
flow/target/unit valid, low <= central <= high, governance levers zero, years in
range, each campaign's eight parameters once; for the built-in dataset every
action-plan measure has a lever and policies/*.toml name only known levers.
Exit code 1 on any error.
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
    "activities.csv": ["measure", "activity", "unit", "low", "central", "high", "build_years", "ref_year", "includes_supply_chain",
                       "supply_chain_sector", "quality",
                       "source_id", "reason"],
    "activity_sectors.csv": ["measure", "activity", "sector", "share", "quality", "source_id", "reason"],
    "products.csv": ["measure", "sector", "share", "import_share", "quality", "source_id", "reason"],
    "measure_regions.csv": ["measure", "region", "share", "quality", "source_id", "reason"],
    "fossil_losses.csv": ["id", "name", "sector", "low", "central", "high", "start_year", "full_year", "quality",
                          "source_id", "reason"],
    "supply_occupations.csv": ["occupation", "women_share", "replacement_rate", "expansion_persons_per_year",
                               "roa_job_openings_persons", "roa_itkb", "roa_itkb_class", "quality", "source_id",
                               "reason"],
    "supply_parameters.csv": ["id", "unit", "low", "central", "high", "quality", "source_id", "reason", "evidence",
                              "evidence_ids"],
    "base_year_activity.csv": ["measure", "unit", "low", "central", "high", "quality", "source_id", "reason"],
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

    # base-year activity: one row per measure, in the measure's unit
    by = {r["measure"]: r for r in data.get("base_year_activity.csv", [])}
    for m, r in measures.items():
        if m not in by:
            errs.append(f"base_year_activity.csv: measure {m} has no row")
        elif by[m]["unit"] != r["unit"]:
            errs.append(f"base_year_activity.csv: {m} in {by[m]['unit']!r}, the measure's unit is {r['unit']!r}")
    for m in by:
        if m not in measures:
            errs.append(f"base_year_activity.csv: unknown measure {m}")
    check_evidence(d, data, sets, ids, errs)

    n_before = len(errs)
    check_supply(data, errs)
    if len(errs) == n_before:
        print_supply_totals(data)
    n_before = len(errs)
    levers, campaigns = check_policy(d, ids, regions, errs)
    if len(errs) == n_before:
        print_policy_summary(levers, campaigns)
    return errs


def check_evidence(d, data, sets, source_ids, errs):
    """evidence.csv ids unique; every evidence / evidence_ids cell valid; base_year_shortage.csv."""
    ev = read(d, "evidence.csv") if (d / "evidence.csv").exists() else []
    ev_ids = [r["id"] for r in ev]
    if len(ev_ids) != len(set(ev_ids)):
        errs.append("evidence.csv: duplicate ids")
    for r in ev:
        if not r["url"].strip() or not r["source_title"].strip():
            errs.append(f"evidence.csv {r['id']}: url and source_title are required")
    files = {n: data.get(n) or (read(d, n) if (d / n).exists() else []) for n in
             ("levers.csv", "campaigns.csv", "supply_parameters.csv", "base_year_shortage.csv")}
    for name, rows in files.items():
        for i, r in enumerate(rows):
            w = f"{name} row {i + 2}"
            st, ids = r.get("evidence", ""), [x for x in r.get("evidence_ids", "").split(";") if x]
            if st not in EVIDENCE_LEVELS:
                errs.append(f"{w}: evidence {st!r} not one of {sorted(EVIDENCE_LEVELS)}")
            if st in ("measured", "indirect") and not ids:
                errs.append(f"{w}: evidence {st} needs evidence_ids")
            for x in ids:
                if x not in ev_ids:
                    errs.append(f"{w}: evidence id {x!r} not in evidence.csv")
    sh = files["base_year_shortage.csv"]
    if sh and header_of(d, "base_year_shortage.csv") != SHORTAGE_COLUMNS:
        errs.append(f"base_year_shortage.csv: columns {header_of(d, 'base_year_shortage.csv')} != {SHORTAGE_COLUMNS}")
    by_set = {}
    for i, r in enumerate(sh):
        w = f"base_year_shortage.csv row {i + 2}"
        if r["set"] not in sets:
            errs.append(f"{w}: unknown set {r['set']!r}")
        n = number(r["open_vacancies"], f"{w} open_vacancies", errs, 0)
        vals = [number(r[k], f"{w} {k}", errs, 0, 1) for k in ("structural_low", "structural_central", "structural_high")]
        if None not in vals and not vals[0] <= vals[1] <= vals[2]:
            errs.append(f"{w}: structural_low <= central <= high violated {vals}")
        for x in filter(None, (s.strip() for s in r["source_id"].split(";"))):
            if x not in source_ids:
                errs.append(f"{w}: source_id {x!r} not in sources.csv")
        if n is not None and None not in vals:
            by_set.setdefault(r["set"], {})[r["level"]] = (n, vals)
    for st, levels in by_set.items():
        parts = [v for k, v in levels.items() if k != "all"]
        if "all" not in levels:
            errs.append(f"base_year_shortage.csv: set {st} has no 'all' row")
        elif parts:
            n, vals = levels["all"]
            if abs(sum(p[0] for p in parts) - n) > 2:
                errs.append(f"base_year_shortage.csv: levels of {st} add up to {sum(p[0] for p in parts)}, not {n}")
            for k in range(3):
                s = sum(p[0] * p[1][k] for p in parts)
                if abs(s - n * vals[k]) > 0.01 * n:
                    errs.append(f"base_year_shortage.csv: structural persons of {st} levels {s:.0f} != {n * vals[k]:.0f}")


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


# ---------------------------------------------------------------------------
# levers.csv and campaigns.csv (doorrekening step 2) and the policy files
# ---------------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DIR = REPO / "data" / "default"
RAW_MEASURES = REPO / "data" / "raw" / "policy" / "action_plan_measures.csv"
POLICY_DIR = REPO / "policies"
LEVER_COLUMNS = ["id", "measure", "name", "flow", "target", "effect_unit", "low", "central", "high",
                 "intensity_unit", "default_intensity", "cost_eur_per_year", "payer", "start_year", "lag_years",
                 "duration_years", "region", "quality", "source_id", "reason", "evidence", "evidence_ids"]
CAMPAIGN_COLUMNS = ["campaign", "target_group", "flow", "target", "parameter", "unit", "low", "central", "high",
                    "quality", "source_id", "reason", "evidence", "evidence_ids"]
EVIDENCE_LEVELS = {"measured", "indirect", "none"}
SHORTAGE_COLUMNS = ["set", "level", "period", "open_vacancies", "structural_low", "structural_central",
                    "structural_high", "quality", "source_id", "reason", "evidence", "evidence_ids"]
LEVER_UNITS = {"enrolment": "share", "dropout": "points", "weglek": "points", "side_entry": "persons/year",
               "retention": "share", "productivity": "points/year", "migration": "persons/year", "none": ""}
CAMPAIGN_PARAMS = ["reach_per_meur", "interest_share", "application_share", "conversion_share", "lag_years",
                   "default_budget_meur_per_year", "default_years", "target_group_persons"]
CAMPAIGN_FLOWS = {"side_entry", "enrolment"}
TARGET_SETS = {"technician", "ict"}
SHARE_PARAMS = {"interest_share", "application_share", "conversion_share"}


def header_of(d, name):
    with open(d / name, encoding="utf-8") as f:
        return next(csv.reader([f.readline()]))


def valid_target(flow, target):
    """None if `target` fits `flow` (see docs/DATA.md and levers.csv), else the reason it does not."""
    if flow in ("enrolment", "dropout", "weglek"):
        cells = target.split(";")
        bad = [c for c in cells if c.count("-") != 1 or c.split("-")[0] not in EDU_LEVELS
               or c.split("-")[1] not in EDU_DIRECTIONS]
        if not target or bad:
            return f"education cells level-direction expected, got {bad or target!r}"
        if len(set(cells)) != len(cells):
            return "a cell is listed twice"
        return None
    if flow in ("side_entry", "migration"):
        parts = target.split(":")
        if len(parts) != 2 or parts[0] not in TARGET_SETS or parts[1] not in EDU_LEVELS:
            return f"set:level expected (set technician|ict, level {'|'.join(EDU_LEVELS)}), got {target!r}"
        return None
    if flow == "retention":
        return None if target in ("women", "men", "all") else f"women|men|all expected, got {target!r}"
    if flow == "productivity":
        return None if target == "all" else f"'all' expected, got {target!r}"
    if flow == "none":
        return None if target == "" else f"empty target expected, got {target!r}"
    return f"unknown flow {flow!r}"


def whole(v, where, errs, lo, hi):
    x = number(v, where, errs, lo, hi)
    if x is not None and x != int(x):
        errs.append(f"{where}: {v} is not a whole number")
    return x


def check_policy(d, source_ids, region_codes, errs):
    """Checks of levers.csv and campaigns.csv; for the built-in dataset also coverage of every action-plan
    measure and the policy files in policies/. Returns the parsed levers and campaigns (or None)."""
    d = Path(d)
    builtin = d.resolve() == DEFAULT_DIR.resolve()
    have_l, have_c = (d / "levers.csv").exists(), (d / "campaigns.csv").exists()
    if builtin and not (have_l and have_c):
        errs.append("built-in dataset: levers.csv and campaigns.csv are required")
    levers, campaigns = [], {}
    if have_l:
        if header_of(d, "levers.csv") != LEVER_COLUMNS:
            errs.append(f"levers.csv: columns {header_of(d, 'levers.csv')} != {LEVER_COLUMNS}")
        else:
            levers = read(d, "levers.csv")
    seen = set()
    for i, r in enumerate(levers):
        w = f"levers.csv row {i + 2} ({r['id']})"
        if not re.fullmatch(r"[a-z0-9_]+", r["id"]):
            errs.append(f"{w}: id must be lower-case letters, digits and _")
        if r["id"] in seen:
            errs.append(f"{w}: duplicate id")
        seen.add(r["id"])
        flow = r["flow"]
        if flow not in LEVER_UNITS:
            errs.append(f"{w}: flow {flow!r} not one of {sorted(LEVER_UNITS)}")
            continue
        msg = valid_target(flow, r["target"])
        if msg:
            errs.append(f"{w}: target: {msg}")
        if r["effect_unit"] != LEVER_UNITS[flow]:
            errs.append(f"{w}: effect_unit {r['effect_unit']!r} != {LEVER_UNITS[flow]!r} for flow {flow}")
        vals = [number(r[k], f"{w} {k}", errs) for k in ("low", "central", "high")]
        if None not in vals:
            lo, c, hi = vals
            if not lo <= c <= hi:
                errs.append(f"{w}: low <= central <= high violated {vals}")
            if flow == "none":
                if vals != [0, 0, 0]:
                    errs.append(f"{w}: flow none needs zero effects")
                if not r["reason"].startswith("no direct quantified effect"):
                    errs.append(f"{w}: flow none: reason must start with 'no direct quantified effect'")
            elif flow in ("dropout", "weglek", "productivity") and not (-1 <= lo and hi <= 1):
                errs.append(f"{w}: {flow} effect outside [-1, 1]")
            elif flow in ("enrolment", "retention") and not (lo > -1 and hi <= 1):
                errs.append(f"{w}: {flow} effect must lie in (-1, 1]")
        number(r["default_intensity"], f"{w} default_intensity", errs, 0)
        if r["default_intensity"] and float(r["default_intensity"]) <= 0:
            errs.append(f"{w}: default_intensity must be positive")
        if not r["intensity_unit"]:
            errs.append(f"{w}: intensity_unit empty")
        number(r["cost_eur_per_year"], f"{w} cost_eur_per_year", errs, 0)
        if not r["payer"]:
            errs.append(f"{w}: payer empty")
        whole(r["start_year"], f"{w} start_year", errs, 2015, 2035)
        whole(r["lag_years"], f"{w} lag_years", errs, 0, 30)
        whole(r["duration_years"], f"{w} duration_years", errs, 0, 50)
        if r["region"] and r["region"] not in region_codes:
            errs.append(f"{w}: region {r['region']!r} not in regions.csv (empty = national)")
        if r["quality"] not in QUALITIES:
            errs.append(f"{w}: bad quality {r['quality']!r}")
        if r["quality"] == "assumption" and not r["reason"].strip():
            errs.append(f"{w}: assumption without reason")
        if r["quality"] != "assumption" and not r["source_id"]:
            errs.append(f"{w}: non-assumption row without source_id")
        for s in filter(None, (x.strip() for x in r["source_id"].split(";"))):
            if s not in source_ids:
                errs.append(f"{w}: source_id {s!r} not in sources.csv")
    if builtin and levers and RAW_MEASURES.exists():
        with open(RAW_MEASURES, newline="", encoding="utf-8-sig") as f:
            want = [m["id"] for m in csv.DictReader(f)]
        got = {r["measure"] for r in levers}
        for m in want:
            if m not in got:
                errs.append(f"levers.csv: action-plan measure {m} has no lever")
        for m in sorted(got - set(want)):
            errs.append(f"levers.csv: measure {m} is not in action_plan_measures.csv")

    if have_c:
        if header_of(d, "campaigns.csv") != CAMPAIGN_COLUMNS:
            errs.append(f"campaigns.csv: columns {header_of(d, 'campaigns.csv')} != {CAMPAIGN_COLUMNS}")
            rows = []
        else:
            rows = read(d, "campaigns.csv")
        for i, r in enumerate(rows):
            w = f"campaigns.csv row {i + 2} ({r['campaign']}/{r['parameter']})"
            c = campaigns.setdefault(r["campaign"], {"flow": r["flow"], "target": r["target"], "params": {}})
            if (r["flow"], r["target"]) != (c["flow"], c["target"]):
                errs.append(f"{w}: flow/target differ from the campaign's first row")
            if r["flow"] not in CAMPAIGN_FLOWS:
                errs.append(f"{w}: flow must be side_entry or enrolment")
            else:
                msg = valid_target(r["flow"], r["target"])
                if msg:
                    errs.append(f"{w}: target: {msg}")
            p = r["parameter"]
            if p not in CAMPAIGN_PARAMS:
                errs.append(f"{w}: unknown parameter {p!r}")
            elif p in c["params"]:
                errs.append(f"{w}: parameter listed twice")
            hi_lim = 1 if p in SHARE_PARAMS else None
            vals = [number(r[k], f"{w} {k}", errs, 0, hi_lim) for k in ("low", "central", "high")]
            if None not in vals:
                if not vals[0] <= vals[1] <= vals[2]:
                    errs.append(f"{w}: low <= central <= high violated {vals}")
                c["params"][p] = vals
            if r["quality"] not in QUALITIES:
                errs.append(f"{w}: bad quality {r['quality']!r}")
            if r["quality"] != "assumption" and not r["source_id"]:
                errs.append(f"{w}: non-assumption row without source_id")
            if not r["reason"].strip():
                errs.append(f"{w}: reason empty")
            for s in filter(None, (x.strip() for x in r["source_id"].split(";"))):
                if s not in source_ids:
                    errs.append(f"{w}: source_id {s!r} not in sources.csv")
        for name, c in campaigns.items():
            missing = [p for p in CAMPAIGN_PARAMS if p not in c["params"]]
            if missing:
                errs.append(f"campaigns.csv: campaign {name} lacks {missing}")
        if builtin and sorted(campaigns) != ["ouders", "scholieren", "zijinstromers"]:
            errs.append(f"campaigns.csv: built-in campaigns {sorted(campaigns)} != ouders, scholieren, zijinstromers")

    if builtin:
        check_policy_files(levers, campaigns, errs)
    return levers, campaigns


def check_policy_files(levers, campaigns, errs):
    """policies/*.toml: known lever and campaign ids, positive intensities; actieplan lists every lever,
    geen-beleid none."""
    import tomllib
    ids = {r["id"] for r in levers}
    for want in ("actieplan.toml", "geen-beleid.toml"):
        if not (POLICY_DIR / want).exists():
            errs.append(f"policies/{want} missing")
    for p in sorted(POLICY_DIR.glob("*.toml")):
        w = f"policies/{p.name}"
        try:
            doc = tomllib.loads(p.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            errs.append(f"{w}: {e}")
            continue
        for k in doc:
            if k not in ("name", "description", "declares", "levers", "campaigns"):
                errs.append(f"{w}: unknown key {k!r}")
        dec = doc.get("declares", {})
        for k in ("levers", "campaigns"):
            if dec and dec.get(k, 0) != len(doc.get(k, {})):
                errs.append(f"{w}: declares {k} = {dec.get(k, 0)} but has {len(doc.get(k, {}))}")
        if not isinstance(doc.get("name"), str) or not doc["name"]:
            errs.append(f"{w}: name missing")
        lv = doc.get("levers")
        if not isinstance(lv, dict):
            errs.append(f"{w}: [levers] table missing")
            lv = {}
        for k, v in lv.items():
            if k not in ids:
                errs.append(f"{w}: lever {k!r} not in levers.csv")
            if not isinstance(v, dict) or not isinstance(v.get("on"), bool):
                errs.append(f"{w}: lever {k}: '{{ on = true|false }}' expected")
                continue
            for kk in v:
                if kk not in ("on", "intensity"):
                    errs.append(f"{w}: lever {k}: unknown key {kk!r}")
            if "intensity" in v and (isinstance(v["intensity"], bool) or not isinstance(v["intensity"], (int, float))
                                     or v["intensity"] <= 0):
                errs.append(f"{w}: lever {k}: intensity must be a positive number")
        for k, v in (doc.get("campaigns") or {}).items():
            if k not in campaigns:
                errs.append(f"{w}: campaign {k!r} not in campaigns.csv")
            if not isinstance(v, dict) or sorted(v) != ["budget_meur_per_year", "start_year", "years"]:
                errs.append(f"{w}: campaign {k}: budget_meur_per_year, years and start_year expected")
        if p.name == "actieplan.toml":
            for k in sorted(ids - set(lv)):
                errs.append(f"{w}: lever {k} of levers.csv is not listed")
        if p.name == "geen-beleid.toml" and (lv or doc.get("campaigns")):
            errs.append(f"{w}: must switch nothing on")


def print_policy_summary(levers, campaigns):
    """Print (never fail) the lever catalogue and the campaign funnels at central values."""
    if levers:
        print(f"levers ({len(levers)} rows, {len({r['measure'] for r in levers})} measures; central effect at the "
              f"default intensity):")
        print(f"  {'id':45s} {'flow':13s} {'central':>10s} {'unit':13s} {'cost EUR/yr':>13s}  start+lag")
        for r in levers:
            cost = float(r["cost_eur_per_year"])
            print(f"  {r['id']:45s} {r['flow']:13s} {float(r['central']):>10g} {r['effect_unit']:13s} "
                  f"{cost:>13,.0f}  {r['start_year']}+{r['lag_years']}")
    for name, c in campaigns.items():
        p = {k: v[1] for k, v in c["params"].items()}
        per = p["reach_per_meur"] * p["interest_share"] * p["application_share"] * p["conversion_share"]
        print(f"  campaign {name:14s} {c['flow']:11s} central {per:,.0f} persons/yr per MEUR; at the default "
              f"{p['default_budget_meur_per_year']:g} MEUR/yr for {p['default_years']:g} years: "
              f"{per * p['default_budget_meur_per_year']:,.0f}/yr, lag {p['lag_years']:g}")


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "data" / "default"
    e = check(folder)
    for x in e:
        print("ERROR:", x)
    print("OK" if not e else f"{len(e)} error(s)")
    sys.exit(1 if e else 0)
