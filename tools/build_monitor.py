#!/usr/bin/env python3
"""Build the krapte monitor registry and its built-in observations.

Reads only the raw copies in data/raw/monitor/ (see data/raw/monitor/PROVENANCE.md) and
writes data/monitor/indicators.csv, observations.csv, sources.csv and breaks.csv.
Python 3.11 standard library only; deterministic (same input -> same bytes); no network,
no clock. Every check failure is collected and reported at once, then the script exits
with status 1 without writing anything.

Numbers are handled as decimal.Decimal so that sums of published figures (thousands with
one decimal, percentages) are exact; derived values are rounded as stated in each note.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from collections import defaultdict
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw" / "monitor"
OUT = ROOT / "data" / "monitor"

PILLARS = ("onderwijs", "arbeidsmarkt", "innovatie")
UNITS = ("persons", "jobs", "percent", "fte", "vacancies", "share", "percent_per_year", "index")
PERIODICITIES = ("year", "quarter", "school_year")
DIRECTIONS = ("up", "down", "none")
REGIONS = ("NL",) + tuple(f"PV{n}" for n in range(20, 32))
COUNT_UNITS = ("persons", "jobs", "fte", "vacancies", "index")

DIGITAL_TARGET = ("1000000", "2030")  # 1 million digitally skilled in 2030 (seeds 000, 001)


# --------------------------------------------------------------------------- helpers

def read_csv(rel: str) -> list[dict[str, str]]:
    with open(RAW / rel, encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if any(v.strip() for v in r.values() if v)]


def dec(s: str) -> Decimal:
    return Decimal(s.strip())


def fmt(d: Decimal) -> str:
    """Plain decimal notation without exponent or trailing zeros."""
    s = format(d.normalize(), "f")
    return "0" if s in ("-0", "") else s


def pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def school_year(y: int) -> str:
    return f"{y}/{(y + 1) % 100:02d}"


def sy_from_label(label: str) -> str:
    """'2019/20', "2019/'20" or '2016-2017' -> '2019/20' style."""
    m = re.fullmatch(r"(\d{4})(?:/'?(\d{2})|-(\d{4}))", label.strip())
    if not m:
        raise ValueError(f"not a school year: {label!r}")
    return school_year(int(m.group(1)))


def ceil_2sig(x: Decimal) -> Decimal:
    """Round a positive number up to two significant digits (e.g. 249800 -> 250000)."""
    if x <= 0:
        return Decimal(1)
    exp = x.adjusted() - 1
    q = Decimal(1).scaleb(exp)
    return (x / q).to_integral_value(ROUND_CEILING) * q


# --------------------------------------------------------------------------- sources

# (source_id, title, publisher, url, license). Titles and urls from the shared PROVENANCE
# records; see data/monitor/PROVENANCE.md.
SOURCES = [
    ("SEED_001", "Kamerbrief on the progress of the Actieplan Groene en Digitale Banen (project seed document 001)",
     "Minister van Economische Zaken en Klimaat, also on behalf of SZW, OCW, KenE, APP and PVO",
     "shared/seeds/001_02751d9ad0621568.txt (facts in shared/data/policy/policy_facts.csv)",
     "Dutch government document; figures cited with attribution"),
    ("SEED_002", "Kamerbrief on shortages of technicians and ICT workers for the climate and digital transitions (project seed document 002)",
     "Minister van Economische Zaken en Klimaat and Minister voor Klimaat en Energie, also on behalf of SZW",
     "shared/seeds/002_a75020c25b18ce95.txt (facts in shared/data/policy/policy_facts.csv)",
     "Dutch government document; figures cited with attribution"),
    ("SEED_003", "Actieplan Groene en Digitale Banen: tientallen acties om tekort in techniek op te lossen (news item, 7 February 2023; project seed document 003)",
     "news site (wvhj2023)", "shared/seeds/003_daff72c4c784c346.txt",
     "news page; facts cited, text not copied"),
    ("VHTO_INSTROOM", "VHTO cijfers: instroom beta/techniek mbo, hbo, wo with number and share of women (several page versions)",
     "VHTO (based on DUO/1cijfer data)",
     "https://www.vhto.nl/kennis/cijfers/cijfers-mbo/ ; https://www.vhto.nl/kennis/cijfers/cijfers-hbo/ ; https://www.vhto.nl/kennis/cijfers/cijfers-wo/ ; https://www.vhto.nl/cijfers-onderzoek/cijfers/cijfers-hbo/",
     "third-party site; facts cited, terms not checked"),
    ("TECHNIEKPACT_MONITOR_MBO", "Monitor Techniekpact, middelbaar beroepsonderwijs: instroom beta/techniek (page versions with the domain-based and the per-studierichting definition; update of 8 April 2022)",
     "Techniekpact (data DUO/CBS maatwerk)",
     "https://www.techniekpactmonitor.nl/mbo ; https://techniekpact.nl/monitor-techniekpact/monitor/middelbaar-beroepsonderwijs-mbo",
     "terms not checked; figures cited"),
    ("OCW_MBO_SECTORKAMER", "OCW in cijfers: instroom aandeel studenten in opleidingen die opleiden voor het oplossen van maatschappelijke uitdagingen (mbo, per SBB-sectorkamer, 2017-2022)",
     "Ministerie van OCW",
     "https://www.ocwincijfers.nl/begroten-en-verantwoorden/middelbaar-beroepsonderwijs/subdoel-kansrijke-studiekeuze/instroom-aandeel-studenten-in-opleidingen-die-opleiden-voor-het-oplossen-van-maatschappelijke-uitdagingen",
     "Dutch government open data; reuse terms not checked"),
    ("OCW_HBO_TEKORTSECTOREN", "OCW in cijfers: gediplomeerden in de tekortsectoren gezondheidszorg, onderwijs en betatechniek (hbo bachelor, 2017-2021)",
     "Ministerie van OCW",
     "https://www.ocwincijfers.nl/begroten-en-verantwoorden/hoger-onderwijs/subdoel-aanpak-opleiden-vakmensen/gediplomeerden-in-de-tekortsectoren-gezondheidszorg-onderwijs-en-betatechniek",
     "Dutch government open data; reuse terms not checked"),
    ("DUO_HO_2019", "DUO open data 03b eerstejaars ingeschrevenen hbo/wo domein (2015-2019) and 05 gediplomeerden hbo/wo (diplomajaar 2014-2018), national sums",
     "DUO (Open Onderwijsdata, 1 cijfer HO)",
     "https://duo.nl/open_onderwijsdata/ ; copies via rmania/tekkieworden@144974010a2e8272e6dde70beac60137aa3c70ab and @33d0cf453df174d67afa09a85ed5e9be8b9dfa14",
     "Dutch government open data (attribution DUO)"),
    ("ONDERWIJSINCIJFERS_HBO_INGESCHREVENEN", "Onderwijs in cijfers: aantallen ingeschrevenen hbo per HOOP-sector, 2013-2017 (data DUO, 1 cijfer HO 2017)",
     "Ministerie van OCW (Onderwijs in cijfers)",
     "https://www.onderwijsincijfers.nl/kengetallen/hbo/studenten-hbo/aantallen-ingeschrevenen-hbo",
     "Dutch government open data; reuse terms not checked"),
    ("DUO_WO_INGESCHREVENEN_2019", "DUO open data ingeschrevenen wo (1 October count, 2010-2019), national sums",
     "DUO (Open Onderwijsdata)",
     "https://duo.nl/open_onderwijsdata/ ; copy via evavanrooijen/check-the-facts:data/wo_inges_ho.csv@fcc07344db084a386bf2cb06d2c67921e02ba1b3",
     "Dutch government open data (attribution DUO)"),
    ("DUO_HBO_P01_P04", "DUO p01hoinges ingeschrevenen, p02ho1ejrs eerstejaars HO, p04hogdipl gediplomeerden (hbo, 2019-2024), national sums",
     "DUO (Open Onderwijsdata)",
     "https://onderwijsdata.duo.nl/dataset/p01hoinges ; https://onderwijsdata.duo.nl/dataset/p02ho1ejrs ; https://onderwijsdata.duo.nl/dataset/p04hogdipl ; copy via ALeemans/ai-dimensional-modal-agent@15e637fed4568416e49f16875aaf35d2ef3e3274",
     "CC BY (per the carrier's inventory); cells 1-4 suppressed by DUO"),
    ("DUO_MBO_DEELNEMERS_2019", "DUO open data 03 deelnemers mbo per instelling, sector, opleidingsdomein, niveau en geslacht 2015-2019, national sums",
     "DUO (Open Onderwijsdata, BRON-mbo)",
     "https://duo.nl/open_onderwijsdata/images/03-deelnemers-per-instelling-plaats-kenniscentrum-sector-bedrijfstak-type-mbo-opleiding-niveau-geslacht-2015-2019.csv ; copy via rmania/tekkieworden@8c34d5a067ec00328439f12fd80076c780a1c4db",
     "Dutch government open data (attribution DUO)"),
    ("CBS_83538NED", "Hoger onderwijs; eerstejaars-/ouderejaarsstudenten, onderwijsrichting (83538NED), 2021/'22*",
     "CBS", "https://www.cbs.nl/nl-nl/cijfers/detail/83538NED", "CC BY 4.0"),
    ("EUROSTAT_EDUC_UOE_GRAD02", "Graduates by education level and field (educ_uoe_grad02), NL, ISCED 5-8, F06 and F07",
     "Eurostat",
     "https://ec.europa.eu/eurostat/databrowser/view/educ_uoe_grad02/default/table ; copy via r-kouki/european-labor-market-r@57842d4229e2cc17df6f745ad1560d505b6610d8",
     "reuse with acknowledgement (Commission Decision 2011/833/EU)"),
    ("EUROSTAT_ISOC_SKS_ITSPT", "ICT specialists in employment (isoc_sks_itspt), NL 2014-2024, thousands and % of total employment",
     "Eurostat",
     "https://ec.europa.eu/eurostat/databrowser/view/isoc_sks_itspt/default/table ; copy via r-kouki/european-labor-market-r@57842d4229e2cc17df6f745ad1560d505b6610d8",
     "reuse with acknowledgement (Commission Decision 2011/833/EU)"),
    ("EUROSTAT_UNE_RT_A", "Unemployment by sex and age, annual data (une_rt_a), NL, 15-74, % of active population",
     "Eurostat",
     "https://ec.europa.eu/eurostat/databrowser/view/une_rt_a/default/table ; copy via r-kouki/european-labor-market-r@57842d4229e2cc17df6f745ad1560d505b6610d8",
     "reuse with acknowledgement (Commission Decision 2011/833/EU)"),
    ("CBS_ICT_KENNIS_ECONOMIE_2018", "ICT, kennis en economie 2018, statistische bijlage, tabel 2.2.1a Werkzame ICT'ers naar achtergrondkenmerken",
     "CBS", "https://longreads.cbs.nl/ict-kennis-en-economie-2018/statistische-bijlage/", "CC BY 4.0"),
    ("CBS_ICT_KENNIS_ECONOMIE_2022", "ICT, kennis en economie 2022, statistische bijlage, tabel 2.2.1a Werkzame ICT'ers naar achtergrondkenmerken",
     "CBS", "https://longreads.cbs.nl/ict-kennis-en-economie-2022/statistische-bijlage/", "CC BY 4.0"),
    ("CBS_ICT_KENNIS_ECONOMIE_2023", "ICT, kennis en economie 2023, ICT en economie (headline: ruim 600 duizend werkzame ICT'ers in 2022)",
     "CBS", "https://longreads.cbs.nl/ict-kennis-en-economie-2023/ict-en-economie/", "CC BY 4.0"),
    ("CBS_85276NED_2023", "Werkzame beroepsbevolking; beroep (85276NED), 2023 annual, by BRC 2014 class",
     "CBS",
     "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/85276NED ; copy via rhoeijmakers/nl-jobs:occupations.csv@cb189215a9335594a5f066e407a1c62ee9928fd0",
     "CC BY 4.0"),
    ("CBS_85276NED_2025Q4", "Werkzame beroepsbevolking; beroep (85276NED), 2024KW04 and 2025KW04, by BRC 2014 group, with share of women",
     "CBS",
     "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/85276NED ; copy via bitboxx/jobmarket:site/data.json@e31d5b0043f0cd0ae6150d951eb2a0889c887910 (generated 2026-03-17)",
     "CC BY 4.0"),
    ("CBS_85081NED", "Vacatures; beroepsklasse, bedrijfstak (85081NED): ontstane vacatures 2022*",
     "CBS", "https://www.cbs.nl/nl-nl/cijfers/detail/85081NED?q=beroepen", "CC BY 4.0"),
    ("CBS_80474NED", "Vacatures; SBI 2008, seizoengecorrigeerd (80474ned): 2023 2e kwartaal*",
     "CBS", "https://www.cbs.nl/nl-nl/cijfers/detail/80474ned?q=cbs%20vacatures", "CC BY 4.0"),
    ("CBS_VACATURES_2016W38", "Banen en vacatures naar bedrijfstak (CBS achtergrond 2016/38): 155 thousand open vacancies end of June 2016, seasonally adjusted",
     "CBS", "https://www.cbs.nl/nl-nl/achtergrond/2016/38/banen-en-vacatures-naar-bedrijfstak", "CC BY 4.0"),
    ("CBS_VACATURES_2016W19", "Banen en vacatures naar bedrijfstak: afnemende banengroei in zakelijke dienstverlening (CBS achtergrond 2016/19): vacancy rate 2015Q3",
     "CBS", "https://www.cbs.nl/nl-nl/achtergrond/2016/19/banen-en-vacatures-naar-bedrijfstak-afnemende-banengroei-in-zakelijke-dienstverlening", "CC BY 4.0"),
    ("UWV_DEONDERNEMER", "UWV: tekort aan tienduizenden vakkrachten voor energietransitie",
     "De Ondernemer (quoting UWV)",
     "https://www.deondernemer.nl/actueel/uwv-tekort-aan-tienduizenden-vakkrachten-voor-energietransitie~1f7c1c3",
     "news page; facts cited, text not copied"),
    ("CBS_83582NED", "Banen van werknemers in december; economische activiteit (SBI2008), regio (83582NED), COROP regions summed to provinces",
     "CBS",
     "https://opendata.cbs.nl/ODataApi/odata/83582NED ; copy via Jpmartinslag/neural-temporal-relational-model@5978b8bf666f3480b1511ac016050514656aa69a",
     "CC BY 4.0"),
    ("CBS_PRODUCTIVITY_2024", "Nederlandse arbeidsproductiviteit groeit steeds minder hard (CBS 125-year publication, reported by ANP, August 2024)",
     "CBS (reported by ANP)",
     "https://www.welingelichtekringen.nl/economie/nederlandse-arbeidsproductiviteit-groeit-steeds-minder-hard",
     "CBS figures CC BY 4.0; news page cited for the facts only"),
    ("TDI_2024", "Installatietijd (hybride) warmtepompen neemt af (Stichting Team Duurzaam Installeren benchmark of 10 installers)",
     "EW Installatietechniek / Renovatietotaal (quoting Stichting Team Duurzaam Installeren)",
     "https://www.ew-installatietechniek.nl/nieuws/installatietijd-hybride-warmtepompen-neemt-af ; https://www.renovatietotaal.nl/2024/05/22/installatietijd-hybride-warmtepompen-neemt-af-maar-vraag-uit-markt-blijft-achter/",
     "news page; facts cited, text not copied"),
    ("krapte", "krapte model: doorrekening of the Actieplan Groene en Digitale Banen (computed by the program)",
     "krapte project", "", "EUPL-1.2"),
]


# --------------------------------------------------------------------------- indicators

def ind(id_, pillar, unit, periodicity, direction, source_id, name_nl, name_en, definition,
        target=("", ""), bounds=None):
    return dict(id=id_, name_nl=name_nl, name_en=name_en, pillar=pillar, unit=unit,
                definition=definition, source_id=source_id, definition_version="v1",
                periodicity=periodicity, target_value=target[0], target_year=target[1],
                direction=direction, bounds=bounds)


ICT_NAMES = re.compile(r"ICT|Informatica|Software|Computer|Data")
MBO_BETATECHNIEK_DOMAINS = (  # Techniekpact's domain-based definition (8 domains)
    "Afbouw, hout en onderhoud", "Ambacht, laboratorium en gezondheidstechniek", "Bouw en infra",
    "Informatie en communicatietechnologie", "Media en vormgeving", "Mobiliteit en voertuigen",
    "Techniek en procesindustrie", "Transport, scheepvaart en logistiek")

INDICATORS = [
    # ------------------------------------------------------------------ onderwijs
    ind("vmbo3_technical_profile_pct", "onderwijs", "percent", "year", "up", "SEED_001",
        "Vmbo-leerlingen leerjaar 3 met technisch profiel", "Vmbo year-3 pupils with a technical profile",
        "Share of vmbo pupils in the third year (leerjaar 3) who follow a technical profile, Netherlands, as reported by the cabinet for the Sterk Techniekonderwijs programme."),
    ind("mbo_first_year_betatechniek_vhto", "onderwijs", "persons", "school_year", "up", "VHTO_INSTROOM",
        "Instroom mbo betatechniek (VHTO)", "First-year mbo students in beta/technical programmes (VHTO)",
        "Number of first-year mbo students in beta/technical programmes, Netherlands, as published by VHTO ('Instroom mbo betatechniek', based on DUO data)."),
    ind("mbo_first_year_betatechniek_women_pct_vhto", "onderwijs", "percent", "school_year", "up", "VHTO_INSTROOM",
        "Aandeel vrouwen in instroom mbo betatechniek (VHTO)", "Women's share of first-year mbo beta/technical students (VHTO)",
        "Women as a percentage of first-year mbo students in beta/technical programmes, Netherlands, as published by VHTO."),
    ind("mbo_first_year_betatechniek_techniekpact_domains", "onderwijs", "persons", "school_year", "up", "TECHNIEKPACT_MONITOR_MBO",
        "Instroom mbo betatechniek, domeindefinitie (Techniekpact)", "First-year mbo students in beta/technical domains (Techniekpact, domain definition)",
        "Number of students entering mbo in the eight beta/technical domains of the Techniekpact domain-based definition (all levels), Netherlands."),
    ind("mbo_first_year_betatechniek_pct_techniekpact", "onderwijs", "percent", "school_year", "up", "TECHNIEKPACT_MONITOR_MBO",
        "Aandeel betatechniek in mbo-instroom (Techniekpact)", "Beta/technical share of mbo inflow (Techniekpact)",
        "Students entering a beta/technical mbo programme (techniek determined per studierichting) as a percentage of all students entering mbo, all levels, Netherlands, as published by the Techniekpact monitor."),
    ind("mbo_female_first_year_choosing_betatechniek_pct_techniekpact", "onderwijs", "percent", "school_year", "up", "TECHNIEKPACT_MONITOR_MBO",
        "Aandeel vrouwelijke mbo-instroom dat betatechniek kiest (Techniekpact)", "Share of female mbo entrants choosing beta/technical programmes (Techniekpact)",
        "Female students entering a beta/technical mbo programme as a percentage of all female students entering mbo, all levels, Netherlands, as published by the Techniekpact monitor."),
    ind("mbo_first_year_pct_techniek_gebouwde_omgeving_ocw", "onderwijs", "percent", "year", "up", "OCW_MBO_SECTORKAMER",
        "Aandeel mbo-instroom sectorkamer techniek en gebouwde omgeving", "Share of mbo entrants in the SBB sector chamber technology and built environment",
        "Students entering mbo in programmes of the SBB sectorkamer 'techniek en gebouwde omgeving' as a percentage of all mbo entrants in the instroomjaar, Netherlands (OCW in cijfers)."),
    ind("mbo_first_year_pct_creatieve_industrie_ict_ocw", "onderwijs", "percent", "year", "up", "OCW_MBO_SECTORKAMER",
        "Aandeel mbo-instroom sectorkamer creatieve industrie en ICT", "Share of mbo entrants in the SBB sector chamber creative industry and ICT",
        "Students entering mbo in programmes of the SBB sectorkamer 'creatieve industrie en ICT' as a percentage of all mbo entrants in the instroomjaar, Netherlands (OCW in cijfers)."),
    ind("mbo_students_betatechniek_domains_duo", "onderwijs", "persons", "school_year", "up", "DUO_MBO_DEELNEMERS_2019",
        "Mbo-studenten in betatechnische domeinen (DUO)", "Mbo students in beta/technical domains (DUO)",
        "Number of mbo students (deelnemers on 1 October, all years of study, levels 1-4, BOL and BBL) in the eight opleidingsdomeinen of the Techniekpact domain-based definition, Netherlands."),
    ind("mbo_students_ict_domain_duo", "onderwijs", "persons", "school_year", "up", "DUO_MBO_DEELNEMERS_2019",
        "Mbo-studenten domein ICT (DUO)", "Mbo students in the ICT domain (DUO)",
        "Number of mbo students (deelnemers on 1 October, all years of study, levels 1-4, BOL and BBL) in the opleidingsdomein 'Informatie en communicatietechnologie', Netherlands."),
    ind("hbo_first_year_htno_vhto", "onderwijs", "persons", "school_year", "up", "VHTO_INSTROOM",
        "Instroom hbo HTNO (VHTO)", "First-year hbo students in HTNO (VHTO)",
        "Number of first-year students in hoger technisch en natuurwetenschappelijk onderwijs (HTNO), Netherlands, as published by VHTO (older VHTO definition)."),
    ind("hbo_first_year_htno_women_pct_vhto", "onderwijs", "percent", "school_year", "up", "VHTO_INSTROOM",
        "Aandeel vrouwen in instroom hbo HTNO (VHTO)", "Women's share of first-year hbo HTNO students (VHTO)",
        "Women as a percentage of first-year HTNO students, Netherlands, as published by VHTO (older VHTO definition)."),
    ind("hbo_first_year_betatechniek_vhto", "onderwijs", "persons", "school_year", "up", "VHTO_INSTROOM",
        "Instroom hbo betatechnische opleidingen (VHTO)", "First-year hbo students in beta/technical programmes (VHTO)",
        "Number of first-year hbo students in beta/technical programmes ('Instroom betatechnische opleidingen'), Netherlands, as published by VHTO."),
    ind("hbo_first_year_betatechniek_women_pct_vhto", "onderwijs", "percent", "school_year", "up", "VHTO_INSTROOM",
        "Aandeel vrouwen in instroom hbo betatechniek (VHTO)", "Women's share of first-year hbo beta/technical students (VHTO)",
        "Women as a percentage of first-year hbo students in beta/technical programmes, Netherlands, as published by VHTO."),
    ind("hbo_first_year_techniek_duo_hbo_domain", "onderwijs", "persons", "school_year", "up", "DUO_HO_2019",
        "Eerstejaars hbo techniek, hbo-domein (DUO 03b)", "First-year hbo students in techniek, hbo domain (DUO 03b)",
        "Number of first-year students in the hbo domain (DUO 03b definition) in associate-degree and bachelor programmes of CROHO onderdeel techniek, funded institutions, Netherlands."),
    ind("hbo_first_year_techniek_women_pct_duo_hbo_domain", "onderwijs", "percent", "school_year", "up", "DUO_HO_2019",
        "Aandeel vrouwen eerstejaars hbo techniek, hbo-domein (DUO 03b)", "Women's share of first-year hbo techniek students, hbo domain (DUO 03b)",
        "Women as a percentage of first-year students in the hbo domain (DUO 03b definition) in associate-degree and bachelor programmes of CROHO onderdeel techniek, Netherlands."),
    ind("hbo_first_year_techniek_duo_ho_domain", "onderwijs", "persons", "school_year", "up", "DUO_HBO_P01_P04",
        "Eerstejaars hbo techniek, ho-domein (DUO p02)", "First-year hbo students in techniek, higher-education domain (DUO p02)",
        "Number of hbo students enrolled for the first time in Dutch higher education (DUO p02ho1ejrs) in associate-degree and bachelor programmes of CROHO onderdeel techniek, funded institutions, Netherlands (cells of 1-4 suppressed by DUO are not included)."),
    ind("hbo_first_year_techniek_women_pct_duo_ho_domain", "onderwijs", "percent", "school_year", "up", "DUO_HBO_P01_P04",
        "Aandeel vrouwen eerstejaars hbo techniek, ho-domein (DUO p02)", "Women's share of first-year hbo techniek students, higher-education domain (DUO p02)",
        "Women as a percentage of hbo students enrolled for the first time in higher education (DUO p02ho1ejrs) in CROHO onderdeel techniek, Netherlands (unsuppressed cells)."),
    ind("hbo_first_year_ict_programmes_duo_hbo_domain", "onderwijs", "persons", "school_year", "up", "DUO_HO_2019",
        "Eerstejaars hbo ICT-opleidingen, hbo-domein (DUO 03b)", "First-year hbo students in ICT programmes, hbo domain (DUO 03b)",
        "Number of first-year students in the hbo domain (DUO 03b definition) in associate-degree and bachelor programmes of CROHO onderdeel techniek whose name contains ICT, Informatica, Software, Computer or Data, Netherlands."),
    ind("hbo_first_year_ict_programmes_duo_ho_domain", "onderwijs", "persons", "school_year", "up", "DUO_HBO_P01_P04",
        "Eerstejaars hbo ICT-opleidingen, ho-domein (DUO p02)", "First-year hbo students in ICT programmes, higher-education domain (DUO p02)",
        "Number of hbo students enrolled for the first time in higher education (DUO p02ho1ejrs) in programmes of CROHO onderdeel techniek whose name contains ICT, Informatica, Software, Computer or Data, Netherlands (suppressed cells not included)."),
    ind("hbo_enrolled_techniek_onderwijsincijfers", "onderwijs", "persons", "school_year", "up", "ONDERWIJSINCIJFERS_HBO_INGESCHREVENEN",
        "Ingeschrevenen hbo sector techniek (Onderwijs in cijfers)", "Students enrolled in the hbo sector techniek (Onderwijs in cijfers)",
        "Number of students enrolled in hbo in HOOP sector techniek, Netherlands, published in thousands with one decimal (Onderwijs in cijfers, data DUO 1 cijfer HO)."),
    ind("hbo_enrolled_techniek_duo", "onderwijs", "persons", "school_year", "up", "DUO_HBO_P01_P04",
        "Ingeschrevenen hbo techniek (DUO p01)", "Students enrolled in hbo techniek (DUO p01)",
        "Number of persons enrolled on 1 October in hbo associate-degree, bachelor and master programmes of CROHO onderdeel techniek, funded institutions, Netherlands (DUO p01hoinges; suppressed cells not included)."),
    ind("hbo_graduates_techniek_duo", "onderwijs", "persons", "year", "up", "DUO_HBO_P01_P04",
        "Gediplomeerden hbo techniek (DUO)", "Hbo diplomas in techniek (DUO)",
        "Number of hbo diplomas (associate degree, bachelor and master) awarded in CROHO onderdeel techniek, funded institutions, Netherlands, by DUO diplomajaar (a person with two diplomas counts twice)."),
    ind("hbo_bachelor_graduates_betatechniek_ocw", "onderwijs", "persons", "year", "up", "OCW_HBO_TEKORTSECTOREN",
        "Gediplomeerden hbo-bachelor betatechniek (OCW)", "Hbo bachelor graduates in beta/technical programmes (OCW)",
        "Number of students who obtained one or more hbo bachelor diplomas in the beta/technical shortage sector in funded hbo, Netherlands (OCW in cijfers)."),
    ind("wo_first_year_betatechniek_vhto", "onderwijs", "persons", "school_year", "up", "VHTO_INSTROOM",
        "Instroom wo betatechniek (VHTO)", "First-year wo students in beta/technical programmes (VHTO)",
        "Number of first-year wo students in beta/technical programmes, Netherlands, as published by VHTO ('Instroom betatechniek')."),
    ind("wo_first_year_betatechniek_women_pct_vhto", "onderwijs", "percent", "school_year", "up", "VHTO_INSTROOM",
        "Aandeel vrouwen in instroom wo betatechniek (VHTO)", "Women's share of first-year wo beta/technical students (VHTO)",
        "Women as a percentage of first-year wo students in beta/technical programmes, Netherlands, as published by VHTO."),
    ind("wo_first_year_techniek_duo", "onderwijs", "persons", "school_year", "up", "DUO_HO_2019",
        "Eerstejaars wo techniek, wo-domein (DUO 03b)", "First-year wo students in techniek, wo domain (DUO 03b)",
        "Number of first-year students in the wo domain (DUO 03b definition; bachelor and master) in programmes of CROHO onderdeel techniek, funded universities, Netherlands."),
    ind("wo_enrolled_techniek_duo", "onderwijs", "persons", "school_year", "up", "DUO_WO_INGESCHREVENEN_2019",
        "Ingeschrevenen wo techniek (DUO)", "Students enrolled in wo techniek (DUO)",
        "Number of students enrolled on 1 October in funded wo programmes (bachelor, master, ongedeeld) of CROHO onderdeel techniek, Netherlands."),
    ind("wo_graduates_techniek_duo", "onderwijs", "persons", "year", "up", "DUO_HO_2019",
        "Gediplomeerden wo techniek (DUO)", "Wo diplomas in techniek (DUO)",
        "Number of wo diplomas (bachelor and master) awarded in CROHO onderdeel techniek, funded universities, Netherlands, by DUO diplomajaar (a person with two diplomas counts twice)."),
    ind("ho_first_year_ict_isced06_cbs", "onderwijs", "persons", "school_year", "up", "CBS_83538NED",
        "Eerstejaars hoger onderwijs informatica (ISCED 06, CBS)", "First-year higher-education students in ICT (ISCED-F 06, CBS)",
        "Number of first-year students in higher education (hbo and wo) in ISCED-F 2013 broad field 06 Informatica, Netherlands (CBS 83538NED)."),
    ind("ho_first_year_engineering_isced07_cbs", "onderwijs", "persons", "school_year", "up", "CBS_83538NED",
        "Eerstejaars hoger onderwijs techniek, industrie en bouwkunde (ISCED 07, CBS)", "First-year higher-education students in engineering, manufacturing and construction (ISCED-F 07, CBS)",
        "Number of first-year students in higher education (hbo and wo) in ISCED-F 2013 broad field 07 Techniek, industrie en bouwkunde, Netherlands (CBS 83538NED)."),
    ind("tertiary_graduates_ict_eurostat", "onderwijs", "persons", "year", "up", "EUROSTAT_EDUC_UOE_GRAD02",
        "Afgestudeerden tertiair onderwijs ICT (Eurostat)", "Tertiary graduates in ICT (Eurostat)",
        "Number of graduates of tertiary education (ISCED 5-8, both sexes) in ISCED-F 2013 field F06 Information and Communication Technologies, Netherlands (Eurostat educ_uoe_grad02)."),
    ind("tertiary_graduates_engineering_eurostat", "onderwijs", "persons", "year", "up", "EUROSTAT_EDUC_UOE_GRAD02",
        "Afgestudeerden tertiair onderwijs techniek (Eurostat)", "Tertiary graduates in engineering, manufacturing and construction (Eurostat)",
        "Number of graduates of tertiary education (ISCED 5-8, both sexes) in ISCED-F 2013 field F07 Engineering, manufacturing and construction, Netherlands (Eurostat educ_uoe_grad02)."),
    # ------------------------------------------------------------------ arbeidsmarkt
    ind("vacancies_open_technical_ict", "arbeidsmarkt", "vacancies", "quarter", "down", "SEED_002",
        "Openstaande vacatures techniek en ICT", "Open vacancies in technology and ICT",
        "Number of open vacancies in technology and ICT at the end of the quarter, Netherlands, as stated by the cabinet."),
    ind("vacancies_new_ict_occupations", "arbeidsmarkt", "vacancies", "year", "down", "CBS_85081NED",
        "Ontstane vacatures ICT-beroepen (BRC klasse 08)", "New vacancies in ICT occupations (BRC class 08)",
        "Number of vacancies that arose during the year for ICT occupations (BRC 2014 beroepsklasse 08), all industries (SBI A-U), Netherlands (CBS 85081NED)."),
    ind("vacancies_new_technical_occupations_industry", "arbeidsmarkt", "vacancies", "year", "down", "CBS_85081NED",
        "Ontstane vacatures technische beroepen in nijverheid en energie (BRC 07, SBI B-F)", "New vacancies in technical occupations in industry, energy and construction (BRC 07, SBI B-F)",
        "Number of vacancies that arose during the year for technical occupations (BRC 2014 beroepsklasse 07) in SBI B-F Nijverheid en energie (incl. construction), Netherlands (CBS 85081NED)."),
    ind("vacancies_energy_transition_occupations_uwv", "arbeidsmarkt", "vacancies", "year", "down", "UWV_DEONDERNEMER",
        "Openstaande vacatures energietransitieberoepen (UWV)", "Open vacancies in energy-transition occupations (UWV)",
        "Number of open vacancies in the occupations UWV counts as needed for the energy transition, Netherlands, as reported by UWV."),
    ind("vacancies_open_information_communication", "arbeidsmarkt", "vacancies", "quarter", "down", "CBS_80474NED",
        "Openstaande vacatures informatie en communicatie (SBI J)", "Open vacancies in information and communication (SBI J)",
        "Number of open vacancies at the end of the quarter in SBI 2008 section J Informatie en communicatie, seasonally adjusted, Netherlands (CBS 80474ned)."),
    ind("vacancies_open_total", "arbeidsmarkt", "vacancies", "quarter", "none", "CBS_80474NED",
        "Openstaande vacatures, alle bedrijfstakken", "Open vacancies, all industries",
        "Number of open vacancies at the end of the quarter in all industries (SBI A-U), seasonally adjusted, Netherlands (CBS)."),
    ind("vacancy_rate_information_communication", "arbeidsmarkt", "percent", "quarter", "down", "CBS_VACATURES_2016W19",
        "Vacaturegraad informatie en communicatie (SBI J)", "Vacancy rate in information and communication (SBI J)",
        "Open vacancies per 100 employee jobs in SBI 2008 section J Informatie en communicatie at the end of the quarter, Netherlands (CBS)."),
    ind("unemployment_rate_technical_educated", "arbeidsmarkt", "percent", "year", "none", "SEED_002",
        "Werkloosheid technisch opgeleiden", "Unemployment rate of technically educated persons",
        "Unemployment rate among persons with a technical education, percentage of the labour force with that background, Netherlands (CBS maatwerk as cited by the cabinet)."),
    ind("unemployment_rate_national", "arbeidsmarkt", "percent", "year", "none", "EUROSTAT_UNE_RT_A",
        "Werkloosheid, totaal", "Unemployment rate, total",
        "Unemployed persons aged 15-74 as a percentage of the active population aged 15-74, both sexes, Netherlands (Eurostat une_rt_a)."),
    ind("switch_out_women_technical", "arbeidsmarkt", "percent_per_year", "year", "down", "SEED_002",
        "Uitstroom vrouwen uit technische beroepen", "Women switching out of technical occupations",
        "Percentage of women working in a technical occupation who switch to a non-technical occupation within a year, Netherlands (CBS maatwerk 2022 as cited by the cabinet)."),
    ind("switch_out_men_technical", "arbeidsmarkt", "percent_per_year", "year", "down", "SEED_002",
        "Uitstroom mannen uit technische beroepen", "Men switching out of technical occupations",
        "Percentage of men working in a technical occupation who switch to a non-technical occupation within a year, Netherlands (CBS maatwerk 2022 as cited by the cabinet)."),
    ind("ict_workers_cbs", "arbeidsmarkt", "persons", "year", "up", "CBS_ICT_KENNIS_ECONOMIE_2022",
        "Werkzame ICT'ers (CBS)", "Employed ICT workers (CBS)",
        "Number of employed persons working in an ICT occupation (CBS definition of werkzame ICT'ers, ISCO-08 based), Netherlands, annual (CBS ICT, kennis en economie, table 2.2.1a).",
        target=DIGITAL_TARGET),
    ind("ict_workers_women_pct_cbs", "arbeidsmarkt", "percent", "year", "up", "CBS_ICT_KENNIS_ECONOMIE_2018",
        "Aandeel vrouwen onder werkzame ICT'ers (CBS)", "Women's share of employed ICT workers (CBS)",
        "Women as a percentage of employed ICT workers (CBS definition of werkzame ICT'ers), Netherlands, annual (CBS ICT, kennis en economie 2018, table 2.2.1a)."),
    ind("ict_specialists_eurostat", "arbeidsmarkt", "persons", "year", "up", "EUROSTAT_ISOC_SKS_ITSPT",
        "ICT-specialisten (Eurostat)", "ICT specialists in employment (Eurostat)",
        "Number of employed ICT specialists (Eurostat broad ISCO-08 based definition, incl. ICT managers and technicians), Netherlands, annual (Eurostat isoc_sks_itspt, thousands x 1000).",
        target=DIGITAL_TARGET),
    ind("ict_specialists_pct_employment_eurostat", "arbeidsmarkt", "percent", "year", "up", "EUROSTAT_ISOC_SKS_ITSPT",
        "ICT-specialisten als aandeel van de werkgelegenheid (Eurostat)", "ICT specialists as a share of total employment (Eurostat)",
        "Employed ICT specialists (Eurostat definition) as a percentage of total employment, Netherlands, annual (Eurostat isoc_sks_itspt)."),
    ind("employed_ict_occupations_brc", "arbeidsmarkt", "persons", "year", "up", "CBS_85276NED_2023",
        "Werkzaam in ICT-beroepen (BRC klasse 08), jaargemiddelde", "Employed in ICT occupations (BRC class 08), annual average",
        "Employed labour force in BRC 2014 beroepsklasse 08 ICT beroepen (groups 0811, 0812, 0821, 0822; excludes 0533 ICT managers), annual average, Netherlands (CBS 85276NED).",
        target=DIGITAL_TARGET),
    ind("employed_ict_occupations_brc_q4", "arbeidsmarkt", "persons", "quarter", "up", "CBS_85276NED_2025Q4",
        "Werkzaam in ICT-beroepen (BRC klasse 08), vierde kwartaal", "Employed in ICT occupations (BRC class 08), fourth quarter",
        "Employed labour force in BRC 2014 beroepsklasse 08 ICT beroepen (groups 0811, 0812, 0821, 0822; excludes 0533 ICT managers) in the quarter, Netherlands (CBS 85276NED).",
        target=DIGITAL_TARGET),
    ind("employed_technical_occupations_brc", "arbeidsmarkt", "persons", "year", "up", "CBS_85276NED_2023",
        "Werkzaam in technische beroepen (BRC klasse 07), jaargemiddelde", "Employed in technical occupations (BRC class 07), annual average",
        "Employed labour force in BRC 2014 beroepsklasse 07 Technische beroepen (all 25 groups), annual average, Netherlands (CBS 85276NED)."),
    ind("employed_technical_occupations_brc_q4", "arbeidsmarkt", "persons", "quarter", "up", "CBS_85276NED_2025Q4",
        "Werkzaam in technische beroepen (BRC klasse 07), vierde kwartaal", "Employed in technical occupations (BRC class 07), fourth quarter",
        "Employed labour force in BRC 2014 beroepsklasse 07 Technische beroepen (all 25 groups) in the quarter, Netherlands (CBS 85276NED)."),
    ind("women_share_ict_occupations_brc_q4", "arbeidsmarkt", "share", "quarter", "up", "CBS_85276NED_2025Q4",
        "Aandeel vrouwen in ICT-beroepen (BRC klasse 08)", "Women's share of employment in ICT occupations (BRC class 08)",
        "Women as a share (0-1) of the employed labour force in BRC 2014 beroepsklasse 08 ICT beroepen in the quarter, Netherlands (CBS 85276NED)."),
    ind("women_share_technical_occupations_brc_q4", "arbeidsmarkt", "share", "quarter", "up", "CBS_85276NED_2025Q4",
        "Aandeel vrouwen in technische beroepen (BRC klasse 07)", "Women's share of employment in technical occupations (BRC class 07)",
        "Women as a share (0-1) of the employed labour force in BRC 2014 beroepsklasse 07 Technische beroepen in the quarter, Netherlands (CBS 85276NED)."),
    ind("employee_jobs_information_communication", "arbeidsmarkt", "jobs", "year", "none", "CBS_83582NED",
        "Banen van werknemers informatie en communicatie (SBI J)", "Employee jobs in information and communication (SBI J)",
        "Number of employee jobs (banen van werknemers; a person with two jobs counts twice; self-employed excluded) in December in SBI 2008 section J, by province, NL = sum of the 40 COROP regions (jobs CBS cannot assign to a region excluded) (CBS 83582NED)."),
    ind("employee_jobs_construction", "arbeidsmarkt", "jobs", "year", "none", "CBS_83582NED",
        "Banen van werknemers bouwnijverheid (SBI F)", "Employee jobs in construction (SBI F)",
        "Number of employee jobs (banen van werknemers; a person with two jobs counts twice; self-employed excluded) in December in SBI 2008 section F, by province, NL = sum of the 40 COROP regions (jobs CBS cannot assign to a region excluded) (CBS 83582NED)."),
    ind("employee_jobs_industry_energy", "arbeidsmarkt", "jobs", "year", "none", "CBS_83582NED",
        "Banen van werknemers nijverheid en energie (SBI B-E)", "Employee jobs in industry and energy (SBI B-E)",
        "Number of employee jobs (banen van werknemers; a person with two jobs counts twice; self-employed excluded) in December in SBI 2008 sections B-E (mining, manufacturing, energy, water and waste), by province, NL = sum of the 40 COROP regions (jobs CBS cannot assign to a region excluded) (CBS 83582NED)."),
    ind("model_technician_gap_2030", "arbeidsmarkt", "fte", "year", "down", "krapte",
        "Verwacht tekort aan technici in 2030 (krapte)", "Projected technician gap in 2030 (krapte)",
        "Technician gap in 2030 projected by krapte: required minus available fte in technical occupations (baseline plus climate demand, net), Netherlands, central run; period is always 2030 and each model run or dataset edition is stored as a new vintage.",
        target=("0", "2030"), bounds=("-2000000", "2000000")),
    # ------------------------------------------------------------------ innovatie
    ind("labour_productivity_growth", "innovatie", "percent_per_year", "year", "up", "SEED_003",
        "Groei arbeidsproductiviteit", "Labour productivity growth",
        "Annual growth of labour productivity of the whole Dutch economy, percent per year; target = the 2014-2023 average (0.4%/yr, CBS) plus the productivity offensive's 1 percentage point extra growth per year.",
        target=("1.4", "2030"), bounds=("-20", "20")),
    ind("labour_productivity_growth_10y_avg", "innovatie", "percent_per_year", "year", "up", "CBS_PRODUCTIVITY_2024",
        "Groei arbeidsproductiviteit, tienjaarsgemiddelde", "Labour productivity growth, ten-year average",
        "Average annual growth of labour productivity of the whole Dutch economy over the ten years ending in the period, percent per year (CBS).",
        bounds=("-20", "20")),
    ind("heat_pump_hybrid_installation_hours_index", "innovatie", "index", "year", "down", "TDI_2024",
        "Installatie-uren hybride warmtepomp (index eind 2022 = 100)", "Installer hours per hybrid heat pump (index end-2022 = 100)",
        "Installer hours per hybrid heat pump with new boiler, from acquisition to delivery, in the Team Duurzaam Installeren benchmark of 10 Dutch installers, index end-2022 nulmeting = 100."),
    ind("heat_pump_all_electric_installation_hours_index", "innovatie", "index", "year", "down", "TDI_2024",
        "Installatie-uren all-electric warmtepomp (index eind 2022 = 100)", "Installer hours per all-electric heat pump (index end-2022 = 100)",
        "Installer hours per all-electric heat pump, from acquisition to delivery, in the Team Duurzaam Installeren benchmark of 10 Dutch installers, index end-2022 nulmeting = 100."),
]

# Series breaks, for charts; see PROVENANCE.md for the evidence of each.
BREAKS = [
    ("ict_workers_cbs", "2021",
     "CBS marks the 2021 column of table 2.2.1a with footnote 2 (text not in the stored copy): possible series break; 2021 jumps by 82 thousand."),
    ("hbo_first_year_techniek_duo_hbo_domain", "2019/20",
     "Last year of the DUO 03b definition (first year in the hbo domain); continued from 2020/21 by hbo_first_year_techniek_duo_ho_domain (first year in higher education), not comparable."),
    ("hbo_first_year_techniek_duo_ho_domain", "2020/21",
     "First year of the DUO p02ho1ejrs definition (first year in higher education, hbo masters excluded); 2015/16-2019/20 are in hbo_first_year_techniek_duo_hbo_domain (hbo domain), not comparable."),
    ("hbo_first_year_techniek_women_pct_duo_hbo_domain", "2019/20",
     "Last year of the DUO 03b definition; continued from 2020/21 by hbo_first_year_techniek_women_pct_duo_ho_domain, not comparable."),
    ("hbo_first_year_techniek_women_pct_duo_ho_domain", "2020/21",
     "First year of the DUO p02ho1ejrs definition; earlier years in hbo_first_year_techniek_women_pct_duo_hbo_domain, not comparable."),
    ("hbo_first_year_ict_programmes_duo_hbo_domain", "2019/20",
     "Last year of the DUO 03b definition; continued from 2020/21 by hbo_first_year_ict_programmes_duo_ho_domain, not comparable."),
    ("hbo_first_year_ict_programmes_duo_ho_domain", "2020/21",
     "First year of the DUO p02ho1ejrs definition; earlier years in hbo_first_year_ict_programmes_duo_hbo_domain, not comparable."),
    ("hbo_graduates_techniek_duo", "2019",
     "Source file changes from DUO 05-gediplomeerden-hbo (diplomajaar 2014-2018) to DUO p04hogdipl (2019-2023); same concept (diplomas by CROHO onderdeel), continuity not verified (13,819 in 2018, 13,880 in 2019)."),
    ("mbo_students_betatechniek_domains_duo", "2021/22",
     "From 2021 DUO replaced opleidingsdomein by hoofdgroep and began counting unfunded enrolments: later DUO mbo files are not directly comparable (no data here yet)."),
    ("mbo_students_ict_domain_duo", "2021/22",
     "From 2021 DUO replaced opleidingsdomein by hoofdgroep and began counting unfunded enrolments: later DUO mbo files are not directly comparable (no data here yet)."),
]


# --------------------------------------------------------------------------- observations

OBS: list[dict[str, str]] = []


def add(indicator, period, value: Decimal, source_id, vintage, note, region="NL"):
    OBS.append(dict(indicator=indicator, region=region, period=period, value=fmt(value),
                    source_id=source_id, vintage=vintage, note=note))


def policy_fact(rows, fid):
    hits = [r for r in rows if r["id"] == fid]
    if len(hits) != 1:
        raise SystemExit(f"policy_facts.csv: expected one row {fid!r}, found {len(hits)}")
    return hits[0]


def build_policy():
    rows = read_csv("policy/policy_facts.csv")
    for fid in ("vmbo_tech_share_2021", "vmbo_tech_share_2023"):
        r = policy_fact(rows, fid)
        assert r["unit"] == "percent" and "001_" in r["source_seed"], r
        add("vmbo3_technical_profile_pct", r["period"], dec(r["value"]), "SEED_001", "2024-01-01",
            f"policy_facts.csv {fid} (seed 001)")
    r = policy_fact(rows, "vacancies_tech_ict_2021q4")
    assert r["period"] == "2021Q4" and r["value"] == "100000", r
    add("vacancies_open_technical_ict", "2021Q4", dec(r["value"]), "SEED_002", "2022-01-01",
        "LOWER BOUND: seed 002 says 'meer dan 100.000' (record high); policy_facts.csv vacancies_tech_ict_2021q4")
    tech = policy_fact(rows, "unemployment_technical")
    nat = policy_fact(rows, "unemployment_national")
    assert tech["period"] == nat["period"] == "2021", (tech, nat)
    add("unemployment_rate_technical_educated", tech["period"], dec(tech["value"]), "SEED_002", "2022-01-01",
        f"policy_facts.csv unemployment_technical (seed 002, CBS maatwerk 2022); the same letter gives {nat['value']}% for the national average")
    for fid, iid in (("switch_out_women", "switch_out_women_technical"), ("switch_out_men", "switch_out_men_technical")):
        r = policy_fact(rows, fid)
        assert r["period"] == "" and r["unit"] == "percent per year", r
        add(iid, "2021", dec(r["value"]), "SEED_002", "2022-01-01",
            f"policy_facts.csv {fid} (seed 002, CBS maatwerk 2022); PERIOD ASSUMED: not stated, set to 2021, the last full year before the 2022 letter")
    r = policy_fact(rows, "productivity_target")
    assert r["value"] == "1", r  # the +1 percentage point used for labour_productivity_growth's target


def build_vhto():
    series = {
        ("mbo", "Instroom mbo bètatechniek"): ("mbo_first_year_betatechniek_vhto", "mbo_first_year_betatechniek_women_pct_vhto"),
        ("hbo", "Instroom HTNO"): ("hbo_first_year_htno_vhto", "hbo_first_year_htno_women_pct_vhto"),
        ("hbo", "Instroom bètatechnische opleidingen"): ("hbo_first_year_betatechniek_vhto", "hbo_first_year_betatechniek_women_pct_vhto"),
        ("wo", "Instroom bètatechniek"): ("wo_first_year_betatechniek_vhto", "wo_first_year_betatechniek_women_pct_vhto"),
    }
    for r in read_csv("education/vhto_instroom_betatechniek_2012_2020.csv"):
        n_id, w_id = series[(r["level"], r["series_as_published"])]
        period = sy_from_label(r["academic_year"])
        version = sy_from_label(r["page_version_latest_year"])
        vintage = f"{int(version[:4]) + 1}-01-01"
        note = f"VHTO page version up to {version} ({r['source_url']})"
        add(n_id, period, dec(r["first_year_students"]), "VHTO_INSTROOM", vintage, note)
        p = r["pct_women_published"]
        add(w_id, period, dec(p), "VHTO_INSTROOM", vintage,
            note + ("; published as a whole percentage in this version" if "." not in p else "")
            + f"; women {r['women']}")


def build_duo_ho_old():
    rows = read_csv("education/duo_ho_croho_onderdeel_2010_2024.csv")
    sums = defaultdict(lambda: [Decimal(0)] * 4)  # men, women, unknown, total
    for r in rows:
        if r["croho_onderdeel"] != "techniek":
            continue
        key = None
        if r["level"] == "hbo" and r["measure"] == "eerstejaars" and r["type"] in ("associate degree", "bachelor"):
            key = "hbo_ej"
        elif r["level"] == "wo" and r["measure"] == "eerstejaars":
            key = "wo_ej"
        elif r["measure"] == "gediplomeerden":
            key = f"{r['level']}_dipl"
        elif r["level"] == "wo" and r["measure"] == "ingeschrevenen":
            key = "wo_inges"
        if key is None:
            continue
        s = sums[(key, int(r["year"]))]
        for i, f in enumerate(("men", "women", "sex_unknown", "total")):
            s[i] += dec(r[f] or "0")
        assert r["n_cells_masked_lt5"] in ("", "0"), r
    for (key, y), (men, women, unk, total) in sorted(sums.items()):
        assert men + women + unk == total, (key, y)
        if key == "hbo_ej":
            add("hbo_first_year_techniek_duo_hbo_domain", school_year(y), total, "DUO_HO_2019", "2020-01-01",
                f"DUO 03b eerstejaars hbo domein, year label {y}; sum of associate degree + bachelor (hbo masters excluded), all opleidingsvormen")
            add("hbo_first_year_techniek_women_pct_duo_hbo_domain", school_year(y), pct(women, total), "DUO_HO_2019", "2020-01-01",
                f"derived: women {fmt(women)} / total {fmt(total)} x 100, rounded to 0.1")
        elif key == "wo_ej":
            add("wo_first_year_techniek_duo", school_year(y), total, "DUO_HO_2019", "2020-01-01",
                f"DUO 03b eerstejaars wo domein, year label {y}; sum of bachelor + master, all opleidingsvormen")
        elif key == "hbo_dipl":
            add("hbo_graduates_techniek_duo", str(y), total, "DUO_HO_2019", "2019-01-01",
                f"DUO 05-gediplomeerden-hbo, diplomajaar {y}; sum of hbo Ad, bachelor, master diplomas")
        elif key == "wo_dipl":
            add("wo_graduates_techniek_duo", str(y), total, "DUO_HO_2019", "2019-01-01",
                f"DUO 05-gediplomeerden-wo, diplomajaar {y}; sum of wo bachelor and master diplomas")
        elif key == "wo_inges":
            add("wo_enrolled_techniek_duo", school_year(y), total, "DUO_WO_INGESCHREVENEN_2019", "2020-01-01",
                f"DUO ingeschrevenen wo, year label {y} (1 October count); sum over programme types")


def build_onderwijsincijfers():
    for r in read_csv("education/onderwijsincijfers_hbo_ingeschrevenen_sector_2013_2017.csv"):
        if r["hbo_sector"] == "techniek":
            y = int(r["year"])
            add("hbo_enrolled_techniek_onderwijsincijfers", school_year(y), dec(r["enrolled_x1000"]) * 1000,
                "ONDERWIJSINCIJFERS_HBO_INGESCHREVENEN", "2018-01-01",
                f"Onderwijs in cijfers, year label {y}; x 1 000 (published to the nearest hundred)")


def build_duo_hbo_new():
    vintage = "2026-02-01"
    sums = defaultdict(lambda: defaultdict(Decimal))
    for r in read_csv("education/duo_hbo_p01_p04_sector_2019_2024.csv"):
        if r["variant"] != "geslacht" or r["croho_onderdeel"] != "techniek":
            continue
        s = sums[(r["measure"], int(r["year"]))]
        s[r["breakdown"]] += dec(r["value"] or "0")
        s["suppressed"] += dec(r["n_cells_suppressed"] or "0")
    for (measure, y), s in sorted(sums.items()):
        assert set(s) <= {"MAN", "VROUW", "suppressed"}, s.keys()
        total = s["MAN"] + s["VROUW"]
        sup = f"; {fmt(s['suppressed'])} suppressed cells (1-4 persons each) not included" if s["suppressed"] else ""
        if measure == "eerstejaars":
            add("hbo_first_year_techniek_duo_ho_domain", school_year(y), total, "DUO_HBO_P01_P04", vintage,
                f"DUO p02ho1ejrs, year label {y}; men {fmt(s['MAN'])} + women {fmt(s['VROUW'])}{sup}")
            add("hbo_first_year_techniek_women_pct_duo_ho_domain", school_year(y), pct(s["VROUW"], total), "DUO_HBO_P01_P04", vintage,
                f"derived: women {fmt(s['VROUW'])} / (men + women) {fmt(total)} x 100, rounded to 0.1")
        elif measure == "gediplomeerden":
            add("hbo_graduates_techniek_duo", str(y), total, "DUO_HBO_P01_P04", vintage,
                f"DUO p04hogdipl, diplomajaar {y}; men {fmt(s['MAN'])} + women {fmt(s['VROUW'])}{sup}")
        elif measure == "ingeschrevenen":
            add("hbo_enrolled_techniek_duo", school_year(y), total, "DUO_HBO_P01_P04", vintage,
                f"DUO p01hoinges, year label {y} (1 October count); men {fmt(s['MAN'])} + women {fmt(s['VROUW'])}{sup}")


def build_hbo_ict_programmes():
    old = defaultdict(Decimal)
    for r in read_csv("education/duo_ho_opleidingen_techniek_natuur_national_2010_2024.csv"):
        if (r["level"] == "hbo" and r["measure"] == "eerstejaars" and r["type"] != "master"
                and ICT_NAMES.search(r["opleidingsnaam"])):
            assert r["croho_onderdeel"] == "techniek", r
            old[int(r["year"])] += dec(r["total"] or "0")
            assert r["n_cells_masked_lt5"] in ("", "0"), r
    for y, v in sorted(old.items()):
        add("hbo_first_year_ict_programmes_duo_hbo_domain", school_year(y), v, "DUO_HO_2019", "2020-01-01",
            f"DUO 03b eerstejaars hbo domein, year label {y}; sum over Ad and bachelor programmes named ICT/Informatica/Software/Computer/Data")
    new = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for r in read_csv("education/duo_hbo_p01_p04_opleidingen_techniek_2019_2024.csv"):
        if r["measure"] == "eerstejaars" and ICT_NAMES.search(r["opleidingsnaam"]):
            assert r["type"] in ("associate degree", "bachelor"), r
            new[int(r["year"])][0] += dec(r["total"] or "0")
            new[int(r["year"])][1] += dec(r["n_cells_suppressed"] or "0")
    for y, (v, sup) in sorted(new.items()):
        add("hbo_first_year_ict_programmes_duo_ho_domain", school_year(y), v, "DUO_HBO_P01_P04", "2026-02-01",
            f"DUO p02ho1ejrs, year label {y}; sum over programmes named ICT/Informatica/Software/Computer/Data"
            + (f"; {fmt(sup)} suppressed cells not included" if sup else ""))


def build_duo_mbo():
    bt = defaultdict(Decimal)
    ict = defaultdict(Decimal)
    seen = set()
    for r in read_csv("education/duo_mbo_studenten_domein_niveau_leerweg_2015_2019.csv"):
        y = int(r["year"])
        seen.add(r["opleidingsdomein"])
        if r["opleidingsdomein"] in MBO_BETATECHNIEK_DOMAINS:
            bt[y] += dec(r["total"])
        if r["opleidingsdomein"] == "Informatie en communicatietechnologie":
            ict[y] += dec(r["total"])
    missing = set(MBO_BETATECHNIEK_DOMAINS) - seen
    if missing:
        raise SystemExit(f"DUO mbo file lacks domains {sorted(missing)}")
    for y in sorted(bt):
        add("mbo_students_betatechniek_domains_duo", school_year(y), bt[y], "DUO_MBO_DEELNEMERS_2019", "2020-01-01",
            f"DUO 03 deelnemers mbo, year label {y} (1 October count); sum over the 8 Techniekpact domains, all sectors, leerwegen and levels")
        add("mbo_students_ict_domain_duo", school_year(y), ict[y], "DUO_MBO_DEELNEMERS_2019", "2020-01-01",
            f"DUO 03 deelnemers mbo, year label {y} (1 October count); domain Informatie en communicatietechnologie, all sectors, leerwegen and levels")


def build_techniekpact():
    for r in read_csv("education/techniekpact_monitor_mbo_instroom_betatechniek_excerpts.csv"):
        if r["niveau"] != "totaal":
            continue
        period = sy_from_label(r["study_year"])
        d = r["definition"]
        if d.startswith("domain-based"):
            vintage, ver = "2017-01-01", "page version with the domain-based definition (latest year 2016/17)"
        elif d.startswith("new mbo definition"):
            vintage, ver = "2018-01-01", "page version with the per-studierichting definition (latest year 2017/18)"
        elif "8 April 2022" in d:
            vintage, ver = "2022-04-08", "update of 8 April 2022"
        else:
            raise SystemExit(f"techniekpact: unknown definition {d!r}")
        note = f"Techniekpact monitor mbo, {ver}" + (f"; {r['note']}" if r["note"] and not r["note"].startswith("page version") else "")
        if r["metric"] == "instromende mbo-studenten betatechniek":
            assert d.startswith("domain-based")
            add("mbo_first_year_betatechniek_techniekpact_domains", period, dec(r["value"]), "TECHNIEKPACT_MONITOR_MBO", vintage, note)
        elif r["metric"] == "share betatechniek in mbo instroom":
            assert not d.startswith("domain-based")
            add("mbo_first_year_betatechniek_pct_techniekpact", period, dec(r["value"]), "TECHNIEKPACT_MONITOR_MBO", vintage, note)
        elif r["metric"] == "share of female mbo instroom choosing betatechniek":
            assert not d.startswith("domain-based")
            if period == "2021/22":
                note += "; seed 002 (2022) also says 8% of women choose a beta/technical mbo programme"
            add("mbo_female_first_year_choosing_betatechniek_pct_techniekpact", period, dec(r["value"]), "TECHNIEKPACT_MONITOR_MBO", vintage, note)
        else:
            raise SystemExit(f"techniekpact: unknown metric {r['metric']!r}")


def build_ocw():
    wanted = {"techniek en gebouwde omgeving": "mbo_first_year_pct_techniek_gebouwde_omgeving_ocw",
              "creatieve industrie en ICT": "mbo_first_year_pct_creatieve_industrie_ict_ocw"}
    for r in read_csv("education/ocw_mbo_instroom_aandeel_sectorkamer_2017_2022.csv"):
        if r["sectorkamer"] in wanted:
            note = f"OCW in cijfers, instroomjaar {r['instroomjaar']}; split from run-together page text"
            if r["split_note"]:
                note += "; form-ambiguous split resolved by continuity (see shared record)"
            add(wanted[r["sectorkamer"]], r["instroomjaar"], dec(r["share_of_instroom_pct"]), "OCW_MBO_SECTORKAMER", "2023-01-01", note)
    for r in read_csv("education/ocw_hbo_bachelor_gediplomeerden_tekortsectoren_2017_2021.csv"):
        y = r["year"]
        note = "OCW in cijfers, table 'Aantal x1.000' converted to persons"
        if y in ("2019", "2021"):
            note += "; run-together text split resolved with the page text (see shared record)"
        add("hbo_bachelor_graduates_betatechniek_ocw", y, dec(r["graduates_betatechniek"]), "OCW_HBO_TEKORTSECTOREN", "2022-01-01", note)


def build_cbs_isced():
    fields = {"06 Informatica": "ho_first_year_ict_isced06_cbs",
              "07 Techniek, industrie en bouwkunde": "ho_first_year_engineering_isced07_cbs"}
    for r in read_csv("education/cbs_onderwijs_isced_richting_excerpts.csv"):
        if (r["cbs_table"] == "83538NED" and r["population_or_level"] == "Hoger onderwijs"
                and r["isced_field"] in fields and r["measure"] == "Eerstejaarsstudenten"):
            assert r["period"] == "2021/'22*", r
            add(fields[r["isced_field"]], "2021/22", dec(r["value"]), "CBS_83538NED", "2022-01-01",
                "CBS 83538NED 2021/'22* (provisional)")


def build_eurostat():
    for r in read_csv("education/eurostat_educ_uoe_grad02_nl_tertiary_ict_engineering.csv"):
        for col, iid in (("graduates_tertiary_ict_F06", "tertiary_graduates_ict_eurostat"),
                         ("graduates_tertiary_engineering_F07", "tertiary_graduates_engineering_eurostat")):
            if r[col]:
                add(iid, r["year"], dec(r[col]), "EUROSTAT_EDUC_UOE_GRAD02", "2026-01-06",
                    "Eurostat educ_uoe_grad02 via r-kouki panel (processed 2026-01-06); sum of iscedf13 codes in the field, not re-verified against Eurostat")
    for r in read_csv("labour/eurostat_ict_specialists_unemployment_nl_2014_2024.csv"):
        y = r["year"]
        note = "Eurostat via r-kouki panel (processed 2026-01-06), not re-verified against Eurostat"
        add("ict_specialists_eurostat", y, dec(r["ict_specialists_x1000"]) * 1000, "EUROSTAT_ISOC_SKS_ITSPT", "2026-01-06",
            note + "; thousands x 1000")
        add("ict_specialists_pct_employment_eurostat", y, dec(r["ict_specialists_pct_of_employment"]), "EUROSTAT_ISOC_SKS_ITSPT", "2026-01-06", note)
        add("unemployment_rate_national", y, dec(r["unemployment_rate_pct_15_74"]), "EUROSTAT_UNE_RT_A", "2026-01-06",
            note + ("; seed 002 gives the same 4.2% for 2021" if y == "2021" else ""))


def build_cbs_ict():
    editions = {"ICT, kennis en economie 2018": ("CBS_ICT_KENNIS_ECONOMIE_2018", "2018-01-01"),
                "ICT, kennis en economie 2022": ("CBS_ICT_KENNIS_ECONOMIE_2022", "2022-01-01")}
    for r in read_csv("labour/cbs_werkzame_icters_kenmerken_2005_2021.csv"):
        if r["population"] != "werkzame ICT'ers":
            continue
        ed = r["publication_table"].split(", tabel")[0]
        sid, vintage = editions[ed]
        if r["section"] == "Totaal (x 1 000)" and r["category"] == "Totaal":
            add("ict_workers_cbs", r["year"], dec(r["value"]) * 1000, sid, vintage, f"{ed}, tabel 2.2.1a; x 1 000")
        elif r["section"] == "Geslacht (%)" and r["category"] == "Vrouw":
            add("ict_workers_women_pct_cbs", r["year"], dec(r["value"]), sid, vintage, f"{ed}, tabel 2.2.1a")
    # The 2022 headline ("ruim 600 duizend", ICT kennis en economie 2023) is only a
    # lower bound: stored as a value it would bend the trend and the on-track verdict,
    # so it is not an observation (see PROVENANCE.md).
    for r in read_csv("labour/monitor_facts_additions.csv"):
        if r["topic"] == "ict_workers":
            assert r["period"] == "2022" and r["value"] == ">600", r


def build_brc():
    for r in read_csv("labour/cbs_85276NED_werkzame_beroepsbevolking_brc_2023.csv"):
        if r["brc_level"] == "beroepsklasse" and r["brc_code"] in ("07", "08"):
            iid = {"07": "employed_technical_occupations_brc", "08": "employed_ict_occupations_brc"}[r["brc_code"]]
            add(iid, "2023", dec(r["employed_x1000_2023"]) * 1000, "CBS_85276NED_2023", "2024-01-01",
                f"CBS 85276NED 2023JJ00, beroepsklasse {r['brc_code']} {r['label_as_published']}; x 1 000")
    rows = read_csv("labour/cbs_85276NED_85517NED_beroepsgroep_2025q4.csv")
    for cls, iid, wid in (("07", "employed_technical_occupations_brc_q4", "women_share_technical_occupations_brc_q4"),
                          ("08", "employed_ict_occupations_brc_q4", "women_share_ict_occupations_brc_q4")):
        grp = [r for r in rows if r["brc_class_code"] == cls]
        for col, period in (("employed_persons_2024q4", "2024Q4"), ("employed_persons_2025q4", "2025Q4")):
            total = sum(dec(r[col]) for r in grp)
            add(iid, period, total, "CBS_85276NED_2025Q4", "2026-03-17",
                f"derived: sum of the {len(grp)} BRC groups of class {cls} (CBS rounds each to thousands)")
        total = sum(dec(r["employed_persons_2025q4"]) for r in grp)
        women = sum(dec(r["share_women_2025q4"]) * dec(r["employed_persons_2025q4"]) for r in grp)
        share = (women / total).quantize(Decimal("0.001"), ROUND_HALF_UP)
        add(wid, "2025Q4", share, "CBS_85276NED_2025Q4", "2026-03-17",
            f"derived: sum over the {len(grp)} groups of class {cls} of share_women x persons, divided by persons ({fmt(total)}), rounded to 0.001")


def build_vacancies():
    for r in read_csv("labour/cbs_vacatures_excerpts.csv"):
        key = (r["cbs_table"], r["period"], r["sbi2008"], r["brc2014"], r["measure"])
        if key == ("85081NED", "2022*", "A-U Alle economische activiteiten", "08 ICT beroepen", "Ontstane vacatures"):
            add("vacancies_new_ict_occupations", "2022", dec(r["value_x1000"]) * 1000, "CBS_85081NED", "2023-01-01",
                "CBS 85081NED 2022* (provisional); x 1 000")
        elif key == ("85081NED", "2022*", "B-F Nijverheid en energie", "07 Technische beroepen", "Ontstane vacatures"):
            add("vacancies_new_technical_occupations_industry", "2022", dec(r["value_x1000"]) * 1000, "CBS_85081NED", "2023-01-01",
                "CBS 85081NED 2022* (provisional); x 1 000; all-industry figure for class 07 not published ('.')")
        elif key == ("80474ned", "2023 2e kwartaal*", "J Informatie en communicatie", "", "Vacatures seizoengecorrigeerd"):
            add("vacancies_open_information_communication", "2023Q2", dec(r["value_x1000"]) * 1000, "CBS_80474NED", "2023-07-01",
                "CBS 80474ned 2023 2e kwartaal* (provisional), seasonally adjusted; x 1 000")
        elif key == ("80474ned", "2023 2e kwartaal*", "A-U Alle economische activiteiten", "", "Vacatures seizoengecorrigeerd"):
            add("vacancies_open_total", "2023Q2", dec(r["value_x1000"]) * 1000, "CBS_80474NED", "2023-07-01",
                "CBS 80474ned 2023 2e kwartaal* (provisional), seasonally adjusted; x 1 000")
    for r in read_csv("labour/monitor_facts_additions.csv"):
        if r["topic"] != "vacancies":
            continue
        if r["period"] == "2016Q2" and r["metric"].startswith("open vacancies, all industries"):
            add("vacancies_open_total", "2016Q2", dec(r["value"]) * 1000, "CBS_VACATURES_2016W38",
                dt.date.fromisocalendar(2016, 38, 1).isoformat(), "CBS achtergrond 2016/38, end of June, seasonally adjusted; x 1 000")
        elif r["period"] == "2015Q3" and r["metric"] == "vacancy rate, Informatie en communicatie":
            assert r["unit"] == "open vacancies per 1000 employee jobs", r
            add("vacancy_rate_information_communication", "2015Q3", dec(r["value"]) / 10, "CBS_VACATURES_2016W19",
                dt.date.fromisocalendar(2016, 19, 1).isoformat(),
                f"derived: {r['value']} open vacancies per 1,000 employee jobs / 10 = per 100 (CBS achtergrond 2016/19)")
    rows = [r for r in read_csv("scenarios/workforce_context_nl.csv") if r["source_id"] == "UWV_DEONDERNEMER"]
    assert len(rows) == 1 and rows[0]["year"] == "2022" and "+31,000 since 2016" in rows[0]["notes"], rows
    v = dec(rows[0]["value"])
    add("vacancies_energy_transition_occupations_uwv", "2022", v, "UWV_DEONDERNEMER", "2022-01-01",
        "UWV as quoted by De Ondernemer (secondary); workforce_context_nl.csv")
    add("vacancies_energy_transition_occupations_uwv", "2016", v - 31000, "UWV_DEONDERNEMER", "2022-01-01",
        f"derived: {fmt(v)} in 2022 minus the '+31,000 since 2016' in the same article")


def build_regional():
    iids = {"J": "employee_jobs_information_communication", "F": "employee_jobs_construction",
            "B-E": "employee_jobs_industry_energy"}
    per_year = defaultdict(dict)
    for r in read_csv("regional/cbs83582ned_employee_jobs_province_sbi_2010_2024_derived.csv"):
        if r["sbi_code"] not in iids:
            continue
        key = (r["sbi_code"], r["year"])
        if r["n_corop_cells_suppressed"] != "0":
            per_year[key][r["province_code"]] = None
            continue
        v = dec(r["employee_jobs_thousands_sum_of_corop"]) * 1000
        per_year[key][r["province_code"]] = v
        add(iids[r["sbi_code"]], r["year"], v, "CBS_83582NED", "2025-01-01",
            "sum of the province's COROP regions (x 1 000), all published", region=r["province_code"])
    for (sbi, year), provs in sorted(per_year.items()):
        assert len(provs) == 12, (sbi, year)
        if all(v is not None for v in provs.values()):
            add(iids[sbi], year, sum(provs.values()), "CBS_83582NED", "2025-01-01",
                "derived: sum of the 12 provinces = 40 COROP regions (CR99 'not classifiable' excluded)")


def build_innovation():
    r = [x for x in read_csv("labour/monitor_facts_additions.csv")
         if x["topic"] == "labour_productivity" and x["period"] == "2014-2023"]
    assert len(r) == 1 and r[0]["unit"] == "% per year", r
    add("labour_productivity_growth_10y_avg", "2023", dec(r[0]["value"]), "CBS_PRODUCTIVITY_2024", "2024-08-01",
        "average 2014-2023 ('afgelopen tien jaar' in an August 2024 ANP article on a CBS publication); 1974-2013 averaged 1.5%/yr")
    for r in read_csv("scenarios/labour_intensity.csv"):
        if r["source_id"] != "TDI_2024":
            continue
        iid = {"heat_pump_hybrid": "heat_pump_hybrid_installation_hours_index",
               "heat_pump_all_electric": "heat_pump_all_electric_installation_hours_index"}[r["measure"]]
        base, now = dec(r["value_high"]), dec(r["value_central"])
        # The row's note states the direction: value_high = end-2022 nulmeting, value_central = 2023.
        assert f"{fmt(base)} h" in r["notes"] and f"{fmt(now)} h" in r["notes"] and "2022" in r["notes"], r
        add(iid, "2022", Decimal(100), "TDI_2024", "2024-05-22",
            f"base: {fmt(base)} installer hours per installation at the end-2022 nulmeting")
        add(iid, "2023", (now * 100 / base).quantize(Decimal("0.1"), ROUND_HALF_UP), "TDI_2024", "2024-05-22",
            f"derived: {fmt(now)} h (2023) / {fmt(base)} h (end-2022) x 100, rounded to 0.1")


# --------------------------------------------------------------------------- checks

PERIOD_RE = {"year": re.compile(r"^(\d{4})$"), "quarter": re.compile(r"^(\d{4})Q([1-4])$"),
             "school_year": re.compile(r"^(\d{4})/(\d{2})$")}


def period_start(period: str, periodicity: str) -> dt.date | None:
    m = PERIOD_RE[periodicity].match(period)
    if not m:
        return None
    y = int(m.group(1))
    if periodicity == "year":
        return dt.date(y, 1, 1)
    if periodicity == "quarter":
        return dt.date(y, 3 * int(m.group(2)) - 2, 1)
    if int(m.group(2)) != (y + 1) % 100:
        return None
    return dt.date(y, 8, 1)


def compute_bounds(indicators, obs):
    by_ind = defaultdict(list)
    for o in obs:
        by_ind[o["indicator"]].append(Decimal(o["value"]))
    for i in indicators:
        if i["bounds"] is not None:
            lo, hi = i["bounds"]
        elif i["unit"] == "percent":
            lo, hi = "0", "100"
        elif i["unit"] == "share":
            lo, hi = "0", "1"
        elif i["unit"] == "percent_per_year":
            lo, hi = "0", "100"
        elif i["unit"] in COUNT_UNITS and by_ind[i["id"]]:
            lo, hi = "0", fmt(ceil_2sig(10 * max(by_ind[i["id"]])))
        else:
            raise SystemExit(f"{i['id']}: no observations and no explicit bounds")
        i["min_plausible"], i["max_plausible"] = lo, hi


def check(indicators, sources, obs, breaks) -> list[str]:
    errs = []
    src_ids = [s[0] for s in sources]
    if len(set(src_ids)) != len(src_ids):
        errs.append("sources: duplicate source_id")
    ids = [i["id"] for i in indicators]
    dup = sorted({x for x in ids if ids.count(x) > 1})
    if dup:
        errs.append(f"indicators: duplicate ids {dup}")
    reg = {i["id"]: i for i in indicators}
    for i in indicators:
        w = f"indicator {i['id']}"
        if not re.fullmatch(r"[a-z][a-z0-9_]*", i["id"]):
            errs.append(f"{w}: id is not lowercase snake_case")
        if i["pillar"] not in PILLARS:
            errs.append(f"{w}: pillar {i['pillar']!r}")
        if i["unit"] not in UNITS:
            errs.append(f"{w}: unit {i['unit']!r}")
        if i["periodicity"] not in PERIODICITIES:
            errs.append(f"{w}: periodicity {i['periodicity']!r}")
        if i["direction"] not in DIRECTIONS:
            errs.append(f"{w}: direction {i['direction']!r}")
        if i["source_id"] not in src_ids:
            errs.append(f"{w}: unknown source_id {i['source_id']!r}")
        if bool(i["target_value"]) != bool(i["target_year"]):
            errs.append(f"{w}: target_value and target_year go together")
        for f in ("name_nl", "name_en", "definition", "definition_version"):
            if not i[f]:
                errs.append(f"{w}: empty {f}")
        lo, hi = Decimal(i["min_plausible"]), Decimal(i["max_plausible"])
        if not lo < hi:
            errs.append(f"{w}: min_plausible must be below max_plausible")
        if i["unit"] == "share" and (lo < 0 or hi > 1):
            errs.append(f"{w}: share bounds outside 0-1")
        if i["unit"] == "percent" and (lo < 0 or hi > 100):
            errs.append(f"{w}: percent bounds outside 0-100")
        if i["target_value"] and not lo <= Decimal(i["target_value"]) <= hi:
            errs.append(f"{w}: target outside the plausible bounds")
    seen = set()
    for n, o in enumerate(obs, start=2):
        w = f"observation line {n} ({o['indicator']} {o['region']} {o['period']})"
        i = reg.get(o["indicator"])
        if i is None:
            errs.append(f"{w}: unknown indicator")
            continue
        if o["region"] not in REGIONS:
            errs.append(f"{w}: region {o['region']!r}")
        start = period_start(o["period"], i["periodicity"])
        if start is None:
            errs.append(f"{w}: period does not match periodicity {i['periodicity']}")
        if o["source_id"] not in src_ids:
            errs.append(f"{w}: unknown source_id {o['source_id']!r}")
        v = Decimal(o["value"])
        if not Decimal(i["min_plausible"]) <= v <= Decimal(i["max_plausible"]):
            errs.append(f"{w}: value {o['value']} outside {i['min_plausible']}..{i['max_plausible']}")
        try:
            vin = dt.date.fromisoformat(o["vintage"])
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", o["vintage"]):
                raise ValueError
            if start is not None and vin < start:
                errs.append(f"{w}: vintage {o['vintage']} before the period starts")
        except ValueError:
            errs.append(f"{w}: vintage {o['vintage']!r} is not YYYY-MM-DD")
        key = (o["indicator"], o["region"], o["period"], o["vintage"])
        if key in seen:
            errs.append(f"{w}: duplicate (indicator, region, period, vintage)")
        seen.add(key)
    for n, (iid, period, desc) in enumerate(breaks, start=2):
        if iid not in reg:
            errs.append(f"break line {n}: unknown indicator {iid!r}")
        elif period_start(period, reg[iid]["periodicity"]) is None:
            errs.append(f"break line {n}: period {period!r} does not match {reg[iid]['periodicity']}")
        if not desc:
            errs.append(f"break line {n}: empty description")
    if "model_technician_gap_2030" not in reg or reg["model_technician_gap_2030"]["source_id"] != "krapte":
        errs.append("model_technician_gap_2030 must exist with source krapte")
    if any(o["indicator"] == "model_technician_gap_2030" for o in obs):
        errs.append("model_technician_gap_2030 must have no built-in observations (the program fills it)")
    return errs


# --------------------------------------------------------------------------- output

IND_COLS = ["id", "name_nl", "name_en", "pillar", "unit", "definition", "source_id", "definition_version",
            "periodicity", "target_value", "target_year", "direction", "min_plausible", "max_plausible"]
OBS_COLS = ["indicator", "region", "period", "value", "source_id", "vintage", "note"]


def write_csv(path: Path, header: list[str], rows: list[list[str]]):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def write_manifest():
    """data/monitor/manifest.toml: each file's data rows and SHA-256, so that
    krapte refuses a copy that was cut off or changed (issue 20)."""
    import csv as _csv
    import hashlib
    lines = ["# Written by tools/build_monitor.py; krapte checks each file against it.", ""]
    for name in ("indicators.csv", "sources.csv", "breaks.csv", "observations.csv"):
        data = (OUT / name).read_bytes()
        with open(OUT / name, newline="", encoding="utf-8") as f:
            rows = max(sum(1 for r in _csv.reader(f) if r) - 1, 0)
        lines += ["[[file]]", f'name = "{name}"', f"rows = {rows}",
                  f'sha256 = "{hashlib.sha256(data).hexdigest()}"', ""]
    (OUT / "manifest.toml").write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    for build in (build_policy, build_vhto, build_duo_ho_old, build_onderwijsincijfers, build_duo_hbo_new, build_hbo_ict_programmes,
                  build_duo_mbo, build_techniekpact, build_ocw, build_cbs_isced, build_eurostat, build_cbs_ict,
                  build_brc, build_vacancies, build_regional, build_innovation):
        build()
    order = {i["id"]: n for n, i in enumerate(INDICATORS)}
    periodicity = {i["id"]: i["periodicity"] for i in INDICATORS}
    unknown = sorted({o["indicator"] for o in OBS} - set(order))
    if unknown:
        print(f"build_monitor: observations for unknown indicators {unknown}", file=sys.stderr)
        return 1

    def obs_key(o):
        start = period_start(o["period"], periodicity[o["indicator"]]) or dt.date.min
        return (order[o["indicator"]], REGIONS.index(o["region"]) if o["region"] in REGIONS else 99,
                start, o["period"], o["vintage"])

    OBS.sort(key=obs_key)
    compute_bounds(INDICATORS, OBS)
    errs = check(INDICATORS, SOURCES, OBS, BREAKS)
    if errs:
        print(f"build_monitor: {len(errs)} problem(s); nothing written", file=sys.stderr)
        for e in errs:
            print(f"  {e}", file=sys.stderr)
        return 1

    OUT.mkdir(parents=True, exist_ok=True)
    write_csv(OUT / "indicators.csv", IND_COLS, [[i[c] for c in IND_COLS] for i in INDICATORS])
    write_csv(OUT / "observations.csv", OBS_COLS, [[o[c] for c in OBS_COLS] for o in OBS])
    write_csv(OUT / "sources.csv", ["source_id", "title", "publisher", "url", "license"], [list(s) for s in SOURCES])
    write_csv(OUT / "breaks.csv", ["indicator", "period", "description"], [list(b) for b in BREAKS])
    write_manifest()

    # ---- summary
    print(f"wrote {OUT.relative_to(ROOT)}/: {len(INDICATORS)} indicators, {len(OBS)} observations, "
          f"{len(SOURCES)} sources, {len(BREAKS)} breaks")
    for p in PILLARS:
        print(f"  {p}: {sum(1 for i in INDICATORS if i['pillar'] == p)} indicators")
    by = defaultdict(list)
    for o in OBS:
        by[o["indicator"]].append(o)
    w = max(len(i["id"]) for i in INDICATORS)
    print(f"  {'indicator':<{w}}  {'n':>4}  {'first':<7}  {'last':<7}  regions  vintages  target")
    for i in INDICATORS:
        os_ = by[i["id"]]
        tgt = f"{i['target_value']} in {i['target_year']}" if i["target_value"] else ""
        if not os_:
            print(f"  {i['id']:<{w}}  {0:>4}  {'-':<7}  {'-':<7}  {'-':<7}  {'-':<8}  {tgt}")
            continue
        regions = len({o["region"] for o in os_})
        vintages = len({o["vintage"] for o in os_})
        periods = sorted({o["period"] for o in os_}, key=lambda p: period_start(p, i["periodicity"]))
        print(f"  {i['id']:<{w}}  {len(os_):>4}  {periods[0]:<7}  {periods[-1]:<7}  "
              f"{regions:<7}  {vintages:<8}  {tgt}")
    revised = defaultdict(set)
    for o in OBS:
        revised[(o["indicator"], o["region"], o["period"])].add(o["value"])
    rev = sorted(k for k, v in revised.items() if len(v) > 1)
    print(f"  periods with two or more vintages that differ in value: {len(rev)} "
          f"(e.g. {', '.join(f'{k[0]} {k[2]}' for k in rev[:3])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
