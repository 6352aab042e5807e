//! The JSON API on the fixture articles, answers pinned by snapshots.

use serde_json::Value;

use crate::common::TestServer;

#[tokio::test]
async fn search_finds_ranks_and_highlights() {
    let server = TestServer::fixtures();
    let reply = server.get("/api/search?q=ferry+fares").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.content_type(), "application/json");
    insta::assert_snapshot!("search_ferry_fares", reply.pretty());
    // Highlights are byte ranges of matched words in the snippet.
    let json = reply.json();
    for hit in json["hits"].as_array().unwrap() {
        let snippet = hit["snippet"].as_str().unwrap();
        for range in hit["highlights"].as_array().unwrap() {
            let (s, e) = (range[0].as_u64().unwrap() as usize, range[1].as_u64().unwrap() as usize);
            let word = snippet[s..e].to_lowercase();
            assert!(word.starts_with("ferr") || word.starts_with("fare"), "{word}");
        }
    }
}

#[tokio::test]
async fn search_filters_and_pages() {
    let server = TestServer::fixtures();
    let all = server.get("/api/search").await.json();
    assert_eq!(all["total"], 3);
    // No words: newest first.
    let days: Vec<&str> = all["hits"].as_array().unwrap().iter().map(|h| h["published"].as_str().unwrap()).collect();
    assert_eq!(days, ["2026-02-13", "2026-02-10", "2026-01-28"]);

    let source = server.get("/api/search?source=tagus+wire").await.json();
    assert_eq!(source["total"], 2);
    assert!(source["hits"].as_array().unwrap().iter().all(|h| h["source"] == "TAGUS WIRE"));

    let dated = server.get("/api/search?from=2026-02-01&to=2026-02-11").await.json();
    assert_eq!(dated["total"], 1);
    assert_eq!(dated["hits"][0]["published"], "2026-02-10");

    // Pages of one hit each walk the same list.
    let mut walked = Vec::new();
    for offset in 0..4 {
        let page = server.get(&format!("/api/search?limit=1&offset={offset}")).await.json();
        assert_eq!(
            (page["total"].as_u64(), page["limit"].as_u64(), page["offset"].as_u64()),
            (Some(3), Some(1), Some(offset))
        );
        walked.extend(page["hits"].as_array().unwrap().iter().map(|h| h["id"].clone()));
    }
    let ids: Vec<Value> = all["hits"].as_array().unwrap().iter().map(|h| h["id"].clone()).collect();
    assert_eq!(walked, ids);
}

#[tokio::test]
async fn article_has_every_layer_in_the_public_json_form() {
    let server = TestServer::fixtures();
    let hits = server.get("/api/search?q=protested").await.json();
    let id = hits["hits"][0]["id"].as_str().unwrap().to_string();
    let reply = server.get(&format!("/api/articles/{id}")).await;
    assert_eq!(reply.status, 200);
    let doc = reply.json();
    assert_eq!(doc["id"], id.as_str());
    // The same object `newsgraph show --json` prints: it parses back into a document.
    let parsed = newsgraph_document::Document::from_json(&reply.body).unwrap();
    assert_eq!(parsed.id, id);
    for layer in ["paragraphs", "sentences", "entities", "quotes", "time_expressions", "events"] {
        assert!(doc[layer].is_array(), "{layer} missing");
    }
    assert!(doc["entities"].as_array().unwrap().iter().any(|e| e["name"] == "Rui Fontainhas"), "{}", reply.body);
    assert!(!doc["quotes"].as_array().unwrap().is_empty());
    assert!(doc["time_expressions"].as_array().unwrap().iter().any(|t| t["value"] == "2026-02-12"), "{}", reply.body);
    // The metadata is stable; pin it (the layers change as the annotators improve).
    let meta: serde_json::Map<String, Value> = doc
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| {
            ["id", "url", "source", "dateline_place", "published", "title", "reader", "language", "text"]
                .contains(&k.as_str())
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    insta::assert_snapshot!("article_protest_metadata", serde_json::to_string_pretty(&meta).unwrap());

    // A unique prefix is enough, in either case.
    let prefix = server.get(&format!("/api/articles/{}", id[..6].to_uppercase())).await;
    assert_eq!(prefix.json()["id"], id.as_str());
}

#[tokio::test]
async fn stats_count_the_store() {
    let server = TestServer::fixtures();
    let reply = server.get("/api/stats").await;
    assert_eq!(reply.status, 200);
    let mut stats = reply.json();
    for layer in ["entities", "quotes", "time_expressions", "events"] {
        assert!(stats[layer].as_u64().unwrap() > 0, "{layer}: {stats}");
        // Counts of layers move with the annotators; the rest is pinned.
        stats[layer] = Value::from("<counted>");
    }
    insta::assert_snapshot!("stats", serde_json::to_string_pretty(&stats).unwrap());
}

#[tokio::test]
async fn openapi_document_lists_every_route() {
    let server = TestServer::fixtures();
    let reply = server.get("/api/openapi.json").await;
    assert_eq!(reply.status, 200);
    let doc = reply.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut routes = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let statuses: Vec<&String> = op["responses"].as_object().unwrap().keys().collect();
            routes.push(format!("{} {path} {statuses:?}", method.to_uppercase()));
        }
    }
    routes.sort();
    insta::assert_snapshot!("openapi_routes", routes.join("\n"));
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    // Every documented GET without path parameters answers.
    for (path, ops) in doc["paths"].as_object().unwrap() {
        if ops.get("get").is_some() && !path.contains('{') {
            assert_eq!(server.get(path).await.status, 200, "{path}");
        }
    }
}

