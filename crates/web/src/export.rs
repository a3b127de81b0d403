//! The explorer's setting as files `krapte` runs: `GET
//! /api/export/scenario.toml` and `/api/export/policy.toml` with the
//! explorer's query string (`krapte gap --scenario FILE --policy FILE` gives
//! the explorer's central figures; checked by `export_runs_the_same`, in
//! crates/web/tests/api.rs).
//!
//! The scenario file is the preset's own file with each moved measure's
//! `scale` multiplied by its factor; the policy file lists the levers on,
//! each at its intensity, and the campaigns with budget, years and start.

use krapte_model::reference::policy::items_of;
use krapte_model::Item;

use crate::error::ApiError;
use crate::explore::{check, Explorer, Request};

fn toml_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(format!("the scenario preset cannot be written again: {e}"))
}

/// The scenario file of a request's setting.
pub fn scenario_toml(ex: &Explorer, req: &Request) -> Result<String, ApiError> {
    let c = check(ex, req)?;
    let preset = ex
        .scenario(&c.scenario_id)
        .ok_or_else(|| ApiError::internal("the scenario preset vanished"))?;
    let mut doc: toml::Table = preset.source.parse().map_err(toml_error)?;
    let measures = doc
        .get_mut("measures")
        .and_then(|m| m.as_table_mut())
        .ok_or_else(|| ApiError::internal("the scenario preset has no [measures]"))?;
    for (sm, factor) in preset.value.measures.iter().zip(&c.factors) {
        if *factor == 1.0 {
            continue;
        }
        let id = &ex.dataset.measures[sm.measure].id;
        let t = measures
            .get_mut(id)
            .and_then(|m| m.as_table_mut())
            .ok_or_else(|| ApiError::internal(format!("the preset has no [measures.{id}]")))?;
        let before = t.get("scale").and_then(|v| v.as_float()).unwrap_or(1.0);
        t.insert("scale".into(), toml::Value::Float(before * factor));
    }
    if let Some(name) = doc.get("name").and_then(|v| v.as_str()).map(str::to_string) {
        doc.insert(
            "name".into(),
            toml::Value::String(format!("{name} (verkenner)")),
        );
    }
    let body = toml::to_string(&doc).map_err(toml_error)?;
    Ok(format!(
        "# Scenario from the krapte explorer: the preset '{}' with the explorer's factors on the measures' scale.\n# Run: krapte gap --scenario THIS_FILE --policy POLICY_FILE\n{body}",
        c.scenario_id
    ))
}

/// Quotes a string for TOML.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The policy file of a request's setting.
pub fn policy_toml(ex: &Explorer, req: &Request) -> Result<String, ApiError> {
    let c = check(ex, req)?;
    let pd = ex.dataset.policy.as_ref();
    let name = match &c.policy_id {
        Some(id) => format!(
            "{} (verkenner)",
            ex.policy(id).map_or(id.as_str(), |p| p.value.name.as_str())
        ),
        None => "Verkenner".to_string(),
    };
    let mut out = format!(
        "# Policy from the krapte explorer: its levers and campaigns as set.\n# Run: krapte gap --scenario SCENARIO_FILE --policy THIS_FILE\nname = {}\ndescription = {}\n\n[levers]\n",
        quoted(&name),
        quoted("The explorer's setting of levers and campaigns")
    );
    let mut campaigns = String::new();
    for item in items_of(&c.policy) {
        match item {
            Item::Lever { lever, intensity } => {
                let id = pd
                    .and_then(|p| p.levers.get(lever))
                    .map(|l| l.id.clone())
                    .ok_or_else(|| ApiError::internal("a lever of the policy vanished"))?;
                out.push_str(&format!(
                    "{id} = {{ on = true, intensity = {intensity:?} }}\n"
                ));
            }
            Item::Campaign(cc) => {
                let id = pd
                    .and_then(|p| p.campaigns.get(cc.campaign))
                    .map(|x| x.id.clone())
                    .ok_or_else(|| ApiError::internal("a campaign of the policy vanished"))?;
                campaigns.push_str(&format!(
                    "\n[campaigns.{id}]\nbudget_meur_per_year = {:?}\nyears = {}\nstart_year = {}\n",
                    cc.budget_meur_per_year, cc.years, cc.start_year
                ));
            }
            Item::Extra(_) => {}
        }
    }
    out.push_str(&campaigns);
    Ok(out)
}

/// The Dutch and English name of a quantity of the charts' rows.
fn quantity_names(q: &str) -> (&'static str, &'static str) {
    match q {
        "required" => ("benodigd", "required"),
        "climate" => ("waarvan klimaatvraag", "of which climate demand"),
        "available" => ("beschikbaar (aanbod)", "available (supply)"),
        "gap" => ("tekort", "gap"),
        "digital_count" => ("digitaal vaardigen", "digitally skilled"),
        _ => ("", ""),
    }
}

