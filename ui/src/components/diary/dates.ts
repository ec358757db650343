/**
 * The diary's calendar: ISO days (`YYYY-MM-DD`, local, no time zone games), school weeks from
 * Monday to Saturday, and how they read in the window's language: «7–12 декабря 2026»,
 * «30 ноября – 5 декабря 2026», «28 декабря 2026 – 2 января 2027»; «Обновлено 5 минут назад».
 */
import { formatDate, t, tn } from '../../lib/i18n/index.svelte';
import { dateAndTime } from '../shell/when';

/** Local midnight of an ISO day; garbage gives an invalid date, never a throw. */
export function parseDay(iso: string): Date {
  const [y, m, d] = iso.split('-').map((part) => Number.parseInt(part, 10));
  return new Date(y ?? Number.NaN, (m ?? Number.NaN) - 1, d ?? Number.NaN);
}

export function toDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function today(now: Date = new Date()): string {
  return toDay(now);
}

export function addDays(iso: string, days: number): string {
  const date = parseDay(iso);
  date.setDate(date.getDate() + days);
  return toDay(date);
}

/** The Monday of the week holding `iso` (a Sunday belongs to the week before it). */
export function mondayOf(iso: string): string {
  const date = parseDay(iso);
  const sinceMonday = (date.getDay() + 6) % 7;
  return addDays(iso, -sinceMonday);
}

function dayAndMonth(date: Date): string {
  return formatDate(date, { day: 'numeric', month: 'long' });
}

/** The school week (Monday to Saturday) as a title: «7–12 декабря 2026». */
export function weekTitle(monday: string): string {
  const first = parseDay(monday);
  const last = parseDay(addDays(monday, 5));
  if (Number.isNaN(first.getTime())) return monday;
  const [y1, y2] = [first.getFullYear(), last.getFullYear()];
  if (y1 !== y2) return `${dayAndMonth(first)} ${y1} – ${dayAndMonth(last)} ${y2}`;
  if (first.getMonth() !== last.getMonth()) {
    return `${dayAndMonth(first)} – ${dayAndMonth(last)} ${y2}`;
  }
  return `${first.getDate()}–${dayAndMonth(last)} ${y2}`;
}

/** A day's heading: «Понедельник, 7 декабря». */
export function dayTitle(iso: string): string {
  const date = parseDay(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const words = formatDate(date, { weekday: 'long', day: 'numeric', month: 'long' });
  return words.charAt(0).toLocaleUpperCase() + words.slice(1);
}

/** «Обновлено только что», «Обновлено 5 минут назад», … a week on: «Обновлено 28 ноября в 18:30». */
export function updatedAgo(fetchedAt: number, now: number = Date.now()): string {
  const minutes = Math.floor(Math.max(0, now - fetchedAt) / 60_000);
  if (minutes < 1) return t('diary.updated.justNow');
  if (minutes < 60) return tn('diary.plural.minutesAgo', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return tn('diary.plural.hoursAgo', hours);
  const days = Math.floor(hours / 24);
  if (days < 7) return tn('diary.plural.daysAgo', days);
  return t('diary.updated.on', { when: dateAndTime(fetchedAt, new Date(now)) });
}
