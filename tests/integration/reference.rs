//! Issue 11: one declaration of each kind's fields drives the reader, the reference in
//! docs/front-matter.md, `northstar schema` and `northstar new`.

use crate::harness::repository;

/// The field tables of docs/front-matter.md are the ones the declarations give. With
/// `UPDATE_DOCS=1`, the file is brought up to date instead.
#[test]
fn issue_11_the_front_matter_reference_is_current() {
    let path = repository().join("docs/front-matter.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let fresh = northstar::scaffold::reference::refresh(&text)
        .expect("docs/front-matter.md has <!-- fields:start --> and <!-- fields:end -->");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    assert!(
        text == fresh,
        "docs/front-matter.md is out of date with the field declarations: run `UPDATE_DOCS=1 cargo test reference`"
    );
}
