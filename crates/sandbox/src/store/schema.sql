-- parta-sandbox store. Times are milliseconds since the epoch.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS people (
    id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    role TEXT NOT NULL,
    phone TEXT NOT NULL,
    description TEXT,
    password TEXT,
    password_hint TEXT,
    updated INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL,
    device_id TEXT NOT NULL,
    created INTEGER NOT NULL,
    demo INTEGER NOT NULL DEFAULT 0,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS tokens_person ON tokens (person_id);
CREATE TABLE IF NOT EXISTS chats (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    title TEXT,
    description TEXT,
    owner INTEGER NOT NULL,
    access TEXT NOT NULL,
    created INTEGER NOT NULL,
    modified INTEGER NOT NULL,
    pinned_message INTEGER,
    link TEXT
);
CREATE TABLE IF NOT EXISTS members (
    chat_id INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    join_time INTEGER NOT NULL,
    admin INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (chat_id, person_id)
);
CREATE INDEX IF NOT EXISTS members_person ON members (person_id);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    sender INTEGER NOT NULL,
    cid INTEGER,
    time INTEGER NOT NULL,
    update_time INTEGER,
    text TEXT NOT NULL,
    elements TEXT NOT NULL,
    attaches TEXT NOT NULL,
    link TEXT,
    status TEXT,
    type TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_chat_time ON messages (chat_id, time);
CREATE UNIQUE INDEX IF NOT EXISTS messages_sender_cid ON messages (sender, cid) WHERE cid IS NOT NULL;
CREATE TABLE IF NOT EXISTS read_marks (
    chat_id INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    mark INTEGER NOT NULL,
    PRIMARY KEY (chat_id, person_id)
);
CREATE TABLE IF NOT EXISTS uploads (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    owner INTEGER NOT NULL,
    name TEXT,
    mime TEXT,
    size INTEGER NOT NULL DEFAULT 0,
    ready INTEGER NOT NULL DEFAULT 0,
    width INTEGER,
    height INTEGER,
    data BLOB,
    created INTEGER NOT NULL
);
-- Per-person chat notification settings (MAX config `chats.<id>.dontDisturbUntil`).
CREATE TABLE IF NOT EXISTS mutes (
    person_id INTEGER NOT NULL,
    chat_id INTEGER NOT NULL,
    dont_disturb_until INTEGER NOT NULL,
    PRIMARY KEY (person_id, chat_id)
);
-- The e-journal (crates/sandbox/src/diary): what sign-ins and the control API add to the
-- computed school year. Dates are ISO `YYYY-MM-DD`.
CREATE TABLE IF NOT EXISTS diary_sessions (
    id TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL,
    created INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS diary_sessions_person ON diary_sessions (person_id);
CREATE TABLE IF NOT EXISTS diary_marks (
    id INTEGER PRIMARY KEY,
    child_guid TEXT NOT NULL,
    date TEXT NOT NULL,
    lesson_number INTEGER NOT NULL,
    value TEXT NOT NULL,
    weight INTEGER,
    created INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS diary_marks_child_date ON diary_marks (child_guid, date);
CREATE TABLE IF NOT EXISTS diary_homework (
    class TEXT NOT NULL,
    date TEXT NOT NULL,
    lesson_number INTEGER NOT NULL,
    text TEXT NOT NULL,
    file_id INTEGER,
    PRIMARY KEY (class, date, lesson_number)
);
CREATE TABLE IF NOT EXISTS diary_files (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS diary_moved (person_id INTEGER PRIMARY KEY);
