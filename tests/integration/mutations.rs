//! A deterministic fuzz pass: hundreds of mutated copies of the documents of a valid
//! site, each checked and rendered in memory. Whatever the bytes, the pipeline returns
//! diagnostics or pages — it never panics — and every diagnostic points inside its
//! file.

use northstar::pipeline::{self, Options};

use crate::harness::{Lcg, copy_fixture};
use crate::xss::assert_no_script;

/// Fragments that mean something to YAML, Markdown or the link syntax.
const TOKENS: &[&[u8]] = &[
    b"[",
    b"]",
    b"{",
    b"}",
    b":",
    b": ",
    b"- ",
    b"---\n",
    b"...\n",
    b"#",
    b"[[",
    b"]]",
    b"|",
    b"\n",
    b"\r\n",
    b"\t",
    b"\"",
    b"'",
    b"&a ",
    b"*a",
    b"!!str ",
    b"? ",
    b"`",
    b"```\n",
    b"<script>",
    b"\xff",
    b"\xc3",
    b"\0",
    "🚀".as_bytes(),
    b"2026-Q9",
    b"2026-02-30",
    b"../../",
    b".md",
    b"[x](../a.md#b)",
    b"[[reliability#nope]]",
    b"null",
    b"~",
    b"1e999",
    b"-0",
    b"key_results: []\n",
    b"pillars: [",
    b"id: Bad Id\n",
    b"kind: roadmap\n",
    // Issue 7: what tries to run a script through a body with raw HTML off.
    b"\n## Welcome {tabindex=0 autofocus onfocus=alert(1)}\n",
    b"{#x .a\"b onclick=alert(1)}",
    b"[[reliability|<img src=x onerror=alert(1)>]]",
    b"[<img src=x onerror=alert(1)>](../pillars/reliability.md)",
    b"[x](javascript:alert(1))",
    b"[x](JaVaScRiPt:alert(1))",
    b"[x](jav&#x61;script&colon;alert(1))",
    b"[x](<java\tscript:alert(1)>)",
    b"[x](&#1; java&#10;script:alert(1))",
    b"<javascript:alert(1)>",
    b"[x][r]\n\n[r]: vbscript:msgbox(1)\n",
    b"![x](data:text/html,<script>alert(1)</script>)",
    b"![x](data:image/svg+xml;base64,PHN2Zz4=)",
    b"![x](data:image/png;base64,iVBORw0KGgo=)",
    // Issue 7: non-ASCII names and percent-encoded links.
    b"[x](caf%C3%A9.md)",
    b"[x](%FF%2F..%2F.md)",
    "Café Ünïcode ".as_bytes(),
];

fn mutate(bytes: &[u8], rng: &mut Lcg) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(5) {
            0 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, token.iter().copied());
            }
            1 if !out.is_empty() => {
                let end = (at + rng.below(40)).min(out.len());
                out.drain(at.min(out.len())..end);
            }
            2 if at < out.len() => out[at] = (rng.next() & 0xff) as u8,
            3 => out.truncate(at),
            _ => {
                let start = rng.below(out.len() + 1);
                let end = (start + rng.below(80)).min(out.len());
                let copy = out[start..end].to_vec();
                let at = at.min(out.len());
                out.splice(at..at, copy);
            }
        }
    }
    out
}

#[test]
fn mutated_documents_never_panic_the_pipeline() {
    let site = copy_fixture("every-kind", "mutations");
    let mut documents: Vec<std::path::PathBuf> = walkdir::WalkDir::new(site.join("content"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    documents.push(site.join("site.toml"));
    let originals: Vec<Vec<u8>> = documents.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let mut rng = Lcg(0x6e6f_7274_6873_7461);
    let mut with_errors = 0;
    for round in 0..300 {
        let victim = rng.below(documents.len());
        let mutated = mutate(&originals[victim], &mut rng);
        std::fs::write(&documents[victim], &mutated).unwrap();
        let built = pipeline::build(&site, &Options::default())
            .unwrap_or_else(|e| panic!("round {round}: environment error {e}"));
        for d in &built.checked.diagnostics {
            let file = built.checked.sources.file(d.span.file);
            assert!(
                d.span.start <= d.span.end && d.span.end <= file.text.len(),
                "round {round}: span outside file: {d:?}"
            );
        }
        let rendered = northstar::diagnostics::render(
            &built.checked.diagnostics,
            &built.checked.sources,
            northstar::diagnostics::Format::Human,
        );
        assert!(built.output.is_some() || rendered.contains("error["), "round {round}");
        for (path, bytes) in built.output.iter().flat_map(|o| &o.files) {
            if path.ends_with(".html") {
                assert_no_script(
                    &String::from_utf8_lossy(bytes),
                    &format!("round {round}: {path}"),
                );
            }
        }
        with_errors += usize::from(built.output.is_none());
        std::fs::write(&documents[victim], &originals[victim]).unwrap();
    }
    assert!(with_errors > 50, "mutations too gentle: only {with_errors} rounds found errors");
}
