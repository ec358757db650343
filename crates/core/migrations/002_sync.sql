-- Парта cache, schema 2: where sync stands, and the outbox's step results.

-- Key–value markers (the login marker of the last complete catch-up).
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

-- Per chat, the span of history cached without a gap, and whether nothing older exists.
CREATE TABLE chat_sync (
    chat_id       INTEGER PRIMARY KEY,
    oldest_ms     INTEGER NOT NULL,
    newest_ms     INTEGER NOT NULL,
    complete_back INTEGER NOT NULL DEFAULT 0
);

-- What a completed outbox step produced (an upload's attachment, for the message after it).
ALTER TABLE outbox ADD COLUMN result_json TEXT;
