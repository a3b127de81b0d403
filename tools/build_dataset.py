#!/usr/bin/env python3
"""Build the krapte built-in dataset (data/default/) from the raw copies in data/raw/.

Usage:  python3 tools/build_dataset.py

* Reads ONLY data/raw/** (copies of /work/shared/data, see data/raw/*/PROVENANCE.md).
* Writes data/default/*.csv and data/default/manifest.toml following docs/DATA.md.
* Deterministic: no randomness, no clock, sorted iteration everywhere.
* Python 3.11 standard library only.

Every number is either read from a raw file (quality sourced / derived / estimate)
or set in one of the clearly marked ASSUMPTION blocks below, each with a range and
a one-line reason that is written into the output. data/default/PROVENANCE.md
explains the method per file.

At the end the self-check in tools/check_dataset.py is run on the output.
"""

import csv
import math
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
OUT = ROOT / "data" / "default"

EDITION = "2026.12-1"
BASE_YEAR = 2024
IO_YEAR = 2014

# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------


def read_csv(rel):
    """Read a raw CSV file (path relative to data/raw) into a list of dicts."""
    with open(RAW / rel, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def fmt(x, sig=8):
    """Format a number as a plain decimal (no exponent, no thousands separator)
    rounded to `sig` significant digits; DATA.md forbids other number forms."""
    if x == 0 or not math.isfinite(x):
        return "0"
    e = math.floor(math.log10(abs(x)))
    decimals = max(0, sig - 1 - e)
    s = f"{x:.{decimals}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def shares_to_text(values, sig=8):
    """Round shares to `sig` significant digits and re-normalise AFTER rounding so
    that the written numbers sum to 1 within ~1e-10 (the contract allows 1e-6).
    The rounding residue goes to the largest element, where it is relatively
    negligible. Returns the formatted strings in input order."""
    total = sum(values)
    if total <= 0:
        raise ValueError("cannot normalise an all-zero share vector")
    rounded = [float(fmt(v / total, sig)) for v in values]
    big = max(range(len(rounded)), key=lambda i: rounded[i])
    rounded[big] += 1.0 - sum(rounded)
    out = [fmt(v, sig) for v in rounded]
    out[big] = fmt(rounded[big], 12)
    return out


def write_csv(name, header, rows):
    """Write one output CSV (UTF-8, comma, '\\n' line ends, header row)."""
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)
    return len(rows)


# NACE section of a WIOD industry code. R_S spans two sections.
def nace_sections(code):
    """Return the NACE sections a WIOD industry belongs to (R_S -> R and S)."""
    if code == "R_S":
        return ["R", "S"]
    return [code[0]]


# CBS 83582NED section groups (used by region_shares.csv), keyed by NACE section.
SECTION_TO_REGION_GROUP = {
    "A": "A", "B": "B-E", "C": "B-E", "D": "B-E", "E": "B-E", "F": "F",
    "G": "G-I", "H": "G-I", "I": "G-I", "J": "J", "K": "K", "L": "L",
    "M": "M-N", "N": "M-N", "O": "O-Q", "P": "O-Q", "Q": "O-Q",
    "R": "R-U", "S": "R-U", "T": "R-U", "U": "R-U",
}

FD_COLUMNS = ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"]  # final demand excl. EXP

# ---------------------------------------------------------------------------
# sources.csv
# ---------------------------------------------------------------------------

# Datasets used by the builder that are not in scenarios/sources.csv. Facts from
# data/raw/*/PROVENANCE.md.
EXTRA_SOURCES = [
    # issue 21: what a job-year of the bottom-up sources is, and what it covers
    ("CBS_UITZEND_2017", "CBS analysis of the Dutch temporary-agency market 2005-2017: ~725,000 agency jobs in 2016; "
     "between 2.5% and 3.5% of the labour force works as an agency worker",
     "CBS (reported by WERQ)", "2017",
     "https://www.werq.nl/werq-nieuws/onderzoek-cbs-bijdrage-uitzendbranche-aan-nederlandse-economie-blijft-groot/",
     "CBS figures CC BY 4.0; news page cited for the facts only"),
    ("CBS_2016_TECH_EDU", "Minder dan de helft van de technisch geschoolden heeft een technisch beroep (CBS maatwerk for EZK, "
     "2016): 844,000 technically educated, 575,000 not and ~68,000 unknown of ~1.49 million in technical occupations",
     "CBS (reported by nu.nl)", "2017", "http://www.nu.nl/carriere/4795443/slechts-helft-van-techneuten-werkt-in-techniek.html",
     "CBS figures CC BY 4.0; news page cited for the facts only (shared/data/policy/evidence.csv)"),
    ("CBS_2014_TECH_EDU", "3 op de 5 technisch geschoolden hebben technisch beroep: 1.5 million employed in technical "
     "occupations in 2014, of whom 'ruim de helft' technically educated",
     "CBS", "2015", "https://www.cbs.nl/nl-nl/nieuws/2015/25/3-op-de-5-technisch-geschoolden-hebben-technisch-beroep",
     "CC BY 4.0"),
    ("OCW_DOORSTROOM_2022", "Doorstroom naar technische beroepen (Monitor Techniekpact data, 2022): of the labour force "
     "with a technical education, men 57.5% in a technical occupation and 40.0% in another, women 34.0% and 60.9%",
     "OCW in cijfers", "2023",
     "https://www.ocwincijfers.nl/begroten-en-verantwoorden/emancipatie/onderwijs--en-beroepssegregatie/doorstroom-naar-technische-beroepen",
     "Dutch government publication; facts cited"),
    ("CBS_JEUGDMONITOR_2023", "Vier keer zoveel mannen als vrouwen onder jonge technici (Landelijke Jeugdmonitor): 609k "
     "young workers with a technical education in 2022 (484k men, 125k women); 65% of the men and 43% of the women "
     "work in a technical occupation",
     "CBS", "2023", "https://jeugdmonitor.cbs.nl/publicatie/vier-keer-zoveel-mannen-als-vrouwen-onder-jonge-technici",
     "CC BY 4.0"),
    ("NREL_JEDI_RESULTS", "Interpreting JEDI results: on-site labour (labour only, no materials), supply chain and induced "
     "results; all jobs are full-time equivalents for one year (one person half-time for a year = 0.5 job); a US "
     "full-time year is 40 h x 52 weeks = 2,080 h",
     "National Renewable Energy Laboratory (NREL)", "n.d.",
     "https://www.nrel.gov/analysis/jedi/results.html ; http://www.nrel.gov/analysis/jedi/results.html",
     "US government work; facts cited"),
    ("WIOD2016_NIOT", "WIOD 2016 release, National Input-Output Table Netherlands (NLD_NIOT_nov16), 2014",
     "World Input-Output Database / University of Groningen (GGDC)", "2016",
     "https://www.rug.nl/ggdc/valuechain/wiod/ (doi:10.34894/PJ2M1C); copy via davidqo1231/Energy-intensity:Data/NIOT/NLD_NIOT_nov16.csv@1f406e6",
     "Free to use with citation (Timmer et al. 2015, Review of International Economics 23:575-605)"),
    ("EUKLEMS2017", "EU KLEMS Growth and Productivity Accounts, September 2017 release (July 2018 revision), Basic Tables NL (NL_output_17ii.xlsx)",
     "EU KLEMS consortium (The Conference Board / wiiw)", "2018",
     "http://www.euklems.net; copy via erikmnielsen/Speciale-oecon:Data/NL_output_17ii.xlsx@ed76bce",
     "Free of charge for research use with citation (Jaeger 2017); no explicit open-data licence"),
    ("ECB_EXR_2014", "Euro foreign exchange reference rates, USD per EUR, annual average 2014 (1.3285, as quoted in data/raw/io/PROVENANCE.md)",
     "European Central Bank", "2015",
     "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/eurofxref-graph-usd.en.html",
     "ECB statistics, reuse with acknowledgement"),
    ("EUROSTAT_LFSA_EISN2", "Employment by sex, age, NACE Rev.2 section and ISCO-08 major group (lfsa_eisn2), NL 2022",
     "Eurostat", "2023",
     "https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0/data/lfsa_eisn2?geo=NL&sex=T&age=Y_GE15&unit=THS_PER&time=2022",
     "Reuse with acknowledgement (Commission Decision 2011/833/EU)"),
    ("EUROSTAT_LFSA_EGAI2D", "Employment by sex, age and ISCO-08 sub-major group (lfsa_egai2d), NL 2022",
     "Eurostat", "2023",
     "https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0/data/lfsa_egai2d?geo=NL&sex=T&age=Y_GE15&unit=THS_PER&time=2022",
     "Reuse with acknowledgement (Commission Decision 2011/833/EU)"),
    ("CBS_SCHAKELSCHEMA_ISCO_BRC", "Schakelschema ISCO2008 - BRC2014 (sheet BRC 2014 variabelen)",
     "CBS", "2015",
     "https://www.cbs.nl/-/media/imported/onze-diensten/methoden/classificaties/documents/2015/09/schakelschema-isco2008-brc2014.xls",
     "CC BY 4.0"),
    ("CBS_85276NED_2025Q4", "Werkzame beroepsbevolking; beroep (85276NED, 2025KW04/2024KW04) and Werknemers; uurloon en beroep (85517NED, 2024)",
     "CBS", "2026",
     "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/85276NED; copy via bitboxx/jobmarket:site/data.json@e31d5b0",
     "CC BY 4.0"),
    ("CBS_83582NED", "Banen van werknemers in december; economische activiteit (SBI2008), regio (83582NED), 2024, COROP summed to provinces",
     "CBS", "2025",
     "https://opendata.cbs.nl/ODataApi/odata/83582NED; copy via Jpmartinslag/neural-temporal-relational-model@5978b8b",
     "CC BY 4.0"),
    ("ROA_AIS2030_ED2026", "Arbeidsmarktinformatiesysteem (AIS) tot 2030, editie 2026, beroepsgroep Nederland",
     "ROA, Maastricht University", "2026",
     "https://dataverse.nl/api/access/datafile/674144 (doi:10.34894/DVQTOG)",
     "CC BY 4.0"),
    ("EUROSTAT_ISOC_SKS_ITSPT", "ICT specialists in employment (isoc_sks_itspt), NL 2014-2024, thousands and % of employment",
     "Eurostat", "2025",
     "https://ec.europa.eu/eurostat/databrowser/view/isoc_sks_itspt/default/table?lang=en; copy via r-kouki/european-labor-market-r@57842d4",
     "Reuse with acknowledgement (Commission Decision 2011/833/EU)"),
    # supply side (supply_occupations, supply_parameters, education_pipeline, enrolment); facts from
    # data/raw/labour/PROVENANCE.md and data/raw/education/PROVENANCE.md
    ("DUO_MBO_DEELNEMERS_2015_2019", "Deelnemers mbo per instelling, plaats, kenniscentrum, sector, bedrijfstak, type mbo, opleiding, niveau en geslacht 2015-2019 (file 03), summed to national totals",
     "DUO (Open Onderwijsdata)", "2019",
     "https://duo.nl/open_onderwijsdata/images/03-deelnemers-per-instelling-plaats-kenniscentrum-sector-bedrijfstak-type-mbo-opleiding-niveau-geslacht-2015-2019.csv; copy via rmania/tekkieworden@8c34d5a",
     "Dutch government open data, attribution DUO"),
    ("DUO_HO_2015_2019", "Eerstejaars ingeschrevenen hbo/wo domein (03b, 2015-2019) and gediplomeerden hbo/wo (05, diplomajaar 2014-2018), by CROHO onderdeel and programme, national sums",
     "DUO (Open Onderwijsdata, 1 cijfer HO)", "2019",
     "https://duo.nl/open_onderwijsdata/ ; copies via rmania/tekkieworden@144974010a2e / @33d0cf453df1",
     "Dutch government open data, attribution DUO"),
    ("DUO_HBO_P01_P04_2019_2024", "p02ho1ejrs eerstejaars HO (hbo, 2020-2024) and p04hogdipl gediplomeerden hbo (2019-2023), by CROHO onderdeel and programme, national sums",
     "DUO (Open Onderwijsdata)", "2025",
     "https://onderwijsdata.duo.nl/dataset/p02ho1ejrs ; https://onderwijsdata.duo.nl/dataset/p04hogdipl ; copy via ALeemans/ai-dimensional-modal-agent@15e637f",
     "CC BY (per the carrier's inventory), attribution DUO"),
    ("TECHNIEKPACT_MONITOR_MBO", "Monitor Techniekpact, mbo: instroom beta/techniek by level (domain-based definition, 2006/07 and 2016/17)",
     "Techniekpact (data DUO/CBS maatwerk)", "2018",
     "https://www.techniekpactmonitor.nl/mbo", "Terms not checked; figures cited"),
    ("CBS_85357NED", "Mbo; gediplomeerden, niveau, leerweg, herkomst (85357NED): diplomas by level 2011/12 and 2024/25",
     "CBS (quoted in cedanl/cbs-onderwijsdata@2c70568)", "2026",
     "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/85357NED", "CC BY 4.0"),
    ("VHTO_INSTROOM", "VHTO cijfers: instroom beta/techniek mbo, hbo, wo with share of women (2012/13-2019/20)",
     "VHTO", "2020", "https://www.vhto.nl/kennis/cijfers/", "Third-party site; facts cited, terms not checked"),
    ("OCW_MBO_SECTORKAMER", "OCW in cijfers: instroom aandeel studenten per SBB-sectorkamer, mbo, 2017-2022",
     "Ministerie van OCW", "2023",
     "https://www.ocwincijfers.nl/begroten-en-verantwoorden/middelbaar-beroepsonderwijs/subdoel-kansrijke-studiekeuze/instroom-aandeel-studenten-in-opleidingen-die-opleiden-voor-het-oplossen-van-maatschappelijke-uitdagingen",
     "Dutch government publication; reuse terms not checked"),
    ("SEED_001", "Kamerbrief on progress of the Actieplan Groene en Digitale Banen (project seed document 001): vmbo year-3 pupils with a technical profile 19% (2021) -> 20.3% (2023)",
     "Ministers EZK, SZW, OCW", "2024", "shared/seeds/001_02751d9ad0621568.txt (via shared/data/policy/policy_facts.csv)",
     "Dutch government publication (public sector information)"),
    ("SEED_002", "Kamerbrief: analysis of shortages of technicians and ICT workers for the climate and digital transitions (project seed document 002); quotes CBS maatwerk 2022: 5.6% of women and 2.9% of men in technical occupations switch to non-technical ones a year",
     "Ministers EZK, SZW, OCW", "2022", "shared/seeds/002_a75020c25b18ce95.txt (via shared/data/policy/policy_facts.csv); CBS maatwerk https://www.cbs.nl/nl-nl/maatwerk/2022/21/arbeidsdeelname-van-technici-van-15-tot-75-jaar-2013-2021",
     "Dutch government publication (public sector information); CBS figures CC BY 4.0"),
    # doorrekening step 2 (levers.csv, campaigns.csv): the other seed documents, via data/raw/policy/
    ("SEED_000", "Bijlage 1: uitwerking toezegging doorrekening Actieplan Groene en Digitale Banen en motie landelijke wervingscampagne (project seed document 000): campaign options side-entrants / pupils and students / parents; average campaign ~EUR 1 million a year for ~3 years; childcare campaign reached over 5 million, ~150,000 site visitors, 82,000 vacancy searches; Alliander campaign +87% applications",
     "Rijksoverheid (annex to a Kamerbrief; ministries EZK, SZW, OCW)", "n.d. (~2024)",
     "shared/seeds/000_b1b3ec8cfb819226.txt (via shared/data/policy/action_plan_measures.csv)",
     "Dutch government publication (public sector information)"),
    ("SEED_003", "Actieplan Groene en Digitale Banen: tientallen acties om tekort in techniek op te lossen (news item, 7 February 2023; project seed document 003): the plan's measures per pillar; Aanvalsplan Techniek: branches invest EUR 500 million over 10 years and the cabinet doubles it",
     "news site (publisher not named in the stored copy), quoting the Kamerbrief and Techniek Nederland", "2023",
     "shared/seeds/003_daff72c4c784c346.txt (via shared/data/policy/action_plan_measures.csv)",
     "news/third-party page; facts cited, text not copied"),
    ("SEED_004", "Antwoord op Kamervragen over klimaatbanen (2022Z04736, ah-tk-20212022-2957, 2 June 2022; project seed document 004): EUR 60 million extra for municipalities in 2022, ECPB EUR 3.8 million 2020-2023, STAP and the retraining scheme for ICT and technology",
     "Ministers EZK, KenE, OCW, SZW", "2022",
     "https://zoek.officielebekendmakingen.nl/ah-tk-20212022-2957.html ; shared/seeds/004_9dee4453858aaa5a.txt",
     "Dutch government publication (public sector information)"),
    ("CBS_AGEING_2023", "Werkende bevolking vergrijst verder (CBS, reported by ANP): 27% of the employed aged 55-75 in 2023",
     "CBS (reported by ANP)", "2024", "https://www.zeelandnet.nl/nieuws/werkende-bevolking-vergrijst-verder-vooral-in-limburg",
     "CBS figures CC BY 4.0; news page cited for the facts only"),
    ("ROA_R_2021_5", "De arbeidsmarkt naar opleiding en beroep tot 2026 (ROA-R-2021/5): ~1.6 million school-leavers 2021-2026 (figure as quoted in the krapte project brief; the report is not in the shared data)",
     "ROA, Maastricht University", "2021", "https://www.roa.nl/files/roar20215anob2026pdf (cited in seed 002)",
     "Publisher page; figure cited"),
    ("CBS_PRODUCTIVITY_2024", "Arbeidsproductiviteit groeit steeds minder hard (CBS 125-year publication, reported by ANP, Aug 2024): 0.4%/yr last ten years, 1.5%/yr 1974-2013",
     "CBS (reported by ANP)", "2024",
     "https://www.welingelichtekringen.nl/economie/nederlandse-arbeidsproductiviteit-groeit-steeds-minder-hard",
     "CBS figures CC BY 4.0; news page cited for the facts only"),
]


# Sources of the base-year activity (base_year_activity.csv), the base-year shortage
# (base_year_shortage.csv) and the evidence status of levers, campaigns and supply parameters
# (issue 18 data, issue 21 item 2). Facts in data/raw/scenarios/base_year_activity.csv,
# data/raw/labour/uwv_open_vacancies_technical_ict.csv and data/raw/policy/evidence*.csv.
BASE_YEAR_SOURCES = [
    ("CBS_HE_2023_WIND", "Hernieuwbare energie in Nederland 2023, hoofdstuk 4 Windenergie: opgesteld vermogen op land en op zee",
     "CBS", "2024", "https://www.cbs.nl/nl-nl/longread/rapportages/2024/hernieuwbare-energie-in-nederland-2023/4-windenergie",
     "CC BY 4.0"),
    ("RVO_WIND_2023", "Monitor windenergie op land in Nederland: resultaten 2023 (771 MW built, 6,816 MW in total, 1,292 MW in development)",
     "RVO", "2024", "https://www.rvo.nl/onderwerpen/windenergie-op-land/monitor-wind", "Dutch government publication"),
    ("OED_2023_HKN", "Hollandse Kust Noord offshore wind farm starts operating (759 MW, 20 December 2023)",
     "Offshore Engineer (OE Digital)", "2023",
     "https://www.oedigital.com/news/510283-hollandse-kust-noord-offshore-wind-farm-starts-operating",
     "news page; facts cited"),
    ("DEVAID_2025_WOZ", "The Netherlands set to expand offshore energy (offshore wind in operation: 4.5 GW)",
     "DevelopmentAid", "2025", "https://www.developmentaid.org/news-stream/post/192836/netherlands-offshore-energy",
     "news page; facts cited"),
    ("CBS_SOLAR_2023", "CBS: Nederland installeerde vorig jaar 4.304 megawattpiek zonnepanelen (23,904 MWp end of 2023)",
     "Solar Magazine (CBS figures)", "2024",
     "https://solarmagazine.nl/nieuws-zonne-energie/i36833/cbs-nederland-installeerde-vorig-jaar-4-304-megawattpiek-zonnepanelen",
     "CBS figures CC BY 4.0; news page cited for the facts"),
    ("CBS_SOLAR_2024", "Zonvermogen per woning piekt in oosten (CBS: 28.6 GWp panel capacity end of 2024; new panels 70% at businesses, 30% at homes)",
     "Binnenlands Bestuur (CBS figures)", "2025",
     "https://www.binnenlandsbestuur.nl/ruimte-en-milieu/zonvermogen-per-woning-piekt-in-oosten",
     "CBS figures CC BY 4.0; news page cited for the facts"),
    ("DNER_HP_2024", "Vraag warmtepompen zakt in (Dutch New Energy Research, Nationaal Warmtepomp Trendrapport 2025): 98,000 household heat pumps in 2024",
     "ANP / Dutch New Energy Research", "2024",
     "https://www.welingelichtekringen.nl/economie/vraag-warmtepompen-zakt-in-door-lagere-gasprijs-en-kabinetsbeleid",
     "news page; facts cited"),
    ("DNER_HP_2025", "Veel minder warmtepompen verkocht in 2024 (Dutch New Energy Research): ~125,000 sold in 2024",
     "ANP / Dutch New Energy Research", "2025",
     "https://www.welingelichtekringen.nl/economie/veel-minder-warmtepompen-verkocht-in-2024-dit-jaar-herstel",
     "news page; facts cited"),
    ("VW_HP_2026", "Vereniging Warmtepompen: 126,000 residential heat pumps delivered in 2025, 13% more than in 2024",
     "Hart van Nederland (Vereniging Warmtepompen)", "2026",
     "https://www.hartvannederland.nl/politiek/beleid/artikelen/noord-holland-naarden-energie-warmtepomp",
     "news page; facts cited"),
    ("DNER_HP_TREND_2024", "Het warmtepompmomentum zet door (Nationaal Warmtepomp Trendrapport 2024): 58,000 hybrid of 167,000 residential heat pumps in 2023",
     "Warmte365 / Dutch New Energy Research", "2023",
     "https://www.warmte365.nl/nieuws/het-warmtepompmomentum-zet-door-maar-randstad-en-flevoland-blijven-achter-65A8B5AC.html",
     "trade press; facts cited"),
    ("H2_2023_HH1", "Hollandse Kust Noord produces first power (Shell's 200 MW electrolyser under construction in Rotterdam)",
     "H2 news (Reuters report)", "2023", "http://hh2hydrogen.com/index-564.html", "news page; facts cited"),
    ("ALLIANDER_2024", "Alliander kan verwachtingen klanten steeds minder vaak waarmaken (2024 investment almost EUR 1.8 billion)",
     "ANP", "2025", "https://www.welingelichtekringen.nl/economie/alliander-kan-verwachtingen-klanten-steeds-minder-vaak-waarmaken",
     "news page; facts cited"),
    ("ENEXIS_AR_2023", "Enexis Annual Report 2023, Expansion of our grid (EUR 1,214 million invested in 2023); 2025: EUR 1.9 billion (ANP, March 2026)",
     "Enexis; ANP", "2024",
     "https://publications.enexis.nl/annual-report/annual-report-2023/working-on-increasing-grid-capacity/expansion-of-our-grid ; https://www.welingelichtekringen.nl/economie/recordinvestering-enexis-in-stroomnet-capaciteit-blijft-krap",
     "company report; facts cited"),
    ("STEDIN_2023", "Stedin investeert fors meer om stijgende energievraag (plan 2023 EUR 825 million; 2022 EUR 719 million)",
     "nieuws.nl (Stedin press release)", "2023",
     "https://nieuws.nl/economie/20230131/stedin-investeert-fors-meer-om-stijgende-energievraag/", "news page; facts cited"),
    ("LIANDER_IP_2022", "Definitieve investeringsplannen netbeheerders (Liander IP 2022: EUR 3.1 bn electricity, 357 million gas, 142 million other)",
     "Solar Magazine", "2022",
     "https://solarmagazine.nl/nieuws-zonne-energie/i26933/definitieve-investeringsplannen-netbeheerders-liander-stedin-en-enexis-investeren-miljarden-in-stroomnet",
     "trade press; facts cited"),
    ("TENNET_2023", "TenneT: nog enige tijd kritieke situatie op overvol stroomnet (2023: EUR 7.7 bn invested, ~3 bn in the Netherlands)",
     "nieuws.nl (ANP)", "2024", "https://nieuws.nl/economie/20240311/tennet-nog-enige-tijd-kritieke-situatie-op-overvol-stroomnet/",
     "news page; facts cited"),
    ("TENNET_H1_2024", "TenneT increased investment in grid expansion with 30% in H1 2024 (EUR 4.6 bn against 3.5 bn)",
     "Windpower Netherlands", "2024", "https://windpowernl.com/2024/07/26/tennet-increased-investment-in-grid-expansion-with-30-h1-2024/",
     "trade press; facts cited"),
    ("RIJKSOVERHEID_ISDE_2023", "Subsidieregeling voor verduurzaming woningen en gebouwen opnieuw open met verhoogd budget (over 200,000 homeowners applied for ISDE in 2023)",
     "Rijksoverheid", "2023",
     "https://www.rijksoverheid.nl/actueel/nieuws/2023/12/11/subsidieregeling-voor-verduurzaming-woningen-en-gebouwen-opnieuw-open-met-verhoogd-budget",
     "Dutch government publication"),
    ("NAL_2024", "Forse groei infrastructuur: 30% meer laadpunten (NAL voortgangsrapportage: 674,000 charging points, April 2024)",
     "EVrijders (NAL)", "2024", "https://www.evrijders.nl/nieuws/forse-groei-laadpunten", "news page; facts cited"),
    ("NAL_2025", "Aantal laadpalen met kwart gestegen maar stagnatie dreigt (NAL: public points +1,600 a month in 2024)",
     "Reformatorisch Dagblad (ANP)", "2025", "https://www.rd.nl/artikel/1107733-aantal-laadpalen-met-kwart-gestegen-maar-stagnatie-dreigt",
     "news page; facts cited"),
    ("WARMTEALLIANTIE_2025", "Overheid moet meer investeren om warmtenetten betaalbaar te maken (Warmte Alliantie: ~15,000 new connections a year)",
     "NH Nieuws", "2025", "https://www.nhnieuws.nl/nieuws/n174134/overheid-moet-meer-investeren-om-warmtenetten-betaalbaar-te-maken",
     "news page; facts cited"),
    ("PORTHOS_2024", "Groot CO2-opslagproject Porthos gestart met eerste boring (EUR 1.3 bn, construction 2024-2026)",
     "nieuws.nl (ANP)", "2024", "https://nieuws.nl/economie/20240413/groot-co2-opslagproject-porthos-gestart-met-eerste-boring-2/",
     "news page; facts cited"),
    ("TECHNIEKPACT_2024", "Monitor Techniekpact, Arbeidsvraag en -tekorten (update 27 June 2024): open technical vacancies by ISCO skill level, 2016Q1 and 2023Q4 (UWV data)",
     "Techniekpact (UWV data)", "2024", "https://www.techniekpact.nl/monitor-techniekpact/monitor/arbeidsvraag-en-tekorten",
     "facts cited"),
    ("EZ_2025_DIGITALE_BANEN", "Kabinet gaat door met actieplan voor 1 miljoen ict'ers (progress letter of minister Karremans: open vacancies 2024Q4 technical 75,600, digital 22,700; early 2016 29,200 and 13,300)",
     "Security.nl (quoting the Kamerbrief)", "2025",
     "https://www.security.nl/posting/894822/Kabinet+gaat+door+met+actieplan+voor+1+miljoen+ict%27ers+in+2030?channel=rss",
     "news page quoting a government letter; facts cited"),
    ("UWV_HARD_TO_FILL", "UWV werkgeversonderzoek: 58% of vacancies hard to fill (2022); construction >75%, industry and ICT ~60% (2021); 63% of ICT vacancies (2021)",
     "UWV (via Accountancy van Morgen, de Volkskrant, Nederlands Dagblad)", "2022-2023",
     "https://www.accountancyvanmorgen.nl/2023/02/06/bijna-zes-op-tien-vacatures-moeilijk-te-vervullen/ ; https://www.volkskrant.nl/economie/uwv-werkgevers-verwachten-problemen-bij-vinden-personeel~b990eb2b/ ; https://www.nd.nl/nieuws/economie/1123489/ict-ers-moeilijk-te-vinden",
     "news pages; facts cited"),
]


def build_sources():
    """sources.csv = the shared scenario sources (columns mapped to the contract)
    plus the datasets this builder reads. Returns the set of valid ids."""
    rows = []
    for r in read_csv("scenarios/sources.csv"):
        rows.append([r["source_id"], r["title"], r["publisher"], r["year"],
                     r["url_or_repo_path"], r["license_or_terms"]])
    have = {r[0] for r in rows}
    for s in EXTRA_SOURCES + BASE_YEAR_SOURCES:
        if s[0] not in have:
            rows.append(list(s))
    rows.sort(key=lambda r: r[0])
    write_csv("sources.csv", ["source_id", "title", "publisher", "year", "url", "license"], rows)
    return {r[0] for r in rows}


# ---------------------------------------------------------------------------
# parameters.csv
# ---------------------------------------------------------------------------


