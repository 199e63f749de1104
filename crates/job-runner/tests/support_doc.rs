//! `docs/xanoscript-support.md` names every filter and statement the runner
//! has, so the table users read cannot fall behind the code.

use job_runner::filters;
use job_runner::program::STATEMENTS;

fn support_doc() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/xanoscript-support.md"
    );
    std::fs::read_to_string(path).expect("docs/xanoscript-support.md is readable")
}

#[test]
fn the_support_table_lists_every_filter_and_statement() {
    let doc = support_doc();
    let missing: Vec<&str> = filters::names()
        .into_iter()
        .chain(STATEMENTS.iter().copied())
        .filter(|name| !doc.contains(&format!("`{name}`")))
        .collect();
    assert_eq!(
        missing,
        Vec::<&str>::new(),
        "add them to docs/xanoscript-support.md"
    );
}

#[test]
fn every_filter_the_table_calls_supported_exists() {
    let doc = support_doc();
    let filters_section = doc.split("\n## Filters").nth(1).unwrap_or_default();
    let claimed: Vec<&str> = filters_section
        .lines()
        .filter(|line| line.starts_with("| `") && line.contains("| yes |"))
        .filter_map(|line| line.split('`').nth(1))
        .filter(|name| !name.contains(['.', ' ', '$', '[']))
        .collect();
    assert!(claimed.len() > 200, "the filter rows were not found");
    let unknown: Vec<&str> = claimed
        .into_iter()
        .filter(|name| filters::lookup(name).is_none())
        .collect();
    assert_eq!(unknown, Vec::<&str>::new());
}
