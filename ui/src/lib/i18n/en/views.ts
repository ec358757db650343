// English strings of the views area (spread into ../en.ts); the same keys as ../ru/views.ts.
export const en_views = {
};
