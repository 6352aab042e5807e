//! An article whose every field carries markup renders inert on every page.

use axum::body::Body;
use axum::http::Request;

use crate::common::TestServer;

/// Payloads in the title, body, source, authors and URL of a JSON record.
const HOSTILE: &str = r#"{"title": "<script>alert('title')</script> Harbour \"><img src=x onerror=alert(1)> closure", "text": "The harbour closed <script>alert('body')</script> on Tuesday, said Inês Carvalho-Mendes. \"><img src=x onerror=alert(2)> '><svg onload=alert(3)> More text about the harbour.", "source": "<b onmouseover=alert(4)>Gazette</b>", "authors": ["<iframe src=javascript:alert(5)>"], "url": "javascript:alert(6)", "published": "2026-02-25"}"#;

/// The page holds no element or attribute an input put there.
pub(crate) fn assert_inert(page: &str, what: &str) {
    let lower = page.to_lowercase();
    for tag in
        ["<script", "<img", "<svg", "<iframe", "<b ", "<b>", "javascript:", " onerror=", " onload=", " onmouseover="]
    {
        // Escaped text (`&lt;script`) is fine; a live tag or attribute is not. Inside text the
        // payload's `onerror=` is preceded by `x `, never by a quote-ending attribute.
        if tag.starts_with(' ') {
            assert!(!lower.contains(&format!("\"{tag}")) && !lower.contains(&format!("'{tag}")), "{what}: {tag}");
            continue;
        }
        // The pages draw charts and sparklines of their own, always with a class; the
        // payload's `<svg onload=…>` has none.
        if tag == "<svg" {
            assert!(lower.match_indices("<svg").all(|(i, _)| lower[i..].starts_with("<svg class=\"")), "{what}: {tag}");
            continue;
        }
        if tag == "javascript:" {
            assert!(!lower.contains("href=\"javascript:") && !lower.contains("src=\"javascript:"), "{what}: {tag}");
            continue;
        }
        assert!(!lower.contains(tag), "{what}: live {tag} in\n{page}");
    }
}

#[tokio::test]
async fn hostile_markup_is_escaped_on_every_page() {
    let server = TestServer::new(&[], Some("t"));
    let request = Request::post("/api/articles")
        .header("authorization", "Bearer t")
        .header("content-type", "application/json")
        .body(Body::from(HOSTILE))
        .unwrap();
    let reply = server.send(request).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let id = reply.json()["ids"][0].as_str().unwrap().to_string();

    let pages = [
        "/".to_string(),
        "/search?q=harbour".to_string(),
        "/search?q=%3Cscript%3Ealert(7)%3C%2Fscript%3E".to_string(),
        "/search?q=harbour&source=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(8)%3E".to_string(),
        format!("/articles/{id}"),
        "/articles/%3Cscript%3Ealert(9)%3C%2Fscript%3E".to_string(),
        "/no/such/page/%3Cscript%3Ealert(10)%3C%2Fscript%3E".to_string(),
    ];
    for path in &pages {
        let page = server.get(path).await;
        assert!(page.content_type().starts_with("text/html"), "{path}");
        assert_inert(&page.body, path);
        // Every page forbids scripts outright, should an escape ever slip.
        let csp = page.headers.get("content-security-policy").unwrap().to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && !csp.contains("script-src"), "{csp}");
    }
    // The hostile text is shown, as text.
    let article = server.get(&format!("/articles/{id}")).await.body;
    assert!(article.contains("&lt;script&gt;alert('title')&lt;/script&gt;"), "{article}");
    assert!(article.contains("&lt;script&gt;alert('body')&lt;/script&gt;"), "{article}");
    assert!(article.contains("&gt;&lt;img src=x onerror=alert(2)&gt;"), "{article}");
    assert!(article.contains("javascript:alert(6)"), "the URL is shown as text");
    let home = server.get("/").await.body;
    assert!(home.contains("&lt;script&gt;alert('title')&lt;/script&gt;"), "{home}");
    // The JSON API returns it as JSON data, never as HTML.
    let json = server.get(&format!("/api/articles/{id}")).await;
    assert_eq!(json.content_type(), "application/json");
    assert_eq!(json.headers.get("x-content-type-options").unwrap(), "nosniff");
}