def implied_exchange_rates(wiod, klems):
    """WIOD gross output (MUSD) / EU KLEMS gross output (MEUR) per KLEMS group, 2014.
    The spread of this ratio over groups is our range for USD/EUR."""
    conc = {r["wiod_code"]: r["euklems_code"] for r in read_csv("io/concordance_wiod56_to_euklems2017.csv")}
    go_usd = {}
    for code, go in wiod["go"].items():
        go_usd[conc[code]] = go_usd.get(conc[code], 0.0) + go
    ratios = {}
    for g, usd in sorted(go_usd.items()):
        eur = klems.get(("GO", g))
        if usd > 0 and eur:
            ratios[g] = usd / eur
    total = sum(wiod["go"].values()) / klems[("GO", "TOT")]
    return ratios, total


def build_parameters(wiod, klems):
    """parameters.csv: the four scalar parameters of docs/DATA.md."""
    ratios, total = implied_exchange_rates(wiod, klems)
    lo, hi = min(ratios.values()), max(ratios.values())
    prod = {r["period"]: float(r["value"]) / 100.0 for r in read_csv("labour/monitor_facts_additions.csv")
            if r["topic"] == "labour_productivity"}
    rows = [
        # ASSUMPTION: hours per fte.
        ["fte_hours_per_year", "hours/fte", "1450", "1600", "1750", "assumption", "",
         "No fte-hours figure in the shared data; a Dutch full-time job is 36-40 h/week minus leave and holidays "
         "(~1,450-1,750 h/yr); 1,600 central. (EU KLEMS 2014 hours per person engaged = 1,429, part-time heavy.)"],
        ["io_currency_per_eur", "USD/EUR", fmt(lo, 4), "1.3285", fmt(hi, 4), "derived",
         "ECB_EXR_2014;WIOD2016_NIOT;EUKLEMS2017",
         f"Central = ECB 2014 average rate; range = min/max over EU KLEMS groups of WIOD GO (MUSD) / KLEMS GO (MEUR) 2014 "
         f"(total ratio {fmt(total, 4)})."],
        # ASSUMPTION: no deflator in the shared data.
        ["price_index_base_vs_io", "index", "1.22", "1.3", "1.38", "assumption", "",
         "No deflator in the shared data; Dutch prices rose roughly 30% 2014-2024 (CPI/GDP deflator order of magnitude); "
         "investment-goods and construction prices may differ by several points either way."],
        ["productivity_growth", "1/yr", "0", fmt(prod["2014-2023"]), fmt(prod["1974-2013"]), "sourced",
         "CBS_PRODUCTIVITY_2024",
         "Central = CBS whole-economy labour-productivity growth 0.4%/yr 2014-2023; high = 1.5%/yr 1974-2013 average; "
         "low 0 (assumption: stagnation as in several recent years)."],
    ]
    write_csv("parameters.csv", ["id", "unit", "low", "central", "high", "quality", "source_id", "reason"], rows)
    return {"fte_hours": 1600.0, "rate_range": (lo, hi)}


# ---------------------------------------------------------------------------
# IO table: sectors.csv and io_domestic.csv
# ---------------------------------------------------------------------------


def load_wiod():
    """Read the WIOD NLD NIOT 2014 and return industry list, names, domestic
    block, gross output and the final-demand sums needed for import shares."""
    rows = read_csv("io/wiod2016_nld_niot_2014.csv")
    codes = [r["row_code"] for r in rows if r["origin"] == "Domestic"]
    names = {r["code"]: r["description"] for r in read_csv("io/wiod2016_industries.csv")}
    dom = {r["row_code"]: r for r in rows if r["origin"] == "Domestic"}
    imp = {r["row_code"]: r for r in rows if r["origin"] == "Imports"}
    block = {(i, j): float(dom[i][j]) for i in codes for j in codes}
    go = {c: float(dom[c]["GO"]) for c in codes}
    fd_dom = {c: sum(float(dom[c][k]) for k in FD_COLUMNS) for c in codes}
    fd_imp = {c: sum(float(imp[c][k]) for k in FD_COLUMNS) for c in codes}
    return {"codes": codes, "names": names, "block": block, "go": go, "fd_dom": fd_dom, "fd_imp": fd_imp}


def load_klems():
    """EU KLEMS 2014 values keyed by (variable, code)."""
    return {(r["variable"], r["code"]): float(r["value"])
            for r in read_csv("io/euklems2017_nl_emp_hemp_go_2014.csv") if r["value"] != ""}


def sector_hours(wiod, klems):
    """Hours worked per WIOD industry: EU KLEMS 2014 H_EMP (thousand hours) of the
    industry's KLEMS group, split over the group's WIOD industries in proportion to
    WIOD gross output (no finer hours data exist). Returns hours and whether split."""
    conc = {r["wiod_code"]: r["euklems_code"] for r in read_csv("io/concordance_wiod56_to_euklems2017.csv")}
    members = {}
    for c in wiod["codes"]:
        members.setdefault(conc[c], []).append(c)
    hours, split, group = {}, {}, {}
    for g, cs in members.items():
        h_group = klems[("H_EMP", g)] * 1000.0  # thousand hours -> hours
        go_group = sum(wiod["go"][c] for c in cs)
        for c in cs:
            # WHY: T (households as employers) has zero output in WIOD, so it gets no hours
            # even though KLEMS has 24.9 M hours for T; otherwise its fte per euro is infinite.
            hours[c] = h_group * wiod["go"][c] / go_group if go_group > 0 else 0.0
            split[c] = len(cs) > 1
            group[c] = g
    return hours, split, group


def build_io(wiod, klems):
    """sectors.csv and io_domestic.csv."""
    hours, split, group = sector_hours(wiod, klems)
    rows = []
    import_share = {}
    for c in wiod["codes"]:
        d, m = wiod["fd_dom"][c], wiod["fd_imp"][c]
        share = m / (d + m) if (d + m) > 0 else 0.0
        share = min(1.0, max(0.0, share))  # clamp: negative inventory changes can push it out of [0,1]
        import_share[c] = share
        rg = SECTION_TO_REGION_GROUP[nace_sections(c)[0]]
        if c == "T":
            q, reason = "derived", ("WIOD T has zero output, so hours set to 0 (KLEMS T 24.9 M h dropped). "
                                    "import_share = Imports/(Domestic+Imports) final demand excl. exports.")
        elif split[c]:
            q = "estimate"
            reason = (f"GO: WIOD 2014 domestic output. hours: KLEMS 2014 H_EMP of group {group[c]} split over its WIOD "
                      f"industries by WIOD GO. import_share = Imports/(Domestic+Imports) of CONS_h+CONS_np+CONS_g+GFCF+INVEN.")
        else:
            q = "derived"
            reason = (f"GO: WIOD 2014 domestic output. hours: KLEMS 2014 H_EMP of group {group[c]} (1:1). "
                      f"import_share = Imports/(Domestic+Imports) of CONS_h+CONS_np+CONS_g+GFCF+INVEN.")
        rows.append([c, wiod["names"].get(c, c), rg, fmt(wiod["go"][c], 10), fmt(hours[c], 10), fmt(share, 8),
                     q, "WIOD2016_NIOT;EUKLEMS2017", reason])
    write_csv("sectors.csv", ["code", "name", "region_group", "gross_output", "hours_worked", "import_share",
                              "quality", "source_id", "reason"], rows)
    io_rows = [[i, j, fmt(v, 10)] for i in wiod["codes"] for j in wiod["codes"]
               if (v := wiod["block"][(i, j)]) != 0]
    write_csv("io_domestic.csv", ["from", "to", "value"], io_rows)
    return hours, import_share


# ---------------------------------------------------------------------------
# regions.csv and region_shares.csv
# ---------------------------------------------------------------------------

PROVINCES = [("PV20", "Groningen"), ("PV21", "Fryslân"), ("PV22", "Drenthe"), ("PV23", "Overijssel"),
             ("PV24", "Flevoland"), ("PV25", "Gelderland"), ("PV26", "Utrecht"), ("PV27", "Noord-Holland"),
             ("PV28", "Zuid-Holland"), ("PV29", "Zeeland"), ("PV30", "Noord-Brabant"), ("PV31", "Limburg")]
REGION_GROUPS = ["A", "B-E", "F", "G-I", "J", "K", "L", "M-N", "O-Q", "R-U"]


def build_regions():
    """regions.csv (12 provinces) and region_shares.csv (province share of each SBI
    group's 2024 employee jobs; COROP sums, so quality derived)."""
    write_csv("regions.csv", ["code", "name"], [list(p) for p in PROVINCES])
    data = {}
    supp = {}
    for r in read_csv("regional/cbs83582ned_employee_jobs_province_sbi_2024_derived.csv"):
        v = r["employee_jobs_thousands_sum_of_corop"]
        data[(r["sbi_code"], r["province_code"])] = float(v) if v else 0.0
        supp[(r["sbi_code"], r["province_code"])] = int(r["n_corop_cells_suppressed"] or 0)
    rows = []
    for g in REGION_GROUPS:
        vals = [data[(g, p)] for p, _ in PROVINCES]
        n_supp = sum(supp[(g, p)] for p, _ in PROVINCES)
        note = "no suppressed COROP cells" if n_supp == 0 else f"{n_supp} suppressed COROP cells (undercount)"
        for (p, _), s in zip(PROVINCES, shares_to_text(vals)):
            rows.append([g, p, s, "derived", "CBS_83582NED",
                         f"Employee jobs Dec 2024 (provisional), sum of COROP regions per province (CR99 excluded) / "
                         f"national sum; {note}."])
    write_csv("region_shares.csv", ["region_group", "region", "share", "quality", "source_id", "reason"], rows)


# ---------------------------------------------------------------------------
# occupations.csv
# ---------------------------------------------------------------------------


def load_occupations():
    """The 114 BRC 2014 groups with 2025Q4 employment and high-education share."""
    occ = []
    for r in read_csv("labour/cbs_85276NED_85517NED_beroepsgroep_2025q4.csv"):
        occ.append({"code": r["brc_group_code"], "name": r["brc_group_name"],
                    "emp": float(r["employed_persons_2025q4"]),
                    "high": float(r["share_high_education_2025q4"])})
    occ.sort(key=lambda o: o["code"])
    return occ


def build_occupations(occ):
    """occupations.csv: employed persons 2025Q4 (nearest available to base year 2024)."""
    rows = [[o["code"], o["name"], fmt(o["emp"], 10), "sourced", "CBS_85276NED_2025Q4",
             "Employed labour force 2025Q4 (CBS 85276NED); nearest period available to base year 2024."]
            for o in occ]
    write_csv("occupations.csv", ["code", "name", "employed_persons", "quality", "source_id", "reason"], rows)


# ---------------------------------------------------------------------------
# occupation_shares.csv: IPF estimate
# ---------------------------------------------------------------------------

SECTIONS = list("ABCDEFGHIJKLMNOPQRSTU")
MAJORS = [f"OC{d}" for d in range(10)]

# ASSUMPTION: Eurostat suppresses cells below its reliability limit (smallest
# published NL value is 1.5 thousand). Suppressed cells are filled with half that
# limit, 0.75 thousand, so that e.g. operators in mining (B) are not forced to zero.
SUPPRESSED_FILL = 0.75

# ASSUMPTION: ties in the ISCO-major majority vote.
MAJOR_TIES = {"1112": "OC5"}  # Koks: 3434 chefs vs 5120 cooks (1:1); cooks are the bulk.
# 1311 "beroep onbekend" collects z.n.d. codes from every major group; it is kept
# out of the IPF and spread over all sectors at its national share.
UNKNOWN_OCC = "1311"

# ASSUMPTION: prior affinity of each BRC group for NACE sections (seed of the IPF).
# Home sections get the weight given; all other sections get DEFAULT_W (1) for kind "g"
# (found in every kind of firm), SPECIFIC_W (0.01) for kind "s" (tied to one kind of
# employer: care, teaching, police, military, pilots, farmers, hairdressers; this keeps
# care workers out of construction, DESIGN.md section 10), and HOME_W (0.2) for kind "h":
# clerical and service groups that every firm may have a few of but whose work is
# concentrated in their home sections (receptionists and customer service in call centres,
# health care and hotels; cleaners in cleaning firms; cooks and waiters in hotels and
# restaurants; shop staff in retail; security guards in security firms). Issue 21: with
# weight 1 everywhere, receptionists were 3.6% of construction (twice their national share)
# and the 7th occupation of climate demand. Every clerical (04) and service (11) group has
# home sections; the plausibility test is the top-15 check of `krapte validate`.
DEFAULT_W, SPECIFIC_W, HOME_W = 1.0, 0.01, 0.2
PRIOR = {
    # 01 pedagogical
    "0111": ("s", {"P": 10}), "0112": ("s", {"P": 10}), "0113": ("s", {"P": 10}), "0114": ("s", {"P": 10}),
    "0115": ("g", {"P": 10}), "0121": ("g", {"R": 10, "P": 3}), "0131": ("s", {"Q": 10, "P": 10}),
    # 02 creative
    "0211": ("g", {"R": 10}), "0212": ("g", {"J": 10, "M": 3}), "0213": ("g", {"J": 10}),
    "0214": ("g", {"R": 10}), "0215": ("g", {"R": 10}), "0221": ("g", {"M": 5, "J": 5, "C": 3}),
    "0222": ("g", {"M": 5}),
    # 03 commercial
    "0311": ("g", {"G": 5, "J": 5, "M": 5, "K": 5, "C": 3}),
    "0321": ("g", {"G": 5, "C": 3}), "0331": ("h", {"G": 10}), "0332": ("h", {"G": 10}),
    "0333": ("h", {"G": 10}), "0334": ("h", {"N": 10, "G": 5, "J": 3, "K": 3}),
    # 04 business/administrative
    "0411": ("g", {"M": 5}), "0412": ("g", {"K": 5, "M": 3}), "0413": ("g", {"M": 10, "O": 5, "K": 5, "J": 3, "Q": 3}),
    "0414": ("g", {"O": 10}), "0415": ("g", {"N": 3}),
    "0421": ("g", {"M": 10, "K": 5, "O": 3}), "0422": ("g", {"N": 10, "K": 5, "L": 5, "M": 3}),
    "0423": ("g", {"O": 3, "K": 3, "M": 3, "Q": 3, "P": 3}),
    "0431": ("g", {"O": 5, "K": 5, "Q": 3, "N": 3, "M": 3, "P": 3}), "0432": ("g", {"M": 5, "O": 5, "Q": 5, "P": 3}),
    "0433": ("h", {"N": 10, "Q": 10, "I": 10, "K": 5, "O": 5, "G": 5, "J": 5, "S": 5, "P": 3, "R": 3, "H": 3}),
    "0434": ("g", {"M": 10, "K": 5, "O": 3}), "0435": ("g", {"H": 10, "G": 5}),
    # 05 managers
    "0522": ("g", {"G": 5}), "0531": ("g", {"C": 10, "F": 10, "B": 5, "D": 5, "E": 5}),
    "0532": ("g", {"H": 10, "G": 5}), "0533": ("g", {"J": 10}), "0534": ("s", {"Q": 10}),
    "0535": ("s", {"P": 10}), "0541": ("h", {"I": 10}), "0542": ("h", {"G": 10}), "0543": ("h", {"S": 5, "N": 5, "R": 3}),
    "0511": ("g", {}), "0521": ("g", {"M": 5, "N": 5, "K": 5, "O": 3}), "0536": ("g", {"Q": 5, "P": 3, "O": 3, "M": 3}),
    # 06 public administration, security, legal
    "0611": ("s", {"O": 10}), "0612": ("s", {"O": 10}), "0621": ("g", {"M": 10, "O": 5, "K": 3}),
    "0631": ("s", {"O": 10}), "0632": ("s", {"O": 10}), "0633": ("h", {"N": 10, "O": 3}), "0634": ("s", {"O": 10}),
    # 07 technical
    "0711": ("g", {"M": 10, "C": 5, "Q": 3, "P": 3, "O": 3}),
    "0712": ("g", {"M": 10, "C": 10, "D": 5, "F": 5, "B": 5, "E": 3}),
    "0713": ("g", {"C": 10, "D": 10, "M": 10, "F": 3, "J": 3}),
    "0714": ("g", {"M": 10, "F": 3, "O": 3}),
    "0721": ("g", {"F": 10, "C": 10, "M": 10, "D": 10, "B": 5, "E": 5}),
    "0722": ("g", {"C": 10, "F": 10, "B": 5, "D": 5, "E": 5}),
    "0723": ("g", {"C": 10, "D": 10, "B": 10, "E": 5}),
    "0731": ("g", {"F": 10, "L": 2}), "0732": ("g", {"F": 10, "C": 3}), "0733": ("g", {"F": 10}),
    "0734": ("g", {"F": 10, "C": 3, "D": 3, "B": 3}), "0735": ("g", {"F": 10, "C": 3}),
    "0741": ("g", {"C": 10, "F": 5, "B": 3, "D": 3}), "0742": ("g", {"C": 10, "F": 3}),
    "0743": ("g", {"G": 10, "H": 3}),
    "0744": ("g", {"C": 10, "D": 5, "G": 3, "F": 3, "B": 3, "E": 3, "H": 3, "A": 3}),
    "0751": ("g", {"C": 10, "G": 10}), "0752": ("g", {"C": 10, "G": 5, "I": 3}), "0753": ("g", {"C": 10}),
    "0754": ("g", {"C": 10, "S": 3, "G": 3}), "0755": ("g", {"C": 10, "J": 3}),
    "0761": ("g", {"F": 10, "C": 10, "D": 10, "G": 3, "J": 3, "B": 3, "E": 3, "H": 3}),
    "0771": ("g", {"C": 10, "B": 3, "D": 3, "E": 3}), "0772": ("g", {"C": 10}),
    "0781": ("g", {"F": 10, "C": 10, "N": 5, "B": 3, "E": 3}),
    # 08 ICT
    "0811": ("g", {"J": 10, "K": 3, "M": 3, "O": 3}), "0812": ("g", {"J": 10, "K": 3, "M": 3, "O": 3}),
    "0821": ("g", {"J": 10, "K": 3, "M": 3, "O": 3}), "0822": ("g", {"J": 10, "R": 3, "C": 3}),
    # 09 agriculture
    "0911": ("s", {"A": 10}), "0912": ("g", {"A": 10, "N": 10, "O": 3}), "0913": ("s", {"A": 10}),
    "0921": ("g", {"A": 10, "N": 3}),
    # 10 care and welfare
    "1011": ("s", {"Q": 10}), "1012": ("s", {"Q": 10}), "1013": ("s", {"Q": 10}),
    "1021": ("s", {"Q": 10, "O": 5}), "1022": ("s", {"Q": 10, "M": 3, "P": 3, "O": 3}),
    "1031": ("g", {"Q": 10, "C": 5, "M": 5, "P": 3}), "1032": ("s", {"Q": 10, "G": 10}),
    "1033": ("s", {"Q": 10}), "1034": ("s", {"Q": 10}), "1035": ("s", {"Q": 10}),
    "1041": ("s", {"Q": 10, "O": 5}), "1051": ("s", {"Q": 10}),
    # 11 services
    "1111": ("h", {"N": 10, "H": 5}), "1112": ("h", {"I": 10, "Q": 2}), "1113": ("h", {"I": 10}),
    "1114": ("s", {"S": 10}), "1115": ("h", {"N": 5, "P": 5, "L": 5, "Q": 3, "O": 3}), "1116": ("h", {"S": 10, "R": 3}),
    "1121": ("h", {"N": 10, "Q": 3, "P": 3, "I": 3, "O": 3}), "1122": ("h", {"I": 10, "Q": 3}),
    # 12 transport and logistics
    "1211": ("s", {"H": 10}), "1212": ("g", {"H": 10}), "1213": ("s", {"H": 10}),
    "1214": ("g", {"H": 10, "G": 3, "F": 3, "C": 3}), "1215": ("g", {"F": 10, "H": 5, "A": 5, "C": 3, "B": 3}),
    "1221": ("g", {"H": 10, "G": 10, "N": 5}), "1222": ("h", {"E": 10, "H": 10}),
}

# ASSUMPTION: M71 (architecture & engineering, technical testing) is more technical
# than section M as a whole. Engineers, architects and technicians make up this share
# of M71 employment (range 0.40-0.60); the other M industries lose the same persons so
# that section M as a whole still matches the Eurostat/CBS margins.
M71_TECH_GROUPS = ["0712", "0713", "0714", "0721"]
M71_TECH_SHARE = 0.50
M71_TECH_RANGE = (0.40, 0.60)

IPF_ITERATIONS = 50

# Temporary-agency work (issue 21). The input-output table and EU KLEMS count agency workers in
# section N (SBI 78): N has 6.9% of all hours worked in 2014. The labour force survey behind
# lfsa_eisn2 records them mostly in the industry they work in (N is 4.6% of employed persons in
# 2022, and its occupations are cleaners, security guards, call-centre staff and gardeners). So
# demand that reaches N through the input-output path would land in N's own occupations, while the
# agency part of it is work done in the buying firms. DERIVED: CBS counts 2.5-3.5% of the labour
# force as agency workers (CBS 2017, via WERQ); at average hours that is 0.030 x all hours / N's
# hours of N's labour (range from 2.5% and 3.5%). That part of N gets the occupation mix of N's
# domestic customers (their purchases of N in the 2014 table), the rest N's own fitted mix.
AGENCY_SHARE_OF_LABOUR_FORCE = (0.025, 0.030, 0.035)
AGENCY_SRC = "CBS_UITZEND_2017"


def isco_major_of_brc():
    """Map each BRC group to an ISCO major group by majority vote over the first digit
    of its ISCO-08 unit codes in the CBS schakelschema. Returns map and vote details."""
    votes = {}
    for r in read_csv("labour/cbs_schakelschema_isco2008_brc2014.csv"):
        votes.setdefault(r["brc_group"], {}).setdefault(r["isco08_unit"][0], 0)
        votes[r["brc_group"]][r["isco08_unit"][0]] += 1
    major, ties = {}, {}
    for b, v in sorted(votes.items()):
        best = max(v.values())
        top = sorted(d for d, n in v.items() if n == best)
        if len(top) > 1:
            ties[b] = top
            major[b] = MAJOR_TIES[b] if b in MAJOR_TIES else f"OC{top[0]}"
        else:
            major[b] = f"OC{top[0]}"
    return major, ties


def load_eisn2():
    """Eurostat lfsa_eisn2 NL 2022, thousand persons, section x ISCO major;
    suppressed cells filled with SUPPRESSED_FILL. Returns matrix and list of fills."""
    m, filled = {}, []
    for r in read_csv("labour/eurostat_lfsa_eisn2_nl_2022_nace_isco.csv"):
        v = r["employed_x1000_2022"]
        if v == "":
            filled.append((r["nace_r2_section"], r["isco08_major_group"]))
            m[(r["nace_r2_section"], r["isco08_major_group"])] = SUPPRESSED_FILL
        else:
            m[(r["nace_r2_section"], r["isco08_major_group"])] = float(v)
    return m, filled


def prior_weight(b, s):
    """Seed weight of BRC group b in NACE section s (see PRIOR)."""
    kind, home = PRIOR.get(b, ("g", {}))
    if s in home:
        return float(home[s])
    return {"s": SPECIFIC_W, "h": HOME_W}.get(kind, DEFAULT_W)


def ipf(seed, row_targets, col_targets, iterations):
    """Classic iterative proportional fitting (RAS) of a dense matrix given as
    dict[(row, col)] so that row sums and column sums match the targets."""
    x = dict(seed)
    rows = sorted(row_targets)
    cols = sorted(col_targets)
    for _ in range(iterations):
        for r in rows:
            s = sum(x[(r, c)] for c in cols)
            f = row_targets[r] / s if s > 0 else 0.0
            for c in cols:
                x[(r, c)] *= f
        for c in cols:
            s = sum(x[(r, c)] for r in rows)
            f = col_targets[c] / s if s > 0 else 0.0
            for r in rows:
                x[(r, c)] *= f
    # residual of the row margins (columns are exact after the last step)
    err = max(abs(sum(x[(r, c)] for c in cols) - row_targets[r]) / max(row_targets[r], 1e-12) for r in rows)
    return x, err


def estimate_section_occupations(occ):
    """Section x BRC employment matrix (thousand persons, 2022 scale) by IPF, one fit
    per ISCO major group. Returns shares per section and diagnostics."""
    major, ties = isco_major_of_brc()
    eis, filled = load_eisn2()
    emp = {o["code"]: o["emp"] for o in occ if o["code"] != UNKNOWN_OCC}
    section_occ = {s: {} for s in SECTIONS}
    diag = {"ties": ties, "filled": filled, "ipf_err": {}}
    for m in MAJORS:
        groups = sorted(b for b in emp if major[b] == m)
        row_t = {s: eis[(s, m)] for s in SECTIONS}
        total = sum(row_t.values())
        if not groups:
            continue
        # WHY scale: CBS 2025Q4 persons and Eurostat 2022 totals differ in year and
        # definitions; only the BRC distribution within the major is used.
        cbs_total = sum(emp[b] for b in groups)
        col_t = {b: emp[b] / 1000.0 * total / (cbs_total / 1000.0) for b in groups}
        seed = {(s, b): prior_weight(b, s) for s in SECTIONS for b in groups}
        x, err = ipf(seed, row_t, col_t, IPF_ITERATIONS)
        diag["ipf_err"][m] = err
        for (s, b), v in x.items():
            section_occ[s][b] = v
    diag["major"] = major
    return section_occ, diag


def agency_share_of_n(hours):
    """Share of N's hours that is temporary-agency work (AGENCY_SHARE_OF_LABOUR_FORCE)."""
    total = sum(hours.values())
    return tuple(min(0.9, x * total / hours["N"]) for x in AGENCY_SHARE_OF_LABOUR_FORCE)


def build_occupation_shares(occ, wiod_codes, hours, io_block=None):
    """occupation_shares.csv: each WIOD industry gets its NACE section's fitted
    shares (R_S = R+S), M71 is made more technical, 1311 is spread at its
    national share. Returns the share table and diagnostics."""
    section_occ, diag = estimate_section_occupations(occ)
    codes = [o["code"] for o in occ]
    unknown_share = next(o["emp"] for o in occ if o["code"] == UNKNOWN_OCC) / sum(o["emp"] for o in occ)

    def normalised(vec):
        t = sum(vec.values())
        return {b: v / t for b, v in vec.items()}

    section_share = {}
    for s in SECTIONS:
        section_share[s] = normalised(section_occ[s])
    rs = {b: section_occ["R"].get(b, 0) + section_occ["S"].get(b, 0) for b in section_occ["R"]}
    section_share["R_S"] = normalised(rs)

    table = {}
    for c in wiod_codes:
        key = "R_S" if c == "R_S" else nace_sections(c)[0]
        table[c] = dict(section_share[key])

    # M71: raise technical groups to M71_TECH_SHARE, take the persons from the other
    # M industries (hours-weighted) so that section M stays on its margins.
    m_codes = [c for c in wiod_codes if c.startswith("M")]
    sec = section_share["M"]
    tech_now = sum(sec[b] for b in M71_TECH_GROUPS)
    f_tech = M71_TECH_SHARE / tech_now
    f_other = (1 - M71_TECH_SHARE) / (1 - tech_now)
    m71 = {b: v * (f_tech if b in M71_TECH_GROUPS else f_other) for b, v in sec.items()}
    h71 = hours["M71"]
    h_rest = sum(hours[c] for c in m_codes if c != "M71")
    rest = {b: max(0.0, (sec[b] * (h71 + h_rest) - m71[b] * h71) / h_rest) for b in sec}
    rest = normalised(rest)
    for c in m_codes:
        table[c] = dict(m71) if c == "M71" else dict(rest)
    diag["m71_tech_before"] = tech_now

    # temporary-agency work in N: the occupation mix of N's domestic customers (AGENCY_SHARE_OF_LABOUR_FORCE)
    agency = agency_share_of_n(hours) if io_block is not None else (0.0, 0.0, 0.0)
    if io_block is not None:
        users = {u: io_block[("N", u)] for u in wiod_codes if u != "N" and io_block[("N", u)] > 0}
        tot_use = sum(users.values())
        mix = {b: sum(w * table[u].get(b, 0.0) for u, w in users.items()) / tot_use for b in table["N"]}
        own = table["N"]
        table["N"] = {b: (1 - agency[1]) * own.get(b, 0.0) + agency[1] * mix.get(b, 0.0)
                      for b in set(own) | set(mix)}
    diag["agency_share_of_n"] = agency

    # spread 1311 (occupation unknown) at its national share in every sector
    for c in wiod_codes:
        table[c] = {b: v * (1 - unknown_share) for b, v in table[c].items()}
        table[c][UNKNOWN_OCC] = unknown_share

    rows = []
    src = "EUROSTAT_LFSA_EISN2;CBS_85276NED_2025Q4;CBS_SCHAKELSCHEMA_ISCO_BRC"
    for c in wiod_codes:
        vals = [table[c].get(b, 0.0) for b in codes]
        if c == "M71":
            why = (f"IPF estimate (section M) then technical groups 0712/0713/0714/0721 raised to "
                   f"{M71_TECH_SHARE} of M71 (assumption, range {M71_TECH_RANGE[0]}-{M71_TECH_RANGE[1]}).")
        elif c.startswith("M"):
            why = "IPF estimate (section M) minus the extra M71 technicians (hours-weighted), renormalised."
        elif c == "N" and io_block is not None:
            why = (f"IPF: lfsa_eisn2 section x ISCO major, CBS BRC totals, prior v2; temporary-agency work "
                   f"{fmt(agency[1], 3)} of N's hours (range {fmt(agency[0], 3)}-{fmt(agency[2], 3)}; CBS: 2.5-3.5% "
                   "of the labour force are agency workers) gets the mix of N's domestic customers (2014 table).")
        else:
            # short on purpose: 6,000+ rows; the method is in PROVENANCE.md
            why = "IPF: lfsa_eisn2 section x ISCO major, CBS BRC totals, prior v2; shared by the section"
        row_src = f"{src};{AGENCY_SRC}" if c == "N" and io_block is not None else src
        for b, s in zip(codes, shares_to_text(vals)):
            if float(s) != 0.0:
                rows.append([c, b, s, "estimate", row_src, why])
    write_csv("occupation_shares.csv", ["sector", "occupation", "share", "quality", "source_id", "reason"], rows)
    return table, diag


