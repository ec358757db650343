/**
 * How the frame and its views word a moment: «18:30» today, «28 ноября в 18:30» this year,
 * «28 ноября 2025 г. в 18:30» before. In the window's language, local time.
 */
import { formatDate, t } from '../../lib/i18n/index.svelte';

function sameDay(a: Date, b: Date): boolean {
  return (
    a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate()
  );
}

export function clock(timeMs: number): string {
  return formatDate(new Date(timeMs), { hour: '2-digit', minute: '2-digit' });
}

/** A date with its time, always: «28 ноября в 18:30» (the year only when it is not this one). */
export function dateAndTime(timeMs: number, now: Date = new Date()): string {
  const date = new Date(timeMs);
  const day = formatDate(
    date,
    date.getFullYear() === now.getFullYear()
      ? { day: 'numeric', month: 'long' }
      : { day: 'numeric', month: 'long', year: 'numeric' },
  );
  return t('views.offline.when', { date: day, time: clock(timeMs) });
}

/** A post's or result's time: only the clock for today, else the date and time. */
export function postTime(timeMs: number, now: Date = new Date()): string {
  return sameDay(new Date(timeMs), now) ? clock(timeMs) : dateAndTime(timeMs, now);
}

/** The machine-readable form for `<time datetime>`. */
export function isoTime(timeMs: number): string {
  return new Date(timeMs).toISOString();
}
