#!/usr/bin/env python3
"""Build krapte's region data (data/regions/) from the raw copies in data/raw/regional/.

Usage:  python3 tools/build_regions.py [--check]

* Reads ONLY data/raw/regional/** (copies of /work/shared/data/regional plus the
  sourced additions listed in data/raw/regional/PROVENANCE.md).
* Writes data/regions/*.csv, data/regions/manifest.toml and data/regions/MEASURED.md
  (the measured split errors and the hot-spot figures quoted in PROVENANCE.md).
* Deterministic: no randomness, no clock, sorted iteration; running it twice gives
  the same bytes. `--check` rebuilds into memory and fails if any file differs.
* Python 3 standard library only.

What it builds (see data/regions/PROVENANCE.md for the reasons):
* four region sets: COROP (40, the building block), provinces (12),
  arbeidsmarktregio's (35, CBS 2026 classification) and RES regions (30);
* a crosswalk from every COROP region to every region of the other three sets
  (provinces: exact nesting; the other two: inhabitants' shares where a COROP
  region is split);
* employee jobs by SBI group for every region of every set, 2010-2024;
* placement keys per COROP region (each sums to 1) and which measure uses which key.
"""

import csv
import io
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw" / "regional"
OUT = ROOT / "data" / "regions"

EDITION = "2025.1"
CLASSIFICATION_YEAR = 2025
BASE_YEAR = 2024
YEARS = list(range(2010, 2025))
SBI = ["A", "B-E", "F", "G-I", "J", "K", "L", "M-N", "O-Q", "R-U"]
SETS = ["corop", "province", "arbeidsmarktregio", "res"]

# National total of the 30 RES 1.0 ambitions (NP RES), the frame for the RES key.
RES_NATIONAL_TWH = 55.0

# Offshore wind: the built-in dataset's province split (data/default/measure_regions.csv,
# an assumption) placed on the port and landing COROP regions of those provinces.
OFFSHORE_PORTS = [
    ("CR03", 0.20, "Eemshaven (Het Hogeland): base port and landing point for Ten noorden van de Waddeneilanden"),
    ("CR18", 0.15, "Den Helder: offshore base port (Noord-Holland's 0.30 split evenly with IJmond)"),
    ("CR20", 0.15, "IJmuiden/Velsen: O&M base Hollandse Kust (zuid), planned Energiehaven; Beverwijk landing"),
    ("CR29", 0.30, "Rotterdam and the Maasvlakte landing point of Hollandse Kust (zuid)"),
    ("CR32", 0.20, "Vlissingen port and the Borssele landing point (Borssele Alpha and Beta)"),
]

# Grid operators (regional DSOs): yearly investment and the provinces they mainly serve.
GRID_OPERATORS = [
    # (operator, EUR million per year, how derived, provinces)
    ("Liander", 4000 / 3, "ruim 4 miljard over 2024-2026 / 3 years (Investeringsplan 2024)",
     ["PV21", "PV24", "PV25", "PV27"]),
    ("Enexis", (3000 + 1500) / 3, "EUR 3 bn expansion + about 1.5 bn maintenance over 2024-2026 / 3 years",
     ["PV20", "PV22", "PV23", "PV30", "PV31"]),
    ("Stedin", 924.0, "EUR 924 million planned for 2024", ["PV26", "PV28", "PV29"]),
]

# Which key places which measure of the built-in dataset (data/default/measures.csv).
MEASURE_KEYS = [
    ("offshore_wind", "offshore_ports", "assumption", "",
     "Direct work at the base ports and grid landing points; same province split as measure_regions.csv."),
    ("grid_offshore", "offshore_ports", "assumption", "",
     "TenneT's export cables land at the same points (Borssele, Maasvlakte, Beverwijk, Eemshaven)."),
    ("onshore_wind", "res_twh", "derived", "NPRES_2021;RES_REGIONS",
     "Large-scale wind and solar on land are what the RES regions' 2030 TWh offers count."),
    ("solar_pv_utility", "res_twh", "derived", "NPRES_2021;RES_REGIONS",
     "Large-scale wind and solar on land are what the RES regions' 2030 TWh offers count."),
    ("solar_pv_rooftop", "housing_stock", "assumption", "CBS_85984NED",
     "Rooftop PV is mostly on homes; placed by the housing stock (business roofs not separated)."),
    ("heat_pump_hybrid", "housing_stock", "derived", "CBS_85984NED",
     "Heat pumps are installed in dwellings: housing stock 1 January 2024."),
    ("heat_pump_all_electric", "housing_stock", "derived", "CBS_85984NED",
     "Heat pumps are installed in dwellings: housing stock 1 January 2024."),
    ("insulation", "housing_stock", "derived", "CBS_85984NED",
     "Home insulation happens where the homes are: housing stock 1 January 2024."),
    ("heat_networks", "housing_stock", "assumption", "CBS_85984NED",
     "Connections follow the housing stock; heat networks are denser in cities than the stock shows."),
    ("ev_charging", "housing_stock", "assumption", "CBS_85984NED",
     "Home and public charge points follow where people live (housing stock)."),
    ("grid_onshore", "grid_operators", "derived", "GRID_LIANDER;GRID_ENEXIS;GRID_STEDIN;CBS_85984NED",
     "Regional grid operators' investment plans by service area, within an area by housing stock."),
    ("industry", "industry_clusters", "derived", "NEA_EZK_CLUSTERS;CBS_83582NED",
     "Industrial decarbonisation by the clusters' share of industrial ETS emissions (2022)."),
    ("ccs", "industry_clusters", "assumption", "NEA_EZK_CLUSTERS;CBS_83582NED",
     "CCS (Porthos, Aramis) captures the clusters' CO2; placed like industry (Rotterdam-Moerdijk largest)."),
    ("electrolysis", "industry_clusters", "assumption", "NEA_EZK_CLUSTERS;CBS_83582NED",
     "Electrolysers are planned at the industrial clusters and ports; placed like industry."),
]

