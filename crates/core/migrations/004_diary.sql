-- Парта cache, schema 4: the diary (the regional e-journal), read-only and per account.
-- Rows keep core's model types as JSON; a week is replaced whole on each fetch.

-- The children the journal session sees, in the journal's order.
CREATE TABLE diary_children (
    guid     TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    json     TEXT NOT NULL
);

-- The latest fetch of each child's week (weeks named by their Monday, YYYY-MM-DD).
CREATE TABLE diary_weeks (
    child_guid   TEXT NOT NULL,
    monday       TEXT NOT NULL,
    lessons_json TEXT NOT NULL,
    periods_json TEXT NOT NULL,
    raw_json     TEXT NOT NULL,
    fetched_at   INTEGER NOT NULL,
    PRIMARY KEY (child_guid, monday)
);

-- The marks report of a school period, by its first day.
CREATE TABLE diary_marks_reports (
    child_guid   TEXT NOT NULL,
    period_begin TEXT NOT NULL,
    period_end   TEXT NOT NULL,
    rows_json    TEXT NOT NULL,
    fetched_at   INTEGER NOT NULL,
    PRIMARY KEY (child_guid, period_begin)
);

-- Homework the person ticked as done («сделано»); local only, survives refetches.
CREATE TABLE diary_homework_done (
    child_guid TEXT NOT NULL,
    date       TEXT NOT NULL,
    number     INTEGER NOT NULL,
    subject    TEXT NOT NULL,
    PRIMARY KEY (child_guid, date, number, subject)
);

-- The diary's status and settings: 'access' (JSON of DiaryAccess), 'journal_url'.
-- Never the session cookie: that lives in the OS keyring.
CREATE TABLE diary_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