#[tokio::test]
async fn pages_render_from_the_store() {
    let server = TestServer::fixtures();
    let home = server.get("/").await;
    assert_eq!(home.status, 200);
    assert!(home.content_type().starts_with("text/html"));
    assert!(home.body.contains("3 articles from 2 sources"), "{}", home.body);

    let search = server.get("/search?q=ferry").await;
    assert_eq!(search.status, 200);
    assert!(
        search.body.contains("<mark>ferry</mark>") || search.body.contains("<mark>Ferry</mark>"),
        "{}",
        search.body
    );
    assert!(search.body.contains("TAGUS WIRE"));
    // An HTML form sends empty fields: they mean "no filter".
    let form = server.get("/search?q=ferry&from=&to=&source=").await;
    assert_eq!(form.status, 200);

    let id = server.get("/api/search?q=protested").await.json()["hits"][0]["id"].as_str().unwrap().to_string();
    let page = server.get(&format!("/articles/{id}")).await;
    assert_eq!(page.status, 200);
    // Layers are highlighted in the text and listed beside it.
    assert!(page.body.contains(r#"class="ent per""#), "{}", page.body);
    assert!(page.body.contains(r#"class="quote q-direct""#), "{}", page.body);
    assert!(page.body.contains(r#"data-value="2026-02-12""#), "{}", page.body);
    assert!(page.body.contains(r#"id="show-entities""#));

    let missing = server.get("/articles/0000000000000000").await;
    assert_eq!(missing.status, 404);
    assert!(missing.content_type().starts_with("text/html"));
}

#[tokio::test]
async fn timeline_counts_a_search_per_period() {
    let server = TestServer::fixtures();
    let reply = server.get("/api/timeline?q=ferry").await;
    assert_eq!(reply.status, 200);
    let t = reply.json();
    assert_eq!((t["by"].as_str(), t["total"].as_u64(), t["undated"].as_u64()), (Some("day"), Some(2), Some(0)));
    let periods: Vec<(&str, u64, u64, f64)> = t["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let n = |k: &str| p[k].as_u64().unwrap();
            (p["start"].as_str().unwrap(), n("count"), n("all"), p["share"].as_f64().unwrap())
        })
        .collect();
    assert_eq!(
        periods,
        [("2026-02-10", 1, 1, 1.0), ("2026-02-11", 0, 0, 0.0), ("2026-02-12", 0, 0, 0.0), ("2026-02-13", 1, 1, 1.0)]
    );

    // The search's filters: a source, an entity by name, days (which widen the periods listed).
    let tagus = server.get("/api/timeline?source=tagus+wire").await.json();
    assert_eq!((tagus["total"].as_u64(), tagus["periods"].as_array().unwrap().len()), (Some(2), 14));
    let named = server.get("/api/timeline?entity=Lisbon").await.json();
    assert_eq!(named["total"], 2, "{named}");
    let february = server.get("/api/timeline?from=2026-02-01&to=2026-02-28&by=day").await.json();
    assert_eq!((february["total"].as_u64(), february["periods"].as_array().unwrap().len()), (Some(2), 28));

    // The fixtures are dated to the day: by hour they are in no period, and said so.
    let hours = server.get("/api/timeline?by=hour").await.json();
    assert_eq!((hours["total"].as_u64(), hours["day_only"].as_u64()), (Some(3), Some(3)));
    assert!(hours["periods"].as_array().unwrap().is_empty());

    for (uri, status, code) in [
        ("/api/timeline?by=week", 400, "bad_parameter"),
        ("/api/timeline?q=ferry&bogus=1", 400, "bad_parameter"),
        ("/api/timeline?from=2026-03-01&to=2026-02-01", 400, "bad_parameter"),
        ("/api/timeline?by=hour&from=1990-01-01&to=2026-01-01", 400, "bad_parameter"),
        ("/api/timeline?entity=Nobody+Atall", 404, "not_found"),
    ] {
        let reply = server.get(uri).await;
        assert_eq!((reply.status.as_u16(), reply.code().as_str()), (status, code), "{uri}: {}", reply.body);
    }

    // The search page and the entity page draw it.
    let page = server.get("/search?q=ferry").await;
    assert!(page.body.contains("Attention by day") && page.body.contains("1 of 1 articles (100.0%)"), "{}", page.body);
    let entity = server.get("/entities/Lisbon").await;
    assert_eq!(entity.status, 200, "{}", entity.body);
    assert!(entity.body.contains("Attention by day") && entity.body.contains("<polyline"), "{}", entity.body);
}

#[tokio::test]
async fn trends_compare_the_last_hours_with_the_baseline() {
    let server = TestServer::fixtures();
    // The fixtures are dated to the day, so they count at noon; "now" is the end of the
    // newest hour stored: 13 February, 13:00.
    let reply = server.get("/api/trends").await;
    assert_eq!(reply.status, 200);
    let t = reply.json();
    assert_eq!(t["now"], "2026-02-13T13:00:00Z");
    assert_eq!((t["window_hours"].as_i64(), t["baseline_hours"].as_i64()), (Some(6), Some(336)));
    let stories = t["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1, "{t:#}");
    let s = &stories[0];
    // The protest of 13 February, alone in its story or with the fares of 10 February.
    let protest = server.get("/api/search?q=protested").await.json();
    let id = protest["hits"][0]["id"].as_str().unwrap().to_string();
    let article = server.get(&format!("/api/articles/{id}")).await.json();
    assert_eq!(s["id"], article["story"], "{article:#}");
    assert_eq!(
        (s["articles"].as_u64(), s["sources"].as_u64(), s["breaking"].as_bool()),
        (Some(1), Some(1), Some(false))
    );
    // One article is what any story may get: nothing is surprising.
    assert_eq!((s["expected_articles"].as_f64(), s["surprise"].as_f64()), (Some(1.0), Some(0.0)));
    let sparkline: Vec<u64> = s["sparkline"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).collect();
    assert_eq!((sparkline.len(), sparkline.last().copied()), (57, Some(1)));
    assert_eq!(sparkline.iter().sum::<u64>(), 1 + s["baseline_articles"].as_u64().unwrap());
    assert!(t["entities"].as_array().unwrap().is_empty(), "nothing rises on one article: {t:#}");

    // Another "now": the window holds the 10 February article (at noon) and no other.
    let earlier = server.get("/api/trends?now=2026-02-10T15:00:00Z&window_hours=6&baseline_days=7").await.json();
    assert_eq!(
        (earlier["now"].as_str(), earlier["baseline_hours"].as_i64()),
        (Some("2026-02-10T15:00:00Z"), Some(168))
    );
    let titles: Vec<&str> =
        earlier["stories"].as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap_or("")).collect();
    assert_eq!(titles.len(), 1, "{earlier:#}");
    assert_eq!(earlier["stories"][0]["baseline_articles"], 0, "nothing came before it: {earlier:#}");
    let quiet = server.get("/api/trends?now=2025-01-01").await.json();
    assert!(quiet["stories"].as_array().unwrap().is_empty());

    for uri in [
        "/api/trends?window_hours=0",
        "/api/trends?window_hours=24&baseline_days=0",
        "/api/trends?limit=0",
        "/api/trends?now=soon",
        "/api/trends?bogus=1",
    ] {
        let reply = server.get(uri).await;
        assert_eq!((reply.status.as_u16(), reply.code().as_str()), (400, "bad_parameter"), "{uri}: {}", reply.body);
    }

    // The front page shows it, with sparklines drawn on the server.
    let home = server.get("/").await.body;
    assert!(home.contains("Top stories") && home.contains(r#"class="sparkline""#), "{home}");
    assert!(!home.contains("Breaking"), "nothing breaks on three articles");
}

#[tokio::test]
async fn a_story_reads_as_a_briefing() {
    let server = TestServer::fixtures();
    let stories = server.get("/api/stories?limit=100").await.json();
    let story = stories["items"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|s| s["articles"].as_array().unwrap().len())
        .unwrap()
        .clone();
    let id = story["id"].as_str().unwrap();
    let reply = server.get(&format!("/api/stories/{id}/briefing")).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let b = reply.json();
    assert_eq!(b["story"], id);
    assert_eq!(b["articles"].as_u64().unwrap() as usize, story["articles"].as_array().unwrap().len());
    let summary = b["summary"].as_array().unwrap();
    assert!(!summary.is_empty() && summary.len() <= 3, "{b:#}");
    // Every sentence is one of the story's articles' own.
    for s in summary {
        let article = server.get(&format!("/api/articles/{}", s["article"].as_str().unwrap())).await.json();
        assert!(article["text"].as_str().unwrap().contains(s["text"].as_str().unwrap().split(' ').next().unwrap()));
        assert_eq!(article["story"], id);
    }
    let covered: u64 = b["coverage"].as_array().unwrap().iter().map(|c| c["articles"].as_u64().unwrap()).sum();
    assert_eq!(covered, b["articles"].as_u64().unwrap(), "every fixture names its source: {b:#}");
    assert_eq!(server.get("/api/stories/S0000000000000000/briefing").await.status, 404);
    let page = server.get(&format!("/stories/{id}")).await;
    assert!(page.body.contains("In brief") && page.body.contains("Who covered it when"), "{}", page.body);
}