# ---------------------------------------------------------------------------
# education_shares.csv
# ---------------------------------------------------------------------------

LEVELS = ["vmbo", "mbo2", "mbo3", "mbo4", "hbo", "wo"]
DIRECTIONS = ["techniek", "ict", "other"]

# ASSUMPTION: share of wo within the sourced high (hbo+wo) share.
WO_OF_HIGH = {
    "research": (0.55, {"0711", "0712", "0713", "0811", "0812", "0111", "0412", "0414", "0621", "1022", "0212"}),
    "medical": (0.90, {"1011"}),
}
WO_OF_HIGH_DEFAULT = 0.28

# ASSUMPTION: split of the non-high (1 - high) share over vmbo/mbo2/mbo3/mbo4 by profile.
LOWMID_PROFILES = {
    "trades": ([0.30, 0.25, 0.30, 0.15], "technical trades: mostly mbo2-3 vakopleidingen"),
    "technicians": ([0.10, 0.10, 0.25, 0.55], "technicians/engineers without degree: mostly mbo4"),
    "helpers": ([0.55, 0.25, 0.12, 0.08], "helpers and elementary jobs: mostly vmbo/mbo1-2"),
    "care": ([0.15, 0.15, 0.35, 0.35], "care: mbo3 (verzorgende IG) and mbo4 (verpleegkundige)"),
    "general": ([0.35, 0.15, 0.20, 0.30], "general profile"),
}
TRADES = {"0731", "0732", "0733", "0734", "0735", "0741", "0742", "0743", "0744", "0751", "0752", "0753",
          "0754", "0755", "0761", "0723", "1215", "0912"}
TECHNICIANS = {"0711", "0712", "0713", "0714", "0721", "0722", "0811", "0812", "0821", "0822", "0533", "1031", "1211"}
HELPERS = {"0771", "0772", "0781", "0921", "1121", "1122", "1221", "1222", "0333"}

# Technical education in technical occupations (issue 21). CBS counted 844,000 technically educated,
# 575,000 not technically educated and ~68,000 of unknown education among the ~1.49 million employed
# in technical occupations in 2016 (57% of all, 59.5% of those whose education is known; CBS maatwerk
# for EZK, via nu.nl), and "ruim de helft" of 1.5 million in 2014 (CBS). The technician set gets the
# share among the known: techniek + ict = 844 / (844 + 575); ict stays 0.02 (ICT-educated technicians).
# CBS's technical occupations include ICT occupations; if those are more often technically educated
# than the technician set (as assumed below, 0.85), the set's own share is lower than 0.595.
# The previous assumption was 0.85 techniek + 0.02 ict.
CBS_TECH_EDUCATED_2016, CBS_NOT_TECH_EDUCATED_2016 = 844_000, 575_000
TECH_EDU_SHARE = CBS_TECH_EDUCATED_2016 / (CBS_TECH_EDUCATED_2016 + CBS_NOT_TECH_EDUCATED_2016)
TECH_EDU_SRC = "CBS_2016_TECH_EDU;CBS_2014_TECH_EDU"

# Weglek (issue 21): technically educated people (techniek or ICT) who work outside technical
# occupations. OCW in cijfers (Monitor Techniekpact data, 2022; labour force 15-75 with technical
# education): men 57.5% in a technical occupation and 40.0% in another, women 34.0% and 60.9% (the
# rest unemployed or unknown); CBS Jeugdmonitor 2022: 484k men and 125k women among young technically
# educated workers. Among the employed: men 40.0/97.5, women 60.9/94.9, weighted by the sex mix:
# WEGLEK_TARGET. The techniek share of the "other" profile (non-technical occupations) is solved so
# that the stock of the built-in data has that share outside the technician and ICT sets (before
# issue 21: 0.04, giving 0.31); the weglek by sex is checked by `krapte validate`.
OCW_TECH_EDU_OUTSIDE = {"men": (40.0, 57.5), "women": (60.9, 34.0)}  # % non-technical, % technical occupation
CBS_YOUNG_TECH_EDU = {"men": 484_000, "women": 125_000}
WEGLEK_SRC = "OCW_DOORSTROOM_2022;CBS_JEUGDMONITOR_2023"


def weglek_target():
    """Share of employed technically educated people outside technical occupations (OCW, CBS; above)."""
    n = sum(CBS_YOUNG_TECH_EDU.values())
    return sum(CBS_YOUNG_TECH_EDU[x] / n * out / (out + tech) for x, (out, tech) in OCW_TECH_EDU_OUTSIDE.items())


# ASSUMPTION: field of study (direction) shares by profile (the technical profile from CBS, above; the
# techniek share of "other" solved for the weglek in build_education_shares).
DIRECTION_PROFILES = {
    "technical": ({"techniek": TECH_EDU_SHARE - 0.02, "ict": 0.02, "other": 1 - TECH_EDU_SHARE},
                  f"technical occupation: techniek+ict {TECH_EDU_SHARE:.3f} = CBS 2016 844k of 1.419M with known "
                  "education (57% of all 1.49M)"),
    "science": ({"techniek": 0.45, "ict": 0.03, "other": 0.52}, "natural scientists: beta but not techniek proper"),
    "food": ({"techniek": 0.15, "ict": 0.0, "other": 0.85}, "food trades: mbo food/retail, little techniek"),
    "ict": ({"techniek": 0.15, "ict": 0.70, "other": 0.15}, "ICT occupation: mostly ICT education"),
    "ict_tech": ({"techniek": 0.60, "ict": 0.25, "other": 0.15}, "radio/TV/telecom technicians: electronics"),
    "ict_mgr": ({"techniek": 0.10, "ict": 0.50, "other": 0.40}, "ICT managers"),
    "tech_mgr": ({"techniek": 0.40, "ict": 0.02, "other": 0.58}, "production/logistics managers: part technical"),
    "semi_tech": ({"techniek": 0.25, "ict": 0.02, "other": 0.73}, "partly technical (lab, machine operators, design)"),
    "other": ({"techniek": 0.04, "ict": 0.02, "other": 0.94}, "non-technical occupation"),
}


def direction_profile(b):
    """Pick the direction profile name for a BRC group (see DIRECTION_PROFILES)."""
    if b == "0711":
        return "science"
    if b in {"0751", "0752"}:
        return "food"
    if b.startswith("07"):
        return "technical"
    if b in {"0811", "0812", "0821"}:
        return "ict"
    if b == "0822":
        return "ict_tech"
    if b == "0533":
        return "ict_mgr"
    if b in {"0531", "0532"}:
        return "tech_mgr"
    if b in {"1031", "1215", "0221", "1211", "1214"}:
        return "semi_tech"
    return "other"


def lowmid_profile(b):
    """Pick the low/mid-level profile name for a BRC group."""
    if b in TRADES:
        return "trades"
    if b in TECHNICIANS:
        return "technicians"
    if b in HELPERS:
        return "helpers"
    if b.startswith("10"):
        return "care"
    return "general"


def technical_and_ict_sets(codes):
    """The technician and ICT sets (the rule of build_occupation_sets)."""
    tech = {b for b in codes if b.startswith("07") and b not in TECHNICIAN_EXCLUDED}
    return tech, {b for b in codes if b.startswith("08")}


def solve_other_techniek(occ):
    """Techniek share of the "other" direction profile such that the technically educated stock outside
    the technician and ICT sets is weglek_target() (bisection; the share is linear-fractional in it)."""
    tech, ict = technical_and_ict_sets([o["code"] for o in occ])

    def outside(x):
        inside = total = 0.0
        for o in occ:
            name = direction_profile(o["code"])
            d = DIRECTION_PROFILES[name][0]
            t = (x if name == "other" else d["techniek"]) + d["ict"]
            total += o["emp"] * t
            if o["code"] in tech or o["code"] in ict:
                inside += o["emp"] * t
        return 1 - inside / total

    lo, hi = 0.0, 0.5
    assert outside(lo) < weglek_target() < outside(hi)
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if outside(mid) < weglek_target() else (lo, mid)
    return (lo + hi) / 2


def build_education_shares(occ):
    """education_shares.csv: sourced high share x assumed splits (see constants)."""
    x = solve_other_techniek(occ)
    d_other = DIRECTION_PROFILES["other"][0]
    DIRECTION_PROFILES["other"] = (
        {"techniek": x, "ict": d_other["ict"], "other": 1 - x - d_other["ict"]},
        f"non-technical occupation: techniek {x:.3f} solved so that {weglek_target():.3f} of the technically "
        "educated employed work outside the technician and ICT sets (OCW 2022, CBS 2022)")
    print(f"weglek: target {weglek_target():.4f}; techniek share of non-technical occupations {x:.4f} (was 0.04)")
    rows = []
    for o in occ:
        b, high = o["code"], o["high"]
        wo_frac = WO_OF_HIGH_DEFAULT
        for frac, members in WO_OF_HIGH.values():
            if b in members:
                wo_frac = frac
        lm_name = lowmid_profile(b)
        lm, lm_why = LOWMID_PROFILES[lm_name]
        dir_name = direction_profile(b)
        dirs, dirs_why = DIRECTION_PROFILES[dir_name]
        level_share = {"vmbo": (1 - high) * lm[0], "mbo2": (1 - high) * lm[1], "mbo3": (1 - high) * lm[2],
                       "mbo4": (1 - high) * lm[3], "hbo": high * (1 - wo_frac), "wo": high * wo_frac}
        cells, vals = [], []
        for lv in LEVELS:
            for d in DIRECTIONS:
                v = level_share[lv] * dirs[d]
                if v > 0:
                    cells.append((lv, d))
                    vals.append(v)
        reason = (f"hbo+wo {fmt(high, 4)} sourced (CBS 2025Q4); assumed wo={wo_frac} of high, "
                  f"low/mid '{lm_name}' ({lm_why}), direction '{dir_name}'")
        src = "CBS_85276NED_2025Q4"
        if dir_name == "technical":
            reason += f" ({dirs_why}; same at every level: CBS gives no split by level)"
            src = f"{src};{TECH_EDU_SRC}"
        elif dir_name == "other":
            reason += f" ({dirs_why})"
            src = f"{src};{WEGLEK_SRC}"
        for (lv, d), s in zip(cells, shares_to_text(vals)):
            if float(s) != 0.0:
                rows.append([b, lv, d, s, "assumption", src, reason])
    write_csv("education_shares.csv", ["occupation", "level", "direction", "share", "quality", "source_id", "reason"],
              rows)


# ---------------------------------------------------------------------------
# occupation_sets.csv
# ---------------------------------------------------------------------------

# Judgement per BRC class-07 group (documented in PROVENANCE.md).
TECHNICIAN_EXCLUDED = {
    "0711": "biologists/natural scientists: research, not building or maintaining energy systems",
    "0751": "butchers: food trade",
    "0752": "bakers: food trade",
    "0754": "furniture makers/tailors: no energy-transition role",
    "0755": "printing and crafts: no energy-transition role",
}


def build_occupation_sets(occ):
    """occupation_sets.csv: technician v1 and ict v1."""
    codes = [o["code"] for o in occ]
    tech = [b for b in codes if b.startswith("07") and b not in TECHNICIAN_EXCLUDED]
    ict = [b for b in codes if b.startswith("08")]
    d_tech = ("Technical occupations relevant to the energy transition: BRC class 07 (engineers, technicians, "
              "construction and installation trades, metal and electrical trades, operators, helpers) excluding "
              "0711 scientists, 0751 butchers, 0752 bakers, 0754 furniture makers/tailors, 0755 printing; "
              "0822 radio/TV technicians are in set ict.")
    d_ict = ("BRC class 08 ICT occupations (0811, 0812, 0821, 0822). Differs from CBS's own ICT-worker "
             "definitions (ISCO-based, incl. ICT managers 0533 and ICT technicians).")
    rows = [["technician", "v1", d_tech, b] for b in tech] + [["ict", "v1", d_ict, b] for b in ict]
    write_csv("occupation_sets.csv", ["set", "version", "description", "occupation"], rows)
    return tech, ict


# ---------------------------------------------------------------------------
# measures.csv, activities.csv, activity_sectors.csv, products.csv, measure_regions.csv
# ---------------------------------------------------------------------------


# Hours in one job-year of the bottom-up sources (issue 21). ReEDS (JEDI, Rutovitz, Mayfield) and Rhodium
# count US job-years: one job = one full-time equivalent for one year (NREL, "Interpreting JEDI results"),
# and a US full-time year is 40 h x 52 weeks = 2,080 h. krapte's fte is fte_hours_per_year (1,600 h
# central), so the figures are written in hours (job-years x 2,080) and the model converts them with the
# fte hours it draws: 1 US job-year = 1.3 fte at 1,600 h.
US_JOB_YEAR_HOURS = 2080
US_HOURS_SRC = "NREL_JEDI_RESULTS"
# What each bottom-up source's factor covers, decided from the sources (issue 21). "direct": the labour of
# the project itself (on-site construction and installation, project development and engineering, O&M
# staff); manufacturing of equipment and materials is the supply chain, which the input-output path adds
# ("includes_supply_chain" = no). "direct_and_supply_chain": nothing is added.
SOURCE_COVERAGE = {
    "REEDS_JEDI": ("direct", "JEDI/WIRED plant factors are JEDI's first category, project development and "
                   "on-site labour (labour only, no materials); equipment and materials are its second "
                   "category, supply chain (NREL, Interpreting JEDI results)"),
    "REEDS_RUTOVITZ": ("direct", "Rutovitz et al. count direct jobs only, construction and installation apart "
                       "from manufacturing"),
    "REEDS_MAYFIELD": ("direct", "ReEDS uses the Mayfield set as interchangeable with JEDI and Rutovitz (same "
                       "columns: construction job-years/MW, FOM job-years/MW-year), read as direct in the "
                       "shared data; the paper's own definition was not read"),
    "RHODIUM_2023": ("direct", "Rhodium separates 1.5 construction/engineering jobs/MW from 1.9 supply-chain "
                     "jobs/MW; only the direct part is used"),
    "TDI_2024": ("direct", "installer hours from acquisition to delivery (TDI benchmark)"),
}
# On-site sectors: where direct (project) labour is done: construction and installation (F), engineering
# (M71), heavy transport and installation vessels (H49, H50), installation of machinery (C33). A direct
# construction factor never places labour in a manufacturing industry: that would be its supply chain.
# O&M staff may also work for the operator (energy companies D35, hydrogen producers C20).
ONSITE_SECTORS = {"F", "M71", "H49", "H50", "C33"}
OPERATOR_SECTORS = {"D35", "C20"}
# The sector whose purchases stand for what O&M buys (spare parts, tools, services): repair and
# maintenance (C33). Without it the input-output path would add the supply chain of the sector the O&M
# staff work in; for energy companies (D35) that is the chain of power generation (1.7 indirect jobs per
# direct job in the 2014 table), not of maintaining a wind or solar park.
OM_SUPPLY_CHAIN_SECTOR = "C33"


def coverage_of(src):
    """The coverage of an activity's sources (all must agree; issue 21) and the reason text."""
    cov = {SOURCE_COVERAGE[s][0] for s in src.split(";") if s in SOURCE_COVERAGE}
    assert len(cov) == 1, f"sources {src} disagree on what their factors cover: {cov}"
    return cov.pop(), "; ".join(SOURCE_COVERAGE[s][1] for s in src.split(";") if s in SOURCE_COVERAGE)


def load_intensities():
    """labour_intensity.csv keyed by (measure, activity)."""
    return {(r["measure"], r["activity"]): r for r in read_csv("scenarios/labour_intensity.csv")}


def target(measure, metric_start, year):
    """One value from measures_targets_nl.csv (by measure, metric prefix, year)."""
    for r in read_csv("scenarios/measures_targets_nl.csv"):
        if r["measure"] == measure and r["metric"].startswith(metric_start) and r["year"] == str(year):
            return float(r["value"]), r["source_id"]
    raise KeyError((measure, metric_start, year))


# ---------------------------------------------------------------------------
# base_year_activity.csv: each measure's activity in the base year (issue 18)
# ---------------------------------------------------------------------------

def by_fact(measure, metric_start, period):
    """One value from data/raw/scenarios/base_year_activity.csv."""
    for r in read_csv("scenarios/base_year_activity.csv"):
        if r["measure"] == measure and r["metric"].startswith(metric_start) and r["period"] == period:
            return float(r["value"])
    raise KeyError((measure, metric_start, period))


ONSHORE_END_2023 = int(by_fact("onshore_wind", "installed capacity onshore", "2023"))
PV_END_2024 = int(by_fact("solar_pv", "installed panel capacity end of year and split", "2024") * 1000)
PV_END_2023 = int(by_fact("solar_pv", "installed panel capacity end of year", "2023"))
EV_APRIL_2024 = int(by_fact("ev_charging", "charging points (all types)", "2024-04"))

# ASSUMPTION block: activity in the base year per measure, in the measure's own unit per year
# (low, central, high). For a bottom-up activity built over b years (build_years in activities.csv) the
# model spreads a unit completed in year t over t-b+1..t, so the work under way in the base year is the
# mean of the completions in base_year..base_year+b-1: that mean is the figure here (offshore wind b=3,
# onshore wind and electrolysis b=2); for b=1 and for spending it is the base year's own additions.
# A scenario that keeps every measure at these figures has the base year's construction and spending work
# in every year; operation and maintenance of what is added after the base year is extra work.
_HP = (by_fact("heat_pumps", "household heat pumps installed", "2024"),
       by_fact("heat_pumps", "residential heat pumps delivered", "2025") / 1.13,
       by_fact("heat_pumps", "heat pumps sold", "2024"))
_HYB = by_fact("heat_pumps", "hybrid share", "2023")
_PV_ADD = PV_END_2024 - PV_END_2023
BY_ADD = {
    "offshore_wind": (250, 400, 600),
    "onshore_wind": (300, 500, 800),
    "solar_pv_utility": (700, 1000, 1500),
    "solar_pv_rooftop": (_PV_ADD - 1500, _PV_ADD - 1000, _PV_ADD - 700),
    "heat_pump_hybrid": (round(_HP[0] * (_HYB - 0.05), -3), round(_HP[1] * _HYB, -3), round(_HP[2] * (_HYB + 0.05), -3)),
    "heat_pump_all_electric": (round(_HP[0] * (1 - _HYB - 0.05), -3), round(_HP[1] * (1 - _HYB), -3),
                               round(_HP[2] * (1 - _HYB + 0.05), -3)),
    "electrolysis": (20, 100, 150),
    "grid_onshore": (4800, 5800, 7000),
    "grid_offshore": (1200, 1900, 2600),
    "insulation": (100000, 150000, 250000),
    "ev_charging": (120000, 150000, 180000),
    "heat_networks": (10000, 15000, 20000),
    "industry": (800, 1500, 2500),
    "ccs": (250, 400, 650),
}
EV_END_2024 = EV_APRIL_2024 + int(round(BY_ADD["ev_charging"][1] * 8 / 12, -3))


def build_base_year_activity(measures):
    """base_year_activity.csv: the measures' activity in the base year (what the base-year workforce already
    does), in each measure's own unit per year, with range, quality, sources and reason."""
    units = {m[0]: m[2] for m in measures}
    tso = by_fact("grid", "TenneT investment Netherlands", "2023")
    al = by_fact("grid", "Alliander investment", "2024")
    en = by_fact("grid", "Enexis investment", "2023")
    st = by_fact("grid", "Stedin investment", "2023")
    ev_pub = by_fact("ev_charging", "public charging points added per month", "2024")
    hn = by_fact("heat_networks", "new heat-network connections", "2024")
    porthos = by_fact("ccs", "Porthos investment", "2024-2026")
    hp = [f"{x:,.0f}" for x in _HP]
    why = {
        "offshore_wind": ("assumption", "CBS_HE_2023_WIND;OED_2023_HKN;DEVAID_2025_WOZ",
            "work under way in 2024 (build_years 3) = mean completions 2024-2026: Hollandse Kust Noord (759 MW) started "
            "on 20 Dec 2023 and is only partly in CBS's 3,978 MW for end-2023, no farm was completed in 2025, Hollandse "
            "Kust West VI (~760 MW) follows in 2026 -> (~0-780 + 0 + 760)/3; central 400 because most of HKN's work was "
            "done before 2024; low 250 (HKW VI alone), high 600 (first works of the next farms)"),
        "onshore_wind": ("assumption", "CBS_HE_2023_WIND;RVO_WIND_2023",
            "no 2024 count found; CBS: +971 MW (2022) and +627 MW net (2023; RVO: 771 MW built), RVO: 1,292 MW in "
            "development at end-2023 and 'de komende jaren zal de groei minder snel gaan'; work under way in 2024 "
            "(build_years 2) = mean completions 2024-2025 ~ the pipeline over 2-3 years: 500 (300-800)"),
        "solar_pv_utility": ("assumption", "CBS_SOLAR_2024;CBS_SOLAR_2023",
            f"CBS: {PV_END_2023:,} MWp at the end of 2023 and {PV_END_2024:,} at the end of 2024 = ~{_PV_ADD:,} MWp added "
            "(incl. revisions), 70% of new panels at businesses, which include parks; the parks' part is not published: "
            "assumed ~1,000 MW (700-1,500), ~30% of the businesses' ~3,300 MWp"),
        "solar_pv_rooftop": ("derived", "CBS_SOLAR_2024;CBS_SOLAR_2023",
            f"~{_PV_ADD:,} MWp added in 2024 (CBS) minus the ground-mounted part (solar_pv_utility row): ~1,400 on homes "
            "(30%) + ~2,300 on business roofs; low and high pair with the parks' high and low"),
        "heat_pump_hybrid": ("derived", "DNER_HP_2024;DNER_HP_2025;VW_HP_2026;DNER_HP_TREND_2024",
            f"residential heat pumps 2024: {hp[0]} (Dutch New Energy Research, Nov 2024), {hp[1]} delivered (Vereniging "
            f"Warmtepompen: 126,000 in 2025 = +13%), {hp[2]} sold (DNER 2025, all); hybrid share {_HYB:.2f} (DNER: "
            f"58,000 of 167,000 in 2023) -> central {hp[1]} x {_HYB:.2f}; low {hp[0]} x {_HYB - 0.05:.2f}, high "
            f"{hp[2]} x {_HYB + 0.05:.2f} (hybrid sales fell most after the 2026 hybrid norm was dropped)"),
        "heat_pump_all_electric": ("derived", "DNER_HP_2024;DNER_HP_2025;VW_HP_2026;DNER_HP_TREND_2024",
            f"the same residential totals ({hp[0]} / {hp[1]} / {hp[2]}) times the all-electric share (1 - hybrid "
            f"share, {1 - _HYB:.2f} -+ 0.05); new-build homes are all-electric or on a heat network"),
        "electrolysis": ("assumption", "H2_2023_HH1",
            "no large electrolyser was completed in 2024 (stock: pilots); Shell's 200 MW Holland Hydrogen 1 was under "
            "construction: work under way in 2024 (build_years 2) = mean completions 2024-2025 = ~100 MW if it is "
            "completed in 2025; low 20 (later completion, pilots only), high 150"),
        "grid_onshore": ("assumption", "ALLIANDER_2024;ENEXIS_AR_2023;STEDIN_2023;LIANDER_IP_2022;TENNET_2023;TENNET_H1_2024",
            f"2024 investment: Alliander {al:,.0f} MEUR (realised), Enexis ~1,550 (between {en:,.0f} in 2023 and 1,900 "
            f"in 2025), Stedin ~1,000 ({st:,.0f} planned for 2023), other DSOs ~100 -> DSOs ~4,450 of which ~87% "
            f"electricity (Liander IP: 3.1 of 3.6 bn) = ~3,870; TenneT Netherlands ~{tso:,.0f} in 2023, +30% in 2024 "
            "(group H1) = ~3,900 of which about half on land = ~1,950; total ~5,800 MEUR (4,800-7,000); includes "
            "replacement and maintenance investment, as the scenarios' grid paths do"),
        "grid_offshore": ("assumption", "TENNET_2023;TENNET_H1_2024",
            f"TenneT Netherlands ~{tso:,.0f} MEUR in 2023, ~3,900 in 2024 (group +30% in H1, 'mainly the 2 GW offshore "
            "program'), about half offshore (platforms and export cables of IJmuiden Ver and Nederwiek) = ~1,900 "
            "(1,200-2,600); no split by onshore and offshore published in the stored pages"),
        "insulation": ("assumption", "RIJKSOVERHEID_ISDE_2023;CU_NIP_2021;GEMEENTENU_NIP",
            "no count of homes insulated in 2024 found; ~65,000 insulation measures a year in 2021 (NIP manifest), over "
            "200,000 homeowners applied for ISDE in 2023 (about half the amount for insulation), 8,000 homes insulated "
            "in the first NIP local round and 280,000 funded in the second, plus housing associations: 150,000 homes "
            "(100,000-250,000)"),
        "ev_charging": ("derived", "NAL_2024;NAL_2025",
            f"NAL: 518,000 points in April 2023 and {EV_APRIL_2024:,} in April 2024 (+156,000); public points "
            f"+{ev_pub:,.0f} a month in 2024 (1,900 in 2023), the rest private home chargers: 150,000 (120,000-180,000)"),
        "heat_networks": ("sourced", "WARMTEALLIANTIE_2025",
            f"Warmte Alliantie (January 2025): ~{hn:,.0f} new heat-network connections a year; RVO: the 20 largest "
            "networks went from 380,000 to 395,000 connections in 2022; range 10,000-20,000 is ours"),
        "industry": ("assumption", "TELEGRAAF_2018_KA",
            "no realised 2024 figure found; 9-15 bn EUR for 14.3 Mt to 2030 is ~1.0-1.5 bn a year from 2020, and "
            "industry's reductions lag the plan (KEV): 1,500 MEUR (800-2,500)"),
        "ccs": ("derived", "PORTHOS_2024",
            f"Porthos: {porthos:,.0f} MEUR, built April 2024 to 2026 (~{porthos / 2.5:,.0f} a year); Aramis had no "
            "investment decision in 2024; 2024 was the first, partial year: 400 (250-650)"),
    }
    missing = set(units) ^ set(BY_ADD)
    if missing or set(why) != set(BY_ADD):
        raise SystemExit(f"base_year_activity: measures {sorted(missing)} without a base-year figure")
    rows = []
    for mid in units:
        lo, ce, hi = BY_ADD[mid]
        q, src, reason = why[mid]
        rows.append([mid, units[mid], fmt(lo), fmt(ce), fmt(hi), q, src, reason])
    write_csv("base_year_activity.csv", ["measure", "unit", "low", "central", "high", "quality", "source_id",
                                         "reason"], rows)


# Range rule R3 (docs/RANGES.md): a bound that lies more than OUTLIER_FACTOR from the central value and
# comes from one study that the others do not corroborate is not used as the triangular bound; it is
# replaced by the mirror of the other bound on a log scale (low x high = central^2), or by central / 2 and
# central x 2 when both bounds are such outliers. The reason names the bound replaced.
OUTLIER_FACTOR = 3.0


def range_rule(lo, ce, hi, reason):
    out_lo = ce > 0 and lo < ce / OUTLIER_FACTOR
    out_hi = hi > ce * OUTLIER_FACTOR
    if not (out_lo or out_hi):
        return lo, hi, reason
    if out_lo and out_hi:
        new_lo, new_hi = ce / 2, ce * 2
    elif out_hi:
        new_lo, new_hi = lo, ce * ce / lo
    else:
        new_lo, new_hi = ce * ce / hi, hi
    new_lo, new_hi = round(new_lo, 3), round(new_hi, 3)
    dropped = " and ".join(f"{k} {fmt(v)} ({v / ce if k == 'high' else ce / v:.1f}x central)"
                           for k, v, out in (("low", lo, out_lo), ("high", hi, out_hi)) if out)
    return new_lo, new_hi, (f"{reason} Range rule R3 (docs/RANGES.md): {dropped} is a single study's figure more "
                            f"than {OUTLIER_FACTOR:g}x from central, not used as a bound; range {fmt(new_lo)}-"
                            f"{fmt(new_hi)} is the mirror of the kept bound on a log scale"
                            + (" (both bounds replaced: central /2 and x2)" if out_lo and out_hi else "") + ".")


