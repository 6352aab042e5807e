//! `serve --follow`: the follower on a thread of the server, with an engine of its own for
//! reading. Fetching takes no turn; each batch it stores takes the write turn and an engine
//! opened for it (as `POST /api/articles` does), so the index writer's lock is held only while
//! a batch is stored, and a posted article waits for one batch, not for a round of fetching
//! (a slow site can keep a round going for minutes). Between rounds the thread sleeps until a
//! source is due.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use newsgraph_engine::Engine;
use newsgraph_follow::{FollowOptions, Follower};
use newsgraph_store::NewSource;

use crate::App;

/// What to follow while serving.
#[derive(Debug, Clone)]
pub struct Follow {
    /// The sources, from the lists given.
    pub sources: Vec<NewSource>,
    /// How to follow them.
    pub options: FollowOptions,
}

/// Adds the sources, then starts the thread that polls them for as long as the server runs.
pub(crate) fn start(app: Arc<App>, follow: Follow) -> newsgraph_engine::Result<()> {
    let initial = follow.options.schedule.initial.as_secs() as i64;
    app.engines.write_turn(|engine| engine.add_sources(&follow.sources, initial))??;
    let follower = Follower::new(follow.options);
    std::thread::Builder::new()
        .name("newsgraph-follow".to_string())
        .spawn(move || {
            // The server stops with its process; a round cut short loses nothing committed.
            let stop = AtomicBool::new(false);
            let turn = |store: &mut dyn FnMut(&mut Engine)| app.engines.write_turn(|writer| store(writer));
            loop {
                let round = Engine::open_for_queries(app.engines.location()).map(|mut engine| {
                    follower.poll_due_in_turns(&mut engine, &turn, &stop, &mut |r| {
                        if let Some(e) = &r.error {
                            eprintln!("newsgraph serve: follow {}: {e}", r.source);
                        }
                    })?;
                    Follower::next_wait(&engine)
                });
                let wait = match round {
                    Ok(Ok(wait)) => wait,
                    Ok(Err(e)) => {
                        eprintln!("newsgraph serve: following stopped a round: {e}");
                        Duration::from_secs(60)
                    }
                    Err(e) => {
                        eprintln!("newsgraph serve: following could not open the store: {e}");
                        Duration::from_secs(60)
                    }
                };
                std::thread::sleep(wait.max(Duration::from_millis(200)));
            }
        })
        .expect("spawn the follow thread");
    Ok(())
}
