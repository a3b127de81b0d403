//! The pages' language: Dutch by default, English with `?lang=en`. Every
//! visible text of the pages comes in both (`Lang::t`); numbers follow the
//! language's notation.

/// The language of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Nl,
    En,
}

impl Lang {
    /// `lang=en` in the query string gives English; anything else Dutch.
    pub fn from_pairs(pairs: &[(String, String)]) -> Lang {
        if pairs.iter().any(|(k, v)| k == "lang" && v == "en") {
            Lang::En
        } else {
            Lang::Nl
        }
    }

    pub fn from_query(raw: Option<&str>) -> Lang {
        Lang::from_pairs(&crate::api::query_pairs(raw))
    }

    /// The text in this language.
    pub fn t(self, nl: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }

    /// The HTML `lang` code.
    pub fn code(self) -> &'static str {
        self.t("nl", "en")
    }

    /// `?lang=en` (or `&lang=en` after a query) for English links; empty
    /// for Dutch.
    pub fn suffix(self, after_query: bool) -> &'static str {
        match (self, after_query) {
            (Lang::Nl, _) => "",
            (Lang::En, false) => "?lang=en",
            (Lang::En, true) => "&lang=en",
        }
    }

    /// A number in the language's notation: Dutch `42.299`, `−1.234`,
    /// `0,57`; English `42,299`, `−1,234`, `0.57`.
    pub fn num(self, v: f64) -> String {
        if !v.is_finite() {
            return self.t("n.b.", "n/a").into();
        }
        let (group, decimal) = match self {
            Lang::Nl => ('.', ','),
            Lang::En => (',', '.'),
        };
        if v.abs() < 10.0 && (v - v.round()).abs() >= 0.005 {
            return format!("{v:.2}").replace('.', &decimal.to_string());
        }
        let digits = format!("{:.0}", v.abs().round());
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
        if v < 0.0 && v.round() != 0.0 {
            format!("−{out}")
        } else {
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_choice() {
        assert_eq!(Lang::Nl.num(42_299.4), "42.299");
        assert_eq!(Lang::En.num(42_299.4), "42,299");
        assert_eq!(Lang::En.num(-35_377.0), "−35,377");
        assert_eq!(Lang::En.num(0.57), "0.57");
        assert_eq!(Lang::Nl.num(0.57), "0,57");
        assert_eq!(Lang::from_query(Some("a=1&lang=en")), Lang::En);
        assert_eq!(Lang::from_query(Some("lang=de")), Lang::Nl);
        assert_eq!(Lang::from_query(None), Lang::Nl);
        assert_eq!(Lang::En.suffix(true), "&lang=en");
        assert_eq!(Lang::Nl.suffix(false), "");
    }
}
