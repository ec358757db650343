-- Парта cache, schema 5: the class chat the person chose for a child in the diary.
-- The journal may not say a child's class (a parent of several children sees names only), so
-- the person links the child to one of the account's group chats; the choice wins over the
-- match by the chat's title. Local only, like the «сделано» ticks.
CREATE TABLE diary_class_chats (
    child_guid TEXT PRIMARY KEY,
    chat_id    INTEGER NOT NULL
);
