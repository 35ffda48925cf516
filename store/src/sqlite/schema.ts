/**
 * Schema of the embedded store. `user_version` numbers the migrations; each runs once, in order.
 */
export const migrations: readonly string[] = [
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
]
