//! The report's words: every sentence is generated from the figures, in
//! Dutch or English, with numbers formatted and probabilities in
//! calibrated words by `krapte-present`.

use krapte_model::Level;
use krapte_monitor::chart::value_text;
use krapte_monitor::{Pillar, Verdict};
use krapte_present::chart::bars::{Bar, BarChart, Evidence};
use krapte_present::chart::fan::{FanChart, FanSeries};
use krapte_present::headline::central_label;
use krapte_present::words::{likelihood, probability};
use krapte_present::{Headline, Interval, Lang};

use super::doc::{bold, plain, run, Block, Card, Col, Doc};
use super::gather::{Figures, IndicatorFig};

/// The official model run (scenario, policy, dataset edition, framing,
/// when declared) and the other recorded runs, or that none is declared.
fn model_runs_text(r: &crate::progress::gather::ModelRuns, lang: Lang) -> Vec<String> {
    let t = |nl: &'static str, en: &'static str| lang.t(nl, en);
    let run = |x: &crate::progress::gather::RunFig| {
        format!(
            "{} {}, {} {}, {} {}, {} {}",
            t("scenario", "scenario"),
            x.scenario,
            t("beleid", "policy"),
            x.policy.as_deref().unwrap_or(t("geen", "none")),
            t("editie van de gegevens", "dataset edition"),
            x.edition,
            t("rekenwijze", "framing"),
            x.framing
        )
    };
    let mut out = Vec::new();
    match &r.official {
        Some((x, declared)) => {
            out.push(format!(
                "{}: {} fte ({}; {} {}).",
                t("Officiële doorrekening", "Official model calculation"),
                fte(lang, x.central),
                run(x),
                t("aangewezen op", "declared on"),
                declared
            ));
            if let Some(e) = &r.edition_differs {
                out.push(format!(
                    "{} {e}; {}",
                    t(
                        "Let op: de officiële doorrekening gebruikt editie",
                        "Note: the official calculation uses edition"
                    ),
                    t(
                        "deze rapportage rekent met een andere editie van de gegevens.",
                        "this report computes with another dataset edition."
                    )
                ));
            }
        }
        None => out.push(
            t(
                "Er is geen officiële doorrekening aangewezen; de monitor toont daarom geen modelcijfer.",
                "No official model calculation has been declared; the monitor therefore shows no model figure.",
            )
            .to_string(),
        ),
    }
    if !r.others.is_empty() || r.old_runs > 0 {
        let mut list: Vec<String> = r
            .others
            .iter()
            .map(|x| format!("{} fte ({})", fte(lang, x.central), run(x)))
            .collect();
        if r.old_runs > 0 {
            list.push(format!(
                "{} {}",
                r.old_runs,
                t(
                    "eerdere doorrekening(en) zonder vastgelegde kenmerken",
                    "earlier calculation(s) without recorded keys"
                )
            ));
        }
        out.push(format!(
            "{}: {}.",
            t(
                "Andere vastgelegde doorrekeningen (niet officieel)",
                "Other recorded calculations (not official)"
            ),
            list.join("; ")
        ));
    }
    out
}

fn fte(lang: Lang, v: f64) -> String {
    Headline::fte(lang, v)
}

fn interval(lang: Lang, i: &Interval) -> String {
    lang.range(&fte(lang, i.p5), &fte(lang, i.p95))
}

/// `1 mei 2026` / `1 May 2026`.
pub fn date(lang: Lang, (y, m, d): (i32, u8, u8)) -> String {
    const NL: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let names = match lang {
        Lang::Nl => NL,
        Lang::En => EN,
    };
    let month = names.get(usize::from(m.max(1)) - 1).copied().unwrap_or("");
    format!("{d} {month} {y}")
}

fn level_name(l: Level, lang: Lang) -> String {
    match l {
        Level::Vmbo => "vmbo".into(),
        Level::Mbo2 => "mbo 2".into(),
        Level::Mbo3 => "mbo 3".into(),
        Level::Mbo4 => "mbo 4".into(),
        Level::Hbo => "hbo".into(),
        Level::Wo => lang.t("wo (universiteit)", "wo (university)").into(),
    }
}

fn pillar_name(p: Pillar, lang: Lang) -> &'static str {
    match p {
        Pillar::Onderwijs => lang.t(
            "Pijler 1: onderwijs (de werkenden van de toekomst)",
            "Pillar 1: education (the workers of the future)",
        ),
        Pillar::Arbeidsmarkt => lang.t(
            "Pijler 2: arbeidsmarkt (krapte en behoud)",
            "Pillar 2: labour market (scarcity and retention)",
        ),
        Pillar::Innovatie => lang.t(
            "Pijler 3: innovatie (productiviteit en arbeidsbesparing)",
            "Pillar 3: innovation (productivity and labour saving)",
        ),
    }
}

fn pillar_short(p: Pillar, lang: Lang) -> &'static str {
    match p {
        Pillar::Onderwijs => lang.t("Onderwijs", "Education"),
        Pillar::Arbeidsmarkt => lang.t("Arbeidsmarkt", "Labour market"),
        Pillar::Innovatie => lang.t("Innovatie", "Innovation"),
    }
}

/// A monitor verdict in words, and its colour class.
pub fn verdict_words(v: Verdict, lang: Lang) -> (&'static str, &'static str) {
    match v {
        Verdict::OnTrack => (lang.t("op koers", "on track"), "on"),
        Verdict::Uncertain => (
            lang.t(
                "op koers, band omvat missen",
                "on track, band includes missing",
            ),
            "mid",
        ),
        Verdict::OffTrack => (lang.t("niet op koers", "off track"), "off"),
        Verdict::NoTarget => (lang.t("geen doel", "no target"), ""),
        Verdict::TooFewData => (lang.t("te weinig waarnemingen", "too few observations"), ""),
    }
}

fn ind_name(i: &IndicatorFig, lang: Lang) -> &str {
    match lang {
        Lang::Nl => &i.indicator.name_nl,
        Lang::En => &i.indicator.name_en,
    }
}

/// The web addresses of a source's address field, breakable; a project
/// file (a seed document kept with the data) is no address for a reader:
/// its title names it.
fn public_address(field: &str) -> String {
    let urls: Vec<String> = field
        .split_whitespace()
        .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
        .map(breakable)
        .collect();
    if urls.is_empty() {
        "–".into()
    } else {
        urls.join(" ")
    }
}