def build_measures():
    """All measure files. Sourced figures are read from data/raw/scenarios; the
    assumptions are set here, each with range and reason."""
    li = load_intensities()

    def lcr(key):
        r = li[key]
        return float(r["value_low"]), float(r["value_central"]), float(r["value_high"]), r["source_id"]

    off_go, off_src = target("offshore_wind", "installed capacity (Energieakkoord)", 2023)
    on_mw, on_src = target("onshore_wind", "installed capacity realised", 2020)
    pv_mw, pv_src = target("solar_pv", "installed capacity realised", 2020)
    hp_all, hp_src = target("heat_pumps", "homes with a heat pump (stock)", 2025)
    ev_pts, ev_src = target("ev_charging", "charging points (all types)", 2023)

    measures, activities, act_sectors, products, m_regions = [], [], [], [], []

    def measure(mid, name, unit, path, base, cost, quality, src, reason):
        c = ["", "", ""] if cost is None else [fmt(v) for v in cost]
        measures.append([mid, name, unit, path, fmt(base), *c, quality, src, reason])

    def activity(mid, act, unit, lo, ce, hi, build, ref, quality, src, reason, sectors, sec_reason):
        # Range rule R3 (docs/RANGES.md) on the figures as published, then coverage and units (issue 21).
        lo, hi, reason = range_rule(lo, ce, hi, reason)
        # Coverage from the sources (SOURCE_COVERAGE): every factor used here is direct labour, so the
        # input-output path adds the supply chain; O&M buys it from OM_SUPPLY_CHAIN_SECTOR.
        cov, cov_why = coverage_of(src)
        chain = "yes" if cov == "direct_and_supply_chain" else "no"
        om = unit in ("fte_per_unit_stock", "hours_per_unit_stock")
        allowed = ONSITE_SECTORS | (OPERATOR_SECTORS if om else set())
        assert chain == "yes" or all(sec in allowed for sec, _ in sectors), \
            f"{mid}/{act}: a direct factor places labour outside the project's own sectors {sectors}"
        via = OM_SUPPLY_CHAIN_SECTOR if om and chain == "no" else ""
        # US job-years in hours (US_JOB_YEAR_HOURS); unit job_years_per_unit / fte_per_unit_stock means the
        # figure is in US job-years and is converted here.
        if unit in ("job_years_per_unit", "fte_per_unit_stock"):
            h = US_JOB_YEAR_HOURS
            unit = "hours_per_unit" if unit == "job_years_per_unit" else "hours_per_unit_stock"
            reason = (f"{reason} In US job-years: {fmt(lo)} / {fmt(ce)} / {fmt(hi)}"
                      f"{' per MW' if unit == 'hours_per_unit' else ' per MW-year'} x {US_JOB_YEAR_HOURS:,} h per US "
                      f"full-time job-year = hours.")
            lo, ce, hi = lo * h, ce * h, hi * h
            src = f"{src};{US_HOURS_SRC}"
        reason = f"{reason} Coverage: {cov} ({cov_why})."
        if via:
            reason += f" Supply chain bought as repair and maintenance ({via})."
        activities.append([mid, act, unit, fmt(lo), fmt(ce), fmt(hi), str(build), str(ref), chain, via,
                           quality, src, reason])
        for sec, s in zip([k for k, _ in sectors], shares_to_text([v for _, v in sectors])):
            act_sectors.append([mid, act, sec, s, "assumption", "", sec_reason])

    def spend(mid, prods, why):
        for (sec, _, imp), s in zip(prods, shares_to_text([p[1] for p in prods])):
            products.append([mid, sec, s, fmt(imp), "assumption", "", why.get(sec, why["*"])])

    # --- offshore wind ----------------------------------------------------
    # ASSUMPTION: base stock end-2024 = 4,700 MW.
    measure("offshore_wind", "Offshore wind farms", "MW", "bottom_up", 4700, None, "assumption", off_src,
            f"Energieakkoord milestone {fmt(off_go)} GW by 2023 (reached) plus ~0.2 GW assumed for what was added; "
            "plausible range 4,500-5,000 MW.")
    lo, ce, hi, src = lcr(("offshore_wind", "construction"))
    activity("offshore_wind", "construction", "job_years_per_unit", lo, ce, hi, 3, 2020, "sourced", src,
             "ReEDS factor sets: low Mayfield (suspect), central Rutovitz, high JEDI: the project's own labour; the "
             "manufacturing of turbines, foundations and cables is supply chain (NL-based cross-check: ~2.5 persons "
             "per MW/yr excluding foreign turbine manufacturing, KNOL_COOLEN).",
             [("F", 0.35), ("H50", 0.35), ("M71", 0.20), ("C33", 0.10)],
             "Assumed split of on-site labour: onshore works, landfall and port assembly (F), offshore installation "
             "vessels and crews (H50), engineering and project development (M71), installation and commissioning "
             "of machinery (C33).")
    lo, ce, hi, src = lcr(("offshore_wind", "O&M"))
    activity("offshore_wind", "om", "fte_per_unit_stock", lo, ce, hi, 1, 2020, "sourced", src,
             "ReEDS FOM factors: low JEDI, central Rutovitz, high Mayfield (NL count 320 FTE for 2019-2023 parks "
             "suggests the low end).",
             [("C33", 0.50), ("D35", 0.30), ("H50", 0.20)],
             "Assumed split: repair/maintenance contractors (C33), operators (D35), crew transfer vessels (H50).")
    for p, s in [("PV27", 0.30), ("PV28", 0.30), ("PV29", 0.20), ("PV20", 0.20)]:
        m_regions.append(["offshore_wind", p, fmt(s), "assumption", "",
                          "Direct offshore work concentrated in port provinces (IJmuiden/Den Helder, Rotterdam, "
                          "Vlissingen, Eemshaven); split is a judgement."])

    # --- onshore wind -----------------------------------------------------
    # Base stock end-2024 = CBS end-2023 + the 2024 additions of base_year_activity.csv (assumed, no 2024 count).
    measure("onshore_wind", "Onshore wind turbines", "MW", "bottom_up", ONSHORE_END_2023 + BY_ADD["onshore_wind"][1],
            None, "derived", "CBS_HE_2023_WIND;RVO_WIND_2023",
            f"CBS: {ONSHORE_END_2023:,} MW on land at the end of 2023 (RVO 6,816); plus ~{BY_ADD['onshore_wind'][1]:,} MW "
            "built in 2024 (base_year_activity.csv, assumed: no 2024 count found) = end-2024 stock.")
    lo, ce, hi, src = lcr(("onshore_wind", "construction"))
    activity("onshore_wind", "construction", "job_years_per_unit", lo, ce, hi, 2, 2020, "sourced", src,
             "ReEDS: low Mayfield, central JEDI, high Rutovitz: the project's own labour; towers, nacelles and "
             "blades are supply chain.",
             [("F", 0.60), ("C33", 0.10), ("M71", 0.15), ("H49", 0.15)],
             "Assumed split of on-site labour: civil works and erection (F), installation and commissioning of the "
             "turbine (C33), engineering (M71), heavy transport and cranes (H49).")
    lo, ce, hi, src = lcr(("onshore_wind", "O&M"))
    activity("onshore_wind", "om", "fte_per_unit_stock", lo, ce, hi, 1, 2020, "sourced", src,
             "ReEDS FOM: low JEDI, central Rutovitz, high Mayfield.",
             [("C33", 0.60), ("D35", 0.40)], "Assumed split: maintenance contractors (C33), operators (D35).")

    # --- solar PV ---------------------------------------------------------
    # ASSUMPTION: 25% utility / 75% rooftop of the CBS end-2024 total.
    measure("solar_pv_utility", "Solar PV, ground-mounted (utility)", "MW", "bottom_up", PV_END_2024 * 0.25, None,
            "assumption", "CBS_SOLAR_2024;" + pv_src,
            f"CBS: {PV_END_2024:,} MWp panel capacity at the end of 2024 ({fmt(pv_mw)} MW in 2020); ~25% of it "
            "ground-mounted (assumed: CBS counts parks under businesses, 60% of all capacity).")
    lo, ce, hi, src = lcr(("solar_pv_utility", "construction"))
    activity("solar_pv_utility", "construction", "job_years_per_unit", lo, ce, hi, 1, 2020, "sourced", src,
             "ReEDS: low Rutovitz, central JEDI, high Mayfield: the project's own labour; modules and inverters are "
             "supply chain.",
             [("F", 0.80), ("M71", 0.20)],
             "Assumed split of on-site labour: installation and civil works (F), engineering (M71).")
    lo, ce, hi, src = lcr(("solar_pv_utility", "O&M"))
    activity("solar_pv_utility", "om", "fte_per_unit_stock", lo, ce, hi, 1, 2020, "sourced", src,
             "ReEDS FOM: low JEDI, central Rutovitz, high Mayfield.",
             [("C33", 0.50), ("D35", 0.50)], "Assumed split: maintenance (C33), operators (D35).")
    measure("solar_pv_rooftop", "Solar PV on roofs (homes and businesses)", "MW", "bottom_up", PV_END_2024 * 0.75,
            None, "assumption", "CBS_SOLAR_2024;" + pv_src,
            f"CBS: {PV_END_2024:,} MWp panel capacity at the end of 2024 ({fmt(pv_mw)} MW in 2020); ~75% of it on "
            "roofs of homes (~40% of all capacity) and businesses (assumed split).")
    lo, ce, hi, src = lcr(("solar_pv_distributed", "construction"))
    activity("solar_pv_rooftop", "construction", "job_years_per_unit", lo, ce, hi, 1, 2020, "sourced", src,
             "ReEDS distributed PV: low JEDI, central Rutovitz, high Mayfield (outlier, kept as published: "
             "treat the high variant with care).",
             [("F", 1.0)], "Rooftop PV is installed by installation firms (SBI 43, in F).")
    lo, ce, hi, src = lcr(("solar_pv_distributed", "O&M"))
    activity("solar_pv_rooftop", "om", "fte_per_unit_stock", lo, ce, hi, 1, 2020, "sourced", src,
             "ReEDS distributed PV FOM: low Rutovitz, central JEDI, high Mayfield.",
             [("F", 0.70), ("C33", 0.30)], "Assumed split: installers (F), repair (C33).")

    # --- heat pumps -------------------------------------------------------
    hybrid = 1_200_000.0  # "of which 1.2M hybrid" in the notes of the same row
    measure("heat_pump_hybrid", "Hybrid heat pumps", "units", "bottom_up", hybrid, None, "sourced", hp_src,
            "Stock of 1.2 million hybrid heat pumps reported for 2025 (Duurzaam Gebouwd), used for base year 2024 "
            "(overstates the end-2024 stock by at most one year of sales, ~100k).")
    r = li[("heat_pump_hybrid", "installation (acquisition to delivery, incl. new boiler)")]
    # ASSUMPTION: widen the TDI range (10 firms; UK/US ratios differ both ways).
    activity("heat_pump_hybrid", "installation", "hours_per_unit", 20, float(r["value_central"]), 40, 1, 2023,
             "assumption", f"{r['source_id']};NESTA_HP;CLARITYHEAT",
             "Central 26 h = TDI 2023 benchmark (10 NL installers, 26-29 h); widened to 20-40 h because the "
             "benchmark is small and US on-site (6-16 h) and UK workforce ratios point both ways.",
             [("F", 1.0)], "Installer hours are work of installation firms (SBI 43, in F).")
    measure("heat_pump_all_electric", "All-electric heat pumps", "units", "bottom_up", hp_all - hybrid, None,
            "derived", hp_src,
            f"{fmt(hp_all)} homes with a heat pump in 2025 minus 1.2 million hybrid (same source); used for 2024.")
    r = li[("heat_pump_all_electric", "installation (acquisition to delivery)")]
    activity("heat_pump_all_electric", "installation", "hours_per_unit", 26, float(r["value_central"]), 50, 1, 2023,
             "assumption", f"{r['source_id']};NESTA_HP;CLARITYHEAT",
             "Central 33 h = TDI 2023 (33-38 h, 10 NL installers); widened to 26-50 h for the same reasons as hybrid.",
             [("F", 1.0)], "Installer hours are work of installation firms (SBI 43, in F).")

    # --- electrolysis -----------------------------------------------------
    measure("electrolysis", "Hydrogen electrolysis", "MW", "bottom_up", 10, None, "assumption", "",
            "Only pilot/demonstration electrolysers operated by end-2024 (no stock figure in shared data): "
            "10 MW assumed, range 0-50 MW.")
    r = li[("electrolysis", "development/construction (100 MW plant)")]
    # Rhodium (notes of the row): 150 construction/engineering + 190 supply-chain jobs per 100 MW during
    # development. The direct part, 1.5 jobs/MW, is used (coverage "direct", like every other factor);
    # the input-output path adds the Dutch supply chain. ASSUMPTION: development lasts 1-2 years.
    assert "150 construction/engineering" in r["notes"], r["notes"]
    direct = 1.5
    activity("electrolysis", "construction", "job_years_per_unit", direct * 1, direct * 1.5, direct * 2, 2, 2023,
             "assumption", r["source_id"],
             f"No Dutch figure. Rhodium: {fmt(float(r['value_low']))} jobs/MW during development, of which 1.5 "
             "construction/engineering and 1.9 supply chain; duration unknown, assumed 1-2 years: direct 1.5-3.0 "
             "job-years/MW, central 2.25.",
             [("F", 0.45), ("C33", 0.25), ("M71", 0.30)],
             "Assumed split of on-site labour: construction (F), installation of stacks, compressors and electrical "
             "equipment (C33), engineering (M71).")
    r = li[("electrolysis", "O&M")]
    activity("electrolysis", "om", "fte_per_unit_stock", 0.2, float(r["value_low"]), 0.6, 1, 2023, "assumption",
             r["source_id"],
             "Central 0.45 jobs/MW (Rhodium, US); range 0.2-0.6 assumed since large plants are more automated "
             "and no Dutch figure exists.",
             [("C20", 0.50), ("D35", 0.30), ("C33", 0.20)],
             "Assumed split: hydrogen producers (industrial gases C20), energy companies (D35), maintenance (C33).")

    # --- spending measures ------------------------------------------------
    measure("grid_onshore", "Electricity grid on land (TenneT HV + DSO MV/LV)", "MEUR", "spending", 0, (1, 1, 1),
            "sourced", "IBO_RD_2025;IBO_KST_2025",
            "Spending in million euros; IBO: 107 bn EUR onshore to 2040 (scenario supplies the path).")
    spend("grid_onshore",
          [("F", 0.40, 0.05), ("C27", 0.25, 0.60), ("D35", 0.10, 0.0), ("M71", 0.12, 0.10),
           ("C25", 0.06, 0.40), ("C33", 0.07, 0.20)],
          {"F": "Civil works and cable laying by Dutch contractors; little import (assumption).",
           "C27": "Cables, transformers, switchgear: largely imported (assumption, ~60%).",
           "D35": "Grid operators' own technicians (network companies are in D35); domestic.",
           "M71": "Engineering and design; mostly domestic.",
           "*": "Steel structures (C25) / installation and repair (C33); partly imported (assumption)."})
    measure("grid_offshore", "Offshore grid (TenneT platforms and export cables)", "MEUR", "spending", 0,
            (1, 1, 1), "sourced", "IBO_RD_2025;IBO_KST_2025",
            "Spending in million euros; IBO: 88 bn EUR offshore grid to 2040, built largely abroad.")
    spend("grid_offshore",
          [("C27", 0.35, 0.85), ("C25", 0.15, 0.50), ("H50", 0.10, 0.50), ("F", 0.15, 0.30),
           ("M71", 0.15, 0.30), ("C33", 0.05, 0.30), ("D35", 0.05, 0.0)],
          {"C27": "HVDC converters and export cables are made abroad (assumption, 85% imported).",
           "C25": "Platform jackets/topsides: partly built in NL yards (assumption, 50% imported).",
           "H50": "Cable-laying and installation vessels, often foreign (assumption 50%).",
           "F": "Landfall, onshore converter station civil works (assumption 30% imported).",
           "M71": "Engineering, partly by foreign EPC contractors (assumption 30%).",
           "*": "Commissioning/repair (C33) and TenneT staff (D35); judgement."})
    # ASSUMPTION: cost per home insulated.
    measure("insulation", "Home insulation (homes insulated)", "homes", "spending", 0, (0.004, 0.008, 0.015),
            "assumption", "VHN_NIP;GEMEENTENU_NIP",
            "Full cost of 1-3 insulation measures per home 4-15 kEUR (judgement); the state subsidy alone is "
            "1.6-2.4 kEUR/home (NIP 4 bn/2.5 M; 674 M/280k), a lower bound. Base stock 0: count homes from base year.")
    spend("insulation", [("F", 0.80, 0.02), ("C22", 0.10, 0.40), ("C23", 0.10, 0.40)],
          {"F": "Insulation work by construction/installation firms; domestic.",
           "*": "Insulation materials (foam/plastics C22, glass/mineral wool and glass C23), partly imported."})
    # ASSUMPTION: cost per charging point.
    measure("ev_charging", "EV charging points (home and public)", "points", "spending", EV_END_2024,
            (0.001, 0.0025, 0.005), "assumption", ev_src + ";NAL_2024",
            f"NAL: {EV_APRIL_2024:,} points in April 2024 (>{fmt(ev_pts)} in 2023) + 8 months of the 2024 pace "
            f"(base_year_activity.csv) = {EV_END_2024:,} at end-2024; cost per point 1-5 kEUR "
            "(mostly home chargers ~1-2 kEUR, public 5-10 kEUR): judgement.")
    spend("ev_charging", [("F", 0.50, 0.0), ("C27", 0.45, 0.60), ("M71", 0.05, 0.10)],
          {"F": "Installation by electricians (SBI 43); domestic.",
           "C27": "Charging equipment, largely imported (some NL manufacturers).",
           "*": "Engineering/grid connection design."})
    # ASSUMPTION: cost per heat-network connection.
    measure("heat_networks", "Homes connected to heat networks", "homes", "spending", 0, (0.015, 0.025, 0.04),
            "assumption", "VGO_NRC_2022",
            "Cost per connected home incl. distribution network 15-40 kEUR (judgement; no NL figure in shared data). "
            "Base 0: the 500k target is read as additional connections.")
    spend("heat_networks", [("F", 0.55, 0.02), ("C25", 0.15, 0.40), ("C22", 0.05, 0.40), ("C28", 0.10, 0.50),
                            ("M71", 0.10, 0.05), ("D35", 0.05, 0.0)],
          {"F": "Trenching, pipe laying and in-home work; domestic.",
           "M71": "Engineering; domestic.", "D35": "Heat companies' own staff; domestic.",
           "*": "Pipes (C25 steel, C22 plastic) and pumps/heat exchangers (C28), partly imported."})
    measure("industry", "Industrial decarbonisation investment (electrification, efficiency)", "MEUR", "spending",
            0, (1, 1, 1), "sourced", "TELEGRAAF_2018_KA", "Spending in million euros; 9-15 bn EUR for 14.3 Mt.")
    spend("industry", [("C28", 0.35, 0.50), ("F", 0.25, 0.05), ("C25", 0.15, 0.35), ("M71", 0.15, 0.10),
                       ("C27", 0.10, 0.60)],
          {"C28": "Process equipment (boilers, heat pumps, compressors), half imported (assumption).",
           "F": "Site construction and installation; domestic.",
           "*": "Steel work (C25), engineering (M71), electrical equipment (C27); import shares are judgements."})
    measure("ccs", "Carbon capture and storage (Porthos, Aramis)", "MEUR", "spending", 0, (1, 1, 1), "sourced",
            "EW_2025_ARAMIS;PROCESSCONTROL_PORTHOS", "Spending in million euros; Aramis 6-7 bn EUR.")
    spend("ccs", [("F", 0.30, 0.10), ("C28", 0.20, 0.50), ("C25", 0.20, 0.40), ("M71", 0.15, 0.15),
                  ("H50", 0.15, 0.30)],
          {"F": "Pipelines and onshore works; mostly domestic.",
           "H50": "Offshore pipe-lay and platform work, partly foreign vessels.",
           "*": "Compressors (C28), pipes/structures (C25), engineering (M71); import shares are judgements."})

    write_csv("measures.csv", ["id", "name", "unit", "path", "base_stock", "cost_low", "cost_central", "cost_high",
                               "quality", "source_id", "reason"], measures)
    write_csv("activities.csv", ["measure", "activity", "unit", "low", "central", "high", "build_years", "ref_year",
                                 "includes_supply_chain", "supply_chain_sector", "quality", "source_id", "reason"],
              activities)
    write_csv("activity_sectors.csv", ["measure", "activity", "sector", "share", "quality", "source_id", "reason"],
              act_sectors)
    write_csv("products.csv", ["measure", "sector", "share", "import_share", "quality", "source_id", "reason"],
              products)
    write_csv("measure_regions.csv", ["measure", "region", "share", "quality", "source_id", "reason"], m_regions)
    return measures


# ---------------------------------------------------------------------------
# fossil_losses.csv
# ---------------------------------------------------------------------------


def build_fossil_losses(hours, fte_hours):
    """fossil_losses.csv: TNO 2019 6,000-11,000 fte split over segments (the split
    is an assumption; coal figures are sourced). High values are checked against
    the sector's employment (hours / fte_hours)."""
    fj = read_csv("scenarios/fossil_jobs.csv")
    tno = next(r for r in fj if r["segment"] == "all_fossil_transition_losses")
    tno_lo, tno_hi = float(tno["low"]), float(tno["high"])
    # ASSUMPTION: split of TNO's total over segments; coal bounded by FNV/Blik figures.
    segs = [
        ("coal_plants", "Coal-fired power plants (closed by 2030)", "D35", 1400, 1800, 2200, "FNV_COAL;BLIK_2016_COAL",
         ">1,400 at the five modern plants (FNV 2016) to ~2,200 incl. outsourced (Blik 2016); coal banned by 2030."),
        ("coal_chain", "Coal transhipment, by-products and port services", "H52", 300, 500, 600, "BLIK_2016_COAL",
         "~600 jobs in coal transhipment, by-products, transport, inspection (Blik 2016); low assumed half."),
        ("refineries", "Oil refineries (lower fuel demand)", "C19", 1000, 1700, 2600, "TNO_2019_PRESS;TELEGRAAF_2025_REFINERY",
         "Share of TNO 2019 total assumed; no direct refinery employment figure (Gunvor closure alone 160 jobs)."),
        ("petrol_stations", "Petrol stations (fewer fuel sales)", "G47", 1300, 1900, 2600, "TNO_2019_PRESS;BOVAG_TANK_2018",
         "Share of TNO 2019 total assumed; 2,023 staffed stations of 4,121 (BOVAG 2018), staff count not found."),
        ("garages", "Car maintenance (EVs need ~50% less)", "G45", 2000, 2600, 3000, "TNO_2019_PRESS;BOVAG_EV_GARAGE",
         "Share of TNO 2019 total assumed; workshop revenue -25 to -36% by 2030 on the young fleet (BOVAG)."),
    ]
    assert abs(sum(s[3] for s in segs) - tno_lo) < 1 and abs(sum(s[5] for s in segs) - tno_hi) < 1, \
        "segment lows/highs must add up to TNO's 6,000-11,000 fte"
    rows = []
    for sid, name, sec, lo, ce, hi, src, why in segs:
        cap = hours[sec] / fte_hours
        assert hi < cap, f"fossil loss {sid} high {hi} exceeds {sec} employment {cap:.0f} fte"
        rows.append([sid, name, sec, fmt(lo), fmt(ce), fmt(hi), "2019", "2030", "assumption", src,
                     f"{why} Segments sum to TNO 2019's 6,000-11,000 fte (central 8,500); split is an assumption."])
    write_csv("fossil_losses.csv", ["id", "name", "sector", "low", "central", "high", "start_year", "full_year",
                                    "quality", "source_id", "reason"], rows)


# ---------------------------------------------------------------------------
# supply side, part 1: supply_occupations.csv (ROA AIS 2030 per occupation)
# ---------------------------------------------------------------------------

ROA_YEARS = 6  # ROA AIS totals are cumulative over the six forecast years to 2030
ROA_FILE = "labour/roa_ais2030_ed2026_beroepsgroep_nl.csv"
CBS_BRC_FILE = "labour/cbs_85276NED_85517NED_beroepsgroep_2025q4.csv"
ROA_SRC = "ROA_AIS2030_ED2026;CBS_85276NED_2025Q4"

# ROA editie 2026 uses BRC 2014 "editie 2025" codes. Original BRC 2014 code -> the ROA groups it is made of.
# Names per data/raw/labour/PROVENANCE.md: 0132 childcare workers + 0133 teaching assistants = original 0131;
# 0813 analysts/ICT advisers + 0814 software developers = original 0811; 1223 = original 1221 loaders and
# shelf-fillers; 1224 couriers and newspaper deliverers ~ original 1222 refuse collectors and newspaper
# deliverers (boundary differs, see EMP_BASE_MAX_RATIO).
ROA_MERGE = {"0131": ("0132", "0133"), "0811": ("0813", "0814"), "1221": ("1223",), "1222": ("1224",)}
# ROA 0756 "Slagers en bakkers" is split over original 0751 butchers and 0752 bakers by CBS 2025Q4 employment.
ROA_SPLIT = {"0751": "0756", "0752": "0756"}
# Employment base of R6: CBS 2025Q4 persons of the original group (ROA's implied employment is rounded:
# openings / integer openings% x 100), unless the two differ by more than this factor, which means the
# group's boundary changed in editie 2025; then ROA's own base gives the rate and the expansion persons
# are scaled to the CBS group size (the model applies them to CBS employment).
EMP_BASE_MAX_RATIO = 1.5
# ASSUMPTION: fallbacks where ROA has no usable forecast.
#   1311 (occupation unknown) has no ROA group in editie 2025 -> national average rates (its class 13 has
#   no other group); 0551 (managers n.e.c., 4,000 persons) is published with all values 0 -> average rate
#   of its class 05 (managers); expansion and openings stay as published (0).
ROA_FALLBACK = {"1311": "national", "0551": "class"}


def annual_rate(r6):
    """Yearly rate r = R6 / 6 (R6 = ROA's six-year replacement demand as a share of employment).

    ROA's replacement demand is counted against an employment level that stays
    filled (leavers are replaced), so six years of leavers are six times a
    yearly rate on that level; compounding (1 - (1 - R6)^(1/6)) would treat the
    group as a cohort that shrinks and overstate the yearly outflow by ~11%."""
    return r6 / ROA_YEARS


def load_roa():
    """ROA AIS 2030 (editie 2026) national rows keyed by ROA code, and the published total row."""
    out = {}
    for r in read_csv(ROA_FILE):
        pct = int(r["job_openings_pct_of_employment"])
        opn = float(r["job_openings_persons"])
        out[r["brc_code_roa"]] = {
            "exp6": float(r["expansion_demand_persons"]), "repl6": float(r["replacement_demand_persons"]),
            "open6": opn, "pct": pct, "implied": opn * 100.0 / pct if pct > 0 else None,
            "itkb": float(r["itkb_2030_indicator"]) if r["itkb_2030_indicator"] else None,
            "itkb_raw": r["itkb_2030_indicator"], "itkb_class": r["itkb_2030_class"]}
    total = out.pop("999999")
    return out, total


def load_cbs_brc():
    """CBS 2025Q4 employed persons, women's share and BRC class per original BRC 2014 group."""
    out = {}
    for r in read_csv(CBS_BRC_FILE):
        out[r["brc_group_code"]] = {"emp": float(r["employed_persons_2025q4"]),
                                    "women": float(r["share_women_2025q4"]), "cls": r["brc_class_code"]}
    return out


def roa_for_occupations(codes, roa, cbs):
    """ROA six-year figures per ORIGINAL BRC 2014 group (merges, splits and the employment base applied).
    Fallback groups are left out here. Returns dict code -> values."""
    comp = {}
    for b in codes:
        if b in ROA_FALLBACK:
            continue
        if b in ROA_MERGE:
            comp[b] = [(c, 1.0) for c in ROA_MERGE[b]]
        elif b in ROA_SPLIT:
            src = ROA_SPLIT[b]
            sib = sorted(k for k, v in ROA_SPLIT.items() if v == src)
            comp[b] = [(src, cbs[b]["emp"] / sum(cbs[s]["emp"] for s in sib))]
        elif b in roa:
            comp[b] = [(b, 1.0)]
        else:
            raise KeyError(f"BRC {b} has no ROA row, no mapping and no fallback")
    used = {c for cs in comp.values() for c, _ in cs} | {b for b in ROA_FALLBACK if b in roa}
    assert used == set(roa), f"ROA groups not mapped: {sorted(set(roa) - used)}"
    res = {}
    for b, cs in comp.items():
        v = {k: sum(roa[c][k] * w for c, w in cs) for k in ("exp6", "repl6", "open6", "implied")}
        if len(cs) == 1:
            c = cs[0][0]
            v["itkb_txt"], v["itkb_class"] = roa[c]["itkb_raw"], roa[c]["itkb_class"]
            v["itkb_note"] = ""
        else:
            with_i = [(roa[c]["implied"], roa[c]) for c, _ in cs if roa[c]["itkb"] is not None]
            v["itkb_txt"] = fmt(sum(e * x["itkb"] for e, x in with_i) / sum(e for e, _ in with_i), 4)
            big = max(cs, key=lambda cw: roa[cw[0]]["implied"])[0]
            v["itkb_class"] = roa[big]["itkb_class"]
            v["itkb_note"] = (f" ITKB = mean of {'+'.join(c for c, _ in cs)} weighted by ROA-implied employment; "
                              f"class of the larger group {big}.")
        emp = cbs[b]["emp"]
        ratio = v["implied"] / emp
        if 1.0 / EMP_BASE_MAX_RATIO <= ratio <= EMP_BASE_MAX_RATIO:
            v["base"], v["scale"] = emp, 1.0
            v["base_txt"] = f"CBS 2025Q4 employment {emp:.0f} (ROA-implied {v['implied']:.0f}, ratio {ratio:.2f})"
        else:
            v["base"], v["scale"] = v["implied"], emp / v["implied"]
            v["base_txt"] = (f"ROA-implied employment {v['implied']:.0f} (openings/openings%x100) because "
                             f"ROA-implied/CBS {emp:.0f} = {ratio:.2f}: ROA's group is bounded differently; "
                             f"expansion scaled by {v['scale']:.3f} to the CBS group size")
        v["r6"] = v["repl6"] / v["base"]
        v["rate"] = annual_rate(v["r6"])
        v["exp_y"] = v["exp6"] / ROA_YEARS * v["scale"]
        v["comp"] = cs
        res[b] = v
    return res