SOURCES = [
    ("CBS_83582NED", "Banen van werknemers in december; economische activiteit (SBI2008), regio",
     "CBS", "2025", "https://opendata.cbs.nl/ODataApi/odata/83582NED", "CC BY 4.0"),
    ("CBS_85984NED", "Kerncijfers wijken en buurten 2024 (inwoners, woningvoorraad, oppervlakte land per gemeente)",
     "CBS", "2025", "https://opendata.cbs.nl/ODataApi/odata/85984NED", "CC BY 4.0"),
    ("CBS_GEBIEDEN_2025", "CBS Gebiedsindelingen 2025 (provincie, COROP, arbeidsmarktregio, RES-regio, gemeente)",
     "CBS / PDOK", "2025", "https://www.cbs.nl/nl-nl/dossier/nederland-regionaal/geografische-data", "CC BY 4.0"),
    ("CBS_86247NED", "Gebieden in Nederland 2026 (gemeente naar arbeidsmarktregio)",
     "CBS", "2026", "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/86247NED", "CC BY 4.0"),
    ("UWV_BESLUIT_2015", "Besluit werkgebieden UWV 2015, bijlage 3 (arbeidsmarktregio's per gemeente)",
     "UWV / Staatscourant", "2014", "https://wetten.overheid.nl/BWBR0036164", "public domain"),
    ("NPRES_2021", "Nationaal Programma RES: the 30 RES 1.0 together, 55 TWh ambition in 2030",
     "Nationaal Programma RES", "2021",
     "https://regionale-energiestrategie.nl/ga+de+res+gespreksassistent/ga+wat+is+de+res/default", ""),
    ("RES_REGIONS", "RES regions' own 2030 TWh offers (RES 1.0 or concept-RES), one page per region",
     "RES regions, provinces, municipalities, regional press", "2020-2022",
     "see res_targets.csv and data/raw/regional/res_targets_twh*.csv", ""),
    ("NEA_EZK_CLUSTERS", "Broeikasuitstoot per regionaal cluster (in %) binnen ETS, 2018-2022",
     "Ministerie van EZK, Bedrijvenbeleid in beeld (source table: Nederlandse Emissieautoriteit)", "2023",
     "https://www.bedrijvenbeleidinbeeld.nl/strategische-doelen/verduurzaming-van-het-nederlandse-bedrijfsleven/hoe-staat-nederland-ervoor",
     ""),
    ("GRID_LIANDER", "Liander Investeringsplan 2024: ruim 4 miljard euro in 2024-2026",
     "Liander (via BlikOpNieuws)", "2023", "https://www.blikopnieuws.nl/nieuws/300327/netbeheerders-gaan-fors-investeren.html", ""),
    ("GRID_ENEXIS", "Enexis Annual Report 2023: plan 2024-2026 EUR 3 bn expansion and about 1.5 bn maintenance",
     "Enexis", "2024", "https://publications.enexis.nl/annual-report/annual-report-2023/working-on-increasing-grid", ""),
    ("GRID_STEDIN", "Stedin investeert dit jaar bijna miljard in uitbreiding stroomnet (EUR 924 million in 2024)",
     "ANP via ZeelandNet", "2024", "https://www.zeelandnet.nl/nieuws/stedin-investeert-dit-jaar-bijna-miljard-in-uitbreiding-stroomnet", ""),
    ("OFFSHORE_LANDINGS", "Net op zee landing points and offshore wind base ports (Borssele, Maasvlakte, IJmuiden, Eemshaven)",
     "TenneT/NWEA, windopzee.nl, port news", "2020-2022", "see data/raw/regional/offshore_wind_landing_ports.csv", ""),
]


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def read_csv(name):
    with open(RAW / name, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def fmt(x, decimals):
    """Plain decimal, at most `decimals` decimals, no exponent, no trailing zeros."""
    if not math.isfinite(x):
        raise ValueError(f"non-finite number {x}")
    s = f"{x:.{decimals}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def shares_text(values, decimals=10):
    """Normalise to 1, round, and put the rounding residue on the largest share so
    the written numbers sum to 1 within 1e-9."""
    total = sum(values)
    if total <= 0:
        raise ValueError("cannot normalise an all-zero share vector")
    rounded = [round(v / total, decimals) for v in values]
    big = max(range(len(rounded)), key=lambda i: rounded[i])
    rounded[big] = round(rounded[big] + 1.0 - sum(rounded), decimals)
    return [fmt(v, decimals) for v in rounded]


class Writer:
    """Collects the output files in memory (for --check) and writes them."""

    def __init__(self):
        self.files = {}

    def csv(self, name, header, rows):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)
        self.files[name] = buf.getvalue()
        return len(rows)

    def text(self, name, text):
        self.files[name] = text