/// The Dutch and English name of a chart of the explorer.
fn chart_names(c: &str) -> (&'static str, &'static str) {
    match c {
        "years" => ("per jaar", "per year"),
        "levels" => ("naar opleidingsniveau", "by education level"),
        "provinces" => ("per provincie", "by province"),
        "verdicts" => ("doelen", "goals"),
        _ => ("", ""),
    }
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> ApiError {
    ApiError::internal(format!("the spreadsheet cannot be written: {e}"))
}

/// The explorer's results for a setting as a spreadsheet (`GET
/// /api/export/results.xlsx` with the explorer's query string): a sheet
/// "Lees mij" (the setting, what the figures are), "Kans" (the live
/// probability of the setting, without the plan and of the starting point,
/// as `POST /api/odds`, with the cost) and "Cijfers" (every number behind
/// the charts, unrounded: the rows of `/api/gap.csv`). Numbers are numbers;
/// the header rows are frozen and filtered.
pub fn results_xlsx(
    s: &crate::state::AppState,
    req: &Request,
    query: Option<&str>,
) -> Result<Vec<u8>, ApiError> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
    let gap = crate::explore::gap(s, req)?;
    let odds = crate::live::odds(s, req)?;
    let e = xlsx_error;
    let nl = crate::i18n::Lang::Nl;
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(13);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border_bottom(FormatBorder::Thin);
    let whole = Format::new().set_num_format("#,##0");
    let percent = Format::new().set_num_format("0.0%");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);

    // Lees mij.
    {
        let ws = wb.add_worksheet();
        ws.set_name("Lees mij").map_err(e)?;
        ws.write_string_with_format(
            0,
            0,
            "krapte: resultaten van de verkenner / explorer results",
            &title,
        )
        .map_err(e)?;
        let policy = match &gap.policy {
            Some(p) => crate::pages::policy_name(nl, s, p),
            None => "geen beleid / no policy".to_string(),
        };
        let province = gap.province.as_ref().map_or("Nederland".to_string(), |p| {
            format!("{} ({})", p.name, p.code)
        });
        let setting: Vec<String> = crate::api::query_pairs(query)
            .into_iter()
            .filter(|(k, _)| k != "lang")
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let rows: Vec<(&str, String)> = vec![
            (
                "scenario",
                crate::pages::scenario_name(nl, s, &gap.scenario),
            ),
            ("beleid / policy", policy),
            (
                "gebied / area (jaarreeks, niveaus / years, levels)",
                province,
            ),
            ("doeljaar / goal year", gap.goal_year.to_string()),
            (
                "gegevenseditie / dataset edition",
                gap.dataset_edition.clone(),
            ),
            ("beroepenset / occupation set", gap.occupation_set.clone()),
            (
                "instelling / setting",
                if setting.is_empty() {
                    "de standaardinstelling / the default setting".to_string()
                } else {
                    setting.join("&")
                },
            ),
            ("krapte", env!("CARGO_PKG_VERSION").to_string()),
        ];
        for (row, (k, v)) in (2u32..).zip(&rows) {
            ws.write_string_with_format(row, 0, *k, &bold).map_err(e)?;
            ws.write_string_with_format(row, 1, v, &wrap).map_err(e)?;
        }
        let notes = [
            "Technici in fte, netto (vraag na verdringing en verlies van fossiel werk); aanbod = de voorraad van het aanbodmodel. / Technicians in fte, net; supply = the supply model's stock.",
            "Blad Kans: de kans dat het tekort in het doeljaar dicht is (tekort ≤ 0) en P5/P50/P95 uit de Monte Carlo, voor deze instelling, voor dezelfde klimaatfactoren zonder hefbomen en campagnes, en voor het startpunt. / Sheet Kans: the probability the gap is closed and P5/P50/P95 from the Monte Carlo.",
            "Blad Cijfers: centraal = de centrale doorrekening (elke parameter op zijn centrale waarde; één mogelijke uitkomst, geen oordeel); laag en hoog = de uiterste hoeken (elke parameter tegelijk op zijn lage of hoge waarde), geen kansinterval. / Sheet Cijfers: central = the central run, not a verdict; low and high = the extreme corners, not a probability interval.",
        ];
        let first = rows.len() as u32 + 3;
        ws.write_string_with_format(first, 0, "toelichting / notes", &bold)
            .map_err(e)?;
        let all = notes
            .iter()
            .copied()
            .chain(odds.notes_nl.iter().map(String::as_str));
        for (row, l) in (first..).zip(all) {
            ws.write_string_with_format(row, 1, l, &wrap).map_err(e)?;
        }
        ws.set_column_width(0, 34).map_err(e)?;
        ws.set_column_width(1, 110).map_err(e)?;
    }

    // Kans.
    {
        let ws = wb.add_worksheet();
        ws.set_name("Kans").map_err(e)?;
        ws.write_string_with_format(
            0,
            0,
            format!(
                "Landelijk technicustekort in {}: kans zonder tekort en P5/P50/P95 (fte, netto) / national technician gap: probability closed",
                odds.year
            ),
            &title,
        )
        .map_err(e)?;
        let heads = [
            "wat / what",
            "kans zonder tekort / probability closed",
            "in woorden / in words",
            "P5 (fte)",
            "P50, mediaan (fte)",
            "P95 (fte)",
            "gemiddelde / mean (fte)",
            "trekkingen / draws",
        ];
        for (c, h) in (0u16..).zip(heads) {
            ws.write_string_with_format(2, c, h, &head).map_err(e)?;
        }
        let lines = [
            ("deze instelling / this setting", &odds.setting),
            (
                "zonder hefbomen en campagnes / without levers and campaigns",
                &odds.without_plan,
            ),
            ("startpunt / starting point", &odds.start),
        ];
        for (row, (what, o)) in (3u32..).zip(lines) {
            ws.write_string(row, 0, what).map_err(e)?;
            match o {
                Some(o) => {
                    ws.write_number_with_format(row, 1, o.probability_closed, &percent)
                        .map_err(e)?;
                    ws.write_string(row, 2, format!("{} / {}", o.likelihood_nl, o.likelihood_en))
                        .map_err(e)?;
                    for (c, v) in (3u16..).zip([o.p5, o.p50, o.p95, o.mean]) {
                        if v.is_finite() {
                            ws.write_number_with_format(row, c, v, &whole).map_err(e)?;
                        }
                    }
                    ws.write_number(row, 7, o.draws as f64).map_err(e)?;
                }
                None => {
                    ws.write_string(
                        row,
                        2,
                        "geen kans (alleen de centrale doorrekening) / no probability",
                    )
                    .map_err(e)?;
                }
            }
        }
        let c = &odds.cost;
        let cost_rows: [(&str, Option<f64>); 3] = [
            (
                "publieke kosten tot het doeljaar (euro) / public cost to the goal year (EUR)",
                Some(c.eur_to_goal_year),
            ),
            (
                "tekort kleiner in de centrale doorrekening (fte) / gap closed, central run (fte)",
                Some(c.closed_fte_central),
            ),
            ("euro per fte / EUR per fte", c.eur_per_fte),
        ];
        for (row, (what, v)) in (8u32..).zip(cost_rows) {
            ws.write_string(row, 0, what).map_err(e)?;
            match v.filter(|v| v.is_finite()) {
                // `+ 0.0`: no "-0" for a cost of nothing.
                Some(v) => ws
                    .write_number_with_format(row, 1, v + 0.0, &whole)
                    .map_err(e)?,
                None => ws
                    .write_string(row, 1, "n.v.t. (niets gedicht of niets uitgegeven) / n/a")
                    .map_err(e)?,
            };
        }
        ws.set_freeze_panes(3, 0).map_err(e)?;
        ws.set_column_width(0, 60).map_err(e)?;
        for c in 1..8u16 {
            ws.set_column_width(c, 18).map_err(e)?;
        }
        ws.set_column_width(2, 40).map_err(e)?;
    }

    // Cijfers.
    {
        let ws = wb.add_worksheet();
        ws.set_name("Cijfers").map_err(e)?;
        ws.write_string_with_format(
            0,
            0,
            "De cijfers achter de grafieken van de verkenner (onafgerond) / the numbers behind the charts (unrounded)",
            &title,
        )
        .map_err(e)?;
        let heads = [
            "grafiek / chart",
            "groep / group",
            "jaar / year",
            "grootheid",
            "quantity",
            "eenheid / unit",
            "basis",
            "laag / low",
            "centraal / central",
            "hoog / high",
        ];
        for (c, h) in (0u16..).zip(heads) {
            ws.write_string_with_format(2, c, h, &head).map_err(e)?;
        }
        let rows = crate::explore::chart_rows(&gap);
        for (row, r) in (3u32..).zip(&rows) {
            let f = r.figure;
            ws.write_string(row, 0, chart_names(r.chart).0).map_err(e)?;
            ws.write_string(row, 1, &r.group).map_err(e)?;
            ws.write_number(row, 2, f64::from(f.year)).map_err(e)?;
            ws.write_string(row, 3, quantity_names(r.quantity).0)
                .map_err(e)?;
            ws.write_string(row, 4, r.quantity).map_err(e)?;
            ws.write_string(row, 5, f.unit).map_err(e)?;
            ws.write_string(row, 6, f.basis).map_err(e)?;
            for (c, v) in (7u16..).zip([f.low, f.central, f.high]) {
                if v.is_finite() {
                    ws.write_number_with_format(row, c, v, &whole).map_err(e)?;
                }
            }
        }
        ws.set_freeze_panes(3, 0).map_err(e)?;
        ws.autofilter(2, 0, 2 + rows.len() as u32, 9).map_err(e)?;
        for (c, w) in [
            (0u16, 22.0),
            (1, 18.0),
            (3, 24.0),
            (4, 14.0),
            (5, 10.0),
            (6, 8.0),
            (7, 14.0),
            (8, 14.0),
            (9, 14.0),
        ] {
            ws.set_column_width(c, w).map_err(e)?;
        }
    }
    wb.save_to_buffer().map_err(e)
}
