/**
 * The two dialogs a message can open — the link confirmation and the photo viewer — as shared
 * state, so a message (in a chat or in the announcements) only asks, and one mounted
 * `LinkConfirm` / `PhotoViewer` shows it. If a dialog component is mounted more than once, only
 * the first mounted instance renders, so the dialog never appears twice. Each dialog remembers
 * what had focus and gives it back when it closes.
 */

export interface PhotoRequest {
  url: string;
  alt: string;
}

export const overlays = $state<{ link: string | null; photo: PhotoRequest | null }>({
  link: null,
  photo: null,
});

let linkReturn: HTMLElement | null = null;
let photoReturn: HTMLElement | null = null;

function activeElement(): HTMLElement | null {
  const active = typeof document === 'undefined' ? null : document.activeElement;
  return active instanceof HTMLElement ? active : null;
}

/** Shows the real address of a link and asks before opening it. */
export function askToOpenLink(url: string): void {
  linkReturn = activeElement();
  overlays.link = url;
}

export function closeLink(): void {
  overlays.link = null;
  const back = linkReturn;
  linkReturn = null;
  back?.focus();
}

export function showPhoto(request: PhotoRequest): void {
  photoReturn = activeElement();
  overlays.photo = request;
}

export function closePhoto(): void {
  overlays.photo = null;
  const back = photoReturn;
  photoReturn = null;
  back?.focus();
}

// The mounted hosts in mount order, kept outside Svelte's state: `unregisterHost` runs in a
// teardown (onDestroy), where Svelte 5 shows state as it was before the change being torn
// down, so a filter over a `$state` array there would drop the newly mounted view's host too
// (moving from Чаты to Дневник left no link dialog at all). Only which host renders is state.
const hosts: { link: symbol[]; photo: symbol[] } = { link: [], photo: [] };
const active = $state<{ link: symbol | null; photo: symbol | null }>({ link: null, photo: null });

/** Registers a mounted dialog; returns its token and whether it is the one that renders. */
export function registerHost(kind: 'link' | 'photo'): symbol {
  const token = Symbol(kind);
  hosts[kind].push(token);
  active[kind] = hosts[kind][0] ?? null;
  return token;
}

export function unregisterHost(kind: 'link' | 'photo', token: symbol): void {
  hosts[kind] = hosts[kind].filter((t) => t !== token);
  active[kind] = hosts[kind][0] ?? null;
}

export function isActiveHost(kind: 'link' | 'photo', token: symbol): boolean {
  return active[kind] === token;
}
