// English strings of the chats area (spread into ../en.ts); the same keys as ../ru/chats.ts.
export const en_chats = {
};
