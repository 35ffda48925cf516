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
  `,
]
