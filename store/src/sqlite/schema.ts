import type Database from 'better-sqlite3'
import { fillTermPosts } from './term-index.ts'

/** SQL, or a step that needs code (filling a new table from what is stored). */
export type Migration = string | ((db: Database.Database) => void)

/**
 * Schema of the embedded store. `user_version` numbers the migrations; each runs once, in order.
 */
export const migrations: readonly Migration[] = [
  `
  CREATE TABLE posts (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    url TEXT,
    title TEXT,
    text TEXT NOT NULL,
    author TEXT,
    published_at TEXT,
    fetched_at TEXT NOT NULL,
    day TEXT NOT NULL,
    hour TEXT NOT NULL,
    sentiment_score REAL NOT NULL,
    sentiment_label TEXT NOT NULL,
    keywords TEXT NOT NULL,
    simhash TEXT NOT NULL,
    -- The earlier post this one nearly repeats (a repost, a copy); NULL for an original.
    duplicate_of TEXT,
    -- How many later posts were folded into this one: the size of its repost wave.
    reposts INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX posts_by_day ON posts (day, hour);


  -- Segmented text, words separated by spaces; rowid = posts.rowid. Queries are single words
  -- (ANDed), so positions are not kept (detail = none): a smaller index and faster writes.
  CREATE VIRTUAL TABLE posts_fts USING fts5 (words, content = '', contentless_delete = 1, tokenize = 'unicode61', detail = none);

  -- Posts mentioning a term per local hour. Keyed by hour first: a day's board is a range scan.
  CREATE TABLE term_buckets (
    hour TEXT NOT NULL,
    term TEXT NOT NULL,
    count INTEGER NOT NULL,
    negative_count INTEGER NOT NULL,
    -- Near-duplicates mentioning the term: folded out of count, kept as a signal of repost waves.
    folded INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (hour, term)
  ) WITHOUT ROWID;
  -- One term's series (trend baselines) without touching the table: a covering index.
  CREATE INDEX term_buckets_by_term ON term_buckets (term, hour, count, negative_count);
  `,  `
  -- Which rules matched which stored post (the ingest path writes them with the post). Window
  -- rules count them per hour; evidence is read back with its spans.
  CREATE TABLE rule_hits (
    rule_id TEXT NOT NULL,
    post_id TEXT NOT NULL,
    hour TEXT NOT NULL,
    source TEXT NOT NULL,
    negative INTEGER NOT NULL,
    -- 1 when the post is a near-duplicate (folded into an earlier one).
    folded INTEGER NOT NULL,
    spans TEXT NOT NULL,
    terms TEXT NOT NULL,
    PRIMARY KEY (rule_id, post_id)
  ) WITHOUT ROWID;
  CREATE INDEX rule_hits_by_hour ON rule_hits (rule_id, hour, folded, source, negative);

  -- Where each rule (and group) stands in the alert lifecycle (core AlertRecord, as JSON).
  CREATE TABLE alert_state (
    rule_id TEXT NOT NULL,
    grp TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (rule_id, grp)
  ) WITHOUT ROWID;

  -- One row per firing episode, for lists and acknowledgement.
  CREATE TABLE alerts (
    alert_id TEXT PRIMARY KEY,
    rule_id TEXT NOT NULL,
    grp TEXT NOT NULL,
    state TEXT NOT NULL,
    severity TEXT NOT NULL,
    summary TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX alerts_by_time ON alerts (updated_at);

  -- Every message of every episode; suppressed = 1 when a silence held it back.
  CREATE TABLE alert_messages (
    alert_id TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    message TEXT NOT NULL,
    suppressed INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (alert_id, sequence)
  ) WITHOUT ROWID;

  -- The outbox: one row per message and channel, written with the message, marked when delivered.
  CREATE TABLE alert_deliveries (
    key TEXT PRIMARY KEY,
    alert_id TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    channel TEXT NOT NULL,
    created_at TEXT NOT NULL,
    delivered_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    -- 1 when the channel refused for good (bad secret, bad request): kept for the API, not retried.
    given_up INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX alert_deliveries_pending ON alert_deliveries (delivered_at, given_up, created_at);

  CREATE TABLE silences (
    id TEXT PRIMARY KEY,
    rule_id TEXT,
    grp TEXT,
    ends_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    comment TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  `,
  `
  -- Accounts. Passwords are scrypt hashes; sessions are kept by the SHA-256 of their cookie token.
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );

  -- Handling tasks (汇研交办督结评); version guards against concurrent edits.
  CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    state TEXT NOT NULL,
    origin_kind TEXT NOT NULL,
    origin_id TEXT NOT NULL,
    evidence TEXT NOT NULL,
    department TEXT,
    assignee TEXT,
    due_at TEXT,
    resolution TEXT,
    public_reply TEXT,
    rating INTEGER,
    remark TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL
  );
  CREATE INDEX tasks_by_time ON tasks (created_at);
  CREATE INDEX tasks_open_by_due ON tasks (state, due_at);
  CREATE TABLE task_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id TEXT NOT NULL REFERENCES tasks (id),
    at TEXT NOT NULL,
    by TEXT NOT NULL,
    kind TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    changes TEXT NOT NULL,
    comment TEXT
  );
  CREATE INDEX task_events_by_task ON task_events (task_id, seq);

  -- Who did what, when, from where. Append-only: the triggers refuse any change or removal.
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    address TEXT NOT NULL,
    status INTEGER NOT NULL,
    details TEXT
  );
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  `,
  (db) => {
    db.exec(`
    -- term_buckets summed per local day: a day's board reads one row a term, not twenty-four.
    CREATE TABLE term_days (
      day TEXT NOT NULL,
      term TEXT NOT NULL,
      count INTEGER NOT NULL,
      negative_count INTEGER NOT NULL,
      PRIMARY KEY (day, term)
    ) WITHOUT ROWID;
    -- Trend baselines and sparklines of given terms. Without the count, an upsert leaves it alone.
    CREATE INDEX term_days_by_term ON term_days (term, day);
    INSERT INTO term_days (day, term, count, negative_count)
      SELECT substr(hour, 1, 10), term, SUM(count), SUM(negative_count) FROM term_buckets
      GROUP BY substr(hour, 1, 10), term HAVING SUM(count) > 0;

    -- Posts (near-duplicates included) and originals per local hour: volumes without counting posts.
    CREATE TABLE post_buckets (
      day TEXT NOT NULL,
      hour TEXT NOT NULL,
      posts INTEGER NOT NULL,
      originals INTEGER NOT NULL,
      PRIMARY KEY (day, hour)
    ) WITHOUT ROWID;
    INSERT INTO post_buckets (day, hour, posts, originals)
      SELECT day, hour, COUNT(*), SUM(duplicate_of IS NULL) FROM posts GROUP BY day, hour;

    -- The originals mentioning a term per local hour: their posts.rowid, space-separated. A
    -- frequent term has a hundred thousand posts a month; a day's newest few are read from here.
    CREATE TABLE term_posts (
      term TEXT NOT NULL,
      hour TEXT NOT NULL,
      posts TEXT NOT NULL,
      PRIMARY KEY (term, hour)
    ) WITHOUT ROWID;
    `)
    fillTermPosts(db)
  },
  `
  -- A repost wave (the near-duplicates folded into one original), listed from the original's page.
  CREATE INDEX IF NOT EXISTS posts_by_original ON posts (duplicate_of) WHERE duplicate_of IS NOT NULL;
  `,
  `
  -- Posts stored with hits of "match" rules whose alert is not known to be raised yet: written in
  -- the batch's transaction, deleted once the alert is stored. A crash in between leaves the row for
  -- the alert engine's sweep. Posts stored before this migration are not marked: their alerts ran.
  CREATE TABLE IF NOT EXISTS pending_matches (
    post_id TEXT PRIMARY KEY,
    marked_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS pending_matches_by_time ON pending_matches (marked_at);
  `,
  `
  -- term_posts keyed by hour first, in chunks. Term first, every batch rewrote a page for each
  -- of its thousands of terms, spread over the whole table, and a frequent term's growing list of
  -- the hour (overflow pages) with it. Hour first, a batch of the current hour writes where the
  -- hour's rows are, and adds a row per term rather than copying the list. Readers seek each hour.
  CREATE TABLE term_posts_chunked (
    hour TEXT NOT NULL,
    term TEXT NOT NULL,
    -- posts.rowid of the chunk's first post.
    first INTEGER NOT NULL,
    posts TEXT NOT NULL,
    PRIMARY KEY (hour, term, first)
  ) WITHOUT ROWID;
  INSERT INTO term_posts_chunked (hour, term, first, posts) SELECT hour, term, CAST(posts AS INTEGER), posts FROM term_posts;
  DROP TABLE term_posts;
  ALTER TABLE term_posts_chunked RENAME TO term_posts;

  -- Kept up on every batch for reads of a few days, which seek the primary key per day instead.
  DROP INDEX IF EXISTS term_days_by_term;
  `,
  (db) => {
    // The alert's summary in English, for the dashboard's English view (NULL: raised before it had
    // one). Added once: a database put back to an older version number keeps its column.
    const columns = db.prepare("SELECT name FROM pragma_table_info('alerts')").pluck().all()
    if (!columns.includes('summary_en')) db.exec('ALTER TABLE alerts ADD COLUMN summary_en TEXT')
  },
  (db) => {
    // Negative originals per hour, beside posts and originals: the days' negative share (the home
    // page's 30 days) without counting posts. Counted once from the posts stored before (1.1 s for
    // a million posts on the development machine); added once, as summary_en above.
    const columns = db.prepare("SELECT name FROM pragma_table_info('post_buckets')").pluck().all()
    if (columns.includes('negatives')) return
    db.exec(`
      ALTER TABLE post_buckets ADD COLUMN negatives INTEGER NOT NULL DEFAULT 0;
      UPDATE post_buckets SET negatives = c.n FROM (
        SELECT day, hour, COUNT(*) AS n FROM posts WHERE duplicate_of IS NULL AND sentiment_label = 'negative' GROUP BY day, hour
      ) AS c WHERE c.day = post_buckets.day AND c.hour = post_buckets.hour;
    `)
  },
  `
  -- Each source's latest crawl (the store's CrawlRun, as JSON) and how long it has gone wrong (SourceHealth).
  CREATE TABLE IF NOT EXISTS source_health (
    source TEXT PRIMARY KEY,
    last TEXT NOT NULL,
    last_good_at TEXT,
    bad_runs INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  `
  -- The rules that hit one post (its page says why it was flagged).
  CREATE INDEX IF NOT EXISTS rule_hits_by_post ON rule_hits (post_id);
  `,
  (db) => {
    // A person's correction of a post's sentiment (the store's SentimentCorrection, as JSON), NULL
    // while the analyzer's label stands. Added once, as summary_en above.
    const columns = db.prepare("SELECT name FROM pragma_table_info('posts')").pluck().all()
    if (!columns.includes('sentiment_corrected')) db.exec('ALTER TABLE posts ADD COLUMN sentiment_corrected TEXT')
  },
  `
  -- The posts a person relabelled (a few among millions; not the copies that followed their
  -- original), newest first as the post search lists them.
  CREATE INDEX IF NOT EXISTS posts_corrected ON posts (hour DESC, published_at DESC, id)
    WHERE sentiment_corrected IS NOT NULL AND json_extract(sentiment_corrected, '$.of') IS NULL;
  `,
  (db) => {
    // 1 for a post from a source of official notices or news (StoredPost.official). Added once, as summary_en above.
    const columns = db.prepare("SELECT name FROM pragma_table_info('posts')").pluck().all()
    if (!columns.includes('official')) db.exec('ALTER TABLE posts ADD COLUMN official INTEGER NOT NULL DEFAULT 0')
  },
]
