import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Channel } from '@tauri-apps/api/core';
import DiaryView from './DiaryView.svelte';
import type { BackendEvent } from '../../lib/backend';
import type { DiaryState, DiaryWeekView } from '../../lib/diary';
import { setLocale } from '../../lib/i18n/index.svelte';
import { polyfillDialog, session } from '../shell/testing';
import { place } from './place';
import { algebra, alice, ivan, lesson, state, week } from './fixtures';

polyfillDialog();

type Call = { cmd: string; args: Record<string, unknown> };
let channel: Channel<BackendEvent> | null = null;
let calls: Call[] = [];
let diary: DiaryState;
let weekFor: (guid: string, date: string) => DiaryWeekView;
let failing: Record<string, string> = {};

function emit(event: BackendEvent): void {
  channel?.onmessage(event);
}

beforeEach(() => {
  place.childGuid = null;
  place.monday = '2026-12-07';
  calls = [];
  failing = {};
  diary = state();
  weekFor = (guid) => ({ ...week(), childGuid: guid });
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    if (failing[cmd]) throw failing[cmd];
    switch (cmd) {
      case 'subscribe':
        channel = args.channel as Channel<BackendEvent>;
        return null;
      case 'session_state':
        return session();
      case 'diary_state':
        return diary;
      case 'diary_week':
        return weekFor(args.childGuid as string, args.date as string);
      case 'diary_refresh':
      case 'diary_sign_in':
      case 'set_homework_done':
      case 'diary_open_file':
        return null;
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
});

afterEach(() => {
  cleanup();
  clearMocks();
  setLocale('ru');
});

function root(): HTMLElement {
  return screen.getByTestId('diary');
}

function lessonOf(subject: string, date = '2026-12-07'): HTMLElement {
  return document.querySelector<HTMLElement>(
    `[data-testid=diary-day][data-date="${date}"] [data-testid=diary-lesson][data-subject="${subject}"]`,
  )!;
}

function weekRequests(): { childGuid: unknown; date: unknown }[] {
  return calls
    .filter((c) => c.cmd === 'diary_week')
    .map((c) => ({ childGuid: c.args.childGuid, date: c.args.date }));
}

async function shown(): Promise<void> {
  await waitFor(() => expect(document.querySelector('[data-testid=diary-day]')).toBeTruthy());
}

describe('the diary', () => {
  it('shows a week with lessons, marks with weights, absences, homework and averages', async () => {
    const opened: string[] = [];
    render(DiaryView, { onOpenChat: (id: string) => opened.push(id) });
    await shown();
    expect(root().dataset.status).toBe('ready');
    const title = screen.getByTestId('diary-week-title');
    expect(title.textContent?.trim()).toBe('7–12 декабря 2026');
    expect(title.dataset.monday).toBe('2026-12-07');
    expect(weekRequests()[0]).toEqual({ childGuid: alice.guid, date: '2026-12-07' });

    const days = [...document.querySelectorAll<HTMLElement>('[data-testid=diary-day]')];
    expect(days.map((d) => d.dataset.date)).toEqual(['2026-12-07', '2026-12-08']);
    expect(within(days[0]!).getByRole('heading', { level: 4 }).textContent).toContain(
      'Понедельник, 7 декабря',
    );
    expect(days[0]!.textContent).toContain('2 урока');
    expect(days[1]!.textContent).toContain('1 урок');

    const row = lessonOf('Алгебра');
    expect(row.dataset.number).toBe('2');
    expect(row.textContent).toContain('09:25–10:10');
    expect(row.textContent).toContain('Иванова Марина Петровна');
    expect(row.textContent).toContain('Квадратные уравнения');
    expect(row.querySelector('.diary-homework')?.textContent).toBe('№ 112, 114');
    expect(row.querySelector('.diary-note')?.textContent).toContain('Забыл тетрадь');
    const marks = [...row.querySelectorAll<HTMLElement>('.diary-mark')];
    expect(marks.map((m) => [m.textContent, m.dataset.weight])).toEqual([
      ['5', '2'],
      ['4', undefined],
    ]);
    // A screen reader hears the weight in words.
    expect(row.textContent).toContain('Оценка 5, вес 2');

    const absence = lessonOf('Русский язык').querySelector<HTMLElement>('.diary-absence')!;
    expect(absence.textContent).toBe('н');
    expect(absence.getAttribute('role')).toBe('img');
    expect(absence.getAttribute('aria-label')).toBe('н: не был(а) на уроке');

    // The file opens through the shell with the lesson's key.
    await fireEvent.click(within(row).getByRole('button', { name: 'Открыть файл «Задачи.pdf»' }));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'diary_open_file')?.args).toEqual({
        childGuid: alice.guid,
        date: '2026-12-07',
        number: 2,
        subject: 'Алгебра',
        index: 0,
      }),
    );
    expect(row.querySelector('button.diary-file')).toBeTruthy();

    // «В чат класса» hands the class chat to the frame.
    await fireEvent.click(row.querySelector<HTMLButtonElement>('button.diary-open-chat')!);
    expect(opened).toEqual(['chat-5a']);
    expect(lessonOf('Русский язык').querySelector('button.diary-open-chat')).toBeNull();

    const table = screen.getByTestId('diary-averages');
    expect(table.querySelector('caption')?.textContent?.trim()).toBe('Средние баллы: 2 четверть');
    const algebraRow = table.querySelector<HTMLElement>('tr[data-subject="Алгебра"]')!;
    expect(algebraRow.textContent).toContain('4,67');
    expect(table.querySelector('tr[data-subject="Русский язык"]')?.textContent).toContain('нет');
    // The averages' marks are not the lessons' hooks.
    expect(table.querySelector('.diary-mark')).toBeNull();

    expect(screen.getByRole('navigation', { name: 'Неделя' }).textContent).toContain(
      'За неделю: 3 оценки · 1 пропуск · 2 задания',
    );
    expect(screen.getByTestId('diary-updated').textContent?.trim()).toBe('Обновлено 5 минут назад');
  });

  it('shows a holiday week as holidays', async () => {
    weekFor = (guid) => ({ ...week(), childGuid: guid, holiday: true, days: [], averages: [] });
    render(DiaryView, { onOpenChat: () => {} });
    const holiday = await screen.findByTestId('diary-holiday');
    expect(holiday.textContent).toContain('Каникулы');
    expect(document.querySelector('[data-testid=diary-day]')).toBeNull();
  });

  it('switches between two children with tabs, by mouse and by arrow keys', async () => {
    diary = state({ children: [alice, ivan] });
    weekFor = (guid) =>
      guid === ivan.guid
        ? week({ childGuid: guid, days: [{ date: '2026-12-07', lessons: [lesson({ subject: 'Физика' })] }] })
        : { ...week(), childGuid: guid };
    render(DiaryView, { onOpenChat: () => {} });
    await shown();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => [t.dataset.guid, t.getAttribute('aria-selected')])).toEqual([
      [alice.guid, 'true'],
      [ivan.guid, 'false'],
    ]);
    expect(tabs[0]!.dataset.testid).toBe('diary-child');
    expect(tabs[0]!.textContent).toContain('5 «А»');
    const panel = screen.getByRole('tabpanel');
    expect(panel.getAttribute('aria-labelledby')).toBe(tabs[0]!.id);
    expect(tabs[1]!.tabIndex).toBe(-1);

    await fireEvent.click(tabs[1]!);
    await waitFor(() => expect(lessonOf('Физика')).toBeTruthy());
    expect(tabs[1]!.getAttribute('aria-selected')).toBe('true');
    expect(lessonOf('Алгебра')).toBeNull();
    expect(weekRequests().at(-1)).toEqual({ childGuid: ivan.guid, date: '2026-12-07' });

    tabs[1]!.focus();
    await fireEvent.keyDown(tabs[1]!, { key: 'ArrowRight' });
    await waitFor(() => expect(lessonOf('Алгебра')).toBeTruthy());
    expect(document.activeElement).toBe(tabs[0]);
    expect(tabs[0]!.getAttribute('aria-selected')).toBe('true');
    expect(tabs[0]!.tabIndex).toBe(0);
  });

  it('shows one child without tabs', async () => {
    render(DiaryView, { onOpenChat: () => {} });
    await shown();
    expect(screen.queryByRole('tab')).toBeNull();
    expect(screen.getByTestId('diary-single-child').textContent).toContain('Морозова Алиса');
  });

  it('keeps the week on show when the session expires, and offers to sign in again', async () => {
    render(DiaryView, { onOpenChat: () => {} });
    await shown();
    diary = state({ status: 'expired' });
    emit({ type: 'diary' });
    const banner = await screen.findByTestId('diary-expired');
    expect(root().dataset.status).toBe('expired');
    expect(banner.textContent).toContain('Сессия дневника закончилась — войдите снова');
    expect(lessonOf('Алгебра')).toBeTruthy();
    await fireEvent.click(within(banner).getByRole('button', { name: 'Войти снова' }));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'diary_sign_in')).toBe(true));
  });

  it('explains a move to «Моя школа» and opens its link only after the confirmation', async () => {
    diary = state({ status: 'moved', children: [], movedLink: 'https://myschool.gosuslugi.ru/' });
    render(DiaryView, { onOpenChat: () => {} });
    const moved = await screen.findByTestId('diary-moved');
    expect(root().dataset.status).toBe('moved');
    expect(moved.textContent).toContain('Дневник вашей школы теперь в «Моя школа»');
    const link = moved.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://myschool.gosuslugi.ru/');
    await fireEvent.click(link);
    const dialog = await screen.findByTestId('link-confirm');
    expect(screen.getByTestId('link-address').textContent).toBe('https://myschool.gosuslugi.ru/');
    expect(calls.some((c) => c.cmd === 'open_link')).toBe(false);
    expect(dialog.getAttribute('role')).toBe('dialog');
  });

  it('never makes a link of a moved address that is not a web address', async () => {
    diary = state({ status: 'moved', children: [alice], movedLink: 'javascript:alert(1)' });
    render(DiaryView, { onOpenChat: () => {} });
    const moved = await screen.findByTestId('diary-moved');
    expect(moved.querySelector('a')).toBeNull();
    expect(moved.textContent).toContain('javascript:alert(1)');
    // The cached week of a family that moved stays readable.
    await shown();
  });

  it('asks to sign in when never signed in', async () => {
    diary = state({ status: 'signedOut', children: [] });
    render(DiaryView, { onOpenChat: () => {} });
    const button = await screen.findByTestId('diary-sign-in');
    expect(root().dataset.status).toBe('signedOut');
    expect(button.textContent?.trim()).toBe('Войти в электронный дневник');
    expect(screen.queryByTestId('diary-week-title')).toBeNull();
    failing.diary_sign_in = 'Окно входа уже открыто';
    await fireEvent.click(button);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Не удалось открыть окно входа: Окно входа уже открыто',
    );
  });

  it('ticks homework as done through the shell, and puts the tick back when that fails', async () => {
    render(DiaryView, { onOpenChat: () => {} });
    await shown();
    const box = lessonOf('Алгебра').querySelector<HTMLInputElement>('input[type=checkbox].diary-done')!;
    expect(box.checked).toBe(false);
    expect(box.getAttribute('aria-label')).toBe('Задание по предмету «Алгебра» сделано');
    // Lessons without homework have nothing to tick.
    expect(lessonOf('Русский язык').querySelector('.diary-done')).toBeNull();
    await fireEvent.click(box);
    expect(box.checked).toBe(true);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'set_homework_done')?.args).toEqual({
        childGuid: alice.guid,
        date: '2026-12-07',
        number: 2,
        subject: 'Алгебра',
        done: true,
      }),
    );
    failing.set_homework_done = 'база занята';
    await fireEvent.click(box);
    expect((await within(lessonOf('Алгебра')).findByRole('alert')).textContent).toBe(
      'Не удалось отметить задание: база занята',
    );
    expect(box.checked).toBe(true);
  });

  it('asks for the weeks around and for today’s', async () => {
    weekFor = (guid, date) => {
      const monday = { '2026-12-07': '2026-12-07', '2026-11-30': '2026-11-30', '2026-12-14': '2026-12-14' }[date];
      return week({ childGuid: guid, monday: monday ?? '2026-06-01' });
    };
    render(DiaryView, { onOpenChat: () => {} });
    await shown();
    const title = screen.getByTestId('diary-week-title');
    await fireEvent.click(screen.getByTestId('diary-prev-week'));
    await waitFor(() => expect(title.dataset.monday).toBe('2026-11-30'));
    expect(title.textContent?.trim()).toBe('30 ноября – 5 декабря 2026');
    await fireEvent.click(screen.getByRole('button', { name: 'Следующая неделя' }));
    await fireEvent.click(screen.getByTestId('diary-next-week'));
    await waitFor(() => expect(title.dataset.monday).toBe('2026-12-14'));
    await fireEvent.click(screen.getByTestId('diary-this-week'));
    const now = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    const todayIso = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
    await waitFor(() => expect(title.dataset.monday).toBe('2026-06-01'));
    expect(weekRequests().map((r) => r.date)).toEqual([
      '2026-12-07',
      '2026-11-30',
      '2026-12-07',
      '2026-12-14',
      todayIso,
    ]);
  });

  it('re-reads the week on show when the shell says it changed, and shows refreshing and errors', async () => {
    let version = 0;
    weekFor = (guid) =>
      version === 0
        ? { ...week(), childGuid: guid }
        : week({ childGuid: guid, days: [{ date: '2026-12-07', lessons: [{ ...algebra, marks: [{ value: '2', weight: null }] }] }] });
    render(DiaryView, { onOpenChat: () => {} });
    await shown();
    diary = state({ refreshing: true });
    emit({ type: 'diary' });
    expect((await screen.findByTestId('diary-refreshing')).textContent).toContain('Обновляем дневник…');
    version = 1;
    const before = weekRequests().length;
    emit({ type: 'diaryWeek', childGuid: ivan.guid, monday: '2026-12-07' }); // someone else's
    emit({ type: 'diaryWeek', childGuid: alice.guid, monday: '2026-11-30' }); // another week
    emit({ type: 'diaryWeek', childGuid: alice.guid, monday: '2026-12-07' });
    await waitFor(() => expect(lessonOf('Алгебра').querySelector('.diary-mark')?.textContent).toBe('2'));
    expect(weekRequests().length).toBe(before + 1);

    diary = state({ error: 'Нет связи с электронным дневником.' });
    emit({ type: 'diary' });
    const error = await screen.findByTestId('diary-error');
    expect(error.textContent).toBe('Дневник не обновился. Нет связи с электронным дневником.');
    expect(screen.queryByTestId('diary-refreshing')).toBeNull();
    // A state notice alone does not re-read (and so re-refresh) the week on show.
    expect(weekRequests().length).toBe(before + 1);
    await fireEvent.click(screen.getByRole('button', { name: 'Обновить' }));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'diary_refresh')?.args).toEqual({
        childGuid: alice.guid,
        date: '2026-12-07',
      }),
    );
  });

  it('opens on the current week and marks today', async () => {
    place.monday = null;
    const now = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    const iso = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - ((now.getDay() + 6) % 7));
    weekFor = (guid) =>
      week({
        childGuid: guid,
        monday: iso(monday),
        days: [{ date: iso(now), lessons: [lesson({ date: iso(now) })] }],
      });
    render(DiaryView, { onOpenChat: () => {} });
    await shown();
    expect(weekRequests()[0]!.date).toBe(iso(monday));
    expect(screen.getByTestId('diary-week-title').dataset.monday).toBe(iso(monday));
    const day = document.querySelector<HTMLElement>('[data-testid=diary-day]')!;
    expect(day.getAttribute('aria-current')).toBe('date');
  });

  it('renders hostile server text as text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    diary = state({ children: [{ ...alice, name: evil, class: evil }, ivan] });
    weekFor = (guid) =>
      week({
        childGuid: guid,
        periodName: evil,
        days: [
          {
            date: '2026-12-07',
            lessons: [
              lesson({
                subject: evil,
                teacher: evil,
                topic: evil,
                homework: evil,
                homeworkFiles: [{ index: 0, name: evil }],
                marks: [{ value: evil, weight: null }],
                absences: [evil],
                notes: [evil],
              }),
            ],
          },
        ],
        averages: [{ subject: evil, marks: [{ value: evil, weight: 2 }], average: 3, missed: 0, skipped: 0, sick: 0 }],
      });
    render(DiaryView, { onOpenChat: () => {} });
    await shown();
    const diaryRoot = root();
    expect(diaryRoot.querySelector('img')).toBeNull();
    const row = diaryRoot.querySelector<HTMLElement>('[data-testid=diary-lesson]')!;
    expect(row.dataset.subject).toBe(evil);
    expect(row.querySelector('.diary-homework')?.textContent).toBe(evil);
    expect(row.querySelector('.diary-mark')?.textContent).toBe(evil);
    expect(row.querySelector('.diary-file')?.textContent).toContain(evil);
    expect(screen.getAllByRole('tab')[0]!.textContent).toContain(evil);
    expect(screen.getByTestId('diary-averages').textContent).toContain(evil);
  });

  it('speaks English when the window does', async () => {
    setLocale('en');
    render(DiaryView, { onOpenChat: () => {} });
    await shown();
    expect(screen.getByTestId('diary-week-title').textContent?.trim()).toBe('7–12 December 2026');
    expect(screen.getByRole('navigation', { name: 'Week' }).textContent).toContain(
      'This week: 3 marks · 1 absence · 2 homework tasks',
    );
    expect(screen.getByTestId('diary-updated').textContent?.trim()).toBe('Updated 5 minutes ago');
  });
});
