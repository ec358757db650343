/**
 * How the chats area words times, sizes and previews in the window's language. Pure functions
 * over the contract's DTOs, so the list, the history and the announcements agree and tests can
 * pin them down.
 */
import type { AttachmentView, ChatPreview } from '../backend';
import { i18n, locales, t } from '../i18n/index.svelte';

// Building an Intl formatter costs far more than using one; a history formats hundreds of
// times per page, so formatters are kept per language and options.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatDate(date: Date, options: Intl.DateTimeFormatOptions): string {
  const tag = locales[i18n.locale].tag;
  const key = `${tag}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(tag, options);
    formatters.set(key, formatter);
  }
  return formatter.format(date);
}

const dayMs = 24 * 60 * 60 * 1000;

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Whole calendar days from `timeMs` to `now` (0 = today, 1 = yesterday). */
export function daysAgo(timeMs: number, now: Date = new Date()): number {
  return Math.round((startOfDay(now) - startOfDay(new Date(timeMs))) / dayMs);
}

export function formatClock(timeMs: number): string {
  return formatDate(new Date(timeMs), { hour: '2-digit', minute: '2-digit' });
}

/** The chat list's time: today HH:MM, «вчера», a weekday this week, else a date. */
export function formatListTime(timeMs: number, now: Date = new Date()): string {
  const days = daysAgo(timeMs, now);
  const date = new Date(timeMs);
  if (days <= 0) return formatClock(timeMs);
  if (days === 1) return t('chats.time.yesterday');
  if (days < 7) return formatDate(date, { weekday: 'short' });
  if (date.getFullYear() === now.getFullYear()) {
    return formatDate(date, { day: 'numeric', month: 'short' });
  }
  return formatDate(date, { day: '2-digit', month: '2-digit', year: '2-digit' });
}

/** The history's date separator: «Сегодня», «Вчера», «28 ноября» (with the year if another). */
export function formatDayLabel(timeMs: number, now: Date = new Date()): string {
  const days = daysAgo(timeMs, now);
  if (days === 0) return t('chats.day.today');
  if (days === 1) return t('chats.day.yesterday');
  const date = new Date(timeMs);
  if (date.getFullYear() === now.getFullYear()) {
    return formatDate(date, { day: 'numeric', month: 'long' });
  }
  return formatDate(date, { day: 'numeric', month: 'long', year: 'numeric' });
}

/** A full date and time for tooltips. */
export function formatFullTime(timeMs: number): string {
  return formatDate(new Date(timeMs), { dateStyle: 'long', timeStyle: 'short' });
}

export function sameDay(a: number, b: number): boolean {
  return startOfDay(new Date(a)) === startOfDay(new Date(b));
}

/** «1,2 МБ», «340 КБ», «12 Б». */
export function formatSize(bytes: number): string {
  const units = ['chats.size.b', 'chats.size.kb', 'chats.size.mb', 'chats.size.gb'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const number = formatNumber(value, digits);
  return t(units[unit]!, { n: number });
}

function formatNumber(value: number, digits: number): string {
  return new Intl.NumberFormat(locales[i18n.locale].tag, { maximumFractionDigits: digits }).format(value);
}

/** «1:05» for durations. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** The words for an attachment in a preview or a quote. */
export function attachmentWord(type: AttachmentView['type'], name: string | null): string {
  switch (type) {
    case 'photo':
      return t('chats.attachment.photo');
    case 'video':
      return t('chats.attachment.video');
    case 'file':
      return name ? t('chats.attachment.fileNamed', { name }) : t('chats.attachment.file');
    case 'audio':
      return t('chats.attachment.audio');
    case 'sticker':
      return t('chats.attachment.sticker');
    case 'contact':
      return t('chats.attachment.contact');
    case 'call':
      return t('chats.attachment.call');
    case 'share':
      return t('chats.attachment.share');
    case 'poll':
      return t('chats.attachment.poll');
    default:
      return t('chats.attachment.other');
  }
}

/** The preview line of a chat: sender part and text part, both plain text. */
export function previewParts(preview: ChatPreview): { sender: string | null; text: string } {
  const sender = preview.own ? t('chats.preview.you') : preview.senderName;
  if (preview.deleted) return { sender, text: t('chats.preview.deleted') };
  const text = preview.text.trim();
  if (text) return { sender, text };
  if (preview.attachment) {
    return { sender, text: attachmentWord(preview.attachment.type, preview.attachment.name) };
  }
  return { sender, text: '' };
}

/** Avatar colours without a picture: 12 hues dark enough for white initials (contrast ≥ 4.5). */
export const AVATAR_COLOURS = 12;

/** A stable colour index (0..11) for an avatar without a picture, derived from an id. */
export function avatarColour(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i += 1) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  return Math.abs(hash) % AVATAR_COLOURS;
}

/** Initials from a name when the backend gave none. */
export function initialsOf(name: string | null): string {
  if (!name) return '?';
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => Array.from(w)[0] ?? '');
  return letters.join('').toUpperCase() || '?';
}
