// Russian strings of the chats area (spread into ../ru.ts). Keys: 'chats.…'.
export const ru_chats = {
} as const;
