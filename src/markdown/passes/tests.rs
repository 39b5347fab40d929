//! The safety passes through `render`: what each payload of issue 7 becomes, exactly.

use crate::diagnostics::FileId;
use crate::markdown::{LinkResolver, LinkTarget, RawHtml, Resolved, render, scan};

/// Resolves every cross-link to `/x/<id>/` titled `Title`.
struct Everything;

impl LinkResolver for Everything {
    fn resolve(&self, target: &LinkTarget) -> Option<Resolved> {
        let id = match target {
            LinkTarget::Wiki { id, .. } => id.clone(),
            LinkTarget::Relative { path, .. } => path.trim_end_matches(".md").to_string(),
        };
        Some(Resolved { url: format!("/x/{id}/"), title: "Title".into() })
    }
}

fn html(body: &str, raw: RawHtml) -> String {
    render(body, &scan(body, 0, FileId(0)), &Everything, raw)
}

#[test]
fn issue_7_heading_attributes_keep_only_the_anchor_and_plain_classes() {
    assert_eq!(
        html("## Welcome {tabindex=0 autofocus onfocus=alert(1)}\n", RawHtml::Escape),
        "<h2 id=\"welcome\">Welcome</h2>\n"
    );
    assert_eq!(
        html("## Plan {#mine .wide .x_2 .a\"b onclick=x}\n", RawHtml::Escape),
        "<h2 id=\"mine\" class=\"wide x_2\">Plan</h2>\n"
    );
    // With raw HTML on, the author may write any attribute.
    assert_eq!(
        html("## Welcome {tabindex=0 onfocus=alert(1)}\n", RawHtml::Keep),
        "<h2 id=\"welcome\" tabindex=\"0\" onfocus=\"alert(1)\">Welcome</h2>\n"
    );
}

#[test]
fn issue_7_html_inside_rewritten_links_is_escaped() {
    let escaped = "&lt;img src=x onerror=alert(1)&gt;";
    for body in [
        "[[pillar|<img src=x onerror=alert(1)>]]",
        "[<img src=x onerror=alert(1)>](pillar.md)",
        "[[pillar#goal|<img src=x onerror=alert(1)>]]",
    ] {
        assert_eq!(
            html(body, RawHtml::Escape),
            format!("<p><a href=\"/x/pillar/\">{escaped}</a></p>\n"),
            "{body}"
        );
    }
    assert_eq!(
        html("[*<b>x</b>*](pillar.md)", RawHtml::Escape),
        "<p><a href=\"/x/pillar/\"><em>&lt;b&gt;x&lt;/b&gt;</em></a></p>\n"
    );
    assert_eq!(
        html("[<b>x</b>](pillar.md)", RawHtml::Keep),
        "<p><a href=\"/x/pillar/\"><b>x</b></a></p>\n"
    );
}

#[test]
fn issue_7_script_urls_lose_their_link_in_every_spelling() {
    for body in [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](jav&#x61;script:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](javascript&colon;alert(1))",
        "[click](<java\tscript:alert(1)>)",
        "[click](java&#9;script:alert(1))",
        "[click](java&#10;script:alert(1))",
        "[click](java&#13;script:alert(1))",
        "[click](< javascript:alert(1)>)",
        "[click](&#32;javascript:alert(1))",
        "[click](&#1;javascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html,<script>alert(1)</script>)",
        "[click](DATA:text/html;base64,PHNjcmlwdD4=)",
        "[click][r]\n\n[r]: javascript:alert(1)",
        "[click][r]\n\n[r]: <JAVA\tSCRIPT:alert(1)>",
        "[click]\n\n[click]: vbscript:x",
    ] {
        assert_eq!(html(body, RawHtml::Escape), "<p>click</p>\n", "{body:?}");
    }
    assert_eq!(
        html("<javascript:alert(1)> <VBScript:x>", RawHtml::Escape),
        "<p>javascript:alert(1) VBScript:x</p>\n"
    );
}

#[test]
fn issue_7_script_images_keep_their_alt_text() {
    for body in [
        "![chart](javascript:alert(1))",
        "![chart](jav&#x61;script:alert(1))",
        "![chart](data:text/html,<script>alert(1)</script>)",
        "![chart](data:image/svg+xml;base64,PHN2Zz4=)",
        "![chart](data:image/svg+xml,%3Csvg%20onload=alert(1)%3E)",
        "![chart][r]\n\n[r]: javascript:alert(1)",
    ] {
        assert_eq!(html(body, RawHtml::Escape), "<p>chart</p>\n", "{body:?}");
    }
    assert_eq!(
        html("![chart](data:image/png;base64,iVBORw0KGgo=)", RawHtml::Escape),
        "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"chart\" /></p>\n"
    );
    // A safe link around an unsafe image keeps the link; the reverse keeps the image.
    assert_eq!(
        html("[![chart](javascript:x)](https://a.org/)", RawHtml::Escape),
        "<p><a href=\"https://a.org/\">chart</a></p>\n"
    );
    assert_eq!(
        html("[![chart](c.png)](javascript:x)", RawHtml::Escape),
        "<p><img src=\"c.png\" alt=\"chart\" /></p>\n"
    );
}

#[test]
fn issue_7_safe_urls_render_as_before() {
    assert_eq!(
        html(
            "[a](https://a.org/x?y=1#z) [b](mailto:ana@a.org) [c](tel:+1555) [d](#why) [e](../f/) <https://a.org> <ana@a.org>",
            RawHtml::Escape
        ),
        "<p><a href=\"https://a.org/x?y=1#z\">a</a> <a href=\"mailto:ana@a.org\">b</a> <a href=\"tel:+1555\">c</a> <a href=\"#why\">d</a> <a href=\"../f/\">e</a> <a href=\"https://a.org\">https://a.org</a> <a href=\"mailto:ana@a.org\">ana@a.org</a></p>\n"
    );
}

#[test]
fn issue_7_raw_html_on_keeps_every_url() {
    assert_eq!(
        html("[click](javascript:alert(1))", RawHtml::Keep),
        "<p><a href=\"javascript:alert(1)\">click</a></p>\n"
    );
}

#[test]
fn many_empty_unresolved_links_in_a_row_do_not_recurse() {
    struct Nothing;
    impl LinkResolver for Nothing {
        fn resolve(&self, _: &LinkTarget) -> Option<Resolved> {
            None
        }
    }
    let body = "[](x.md)".repeat(20_000);
    let out = render(&body, &scan(&body, 0, FileId(0)), &Nothing, RawHtml::Escape);
    assert_eq!(out, "<p></p>\n");
}
