-- Парта cache, schema 1. One file per account. Secrets never live here.

CREATE TABLE account (
    singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
    person_id    INTEGER NOT NULL,
    platform     TEXT NOT NULL,
    display_name TEXT NOT NULL,
    raw_json     TEXT NOT NULL
);

CREATE TABLE people (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    avatar_url TEXT,
    raw_json   TEXT NOT NULL
);

CREATE TABLE chats (
    id                 INTEGER PRIMARY KEY,
    kind               TEXT NOT NULL,
    status             TEXT NOT NULL,
    title              TEXT NOT NULL,
    icon_url           TEXT,
    owner_id           INTEGER,
    pinned_message_id  INTEGER,
    last_event_ms      INTEGER NOT NULL,
    participants_count INTEGER,
    raw_json           TEXT NOT NULL,
    -- Maintained by the store: the newest cached message, the list's sort key, own read mark.
    last_message_key   INTEGER,
    last_activity_ms   INTEGER NOT NULL DEFAULT 0,
    own_read_mark_ms   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX chats_by_activity ON chats (last_activity_ms DESC);

-- `key` is (time_ms << 20) | tiebreak, so rowid order is time order: a chat's pages walk the
-- (chat_id, key) index, and search results come newest first by walking FTS rowids backwards.
CREATE TABLE messages (
    key              INTEGER PRIMARY KEY,
    chat_id          INTEGER NOT NULL,
    id               INTEGER NOT NULL,
    sender_id        INTEGER,
    time_ms          INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    text             TEXT NOT NULL,
    state            INTEGER NOT NULL,
    client_id        INTEGER,
    is_channel_post  INTEGER NOT NULL DEFAULT 0,
    elements_json    TEXT,
    attachments_json TEXT,
    link_json        TEXT,
    reactions_json   TEXT,
    raw_json         TEXT NOT NULL
);
CREATE UNIQUE INDEX messages_by_chat_and_id ON messages (chat_id, id);
-- Pages walk (chat_id, key); sender and state ride along so unread counts never touch rows.
CREATE INDEX messages_by_chat_and_time ON messages (chat_id, key, sender_id, state);
CREATE INDEX channel_posts_by_time ON messages (key) WHERE is_channel_post = 1;

-- Contentless: holds only the stemmed copy (text, file names), rowid = messages.key.
-- The copy is already lowercased, folded and split into space-separated stems by the Rust
-- stemmer, so the plain `ascii` tokenizer (non-ASCII characters are word characters) suffices
-- and is cheaper than unicode61.
CREATE VIRTUAL TABLE message_search USING fts5 (
    stems,
    content = '',
    contentless_delete = 1,
    detail = none,
    tokenize = 'ascii'
);
-- Merge segments 16 at a time rather than 4: history pages commit often, and each merge
-- rewrites what it merges; a search still walks only a few dozen segments.
INSERT INTO message_search (message_search, rank) VALUES ('automerge', 16);

CREATE TABLE read_marks (
    chat_id   INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    mark_ms   INTEGER NOT NULL,
    PRIMARY KEY (chat_id, person_id)
) WITHOUT ROWID;

CREATE TABLE outbox (
    client_id         INTEGER PRIMARY KEY,
    chat_id           INTEGER NOT NULL,
    action            TEXT NOT NULL,
    payload_json      TEXT NOT NULL,
    depends_on        INTEGER,
    state             INTEGER NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 0,
    last_error        TEXT,
    created_ms        INTEGER NOT NULL,
    server_message_id INTEGER
);
CREATE INDEX outbox_pending ON outbox (created_ms, client_id) WHERE state = 0;

-- Content-addressed blobs in files/ beside this database (sha-256 hex names).
CREATE TABLE file_blobs (
    hash         TEXT PRIMARY KEY,
    size         INTEGER NOT NULL,
    last_used_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX file_blobs_by_use ON file_blobs (last_used_ms);

-- A remote file as a message references it. `display_name` is the server's name: shown, never a path.
CREATE TABLE file_sources (
    remote_key    TEXT PRIMARY KEY,
    chat_id       INTEGER NOT NULL,
    message_id    INTEGER NOT NULL,
    display_name  TEXT NOT NULL,
    expected_size INTEGER,
    blob_hash     TEXT
) WITHOUT ROWID;
CREATE INDEX file_sources_by_blob ON file_sources (blob_hash);
CREATE INDEX file_sources_by_message ON file_sources (chat_id, message_id);