def build_supply_occupations(occ):
    """supply_occupations.csv: women's share (CBS 2025Q4) and ROA AIS 2030 replacement rate, expansion,
    openings and ITKB for every original BRC 2014 group, in occupations.csv order."""
    roa, _ = load_roa()
    cbs = load_cbs_brc()
    codes = [o["code"] for o in occ]
    res = roa_for_occupations(codes, roa, cbs)

    def avg_r6(members):
        e = sum(cbs[b]["emp"] for b in members)
        return sum(res[b]["r6"] * cbs[b]["emp"] for b in members) / e, \
            sum(res[b]["exp_y"] for b in members) * ROA_YEARS / e

    nat_r6, nat_e6 = avg_r6(sorted(res))
    classes = sorted({cbs[b]["cls"] for b in res})
    cls_r6 = {c: avg_r6([b for b in res if cbs[b]["cls"] == c])[0] for c in classes}
    lo_r, hi_r = annual_rate(min(cls_r6.values())), annual_rate(max(cls_r6.values()))
    rows, out = [], {}
    for b in codes:
        w = cbs[b]["women"]
        if b in res:
            v = res[b]
            if b in ROA_MERGE and len(ROA_MERGE[b]) > 1:
                how = f"ROA ed. 2026 groups {'+'.join(ROA_MERGE[b])} (BRC ed. 2025 codes) summed for original {b}"
            elif b in ROA_MERGE:
                how = f"ROA ed. 2026 group {ROA_MERGE[b][0]} (BRC ed. 2025 code) used for original {b}"
            elif b in ROA_SPLIT:
                how = (f"ROA ed. 2026 group {ROA_SPLIT[b]} split over original 0751/0752 by CBS 2025Q4 "
                       f"employment (share {v['comp'][0][1]:.4f})")
            else:
                how = f"ROA ed. 2026 group {b} (same code)"
            scaled = f" x {v['scale']:.3f}" if v["scale"] != 1.0 else ""
            why = (f"{how}. replacement_rate = R6/6 with R6 = replacement {v['repl6']:.0f} / base = "
                   f"{v['r6']:.4f}; base = {v['base_txt']}; expansion = ROA {v['exp6']:.0f}/6{scaled} persons/yr; "
                   f"openings = ROA 6-yr total; women_share CBS 2025Q4.{v['itkb_note']}")
            rows.append([b, fmt(w, 6), fmt(v["rate"], 6), fmt(v["exp_y"], 8), fmt(round(v["open6"]), 10),
                         v["itkb_txt"], v["itkb_class"], "derived", ROA_SRC, why])
            out[b] = {"rate": v["rate"], "exp_y": v["exp_y"], "open6": v["open6"]}
        elif ROA_FALLBACK[b] == "national":
            rate, exp_y = annual_rate(nat_r6), nat_e6 * cbs[b]["emp"] / ROA_YEARS
            why = (f"ASSUMPTION: no ROA group in BRC ed. 2025 (occupation unknown). National averages over the other "
                   f"groups: R6 {nat_r6:.4f} -> rate; expansion = national 6-yr expansion share {nat_e6:.4f} x CBS "
                   f"employment / 6. Range: class averages {lo_r:.4f}-{hi_r:.4f}/yr. Openings/ITKB not published.")
            rows.append([b, fmt(w, 6), fmt(rate, 6), fmt(exp_y, 8), "", "", "", "assumption", ROA_SRC, why])
            out[b] = {"rate": rate, "exp_y": exp_y, "open6": None}
        else:
            r = roa[b]
            c6 = cls_r6[cbs[b]["cls"]]
            rate = annual_rate(c6)
            why = (f"ASSUMPTION: ROA publishes 0 for every figure of {b} (no employment base). Rate = class "
                   f"{cbs[b]['cls']} average R6 {c6:.4f} (CBS-weighted); expansion and openings 0 as published. "
                   f"Range: class averages {lo_r:.4f}-{hi_r:.4f}/yr.")
            rows.append([b, fmt(w, 6), fmt(rate, 6), "0", fmt(r["open6"], 10), r["itkb_raw"], r["itkb_class"],
                         "assumption", ROA_SRC, why])
            out[b] = {"rate": rate, "exp_y": 0.0, "open6": r["open6"]}
    write_csv("supply_occupations.csv", ["occupation", "women_share", "replacement_rate", "expansion_persons_per_year",
                                         "roa_job_openings_persons", "roa_itkb", "roa_itkb_class", "quality",
                                         "source_id", "reason"], rows)
    return out


# ---------------------------------------------------------------------------
# supply side, part 2: education_pipeline.csv and enrolment.csv
# ---------------------------------------------------------------------------

EDU = "education/"
ENROL_YEARS = range(2014, 2041)
# mbo: Techniekpact monitor's domain-based definition of beta/technical mbo (8 domains); ICT is its own direction.
MBO_ICT_DOMAINS = {"Informatie en communicatietechnologie"}
MBO_TECH_DOMAINS = {"Afbouw, hout en onderhoud", "Ambacht, laboratorium en gezondheidstechniek", "Bouw en infra",
                    "Media en vormgeving", "Mobiliteit en voertuigen", "Techniek en procesindustrie",
                    "Transport, scheepvaart en logistiek"}
MBO_RATIO_YEAR = ("2016", "2016/'17")  # DUO 1 Oct count year, Techniekpact study year: first-year/stock ratio
# hbo/wo: a programme is ICT when its DUO name matches this pattern (CROHO onderdeel techniek or natuur).
# Our rule, checked by hand on all 344 programme names; ICT programmes that DUO files under economie
# (e.g. business IT) stay in 'other'. 'techniek' = onderdeel techniek minus ICT; natuur (except ICT) -> other.
ICT_PROGRAMME = re.compile(r"\bICT\b|\bIT\b|informati|software|computer|computing|data|cyber|artificial intelligence|"
                           r"kunstmatige intelligentie|embedded|game tech|telematica|internet|frontend|digital", re.I)
# ASSUMPTION: projection rules for years without observations (named in every row's reason).
#   mbo observed 2015-2019, wo 2015-2019, hbo 2015-2024; later years = mean of the last three observed
#   years; 2014 = the first observed year (2015).
PROJECTION_MEAN_YEARS = 3
# ASSUMPTION: persons entering work each year with at most vmbo/havo/vwo/entree (mbo1): early school-leavers
# without a starting qualification, entree leavers, havo/vwo leavers who do not continue, and dropouts of
# mbo/hbo/wo who leave education (the pipeline does not re-enter its dropouts elsewhere; the builder prints
# how many drop out). No count in the shared data. Range 40,000-80,000.
VMBO_LEAVERS = (40000, 60000, 80000)
VMBO_ICT_SHARE = 0.03  # ASSUMPTION: vmbo leavers with an ICT-oriented profile (no figure; range 0.01-0.06)
# ASSUMPTION: nominal programme length (years from first-year to entering work).
PROGRAMME_YEARS = {"vmbo": 1, "mbo2": 2, "mbo3": 3, "mbo4": 4, "hbo": 4, "wo": 5}
# ASSUMPTION: mbo dropout (share of first-years who never get the level's diploma); no lag-consistent pair of
# inflow and diplomas exists in the shared data (see reason). wo: same problem (diplomas end 2018, first-years
# start 2015), bounded above by master+ongedeelde diplomas 2018 / wo entrants 2015 (computed in the builder).
DROPOUT = {"mbo2": (0.10, 0.20, 0.30), "mbo3": (0.05, 0.12, 0.20), "mbo4": (0.05, 0.10, 0.20), "wo": (0.08, 0.15, 0.22)}
HBO_DROPOUT_DIPLOMA_YEARS = ("2019", "2023")  # hbo diplomas 2019-2023 vs first-years four years earlier
# ASSUMPTION: relative labour-market entry of graduates by level (share that does not continue in education
# or leave the country): mbo2 graduates often continue to mbo3/4, about half of mbo4 graduates go to hbo, some
# hbo graduates go on to a wo master, many international wo graduates leave. A common factor then scales
# these so that the 2024 school-leavers total ROA's ~1.6 million per six years (capped at 1).
LME_BASE = {"mbo2": 0.55, "mbo3": 0.75, "mbo4": 0.55, "hbo": 0.85, "wo": 0.75}
ROA_SCHOOL_LEAVERS_6Y = 1600000  # ROA AIS 2021-2026, as quoted in the project brief (ROA-R-2021/5)


def level_of_niveau(n):
    """mbo kwalificatieniveau 2/3/4 -> our level code (niveau 1 = entree belongs to 'vmbo')."""
    return {"2": "mbo2", "3": "mbo3", "4": "mbo4"}.get(n)


def mbo_direction(domain):
    """Direction of a DUO mbo opleidingsdomein."""
    if domain in MBO_ICT_DOMAINS:
        return "ict"
    return "techniek" if domain in MBO_TECH_DOMAINS else "other"


def programme_direction(row):
    """Direction of a DUO hbo/wo programme row (CROHO onderdeel techniek/natuur)."""
    if ICT_PROGRAMME.search(row["opleidingsnaam"]):
        return "ict"
    return "techniek" if row["croho_onderdeel"] == "techniek" else "other"


def num(v):
    """DUO cell -> number; blank = 0 (DUO leaves a cell blank when a programme was not offered)."""
    return float(v) if v not in ("", None) else 0.0


def load_mbo():
    """mbo first-years 2015-2019 per (year, level, direction), derived from DUO 1-October student counts x the
    Techniekpact 2016/17 ratio of inflow to students per level; also women's share of students, the ratios and
    the entree women's share."""
    stock, women, t8 = {}, {}, {}
    for r in read_csv(EDU + "duo_mbo_studenten_domein_niveau_leerweg_2015_2019.csv"):
        d = mbo_direction(r["opleidingsdomein"])
        lv = level_of_niveau(r["niveau"]) or "entree"
        k = (r["year"], lv, d)
        stock[k] = stock.get(k, 0.0) + num(r["total"])
        women[k] = women.get(k, 0.0) + num(r["women"])
        if d != "other":
            t8[(r["year"], lv)] = t8.get((r["year"], lv), 0.0) + num(r["total"])
    inflow = {}
    for r in read_csv(EDU + "techniekpact_monitor_mbo_instroom_betatechniek_excerpts.csv"):
        if r["definition"].startswith("domain-based") and r["study_year"] == MBO_RATIO_YEAR[1] \
                and level_of_niveau(r["niveau"]):
            inflow[level_of_niveau(r["niveau"])] = float(r["value"])
    ratio = {lv: inflow[lv] / t8[(MBO_RATIO_YEAR[0], lv)] for lv in ("mbo2", "mbo3", "mbo4")}
    fy = {}
    for (y, lv, d), v in stock.items():
        if lv in ratio:
            fy[(int(y), lv, d)] = v * ratio[lv]
    return {"fy": fy, "stock": stock, "women": women, "ratio": ratio, "inflow": inflow, "t8": t8}


def load_ho():
    """hbo and wo first-years per (year, level, direction) with women, plus hbo diplomas and the wo
    external-master-entrant shares. Sources: DUO 03b/05 (2014/2015-2019) and DUO p02/p04 (hbo 2019-2024)."""
    fy, fyw, dipl, wo = {}, {}, {}, {}

    def add(dct, k, v):
        dct[k] = dct.get(k, 0.0) + v

    # 2015-2019 (DUO 03b eerstejaars, 05 gediplomeerden): programme level for techniek/natuur ...
    for r in read_csv(EDU + "duo_ho_opleidingen_techniek_natuur_national_2010_2024.csv"):
        d = programme_direction(r)
        typ = r["type"].replace("wo ", "").replace("hbo ", "")
        if r["level"] == "wo":
            add(wo, (r["measure"], int(r["year"]), typ, d), num(r["total"]))
            add(wo, (r["measure"] + "_w", int(r["year"]), typ, d), num(r["women"]))
        elif r["measure"] == "eerstejaars":
            add(fy, (int(r["year"]), "hbo", d), num(r["total"]))
            add(fyw, (int(r["year"]), "hbo", d), num(r["women"]))
    # ... and the CROHO onderdeel totals for all other onderdelen (= direction 'other').
    for r in read_csv(EDU + "duo_ho_croho_onderdeel_2010_2024.csv"):
        if r["croho_onderdeel"] in ("techniek", "natuur"):
            continue
        typ = r["type"].replace("wo ", "").replace("hbo ", "")
        if r["level"] == "wo":
            add(wo, (r["measure"], int(r["year"]), typ, "other"), num(r["total"]))
            add(wo, (r["measure"] + "_w", int(r["year"]), typ, "other"), num(r["women"]))
        elif r["measure"] == "eerstejaars":
            add(fy, (int(r["year"]), "hbo", "other"), num(r["total"]))
            add(fyw, (int(r["year"]), "hbo", "other"), num(r["women"]))
    # hbo 2020-2024 first-years (p02) and 2019-2023 diplomas (p04): programme file for techniek/ict,
    # sex-variant sector totals for the other onderdelen (suppressed cells of 1-4 persons are not included).
    for r in read_csv(EDU + "duo_hbo_p01_p04_opleidingen_techniek_2019_2024.csv"):
        d = programme_direction(r)
        if r["measure"] == "eerstejaars":
            add(fy, (int(r["year"]), "hbo", d), num(r["total"]))
        else:
            add(dipl, (int(r["year"]), d), num(r["total"]))
    for r in read_csv(EDU + "duo_hbo_p01_p04_sector_2019_2024.csv"):
        if r["croho_onderdeel"] == "techniek":
            continue
        if r["measure"] == "eerstejaars":
            add(fy, (int(r["year"]), "hbo", "other"), num(r["value"]))
        else:
            add(dipl, (int(r["year"]), "other"), num(r["value"]))
    # wo entrants = bachelor first-years + master first-years from outside a wo bachelor. The external
    # share per direction = 1 - wo bachelor diplomas / wo master first-years, summed over 2015-2018
    # (a lower bound: not every bachelor graduate continues to a master).
    ext = {}
    for d in DIRECTIONS:
        bd = sum(wo.get(("gediplomeerden", y, "bachelor", d), 0.0) for y in range(2015, 2019))
        mf = sum(wo.get(("eerstejaars", y, "master", d), 0.0) for y in range(2015, 2019))
        ext[d] = 1.0 - bd / mf
    for y in range(2015, 2020):
        for d in DIRECTIONS:
            b = wo.get(("eerstejaars", y, "bachelor", d), 0.0)
            m = wo.get(("eerstejaars", y, "master", d), 0.0)
            fy[(y, "wo", d)] = b + ext[d] * m
            fyw[(y, "wo", d)] = (wo.get(("eerstejaars_w", y, "bachelor", d), 0.0)
                                 + ext[d] * wo.get(("eerstejaars_w", y, "master", d), 0.0))
    wo_grad_2018 = sum(wo.get(("gediplomeerden", 2018, t, d), 0.0) for t in ("master", "ongedeelde opleiding")
                       for d in DIRECTIONS)
    wo_entr_2015 = sum(fy[(2015, "wo", d)] for d in DIRECTIONS)
    return {"fy": fy, "fyw": fyw, "dipl": dipl, "ext": ext, "wo_bound": (wo_grad_2018, wo_entr_2015)}


def load_education_facts():
    """Single facts from the policy-facts excerpt (seed documents) keyed by id."""
    return {r["id"]: r for r in read_csv(EDU + "policy_facts_education_excerpt.csv")}


def build_education():
    """education_pipeline.csv and enrolment.csv. Returns what the supply parameters and the report need."""
    mbo, ho = load_mbo(), load_ho()
    facts = load_education_facts()
    vmbo_tech = float(facts["vmbo_tech_share_2023"]["value"]) / 100.0
    fy = dict(mbo["fy"])
    fy.update(ho["fy"])
    observed = {}
    for (y, lv, d) in fy:
        observed.setdefault((lv, d), set()).add(y)

    # --- enrolment.csv -------------------------------------------------------
    enrol, rows = {}, []
    mbo_src = "DUO_MBO_DEELNEMERS_2015_2019;TECHNIEKPACT_MONITOR_MBO"
    ho_src = {"hbo": "DUO_HO_2015_2019;DUO_HBO_P01_P04_2019_2024", "wo": "DUO_HO_2015_2019"}
    r = mbo["ratio"]
    mbo_why = (f"DUO mbo students (1 Oct) x first-year ratio {fmt(r['mbo2'], 4)}/{fmt(r['mbo3'], 4)}/{fmt(r['mbo4'], 4)} "
               f"(mbo2/3/4) = Techniekpact 2016/17 inflow / DUO 2016 students of its 8 technical domains")
    vmbo_n = {"techniek": VMBO_LEAVERS[1] * vmbo_tech, "ict": VMBO_LEAVERS[1] * VMBO_ICT_SHARE}
    vmbo_n["other"] = VMBO_LEAVERS[1] - vmbo_n["techniek"] - vmbo_n["ict"]
    for y in ENROL_YEARS:
        for lv in LEVELS:
            for d in DIRECTIONS:
                if lv == "vmbo":
                    v = vmbo_n[d]
                    q, src = "assumption", "SEED_001;CBS_85357NED"
                    why = (f"ASSUMPTION: {VMBO_LEAVERS[1]} persons/yr leave education with at most vmbo/havo/vwo/entree "
                           f"(range {VMBO_LEAVERS[0]}-{VMBO_LEAVERS[2]}; early leavers without a starting qualification, "
                           f"entree, havo/vwo leavers, and part of the {{DROPOUTS}} yearly mbo/hbo/wo dropouts of "
                           f"education_pipeline.csv); technical share {fmt(vmbo_tech, 3)} = vmbo year-3 pupils with a "
                           f"technical profile 2023, ICT {VMBO_ICT_SHARE} (range 0.01-0.06); constant over time.")
                else:
                    obs = sorted(observed[(lv, d)])
                    if y in obs:
                        v = fy[(y, lv, d)]
                        if lv.startswith("mbo"):
                            q, src = ("derived" if d != "other" else "assumption"), mbo_src
                            why = (mbo_why + (" (ratio of technical domains applied to non-technical ones: assumption)"
                                              if d == "other" else "") + ".")
                        elif lv == "hbo":
                            q, src = "derived", ho_src["hbo"]
                            defin = "03b eerstejaars domein hbo" if y <= 2019 else "p02 eerstejaars HO (excl. hbo masters)"
                            why = (f"DUO {defin}, national sum; direction: onderdeel techniek split into ICT/non-ICT "
                                   f"programmes by name, other onderdelen = other.")
                        else:
                            q, src = "derived", ho_src["wo"]
                            why = (f"DUO 03b wo bachelor first-years + {fmt(ho['ext'][d], 3)} x master first-years "
                                   f"(share from outside a wo bachelor, 2015-2018); techniek = onderdeel techniek excl. "
                                   f"ICT programmes, natuur excl. ICT = other.")
                    elif y < obs[0]:
                        v = fy[(obs[0], lv, d)]
                        q, src = "assumption", (mbo_src if lv.startswith("mbo") else ho_src[lv])
                        why = f"ASSUMPTION: no observation before {obs[0]}; held at the {obs[0]} value."
                    else:
                        last = obs[-PROJECTION_MEAN_YEARS:]
                        v = sum(fy[(t, lv, d)] for t in last) / len(last)
                        q, src = "assumption", (mbo_src if lv.startswith("mbo") else ho_src[lv])
                        why = (f"ASSUMPTION: projection = mean of the last three observed years {last[0]}-{last[-1]} "
                               f"(no forecast in the shared data; demographic decline and trends ignored).")
                v = float(round(v))
                enrol[(y, lv, d)] = v
                rows.append([str(y), lv, d, fmt(v, 10), q, src, why])
    # --- dropout ----------------------------------------------------------------
    dropout, drop_why = {}, {}
    y0, y1 = int(HBO_DROPOUT_DIPLOMA_YEARS[0]), int(HBO_DROPOUT_DIPLOMA_YEARS[1])
    lag = PROGRAMME_YEARS["hbo"]
    for d in DIRECTIONS:
        dl = sum(ho["dipl"][(t, d)] for t in range(y0, y1 + 1))
        f = sum(fy[(t - lag, "hbo", d)] for t in range(y0, y1 + 1))
        dropout[("hbo", d)] = 1.0 - dl / f
        drop_why[("hbo", d)] = (f"dropout derived = 1 - hbo diplomas {y0}-{y1} ({dl:.0f}, DUO p04) / first-years "
                                f"{y0 - lag}-{y1 - lag} ({f:.0f}, DUO 03b)")
    g, e = ho["wo_bound"]
    for lv in ("mbo2", "mbo3", "mbo4", "wo"):
        for d in DIRECTIONS:
            dropout[(lv, d)] = DROPOUT[lv][1]
            lo, _, hi = DROPOUT[lv]
            if lv == "wo":
                drop_why[(lv, d)] = (f"dropout {DROPOUT[lv][1]} assumed (range {lo}-{hi}): no lag-consistent data; "
                                     f"upper bound 1 - master+ongedeelde diplomas 2018 ({g:.0f}) / wo entrants 2015 "
                                     f"({e:.0f}) = {1 - g / e:.3f}")
            else:
                drop_why[(lv, d)] = (f"dropout {DROPOUT[lv][1]} assumed (range {lo}-{hi}): first-years are new "
                                     f"entrants (Techniekpact ratio) while CBS diplomas include level-movers, so no "
                                     f"completion rate can be derived")
    for d in DIRECTIONS:
        dropout[("vmbo", d)] = 0.0
        drop_why[("vmbo", d)] = "dropout 0 (leavers are counted when they leave)"
    dropouts = sum(enrol[(BASE_YEAR - PROGRAMME_YEARS[lv], lv, d)] * dropout[(lv, d)]
                   for lv in LEVELS for d in DIRECTIONS)
    rows = [r[:6] + [r[6].replace("{DROPOUTS}", f"~{round(dropouts, -3):.0f}")] for r in rows]
    write_csv("enrolment.csv", ["year", "level", "direction", "first_year_students", "quality", "source_id",
                                "reason"], rows)

    # --- labour-market entry: calibrate the common factor on 2024 school-leavers ------------

    def graduates(lv, d, year):
        return enrol[(year - PROGRAMME_YEARS[lv], lv, d)] * (1.0 - dropout[(lv, d)])

    grads = {(lv, d): graduates(lv, d, BASE_YEAR) for lv in LEVELS for d in DIRECTIONS}
    vmbo_total = sum(grads[("vmbo", d)] for d in DIRECTIONS)
    target = ROA_SCHOOL_LEAVERS_6Y / ROA_YEARS

    def leavers(factor):
        return vmbo_total + sum(min(1.0, factor * LME_BASE[lv]) * grads[(lv, d)]
                                for lv in LME_BASE for d in DIRECTIONS)

    lo_f, hi_f = 0.0, 1.0 / min(LME_BASE.values())
    if leavers(hi_f) < target:
        raise SystemExit(f"cannot reach {target:.0f} school-leavers: even full entry gives {leavers(hi_f):.0f}")
    for _ in range(100):
        mid = (lo_f + hi_f) / 2
        lo_f, hi_f = (mid, hi_f) if leavers(mid) < target else (lo_f, mid)
    factor = hi_f
    lme = {lv: float(fmt(min(1.0, factor * b), 3)) for lv, b in LME_BASE.items()}
    lme["vmbo"] = 1.0

    # --- women's share of inflow ---------------------------------------------------
    women, women_why = {}, {}
    st, sw = mbo["stock"], mbo["women"]
    for lv in ("mbo2", "mbo3", "mbo4"):
        for d in DIRECTIONS:
            t = sum(st.get((str(y), lv, d), 0.0) for y in range(2017, 2020))
            women[(lv, d)] = sum(sw.get((str(y), lv, d), 0.0) for y in range(2017, 2020)) / t
            women_why[(lv, d)] = "women's share of DUO mbo students 2017-2019 (proxy for first-years)"
    for lv in ("hbo", "wo"):
        for d in DIRECTIONS:
            w = sum(ho["fyw"][(y, lv, d)] for y in range(2017, 2020))
            t = sum(fy[(y, lv, d)] for y in range(2017, 2020))
            women[(lv, d)] = w / t
            women_why[(lv, d)] = "women's share of DUO first-years 2017-2019 (03b)"
    ent_w = sum(sw.get((str(y), "entree", "other"), 0.0) for y in range(2017, 2020)) / \
        sum(st.get((str(y), "entree", "other"), 0.0) for y in range(2017, 2020))
    for d in DIRECTIONS:
        women[("vmbo", d)] = ent_w if d == "other" else women[("mbo2", d)]
        women_why[("vmbo", d)] = ("ASSUMPTION: women's share of DUO entree students 2017-2019" if d == "other" else
                                  f"ASSUMPTION: as mbo2 {d} (no vmbo figure)")

    # --- education_pipeline.csv ------------------------------------------------------
    rows = []
    src = {"vmbo": "SEED_001;DUO_MBO_DEELNEMERS_2015_2019", "mbo2": "DUO_MBO_DEELNEMERS_2015_2019;CBS_85357NED",
           "mbo3": "DUO_MBO_DEELNEMERS_2015_2019;CBS_85357NED", "mbo4": "DUO_MBO_DEELNEMERS_2015_2019;CBS_85357NED",
           "hbo": "DUO_HO_2015_2019;DUO_HBO_P01_P04_2019_2024", "wo": "DUO_HO_2015_2019"}
    for lv in LEVELS:
        for d in DIRECTIONS:
            if lv == "vmbo":
                lme_why = "entry 1 by definition (the count is of leavers)"
                py_why = "1 year: enrolment holds the yearly number of leavers"
            else:
                lme_why = (f"entry {fmt(lme[lv], 3)} = ASSUMPTION base {LME_BASE[lv]} x common factor {factor:.4f} "
                           f"(capped at 1) calibrated so that 2024 school-leavers = ROA 1.6 million/6")
                py_why = f"{PROGRAMME_YEARS[lv]} years nominal (assumption)"
            why = f"{py_why}; {drop_why[(lv, d)]}; {lme_why}; women: {women_why[(lv, d)]}."
            rows.append([lv, d, str(PROGRAMME_YEARS[lv]), fmt(dropout[(lv, d)], 6), fmt(lme[lv], 6),
                         fmt(women[(lv, d)], 6), "assumption", src[lv], why])
    write_csv("education_pipeline.csv", ["level", "direction", "programme_years", "dropout", "labour_market_entry",
                                         "women_share_inflow", "quality", "source_id", "reason"], rows)
    school_leavers = sum(grads[(lv, d)] * lme[lv] for lv in LEVELS for d in DIRECTIONS)
    return {"mbo": mbo, "ho": ho, "factor": factor, "lme": lme, "grads": grads, "school_leavers": school_leavers,
            "dropout": dropout, "enrol": enrol, "dropouts": dropouts}


# ---------------------------------------------------------------------------
# supply side, part 3: supply_parameters.csv
# ---------------------------------------------------------------------------

# ASSUMPTION: women's average hours per employed person relative to men's (Dutch part-time pattern);
# the level is tied to EU KLEMS 2014 hours per person engaged / fte hours (parameters.csv).
FTE_WOMEN_TO_MEN = (0.65, 0.75, 0.85)
# ASSUMPTION: range around the CBS switch-out rates (one figure each; year and exact definition not stated).
SWITCH_OUT_RANGE = 0.25
# ASSUMPTION: retirement share of ROA's replacement demand; arithmetic in the reason. Symmetric around the
# derived 0.70 (rule R2, docs/RANGES.md: no source gives a reason for a skew; was 0.5-0.8).
RETIREMENT_SHARE = (0.6, 0.7, 0.8)
RETIREMENT_SPAN_YEARS = 13  # the 55+ leave over roughly 13 years (55 -> ~68)
# ASSUMPTION: side-entrants per gross switch-out in technician-set occupations. Central 1 keeps ROA's
# replacement demand (net of occupational mobility) and is the low end of CBS's construction-sector ratio
# 2008-2016 (~1.0-1.1, evidence CBS_2018_BOUW_INSTROOM); +-0.1 for the transfer from a sector in crisis
# years to an occupation set today, symmetric (rules R2/R4, docs/RANGES.md; was 0.6-1.2 without a source).
SIDE_ENTRY = (0.9, 1.0, 1.1)
# ASSUMPTION: range of the calibrated migration and re-entry rate: +-1/3.
MIGRATION_RANGE = 1.0 / 3.0
# Evidence status per supply parameter (issue 21 item 2; ids into evidence.csv; docs/RANGES.md):
# measured = a source measures the value for the Netherlands; indirect = derived from a related measured
# figure with stated assumptions; none = judgement.
SUPPLY_EVIDENCE = {
    "fte_per_person_women": ["indirect", "EUKLEMS_HOURS_2014"],
    "fte_per_person_men": ["indirect", "EUKLEMS_HOURS_2014"],
    "switch_out_women": ["measured", "SEED002_SWITCH_OUT"],
    "switch_out_men": ["measured", "SEED002_SWITCH_OUT"],
    "retirement_share_of_replacement": ["indirect", "CBS_AGEING_2023"],
    "side_entry_per_switch_out": ["indirect", "CBS_2018_BOUW_INSTROOM"],
    "migration_rate": ["indirect", "ROA_AIS2030_OPENINGS"],
}