# ---------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------

def load():
    gm = {}
    for r in read_csv("gemeente_regions_2025_from_boundaries.csv"):
        gm[r["gemeente_code"]] = dict(name=r["gemeente_name"], province=r["province_code"],
                                      corop=r["corop_code"], arbeidsmarktregio=r["am_code"], res=r["res_code"])
    for r in read_csv("gemeente_weights_2024.csv"):
        gm[r["gemeente_code"]]["inhabitants"] = int(r["inwoners_1jan"])
    for r in read_csv("cbs85984ned_gemeente_woningvoorraad_land_2024.csv"):
        g = gm[r["gemeente_code"]]
        assert int(r["inwoners_1jan"]) == g["inhabitants"], r["gemeente_code"]
        g["dwellings"] = int(r["woningvoorraad_1jan"])
        g["land_ha"] = int(r["oppervlakte_land_ha"])
    assert len(gm) == 342 and all("dwellings" in g and "inhabitants" in g for g in gm.values())

    names = {s: {} for s in SETS}
    for r in read_csv("corop_regions.csv"):
        if r["corop_code"] == "CR99":
            continue
        names["corop"][r["corop_code"]] = r["corop_name"]
        names["province"][r["province_code"]] = r["province_name"]
    for r in read_csv("arbeidsmarktregio_codes_2025.csv"):
        names["arbeidsmarktregio"][r["am_code"]] = r["arbeidsmarktregio_name"]
    res_alias = {}
    for r in read_csv("res_regio_codes_2025.csv"):
        names["res"][r["res_code"]] = r["res_name_cbs_2025"]
        res_alias[r["res_regio"]] = r["res_code"]
    assert [len(names[s]) for s in SETS] == [40, 12, 35, 30]
    for g in gm.values():
        for s in SETS:
            assert g[s] in names[s], (s, g[s])

    jobs = {}  # (corop, sbi, year) -> thousands or None (suppressed)
    for r in read_csv("cbs83582ned_employee_jobs_corop_sbi_2010_2024.csv"):
        if r["corop_code"] == "CR99" or r["sbi_code"] == "A-U":
            continue
        v = r["employee_jobs_thousands"]
        jobs[(r["corop_code"], r["sbi_code"], int(r["year"]))] = float(v) if v else None
    assert len(jobs) == 40 * len(SBI) * len(YEARS)
    return gm, names, res_alias, jobs


# ---------------------------------------------------------------------------
# region sets and crosswalk
# ---------------------------------------------------------------------------

def crosswalk(gm, names):
    """xw[set][corop] = {region: share}: the inhabitants of the COROP region living in
    each region of the set (1 Jan 2024). Provinces nest exactly."""
    xw = {}
    for s in SETS[1:]:
        xw[s] = {}
        for c in names["corop"]:
            members = [g for g in gm.values() if g["corop"] == c]
            pop = sum(g["inhabitants"] for g in members)
            parts = {}
            for g in members:
                parts[g[s]] = parts.get(g[s], 0) + g["inhabitants"]
            xw[s][c] = {k: v / pop for k, v in sorted(parts.items())}
    for c, parts in xw["province"].items():
        assert len(parts) == 1, f"{c} spans provinces"
    return xw


