//! The library database's schema, as an ordered list of migrations.
//!
//! `PRAGMA user_version` holds how many migrations have been applied. Each
//! migration runs in its own transaction together with the version bump, so
//! a library is never half-migrated. Never edit a released migration: add one.

use rusqlite::Connection;

use crate::{Error, Result};

/// The migrations, in order. Migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: articles, their original pages, images.
    r#"
    CREATE TABLE articles (
        id            TEXT PRIMARY KEY,
        canonical_url TEXT NOT NULL UNIQUE,
        url           TEXT NOT NULL,
        site          TEXT NOT NULL,
        edition       TEXT,
        title         TEXT NOT NULL,
        published     INTEGER,          -- Unix seconds, for sorting and ranges
        published_at  TEXT,             -- RFC 3339 with the page's offset
        updated       INTEGER,
        section       TEXT NOT NULL,    -- 'Home / World / Asia-Pacific'
        languages     TEXT NOT NULL,    -- 'en zh'
        content_hash  TEXT NOT NULL,
        extractor     INTEGER NOT NULL, -- extraction rules version
        data          TEXT NOT NULL,    -- the whole Article, JSON
        added_at      INTEGER NOT NULL,
        changed_at    INTEGER NOT NULL
    );
    CREATE INDEX articles_published ON articles(published DESC);
    CREATE INDEX articles_edition_published ON articles(edition, published DESC);

    -- The original pages, compressed, so that better extraction can run again.
    CREATE TABLE pages (
        article_id   TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        page         INTEGER NOT NULL,
        url          TEXT,
        content_type TEXT,
        encoding     TEXT NOT NULL,
        html_zstd    BLOB NOT NULL,
        PRIMARY KEY (article_id, page)
    );

    -- Image files live under images/, named by the SHA-256 of their bytes.
    CREATE TABLE images (
        hash  TEXT PRIMARY KEY,
        mime  TEXT NOT NULL,
        size  INTEGER NOT NULL
    );
    CREATE TABLE article_images (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        hash       TEXT NOT NULL REFERENCES images(hash),
        PRIMARY KEY (article_id, hash)
    );

    -- Links to the same story in other editions, by URL.
    CREATE TABLE edition_links (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        edition    TEXT NOT NULL,
        url        TEXT NOT NULL,
        PRIMARY KEY (article_id, url)
    );
    CREATE INDEX edition_links_url ON edition_links(url);
    "#,
    // 2: the search index's outbox. Every change to an article queues its id
    // in the same transaction; the index takes ids from here and deletes
    // them once its own commit is done, so it can always catch up.
    r#"
    CREATE TABLE index_queue (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id TEXT NOT NULL
    );
    CREATE TRIGGER articles_queue_insert AFTER INSERT ON articles
        BEGIN INSERT INTO index_queue (article_id) VALUES (new.id); END;
    CREATE TRIGGER articles_queue_update AFTER UPDATE ON articles
        BEGIN INSERT INTO index_queue (article_id) VALUES (new.id); END;
    CREATE TRIGGER articles_queue_delete AFTER DELETE ON articles
        BEGIN INSERT INTO index_queue (article_id) VALUES (old.id); END;
    INSERT INTO index_queue (article_id) SELECT id FROM articles;
    "#,
    // 3: downloading. HTTP validators per URL, so that unchanged pages cost
    // a 304; and the sections and feeds the user follows.
    r#"
    CREATE TABLE fetch_state (
        url           TEXT PRIMARY KEY,
        etag          TEXT,
        last_modified TEXT,
        fetched_at    INTEGER NOT NULL
    );
    CREATE TABLE subscriptions (
        url        TEXT PRIMARY KEY,
        kind       TEXT NOT NULL,  -- 'section' or 'feed'
        added_at   INTEGER NOT NULL,
        checked_at INTEGER
    );
    "#,
    // 4: looking articles up by the URL they were read from (downloads ask,
    // for every listed article, whether it is saved).
    r#"
    CREATE INDEX articles_url ON articles(url);
    "#,
    // 5: the reader's state of each article. Changes queue the article for
    // the index, which can filter on it.
    r#"
    CREATE TABLE article_state (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        read_at    INTEGER,          -- Unix seconds, NULL when unread
        favourite  INTEGER NOT NULL DEFAULT 0,
        position   REAL,             -- reading position, 0.0 to 1.0
        changed_at INTEGER NOT NULL
    );
    CREATE TRIGGER article_state_queue_insert AFTER INSERT ON article_state
        BEGIN INSERT INTO index_queue (article_id) VALUES (new.article_id); END;
    CREATE TRIGGER article_state_queue_update AFTER UPDATE ON article_state
        BEGIN INSERT INTO index_queue (article_id) VALUES (new.article_id); END;
    "#,
    // 6: an edition's section list from the index alone, without reading
    // the articles' rows (the reader asks for it on every library screen).
    r#"
    CREATE INDEX articles_edition_section ON articles(edition, section);
    "#,
    // 7: the versions a newer copy of an article replaced, kept whole: the
    // extraction as it was, and its original pages.
    r#"
    CREATE TABLE article_versions (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id   TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        replaced_at  INTEGER NOT NULL,
        url          TEXT NOT NULL,
        title        TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        data         TEXT NOT NULL
    );
    CREATE INDEX article_versions_article ON article_versions(article_id, seq);
    CREATE TABLE version_pages (
        version      INTEGER NOT NULL REFERENCES article_versions(seq) ON DELETE CASCADE,
        page         INTEGER NOT NULL,
        url          TEXT,
        content_type TEXT,
        encoding     TEXT NOT NULL,
        html_zstd    BLOB NOT NULL,
        PRIMARY KEY (version, page)
    );
    "#,
    // 8: the profile each site's articles were last read with (a digest of
    // its text), so that a changed profile can suggest reading them again.
    r#"
    CREATE TABLE site_profiles (
        site   TEXT PRIMARY KEY,
        digest TEXT NOT NULL
    );
    "#,
];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database to [`VERSION`], refusing one newer than this build.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > VERSION {
        return Err(Error::SchemaTooNew {
            found,
            known: VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_refuses_newer() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, VERSION);
        conn.pragma_update(None, "user_version", VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(matches!(err, Error::SchemaTooNew { .. }), "{err}");
    }
}