def build_supply_parameters(klems, fte_hours, edu):
    """supply_parameters.csv (the seven ids of the supply model)."""
    cbs = load_cbs_brc()
    emp = sum(v["emp"] for v in cbs.values())
    ws = sum(v["emp"] * v["women"] for v in cbs.values()) / emp
    hpp = klems[("H_EMP", "TOT")] / klems[("EMP", "TOT")]  # thousand hours / thousand persons
    avg = hpp / fte_hours

    def men(ratio):
        return avg / (ws * ratio + 1.0 - ws)

    lo_r, ce_r, hi_r = FTE_WOMEN_TO_MEN
    fte_w = (lo_r * men(lo_r), ce_r * men(ce_r), hi_r * men(hi_r))
    fte_m = (men(hi_r), men(ce_r), men(lo_r))
    facts = {r["id"]: float(r["value"]) / 100.0 for r in read_csv("labour/policy_facts_supply_excerpt.csv")}
    sw, sm = facts["switch_out_women"], facts["switch_out_men"]
    ages = {r["period"]: float(r["value"]) / 100.0 for r in read_csv("labour/monitor_facts_additions.csv")
            if r["topic"] == "ageing" and r["period"] == "2023"}
    roa, _ = load_roa()
    repl_y = sum(v["repl6"] for v in roa.values()) / ROA_YEARS
    open_y = sum(v["open6"] for v in roa.values()) / ROA_YEARS
    ret_rate = ages["2023"] / RETIREMENT_SPAN_YEARS
    repl_rate = repl_y / emp
    sl = edu["school_leavers"]
    mig = (open_y - sl) / emp
    rows = [
        ["fte_per_person_women", "fte/person", fmt(fte_w[0], 4), fmt(fte_w[1], 4), fmt(fte_w[2], 4), "assumption",
         "EUKLEMS2017;CBS_85276NED_2025Q4",
         f"No hours by sex in the shared data. Women's hours per person = {ce_r} (range {lo_r}-{hi_r}) x men's "
         f"(Dutch part-time pattern, judgement), with the employment-weighted mean (women {ws:.4f}, CBS 2025Q4) "
         f"equal to EU KLEMS 2014 hours per person engaged {hpp:.0f} / {fte_hours:.0f} fte hours = {avg:.4f}."],
        ["fte_per_person_men", "fte/person", fmt(fte_m[0], 4), fmt(fte_m[1], 4), fmt(fte_m[2], 4), "assumption",
         "EUKLEMS2017;CBS_85276NED_2025Q4",
         f"Same calibration as fte_per_person_women: men = {avg:.4f} / ({ws:.4f} x ratio + {1 - ws:.4f}) for a "
         f"women/men hours ratio {hi_r}/{ce_r}/{lo_r} (low/central/high); above 1 because 1,600 h is below a "
         f"full-time man's year."],
        ["switch_out_women", "share/year", fmt(sw * (1 - SWITCH_OUT_RANGE), 4), fmt(sw, 4),
         fmt(sw * (1 + SWITCH_OUT_RANGE), 4), "sourced", "SEED_002",
         f"CBS maatwerk 2022 as quoted in the 2022 letter (seed 002): {sw * 100:.1f}% of women in technical "
         f"occupations switch to non-technical ones a year; range +-{SWITCH_OUT_RANGE * 100:.0f}% is our assumption "
         f"(year and definition not stated)."],
        ["switch_out_men", "share/year", fmt(sm * (1 - SWITCH_OUT_RANGE), 4), fmt(sm, 4),
         fmt(sm * (1 + SWITCH_OUT_RANGE), 4), "sourced", "SEED_002",
         f"CBS maatwerk 2022 as quoted in seed 002: {sm * 100:.1f}% of men a year; range +-"
         f"{SWITCH_OUT_RANGE * 100:.0f}% is our assumption."],
        ["retirement_share_of_replacement", "share", fmt(RETIREMENT_SHARE[0]), fmt(RETIREMENT_SHARE[1]),
         fmt(RETIREMENT_SHARE[2]), "assumption", "CBS_AGEING_2023;ROA_AIS2030_ED2026",
         f"No split of ROA's replacement demand in the shared data. {ages['2023'] * 100:.0f}% of the employed were "
         f"55-75 in 2023 (CBS); leaving over ~{RETIREMENT_SPAN_YEARS} years gives ~{ret_rate * 100:.1f}%/yr of "
         f"employment vs ROA replacement {repl_rate * 100:.2f}%/yr -> {ret_rate / repl_rate:.2f}; the rest is "
         f"disability, care, unemployment and other exits."],
        ["side_entry_per_switch_out", "ratio", fmt(SIDE_ENTRY[0]), fmt(SIDE_ENTRY[1]), fmt(SIDE_ENTRY[2]),
         "assumption", "SEED_002",
         "1 keeps ROA's replacement demand, which is net of occupational mobility (switch-out refilled by "
         "side-entry); CBS (2018): in construction 2008-2016 about half of the 123,000 non-returning entrants came "
         "from another industry while over a third of the >230,000 leavers went to one, a ratio of ~1.0-1.1 "
         "(sector, crisis years), whose low end is central; range +-0.1 around it for the transfer to an "
         "occupation set today, symmetric (was 0.6-1.2, unsourced)."],
        ["migration_rate", "share/year", fmt(mig * (1 - MIGRATION_RANGE), 4), fmt(mig, 4),
         fmt(mig * (1 + MIGRATION_RANGE), 4), "assumption", "ROA_AIS2030_ED2026;CBS_85276NED_2025Q4",
         f"Calibrated: (ROA job openings {open_y:.0f}/yr (2,046,900/6, 114 groups) - school-leavers entering work "
         f"2024 {sl:.0f}) / CBS 2025Q4 employment {emp:.0f} = {mig:.5f}; range +-1/3. Covers labour migration "
         f"and re-entrants (unemployed, inactive)."],
    ]
    for r in rows:
        r += SUPPLY_EVIDENCE[r[0]]
    write_csv("supply_parameters.csv", ["id", "unit", "low", "central", "high", "quality", "source_id", "reason",
                                        "evidence", "evidence_ids"], rows)
    return {"migration_rate": mig, "open_y": open_y, "repl_y": repl_y}


# ---------------------------------------------------------------------------
# manifest.toml
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# digital_definitions.csv and shortage_classes.csv
# ---------------------------------------------------------------------------


def build_digital_definitions(occ):
    """Named, versioned definitions of 'digitally skilled' (the seeds fix none)."""
    ict = [r for r in read_csv("labour/eurostat_ict_specialists_unemployment_nl_2014_2024.csv")]
    latest = max(ict, key=lambda r: int(r["year"]))
    year, ths = int(latest["year"]), float(latest["ict_specialists_x1000"])
    if year < BASE_YEAR:
        raise SystemExit(f"Eurostat ICT specialists end in {year}, before the base year {BASE_YEAR}")
    ict_members = "0811 software and application developers, 0812 database and network specialists, 0821 ICT user support, 0822 radio and TV technicians"
    ict_emp = sum(o["emp"] for o in occ if o["code"] in ("0811", "0812", "0821", "0822"))
    rows = [
        ["brc-ict-occupations", "v1", "Employed in ICT occupations (BRC set ict v1)", "occupation_set", "ict", "", "",
         "CBS_85276NED_2025Q4",
         f"People employed in the BRC 2014 ICT groups of set ict v1 ({ict_members}): {ict_emp:.0f} in CBS 85276NED 2025Q4; "
         "excludes ICT managers (0533) and people with ICT skills in other occupations"],
        ["eurostat-ict-specialists", "v1", "ICT specialists in employment (Eurostat)", "occupation_set", "ict",
         str(year), fmt(ths * 1000),
         "EUROSTAT_ISOC_SKS_ITSPT",
         f"Eurostat isoc_sks_itspt (broad ISCO-08 definition incl. ICT managers and technicians): {ths:.0f} thousand in {year}; "
         "projected with the growth of set ict in the model"],
        ["ict-educated", "v1", "Employed with an ICT education (any occupation)", "education_direction", "ict", "", "",
         "",
         "People in work whose education (mbo, hbo, wo, vmbo) has direction ICT, in any occupation; "
         "rests on the assumed education-direction shares of education_shares.csv"],
    ]
    write_csv("digital_definitions.csv",
              ["id", "version", "title", "basis", "members", "anchor_year", "anchor_persons", "source_id", "description"], rows)
    return rows


# ASSUMPTION: cut-offs of the shortage indicator (ratio of expected inflow to job openings).
# ROA's ITKB uses five classes (zeer groot, groot, enige, vrijwel geen, geen knelpunten) whose
# cut-offs are not in the shared data; ours are symmetric around balance (ratio 1).
SHORTAGE_CLASSES = [
    ("very_large", "very large shortage (zeer groot)", 0.0),
    ("large", "large shortage (groot)", 0.85),
    ("some", "some shortage (enige)", 0.95),
    ("balanced", "hardly any shortage (vrijwel geen)", 0.99),
    ("none", "no shortage (geen)", 1.05),
]


def build_shortage_classes():
    reason = ("ROA-style labels; cut-offs ours (ROA's are not in the shared data): inflow below 85% of openings is a very large "
              "shortage, 85-95% large, 95-99% some, 99-105% hardly any, from 105% none")
    rows = [[i, label, fmt(m), "assumption", "", reason] for i, label, m in SHORTAGE_CLASSES]
    write_csv("shortage_classes.csv", ["id", "label", "min_ratio", "quality", "source_id", "reason"], rows)


# ---------------------------------------------------------------------------
# levers.csv and campaigns.csv: the action plan's measures as levers (doorrekening step 2)
# ---------------------------------------------------------------------------

POLICY = "policy/"
LEVER_HEADER = ["id", "measure", "name", "flow", "target", "effect_unit", "low", "central", "high", "intensity_unit",
                "default_intensity", "cost_eur_per_year", "payer", "start_year", "lag_years", "duration_years",
                "region", "quality", "source_id", "reason", "evidence", "evidence_ids"]
CAMPAIGN_HEADER = ["campaign", "target_group", "flow", "target", "parameter", "unit", "low", "central", "high",
                   "quality", "source_id", "reason", "evidence", "evidence_ids"]
LEVER_EFFECT_UNITS = {"enrolment": "share", "dropout": "points", "weglek": "points", "side_entry": "persons/year",
                      "retention": "share", "productivity": "points/year", "migration": "persons/year", "none": ""}
MBO_T = "mbo2-techniek;mbo3-techniek;mbo4-techniek"
MBO_I = "mbo2-ict;mbo3-ict;mbo4-ict"
HBO_TI = "hbo-techniek;hbo-ict"
CAMPAIGN_PARAMETERS = [("reach_per_meur", "persons/MEUR"), ("interest_share", "share"),
                       ("application_share", "share"), ("conversion_share", "share"), ("lag_years", "years"),
                       ("default_budget_meur_per_year", "MEUR/year"), ("default_years", "years")]


def seed_ids(source_seed):
    """'001_02751d9ad0621568.txt; 003_...' -> ['SEED_001', 'SEED_003'] (order kept, no duplicates)."""
    out = []
    for m in re.findall(r"\b(\d{3})_[0-9a-f]+\.txt", source_seed):
        if f"SEED_{m}" not in out:
            out.append(f"SEED_{m}")
    return out


def policy_baseline(edu, tech, ict):
    """Baseline sizes the lever effects are set against (2024, central values), for the reasons."""
    en = edu["enrol"]
    cbs = load_cbs_brc()
    facts = {r["id"]: r for r in read_csv(POLICY + "policy_facts.csv")}
    sw = float(facts["switch_out_women"]["value"]) / 100.0
    sm = float(facts["switch_out_men"]["value"]) / 100.0
    first = lambda lvs, d: sum(en[(BASE_YEAR, lv, d)] for lv in lvs)  # noqa: E731
    mbo = ("mbo2", "mbo3", "mbo4")
    tech_p = sum(cbs[b]["emp"] for b in tech)
    switch = sum(cbs[b]["emp"] * (cbs[b]["women"] * sw + (1 - cbs[b]["women"]) * sm) for b in tech)
    return {
        "facts": facts,
        "mbo_t": first(mbo, "techniek"), "mbo_i": first(mbo, "ict"),
        "hbo_t": first(("hbo",), "techniek"), "hbo_i": first(("hbo",), "ict"),
        "tech_persons": tech_p, "ict_persons": sum(cbs[b]["emp"] for b in ict),
        "switch_out": switch, "sw": sw, "sm": sm,
        "hbo_drop_t": edu["dropout"][("hbo", "techniek")], "hbo_drop_i": edu["dropout"][("hbo", "ict")],
    }


def lever_specs(B, budgets):
    """ASSUMPTION block: the lever catalogue. One dict per lever row; the effect range, lag, duration and
    cost split are judgements (reason per row). Budgets come from action_plan_measures.csv where a seed gives
    one (`budget` = years the raw budget_eur is spread over, `share` = part of the measure's cost on this row);
    cost 0 where no seed gives a budget (the reason says so)."""
    f = B["facts"]
    v21, v23 = float(f["vmbo_tech_share_2021"]["value"]), float(f["vmbo_tech_share_2023"]["value"])
    sto_rel = v23 / v21 - 1.0
    sto_c = 0.5 * 0.6 * sto_rel  # ASSUMPTION: half of the rise due to STO, 60% of that reaches mbo-techniek
    hbo_ti = B["hbo_t"] + B["hbo_i"]
    tech_first = B["mbo_t"] + B["hbo_t"]
    so = round(B["switch_out"], -2)
    retrain_years = float(f["retraining_min_years"]["value"])
    prod_target = float(f["productivity_target"]["value"]) / 100.0
    jtf_total = float(f["jtf_total"]["value"])
    pps_y = budgets["pps_opschaling"] / 5
    jtf_y = budgets["jtf_arbeidsmarkt"] / 5
    at_y = budgets["aanvalsplan_techniek"] / 10
    k = lambda x: f"{x:,.0f}"  # noqa: E731
    esb = f"ESB 2023 (PBL): full (re)training of technicians takes at least {retrain_years:.0f} years"
    return [
        # --- pillar 1: inflow into beta-technical education ---------------------------------------------
        dict(id="sterk_techniekonderwijs", measure="sterk_techniekonderwijs", label="mbo techniek inflow",
             flow="enrolment", target=MBO_T, eff=(0, round(sto_c, 3), round(sto_rel, 3)),
             iu="MEUR/year", budget=1, share=1.0, payer="Rijk", start=2022, lag=1, dur=0, src=[],
             ev=("indirect", ["SEED001_VMBO_TECH_PROFILE", "STO_COST"]),
             skew="the high is the whole measured rise of the technical profile share, a bound the source gives",
             why=f"STO: vmbo year-3 pupils with a technical profile {v21:g}% (2021) -> {v23:g}% (2023), "
                 f"+{sto_rel:.1%} relative (seed 001); assumed half of the rise due to STO and 60% of that reaching "
                 f"mbo-techniek first-years (vmbo is their main feeder; baseline mbo inflow is held at 2017-2019) "
                 f"-> +{sto_c:.1%} of {k(B['mbo_t'])} first-years (~{sto_c * B['mbo_t']:,.0f}); low 0 (all autonomous), high +{sto_rel:.1%} (all STO, "
                 f"full pass-through); year-3 pupils reach mbo a year later; cost EUR 100 million a year, structural"),
        dict(id="hbo_impuls_betatechniek_inflow", measure="hbo_impuls_betatechniek", label="inflow",
             flow="enrolment", target=HBO_TI, eff=(0, 0.01, 0.03), iu="MEUR/year", budget=1, share=0.5,
             payer="Rijk", start=2023, lag=1, dur=0, src=[],
             why=f"EUR 14 million to beta-technical hbo programmes to raise (side-)inflow, cut dropout and warm the "
                 f"transition to work (seed 001), ~EUR {14e6 / hbo_ti:,.0f} per hbo techniek+ict first-year "
                 f"({k(hbo_ti)} in 2024); assumed +1% first-years (0-3%); interim evaluation only in 2025; read as "
                 f"structural (seed 002: 30 million a year for three shortage sectors; seed 003: 4 million); "
                 f"cost: 0.5 of the 14 MEUR/yr (split inflow 0.5 / dropout 0.3 / weglek 0.2 is ours)"),
        dict(id="hbo_impuls_betatechniek_dropout", measure="hbo_impuls_betatechniek", label="dropout",
             flow="dropout", target=HBO_TI, eff=(-0.02, -0.01, 0), iu="MEUR/year", budget=1, share=0.3,
             payer="Rijk", start=2023, lag=0, dur=0, src=[],
             why=f"hbo dropout is {B['hbo_drop_t']:.2f} (techniek) and {B['hbo_drop_i']:.2f} (ict) in "
                 f"education_pipeline.csv; assumed 1 point less (0-2) from the impulse's study support; the model "
                 f"applies a dropout change to cohorts that enrol from start + lag (2023 on), so graduates gain "
                 f"from 2027 (4-year programmes); cost: 0.3 of the 14 MEUR/yr"),
        dict(id="hbo_impuls_betatechniek_weglek", measure="hbo_impuls_betatechniek", label="transition to work",
             flow="weglek", target=HBO_TI, eff=(0, 0.005, 0.015), iu="MEUR/year", budget=1, share=0.2,
             payer="Rijk", start=2023, lag=1, dur=0, src=["SEED_002"],
             why="'warm transition' from programme to work (seed 001; seed 002: preventing leakage after study); "
                 "assumed +0.5 point (0-1.5) of hbo techniek/ict graduates into technical or ICT work; cost: 0.2 "
                 "of the 14 MEUR/yr"),
        dict(id="rif_mbo", measure="rif_mbo", label="school-to-work fit", flow="weglek", target=MBO_T,
             eff=(0, 0.005, 0.015), iu="index", budget=None, payer="Rijk", start=2024, lag=1, dur=0, src=[],
             why="Regionaal Investeringsfonds mbo aimed more at climate and digital programmes from 2024 (seeds "
                 "001/003): a redirection of an existing fund whose size is not in the shared data (cost 0 = not "
                 "known); assumed +0.5 point (0-1.5) of mbo-techniek graduates into technician jobs through "
                 "regional public-private programmes"),
        dict(id="hybride_docenten", measure="hybride_docenten", label="teaching capacity", flow="enrolment",
             target=MBO_T + ";hbo-techniek", eff=(0, 0.01, 0.03), iu="hybrid teachers", intensity=1000,
             budget=None, payer="werkgevers", start=2023, lag=2, dur=0, src=["SEED_001", "SEED_002"],
             why=f"1,000 hybrid teachers (seed 003) ease the teacher shortage that forces some programmes into "
                 f"numerus fixus (seed 002): at ~0.2 fte each and ~15 students per teacher ~3,000 places or ~1,000 "
                 f"first-year places, ~{1000 / tech_first:.0%} of {k(tech_first)} mbo+hbo techniek first-years if "
                 f"capacity bound everywhere; assumed +1% (0-3%); lag 2: Brainport needed ~3 years for 160 "
                 f"(seed 001); national subsidy rejected (seed 001), employers' and schools' cost not in the data "
                 f"(cost 0 = not known)"),
        dict(id="techniekcentra", measure="techniekcentra", flow="none", iu="index", budget=None,
             payer="werkgevers", start=2023, lag=0, dur=0, src=[],
             why="no direct quantified effect: employers plan a hybrid vocational hub in every region within 5 "
                 "years and fully hybrid programmes in 10, pending a Nationaal Groeifonds proposal (seed 003); "
                 "too late and too uncertain for 2030; the employers' inflow effort is in "
                 "aanvalsplan_techniek_enrolment"),
        dict(id="loopbaanorientatie_mbo", measure="loopbaanorientatie_mbo", label="dropout", flow="dropout",
             target=MBO_T + ";" + MBO_I, eff=(-0.015, -0.005, 0), iu="index", budget=None, payer="Rijk",
             start=2023, lag=1, dur=0, src=[],
             ev=("indirect", ["CPB_DP224_COACHING"]),
             why="extra means for career guidance in mbo (seed 003) for better study choices; no budget or "
                 "evaluation in the seeds (cost 0 = not known); CPB's experiment: one year of intensive coaching cut "
                 "early school-leaving among at-risk mbo students from 17% to 10% (-7 points), an upper bound for "
                 "generic guidance money; assumed ~7% of that, 0.5 point less dropout (0-1.5)"),
        dict(id="techniekpromotie_po_vo", measure="techniekpromotie_po_vo", label="inflow", flow="enrolment",
             target=MBO_T + ";hbo-techniek;wo-techniek", eff=(0, 0.005, 0.02), iu="index", budget=None,
             payer="Rijk", start=2023, lag=3, dur=0, src=["SEED_000"], ev=("none", ["ESB_2018_ORIENTATIE"]),
             why="new programme promoting technology in primary and secondary schools (seed 003); pupils reach "
                 "follow-up education years later (lag 3); awareness is often the most promotion achieves and a "
                 "causal effect on study choice is unproven (seed 000; ESB 2018: a five-day orientation had no effect "
                 "on native-Dutch pupils' choice, hence low 0); assumed +0.5% (0-2%) first-years; budget "
                 "not in the seeds (cost 0 = not known)"),
        dict(id="bbl_offensief_ict", measure="bbl_offensief_ict", label="work-based mbo IT", flow="enrolment",
             target=MBO_I, eff=(0, 0.03, 0.08), iu="index", budget=None, payer="Rijk+werkgevers", start=2024,
             lag=1, dur=0, src=[],
             why=f"BBL offensive: more IT firms as learning companies for work-based mbo IT, where in- and outflow "
                 f"are low (seed 001); assumed +3% (0-8%) of {k(B['mbo_i'])} mbo-ict first-years "
                 f"(~{0.03 * B['mbo_i']:,.0f}); recommendations still to come and cost not in the seeds (cost 0 = "
                 f"not known)"),
        dict(id="ecpb_hogescholen", measure="ecpb_hogescholen", flow="none", iu="MEUR", budget=4, share=1.0,
             intensity_total=True, payer="Rijk", start=2020, lag=0, dur=4, src=[],
             why="no direct quantified effect: EUR 3.8 million in 2020-2023 for the expertise centre aligning "
                 "technical hbo programmes with students and the labour market (seed 004); it ended before the base "
                 "year and any effect on hbo dropout is in the observed DUO data"),
        # --- pillar 2: inflow into and retention on the labour market ---------------------------------------
        dict(id="pps_opschaling_side_entry", measure="pps_opschaling", label="technical retraining",
             flow="side_entry", target="technician:mbo3", eff=(0, 400, 800), iu="MEUR", budget=5, share=0.4,
             intensity_total=True, payer="Rijk", start=2023, lag=1, dur=5, src=[],
             ev=("none", ["SMA_2023", "NGF_PPS_2023"]),
             why=f"EUR 123 million one-off (Nationaal Groeifonds, seed 001; seed 003 says 210 million) to scale 15 "
                 f"pps'en with short retraining (Smart Makers Academy); assumed spent over 5 years (EUR "
                 f"{pps_y / 1e6:.1f} million a year), 0.4 of it on technical retraining at ~EUR 15,000 (10,000-"
                 f"20,000) per participant -> ~{0.4 * pps_y / 15000:,.0f} a year, ~60% extra technicians -> 400 "
                 f"(0-800; was 100-1,000); the Smart Makers Academies train incumbent workers in 2-6 hour modules (Katapult 2023), "
                 f"not side-entrants, so low 0, and the range is symmetric (rule R2); short programmes: lag 1; cost: 0.4 of "
                 f"{pps_y / 1e6:.1f} MEUR/yr (EUR 123 million confirmed by the Nationaal Groeifonds)"),
        dict(id="pps_opschaling_side_entry_ict", measure="pps_opschaling", label="ICT retraining",
             flow="side_entry", target="ict:hbo", eff=(50, 200, 500), iu="MEUR", budget=5, share=0.3,
             intensity_total=True, payer="Rijk", start=2023, lag=1, dur=5, src=[],
             ev=("indirect", ["MAKE_IT_WORK", "NGF_PPS_2023"]),
             why=f"Make IT Work-type short ICT retraining within the pps'en (seed 001): 0.3 of {pps_y / 1e6:.1f} "
                 f"MEUR/yr at ~EUR 15,000 per participant -> ~{0.3 * pps_y / 15000:,.0f} a year; Make IT Work "
                 f"(HvA): 91% get the certificate and 97% of them stay in IT work (88% in all, no counterfactual), so "
                 f"~40% extra ICT workers (success measured, the rest assumed deadweight) -> 200 (50-500); lag 1; "
                 f"cost: 0.3 of the yearly pps budget"),
        dict(id="pps_opschaling_weglek", measure="pps_opschaling", label="school-to-work fit", flow="weglek",
             target="mbo3-techniek;mbo4-techniek", eff=(0, 0.01, 0.02), iu="MEUR", budget=5, share=0.3,
             intensity_total=True, payer="Rijk", start=2023, lag=1, dur=5, src=["SEED_002"],
             why=f"better fit of vocational education and technical work in 15 pps'en (seeds 001/002), which reach a "
                 f"minority of mbo-techniek students; assumed +1 point (0-2) of mbo3/mbo4 techniek graduates into "
                 f"technician jobs while the money lasts; cost: 0.3 of {pps_y / 1e6:.1f} MEUR/yr"),
        dict(id="gouden_poort", measure="gouden_poort", flow="none", iu="index", budget=None, payer="werkgevers",
             start=2023, lag=0, dur=0, src=[],
             why="no direct quantified effect here: the employers' Gouden Poort naar Techniek (side-entry and "
                 "retention) is part of the Aanvalsplan Techniek (seed 003); its effect and cost are counted once, "
                 "in aanvalsplan_techniek_side_entry and aanvalsplan_techniek_retention"),
        dict(id="werk_opleidingsgarantie", measure="werk_opleidingsgarantie", flow="none", iu="index", budget=None,
             payer="werkgevers", start=2023, lag=0, dur=0, src=[],
             why="no direct quantified effect here: the 10-year work and training guarantee is part of the "
                 "Aanvalsplan Techniek (seed 003); its effect and cost are counted once, in "
                 "aanvalsplan_techniek_enrolment and aanvalsplan_techniek_retention"),
        dict(id="skillspaspoort", measure="skillspaspoort", flow="none", iu="index", budget=None,
             payer="werkgevers", start=2023, lag=0, dur=0, src=[],
             why="no direct quantified effect here: skills passports and continuous development are part of the "
                 "Aanvalsplan Techniek (seed 003); their effect and cost are counted once, in "
                 "aanvalsplan_techniek_retention"),
        dict(id="stap_klimaat_digitaal", measure="stap_klimaat_digitaal", label="retraining", flow="side_entry",
             target="technician:mbo3", eff=(0, 170, 340), iu="index", budget=None, payer="Rijk", start=2022, lag=2,
             dur=2, src=["SEED_002", "ESB_2023_PBLROA"],
             ev=("indirect", ["REKENKAMER_2023_STAP", "STAP_END_2023"]),
             why=f"STAP training budget (up to EUR 1,000; seeds 003/004) ran from March 2022; its last round opened 15 "
                 f"November 2023 and it stopped per 2024 (duration 2 years from 2022); the Algemene Rekenkamer counted "
                 f"216,269 users in 2022 of whom 40% took training they would not otherwise have taken -> ~86,500 "
                 f"extra trainings a year; the share leading to a technician job is not measured: assumed 0.2% "
                 f"(0-0.4%) -> 170 (0-340) a year, ~{170 / so:.1%} of the ~{k(so)} who switch out each year, "
                 f"entering after 2 years ({esb}), i.e. in 2024-2025 (was 150 (0-500) a year from 2025 without end); "
                 f"cost 0 = spent before the base year"),
        dict(id="omscholingsregeling_ict_techniek_technician", measure="omscholingsregeling_ict_techniek",
             label="technical retraining", flow="side_entry", target="technician:mbo3", eff=(0, 27, 68),
             iu="index", budget=None, payer="Rijk", start=2021, lag=0, dur=2, src=[],
             ev=("indirect", ["REKENKAMER_2023_OMSCHOLING", "OMSCHOLING_REGELING_2021", "REKENKAMER_2023_STAP"]),
             skew="the high is every measured trajectory counted as extra, a bound the source gives",
             why="employers' subsidy of EUR 3,750 per retraining trajectory into ICT and technical occupations (seeds "
                 "002/004), open Sept-Dec 2021 (EUR 34.6 million) and again to Dec 2022 (EUR 10 million); the Algemene "
                 "Rekenkamer found EUR 74 of 75 million unused ('nauwelijks aanmeldingen') and the scheme ended: ~270 "
                 "trajectories in all (EUR ~1 million / 3,750), assumed half technical -> ~68 a year in 2021-2022 if "
                 "every one were extra; 40% extra (STAP's measured additionality) -> 27 (0-68) a year; the worker does "
                 "the new job from the start (lag 0), so they are in the 2024 stock and the lever adds nothing after "
                 "the base year (was 200 a year (0-600) for 2024-2027); cost 0 = the ~EUR 1 million spent is before "
                 "the base year"),
        dict(id="omscholingsregeling_ict_techniek_ict", measure="omscholingsregeling_ict_techniek",
             label="ICT retraining", flow="side_entry", target="ict:mbo4", eff=(0, 27, 68), iu="index",
             budget=None, payer="Rijk", start=2021, lag=0, dur=2, src=[],
             ev=("indirect", ["REKENKAMER_2023_OMSCHOLING", "OMSCHOLING_REGELING_2021", "REKENKAMER_2023_STAP"]),
             skew="the high is every measured trajectory counted as extra, a bound the source gives",
             why="ICT half of the same ~270 trajectories (Algemene Rekenkamer: EUR 74 of 75 million unused, scheme "
                 "ended after 2022): 27 extra ICT workers a year (0-68) in 2021-2022, in the 2024 stock (was 100 a "
                 "year (0-300) for 2024-2027); cost 0 as for the technical half"),
        dict(id="mensen_maken_de_transitie", measure="mensen_maken_de_transitie", label="side-entry track",
             flow="side_entry", target="technician:mbo2", eff=(50, 200, 500), iu="index", budget=None,
             payer="Rijk", start=2023, lag=1, dur=0, src=[],
             why="MMT track 1 scales side-entry into construction and installation, e.g. status holders (seed 003); "
                 "assumed 200 extra technicians a year (50-500) at mbo2 level after short routes; its labour-saving "
                 "and chain-innovation tracks are counted in productiviteitsoffensief; budget not in the seeds "
                 "(cost 0 = not known)"),
        dict(id="jtf_arbeidsmarkt", measure="jtf_arbeidsmarkt", label="retraining in 6 regions",
             flow="side_entry", target="technician:mbo2", eff=(200, 600, 1500), iu="MEUR", budget=5, share=1.0,
             intensity_total=True, payer="EU (JTF)", start=2023, lag=1, dur=5, src=[],
             why=f"about half of the EUR {jtf_total / 1e6:.0f} million Just Transition Fund for retraining to green "
                 f"jobs (seed 001), in Groningen/Emmen, IJmond, Groot-Rijnmond, West-Noord-Brabant, "
                 f"Zeeuws-Vlaanderen and Zuid-Limburg (lever kept national: a lever has at most one region); "
                 f"projects from 2023, spend assumed over 2023-2027 (EUR {jtf_y / 1e6:.1f} million a year); assumed "
                 f"60% on retraining people at ~EUR 15,000 -> ~{0.6 * jtf_y / 15000:,.0f} a year, 25% extra "
                 f"technicians (many far from work) -> 600 (200-1,500); example: ~100 installers in one project; "
                 f"national co-financing not in the data"),
        dict(id="dichterbij_dan_je_denkt", measure="dichterbij_dan_je_denkt", label="recruitment methods",
             flow="side_entry", target="technician:vmbo", eff=(0, 150, 500), iu="index", budget=None,
             payer="Rijk", start=2022, lag=1, dur=4, src=[],
             why="SZW action plan with the labour-market regions (2022) scaling Open Hiring, job carving and "
                 "learning-work routes for people on the sidelines (seed 002); only part lands in technical jobs; "
                 "assumed 150 extra technicians a year (0-500) at vmbo level (helper and production jobs) for 4 "
                 "years; budget not in the seeds (cost 0 = not known)"),
        dict(id="gemeenten_ondersteuning", measure="gemeenten_ondersteuning", label="guidance and retraining",
             flow="side_entry", target="technician:mbo2", eff=(50, 250, 600), iu="MEUR", budget=1, share=1.0,
             intensity_total=True, payer="Rijk", start=2022, lag=2, dur=1, src=[],
             why="EUR 60 million extra for municipalities in 2022 for guidance and retraining towards work, "
                 "energy-transition jobs included (seed 004); assumed 10% went to technical retraining at ~EUR "
                 "10,000 a person -> ~600 trained, 40% extra technicians -> 250 (50-600), entering once (in 2024, "
                 "lag 2); cost: the whole 60 MEUR in 2022 (general money, not only for technicians)"),
        dict(id="wervingscampagne", measure="wervingscampagne", flow="none", iu="MEUR/year", budget=1, share=0.0,
             payer="Rijk", start=2025, lag=0, dur=3, src=[],
             why="no direct quantified effect here: a national recruitment campaign is an option parliament asked "
                 "for (motie Kröger-Boutkan; seeds 000/001), not a decision, and the letter says the plan brings no "
                 "money for it (seed 000); its funnel, budget (~EUR 1 million a year for ~3 years) and effect are "
                 "in campaigns.csv and are switched on per policy, so cost here is 0"),
        dict(id="aanvalsplan_techniek_side_entry", ev=("none", ["CBS_2018_BOUW_INSTROOM"]),
             measure="aanvalsplan_techniek", label="side-entry",
             flow="side_entry", target="technician:mbo3", eff=(500, 1500, 3000), iu="MEUR/year", budget=10,
             share=0.5, payer="Rijk+werkgevers", start=2023, lag=2, dur=10, src=["SEED_000", "ESB_2023_PBLROA"],
             why=f"Aanvalsplan Techniek, Bouw en Energie: branches invest EUR 500 million over 10 years and the "
                 f"cabinet doubles it (seed 003) = {at_y / 1e6:.0f} MEUR/yr; includes Gouden Poort; assumed half on "
                 f"side-entry at ~EUR 20,000 per retrained person (training and pay while training) -> "
                 f"~{0.5 * at_y / 20000:,.0f} a year, 60% extra -> 1,500 (500-3,000), ~{1500 / so:.0%} of yearly "
                 f"side-entry; lag 2 ({esb}); cost: 0.5 of {at_y / 1e6:.0f} MEUR/yr (split 0.5/0.3/0.2 is ours)"),
        dict(id="aanvalsplan_techniek_retention", ev=("none", ["SEED002_SWITCH_OUT"]),
             measure="aanvalsplan_techniek", label="retention",
             flow="retention", target="all", eff=(0, 0.03, 0.1), iu="MEUR/year", budget=10, share=0.3,
             payer="Rijk+werkgevers", start=2023, lag=2, dur=10, src=["SEED_002"],
             why=f"attack-plan retention: 10-year work and training guarantee, skills passports, careers across "
                 f"branches (seed 003); switch-out {B['sw']:.1%} of women and {B['sm']:.1%} of men a year (seed 002) "
                 f"= ~{k(so)} a year from the technician set ({k(B['tech_persons'])}); assumed 3% lower (0-10%), "
                 f"~{0.03 * so:,.0f} fewer leavers a year; cost: 0.3 of {at_y / 1e6:.0f} MEUR/yr"),
        dict(id="aanvalsplan_techniek_enrolment", measure="aanvalsplan_techniek", label="inflow",
             flow="enrolment", target=MBO_T, eff=(0, 0.01, 0.03), iu="MEUR/year", budget=10, share=0.2,
             payer="Rijk+werkgevers", start=2023, lag=1, dur=10, src=[],
             why=f"the work and training guarantee for everyone choosing the sector and the planned hybrid "
                 f"Techniekcentra (seed 003); assumed +1% (0-3%) of {k(B['mbo_t'])} mbo-techniek first-years "
                 f"(~{0.01 * B['mbo_t']:,.0f}); cost: 0.2 of {at_y / 1e6:.0f} MEUR/yr"),
        dict(id="aanvalsplan_ict_side_entry", ev=("none", ["SEED002_CODAM", "MAKE_IT_WORK"]),
             measure="aanvalsplan_ict", label="side-entry", flow="side_entry",
             target="ict:hbo", eff=(200, 800, 2000), iu="index", budget=None, payer="werkgevers", start=2023, lag=1,
             dur=0, src=["SEED_002"],
             why=f"ICT employers' Aanvalsplan Chronisch Tekort ICT (seed 001): content and budget not in the shared "
                 f"data (cost 0 = not known); assumed 800 extra ICT workers a year (200-2,000) via short retraining "
                 f"such as Codam (seed 002: over 95% get a job) and Make IT Work, "
                 f"~{800 / B['ict_persons']:.2%} of the {k(B['ict_persons'])} in set ict"),
        dict(id="aanvalsplan_ict_enrolment", measure="aanvalsplan_ict", label="inflow", flow="enrolment",
             target=MBO_I + ";hbo-ict", eff=(0, 0.01, 0.03), iu="index", budget=None, payer="werkgevers",
             start=2023, lag=1, dur=0, src=[],
             why=f"ICT employers' plan for students (seed 001), content not in the shared data; assumed +1% (0-3%) "
                 f"of {k(B['mbo_i'] + B['hbo_i'])} mbo+hbo ict first-years; cost 0 = not known"),
        # --- pillar 3: labour productivity -------------------------------------------------------------------
        dict(id="productiviteitsoffensief", ev=("none", ["CBS_2023_PROD_2022", "MGI_2017", "ING_2018_BOUW_PROD", "EIB_2023_INDUSTRIEEL", "TN_2025_PROD"]),
             measure="productiviteitsoffensief", label="productivity growth",
             flow="productivity", target="all", eff=(0, round(prod_target / 4, 6), prod_target), iu="index",
             budget=None, payer="Rijk+werkgevers", start=2023, lag=2, dur=0,
             src=["CBS_PRODUCTIVITY_2024", "SEED_001"],
             why=f"target +{prod_target * 100:g} percentage point productivity growth a year in energy, construction "
                 f"and technology (seed 003; high = target met); CBS: growth slowed to 0.4%/yr in 2014-2023 from "
                 f"1.5%/yr in 1974-2013, and process innovation gets no new money (seed 001), so central = a quarter "
                 f"of the target, low 0; sector plans first (lag 2), evaluation 2025; includes the productivity "
                 f"tracks of MMT and the Bouwagenda; applied to all required labour (target all); budget not in the seeds "
                 f"(cost 0 = not known)"),
        dict(id="procesinnovatie", measure="procesinnovatie", label="process innovation", flow="productivity",
             target="all", eff=(0, 0.0005, 0.0015), iu="index", budget=None, payer="Rijk", start=2024, lag=2,
             dur=0, src=[],
             why="three action lines (information, regional support, research on what works) without a new "
                 "financial instrument (seed 001: money is not the firms' bottleneck, per Technopolis); assumed "
                 "+0.05 point a year (0-0.15) on top of the offensive, mainly in smaller firms; cost 0 as stated"),
        dict(id="mmip_herijking", measure="mmip_herijking", flow="none", iu="index", budget=None, payer="Rijk",
             start=2023, lag=0, dur=0, src=[],
             why="no direct quantified effect: re-weighs existing climate innovation programmes towards "
                 "labour-productivity innovations (seed 003); any effect before 2030 is part of the "
                 "productiviteitsoffensief target and not separable"),
        # --- pillar 4: governance ------------------------------------------------------------------------------
        dict(id="res_rmt_koppeling", measure="res_rmt_koppeling", flow="none", iu="index", budget=None,
             payer="Rijk", start=2023, lag=0, dur=0, src=[],
             why="no direct quantified effect: exploration linking regional energy strategies to regional mobility "
                 "teams' data on labour demand and supply (seed 003); better information, not a flow"),
        dict(id="governance_koersoverleg", measure="governance_koersoverleg", flow="none", iu="index", budget=None,
             payer="Rijk", start=2024, lag=0, dur=0, src=[],
             why="no direct quantified effect: national steering table and regional core groups against "
                 "fragmentation (Wise Up advice, seed 001)"),
        dict(id="monitor_voortgang", measure="monitor_voortgang", flow="none", iu="index", budget=None,
             payer="Rijk", start=2024, lag=0, dur=0, src=[],
             why="no direct quantified effect: monitor and two-yearly progress report with a public website "
                 "(seed 001)"),
    ]


