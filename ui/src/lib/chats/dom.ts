/** Finds the element under `root` matching `selector` whose `data-<key>` equals `value`
 * (ids are server text: compared, never put into a selector). */
export function findByData(
  root: ParentNode | undefined | null,
  selector: string,
  key: string,
  value: string,
): HTMLElement | null {
  if (!root) return null;
  for (const el of root.querySelectorAll<HTMLElement>(selector)) {
    if (el.dataset[key] === value) return el;
  }
  return null;
}

/** Drops later rows whose id was already seen (a keyed list must never repeat a key). */
export function uniqueById<T extends { id: string }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((row) => (seen.has(row.id) ? false : (seen.add(row.id), true)));
}
