//! Numbers as people read them: thousands grouped, a real minus sign
//! (U+2212), Dutch (`42.299`, `0,57`, `46%`) or English (`42,299`, `0.57`).
//! Every surface formats through here, so that a figure reads the same in
//! the terminal, the report and on the site.

/// The language of an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// Dutch: the report's and the site's default.
    #[default]
    Nl,
    /// English.
    En,
}

/// The minus sign of every formatted number (U+2212, not a hyphen).
pub const MINUS: char = '\u{2212}';

impl Lang {
    /// The text in this language.
    pub fn t<'a>(self, nl: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }

    /// The ISO code (`nl`, `en`).
    pub fn code(self) -> &'static str {
        self.t("nl", "en")
    }

    /// `nl` or `en` (any case); `None` otherwise.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    fn group(self) -> char {
        match self {
            Lang::Nl => '.',
            Lang::En => ',',
        }
    }

    fn decimal(self) -> char {
        match self {
            Lang::Nl => ',',
            Lang::En => '.',
        }
    }

    /// What a figure that is not a number reads as.
    pub fn not_a_number(self) -> &'static str {
        self.t("n.b.", "n/a")
    }

    /// `v` with `decimals` decimals, thousands grouped: `1.234.567,8`.
    pub fn fixed(self, v: f64, decimals: usize) -> String {
        if !v.is_finite() {
            return self.not_a_number().into();
        }
        let s = format!("{:.*}", decimals, v.abs());
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let zero = int.chars().all(|c| c == '0') && frac.chars().all(|c| c == '0');
        let mut out = String::new();
        if v < 0.0 && !zero {
            out.push(MINUS);
        }
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(self.group());
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(self.decimal());
            out.push_str(frac);
        }
        out
    }

    /// A whole number: `42.299`, `−2.546`.
    pub fn int(self, v: f64) -> String {
        self.fixed(v, 0)
    }

    /// A figure rounded to a multiple of `step` (a figure with a wide
    /// uncertainty band is not shown to the last fte): `67.400`.
    pub fn rounded(self, v: f64, step: f64) -> String {
        if !v.is_finite() || step <= 0.0 {
            return self.int(v);
        }
        self.int((v / step).round() * step)
    }

    /// Grouped, and below 10 with up to two decimals (`0,25`, `3,1`) so that
    /// small rates and shares stay readable.
    pub fn num(self, v: f64) -> String {
        if !v.is_finite() {
            return self.not_a_number().into();
        }
        if v.abs() < 10.0 && (v - v.round()).abs() >= 0.005 {
            let s = self.fixed(v, 2);
            return s.trim_end_matches('0').to_string();
        }
        self.int(v)
    }

    /// A probability or share (0–1) as a whole percentage: `46%`; below
    /// 0,5% but above 0 `<1%`, above 99,5% but below 1 `>99%`, so that
    /// neither certainty nor impossibility is claimed by rounding.
    pub fn pct(self, p: f64) -> String {
        if !p.is_finite() {
            return self.not_a_number().into();
        }
        if p > 0.0 && p < 0.005 {
            return "<1%".into();
        }
        if p < 1.0 && p > 0.995 {
            return ">99%".into();
        }
        format!("{}%", self.int(p * 100.0))
    }

    /// A share (0–1) as a percentage with `decimals` decimals: `19,4%`.
    pub fn pct_fixed(self, p: f64, decimals: usize) -> String {
        if !p.is_finite() {
            return self.not_a_number().into();
        }
        format!("{}%", self.fixed(p * 100.0, decimals))
    }

    /// A range: `12.000–15.000`, or with a negative end `−2.500 tot 8.000`
    /// (`to` in English), since a dash between two minus signs misreads.
    pub fn range(self, lo: &str, hi: &str) -> String {
        if lo.starts_with(MINUS) || hi.starts_with(MINUS) {
            format!("{lo} {} {hi}", self.t("tot", "to"))
        } else {
            format!("{lo}–{hi}")
        }
    }

    /// A signed difference: `+1.200`, `−350`, `0`.
    pub fn signed(self, v: f64) -> String {
        let s = self.int(v);
        if v.is_finite() && !s.starts_with(MINUS) && s != "0" {
            format!("+{s}")
        } else {
            s
        }
    }

    /// A year: `2030` (never grouped).
    pub fn year(self, y: u16) -> String {
        y.to_string()
    }
}

/// Parses a number written by [`Lang::fixed`] back (tests and checks).
pub fn parse(lang: Lang, s: &str) -> Option<f64> {
    let t: String = s
        .chars()
        .filter(|c| *c != lang.group())
        .map(|c| match c {
            MINUS => '-',
            c if c == lang.decimal() => '.',
            c => c,
        })
        .collect();
    t.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_and_english_numbers() {
        assert_eq!(Lang::Nl.int(42_299.4), "42.299");
        assert_eq!(Lang::En.int(42_299.4), "42,299");
        assert_eq!(Lang::Nl.int(-2_546.0), "−2.546");
        assert_eq!(Lang::En.int(-2_546.0), "−2,546");
        assert_eq!(Lang::Nl.int(1_000_000.0), "1.000.000");
        assert_eq!(Lang::Nl.int(-0.4), "0");
        assert_eq!(Lang::Nl.int(999.5), "1.000");
        assert_eq!(Lang::Nl.fixed(1234.56, 1), "1.234,6");
        assert_eq!(Lang::En.fixed(-0.25, 2), "−0.25");
        assert_eq!(Lang::Nl.num(0.57), "0,57");
        assert_eq!(Lang::En.num(3.004), "3");
        assert_eq!(Lang::En.num(0.2), "0.2");
        assert_eq!(Lang::Nl.num(f64::NAN), "n.b.");
        assert_eq!(Lang::En.int(f64::INFINITY), "n/a");
        assert_eq!(Lang::Nl.rounded(67_449.0, 100.0), "67.400");
        assert_eq!(Lang::Nl.rounded(-2_451.0, 100.0), "−2.500");
    }

    #[test]
    fn percentages_never_round_to_certainty() {
        assert_eq!(Lang::Nl.pct(0.458), "46%");
        assert_eq!(Lang::En.pct(0.0), "0%");
        assert_eq!(Lang::En.pct(0.004), "<1%");
        assert_eq!(Lang::En.pct(0.996), ">99%");
        assert_eq!(Lang::En.pct(1.0), "100%");
        assert_eq!(Lang::Nl.pct_fixed(0.194, 1), "19,4%");
    }

    #[test]
    fn ranges_and_signs() {
        let (lo, hi) = (Lang::Nl.int(-2_500.0), Lang::Nl.int(8_000.0));
        assert_eq!(Lang::Nl.range(&lo, &hi), "−2.500 tot 8.000");
        assert_eq!(Lang::En.range("1", "2"), "1–2");
        assert_eq!(Lang::En.signed(1200.0), "+1,200");
        assert_eq!(Lang::En.signed(-350.0), "−350");
        assert_eq!(Lang::En.signed(0.2), "0");
    }

    #[test]
    fn formatted_numbers_parse_back() {
        for v in [-1_234_567.0, 0.0, 42.5, 1e6] {
            for lang in [Lang::Nl, Lang::En] {
                assert_eq!(parse(lang, &lang.fixed(v, 1)), Some(v), "{v} {lang:?}");
            }
        }
    }
}
