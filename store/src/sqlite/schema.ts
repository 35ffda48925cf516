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
    keywords TEXT NOT NULL
  );
  CREATE INDEX posts_by_day ON posts (day, hour);

  -- Segmented text, words separated by spaces; rowid = posts.rowid.
  CREATE VIRTUAL TABLE posts_fts USING fts5 (words, content = '', contentless_delete = 1, tokenize = 'unicode61');

  -- Posts mentioning a term per local hour. Keyed by hour first: a day's board is a range scan.
  CREATE TABLE term_buckets (
    hour TEXT NOT NULL,
    term TEXT NOT NULL,
    count INTEGER NOT NULL,
    negative_count INTEGER NOT NULL,
    PRIMARY KEY (hour, term)
  ) WITHOUT ROWID;
  `,
]
