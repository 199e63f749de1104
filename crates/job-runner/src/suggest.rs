//! "Did you mean ...?": the known names closest to a misspelt one, so every
//! "unknown X" message (a statement, a filter, a function, an input, a
//! variable, a job) can point at the fix. The one place that decides what
//! counts as a likely typo, for the language, the loader and the CLI.

/// Known names ordered from closest to farthest from `wanted` (ties keep their
/// given order). Case is ignored when measuring, so `Foo` matches `foo` first.
pub fn by_closeness<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .map(|name| (strsim::jaro_winkler(&wanted, &name.to_lowercase()), name))
        .collect();
    // Highest similarity first; the sort is stable so equal scores keep source order.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().map(|(_, name)| name).collect()
}

/// The one known name close enough to `wanted` to be a likely typo: fewest
/// edits (a swap of two letters counts as one), then most alike.
pub fn closest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    known
        .into_iter()
        .map(|name| {
            let name_lower = name.to_lowercase();
            let similarity = strsim::jaro_winkler(&wanted_lower, &name_lower);
            let distance = strsim::damerau_levenshtein(&wanted_lower, &name_lower);
            (distance, similarity, name)
        })
        // A typo is a few edits away (one more than a third of the name) or
        // reads almost the same; anything else would be a guess that misleads
        // more than it helps.
        .filter(|&(distance, similarity, name)| {
            distance <= (name.chars().count() / 3).max(1) + 1 || similarity >= 0.9
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(b.2)))
        .map(|(_, _, name)| name)
}

/// `did you mean `x`?`, or nothing when no known name is close.
pub fn did_you_mean<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(wanted, known).map(|name| format!("did you mean `{name}`?"))
}

/// Names in backticks, separated by commas: "`a`, `b`".
pub fn quoted_list<S: AsRef<str>>(names: &[S]) -> String {
    names
        .iter()
        .map(|name| format!("`{}`", name.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_a_typo_and_ignores_strangers() {
        let known = ["trigger_make_scenario", "send_digest"];
        assert_eq!(
            closest("trigger_make_scenaro", known),
            Some("trigger_make_scenario")
        );
        assert_eq!(closest("zzz", known), None);
        assert_eq!(closest("mni", ["min", "max"]), Some("min"));
    }

    #[test]
    fn by_closeness_puts_the_nearest_first() {
        let known = ["alpha", "beta", "betta"];
        assert_eq!(by_closeness("bet", known), vec!["beta", "betta", "alpha"]);
    }
}
