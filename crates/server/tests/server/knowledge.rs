//! Entities, quotes, events, stories and networks over the fixture articles: each answer is
//! checked against the others and against the articles themselves.

use crate::common::TestServer;

#[tokio::test]
async fn entities_profiles_quotes_and_search_agree() {
    let server = TestServer::fixtures();
    let list = server.get("/api/entities?limit=100").await;
    assert_eq!(list.status, 200, "{}", list.body);
    let list = list.json();
    assert_eq!((list["limit"].as_u64(), list["offset"].as_u64()), (Some(100), Some(0)));
    let items = list["items"].as_array().unwrap();
    // Lisbon is named in two of the three fixtures.
    let lisbon = items.iter().find(|e| e["name"] == "Lisbon").unwrap_or_else(|| panic!("{list}"));
    assert_eq!(lisbon["type"], "LOC");
    assert_eq!(lisbon["articles"], 2);
    let id = lisbon["id"].as_str().unwrap();

    // By id and by name, the same profile.
    let by_id = server.get(&format!("/api/entities/{id}")).await.json();
    let by_name = server.get("/api/entities/Lisbon").await.json();
    assert_eq!(by_id, by_name);
    assert_eq!(by_id["articles"], 2);
    let days: Vec<&str> =
        by_id["mentions_by_day"].as_array().unwrap().iter().map(|d| d["date"].as_str().unwrap()).collect();
    assert_eq!(days, ["2026-02-10", "2026-02-13"]);

    // Searching by the entity finds exactly the articles whose layers name it.
    let hits = server.get(&format!("/api/search?entity={id}")).await.json();
    assert_eq!(hits["total"], 2);
    for hit in hits["hits"].as_array().unwrap() {
        let doc = server.get(&format!("/api/articles/{}", hit["id"].as_str().unwrap())).await.json();
        assert!(doc["entities"].as_array().unwrap().iter().any(|e| e["global"] == id), "{doc}");
    }
    assert_eq!(server.get("/api/search?entity=Lisbon").await.json()["total"], 2);

    // A prefix narrows the list.
    let prefixed = server.get("/api/entities?prefix=Lis").await.json();
    assert!(prefixed["items"].as_array().unwrap().iter().all(|e| e["name"].as_str().unwrap().starts_with("Lis")));

    // Quotes by a speaker are that speaker's.
    let speaker = server.get("/api/entities/Rui%20Fontainhas").await.json();
    let sid = speaker["id"].as_str().unwrap();
    let quotes = server.get(&format!("/api/quotes?by={sid}")).await.json();
    let quotes = quotes["items"].as_array().unwrap();
    assert!(!quotes.is_empty());
    assert!(quotes.iter().all(|q| q["speaker"] == sid), "{quotes:?}");
    assert!(quotes.iter().any(|q| q["content"].as_str().unwrap().contains("slower boat")));
    let about = server.get("/api/quotes?about=boat").await.json();
    assert!(about["items"].as_array().unwrap().iter().all(|q| q["content"].as_str().unwrap().contains("boat")));

    // The network of the operator's chief names the operator.
    let network = server.get("/api/entities/Marta%20Quintela/network").await;
    assert_eq!(network.status, 200, "{}", network.body);
}

#[tokio::test]
async fn stories_and_events_list_and_page() {
    let server = TestServer::fixtures();
    let stories = server.get("/api/stories").await.json();
    let items = stories["items"].as_array().unwrap();
    assert!(!items.is_empty());
    let total: usize = items.iter().map(|s| s["articles"].as_array().unwrap().len()).sum();
    assert_eq!(total, 3, "every article is in one story: {stories}");
    let first = &items[0];
    let one = server.get(&format!("/api/stories/{}", first["id"].as_str().unwrap())).await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json()["articles"], first["articles"]);
    // Story filter in search: the story's articles, no others.
    let hits = server.get(&format!("/api/search?story={}", first["id"].as_str().unwrap())).await.json();
    assert_eq!(hits["total"].as_u64().unwrap() as usize, first["articles"].as_array().unwrap().len());

    let events = server.get("/api/events?limit=100").await.json();
    for e in events["items"].as_array().unwrap() {
        let status = e["status"].as_str().unwrap();
        let filtered = server.get(&format!("/api/events?status={status}&limit=100")).await.json();
        assert!(filtered["items"].as_array().unwrap().iter().all(|f| f["status"] == status));
    }
    // Pages of one row walk the same list.
    let all = server.get("/api/stories?limit=100").await.json()["items"].clone();
    let mut walked = Vec::new();
    for offset in 0..all.as_array().unwrap().len() {
        walked.extend(
            server.get(&format!("/api/stories?limit=1&offset={offset}")).await.json()["items"]
                .as_array()
                .unwrap()
                .clone(),
        );
    }
    assert_eq!(serde_json::Value::from(walked), all);
}