def write_sets(w, names, xw):
    w.csv("region_sets.csv", ["set", "version", "name_nl", "name_en", "regions", "source_id", "description"], [
        ["corop", str(CLASSIFICATION_YEAR), "COROP-gebieden", "COROP regions", 40, "CBS_GEBIEDEN_2025",
         "The building block: every other set is reached through the COROP crosswalk."],
        ["province", str(CLASSIFICATION_YEAR), "Provincies", "Provinces", 12, "CBS_GEBIEDEN_2025",
         "COROP regions nest in provinces (exact crosswalk)."],
        ["arbeidsmarktregio", "2026", "Arbeidsmarktregio's", "Labour-market regions", 35, "CBS_86247NED;CBS_GEBIEDEN_2025",
         "The 35 regions of UWV and the regional mobility teams, CBS 2026 classification (same memberships as the 2025 boundaries); codes AMxx."],
        ["res", str(CLASSIFICATION_YEAR), "RES-regio's", "RES regions", 30, "CBS_GEBIEDEN_2025",
         "The 30 Regional Energy Strategy regions; codes ESxx."],
    ])
    rows = [[s, code, names[s][code]] for s in SETS for code in sorted(names[s])]
    w.csv("regions.csv", ["set", "code", "name"], rows)
    rows = []
    for s in SETS[1:]:
        for c in sorted(names["corop"]):
            parts = xw[s][c]
            texts = shares_text([parts[k] for k in parts])
            for (region, share), text in zip(parts.items(), texts):
                if len(parts) == 1:
                    q, src, why = "derived", "CBS_GEBIEDEN_2025", "all municipalities of the COROP region lie in this region"
                else:
                    q, src = "assumption", "CBS_85984NED;CBS_GEBIEDEN_2025"
                    why = ("split COROP region: share of its inhabitants (1 Jan 2024) living in this region; "
                           "jobs and keys are assumed to split like residents (no jobs per municipality); "
                           "measured error in MEASURED.md")
                rows.append([s, c, region, text, q, src, why])
    return w.csv("crosswalk.csv", ["set", "corop", "region", "share", "quality", "source_id", "reason"], rows)


# ---------------------------------------------------------------------------
# employment
# ---------------------------------------------------------------------------

def employment(names, xw, jobs):
    """emp[set][(region, sbi, year)] = (thousands or None, suppressed COROP cells)."""
    emp = {"corop": {}}
    for (c, g, y), v in jobs.items():
        emp["corop"][(c, g, y)] = (v, 0 if v is not None else 1)
    for s in SETS[1:]:
        acc = {}
        for (c, g, y), v in jobs.items():
            for region, share in xw[s][c].items():
                tot, supp = acc.get((region, g, y), (0.0, 0))
                if v is None:
                    acc[(region, g, y)] = (tot, supp + 1)
                else:
                    acc[(region, g, y)] = (tot + v * share, supp)
        emp[s] = {k: ((t if supp == 0 else None), supp) for k, (t, supp) in acc.items()}
    return emp


def write_employment(w, names, emp):
    rows = []
    for s in SETS:
        for region in sorted(names[s]):
            for g in SBI:
                for y in YEARS:
                    v, supp = emp[s][(region, g, y)]
                    rows.append([s, region, g, y, "" if v is None else fmt(v, 4), supp])
    return w.csv("employment.csv", ["set", "region", "sbi", "year", "jobs_thousands", "suppressed_cells"], rows)


# ---------------------------------------------------------------------------
# placement keys
# ---------------------------------------------------------------------------

def sum_by_corop(gm, field):
    out = {}
    for g in gm.values():
        out[g["corop"]] = out.get(g["corop"], 0) + g[field]
    return out


def key_industry(names, jobs):
    """Cluster shares of industrial ETS emissions (2022), each placed on its sites' COROP
    regions by the site weights of industry_cluster_sites.csv; cluster 6 (dispersed
    industry) over all 40 regions by their B-E employee jobs (2024)."""
    shares = {r["cluster_id"]: float(r["share_pct"]) for r in read_csv("industry_cluster_ets_shares.csv")
              if r["year"] == "2022"}
    sites = {}
    for r in read_csv("industry_cluster_sites.csv"):
        sites.setdefault(r["cluster_id"], []).append((r["corop_code"], float(r["weight"])))
    for cid, members in sites.items():
        assert abs(sum(w for _, w in members) - 1) < 1e-12, cid
        assert all(c in names["corop"] for c, _ in members), cid
    be = {c: jobs[(c, "B-E", BASE_YEAR)] for c in names["corop"]}
    sites["C6"] = [(c, be[c] / sum(be.values())) for c in sorted(names["corop"])]
    assert sorted(sites) == sorted(shares)
    total = sum(shares.values())
    key = {c: 0.0 for c in names["corop"]}
    detail = []
    for cid in sorted(shares):
        for c, weight in sites[cid]:
            part = shares[cid] / total * weight
            key[c] += part
            if cid != "C6":
                detail.append((cid, c, part))
    return key, shares, sites, detail


