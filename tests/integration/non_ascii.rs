//! Issue 7: non-ASCII file names, ids and links — `café.md` linked as
//! `caf%C3%A9.md`, and titles that differ only in their non-ASCII letters.

use std::path::Path;

use crate::harness::{check, fixture, northstar};

#[test]
fn issue_7_percent_encoded_links_and_non_ascii_ids_pass_check() {
    let run = check(&fixture("non-ascii"), &["--deny-warnings"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stdout, "ok: 8 documents, no problems\n");
}

#[test]
fn issue_7_non_ascii_pages_are_published_and_linked() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("non-ascii").join("public");
    let _ = std::fs::remove_dir_all(&out);
    let root = fixture("non-ascii");
    let run = northstar(&[
        "build",
        "--root",
        &root.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
        "--base-url",
        "https://example.com/s/",
    ]);
    run.assert_no_panic();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // Two titles whose slugs were both `gr-e` get a page each.
    for page in ["initiatives/café/index.html", "notes/größe/index.html", "notes/grüße/index.html"]
    {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    let size = std::fs::read_to_string(out.join("notes/größe/index.html")).unwrap();
    let prose = size.split("<div class=\"prose\">\n").nth(1).unwrap().split("\n</div>").next();
    // The heading the page takes its title from is the page's `<h1>`, not repeated.
    assert_eq!(
        prose.unwrap(),
        "<p>How big the plan is. Written with its id <a href=\"/s/initiatives/caf%C3%A9/\">Café</a>, as a relative link
<a href=\"/s/initiatives/caf%C3%A9/\">the café</a>, to a heading
<a href=\"/s/initiatives/caf%C3%A9/#men%C3%BA\">the menu</a>, and unencoded
<a href=\"/s/initiatives/caf%C3%A9/#men%C3%BA\">again</a>. See also <a href=\"/s/notes/gr%C3%BC%C3%9Fe/\">greetings</a>.</p>
"
    );
    let cafe = std::fs::read_to_string(out.join("initiatives/café/index.html")).unwrap();
    assert!(cafe.contains("<h2 id=\"menú\">Menú</h2>"), "{cafe}");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    for loc in ["initiatives/caf%C3%A9/", "notes/gr%C3%B6%C3%9Fe/", "notes/gr%C3%BC%C3%9Fe/"] {
        assert!(sitemap.contains(&format!("<loc>https://example.com/s/{loc}</loc>")), "{sitemap}");
    }
    assert!(sitemap.is_ascii(), "{sitemap}");
}

#[test]
fn issue_7_a_link_that_is_not_utf8_is_broken_not_a_panic() {
    let site = crate::harness::copy_fixture("non-ascii", "non-ascii-bad-escape");
    let notes = site.join("content/notes/Grüße.md");
    std::fs::write(&notes, "# Grüße\n\n[size](Gr%F6%DFe.md)\n").unwrap();
    let run = check(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "error[broken-link]: broken link: `Gr%F6%DFe.md` points at content/notes/Gr%F6%DFe.md, which does not exist\n --> content/notes/Grüße.md:3:1\n"
        ),
        "{}",
        run.stdout
    );
}
