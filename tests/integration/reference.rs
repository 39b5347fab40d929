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

/// The README's table of kinds and their required fields is the declarations' too.
#[test]
fn issue_11_the_readme_table_of_kinds_is_current() {
    use northstar::scaffold::reference::{KINDS_END, KINDS_START, kinds_table, replace_between};
    let path = repository().join("README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let fresh = replace_between(&text, KINDS_START, KINDS_END, &kinds_table())
        .expect("README.md has <!-- kinds:start --> and <!-- kinds:end -->");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    assert!(
        text == fresh,
        "README.md's table of kinds is out of date: run `UPDATE_DOCS=1 cargo test reference`"
    );
}

/// Every `northstar schema --out` file, compiled, by kind.
fn schemas(test: &str) -> std::collections::BTreeMap<String, jsonschema::Validator> {
    let dir = crate::harness::scratch("reference", test);
    let run = crate::harness::northstar(&["schema", "--out", &dir.to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, format!("wrote 13 schemas to {}\n", dir.display()));
    let mut out = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let validator = jsonschema::draft202012::new(&schema)
            .unwrap_or_else(|e| panic!("{name}.json is not a valid schema: {e}"));
        out.insert(name, validator);
    }
    out
}

/// The front matter of a Markdown file, as the YAML language server sees it: JSON.
fn front_matter(text: &str) -> serde_json::Value {
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("end of front matter");
    serde_saphyr::from_str(rest.get(..end + 1).unwrap()).unwrap()
}

fn errors(validator: &jsonschema::Validator, value: &serde_json::Value) -> Vec<String> {
    validator.iter_errors(value).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn issue_11_every_document_of_the_example_validates_against_its_kinds_schema() {
    let schemas = schemas("example");
    let content = repository().join("content");
    let mut checked = std::collections::BTreeSet::new();
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&content).unwrap().to_string_lossy().replace('\\', "/");
        if !rel.ends_with(".md") {
            continue;
        }
        let kind = northstar::model::Kind::from_path(&rel);
        if kind == northstar::model::Kind::Page {
            continue;
        }
        let value = front_matter(&std::fs::read_to_string(entry.path()).unwrap());
        let errors = errors(&schemas[kind.as_str()], &value);
        assert!(errors.is_empty(), "content/{rel}: {errors:#?}");
        assert!(schemas["northstar"].is_valid(&value), "content/{rel} against northstar.json");
        checked.insert(kind);
    }
    assert_eq!(checked.len(), 12, "every kind has a document in the example: {checked:?}");
}

#[test]
fn issue_11_a_wrong_front_matter_does_not_validate() {
    let schemas = schemas("wrong");
    let initiative = front_matter(
        &std::fs::read_to_string(repository().join("content/initiatives/load-board.md")).unwrap(),
    );
    let schema = &schemas["initiative"];
    assert!(schema.is_valid(&initiative), "{:#?}", errors(schema, &initiative));
    let with = |edit: &dyn Fn(&mut serde_json::Map<String, serde_json::Value>)| {
        let mut value = initiative.clone();
        edit(value.as_object_mut().unwrap());
        value
    };
    let wrong = [
        ("no status", with(&|m| drop(m.remove("status")))),
        ("an unknown status", with(&|m| drop(m.insert("status".into(), "doing".into())))),
        (
            "a quarter that does not exist",
            with(&|m| drop(m.insert("quarter".into(), "2026-Q9".into()))),
        ),
        ("no pillar", with(&|m| drop(m.insert("pillars".into(), serde_json::json!([]))))),
        ("a misspelt field", with(&|m| drop(m.insert("sucess_criteria".into(), "x".into())))),
        (
            "deprioritized without a reason",
            with(&|m| {
                m.insert("status".into(), "deprioritized".into());
                m.remove("reason");
            }),
        ),
        (
            "planned without success criteria",
            with(&|m| {
                m.insert("status".into(), "planned".into());
                m.remove("success_criteria");
            }),
        ),
        (
            "a mapping among the pillars",
            with(&|m| drop(m.insert("pillars".into(), serde_json::json!([{}])))),
        ),
    ];
    for (what, value) in &wrong {
        assert!(!schema.is_valid(value), "{what} validates: {value:#}");
    }
    let exploratory = with(&|m| {
        m.insert("status".into(), "exploratory".into());
        m.remove("success_criteria");
    });
    assert!(schema.is_valid(&exploratory), "{:#?}", errors(schema, &exploratory));

    let objective = serde_json::json!({
        "title": "Too many",
        "quarter": "2026-Q4",
        "key_results": (0..6).map(|i| serde_json::json!({"title": format!("KR {i}"), "target": 1})).collect::<Vec<_>>(),
    });
    assert!(!schemas["objective"].is_valid(&objective), "six key results validate");
    let any = serde_json::json!({"kind": "initiative", "title": "No status", "owner": "A", "pillars": ["x"]});
    assert!(!schemas["northstar"].is_valid(&any), "`kind: initiative` without a status validates");
}