EVIDENCE_LEVELS = ("measured", "indirect", "none")


def symmetric_judgement(lo, c, hi, spec):
    """Rule R2 (docs/RANGES.md): a lever's range is a judgement, symmetric around central unless a source
    gives the skew (`skew` in the spec says which): the farther bound is brought to the nearer one's distance.
    Returns (low, high, reason with the change noted)."""
    why = spec["why"]
    if spec.get("skew") or spec["flow"] == "none":
        return lo, hi, why + (f"; skewed range kept: {spec['skew']}" if spec.get("skew") else "")
    d = min(c - lo, hi - c)
    new_lo, new_hi = round(c - d, 10), round(c + d, 10)
    if (new_lo, new_hi) == (lo, hi):
        return lo, hi, why
    return new_lo, new_hi, (why + f"; range rule R2 (docs/RANGES.md): judgement made symmetric around central, "
                            f"{fmt(lo)}-{fmt(hi)} -> {fmt(new_lo)}-{fmt(new_hi)}")


def evidence_cells(ev):
    """(status, ids) -> the evidence and evidence_ids cells; measured and indirect need an id."""
    status, ids = ev
    if status not in EVIDENCE_LEVELS or (status != "none" and not ids):
        raise SystemExit(f"evidence {ev!r}: status must be one of {EVIDENCE_LEVELS}, with ids unless none")
    return [status, ";".join(ids)]


def build_levers(edu, tech, ict):
    """levers.csv: every measure of action_plan_measures.csv (and the two attack plans, which it holds) as one
    or more levers on a flow of the supply model. Returns the rows as dicts for the policy files' checks."""
    measures = read_csv(POLICY + "action_plan_measures.csv")
    by_id = {m["id"]: m for m in measures}
    budgets = {m["id"]: float(m["budget_eur"]) for m in measures if m["budget_eur"]}
    B = policy_baseline(edu, tech, ict)
    specs = lever_specs(B, budgets)
    rows, seen = [], set()
    for s in specs:
        m = by_id[s["measure"]]  # KeyError = a lever for a measure the raw file does not have
        if s["id"] in seen:
            raise SystemExit(f"levers: duplicate id {s['id']}")
        seen.add(s["id"])
        flow = s["flow"]
        lo, c, hi = s.get("eff", (0, 0, 0))
        lo, hi, why = symmetric_judgement(lo, c, hi, s)
        if s["budget"] is None:  # no budget in the seeds: intensity is an index, cost not known (0)
            intensity = s.get("intensity", 1)
            cost = 0.0
        else:
            total = budgets[s["measure"]]
            per_year = total / s["budget"]
            intensity = total / 1e6 if s.get("intensity_total") else per_year / 1e6
            cost = per_year * s["share"]
        src = seed_ids(m["source_seed"]) + [x for x in s["src"] if x not in seed_ids(m["source_seed"])]
        name = m["name_nl"] + (f": {s['label']}" if s.get("label") else "")
        rows.append([s["id"], s["measure"], name, flow, s.get("target", "") if flow != "none" else "",
                     LEVER_EFFECT_UNITS[flow], fmt(lo), fmt(c), fmt(hi), s["iu"], fmt(intensity), fmt(cost, 10),
                     s["payer"], str(s["start"]), str(s["lag"]), str(s["dur"]), "", "assumption", ";".join(src),
                     why, *evidence_cells(s.get("ev", ("none", [])))])
    missing = sorted(set(by_id) - {s["measure"] for s in specs})
    if missing:
        raise SystemExit(f"levers: no lever for measures {missing}")
    write_csv("levers.csv", LEVER_HEADER, rows)
    return rows


def campaign_specs():
    """ASSUMPTION block: the three campaign options of seed 000 with funnel parameters (low, central, high,
    quality, source_id, reason). Reference results (seed 000): the childcare campaign 'kinderopvang draagt bij'
    reached over 5 million people, almost 150,000 visited the website, over 82,000 used the vacancy search; the
    Alliander campaign raised applications by 87% and page visitors by 67%. The childcare campaign's budget is
    not in the shared data."""
    facts = {r["id"]: r for r in read_csv(POLICY + "policy_facts.csv")}
    budget = float(facts["campaign_cost"]["value"]) / 1e6
    visit = 150000 / 5000000
    search = 82000 / 150000
    unproven = ("the seeds stress that a causal link from campaigns to more students choosing technical programmes "
                "has not been shown and awareness is often the most a campaign reaches (seed 000), hence low 0")
    common = [
        ("default_budget_meur_per_year", (0.3, budget, 20), "sourced", "SEED_000;SEED_001",
         f"average national recruitment campaign ~EUR {budget:g} million a year (seed 000); range: 'a few hundred "
         f"thousand to tens of millions' a year (seed 001), high 20 is ours"),
        ("default_years", (2, 3, 4), "sourced", "SEED_000",
         "average run of national recruitment campaigns about three years (seed 000); range 2-4 is ours"),
    ]
    reach_why = ("childcare campaign reached over 5 million people with 100+ online messages (seed 000); its budget "
                 "is not in the shared data; at the average ~1 MEUR/yr for ~3 years that is ~1.7 million per MEUR, "
                 "of whom only part belong to the target group")
    return [
        ("zijinstromers", "side-entrants: workers and job-seekers outside technology (zij-instromers)", "side_entry",
         "technician:mbo4", [
             ("reach_per_meur", (300000, 1000000, 3000000), "assumption", "SEED_000",
              reach_why + "; central 1 million adults per MEUR"),
             ("interest_share", (0.01, round(visit, 4), 0.05), "derived", "SEED_000",
              f"childcare campaign: ~150,000 website visitors / 5 million reached = {visit:.3f} (seed 000); Alliander "
              f"+67% page visitors; range 0.01-0.05 is ours"),
             ("application_share", (0.01, 0.05, 0.15), "assumption", "SEED_000",
              f"childcare: {search:.0%} of visitors used the vacancy search, applications rose but are not counted "
              f"(seed 000); Alliander +87% applications on an unknown base; assumed 5% of visitors apply or sign up "
              f"for retraining (1-15%)"),
             ("conversion_share", (0.02, 0.1, 0.3), "assumption", "SEED_000;SEED_002",
              "share of applicants who start technical work after retraining and would not have without the "
              "campaign; retraining brings income loss and risk (seed 002); effects on filled vacancies are "
              "measurable (seed 000) but no start rate is published; assumed 10% (2-30%)"),
             ("lag_years", (0, 1, 2), "assumption", "SEED_000;ESB_2023_PBLROA",
              "applicants start after a short retraining (central 1 year); full (re)training of technicians can take "
              "five years (ESB 2023), so some start as trainees"),
         ] + common),
        ("scholieren", "pupils and students choosing a profile or programme (leerlingen/studenten)", "enrolment",
         MBO_T + ";hbo-techniek", [
             ("reach_per_meur", (300000, 800000, 2000000), "assumption", "SEED_000",
              reach_why + "; fewer per MEUR among ~12-20-year-olds, a narrower group: central 800,000"),
             ("interest_share", (0.01, 0.03, 0.06), "assumption", "SEED_000",
              f"taken from the childcare campaign's visitors per person reached ({visit:.3f}, seed 000); range ours"),
             ("application_share", (0.01, 0.05, 0.15), "assumption", "SEED_000",
              "share of interested pupils who then intend to choose a technical programme (open day, registration); "
              "no figure in the seeds; assumed 5% (1-15%)"),
             ("conversion_share", (0, 0.03, 0.1), "assumption", "SEED_000",
              "share of those intending who actually enrol in a technical programme and would not have otherwise; "
              + unproven + "; ESB 2018 (field experiment): a five-day technology orientation had no effect on "
              "native-Dutch vmbo pupils' choice and a small one for pupils with a migration background, so a "
              "campaign's conversion is set as the parents' campaign's, 3% (0-10%) (was 10% (0-30%))"),
             ("lag_years", (1, 2, 4), "assumption", "SEED_000",
              "pupils reached in secondary school enrol in mbo or hbo after finishing it: central 2 years (1-4)"),
         ] + common),
        ("ouders", "parents of school-age children (ouders)", "enrolment", MBO_T + ";hbo-techniek", [
             ("reach_per_meur", (300000, 1000000, 3000000), "assumption", "SEED_000",
              reach_why + "; parents are a broad adult audience like the childcare campaign's: central 1 million"),
             ("interest_share", (0.01, 0.03, 0.05), "assumption", "SEED_000",
              f"taken from the childcare campaign's visitors per person reached ({visit:.3f}, seed 000); range ours"),
             ("application_share", (0.02, 0.1, 0.2), "assumption", "SEED_000",
              "share of interested parents who then explore beta-technical directions with their child (parents "
              "shape study choice and can block it, seed 000); assumed 10% (2-20%)"),
             ("conversion_share", (0, 0.03, 0.1), "assumption", "SEED_000",
              "share of those children who enrol in a technical programme because of it; field parties support a "
              "parents' campaign most (seed 000), but " + unproven),
             ("lag_years", (1, 3, 6), "assumption", "SEED_000",
              "parents of school-age children: the child chooses a programme years later, central 3 (1-6)"),
         ] + common),
    ]


def campaign_evidence(camp, param):
    """Evidence status of one funnel parameter (docs/RANGES.md): the childcare campaign measures reach and
    interest of another campaign (indirect); seed 000 states the usual budget and run (measured); the pupils'
    conversion leans on ESB 2018's experiment (indirect); the rest is judgement."""
    if param in ("reach_per_meur", "interest_share"):
        return ("indirect", ["SEED000_CHILDCARE_CAMPAIGN"])
    if param in ("default_budget_meur_per_year", "default_years"):
        return ("measured", ["SEED000_CAMPAIGN_COST"])
    if param == "conversion_share" and camp == "scholieren":
        return ("indirect", ["ESB_2018_ORIENTATIE"])
    if param == "conversion_share" and camp == "ouders":
        return ("none", ["ESB_2018_ORIENTATIE"])
    if param == "lag_years" and camp == "zijinstromers":
        return ("none", ["ESB_2023_RETRAINING"])
    return ("none", [])


def build_campaigns():
    """campaigns.csv: three recruitment-campaign options (seed 000) in long format, one row per funnel parameter."""
    rows = []
    units = dict(CAMPAIGN_PARAMETERS)
    for camp, group, flow, target, params in campaign_specs():
        if [p[0] for p in params] != [p for p, _ in CAMPAIGN_PARAMETERS]:
            raise SystemExit(f"campaign {camp}: parameters out of order")
        for p, (lo, c, hi), q, src, why in params:
            rows.append([camp, group, flow, target, p, units[p], fmt(lo), fmt(c), fmt(hi), q, src, why,
                         *evidence_cells(campaign_evidence(camp, p))])
    write_csv("campaigns.csv", CAMPAIGN_HEADER, rows)
    add_plausibility_sources()
    rows += campaign_target_group_rows()
    write_csv("campaigns.csv", CAMPAIGN_HEADER, rows)
    return rows


# ---------------------------------------------------------------------------
# evidence.csv: published findings behind lever, campaign and supply-parameter values (issue 21 item 2)
# ---------------------------------------------------------------------------

EVIDENCE_HEADER = ["id", "item", "model_slot", "value", "unit", "year", "population", "source_title", "publisher",
                   "url", "quote", "confidence", "note"]


def build_evidence():
    """evidence.csv = shared/data/policy/evidence.csv (copied whole to data/raw/policy/evidence.csv) plus the
    findings krapte added (data/raw/policy/evidence_additions.csv). Returns the set of ids."""
    rows = []
    for name in ("evidence.csv", "evidence_additions.csv"):
        for r in read_csv(POLICY + name):
            if list(r) != EVIDENCE_HEADER:
                raise SystemExit(f"{name}: columns {list(r)} != {EVIDENCE_HEADER}")
            rows.append([r[k] for k in EVIDENCE_HEADER])
    ids = [r[0] for r in rows]
    if len(ids) != len(set(ids)):
        raise SystemExit(f"evidence: duplicate ids {sorted(i for i in ids if ids.count(i) > 1)}")
    write_csv("evidence.csv", EVIDENCE_HEADER, rows)
    return set(ids)


def check_evidence_ids(ids):
    """Every evidence_ids cell of the written files names a finding of evidence.csv."""
    for name in ("levers.csv", "campaigns.csv", "supply_parameters.csv", "base_year_shortage.csv"):
        for r in read_csv_out(name):
            for i in filter(None, r["evidence_ids"].split(";")):
                if i not in ids:
                    raise SystemExit(f"{name}: evidence id {i!r} is not in evidence.csv")