#[tokio::test]
async fn bad_knowledge_requests_are_clear() {
    let server = TestServer::fixtures();
    let cases: &[(&str, u16, &str)] = &[
        ("/api/entities/..%2F..%2Fetc%2Fpasswd", 400, "bad_id"),
        ("/api/entities/..", 400, "bad_id"),
        ("/api/entities/a%5Cb", 400, "bad_id"),
        ("/api/entities/Nobody%20Atall", 404, "not_found"),
        ("/api/entities/Nobody%20Atall/network", 404, "not_found"),
        ("/api/entities?limit=1000", 400, "bad_parameter"),
        ("/api/entities?since=yesterday", 400, "bad_parameter"),
        ("/api/stories/..%2F..", 400, "bad_id"),
        ("/api/stories/S0000000000000000", 404, "not_found"),
        ("/api/stories?from=2026-03-01&to=2026-01-01", 400, "bad_parameter"),
        ("/api/quotes?from=March", 400, "bad_parameter"),
        ("/api/quotes?by=..%2F", 400, "bad_id"),
        ("/api/events?status=rumoured", 400, "bad_parameter"),
        ("/api/events?kind=meet", 400, "bad_parameter"),
        ("/api/search?entity=Nobody%20Atall", 404, "not_found"),
        ("/api/search?story=..%2F", 400, "bad_id"),
    ];
    for &(uri, status, code) in cases {
        let reply = server.get(uri).await;
        assert_eq!(reply.status.as_u16(), status, "{uri}: {}", reply.body);
        assert_eq!(reply.code(), code, "{uri}");
    }
    // Pages answer the same table.
    for (uri, status) in [
        ("/entities/..%2F..%2Fetc", 400),
        ("/entities/Nobody%20Atall", 404),
        ("/stories/S0", 404),
        ("/quotes?from=March", 400),
        ("/search?limit=abc", 400),
    ] {
        let page = server.get(uri).await;
        assert_eq!(page.status.as_u16(), status, "{uri}");
        assert!(page.content_type().starts_with("text/html"), "{uri}");
    }
}

#[tokio::test]
async fn knowledge_pages_render() {
    let server = TestServer::fixtures();
    let entity = server.get("/entities/Lisbon").await;
    assert_eq!(entity.status, 200);
    assert!(entity.body.contains("Mentions by day"));
    let mentions = entity.body.split("Mentions by day").nth(1).and_then(|s| s.split("</section>").next()).unwrap();
    assert_eq!(mentions.matches("<rect").count(), 2, "one bar per day with mentions");
    let story_id = server.get("/api/stories").await.json()["items"][0]["id"].as_str().unwrap().to_string();
    let story = server.get(&format!("/stories/{story_id}")).await;
    assert_eq!(story.status, 200);
    assert!(story.body.contains("Articles over time"));
    let quotes = server.get("/quotes?about=boat").await;
    assert_eq!(quotes.status, 200);
    assert!(quotes.body.contains("slower boat"));
    let home = server.get("/").await.body;
    assert!(home.contains("Recent stories") && home.contains(r#"href="/stories/"#), "{home}");
    assert!(home.contains(r#"href="/entities/"#), "{home}");
}

#[tokio::test]
async fn a_surname_that_fits_several_people_is_ambiguous() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        (
            "a.txt",
            "Mayor Ana Ruiz opened the new Saltmarsh bridge in Port Elwin on Monday. Ruiz said it cost 40 million.",
        ),
        (
            "b.txt",
            "Striker Carlos Ruiz scored twice as Valmora beat Easthaven 3-1 on Saturday. Ruiz was later substituted.",
        ),
    ];
    let paths: Vec<std::path::PathBuf> = texts
        .iter()
        .map(|(name, text)| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect();
    let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
    let server = TestServer::new(&refs, None);
    let ana = server.get("/api/entities/Ana%20Ruiz").await;
    assert_eq!(ana.status, 200, "{}", ana.body);
    let carlos = server.get("/api/entities/Carlos%20Ruiz").await;
    assert_eq!(carlos.status, 200, "{}", carlos.body);
    assert_ne!(ana.json()["id"], carlos.json()["id"]);
    let bare = server.get("/api/entities/Ruiz").await;
    assert_eq!(bare.status, 409, "{}", bare.body);
    assert_eq!(bare.code(), "ambiguous");
    let message = bare.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(message.contains("Ana Ruiz") && message.contains("Carlos Ruiz"), "{message}");
    let page = server.get("/entities/Ruiz").await;
    assert_eq!(page.status, 409);
    assert!(page.body.contains("Carlos Ruiz"), "{}", page.body);
}

#[tokio::test]
async fn threads_list_and_answer_bad_ids() {
    let server = TestServer::fixtures();
    // Three fixture articles over four days: nothing continues an earlier story.
    let threads = server.get("/api/threads").await;
    assert_eq!(threads.status, 200, "{}", threads.body);
    assert_eq!(threads.json()["items"], serde_json::json!([]));
    assert_eq!(server.get("/api/threads?from=2026-03-01&to=2026-02-01").await.status, 400);
    assert_eq!(server.get("/api/threads/T0000000000000000").await.status, 404);
    assert_eq!(server.get("/api/threads/not%20an%20id").await.status, 400);
    // Search by thread: an unknown thread matches nothing, a malformed one is refused.
    assert_eq!(server.get("/api/search?thread=T0000000000000000").await.json()["total"], 0);
    assert_eq!(server.get("/api/search?thread=not%20an%20id").await.status, 400);
    let page = server.get("/threads").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("No story has continued another yet."), "{}", page.body);
    assert_eq!(server.get("/threads/T0000000000000000").await.status, 404);
}
