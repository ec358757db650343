/**
 * Performance marks the measurements read: the first painted non-empty chat list (once per
 * window) and, per chat opened, `parta:chat-open:<id>` followed by the `parta:chat-switch`
 * measure (set by the conversation when its newest messages are painted).
 */
let listPainted = false;

export function markChatListPainted(): void {
  if (listPainted) return;
  listPainted = true;
  const mark = (): void => {
    try {
      performance.mark('parta:chat-list-painted');
    } catch {
      // Measurements are best effort.
    }
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(mark);
  else mark();
}
