//! Calibrated probability words: the IPCC's likelihood scale (AR5, the
//! Guidance Note for Lead Authors on consistent treatment of uncertainties),
//! in English and in the Dutch of the KNMI's translation of the Summary for
//! Policymakers. A probability gets the narrowest class that holds it:
//!
//! | probability | English | Nederlands |
//! |---|---|---|
//! | >= 99% | virtually certain | zo goed als zeker |
//! | >= 90% | very likely | zeer waarschijnlijk |
//! | >= 66% | likely | waarschijnlijk |
//! | 33–66% | about as likely as not | ongeveer even waarschijnlijk als onwaarschijnlijk |
//! | <= 33% | unlikely | onwaarschijnlijk |
//! | <= 10% | very unlikely | zeer onwaarschijnlijk |
//! | <= 1% | exceptionally unlikely | zo goed als uitgesloten |
//!
//! And one rule for verdicts: a goal is called reached (met, closed,
//! gehaald, gedicht) only when its probability is at least one half
//! ([`reached`]).

use crate::num::Lang;

/// A class of the likelihood scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Likelihood {
    ExceptionallyUnlikely,
    VeryUnlikely,
    Unlikely,
    AboutAsLikelyAsNot,
    Likely,
    VeryLikely,
    VirtuallyCertain,
}

impl Likelihood {
    /// The class of probability `p` (0–1); `None` when `p` is not a probability.
    pub fn of(p: f64) -> Option<Likelihood> {
        if !(0.0..=1.0).contains(&p) {
            return None;
        }
        Some(if p >= 0.99 {
            Likelihood::VirtuallyCertain
        } else if p >= 0.90 {
            Likelihood::VeryLikely
        } else if p >= 0.66 {
            Likelihood::Likely
        } else if p > 0.33 {
            Likelihood::AboutAsLikelyAsNot
        } else if p > 0.10 {
            Likelihood::Unlikely
        } else if p > 0.01 {
            Likelihood::VeryUnlikely
        } else {
            Likelihood::ExceptionallyUnlikely
        })
    }

    /// The word in `lang`.
    pub fn word(self, lang: Lang) -> &'static str {
        use Likelihood as L;
        match self {
            L::VirtuallyCertain => lang.t("zo goed als zeker", "virtually certain"),
            L::VeryLikely => lang.t("zeer waarschijnlijk", "very likely"),
            L::Likely => lang.t("waarschijnlijk", "likely"),
            L::AboutAsLikelyAsNot => lang.t(
                "ongeveer even waarschijnlijk als onwaarschijnlijk",
                "about as likely as not",
            ),
            L::Unlikely => lang.t("onwaarschijnlijk", "unlikely"),
            L::VeryUnlikely => lang.t("zeer onwaarschijnlijk", "very unlikely"),
            L::ExceptionallyUnlikely => lang.t("zo goed als uitgesloten", "exceptionally unlikely"),
        }
    }

    /// The range of the class, for a legend: `66–100%`.
    pub fn range(self) -> &'static str {
        use Likelihood as L;
        match self {
            L::VirtuallyCertain => "99–100%",
            L::VeryLikely => "90–100%",
            L::Likely => "66–100%",
            L::AboutAsLikelyAsNot => "33–66%",
            L::Unlikely => "0–33%",
            L::VeryUnlikely => "0–10%",
            L::ExceptionallyUnlikely => "0–1%",
        }
    }
}

/// The calibrated word of probability `p` in `lang` (`n.b.` when `p` is no probability).
pub fn likelihood(p: f64, lang: Lang) -> &'static str {
    Likelihood::of(p).map_or(lang.not_a_number(), |l| l.word(lang))
}

/// `46% (ongeveer even waarschijnlijk als onwaarschijnlijk)`.
pub fn probability(p: f64, lang: Lang) -> String {
    format!("{} ({})", lang.pct(p), likelihood(p, lang))
}

/// Whether a goal whose probability is `p` may be called reached: at
/// least one half. Below it no verdict says met, closed, gehaald or
/// gedicht, not even negated.
pub fn reached(p: f64) -> bool {
    p.is_finite() && p >= 0.5
}

/// The verdict on the technician gap in words, from the probability that
/// it is closed: `gedicht`/`closed` only from one half on.
pub fn gap_verdict(p: f64, lang: Lang) -> &'static str {
    if reached(p) {
        lang.t(
            "waarschijnlijker gedicht dan niet",
            "more likely closed than not",
        )
    } else {
        lang.t(
            "tekort blijft waarschijnlijker bestaan",
            "shortage more likely remains",
        )
    }
}

/// The verdict on a goal (the 1 million) in words: `gehaald`/`met` only
/// from one half on.
pub fn goal_verdict(p: f64, lang: Lang) -> &'static str {
    if reached(p) {
        lang.t(
            "waarschijnlijker gehaald dan niet",
            "more likely met than not",
        )
    } else {
        lang.t("waarschijnlijker gemist", "more likely missed")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ipcc_scale_at_its_edges() {
        use Likelihood as L;
        let cases = [
            (1.0, L::VirtuallyCertain),
            (0.99, L::VirtuallyCertain),
            (0.989, L::VeryLikely),
            (0.90, L::VeryLikely),
            (0.66, L::Likely),
            (0.659, L::AboutAsLikelyAsNot),
            (0.46, L::AboutAsLikelyAsNot),
            (0.331, L::AboutAsLikelyAsNot),
            (0.33, L::Unlikely),
            (0.11, L::Unlikely),
            (0.10, L::VeryUnlikely),
            (0.02, L::VeryUnlikely),
            (0.01, L::ExceptionallyUnlikely),
            (0.0, L::ExceptionallyUnlikely),
        ];
        for (p, want) in cases {
            assert_eq!(Likelihood::of(p), Some(want), "{p}");
        }
        assert_eq!(Likelihood::of(f64::NAN), None);
        assert_eq!(Likelihood::of(1.2), None);
        assert_eq!(likelihood(0.46, Lang::En), "about as likely as not");
        assert_eq!(likelihood(0.7, Lang::Nl), "waarschijnlijk");
        assert_eq!(probability(0.05, Lang::Nl), "5% (zeer onwaarschijnlijk)");
    }

    #[test]
    fn nothing_is_closed_below_one_half() {
        for k in 0..=1000 {
            let p = f64::from(k) / 1000.0;
            for lang in [Lang::Nl, Lang::En] {
                let g = gap_verdict(p, lang);
                let m = goal_verdict(p, lang);
                if p < 0.5 {
                    // Not even negated: "not closed" would still read as a verdict word.
                    for word in ["closed", "met", "gedicht", "gehaald"] {
                        assert!(!g.contains(word) && !m.contains(word), "{p} {g} {m}");
                    }
                }
            }
        }
        assert!(!reached(f64::NAN));
        assert!(reached(0.5));
        assert!(!reached(0.4999));
    }
}
