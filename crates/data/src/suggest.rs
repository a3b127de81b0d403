//! "Did you mean ...?" hints for misspelt codes, column names and keys, so that
//! a typo in a dataset or scenario is fixed in one look.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
/// Case differences count as a near-perfect match.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let (best, dist) = candidates
        .into_iter()
        .map(|c| (c, strsim::damerau_levenshtein(&lower, &c.to_lowercase())))
        .min_by_key(|&(_, d)| d)?;
    // Allow about one edit per three characters, and never a complete rewrite
    // (a one-letter code is not "close" to every other one-letter code).
    let len = word.chars().count();
    let allowed = (len / 3).max(1);
    (dist <= allowed && dist < len).then_some(best)
}

/// `; did you mean "X"?` or the empty string, to append to a message.
pub fn hint<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let others = candidates.into_iter().filter(|c| *c != word);
    closest(word, others)
        .map(|c| format!("; did you mean \"{c}\"?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let cands = ["import_share", "gross_output", "hours_worked"];
        assert_eq!(closest("import_shar", cands), Some("import_share"));
        assert_eq!(closest("Gross_Output", cands), Some("gross_output"));
        assert_eq!(closest("turnover", cands), None);
        assert_eq!(closest("S3", ["S1", "S2"]), Some("S1"));
        assert_eq!(closest("F", ["C"]), None);
        assert_eq!(closest("x", Vec::<&str>::new()), None);
    }
}