def key_res(gm, names, res_alias):
    """Each RES region's 2030 TWh (known for some; the rest of the national 55 TWh over
    the unknown regions by land area), spread within a RES region by land area."""
    known = {}
    for name in ("res_targets_twh.csv", "res_targets_twh_additions.csv"):
        for r in read_csv(name):
            code = r["res_code"]
            if code == "NL":
                continue
            assert code in names["res"] and code not in known, code
            known[code] = dict(twh=float(r["twh_2030"]), low=r.get("twh_low", ""), high=r.get("twh_high", ""),
                               stage=r["stage"], definition=r["definition"], file=name)
    land_res = {}
    for g in gm.values():
        land_res[g["res"]] = land_res.get(g["res"], 0) + g["land_ha"]
    k_sum = sum(v["twh"] for v in known.values())
    unknown = sorted(set(names["res"]) - set(known))
    rest = RES_NATIONAL_TWH - k_sum
    assert rest > 0, "known RES offers exceed the national total"
    unknown_land = sum(land_res[r] for r in unknown)
    twh = {r: v["twh"] for r, v in known.items()}
    for r in unknown:
        twh[r] = rest * land_res[r] / unknown_land
    res_share = {r: twh[r] / RES_NATIONAL_TWH for r in names["res"]}
    key = {c: 0.0 for c in names["corop"]}
    for g in gm.values():
        key[g["corop"]] += res_share[g["res"]] * g["land_ha"] / land_res[g["res"]]
    return key, known, unknown, res_share, k_sum, rest


def key_grid(gm, names):
    """Operators' yearly investment, each over the COROP regions of its provinces by
    housing stock."""
    dwell = sum_by_corop(gm, "dwellings")
    corop_prov = {}
    for g in gm.values():
        corop_prov[g["corop"]] = g["province"]
    total = sum(o[1] for o in GRID_OPERATORS)
    key = {c: 0.0 for c in names["corop"]}
    covered = set()
    for _, meur, _, provs in GRID_OPERATORS:
        members = [c for c in names["corop"] if corop_prov[c] in provs]
        d = sum(dwell[c] for c in members)
        for c in members:
            key[c] += meur / total * dwell[c] / d
        covered.update(provs)
    assert covered == set(names["province"])
    return key


def keys(gm, names, res_alias, jobs):
    out = {}
    out["housing_stock"] = sum_by_corop(gm, "dwellings")
    out["population"] = sum_by_corop(gm, "inhabitants")
    ind, cl_shares, cl_corops, cl_detail = key_industry(names, jobs)
    out["industry_clusters"] = ind
    res, known, unknown, res_share, k_sum, rest = key_res(gm, names, res_alias)
    out["res_twh"] = res
    out["grid_operators"] = key_grid(gm, names)
    off = {c: 0.0 for c in names["corop"]}
    for c, s, _ in OFFSHORE_PORTS:
        off[c] = s
    out["offshore_ports"] = off
    extra = dict(cl_shares=cl_shares, cl_corops=cl_corops, cl_detail=cl_detail, res_known=known,
                 res_unknown=unknown, res_share=res_share, res_k_sum=k_sum, res_rest=rest)
    return out, extra


def write_keys(w, names, k, extra):
    n_known = len(extra["res_known"])
    defs = [
        ("housing_stock", "Woningvoorraad / housing stock", "derived", "CBS_85984NED",
         "Dwellings on 1 January 2024 per municipality (CBS 85984NED Woningvoorraad_35), summed per COROP region."),
        ("population", "Inwoners / population", "derived", "CBS_85984NED",
         "Inhabitants on 1 January 2024 per municipality, summed per COROP region (a reference key)."),
        ("industry_clusters", "Industrieclusters / industrial clusters", "derived",
         "NEA_EZK_CLUSTERS;CBS_83582NED",
         "Share of industrial ETS emissions 2022 per cluster (Rotterdam-Moerdijk 36, Noordzeekanaalgebied 18, "
         "Zeeland-West-Brabant 14, Noord-Nederland 12, Chemelot 6, cluster 6 15 percent; normalised from 101); "
         "within a cluster over its sites' COROP regions (weights from NEa site emissions where found, else a "
         "stated judgement; data/raw/regional/industry_cluster_sites.csv); cluster 6 over all regions by B-E jobs 2024."),
        ("res_twh", "RES 2030 TWh", "derived", "NPRES_2021;RES_REGIONS;CBS_85984NED",
         f"Each RES region's published 2030 TWh / the national 55 TWh ({n_known} of 30 regions known, stages and "
         f"definitions differ, see res_targets.csv); the remaining {fmt(extra['res_rest'], 2)} TWh over the "
         f"{30 - n_known} unknown regions by land area (stated national key, not an estimate of their offers); "
         f"within a RES region by municipal land area."),
        ("grid_operators", "Netbeheerders / grid operators", "derived",
         "GRID_LIANDER;GRID_ENEXIS;GRID_STEDIN;CBS_85984NED",
         "Yearly investment of Liander (1,333), Enexis (1,500) and Stedin (924 MEUR), each over its main service "
         "provinces, within them by housing stock; smaller DSOs and TenneT's onshore HV work follow the same key."),
        ("offshore_ports", "Havens en aanlandpunten wind op zee / offshore wind ports and landing points", "assumption",
         "OFFSHORE_LANDINGS",
         "The dataset's province split for offshore wind (measure_regions.csv: Noord-Holland 0.3, Zuid-Holland 0.3, "
         "Zeeland 0.2, Groningen 0.2) placed on the port and landing COROP regions (Den Helder and IJmond 0.15 each)."),
    ]
    w.csv("keys.csv", ["key", "name", "quality", "source_id", "reason"], [list(d) for d in defs])
    rows = []
    for key, *_ in defs:
        corops = sorted(names["corop"])
        texts = shares_text([k[key][c] for c in corops])
        rows.extend([key, c, t] for c, t in zip(corops, texts))
    w.csv("key_shares.csv", ["key", "corop", "share"], rows)
    w.csv("measure_keys.csv", ["measure", "key", "quality", "source_id", "reason"], [list(m) for m in MEASURE_KEYS])


