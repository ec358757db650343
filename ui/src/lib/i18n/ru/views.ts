// Russian strings of the views area (spread into ../ru.ts). Keys: 'views.…'.
export const ru_views = {
} as const;