def read_csv_out(name):
    with open(OUT / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------------------
# base_year_shortage.csv: the structural part of the base year's open vacancies (issue 18)
# ---------------------------------------------------------------------------

# ASSUMPTION: employment growth of each occupation class from early 2016 to 2024, to scale the 2016 vacancy
# level (frictional vacancies grow with the jobs that turn over). Technical occupations: CBS's employed
# labour force grew ~16% 2016-2024, technical occupations less (Techniekpact: +25% 2013-2023 including ICT,
# which doubled) -> 1.10; ICT: CBS ICT workers ~375,000 in 2016 (370k 2015, 380k 2017), 556,000 in 2021
# after a series break and 574,000 in set ict (2025Q4) -> 1.35 without the break.
VACANCY_GROWTH = {"technician": 1.10, "ict": 1.35}
# ASSUMPTION: structural share of the 2024Q4 open vacancies (low, central, high); reasoning in the rows.
STRUCTURAL_SHARE = {"technician": (0.50, 0.60, 0.70), "ict": (0.20, 0.40, 0.60)}


def build_base_year_shortage():
    """Open vacancies in the base year per occupation class (UWV, 2024Q4) and the structural part of them (a
    labelled range): vacancies above the level a market with ordinary turnover has. Technical occupations
    also by ISCO skill level (UWV's 2023Q4 structure)."""
    raw = read_csv("labour/uwv_open_vacancies_technical_ict.csv")
    v = {(r["occupation_class"], r["skill_level"], r["period"]): float(r["open_vacancies"]) for r in raw}
    cls = {"technician": "technical", "ict": "ict"}
    src = "EZ_2025_DIGITALE_BANEN;TECHNIEKPACT_2024;UWV_HARD_TO_FILL"
    ev = ["indirect", "UWV_VACANCIES_2024Q4;UWV_HARD_TO_FILL_2021_2022"]
    hard = {r["occupation_class"]: float(r["open_vacancies"]) for r in raw if r["skill_level"] == "hard_to_fill_share"}
    rows, ref_all = [], {}
    for st in ("technician", "ict"):
        c = cls[st]
        now, then, g = v[(c, "all", "2024Q4")], v[(c, "all", "2016Q1")], VACANCY_GROWTH[st]
        ref = 1 - then * g / now
        ref_all[st] = ref
        lo, ce, hi = STRUCTURAL_SHARE[st]
        if st == "technician":
            why = (f"UWV: {now:,.0f} open vacancies in technical occupations in 2024Q4 (29,200 early 2016; the seeds' "
                   f"105,100 = 78,900 technical + 26,200 ICT in 2023Q4). Frictional vacancies exist in any market: "
                   f"the early-2016 level x {g} employment growth = {then * g:,.0f} gives a structural share "
                   f"{ref:.2f}, a floor because the technical market was already tight in 2016; UWV's hard-to-fill "
                   f"shares (construction >{hard['construction']:.0%}, industry ~60%, all {hard['all']:.0%}, 2021-22 "
                   f"peak) are a ceiling; assumed {ce:.2f} ({lo:.2f}-{hi:.2f}); UWV's technical occupations (~1.26 "
                   f"million employed) are close to, not the same as, set technician v1 (1.18 million)")
        else:
            why = (f"UWV: {now:,.0f} open vacancies in ICT ('digital') occupations in 2024Q4 (13,300 early 2016, "
                   f"26,200 in 2023Q4); the early-2016 level x {g} employment growth = {then * g:,.0f} gives a "
                   f"structural share {ref:.2f}, a floor (ICT was in shortage in 2016 already); {hard['ict']:.0%} of "
                   f"ICT vacancies were hard to fill in 2021 (UWV), a ceiling at the peak; assumed {ce:.2f} "
                   f"({lo:.2f}-{hi:.2f}); UWV's ICT occupations are close to set ict v1")
        rows.append([st, "all", "2024Q4", fmt(now), fmt(lo), fmt(ce), fmt(hi), "assumption", src, why, *ev])
    # technical occupations by ISCO skill level: 2023Q4 structure applied to 2024Q4, level shares scaled so
    # that they add up to the total's range
    c, g = "technical", VACANCY_GROWTH["technician"]
    tot23 = v[(c, "all", "2023Q4")]
    now = v[(c, "all", "2024Q4")]
    levels = ["isco1", "isco2", "isco3", "isco4"]
    vl = {lv: now * v[(c, lv, "2023Q4")] / tot23 for lv in levels}
    refl = {lv: 1 - g * v[(c, lv, "2016Q1")] / vl[lv] for lv in levels}
    ref = sum(refl[lv] * vl[lv] for lv in levels) / now
    for lv in levels:
        sh = [min(round(refl[lv] * x / ref, 4), 0.95) for x in STRUCTURAL_SHARE["technician"]]
        why = (f"ISCO skill level {lv[-1]}: {v[(c, lv, '2023Q4')]:,.0f} of {tot23:,.0f} technical vacancies in 2023Q4 "
               f"(UWV via Techniekpact; {v[(c, lv, '2016Q1')]:,.0f} early 2016) applied to {now:,.0f} in 2024Q4 -> "
               f"{vl[lv]:,.0f}; structural share by the same floor method ({refl[lv]:.2f}) scaled so that the levels "
               f"add up to the total's {STRUCTURAL_SHARE['technician']}")
        rows.append(["technician", lv, "2024Q4", fmt(round(vl[lv])), *[fmt(x) for x in sh], "assumption", src, why,
                     *ev])
    write_csv("base_year_shortage.csv", ["set", "level", "period", "open_vacancies", "structural_low",
                                         "structural_central", "structural_high", "quality", "source_id", "reason",
                                         "evidence", "evidence_ids"], rows)


# ---------------------------------------------------------------------------
# uncertainty.csv: how the Monte Carlo draws the ranges (issue 6)
# ---------------------------------------------------------------------------

UNCERTAINTY_HEADER = ["slot", "distribution", "group", "correlation", "quality", "source_id", "reason"]


def build_uncertainty():
    """uncertainty.csv: correlation groups of ranges that come from one source (a judgement, so
    every row is an assumption). Ranges not listed stay triangular and independent."""
    # Rule R6 (docs/RANGES.md): a group with correlation 1 claims one cause moves every member; the ReEDS
    # factors' bounds come from different studies (JEDI, Rutovitz, Mayfield; outliers replaced by rule R3), so
    # only their shared transfer from US/global studies to Dutch labour is common: partial correlation 0.5.
    reeds = ("ReEDS factors (JEDI, Rutovitz, Mayfield) share one cause of error, their transfer from US/global "
             "studies to Dutch labour (wages, scale, scope of work), which moves every wind and solar factor the "
             "same way; their bounds come from different studies, so the group claims a partial correlation of "
             "0.5, not 1 (docs/RANGES.md R6; was 1, justified by 'set choice')")
    hp = ("both heat-pump installation times rest on the same TDI installer benchmark "
          "and were widened for the same reasons: they move together")
    h2 = "both electrolysis factors are Rhodium's US figures with an assumed duration: they move together"
    fossil = ("the five segments split TNO 2019's one national total (6,000-11,000 fte): "
              "a high or low total moves every segment")
    rows = [
        ["activities.csv:offshore_wind/*", "triangular", "reeds_plant_factors", "0.5", "assumption", "REEDS_README", reeds],
        ["activities.csv:onshore_wind/*", "triangular", "reeds_plant_factors", "", "assumption", "REEDS_README", reeds],
        ["activities.csv:solar_pv_utility/*", "triangular", "reeds_plant_factors", "", "assumption", "REEDS_README", reeds],
        ["activities.csv:solar_pv_rooftop/*", "triangular", "reeds_plant_factors", "", "assumption", "REEDS_README", reeds],
        ["activities.csv:heat_pump_hybrid/installation", "triangular", "tdi_heat_pump_hours", "1", "assumption", "TDI_2024", hp],
        ["activities.csv:heat_pump_all_electric/installation", "triangular", "tdi_heat_pump_hours", "", "assumption", "TDI_2024", hp],
        ["activities.csv:electrolysis/*", "triangular", "rhodium_electrolysis", "1", "assumption", "RHODIUM_2023", h2],
        ["fossil_losses.csv:*", "triangular", "tno_2019_fossil_losses", "1", "assumption", "TNO_2019_PRESS", fossil],
    ]
    write_csv("uncertainty.csv", UNCERTAINTY_HEADER, rows)


FILE_DESCRIPTIONS = [
    ("sources.csv", "Sources cited by source_id anywhere in the dataset"),
    ("parameters.csv", "Scalar parameters: fte hours, USD/EUR 2014, price index 2024 vs 2014, productivity growth"),
    ("sectors.csv", "56 WIOD industries: gross output 2014 (MUSD), hours worked 2014 (EU KLEMS), import share"),
    ("io_domestic.csv", "WIOD 2014 domestic intermediate use, 56x56, MUSD, long format"),
    ("regions.csv", "The 12 provinces PV20-PV31"),
    ("region_shares.csv", "Province shares of employee jobs 2024 per CBS SBI section group (83582NED)"),
    ("occupations.csv", "114 BRC 2014 occupation groups, employed persons 2025Q4 (CBS 85276NED)"),
    ("occupation_shares.csv", "Occupation shares per sector: IPF estimate from Eurostat section x ISCO major and CBS BRC totals"),
    ("education_shares.csv", "Education level x direction shares per occupation: sourced hbo+wo share, assumed splits"),
    ("occupation_sets.csv", "Named occupation sets technician v1 and ict v1"),
    ("measures.csv", "Climate measures with path, unit, base-year stock and cost per unit"),
    ("activities.csv", "Labour intensities of bottom-up measures"),
    ("activity_sectors.csv", "Sectors doing the direct work of each bottom-up activity"),
    ("products.csv", "Product mix and import shares of spending measures"),
    ("measure_regions.csv", "Regional split of direct work where it differs from the sectors (offshore wind ports)"),
    ("fossil_losses.csv", "Fossil phase-out job losses by segment (TNO 2019 total split by assumption)"),
    ("supply_occupations.csv", "Per BRC 2014 group: women's share (CBS 2025Q4), ROA AIS 2030 replacement rate per year, expansion persons per year, job openings and ITKB"),
    ("supply_parameters.csv", "Supply-model scalars: fte per person by sex, switch-out by sex, retirement share, side-entry ratio, migration and re-entry rate"),
    ("education_pipeline.csv", "Per education cell: programme years, dropout, labour-market entry of graduates, women's share of inflow"),
    ("enrolment.csv", "First-year students per year 2014-2040 and education cell (DUO-based 2015-2024, projected after)"),
    ("digital_definitions.csv", "Named, versioned definitions of 'digitally skilled' for the 1 million goal"),
    ("shortage_classes.csv", "Classes and cut-offs of the shortage indicator (inflow / job openings)"),
    ("levers.csv", "Policy levers: every measure of the Actieplan Groene en Digitale Banen and the two attack plans as an effect on a supply flow, with range, cost, start, lag and duration"),
    ("campaigns.csv", "Recruitment-campaign options (side-entrants, pupils, parents): funnel parameters reach, interest, application, conversion, lag, default budget and years"),
    ("uncertainty.csv", "How the Monte Carlo draws the ranges: distributions and correlation groups (factors from one source move together)"),
    ("base_year_activity.csv", "Each measure's activity in the base year 2024 (installations, MW, homes, MEUR), in its own unit per year"),
    ("base_year_shortage.csv", "Open vacancies 2024Q4 (UWV) per occupation set and skill level, with the structural share as a range"),
    ("evidence.csv", "Published findings cited by evidence_ids in levers.csv, campaigns.csv, supply_parameters.csv and base_year_shortage.csv"),
    ("plausibility.csv", "Plausibility bounds per dataset field, scenario measure and policy, each with the fact behind it (issue 20)"),
]


def build_manifest():
    """manifest.toml with edition, years, currency, the region folder and every CSV file."""
    lines = [f'edition = "{EDITION}"', 'title = "krapte built-in dataset"', f"base_year = {BASE_YEAR}",
             f"io_year = {IO_YEAR}", 'io_currency = "USD"',
             # The region folder (tools/build_regions.py): the dataset's provinces
             # are its province view, every measure placed by its key (issue 22).
             'regions = "../regions"', ""]
    for name, desc in FILE_DESCRIPTIONS:
        rows, sha = file_facts(name)
        lines += ["[[file]]", f'name = "{name}"', f'description = "{desc}"', f"rows = {rows}", f'sha256 = "{sha}"', ""]
    (OUT / "manifest.toml").write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------------------
# plausibility.csv, campaign target groups, manifest rows and checksums (issue 20)
#
# Self-contained: reads back the files written above (never the builders'
# internals) and adds its own sources. Bounds are limits beyond which a value
# is a slip (euros typed for MEUR, GW for MW), not a scenario: each has the
# fact that puts it there. The loader checks the dataset, scenarios and
# policies against them (docs/DATA.md).
# ---------------------------------------------------------------------------

PLAUSIBILITY_SOURCES = [
    ("CBS_2025_HOMES", "How many homes are there in the Netherlands? (The Netherlands in numbers 2025)", "CBS",
     "2025", "https://longreads.cbs.nl/the-netherlands-in-numbers-2025/how-many-homes-are-there-in-the-netherlands",
     "CBS CC BY 4.0"),
    ("CBS_2024_GDP", "How big is the Dutch economy? (The Netherlands in numbers 2024)", "CBS", "2024",
     "https://longreads.cbs.nl/the-netherlands-in-numbers-2024/how-big-is-the-dutch-economy", "CBS CC BY 4.0"),
    ("CLO_2024_WIND", "Wind energy capacity, 1990-2023", "Compendium voor de Leefomgeving (CBS, PBL, RIVM, WUR)",
     "2024", "https://clo.nl/en/indicators/en038630-wind-energy-capacity-1990-2023", "CC BY 4.0"),
    ("NWEA_2024_OFFSHORE", "The Netherlands set to expand offshore energy as Europe bets big on wind power",
     "DevelopmentAid (quoting NWEA)", "2024",
     "https://www.developmentaid.org/news-stream/post/192836/netherlands-offshore-energy",
     "news/third-party page; facts cited, text not copied"),
    ("PVMAG_2022_NL", "The Netherlands deployed 3.3GW of PV last year (CBS; Netbeheer Nederland 38-125 GW by 2050)",
     "pv magazine", "2022", "https://pv-magazine.com/2022/03/09/the-netherlands-deployed-3-3gw-of-pv-last-year",
     "news/third-party page; facts cited, text not copied"),
    ("OCW_2024_VO", "Leerlingenaantallen voortgezet onderwijs (947,994 vo and 39,121 vso pupils on 1 October 2023)",
     "OCW in cijfers (DUO)", "2024",
     "https://www.ocwincijfers.nl/sectoren/voortgezet-onderwijs/leerlingen/leerlingenaantallen-voortgezet-onderwijs",
     "CC0 (Rijksoverheid open data)"),
    ("NCOJ_2023_DUO", "Leerlingen in po en so & vo en vso 2010/11-2022/23 (DUO Leerlingentellingen)",
     "NCOJ (DUO)", "2023", "https://www.ncoj.nl/content/factsfigures/onderwijs/2022/result/show_xyz07",
     "figures from DUO open data; page cited for the facts only"),
]

HOMES_NL = 8_300_000          # CBS 2025: nearly 8.3 million homes
GDP_MEUR = 1_068_000          # CBS 2024: GDP 2023 1,068 billion euros
VO_PUPILS = 947_994 + 39_121  # OCW in cijfers: vo + vso, 1 October 2023
SCHOOL_PUPILS = 1_435_961 + 974_983  # NCOJ/DUO: po+so and vo+vso 2022/23


def add_plausibility_sources():
    """Append the sources the bounds and target groups cite to sources.csv."""
    with open(OUT / "sources.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    have = {r[0] for r in body}
    body += [list(s) for s in PLAUSIBILITY_SOURCES if s[0] not in have]
    body.sort(key=lambda r: r[0])
    write_csv("sources.csv", header, body)


def _out_rows(name):
    with open(OUT / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def campaign_target_group_rows():
    """One target_group_persons row per campaign of campaigns.csv: the funnel
    never reaches more people a year than the group has (issue 20)."""
    occ = _out_rows("occupations.csv")
    tech = {r["occupation"] for r in _out_rows("occupation_sets.csv") if r["set"] == "technician"}
    outside = sum(float(r["employed_persons"]) for r in occ if r["code"] not in tech)
    occ_src = sorted({r["source_id"] for r in occ})[0]
    groups = {
        "zijinstromers": (outside, "derived", occ_src,
                          f"employed persons outside the technician set: {outside:.0f} of "
                          f"{sum(float(r['employed_persons']) for r in occ):.0f} (occupations.csv); "
                          "job-seekers are few beside them"),
        "scholieren": (VO_PUPILS, "sourced", "OCW_2024_VO",
                       "pupils in secondary education choose a profile and programme: 947,994 vo + 39,121 vso "
                       "on 1 October 2023"),
        "ouders": (2 * SCHOOL_PUPILS, "derived", "NCOJ_2023_DUO",
                   "at most two parents per pupil: 2 x (1,435,961 po+so + 974,983 vo+vso pupils 2022/23)"),
    }
    rows = []
    for r in _out_rows("campaigns.csv"):
        camp = r["campaign"]
        if camp in groups and r["parameter"] == "reach_per_meur":
            n, q, src, why = groups.pop(camp)
            v = fmt(round(n))
            # A count with its own source, not an effect: no evidence status.
            rows.append([camp, r["target_group"], r["flow"], r["target"], "target_group_persons", "persons",
                         v, v, v, q, src, why, "none", ""])
    if groups:
        raise SystemExit(f"campaigns without a target group size: {sorted(groups)}")
    return rows


PLAUSIBILITY_HEADER = ["file", "field", "key", "min", "max", "unit", "quality", "source_id", "reason"]


def _activity_hour_bounds():
    """Bounds on activities in hours, per measure: the unit of the measure
    (a MW of capacity or one heat pump) sets what a slip looks like."""
    unit_of = {r["id"]: r["unit"] for r in _out_rows("measures.csv")}
    groups = {}
    for r in _out_rows("activities.csv"):
        if r["unit"] not in ("hours_per_unit", "hours_per_unit_stock"):
            continue
        vals = [float(r[k]) for k in ("low", "central", "high")]
        g = groups.setdefault((r["measure"], r["unit"]), [])
        g.extend(vals)
    rows = []
    for (mid, unit), vals in groups.items():
        seen = f"{mid} needs {min(vals):,.0f} to {max(vals):,.0f}"
        per_mw = unit_of.get(mid) == "MW"
        if unit == "hours_per_unit" and per_mw:
            rows.append(["activities.csv", "low;central;high", f"measure={mid};unit={unit}", "0", "1040000",
                         "hours/MW", "assumption", "",
                         f"{seen} hours per MW; more than 500 US job-years (1,040,000 hours) per MW is a slip "
                         "(kW typed for MW, say)"])
        elif unit == "hours_per_unit":
            rows.append(["activities.csv", "low;central;high", f"measure={mid};unit={unit}", "0", "5000",
                         "hours/unit", "assumption", "",
                         f"{seen} hours per unit; more than 5,000 hours (three fte-years) per unit is a slip"])
        elif per_mw:
            rows.append(["activities.csv", "low;central;high", f"measure={mid};unit={unit}", "0", "20800",
                         "hours/MW/year", "assumption", "",
                         f"{seen} hours a year per MW of stock; more than 10 fte (20,800 hours) per MW is a slip"])
        else:
            rows.append(["activities.csv", "low;central;high", f"measure={mid};unit={unit}", "0", "20800",
                         "hours/unit/year", "assumption", "",
                         f"{seen} hours a year per unit of stock; more than 10 fte (20,800 hours) is a slip"])
    return rows


def build_plausibility():
    """plausibility.csv: bounds per dataset field, scenario measure and policy."""
    sec = _out_rows("sectors.csv")
    hours = sum(float(r["hours_worked"]) for r in sec)
    output = sum(float(r["gross_output"]) for r in sec)
    intens = [float(r["hours_worked"]) / float(r["gross_output"]) for r in sec
              if float(r["hours_worked"]) > 0 and float(r["gross_output"]) > 0]
    sec_src = "WIOD2016_NIOT;EUKLEMS2017"
    occ = _out_rows("occupations.csv")
    workers = sum(float(r["employed_persons"]) for r in occ)
    biggest = max(float(r["employed_persons"]) for r in occ)
    occ_src = sorted({r["source_id"] for r in occ})[0]
    gdp_why = (f"one measure spending more than 50 bn EUR a year would be 4.7% of GDP ({GDP_MEUR / 1000:.0f} bn EUR "
               "in 2023) and about a fifth of all investment")
    rows = [
        ["sectors.csv", "hours_worked", "*", "0", fmt(hours * 1.2), "hours", "derived", sec_src,
         f"no sector works more hours than the whole economy: {hours / 1e9:.1f} billion hours in 2014 (sum of sectors.csv)"],
        ["sectors.csv", "hours_per_output", "*", fmt(min(intens) / 10), fmt(max(intens) * 10), "hours/MUSD",
         "derived", sec_src,
         f"labour per unit of output: the built-in sectors range from {min(intens):.0f} to {max(intens):.0f} hours "
         "per million USD; a tenth of the lowest or ten times the highest is a slip (hours or output in the wrong unit)"],
        ["sectors.csv", "gross_output", "*", "0", fmt(output), "MUSD", "derived", sec_src,
         f"no sector produces more than the whole economy: {output / 1e6:.2f} million MUSD in 2014 (sum of sectors.csv)"],
        ["io_domestic.csv", "value", "*", "0", fmt(output), "MUSD", "derived", sec_src,
         "no flow between two sectors exceeds the whole economy's gross output"],
        ["occupations.csv", "employed_persons", "*", "0", "2000000", "persons", "derived", occ_src,
         f"the employed labour force is {workers / 1e6:.2f} million (sum of occupations.csv), the largest BRC group "
         f"{biggest:.0f}: a group of more than 2 million (a fifth of all workers) is a slip"],
        ["supply_occupations.csv", "expansion_persons_per_year", "*", "-200000", "200000", "persons/year",
         "derived", occ_src, "no occupation group grows or shrinks by more than 200,000 persons a year, half the largest group"],
        ["enrolment.csv", "first_year_students", "*", "0", "250000", "persons", "derived", "OCW_2024_VO",
         "a year of age has about 165,000 young people (987,115 pupils over six years of secondary school, 2023); "
         "no education cell takes more first-year students than a whole year of age plus adult learners"],
        ["measures.csv", "base_stock", "unit=homes", "0", fmt(HOMES_NL), "homes", "sourced", "CBS_2025_HOMES",
         "the Netherlands has nearly 8.3 million homes"],
        ["measures.csv", "base_stock", "unit=units", "0", fmt(HOMES_NL), "units", "sourced", "CBS_2025_HOMES",
         "heat pumps: at most one per home, and the Netherlands has nearly 8.3 million homes"],
        ["measures.csv", "base_stock", "unit=points", "0", "10000000", "points", "derived", "CBS_2025_HOMES",
         "charging points: about one per home (8.3 million) plus public points"],
        ["measures.csv", "base_stock", "unit=MW", "0", "150000", "MW", "sourced", "PVMAG_2022_NL;CLO_2024_WIND",
         "installed capacity: Dutch solar PV may reach 38-125 GW by 2050 (Netbeheer Nederland), wind was 10.7 GW "
         "in 2023; 150 GW for one technology is beyond any published path"],
        ["activities.csv", "low;central;high", "unit=job_years_per_unit", "0", "500", "job-years/unit", "assumption",
         "", "the built-in activities need 0.26 to 35 job-years per unit; 500 is a slip (a unit of kW for MW, say)"],
        ["activities.csv", "low;central;high", "unit=fte_per_unit_stock", "0", "10", "fte/unit", "assumption", "",
         "the built-in activities need 0.03 to 0.9 fte per unit of stock; more than 10 is a slip"],
        *_activity_hour_bounds(),
        ["levers.csv", "low;central;high", "flow=side_entry", "-100000", "100000", "persons/year", "derived",
         occ_src, "one lever moving more than 100,000 people a year into an occupation set would be 1% of all workers"],
        ["levers.csv", "low;central;high", "flow=enrolment", "-1", "1", "share", "assumption", "",
         "an enrolment effect is a relative change: more than doubling (or less than nothing) is a slip, such as a percentage"],
        ["levers.csv", "low;central;high", "flow=retention", "-1", "1", "share", "assumption", "",
         "a retention effect is a share of those who would leave"],
        ["levers.csv", "low;central;high", "flow=weglek", "-1", "1", "points", "assumption", "",
         "a weglek effect is a change of a share, in points of 1"],
        ["levers.csv", "low;central;high", "flow=dropout", "-1", "1", "points", "assumption", "",
         "a dropout effect is a change of a share, in points of 1"],
        ["campaigns.csv", "low;central;high", "parameter=reach_per_meur", "0", "18000000", "persons/MEUR", "derived",
         "CBS_2025_HOMES", "one MEUR cannot reach more people than the country has (about 18 million inhabitants)"],
        ["policy", "intensity_factor", "*", "0", "10", "x default", "assumption", "",
         "a lever at more than ten times its announced intensity is beyond what its budget and organisations carry"],
    ]
    stock_max = {"MW": (150000, "PVMAG_2022_NL;CLO_2024_WIND",
                        "150 GW of one technology is beyond any published path (solar 38-125 GW by 2050, wind 10.7 GW in 2023)"),
                 "homes": (HOMES_NL, "CBS_2025_HOMES", "the Netherlands has nearly 8.3 million homes"),
                 "units": (HOMES_NL, "CBS_2025_HOMES", "at most one heat pump per home: nearly 8.3 million homes"),
                 "points": (10_000_000, "CBS_2025_HOMES", "about one charging point per home (8.3 million) plus public points")}
    add_max = {"MW": (20000, "CLO_2024_WIND;NWEA_2024_OFFSHORE",
                      "more than 20 GW a year: the record year added 4.3 GWp of solar and offshore wind grew by 1.4 GW in 2023; "
                      "the whole 2032 offshore plan is 21 GW"),
               "homes": (1_000_000, "CBS_2025_HOMES", "more than an eighth of the 8.3 million homes a year"),
               "units": (1_000_000, "CBS_2025_HOMES", "more than an eighth of the 8.3 million homes a year"),
               "points": (2_000_000, "CBS_2025_HOMES", "a fifth of the possible stock of 10 million points in one year")}
    for unit, (mx, src, why) in stock_max.items():
        rows.append(["scenario", "stock", f"unit={unit}", "0", fmt(mx), unit, "sourced", src, why])
    for unit, (mx, src, why) in add_max.items():
        rows.append(["scenario", "additions", f"unit={unit}", "0", fmt(mx), f"{unit}/year", "derived", src, why])
    rows.append(["scenario", "spend", "unit=MEUR", "0", "50000", "MEUR/year", "derived", "CBS_2024_GDP", gdp_why])
    rows.append(["scenario", "additions", "unit=MEUR", "0", "50000", "MEUR/year", "derived", "CBS_2024_GDP", gdp_why])
    rows.append(["scenario", "spend", "investment=*", "0", "50000", "MEUR/year", "derived", "CBS_2024_GDP", gdp_why])
    measures = _out_rows("measures.csv")
    for m in measures:
        base = float(m["base_stock"])
        if base > 0:
            rows.append(["scenario", "stock", f"measure={m['id']}", fmt(base / 10), "", m["unit"],
                         "derived" if m["source_id"] else "assumption", m["source_id"],
                         f"the installed stock of {fmt(base)} {m['unit']} in {BASE_YEAR} (measures.csv) does not fall to "
                         "a tenth within the horizon: installations last 15-30 years"])
    units = {m["unit"] for m in measures}
    missing = units - set(stock_max) - {"MEUR"}
    if missing:
        raise SystemExit(f"plausibility: no scenario bound for measure units {sorted(missing)}")
    write_csv("plausibility.csv", PLAUSIBILITY_HEADER, rows)
    return rows


def file_facts(name):
    """Data rows (records after the header) and SHA-256 of a written file."""
    import hashlib
    data = (OUT / name).read_bytes()
    with open(OUT / name, newline="", encoding="utf-8") as f:
        records = [r for r in csv.reader(f) if r and not r[0].startswith("#")]
    return max(len(records) - 1, 0), hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------


def report(wiod, hours, import_share, table, diag, tech, fte_hours):
    """Print the key numbers a reviewer should see."""
    total_h = sum(hours.values())
    print(f"total hours worked 2014: {total_h / 1e9:.3f} bn; fte at {fte_hours:.0f} h: {total_h / fte_hours / 1e6:.3f} M")
    print("import shares:", {c: round(import_share[c], 3) for c in ("F", "C27", "C28", "D35", "M71")})
    for c in ("F", "C25", "C27", "C28", "D35", "M71", "H50", "Q"):
        t = sum(table[c].get(b, 0) for b in tech)
        care = sum(v for b, v in table[c].items() if b.startswith("10"))
        print(f"  {c:4s} technician share {t:.3f}  care (class 10) share {care:.4f}")
    print("ISCO-major ties:", diag["ties"], "| suppressed Eurostat cells filled:", len(diag["filled"]))
    print("IPF max relative row error per major:", {m: f"{e:.1e}" for m, e in diag["ipf_err"].items()})
    print(f"M71 technical share before adjustment (section M): {diag['m71_tech_before']:.3f}")
    print("temporary-agency share of N's hours (low, central, high):", [round(x, 3) for x in diag["agency_share_of_n"]])
    for c in ("F", "N"):
        top = sorted(table[c].items(), key=lambda kv: -kv[1])[:6]
        print(f"  {c} top occupations:", ", ".join(f"{b} {v:.3f}" for b, v in top))


def report_supply(supply_occ, edu, supply_par):
    """Print the supply-side calibration a reviewer should see (national totals: tools/check_dataset.py)."""
    print("mbo first-year/student ratios (Techniekpact 2016/17):", {k: round(v, 4) for k, v in edu["mbo"]["ratio"].items()})
    print("wo external master-entrant share:", {k: round(v, 3) for k, v in edu["ho"]["ext"].items()})
    print("hbo dropout derived:", {d: round(edu["dropout"][("hbo", d)], 3) for d in DIRECTIONS})
    print(f"labour-market entry common factor {edu['factor']:.4f}:", edu["lme"])
    print(f"school-leavers entering work 2024 (builder): {edu['school_leavers']:.0f} "
          f"(ROA target {ROA_SCHOOL_LEAVERS_6Y / ROA_YEARS:.0f})")
    print(f"pipeline dropouts 2024 (first-years x dropout): {edu['dropouts']:.0f}")
    print(f"migration_rate central {supply_par['migration_rate']:.5f}")
    # cross-checks against sources not used in the numbers
    dipl = {r["niveau"]: float(r["gediplomeerden_excl_extranei"])
            for r in read_csv(EDU + "cbs_85357NED_mbo_gediplomeerden_niveau_excerpt.csv") if r["school_year"] == "2024/'25"}
    for lv, n in (("mbo2", "Niveau 2"), ("mbo3", "Niveau 3"), ("mbo4", "Niveau 4")):
        g = sum(edu["grads"][(lv, d)] for d in DIRECTIONS)
        print(f"  {lv} graduates 2024 (model) {g:.0f} vs CBS diplomas 2024/25 {dipl[n]:.0f}")
    st, sw = edu["mbo"]["stock"], edu["mbo"]["women"]
    t = sum(v for (y, lv, d), v in st.items() if y == "2019" and d != "other" and lv != "entree")
    w = sum(v for (y, lv, d), v in sw.items() if y == "2019" and d != "other" and lv != "entree")
    vh = next(r for r in read_csv(EDU + "vhto_instroom_betatechniek_2012_2020.csv")
              if r["level"] == "mbo" and r["academic_year"] == "2019/20")
    print(f"  mbo techniek+ict women share 2019 (DUO students) {w / t:.3f} vs VHTO first-years 2019/20 "
          f"{float(vh['pct_women_published']) / 100:.3f}")
    sk = {}
    for r in read_csv(EDU + "ocw_mbo_instroom_aandeel_sectorkamer_2017_2022.csv"):
        sk.setdefault(r["sectorkamer"], {})[int(r["instroomjaar"])] = float(r["share_of_instroom_pct"])
    for k in ("techniek en gebouwde omgeving", "creatieve industrie en ICT"):
        a = sum(sk[k][y] for y in (2017, 2018, 2019)) / 3
        b = sum(sk[k][y] for y in (2020, 2021, 2022)) / 3
        print(f"  OCW mbo inflow share '{k}': 2017-19 {a:.1f}% -> 2020-22 {b:.1f}% (held constant after 2019)")


def main():
    """Build every output file, then run the self-check."""
    OUT.mkdir(parents=True, exist_ok=True)
    build_sources()
    wiod, klems = load_wiod(), load_klems()
    params = build_parameters(wiod, klems)
    hours, import_share = build_io(wiod, klems)
    build_regions()
    occ = load_occupations()
    build_occupations(occ)
    table, diag = build_occupation_shares(occ, wiod["codes"], hours, wiod["block"])
    build_education_shares(occ)
    tech, ict_set = build_occupation_sets(occ)
    build_base_year_activity(build_measures())
    build_fossil_losses(hours, params["fte_hours"])
    supply_occ = build_supply_occupations(occ)
    edu = build_education()
    supply_par = build_supply_parameters(klems, params["fte_hours"], edu)
    build_digital_definitions(occ)
    build_shortage_classes()
    build_levers(edu, tech, ict_set)
    build_campaigns()
    build_base_year_shortage()
    check_evidence_ids(build_evidence())
    build_uncertainty()
    build_plausibility()
    build_manifest()
    report(wiod, hours, import_share, table, diag, tech, params["fte_hours"])
    report_supply(supply_occ, edu, supply_par)

    import importlib.util
    spec = importlib.util.spec_from_file_location("check_dataset", ROOT / "tools" / "check_dataset.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    errors = mod.check(OUT)
    if errors:
        raise SystemExit("self-check FAILED:\n  " + "\n  ".join(errors))
    print("self-check OK")


if __name__ == "__main__":
    main()
