/**
 * The diary's part of the contract with the shell (`src-tauri/src/commands/diary.rs`): a child's
 * school week from the regional e-journal, read from the account's cache. Same rules as
 * `backend.ts`: camelCase DTOs, ids and GUIDs as strings, times in ms, dates as `YYYY-MM-DD`,
 * server text rendered as text nodes only. Changes arrive on the one `subscribe` channel as
 * `{ type: 'diary' }` (call `diaryState()` again) and `{ type: 'diaryWeek', childGuid, monday }`
 * (re-read that week); `backend.ts`'s `BackendEvent` carries them.
 */
import { invoke } from '@tauri-apps/api/core';

/** Where the diary stands for the current account. */
export type DiaryStatus =
  | 'signedOut' // never signed in to the e-journal: show «Войти в электронный дневник»
  | 'ready' // a session is kept; weeks refresh in the background
  | 'expired' // the e-journal ended the session: ask to sign in again, keep showing the cache
  | 'moved'; // the school moved to «Моя школа»: explain and link out (`movedLink`)

export interface DiaryChildView {
  guid: string;
  /** «Морозова Алиса». */
  name: string;
  /** «5 «А»». */
  class: string | null;
  school: string | null;
}

export interface DiaryState {
  status: DiaryStatus;
  /** The children the session sees (from the cache, so also when offline or expired). */
  children: DiaryChildView[];
  /** Where «Моя школа» is, when `status` is `moved`. */
  movedLink: string | null;
  /** A background refresh is running. */
  refreshing: boolean;
  /** The last refresh's failure, a Russian sentence safe to show as text (offline, say). */
  error: string | null;
}

export interface DiaryMarkView {
  value: string;
  weight: number | null;
}

export interface DiaryFileView {
  /** Position in the lesson's `homeworkFiles`, for `diaryOpenFile`. */
  index: number;
  name: string;
}

export interface DiaryLessonView {
  date: string;
  number: number;
  subject: string;
  teacher: string | null;
  /** «08:30». */
  timeBegin: string | null;
  timeEnd: string | null;
  topic: string | null;
  homework: string | null;
  homeworkFiles: DiaryFileView[];
  marks: DiaryMarkView[];
  /** «н», «б», «у». */
  absences: string[];
  notes: string[];
  /** The local «сделано» tick on this lesson's homework. */
  done: boolean;
  /** The child's class chat in this account, when one is found: opens with `openChat`. */
  chatId: string | null;
}

export interface DiaryDayView {
  date: string;
  lessons: DiaryLessonView[];
}

export interface SubjectAverageView {
  subject: string;
  marks: DiaryMarkView[];
  average: number | null;
  missed: number;
  skipped: number;
  sick: number;
}

export interface DiaryWeekView {
  childGuid: string;
  monday: string;
  /** When this week was last fetched, ms; null when it never was (nothing cached yet). */
  fetchedAt: number | null;
  /** No lessons that week: holidays. */
  holiday: boolean;
  /** Monday to Saturday that have lessons, in order. */
  days: DiaryDayView[];
  /** The current period's name («2 четверть») when known. */
  periodName: string | null;
  /** The period's averages per subject (marks report), when cached. */
  averages: SubjectAverageView[];
  /** The child's class chat (the lessons' `chatId`), known even for a week without lessons. */
  classChatId: string | null;
  /** `classChatId` is the chat the person chose (`setDiaryClassChat`), not one found by title. */
  classChatChosen: boolean;
}

export function diaryState(): Promise<DiaryState> {
  return invoke<DiaryState>('diary_state');
}

/** The cached week of `childGuid` that contains `date`; asks for a background refresh too. */
export function diaryWeek(childGuid: string, date: string): Promise<DiaryWeekView> {
  return invoke<DiaryWeekView>('diary_week', { childGuid, date });
}

/** Refresh now (the «Обновить» button); progress and results arrive as events. */
export function diaryRefresh(childGuid: string, date: string): Promise<void> {
  return invoke<void>('diary_refresh', { childGuid, date });
}

/** Opens the e-journal's sign-in page (Госуслуги) in a window of its own. */
export function diarySignIn(): Promise<void> {
  return invoke<void>('diary_sign_in');
}

export function setHomeworkDone(
  childGuid: string,
  date: string,
  number: number,
  subject: string,
  done: boolean,
): Promise<void> {
  return invoke<void>('set_homework_done', { childGuid, date, number, subject, done });
}

/**
 * Links a child to one of the account's group chats as their class chat (kept locally; it wins
 * over the chat found by title), or with `null` forgets the choice. Re-read the week after.
 */
export function setDiaryClassChat(childGuid: string, chatId: string | null): Promise<void> {
  return invoke<void>('set_diary_class_chat', { childGuid, chatId });
}

/** Downloads (with the journal's session) and opens a homework file with the system's app. */
export function diaryOpenFile(
  childGuid: string,
  date: string,
  number: number,
  subject: string,
  index: number,
): Promise<void> {
  return invoke<void>('diary_open_file', { childGuid, date, number, subject, index });
}
