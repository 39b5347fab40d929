//! No input makes `check` panic or hang: each of these files gets diagnostics (or is
//! accepted) and the run exits 0 or 1.

use crate::harness::{check, copy_fixture};

const NASTY: &[(&str, &[u8])] = &[
    ("content/empty.md", b""),
    ("content/only-fence.md", b"---\n"),
    ("content/initiatives/empty-front-matter.md", b"---\n---\n"),
    ("content/initiatives/null-front-matter.md", b"---\n~\n---\n"),
    ("content/initiatives/scalar-front-matter.md", b"---\njust text\n---\n"),
    ("content/initiatives/numeric-keys.md", b"---\n1: x\ntitle: 12\n---\n"),
    ("content/initiatives/complex-key.md", b"---\n? [a, b]\n: c\ntitle: x\n---\n"),
    ("content/initiatives/aliases.md", b"---\ntitle: &t Aliased\nsummary: *t\npillars: &p [reliability]\n---\n"),
    ("content/initiatives/tabs.md", b"---\ntitle:\tTabbed\n\tpillars: [a]\n---\n"),
    ("content/initiatives/binary.md", b"\x00\x01\x02---\xff\xfe\n\x00"),
    ("content/initiatives/bad-utf8-in-yaml.md", b"---\ntitle: caf\xe9\n---\n"),
    ("content/initiatives/huge-numbers.md", b"---\ntitle: x\nweight: 1e400\npillars: [reliability]\nowner: a\nstatus: done\nsuccess_criteria: [a]\n---\n"),
    ("content/okrs/weird-krs.md", b"---\ntitle: x\nquarter: 2026-Q4\nkey_results: [1, [2], {title: t, target: .nan}, {title: u, target: 1, confidence: -1}]\n---\n"),
    ("content/pages/escape.md", b"[out](../../../../etc/passwd.md) [[../x]] [[#only-heading]] [[|]] [[]]\n"),
    ("content/pages/unicode-headings.md", b"# \xc3\x9cber \xf0\x9f\x9a\x80\n\n[[unicode-headings#\xc3\xbcber-]]\n"),
    ("content/metrics/odd-history.md", b"---\ntitle: m\ndefinition: d\ntype: kpi\nhistory: [{at: 2026-Q9, value: x}, {}, 3]\n---\n"),
    ("content/decisions/self-superseding.md", b"---\ntitle: d\nstatus: accepted\ndate: 2026-01-01\nsupersedes: [self-superseding]\n---\n"),
];

#[test]
fn nasty_inputs_give_diagnostics_not_panics() {
    let site = copy_fixture("minimal", "nasty_inputs");
    for (path, bytes) in NASTY {
        let target = site.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
    let deep =
        format!("---\ntitle: deep\nextra: {}{}\n---\n", "[".repeat(10_000), "]".repeat(10_000));
    std::fs::write(site.join("content/deep.md"), deep).unwrap();
    let huge = format!(
        "---\ntitle: huge\n---\n{}",
        "word [[reliability]] *emph* `code`\n".repeat(200_000)
    );
    std::fs::write(site.join("content/huge.md"), huge).unwrap();
    let deep_list = format!("{}x\n", "> - ".repeat(5_000));
    std::fs::write(site.join("content/deep-markdown.md"), deep_list).unwrap();

    for format in ["human", "json", "github"] {
        let run = check(&site, &["--format", format]);
        assert_eq!(run.code, 1, "{format}:\n{}\n{}", run.stdout, run.stderr);
    }
    let run = check(&site, &["--format", "json"]);
    for line in run.stdout.lines() {
        let d: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(d["line"].as_u64().unwrap() >= 1 && d["column"].as_u64().unwrap() >= 1, "{line}");
    }
    assert!(run.stdout.contains("\"code\":\"broken-link\""), "{}", run.stdout);
    assert!(run.stdout.contains("\"code\":\"supersedes-cycle\""), "{}", run.stdout);
    assert!(
        !run.stdout.contains("unknown id ``"),
        "[[#heading]] links within the document:\n{}",
        run.stdout
    );
}
