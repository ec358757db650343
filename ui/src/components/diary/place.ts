// Where the diary was left: the child and the week on show, so coming back to the section (or
// switching away and back) shows the same place. Not persisted; a new run opens this week.
export const place: { childGuid: string | null; monday: string | null } = {
  childGuid: null,
  monday: null,
};
