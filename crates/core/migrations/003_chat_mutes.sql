-- Парта cache, schema 3: per-chat mute as the platform keeps it (MAX `dontDisturbUntil`:
-- -1 forever, a time in ms until then). A chat that is not muted has no row.
CREATE TABLE chat_mutes (
    chat_id            INTEGER PRIMARY KEY,
    dont_disturb_until INTEGER NOT NULL
);