def write_res_targets(w, names, extra):
    known = extra["res_known"]
    rows = []
    for code in sorted(names["res"]):
        if code in known:
            v = known[code]
            src = "NPRES_2021;RES_REGIONS"
            rows.append([code, fmt(v["twh"], 3), v["low"], v["high"], "known", v["stage"], v["definition"], src])
        else:
            rows.append([code, "", "", "", "unknown", "", "no published 2030 TWh found; not estimated", ""])
    w.csv("res_targets.csv", ["res", "twh_2030", "twh_low", "twh_high", "status", "stage", "definition",
                              "source_id"], rows)


def write_sources(w):
    w.csv("sources.csv", ["source_id", "title", "publisher", "year", "url", "license"], [list(s) for s in SOURCES])


# ---------------------------------------------------------------------------
# measured errors and hot spots (MEASURED.md)
# ---------------------------------------------------------------------------

def split_error(gm, names, jobs):
    """Population as a proxy for where jobs are: split each province's 2024 jobs over
    its COROP regions by inhabitants and compare with the observed COROP jobs."""
    pop = sum_by_corop(gm, "inhabitants")
    prov_of = {g["corop"]: g["province"] for g in gm.values()}
    rows = []
    for g in SBI + ["total"]:
        abs_err = 0.0
        obs_sum = 0.0
        rels = []
        for p in sorted(names["province"]):
            members = [c for c in names["corop"] if prov_of[c] == p]
            if len(members) < 2:
                continue
            def obs(c):
                if g == "total":
                    return sum(jobs[(c, s, BASE_YEAR)] for s in SBI)
                return jobs[(c, g, BASE_YEAR)]
            p_jobs = sum(obs(c) for c in members)
            p_pop = sum(pop[c] for c in members)
            for c in members:
                pred = p_jobs * pop[c] / p_pop
                e = pred - obs(c)
                abs_err += abs(e)
                obs_sum += obs(c)
                if obs(c):
                    rels.append(abs(e / obs(c)))
        rels.sort()
        median = (rels[len(rels) // 2] + rels[(len(rels) - 1) // 2]) / 2
        rows.append((g, abs_err / (2 * obs_sum), median))
    return rows


def exposure(names, xw, jobs):
    """Share of each region's 2024 jobs that the split could misplace: for every split
    COROP region, the smaller of the region's part and the rest of that COROP region."""
    out = {}
    for s in ("arbeidsmarktregio", "res"):
        tot, exposed = {}, {}
        nat_split = 0.0
        nat = 0.0
        for c in names["corop"]:
            cj = sum(jobs[(c, g, BASE_YEAR)] for g in SBI)
            nat += cj
            parts = xw[s][c]
            if len(parts) > 1:
                nat_split += cj
            for r, sh in parts.items():
                tot[r] = tot.get(r, 0) + cj * sh
                if len(parts) > 1:
                    exposed[r] = exposed.get(r, 0) + cj * min(sh, 1 - sh)
        n_split = sum(1 for c in names["corop"] if len(xw[s][c]) > 1)
        out[s] = dict(n_split=n_split, nat_share=nat_split / nat,
                      regions={r: exposed.get(r, 0) / tot[r] for r in tot})
    return out


def res_round_trip(names, xw, k, extra):
    """The RES key goes RES -> COROP (land area) -> RES (population crosswalk); the
    difference with the direct RES shares is the crosswalk's error for this key."""
    back = {r: 0.0 for r in names["res"]}
    for c in names["corop"]:
        for r, sh in xw["res"][c].items():
            back[r] += k["res_twh"][c] * sh
    direct = extra["res_share"]
    diffs = {r: back[r] - direct[r] for r in names["res"]}
    return sum(abs(d) for d in diffs.values()) / 2, diffs, back


def province_shares(names, key):
    prov = {}
    for c, v in key.items():
        prov[c] = v
    return prov


def measured(names, gm, xw, jobs, k, extra, emp):
    prov_of = {g["corop"]: g["province"] for g in gm.values()}
    lines = ["# Measured figures of data/regions (generated by tools/build_regions.py; do not edit)", ""]
    lines += ["## 1. How well inhabitants stand in for jobs (the split method)", "",
              "Test: each province's employee jobs (December 2024) split over its COROP regions by inhabitants "
              "(1 January 2024), compared with the observed COROP jobs (CBS 83582NED). Misallocated = "
              "sum |predicted - observed| / (2 x observed total): the share of jobs placed in the wrong COROP "
              "region. Provinces with a single COROP region (Utrecht, Flevoland) are left out.", "",
              "| SBI group | misallocated | median abs. relative error per COROP region |", "|---|---|---|"]
    errors = split_error(gm, names, jobs)
    for g, mis, median in errors:
        lines.append(f"| {g} | {mis * 100:.1f}% | {median * 100:.0f}% |")
    total_median = errors[-1][2]
    lines += ["", "Reconstructing provinces from COROP regions through the crosswalk is exact (COROP regions nest in "
              "provinces); the builder checks the province sums against the derived province file to the last digit.", ""]
    ex = exposure(names, xw, jobs)
    lines += ["## 2. Where the split matters (exposure)", ""]
    for s in ("arbeidsmarktregio", "res"):
        e = ex[s]
        lines.append(f"- {s}: {e['n_split']} COROP regions are split; they hold {e['nat_share'] * 100:.1f}% of "
                     f"national employee jobs 2024. Exposed share of a region's jobs (the smaller of its part and "
                     f"the rest, summed over its split COROP regions) and the error it implies at the median "
                     f"relative error of section 1 ({total_median * 100:.0f}%), largest first:")
        top = sorted(e["regions"].items(), key=lambda kv: -kv[1])[:10]
        lines.append("  " + "; ".join(f"{r} {names[s][r]} {v * 100:.0f}% (~{v * total_median * 100:.1f}%)"
                                      for r, v in top))
        n_whole = sum(1 for v in e["regions"].values() if v == 0)
        lines.append(f"  {n_whole} of {len(e['regions'])} regions are unions of whole COROP regions (exact).")
    lines += ["", "A region's jobs are exact where it is a union of whole COROP regions. Where it takes part of a "
              "split COROP region, the error is bounded by the exposed share and is of the order of the exposed "
              "share times the relative error of a population-predicted part (section 1).", ""]
    mis, diffs, _ = res_round_trip(names, xw, k, extra)
    worst = sorted(diffs.items(), key=lambda kv: -abs(kv[1]))[:5]
    lines += ["## 3. Round trip of the RES key through COROP regions", "",
              f"RES shares -> COROP (land area) -> RES (inhabitants' crosswalk): {mis * 100:.1f}% of the key lands "
              "in another RES region. Largest differences (percentage points of the national key): "
              + "; ".join(f"{r} {names['res'][r]} {d * 100:+.2f}" for r, d in worst) + ".", ""]
    lines += ["## 4. RES 2030 TWh used by the key", "",
              f"Known: {len(extra['res_known'])} of 30 regions, together {fmt(extra['res_k_sum'], 2)} TWh; "
              f"national frame {fmt(RES_NATIONAL_TWH, 0)} TWh (NP RES, RES 1.0); remaining "
              f"{fmt(extra['res_rest'], 2)} TWh over the unknown regions by land area: "
              + ", ".join(f"{r} {names['res'][r]}" for r in extra["res_unknown"]) + ".", ""]
    lines += ["## 5. Keys by province (share of the national key) against the province's share of jobs", "",
              "Location quotient = key share / share of all employee jobs 2024. Above 1: the measures placed by "
              "this key weigh more on the province than its size.", ""]
    prov_jobs = {}
    for c in names["corop"]:
        p = prov_of[c]
        prov_jobs[p] = prov_jobs.get(p, 0) + sum(jobs[(c, g, BASE_YEAR)] for g in SBI)
    nat = sum(prov_jobs.values())
    keylist = ["industry_clusters", "res_twh", "grid_operators", "housing_stock", "offshore_ports"]
    lines.append("| province | jobs share | " + " | ".join(keylist) + " |")
    lines.append("|---|---|" + "---|" * len(keylist))
    for p in sorted(names["province"]):
        js = prov_jobs[p] / nat
        cells = []
        for key in keylist:
            ks = sum(v for c, v in k[key].items() if prov_of[c] == p)
            cells.append(f"{ks * 100:.1f}% ({ks / js:.2f})")
        lines.append(f"| {p} {names['province'][p]} | {js * 100:.1f}% | " + " | ".join(cells) + " |")
    lines += ["", "## 6. Industry key: the clusters' regions", "",
              "| cluster | COROP region | share of the national key |", "|---|---|---|"]
    for cid, c, part in extra["cl_detail"]:
        lines.append(f"| {cid} | {c} {names['corop'][c]} | {part * 100:.2f}% |")
    lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# checks and main
# ---------------------------------------------------------------------------

def check(names, xw, emp, k):
    for s in SETS[1:]:
        for c, parts in xw[s].items():
            assert abs(sum(parts.values()) - 1) < 1e-12, (s, c)
    for key, vals in k.items():
        total = sum(vals.values())
        assert abs(total - 1) < 1e-9 or key in ("housing_stock", "population"), (key, total)
    # Every set's regions add up to the national total (COROP sum) per group and year.
    for g in SBI:
        for y in YEARS:
            nat = emp["corop"]
            vals = [nat[(c, g, y)][0] for c in names["corop"]]
            if any(v is None for v in vals):
                continue
            n = sum(vals)
            for s in SETS[1:]:
                t = sum(emp[s][(r, g, y)][0] for r in names[s])
                assert abs(t - n) < 1e-9, (s, g, y, t, n)
    # Provinces through the crosswalk = the derived province file (2024).
    for r in read_csv("cbs83582ned_employee_jobs_province_sbi_2024_derived.csv"):
        if r["sbi_code"] == "A-U":
            continue
        v = emp["province"][(r["province_code"], r["sbi_code"], 2024)][0]
        assert abs(v - float(r["employee_jobs_thousands_sum_of_corop"])) < 1e-9, r


def check_geo(names):
    """When the map boundaries are in the repository (data/geo/, copied by the site's
    branch), every region code of our sets must be a statcode there and vice versa.
    Returns the mismatches (printed; the build does not depend on the map)."""
    import json
    geo = ROOT / "data" / "geo"
    if not geo.is_dir():
        return None
    prefix = {"CR": "corop", "PV": "province", "AM": "arbeidsmarktregio", "ES": "res"}
    found = {s: set() for s in prefix.values()}
    for path in sorted(geo.glob("*.topojson")):
        topo = json.loads(path.read_text(encoding="utf-8"))
        for obj in topo.get("objects", {}).values():
            for g in obj.get("geometries", []):
                code = str(g.get("properties", {}).get("statcode", ""))
                if code[:2] in prefix:
                    found[prefix[code[:2]]].add(code)
    out = []
    for s, codes in found.items():
        if codes and codes != set(names[s]):
            out.append(f"{s}: only in data/geo {sorted(codes - set(names[s]))}, "
                       f"only here {sorted(set(names[s]) - codes)}")
    return out


def manifest(files):
    out = [f'edition = "{EDITION}"', 'title = "krapte region sets, crosswalks, regional employment and placement keys"',
           f"classification_year = {CLASSIFICATION_YEAR}", f"base_year = {BASE_YEAR}", ""]
    desc = {
        "sources.csv": "Sources cited by source_id in this folder",
        "region_sets.csv": "The four region sets with version and description",
        "regions.csv": "Code list of every set (CBS codes CRxx, PVxx, AMxx, ESxx) with Dutch names",
        "crosswalk.csv": "COROP region to province, arbeidsmarktregio and RES region (shares)",
        "employment.csv": "Employee jobs (thousands, December) by SBI group, region and year 2010-2024",
        "keys.csv": "Placement keys: name, quality, source and method",
        "key_shares.csv": "Share of each placement key per COROP region (each key sums to 1)",
        "measure_keys.csv": "Which placement key places which measure of the built-in dataset",
        "res_targets.csv": "RES regions' 2030 TWh as published (unknown where not found)",
    }
    for name in ["sources.csv", "region_sets.csv", "regions.csv", "crosswalk.csv", "employment.csv", "keys.csv",
                 "key_shares.csv", "measure_keys.csv", "res_targets.csv"]:
        assert name in files
        out += ["[[file]]", f'name = "{name}"', f'description = "{desc[name]}"', ""]
    return "\n".join(out)


def build():
    gm, names, res_alias, jobs = load()
    xw = crosswalk(gm, names)
    emp = employment(names, xw, jobs)
    k, extra = keys(gm, names, res_alias, jobs)
    for key in ("housing_stock", "population"):
        t = sum(k[key].values())
        k[key] = {c: v / t for c, v in k[key].items()}
    check(names, xw, emp, k)
    w = Writer()
    write_sources(w)
    write_sets(w, names, xw)
    write_employment(w, names, emp)
    write_keys(w, names, k, extra)
    write_res_targets(w, names, extra)
    w.text("manifest.toml", manifest(w.files))
    w.text("MEASURED.md", measured(names, gm, xw, jobs, k, extra, emp))
    return w.files


def main():
    files = build()
    mismatches = check_geo(load()[1])
    if mismatches:
        print("region codes differ from the map boundaries in data/geo: " + "; ".join(mismatches))
        sys.exit(1)
    if "--check" in sys.argv[1:]:
        bad = [n for n, t in sorted(files.items())
               if not (OUT / n).is_file() or (OUT / n).read_text(encoding="utf-8") != t]
        if bad:
            print("data/regions is not what tools/build_regions.py builds: " + ", ".join(bad))
            sys.exit(1)
        print(f"data/regions: {len(files)} files as built")
        return
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(files.items()):
        with open(OUT / name, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    print(f"wrote {len(files)} files to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