/// Words longer than a narrow column (a publisher's domain name) get the
/// same break points as an address.
fn long_words_breakable(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            if w.chars().count() > 16 {
                breakable(w)
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lets typst and browsers break a long address after `/`, `.` and `-`.
fn breakable(url: &str) -> String {
    url.chars()
        .flat_map(|c| {
            let zw = matches!(c, '/' | '.' | '-' | '_' | '?' | '&' | '=');
            std::iter::once(c).chain(zw.then_some('\u{200B}'))
        })
        .collect()
}

/// A parameter's name without file names: `activities.csv:a/b_c` ->
/// `arbeidsintensiteit: a · b c`.
fn parameter_name(name: &str, lang: Lang) -> String {
    if let Some(rest) = name.strip_prefix("group ") {
        return format!(
            "{} {}",
            lang.t("groep", "group"),
            rest.replace('_', " ")
                .replace(" ranges)", lang.t(" bandbreedtes)", " ranges)"))
        );
    }
    let (file, item) = name.split_once(':').unwrap_or(("", name));
    let kind = match file {
        "activities.csv" => lang.t("arbeid per eenheid", "labour per unit"),
        "activity_sectors.csv" => lang.t("sectorverdeling", "sector split"),
        "supply_parameters.csv" => lang.t("aanbod", "supply"),
        "levers.csv" => lang.t("effect van een maatregel", "effect of a measure"),
        "campaigns.csv" => lang.t("campagne", "campaign"),
        "parameters.csv" => lang.t("parameter", "parameter"),
        "fossil_losses.csv" => lang.t("verlies fossiele banen", "fossil job losses"),
        "measures.csv" => lang.t(
            "kosten of omvang van een maatregel",
            "cost or size of a measure",
        ),
        "enrolment.csv" => lang.t("instroom onderwijs", "enrolment"),
        "education_pipeline.csv" => lang.t("onderwijsstroom", "education pipeline"),
        _ => lang.t("parameter", "parameter"),
    };
    let (id, rest) = item.split_once('/').unwrap_or((item, ""));
    let named = match file {
        "activities.csv" | "measures.csv" | "activity_sectors.csv" | "fossil_losses.csv" => {
            label_of(lang, krapte_web::labels::Kind::Measure, id)
        }
        "levers.csv" => label_of(lang, krapte_web::labels::Kind::Lever, id),
        "campaigns.csv" => label_of(lang, krapte_web::labels::Kind::Campaign, id),
        "supply_parameters.csv" | "parameters.csv" => parameter_words(id, lang).map(String::from),
        _ => None,
    };
    let rest = match rest {
        "" | "*" => String::new(),
        "construction" => lang.t("aanleg", "construction").into(),
        "om" | "operation" | "o&m" => lang
            .t("beheer en onderhoud", "operation and maintenance")
            .into(),
        "cost" => lang.t("kosten", "cost").into(),
        r => r.replace('_', " "),
    };
    let name = named.unwrap_or_else(|| id.replace('_', " "));
    if rest.is_empty() {
        format!("{kind}: {name}")
    } else {
        format!("{kind}: {name} · {rest}")
    }
}

/// A name from the website's labels (`data/labels/labels.csv`).
fn label_of(lang: Lang, kind: krapte_web::labels::Kind, id: &str) -> Option<String> {
    let l = match lang {
        Lang::Nl => krapte_web::i18n::Lang::Nl,
        Lang::En => krapte_web::i18n::Lang::En,
    };
    krapte_web::labels::labels()
        .has(kind, id)
        .then(|| krapte_web::labels::name(l, kind, id, id).to_string())
}

/// The supply and general parameters in words.
fn parameter_words(id: &str, lang: Lang) -> Option<&'static str> {
    Some(match id {
        "fte_per_person_women" => lang.t("fte per werkende (vrouwen)", "fte per worker (women)"),
        "fte_per_person_men" => lang.t("fte per werkende (mannen)", "fte per worker (men)"),
        "switch_out_women" => lang.t(
            "uitstroom uit techniek (vrouwen)",
            "switching out of technical work (women)",
        ),
        "switch_out_men" => lang.t(
            "uitstroom uit techniek (mannen)",
            "switching out of technical work (men)",
        ),
        "retirement_share_of_replacement" => lang.t(
            "aandeel pensioen in de vervangingsvraag",
            "retirement's share of replacement demand",
        ),
        "side_entry_per_switch_out" => lang.t(
            "zij-instroom per uitstromer",
            "side-entrants per person switching out",
        ),
        "migration_rate" => lang.t("migratie", "migration"),
        "fte_hours_per_year" => lang.t("uren per fte per jaar", "hours per fte per year"),
        "io_currency_per_eur" => lang.t(
            "munteenheid van de input-outputtabel per euro",
            "input-output table currency per euro",
        ),
        "price_index_base_vs_io" => lang.t(
            "prijsindex basisjaar tegen jaar van de input-outputtabel",
            "price index of the base year against the input-output year",
        ),
        "productivity_growth" => {
            lang.t("groei arbeidsproductiviteit", "labour productivity growth")
        }
        _ => return None,
    })
}

/// The report in `lang`.
pub fn document(f: &Figures, lang: Lang) -> Doc {
    let t = |nl: &'static str, en: &'static str| lang.t(nl, en);
    let today = date(lang, f.today);
    let policy = f
        .policy
        .clone()
        .unwrap_or_else(|| t("geen beleid", "no policy").into());
    let mut d = Doc::new(
        lang,
        t(
            "Voortgangsrapportage Actieplan Groene en Digitale Banen",
            "Progress report: Action Plan Green and Digital Jobs",
        ),
        &format!(
            "{} {}: {}, {} {}",
            t(
                "Doorrekening en monitor tot",
                "Model calculation and monitor to"
            ),
            f.year,
            f.scenario,
            t("beleid", "policy"),
            policy
        ),
        &format!(
            "{today} · {} {}",
            t("gegevenseditie", "dataset edition"),
            f.edition
        ),
        &format!(
            "{} · {today}",
            t(
                "Voortgangsrapportage Groene en Digitale Banen",
                "Progress report Green and Digital Jobs"
            )
        ),
    );
    summary(&mut d, f, lang);
    doorrekening(&mut d, f, lang);
    pillars(&mut d, f, lang);
    annex(&mut d, f, lang);
    d
}

/// Page 1: the headline, what it means, what changed, the pillars.
fn summary(d: &mut Doc, f: &Figures, lang: Lang) {
    let t = |nl: &'static str, en: &'static str| lang.t(nl, en);
    let h = &f.headline;
    d.h1("samenvatting", t("Samenvatting", "Summary"));
    d.para(plain(format!(
        "{} {} {} {}",
        t(
            "Het actieplan heeft twee doelen voor 2030: genoeg technici voor de klimaatdoelen, en 1 miljoen mensen met digitale vaardigheden. De cijfers hieronder komen uit",
            "The action plan has two goals for 2030: enough technicians for the climate targets, and 1 million digitally skilled people. The figures below come from"
        ),
        lang.int(h.draws as f64),
        t(
            "doorrekeningen waarin elke onzekere aanname binnen haar bandbreedte varieert: de mediaan (de middelste uitkomst), het 90%-interval (90 van de 100 uitkomsten liggen ertussen) en de kans.",
            "calculations in which every uncertain assumption varies within its range: the median (the middle outcome), the 90% interval (90 in 100 outcomes lie within it) and the probability."
        ),
        t("Aantallen in fte, afgerond op honderdtallen.", "Numbers in fte, rounded to hundreds.")
    )));
    d.push(Block::Headline {
        lines: h
            .lines(lang)
            .into_iter()
            .map(|l| (l.label, l.text))
            .collect(),
    });
    // In plain words.
    let p_short = 1.0 - h.no_gap_without;
    let mut plain_words = vec![run(format!(
        "{} {} {} ({} {}; {} {} fte). ",
        t(
            "Zonder het plan is een tekort aan technici in",
            "Without the plan a technician shortage in"
        ),
        format!("{} {}", h.year, t("", "is")).trim_end(),
        likelihood(p_short, lang),
        t("kans", "probability"),
        lang.pct(p_short),
        t("mediaan", "median"),
        fte(lang, h.gap_without.p50)
    ))];
    if let (Some(w), Some(p)) = (&h.gap_with, h.no_gap_with) {
        plain_words.push(run(format!(
            "{} {} {} {} fte ({} {}); {} {} ({}). ",
            t(
                "Met het plan daalt het mediane tekort met",
                "With the plan the median gap falls by"
            ),
            fte(lang, h.gap_without.p50 - w.p50),
            t("fte, tot", "fte, to"),
            fte(lang, w.p50),
            t("90%-interval", "90% interval"),
            interval(lang, w),
            t(
                "de kans dat er dan geen tekort is, is",
                "the probability of no shortage then is"
            ),
            lang.pct(p),
            likelihood(p, lang)
        )));
    }
    let best = h
        .digital
        .iter()
        .max_by(|a, b| a.probability.total_cmp(&b.probability));
    if let Some(b) = best {
        let all_low = h.digital.iter().all(|x| x.probability < 0.5);
        plain_words.push(run(if all_low {
            format!(
                "{} {} ({} {}: {}, {}).",
                t(
                    "Dat er in 2030 1 miljoen digitaal vaardigen zijn, is onder geen van de definities waarschijnlijk; de hoogste kans geeft",
                    "That there are 1 million digitally skilled people in 2030 is not likely under any definition; the highest probability is for"
                ),
                b.name(lang),
                t("mediaan", "median"),
                Headline::persons(lang, b.persons.p50),
                lang.pct(b.probability),
                likelihood(b.probability, lang)
            )
        } else {
            format!(
                "{} {} ({} {}, {}).",
                t(
                    "Het doel van 1 miljoen digitaal vaardigen wordt waarschijnlijker wel dan niet bereikt onder de definitie",
                    "The goal of 1 million digitally skilled people is more likely reached than not under the definition"
                ),
                b.name(lang),
                t("mediaan", "median"),
                Headline::persons(lang, b.persons.p50),
                probability(b.probability, lang)
            )
        }));
    }
    d.h2(
        "in-gewone-woorden",
        t("In gewone woorden", "In plain words"),
    );
    d.para(plain_words);
    // What changed.
    d.h2(
        "wat-is-veranderd",
        t(
            "Wat is er veranderd sinds de vorige rapportage",
            "What changed since the previous report",
        ),
    );
    let now_central = if f.previous.as_ref().is_some_and(|p| p.with_policy) {
        h.central.gap_with.unwrap_or(h.central.gap_without)
    } else {
        h.central.gap_without
    };
    d.para(plain(match &f.previous {
        None if f.model_recorded => format!(
            "{} {}",
            t(
                "Er is nog geen officiële doorrekening in de monitor aangewezen, dus er is geen eerdere officiële doorrekening om mee te vergelijken.",
                "No official model calculation has been declared in the monitor yet, so there is no earlier official calculation to compare with.",
            ),
            model_runs_text(&f.model_runs, lang).join(" ")
        ),
        None => t(
            "Dit is de eerste rapportage: de monitor bevat nog geen eerdere doorrekening om mee te vergelijken.",
            "This is the first report: the monitor holds no earlier model calculation to compare with.",
        )
        .to_string(),
        Some(p) => {
            let diff = now_central - p.central;
            format!(
                "{} {}: {} {} fte. {} {} fte, {} {} fte. {} {}",
                t("De officiële doorrekening in de monitor is van", "The official model calculation in the monitor is of"),
                p.date,
                t("tekort aan technici in 2030", "technician gap in 2030"),
                fte(lang, p.central),
                t("Deze doorrekening met dezelfde rekenwijze:", "This calculation, computed the same way:"),
                fte(lang, now_central),
                if diff >= 0.0 { t("hoger met", "higher by") } else { t("lager met", "lower by") },
                fte(lang, diff.abs()),
                t(
                    "Beide zijn centrale berekeningen (alle parameters op hun centrale waarde), geen oordeel; verschillen komen van nieuwe gegevens, een ander scenario of ander beleid.",
                    "Both are central calculations (every parameter at its central value), no verdict; differences come from new data, another scenario or another policy."
                ),
                model_runs_text(&f.model_runs, lang).join(" ")
            )
        }
    }));
    // The pillars.
    d.h2("pijlers-kort", t("De drie pijlers", "The three pillars"));
    let mut items = Vec::new();
    for (pillar, inds) in &f.pillars {
        let with_target: Vec<&IndicatorFig> = inds
            .iter()
            .filter(|i| i.indicator.target.is_some())
            .collect();
        let count = |v: Verdict| {
            with_target
                .iter()
                .filter(|i| i.assessment.verdict == v)
                .count()
        };
        let (on, mid, off, few) = (
            count(Verdict::OnTrack),
            count(Verdict::Uncertain),
            count(Verdict::OffTrack),
            count(Verdict::TooFewData),
        );
        let mut why: Vec<String> = with_target
            .iter()
            .filter(|i| i.assessment.verdict == Verdict::OffTrack)
            .take(2)
            .map(|i| {
                let proj = i.assessment.projection.map(|p| p.1);
                format!(
                    "{} ({} {}, {} {})",
                    ind_name(i, lang),
                    t("trend", "trend"),
                    proj.map_or("–".into(), |v| value_text(&i.indicator.unit, v, lang)),
                    t("doel", "target"),
                    i.indicator.target.map_or("–".into(), |(v, y)| format!(
                        "{} {y}",
                        value_text(&i.indicator.unit, v, lang)
                    ))
                )
            })
            .collect();
        let status = if with_target.is_empty() {
            t(
                "geen indicator met een doel voor 2030; de reeksen worden gevolgd zonder oordeel.",
                "no indicator with a 2030 target; the series are followed without a verdict.",
            )
            .to_string()
        } else {
            let mut s = format!(
                "{} {} {} {}: {} {}, {} {}, {} {}",
                with_target.len(),
                t("van", "of"),
                inds.len(),
                t("indicatoren hebben een doel", "indicators have a target"),
                on,
                t("op koers", "on track"),
                mid,
                t(
                    "onzeker (de trend haalt het doel, de band omvat ook missen)",
                    "uncertain (the trend reaches the target, its band includes missing it)"
                ),
                off,
                t("niet op koers", "off track")
            );
            if few > 0 {
                s += &format!(
                    ", {few} {}",
                    t("met te weinig waarnemingen", "with too few observations")
                );
            }
            s += ".";
            if !why.is_empty() {
                s += &format!(" {} {}.", t("Achter:", "Behind:"), why.join("; "));
                why.clear();
            }
            s
        };
        items.push(vec![
            bold(format!("{}: ", pillar_short(*pillar, lang))),
            run(status),
        ]);
    }
    d.push(Block::Bullets { items });
    d.note(f.headline.central_note(lang));
}

fn doorrekening(d: &mut Doc, f: &Figures, lang: Lang) {
    let t = |nl: &'static str, en: &'static str| lang.t(nl, en);
    let h = &f.headline;
    let with = f.policy.is_some();
    d.h1("doorrekening", t("Doorrekening", "Model calculation"));
    d.para(plain(format!(
        "{} {}, {} {}, {} {} ({} {}). {}",
        t("Scenario", "Scenario"),
        f.scenario,
        t("beleid", "policy"),
        f.policy.clone().unwrap_or_else(|| t("geen", "none").into()),
        t("gegevenseditie", "dataset edition"),
        f.edition,
        t("basisjaar", "base year"),
        f.base_year,
        t(
            "Benodigd = werkgelegenheid in het basisjaar plus uitbreidingsvraag plus de netto klimaatvraag (arbeid die de klimaatmaatregelen vragen, min verloren fossiele banen); beschikbaar = het aanbodmodel (instroom uit onderwijs, zij-instroom, migratie, uitstroom); tekort = benodigd min beschikbaar. Aantallen zijn fte (voltijdbanen) die in het jaar werken.",
            "Required = base-year employment plus expansion demand plus the net climate demand (labour the climate measures need, less lost fossil jobs); available = the supply model (inflow from education, side-entry, migration, outflow); gap = required minus available. Numbers are fte (full-time equivalents) working in the year."
        )
    )));
    // The gap per year.
    d.h2(
        "tekort-per-jaar",
        t(
            "Het tekort aan technici per jaar",
            "The technician gap per year",
        ),
    );
    let mut fan = FanChart::new(
        "fan-gap",
        t("Tekort aan technici per jaar", "Technician gap per year"),
        lang,
    );
    fan.y_title = t("tekort (fte)", "gap (fte)").into();
    fan.zero_label = Some(t("0 = geen tekort", "0 = no shortage").into());
    fan.zero_based = true;
    fan.series.push(FanSeries {
        label: t("zonder plan", "without the plan").into(),
        years: f
            .gap_years
            .iter()
            .map(|y| {
                (
                    f64::from(y.year),
                    y.without.p5,
                    y.without.p50,
                    y.without.p95,
                )
            })
            .collect(),
    });
    if with {
        fan.series.push(FanSeries {
            label: t("met plan", "with the plan").into(),
            years: f
                .gap_years
                .iter()
                .filter_map(|y| y.with.map(|w| (f64::from(y.year), w.p5, w.p50, w.p95)))
                .collect(),
        });
    }
    fan.desc = format!(
        "{} {} {} {} fte ({} {}){}",
        t(
            "Mediaan en 90%-band van het tekort per jaar. In",
            "Median and 90% band of the gap per year. In"
        ),
        h.year,
        t("zonder plan", "without the plan"),
        fte(lang, h.gap_without.p50),
        t("90%-interval", "90% interval"),
        interval(lang, &h.gap_without),
        h.gap_with.map_or(String::new(), |w| format!(
            "; {} {} fte ({} {}).",
            t("met plan", "with the plan"),
            fte(lang, w.p50),
            t("90%-interval", "90% interval"),
            interval(lang, &w)
        ))
    );
    d.push(Block::Figure {
        svg: fan.svg(),
        caption: format!(
            "{} {} {}",
            t(
                "Mediaan (lijn) en 90%-band (vlak) over",
                "Median (line) and 90% band (area) over"
            ),
            lang.int(h.draws as f64),
            t(
                "trekkingen; boven de nullijn is er een tekort.",
                "draws; above the zero line there is a shortage."
            )
        ),
        width: 1.0,
    });
    let mut cols = vec![
        Col::text(t("jaar", "year"), 0.6),
        Col::num(t("zonder plan: mediaan", "without: median")),
        Col::num(t("90%-interval", "90% interval")),
        Col::num(t("kans geen tekort", "no shortage")),
    ];
    if with {
        cols.extend([
            Col::num(t("met plan: mediaan", "with: median")),
            Col::num(t("90%-interval", "90% interval")),
            Col::num(t("kans geen tekort", "no shortage")),
        ]);
    }
    let rows = f
        .gap_years
        .iter()
        .map(|y| {
            let mut r = vec![
                y.year.to_string(),
                fte(lang, y.without.p50),
                interval(lang, &y.without),
                lang.pct(y.no_gap_without),
            ];
            if let (Some(w), Some(p)) = (y.with, y.no_gap_with) {
                r.extend([fte(lang, w.p50), interval(lang, &w), lang.pct(p)]);
            }
            r
        })
        .collect();
    d.push(Block::Table {
        caption: t("Tekort aan technici per jaar (fte)", "Technician gap per year (fte)").into(),
        cols,
        rows,
        note: t("Een negatief tekort is een overschot. De kans is het aandeel trekkingen zonder tekort.", "A negative gap is a surplus. The probability is the share of draws without a shortage.").into(),
    });
    // What the gap is made of.
    d.h2(
        "opbouw",
        t("Waaruit het tekort bestaat", "What the gap is made of"),
    );
    let cols = vec![
        Col::text(t("jaar", "year"), 0.6),
        Col::num(t("tekort in het basisjaar", "base-year shortage")),
        Col::num(t("groei zonder klimaatopgave", "baseline growth")),
        Col::num(t(
            "klimaatvraag boven het basisjaar",
            "climate demand above the base year",
        )),
        Col::num(t("verandering aanbod", "supply change")),
        Col::num(t("tekort", "gap")),
    ];
    let rows = f
        .gap_years
        .iter()
        .map(|y| {
            let c = &y.central;
            vec![
                y.year.to_string(),
                fte(lang, c.shortage),
                fte(lang, c.baseline_growth),
                fte(lang, c.climate),
                fte(lang, c.supply_change),
                fte(lang, c.gap),
            ]
        })
        .collect();
    d.push(Block::Table {
        caption: format!("{} ({}, {})", t("Opbouw van het tekort zonder plan", "The gap without the plan, term by term"), central_label(lang), "fte"),
        cols,
        rows,
        note: t(
            "Tekort = tekort in het basisjaar + groei zonder klimaatopgave + klimaatvraag boven het niveau van het basisjaar − verandering van het aanbod sinds het basisjaar (instroom min uitstroom). Een centrale berekening is geen oordeel: de mediaan van de trekkingen in de tabel hierboven is het kerncijfer.",
            "Gap = base-year shortage + baseline growth + climate demand above the base year's level − change of supply since the base year (inflow minus outflow). A central calculation is no verdict: the median of the draws in the table above is the headline figure.",
        )
        .into(),
    });
    // By education level.
    d.h2(
        "opleiding",
        t(
            "Technici per opleidingsniveau in 2030",
            "Technicians by education level in 2030",
        ),
    );
    let rows = f
        .levels
        .iter()
        .map(|l| {
            vec![
                level_name(l.level, lang),
                fte(lang, l.climate.central),
                lang.range(&fte(lang, l.climate.low), &fte(lang, l.climate.high)),
                fte(lang, l.gap.p50),
                interval(lang, &l.gap),
            ]
        })
        .collect();
    d.push(Block::Table {
        caption: format!(
            "{} {} ({})",
            t("Klimaatvraag en tekort per opleidingsniveau in", "Climate demand and gap by education level in"),
            f.year,
            if with { t("tekort met plan", "gap with the plan") } else { t("tekort zonder beleid", "gap without policy") }
        ),
        cols: vec![
            Col::text(t("niveau", "level"), 1.0),
            Col::num(&match lang {
            Lang::Nl => format!("klimaatvraag boven {} (centraal)", f.base_year),
            Lang::En => format!("climate demand above {} (central)", f.base_year),
        }),
            Col::num(t("alle parameters laag–hoog", "all parameters low–high")),
            Col::num(t("tekort: mediaan", "gap: median")),
            Col::num(t("90%-interval", "90% interval")),
        ],
        rows,
        note: match lang {
            Lang::Nl => format!("Klimaatvraag: netto fte die de klimaatmaatregelen in {} vragen boven het niveau van klimaatwerk in {} (de landelijke kop noemt ook het totaal), centrale berekening met daarnaast de uiterste hoeken (alle parameters laag of hoog, geen kansinterval). De medianen per niveau tellen niet op tot de landelijke mediaan.", f.year, f.base_year),
            Lang::En => format!("Climate demand: net fte the climate measures need in {} above the level of climate work in {} (the national headline also gives the total), central calculation with the extreme corners beside it (all parameters low or high, not a probability interval). The medians per level do not add up to the national median.", f.year, f.base_year),
        },
    });
    // By province, with the map.
    d.h2(
        "provincies",
        t(
            "Technici per provincie in 2030",
            "Technicians per province in 2030",
        ),
    );
    let values: Vec<(krapte_model::Province, f64, String)> = f
        .provinces
        .iter()
        .filter_map(|p| {
            let i = if with { p.with } else { p.without }?;
            Some((p.province, i.p50, format!("{} fte", fte(lang, i.p50))))
        })
        .collect();
    if !values.is_empty() {
        d.push(Block::Figure {
            svg: province_map(
                &values,
                t(
                    "Kaart: mediaan tekort aan technici per provincie in 2030",
                    "Map: median technician gap per province in 2030",
                ),
                lang,
            ),
            caption: format!(
                "{} {} {}",
                t("Mediaan tekort per provincie in 2030", "Median gap per province in 2030"),
                if with {
                    t("met het plan; rood: tekort, blauw: overschot, sterker gekleurd is groter.", "with the plan; red: shortage, blue: surplus, stronger colour is larger.")
                } else {
                    t("zonder beleid; rood: tekort, blauw: overschot, sterker gekleurd is groter.", "without policy; red: shortage, blue: surplus, stronger colour is larger.")
                },
                t(krapte_web::map::ATTRIBUTION, krapte_web::map::ATTRIBUTION_EN),
            ),
            width: 0.55,
        });
    }
    let mut cols = vec![
        Col::text(t("provincie", "province"), 1.9),
        Col::num(&match lang {
            Lang::Nl => format!("klimaatvraag boven {} (centraal)", f.base_year),
            Lang::En => format!("climate demand above {} (central)", f.base_year),
        }),
        Col::num(t("tekort zonder plan: mediaan", "gap without: median")),
    ];
    if with {
        cols.extend([
            Col::num(t("met plan: mediaan", "with: median")),
            Col::num(t("90%-interval", "90% interval")),
            Col::num(t("kans geen tekort", "no shortage")),
        ]);
    }
    let rows = f
        .provinces
        .iter()
        .map(|p| {
            let mut r = vec![
                p.province.name().to_string(),
                fte(lang, p.climate.central),
                p.without.map_or("–".into(), |i| fte(lang, i.p50)),
            ];
            if with {
                r.push(p.with.map_or("–".into(), |i| fte(lang, i.p50)));
                r.push(p.with.map_or("–".into(), |i| interval(lang, &i)));
                r.push(p.no_gap_with.map_or("–".into(), |x| lang.pct(x)));
            }
            r
        })
        .collect();
    d.push(Block::Table {
        caption: t("Klimaatvraag en tekort per provincie in 2030 (fte)", "Climate demand and gap per province in 2030 (fte)").into(),
        cols,
        rows,
        note: t(
            "Een tekort in de ene provincie wordt niet vanzelf gevuld uit een andere: het model laat niemand verhuizen of pendelen. De provincies tellen per trekking op tot het landelijke tekort; hun medianen niet.",
            "A shortage in one province is not filled from another by itself: the model moves no one. The provinces add up to the national gap in every draw; their medians do not.",
        )
        .into(),
    });
    // The measures.
    if !f.measures.is_empty() {
        d.h2(
            "maatregelen",
            t(
                "Wat elke maatregel bijdraagt",
                "What each measure contributes",
            ),
        );
        let mut bars = BarChart::new(
            "bars-measures",
            t(
                "Vermindering van het tekort in 2030 per maatregel",
                "Reduction of the 2030 gap per measure",
            ),
            lang,
        );
        bars.x_title = t(
            "vermindering van het tekort in 2030 (fte)",
            "reduction of the 2030 gap (fte)",
        )
        .into();
        bars.sourced_word = t(
            "effect onderbouwd (gemeten of indirect)",
            "effect backed (measured or indirect)",
        )
        .into();
        bars.assumption_word = t("geen onderbouwing (oordeel)", "no evidence (judgement)").into();
        let all: Vec<Bar> = f
            .measures
            .iter()
            .map(|m| Bar {
                label: m.name.clone(),
                value: m.closed.central,
                range: Some((m.closed.low, m.closed.high)),
                evidence: if m.evidence == krapte_model::Evidence::None {
                    Evidence::Assumption
                } else {
                    Evidence::Sourced
                },
            })
            .collect();
        bars.bars = all.clone();
        // The chart shows the largest measures (a page holds about a dozen
        // bars); the table below lists every one.
        let shown: Vec<Bar> = bars
            .sorted()
            .into_iter()
            .filter(|b| b.value.abs() >= 0.5)
            .take(MAX_BARS)
            .cloned()
            .collect();
        let left_out = all.len() - shown.len();
        bars.bars = shown;
        bars.desc = format!(
            "{} {}",
            t(
                "Elke maatregel alleen, gesorteerd van groot naar klein. Grootste:",
                "Each measure alone, sorted from large to small. Largest:"
            ),
            bars.sorted().first().map_or(String::new(), |b| format!(
                "{} {} fte.",
                b.label,
                fte(lang, b.value)
            ))
        );
        let mut sorted: Vec<Bar> = all;
        sorted.sort_by(|a, b| b.value.total_cmp(&a.value));
        let mut caption = t(
            "Elke maatregel alleen (centrale berekening), met de bandbreedte bij lage en hoge vraag; gevuld rondje: het effect rust op een bron (gemeten of indirect), open rondje: geen onderbouwing, een oordeel.",
            "Each measure alone (central calculation), with its range at low and high demand; filled dot: the effect rests on a source (measured or indirect), open dot: no evidence, a judgement.",
        )
        .to_string();
        if left_out > 0 {
            caption += &format!(
                " {} {left_out} {}",
                t("De", "The"),
                t(
                    "kleinere maatregelen staan in de tabel hieronder.",
                    "smaller measures are in the table below."
                )
            );
        }
        d.push(Block::Figure {
            svg: bars.svg(),
            caption,
            width: 1.0,
        });
        let mut rows: Vec<Vec<String>> = sorted
            .iter()
            .map(|b| {
                let m = f.measures.iter().find(|m| m.name == b.label);
                vec![
                    b.label.clone(),
                    fte(lang, b.value),
                    b.range.map_or("–".into(), |(lo, hi)| {
                        lang.range(&fte(lang, lo), &fte(lang, hi))
                    }),
                    m.map_or("–".into(), |m| lang.fixed(m.cost_meur, 0)),
                    m.map_or("–", |m| match lang {
                        Lang::Nl => m.evidence.shown_nl(),
                        Lang::En => m.evidence.shown_en(),
                    })
                    .into(),
                ]
            })
            .collect();
        if let (Some(tg), Some(ix)) = (f.together, f.interaction) {
            rows.push(vec![
                t("alle maatregelen samen", "all measures together").into(),
                fte(lang, tg.central),
                lang.range(&fte(lang, tg.low), &fte(lang, tg.high)),
                lang.fixed(f.measures.iter().map(|m| m.cost_meur).sum(), 0),
                String::new(),
            ]);
            rows.push(vec![
                t(
                    "samenspel (samen − som van elk alleen)",
                    "interaction (together − sum of each alone)",
                )
                .into(),
                fte(lang, ix.central),
                lang.range(&fte(lang, ix.low), &fte(lang, ix.high)),
                String::new(),
                String::new(),
            ]);
        }
        d.push(Block::Table {
            caption: format!("{} {} (fte)", t("Vermindering van het tekort per maatregel in", "Reduction of the gap per measure in"), f.year),
            cols: vec![
                Col::text(t("maatregel", "measure"), 3.0),
                Col::num(t("centraal", "central")),
                Col::num(t("laag–hoog", "low–high")),
                Col::num(t("kosten tot 2030 (mln euro)", "cost to 2030 (EUR million)")),
                Col::text(t("onderbouwing", "evidence"), 1.4),
            ],
            rows,
            note: t(
                "Samenspel negatief: maatregelen trekken aan dezelfde mensen. Kosten: publieke kosten per jaar maal de jaren tot 2030.",
                "A negative interaction: measures draw on the same people. Cost: public cost per year times the years to 2030.",
            )
            .into(),
        });
    }
}

fn pillars(d: &mut Doc, f: &Figures, lang: Lang) {
    let t = |nl: &'static str, en: &'static str| lang.t(nl, en);
    let year = u16::try_from(f.today.0).ok();
    d.h1("pijlers", t("De drie pijlers", "The three pillars"));
    d.para(plain(t(
        "Per pijler eerst de scorekaart van de indicatoren met een doel voor 2030, dan per indicator de reeks met haar trend. Een indicator is op koers als de trend over de laatste vijf perioden en haar 90%-band het doel halen; ‘band omvat missen’ betekent dat de trend het doel haalt maar de band niet helemaal. Een trend loopt niet door een trendbreuk heen zonder dat dat erbij staat.",
        "Per pillar first the scorecard of the indicators with a 2030 target, then each indicator's series with its trend. An indicator is on track when the trend over the last five periods and its 90% band reach the target; ‘band includes missing’ means the trend reaches it but the band does not entirely. A trend is not fitted across a series break without saying so.",
    )));
    for (pillar, inds) in &f.pillars {
        d.h2(pillar.code(), pillar_name(*pillar, lang));
        let rows: Vec<(Vec<String>, String)> = inds
            .iter()
            .filter(|i| i.indicator.target.is_some())
            .map(|i| {
                let (word, class) = verdict_words(i.assessment.verdict, lang);
                let unit = &i.indicator.unit;
                (
                    vec![
                        ind_name(i, lang).to_string(),
                        i.series.last().map_or("–".into(), |p| {
                            format!("{} ({})", value_text(unit, p.value, lang), p.period)
                        }),
                        i.assessment
                            .projection
                            .map_or("–".into(), |p| value_text(unit, p.1, lang)),
                        i.indicator.target.map_or("–".into(), |(v, y)| {
                            format!("{} ({y})", value_text(unit, v, lang))
                        }),
                        word.to_string(),
                    ],
                    class.to_string(),
                )
            })
            .collect();
        if rows.is_empty() {
            d.note(t(
                "Geen indicator van deze pijler heeft een doel voor 2030.",
                "No indicator of this pillar has a 2030 target.",
            ));
        } else {
            d.push(Block::Scorecard {
                caption: t("Scorekaart", "Scorecard").into(),
                cols: vec![
                    Col::text(t("indicator", "indicator"), 3.0),
                    Col::num(t("laatste waarde", "latest value")),
                    Col::num(t("trend in doeljaar", "trend in target year")),
                    Col::num(t("doel", "target")),
                    Col::text(t("oordeel", "verdict"), 1.3),
                ],
                rows,
            });
        }
        let cards = inds
            .iter()
            .map(|i| {
                let name = ind_name(i, lang);
                let unit = &i.indicator.unit;
                let mut lines = vec![format!(
                    "{}: {}",
                    t("Laatste waarde", "Latest value"),
                    i.series.last().map_or(t("geen waarnemingen", "no observations").to_string(), |p| format!(
                        "{} ({}; {} {})",
                        value_text(unit, p.value, lang),
                        p.period,
                        t("gepubliceerd", "published"),
                        p.vintage.chars().take(10).collect::<String>()
                    ))
                )];
                if let Some((v, y)) = i.indicator.target {
                    lines.push(format!(
                        "{}: {} {y} · {}",
                        t("Doel", "Target"),
                        value_text(unit, v, lang),
                        verdict_words(i.assessment.verdict, lang).0
                    ));
                }
                let mut note = format!(
                    "{}: {}",
                    t("Bron", "Source"),
                    i.source.as_ref().map_or(String::new(), |s| format!("{} ({})", s.title, s.publisher))
                );
                for (p, desc) in &i.break_notes {
                    note += &format!(" {} {p}: {desc}", t("Trendbreuk", "Series break"));
                }
                let revised: Vec<String> = i
                    .series
                    .iter()
                    .filter(|p| !p.earlier.is_empty())
                    .map(|p| {
                        let earlier: Vec<String> = p
                            .earlier
                            .iter()
                            .map(|(v, x)| format!("{}: {}", v.chars().take(10).collect::<String>(), value_text(unit, *x, lang)))
                            .collect();
                        format!(
                            "{} {} ({} {}; {} {})",
                            p.period,
                            value_text(unit, p.value, lang),
                            t("publicatie", "published"),
                            p.vintage.chars().take(10).collect::<String>(),
                            t("eerder", "earlier"),
                            earlier.join(", ")
                        )
                    })
                    .collect();
                if !revised.is_empty() && i.indicator.id != crate::model_indicator::ID {
                    lines.push(format!("{}: {}", t("Herzien", "Revised"), revised.join("; ")));
                }
                if i.indicator.id == crate::model_indicator::ID && f.model_recorded {
                    lines.extend(model_runs_text(&f.model_runs, lang));
                }
                if i.indicator.id == crate::model_indicator::ID && !f.model_recorded {
                    lines.push(t(
                        "De doorrekening is nog niet in de monitor vastgelegd; deze rapportage rekent zelf door (zie Doorrekening).",
                        "The model calculation has not been recorded in the monitor yet; this report computes it itself (see Model calculation).",
                    ).into());
                }
                Card {
                    title: name.to_string(),
                    lines,
                    svg: krapte_monitor::chart::chart_sized(&i.indicator, name, &i.series, &i.breaks, lang, year, 320.0, 230.0),
                    note,
                }
            })
            .collect();
        d.push(Block::Cards { cards });
        for i in inds.iter().filter(|i| !i.regions.is_empty()) {
            let unit = &i.indicator.unit;
            d.push(Block::Table {
                caption: format!(
                    "{}: {}",
                    ind_name(i, lang),
                    t("laatste waarde per provincie", "latest value per province")
                ),
                cols: vec![
                    Col::text(t("provincie", "province"), 2.0),
                    Col::text(t("periode", "period"), 1.0),
                    Col::num(t("waarde", "value")),
                    Col::text(t("publicatie", "published"), 1.2),
                ],
                rows: i
                    .regions
                    .iter()
                    .map(|(code, p)| {
                        vec![
                            crate::reports::monitor::region_name(code),
                            p.period.to_string(),
                            value_text(unit, p.value, lang),
                            p.vintage.chars().take(10).collect(),
                        ]
                    })
                    .collect(),
                note: String::new(),
            });
        }
    }
}

fn annex(d: &mut Doc, f: &Figures, lang: Lang) {
    let t = |nl: &'static str, en: &'static str| lang.t(nl, en);
    d.h1(
        "bijlage",
        t(
            "Bijlage: methode, aannames en bronnen",
            "Annex: method, assumptions and sources",
        ),
    );
    d.h2("methode", t("Methode", "Method"));
    for p in [
        t(
            "Vraag. Klimaatmaatregelen in het scenario (warmtepompen, megawatts wind en zon, geïsoleerde woningen, netinvesteringen) worden arbeid via arbeid per eenheid (van onderop) of via de input-outputtabel (bestedingen, met directe en indirecte banen en importlekkage). Een productiviteitstrend verlaagt de arbeid per eenheid; verloren fossiele banen maken van bruto netto. Sectoraandelen geven beroepen, beroepsaandelen geven opleidingen, regionale aandelen geven provincies.",
            "Demand. Climate measures in the scenario (heat pumps, megawatts of wind and solar, insulated homes, grid investment) become labour through labour per unit (bottom-up) or through the input-output table (spending, with direct and indirect jobs and import leakage). A productivity trend lowers labour per unit; lost fossil jobs turn gross into net. Sector shares give occupations, occupation shares give education, regional shares give provinces.",
        ),
        t(
            "Aanbod. Een voorraad-stroommodel per beroep, opleiding en provincie: pensioen en vertrek (vervangingsvraag), overstap uit de techniek, schoolverlaters uit de onderwijsketen, zij-instroom en migratie. Het tekort is benodigd min beschikbaar.",
            "Supply. A stock-flow model per occupation, education and province: retirement and leavers (replacement demand), switching out of technical work, school-leavers from the education pipeline, side-entry and migration. The gap is required minus available.",
        ),
        t(
            "Onzekerheid. Elke bandbreedte van de gegevens wordt getrokken (driehoeks-, uniforme of PERT-verdeling, met samenhangende groepen); elke trekking rekent de hele keten door. De kans op een doel is het aandeel trekkingen dat het haalt. Kansen staan in de woorden van de IPCC-schaal:",
            "Uncertainty. Every range of the data is drawn (triangular, uniform or PERT, with correlated groups); each draw runs the whole chain. The probability of a goal is the share of draws that reach it. Probabilities are worded on the IPCC scale:",
        ),
    ] {
        d.para(plain(p));
    }
    use krapte_present::words::Likelihood as L;
    let rows = [
        L::VirtuallyCertain,
        L::VeryLikely,
        L::Likely,
        L::AboutAsLikelyAsNot,
        L::Unlikely,
        L::VeryUnlikely,
        L::ExceptionallyUnlikely,
    ]
    .iter()
    .map(|l| vec![l.word(lang).to_string(), l.range().to_string()])
    .collect();
    d.push(Block::Table {
        caption: t("Kanswoorden (IPCC)", "Probability words (IPCC)").into(),
        cols: vec![
            Col::text(t("woord", "word"), 3.0),
            Col::num(t("kans", "probability")),
        ],
        rows,
        note: String::new(),
    });
    d.para(plain(t(
        "Monitor. Elke indicator is de laatste publicatie per periode; eerdere publicaties blijven bewaard (herziene cijfers zijn oranje gemarkeerd). De trend is log-lineair voor aantallen en lineair voor percentages, over de laatste vijf perioden, doorgetrokken naar het doeljaar met een 90%-voorspellingsband. Een reeks heet verouderd als de laatste waarneming twee jaar of meer oud is.",
        "Monitor. Each indicator is the latest publication per period; earlier publications are kept (revised figures are marked orange). The trend is log-linear for counts and linear for percentages, over the last five periods, extended to the target year with a 90% prediction band. A series is stale when its latest observation is two years old or more.",
    )));
    d.h2(
        "aannames",
        t(
            "Aannames gerangschikt naar invloed",
            "Assumptions ranked by influence",
        ),
    );
    let rows = f
        .sensitivity
        .iter()
        .enumerate()
        .map(|(k, s)| {
            vec![
                (k + 1).to_string(),
                parameter_name(&s.name, lang),
                fte(lang, s.at_low),
                fte(lang, s.at_high),
                fte(lang, s.swing),
                s.first_order.map_or("–".into(), |x| lang.pct(x)),
            ]
        })
        .collect();
    d.push(Block::Table {
        caption: format!(
            "{} {} {}",
            t("De parameters die het tekort in", "The parameters that move the gap in"),
            f.year,
            t("het meest bewegen", "most")
        ),
        cols: vec![
            Col::num("#"),
            Col::text(t("parameter", "parameter"), 4.0),
            Col::num(t("tekort bij laag", "gap at low")),
            Col::num(t("tekort bij hoog", "gap at high")),
            Col::num(t("uitslag", "swing")),
            Col::num(t("deel variantie", "share of variance")),
        ],
        rows,
        note: format!(
            "{} {} {}",
            t("Elke parameter op zijn lage en hoge waarde, de rest centraal (fte); deel variantie: het deel van de spreiding in de trekkingen dat deze parameter alleen verklaart.", "Each parameter at its low and high value, the rest central (fte); share of variance: the part of the spread over the draws that this parameter explains alone."),
            lang.int(f.parameters_drawn as f64),
            t("parameters zijn getrokken.", "parameters were drawn.")
        ),
    });
    d.h2("bronnen", t("Bronnen", "Sources"));
    let rows = f
        .sources
        .iter()
        .map(|s| {
            vec![
                long_words_breakable(&s.publisher),
                long_words_breakable(&s.title),
                s.year.clone(),
                public_address(&s.url),
            ]
        })
        .collect();
    d.push(Block::Table {
        caption: t(
            "Bronnen van de gegevens en de monitor",
            "Sources of the data and the monitor",
        )
        .into(),
        cols: vec![
            Col::text(t("uitgever", "publisher"), 1.6),
            Col::text(t("titel", "title"), 3.0),
            Col::text(t("jaar", "year"), 0.5),
            Col::text(t("adres", "address"), 2.4),
        ],
        rows,
        note: String::new(),
    });
}

/// Bars in the chart of the measures: more do not fit a page.
const MAX_BARS: usize = 12;

/// The province map of the site (`krapte_web::map`, CBS boundaries) for
/// a printed page: outlines and names styled inside the SVG (the site does
/// it in its stylesheet) and the legend drawn in the North Sea corner.
fn province_map(
    values: &[(krapte_model::Province, f64, String)],
    label: &str,
    lang: Lang,
) -> String {
    use krapte_web::map;
    let values: Vec<map::Value> = values
        .iter()
        .map(|(p, v, text)| map::Value {
            code: p.code().to_string(),
            value: *v,
            text: text.clone(),
        })
        .collect();
    let classes = map::classes(&values.iter().map(|v| v.value).collect::<Vec<_>>());
    let svg = map::svg(
        map::provinces(),
        &values,
        &classes,
        &map::Text {
            label,
            no_data: lang.t("geen gegevens", "no data"),
            names: true,
        },
    );
    let Some(open_end) = svg.find('>') else {
        return svg;
    };
    let style = "<style>path{stroke:#ffffff;stroke-width:0.8}.names text{font-family:Lato;font-size:9px;fill:#1a1a1a}.legend text{font-family:Lato;font-size:8.5px;fill:#1a1a1a}</style>";
    let mut legend = String::from("<g class=\"legend\">");
    let fmt = |v: f64| lang.int(v);
    for (k, c) in classes.iter().rev().enumerate() {
        let y = 8.0 + 13.0 * k as f64;
        let words = match (c.from.is_finite(), c.to.is_finite()) {
            (true, true) => format!("{} {} {}", fmt(c.from), lang.t("tot", "to"), fmt(c.to)),
            (true, false) => format!("{} {}", fmt(c.from), lang.t("en meer", "or more")),
            (false, true) => format!("{} {}", lang.t("minder dan", "below"), fmt(c.to)),
            (false, false) => String::new(),
        };
        legend += &format!(
            "<rect x=\"6\" y=\"{y:.0}\" width=\"12\" height=\"10\" fill=\"{}\" stroke=\"#888888\" stroke-width=\"0.4\"/><text x=\"22\" y=\"{:.0}\">{}</text>",
            c.colour,
            y + 8.5,
            krapte_monitor::chart::esc(&words)
        );
    }
    legend += "</g>";
    let mut out = String::with_capacity(svg.len() + legend.len() + style.len());
    out.push_str(&svg[..=open_end]);
    out.push_str(style);
    out.push_str(&svg[open_end + 1..svg.len().saturating_sub("</svg>".len())]);
    out.push_str(&legend);
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_names_read_well() {
        assert_eq!(date(Lang::Nl, (2026, 5, 1)), "1 mei 2026");
        assert_eq!(date(Lang::En, (2026, 12, 31)), "31 December 2026");
        assert_eq!(
            parameter_name("activities.csv:rooftop_pv/construction", Lang::Nl),
            "arbeid per eenheid: rooftop pv · aanleg"
        );
        assert_eq!(
            parameter_name("activities.csv:offshore_wind/construction", Lang::Nl),
            "arbeid per eenheid: Windparken op zee · aanleg"
        );
        assert_eq!(
            parameter_name("supply_parameters.csv:side_entry_per_switch_out", Lang::Nl),
            "aanbod: zij-instroom per uitstromer"
        );
        assert!(!parameter_name("levers.csv:x_y", Lang::En).contains(".csv"));
        assert_eq!(breakable("a/b"), "a/\u{200B}b");
        // No project file in a public report; web addresses kept.
        assert_eq!(public_address("shared/seeds/001_x.txt (facts)"), "–");
        assert_eq!(
            public_address("https://a.nl/x ; shared/y.csv"),
            "https:/\u{200B}/\u{200B}a.\u{200B}nl/\u{200B}x"
        );
        assert!(long_words_breakable("hernieuwbarebronstoffen.nl").contains('\u{200B}'));
        assert_eq!(
            long_words_breakable("ANP via nieuws.nl"),
            "ANP via nieuws.nl"
        );
    }
}
