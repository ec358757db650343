import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from './App.svelte';
import { setLocale } from './lib/i18n/index.svelte';
import type { SearchResult } from './lib/backend';
import { chat, message } from './components/chats/fixtures';
import { state as diaryState, week as diaryWeek } from './components/diary/fixtures';
import {
  connection,
  mockShell,
  noAccount,
  polyfillDialog,
  resetShell,
  session,
} from './components/shell/testing';

polyfillDialog();

beforeEach(() => resetShell());

afterEach(() => {
  cleanup();
  resetShell();
  setLocale('ru');
});

function navTexts(): string[] {
  const nav = screen.getByRole('navigation', { name: 'Разделы' });
  return [...nav.querySelectorAll('button')].map((b) => b.textContent?.trim() ?? '');
}

function currentSection(): string | undefined {
  return document.querySelector('nav [aria-current="page"]')?.textContent?.trim();
}

function status(): HTMLElement {
  return screen.getByTestId('connection-status');
}

describe('the window shell', () => {
  it('opens in Russian on Чаты and explains how to sign in when there is no account', async () => {
    await mockShell(noAccount());
    render(App);
    expect(navTexts()).toEqual(['Чаты', 'Объявления', 'Поиск', 'Дневник']);
    expect(currentSection()).toBe('Чаты');
    expect(status().textContent).toBe('Вход не выполнен');
    expect(status().dataset.state).toBe('noAccount');
    const main = screen.getByRole('main');
    expect(within(main).getByRole('heading', { level: 2 }).textContent).toBe(
      'Войдите в MAX, чтобы видеть чаты и объявления школы',
    );
    expect(within(main).getByTestId('sign-in-command').textContent).toBe('parta login');
    expect(screen.queryByTestId('account-switcher')).toBeNull();
  });

  it.each([
    [{ type: 'online' } as const, 'online', 'В сети'],
    [{ type: 'connecting' } as const, 'connecting', 'Подключение…'],
    [
      { type: 'offline', reason: 'DNS', retryInS: 5 } as const,
      'offline',
      'Нет сети — повторим через 5 с',
    ],
    [
      { type: 'signedOut', reason: 'токен отозван' } as const,
      'signedOut',
      'Сеанс завершён — войдите снова',
    ],
    [{ type: 'noAccount' } as const, 'noAccount', 'Вход не выполнен'],
  ])('words the connection %j', async (c, state, words) => {
    await mockShell(connection(c), (cmd) => (cmd === 'chat_list' ? [] : undefined));
    render(App);
    expect(status().dataset.state).toBe(state);
    expect(status().textContent).toBe(words);
    expect(status().textContent).not.toMatch(/повторите|нажмите/i);
    // Screen readers hear the state through the status live region.
    expect(screen.getByRole('status', { name: 'Подключение к MAX' }).textContent).toBe(words);
  });

  it('says in the banner why the session ended (the keyring, not only MAX)', async () => {
    const reason = 'Связка ключей заблокирована: разблокируйте её и войдите снова.';
    await mockShell(connection({ type: 'signedOut', reason }), (cmd) =>
      cmd === 'chat_list' ? [] : undefined,
    );
    render(App);
    const banner = await screen.findByRole('alert');
    expect(banner.querySelector('[data-testid=signed-out-reason]')?.textContent).toBe(reason);
    expect(banner.textContent).not.toMatch(/MAX завершил/);
  });

  it('counts down to the next try while offline, and never asks to retry', async () => {
    const { vi } = await import('vitest');
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      await mockShell(connection({ type: 'offline', reason: 'нет сети', retryInS: 3 }));
      render(App);
      expect(status().textContent).toBe('Нет сети — повторим через 3 с');
      await vi.advanceTimersByTimeAsync(1000);
      expect(status().textContent).toBe('Нет сети — повторим через 2 с');
      await vi.advanceTimersByTimeAsync(2000);
      expect(status().textContent).toBe('Нет сети — подключаемся…');
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows the first sync as a progress bar', async () => {
    await mockShell(session({ progress: { done: 3, total: 11 } }), (cmd) =>
      cmd === 'chat_list' ? [] : undefined,
    );
    render(App);
    const bar = screen.getByRole('progressbar');
    expect(bar.dataset.testid).toBe('sync-progress');
    expect(bar.textContent?.trim()).toBe('Загрузка чатов: 3 из 11');
    expect(bar.getAttribute('aria-valuenow')).toBe('3');
    expect(bar.getAttribute('aria-valuemax')).toBe('11');
  });

  it('switches accounts through the shell', async () => {
    const two = session({
      accounts: [
        { id: 'max-1', name: 'Анна Петровна', initials: 'АП', current: true },
        { id: 'max-2', name: 'Иван Сергеевич', initials: 'ИС', current: false },
      ],
    });
    const switched = session({
      accounts: [
        { id: 'max-1', name: 'Анна Петровна', initials: 'АП', current: false },
        { id: 'max-2', name: 'Иван Сергеевич', initials: 'ИС', current: true },
      ],
    });
    const calls = await mockShell(two, (cmd) =>
      cmd === 'switch_account' ? switched : cmd === 'chat_list' ? [] : undefined,
    );
    render(App);
    const switcher = screen.getByTestId('account-switcher') as HTMLSelectElement;
    expect(switcher.getAttribute('aria-label')).toBe('Учётная запись');
    expect([...switcher.options].map((o) => o.dataset.accountId)).toEqual(['max-1', 'max-2']);
    expect(switcher.value).toBe('max-1');
    await fireEvent.change(switcher, { target: { value: 'max-2' } });
    await waitFor(() => expect(switcher.value).toBe('max-2'));
    expect(calls.find((c) => c.cmd === 'switch_account')?.args).toEqual({ accountId: 'max-2' });
  });

  it('moves between sections with the arrow keys', async () => {
    await mockShell(noAccount());
    render(App);
    const chats = screen.getByRole('button', { name: 'Чаты' });
    chats.focus();
    await fireEvent.keyDown(chats, { key: 'ArrowDown' });
    const announcements = screen.getByRole('button', { name: 'Объявления' });
    expect(announcements.getAttribute('aria-current')).toBe('page');
    expect(document.activeElement).toBe(announcements);
    await fireEvent.keyDown(announcements, { key: 'ArrowDown' });
    expect(currentSection()).toBe('Поиск');
    await fireEvent.keyDown(screen.getByRole('button', { name: 'Поиск' }), { key: 'ArrowUp' });
    await fireEvent.keyDown(announcements, { key: 'ArrowUp' });
    await fireEvent.keyDown(chats, { key: 'ArrowUp' });
    expect(currentSection()).toBe('Дневник');
    expect(document.activeElement?.id).toBe('nav-diary');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(
      'Дневник появится после входа в электронный журнал',
    );
  });

  it('focuses search with Ctrl+K, also on the Russian layout, and with Ctrl+F', async () => {
    await mockShell(session(), (cmd) => (cmd === 'chat_list' ? [] : undefined));
    render(App);
    await fireEvent.keyDown(window, { key: 'л', code: 'KeyK', ctrlKey: true });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('search-input')));
    expect(currentSection()).toBe('Поиск');
    screen.getByRole('button', { name: 'Чаты' }).click();
    await waitFor(() => expect(currentSection()).toBe('Чаты'));
    await fireEvent.keyDown(window, { key: 'f', code: 'KeyF', ctrlKey: true });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('search-input')));
  });

  it('opens a search result in Чаты', async () => {
    const result: SearchResult = {
      chatId: 'c7',
      chatTitle: '5 «Б» — родители',
      messageId: 'm42',
      senderName: 'Анна Петровна',
      timeMs: Date.now(),
      fragment: [
        { text: 'Завтра ', hit: false },
        { text: 'контрольная', hit: true },
      ],
      cursor: 'k42',
    };
    const calls = await mockShell(session(), (cmd) => {
      if (cmd === 'search') return [result];
      if (cmd === 'chat_list') return [chat('c7', { title: '5 «Б» — родители' })];
      if (cmd === 'messages') {
        return {
          messages: [message('m42', { chatId: 'c7' })],
          hasOlder: false,
          hasNewer: false,
          readMarkMs: Date.now(),
          firstUnreadId: null,
          unreadCount: 0,
        };
      }
      if (cmd === 'mark_read') return null;
      return undefined;
    });
    render(App);
    await fireEvent.click(screen.getByRole('button', { name: 'Поиск' }));
    const input = screen.getByTestId('search-input');
    await fireEvent.input(input, { target: { value: 'контрольной' } });
    const option = await within(screen.getByTestId('search-results')).findByRole('option');
    expect(option.dataset.chatId).toBe('c7');
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(option.getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(currentSection()).toBe('Чаты'));
    expect(screen.getByRole('main').dataset.section).toBe('chats');
    // Чаты opens the chosen chat at the chosen message.
    await waitFor(() =>
      expect(document.querySelector('[data-testid=conversation]')?.getAttribute('data-chat-id')).toBe(
        'c7',
      ),
    );
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'messages' && c.args.chatId === 'c7')?.args.request).toEqual({
        type: 'around',
        messageId: 'm42',
      }),
    );
  });

  it('shows the saved announcements with the offline banner and opens a post in Чаты', async () => {
    const saved = new Date(new Date().getFullYear(), 10, 28, 18, 30).getTime();
    await mockShell(
      session({ connection: { type: 'offline', reason: 'нет сети', retryInS: 5 }, lastSyncedMs: saved }),
      (cmd) => {
        if (cmd === 'chat_list') return [];
        if (cmd !== 'announcements') return undefined;
        return {
          nextCursor: null,
          posts: [
            {
              channelId: 'ch1',
              channelTitle: 'Школа № 5',
              channelInitials: 'Ш5',
              message: message('p1', { chatId: 'ch1' }),
            },
          ],
        };
      },
    );
    render(App);
    await fireEvent.click(screen.getByRole('button', { name: 'Объявления' }));
    expect(screen.getByTestId('offline-banner').textContent?.trim()).toBe(
      'Нет сети — показано сохранённое на 28 ноября в 18:30',
    );
    await fireEvent.click(await screen.findByRole('button', { name: 'Открыть в чате «Школа № 5»' }));
    await waitFor(() => expect(currentSection()).toBe('Чаты'));
  });

  it('shows the diary for the account and opens the class chat from a lesson in Чаты', async () => {
    const calls = await mockShell(session(), (cmd) => {
      if (cmd === 'diary_state') return diaryState();
      if (cmd === 'diary_week') return { ...diaryWeek(), monday: '2026-12-07' };
      if (cmd === 'chat_list') return [chat('chat-5a', { title: '5 «А» — родители' })];
      if (cmd === 'messages') {
        return {
          messages: [message('m1', { chatId: 'chat-5a' })],
          hasOlder: false,
          hasNewer: false,
          readMarkMs: Date.now(),
          firstUnreadId: null,
          unreadCount: 0,
        };
      }
      if (cmd === 'mark_read' || cmd === 'set_reading') return null;
      return undefined;
    });
    render(App);
    await fireEvent.click(screen.getByRole('button', { name: 'Дневник' }));
    const lesson = await waitFor(() => {
      const found = document.querySelector<HTMLElement>('[data-testid=diary-lesson][data-subject="Алгебра"]');
      if (!found) throw new Error('no lesson yet');
      return found;
    });
    expect(screen.getByTestId('diary').dataset.status).toBe('ready');
    await fireEvent.click(within(lesson).getByRole('button', { name: /чат класса/ }));
    await waitFor(() => expect(currentSection()).toBe('Чаты'));
    await waitFor(() =>
      expect(document.querySelector('[data-testid=conversation]')?.getAttribute('data-chat-id')).toBe(
        'chat-5a',
      ),
    );
    expect(calls.some((c) => c.cmd === 'diary_week')).toBe(true);
  });

  it('asks before opening «Моя школа» from the diary after coming from Чаты', async () => {
    const calls = await mockShell(session(), (cmd) => {
      if (cmd === 'diary_state') {
        return diaryState({ status: 'moved', children: [], movedLink: 'https://myschool.gosuslugi.ru/' });
      }
      if (cmd === 'chat_list') return [];
      if (cmd === 'open_link' || cmd === 'set_reading') return null;
      return undefined;
    });
    render(App);
    await waitFor(() => expect(currentSection()).toBe('Чаты'));
    await fireEvent.click(screen.getByRole('button', { name: 'Дневник' }));
    const moved = await screen.findByTestId('diary-moved');
    await fireEvent.click(within(moved).getByRole('link'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('link-address').textContent).toBe('https://myschool.gosuslugi.ru/');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Открыть' }));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'open_link')?.args).toEqual({ url: 'https://myschool.gosuslugi.ru/' }),
    );
  });

  it('asks the core for its details in the About dialog', async () => {
    const calls = await mockShell(noAccount(), (cmd) =>
      cmd === 'app_info'
        ? { name: 'Парта', version: '9.9.9', os: 'linux', dataDir: '/home/u/.local/parta' }
        : undefined,
    );
    render(App);
    await fireEvent.click(screen.getByRole('button', { name: 'О программе' }));
    await waitFor(() => expect(screen.getByTestId('about-version').textContent).toBe('Версия 9.9.9'));
    expect(screen.getByTestId('about-data-dir').textContent).toBe('/home/u/.local/parta');
    expect(calls.filter((c) => c.cmd === 'app_info')).toHaveLength(1);
  });

  it('shows a failed command as a readable alert, as text', async () => {
    await mockShell(noAccount(), () => {
      throw '<b>нет</b> доступа';
    });
    render(App);
    await fireEvent.click(screen.getByRole('button', { name: 'О программе' }));
    // The sign-in screen's own failure (no code from this mock) is another alert on the page.
    const alert = await waitFor(() => {
      const found = screen
        .getAllByRole('alert')
        .find((a) => a.textContent?.startsWith('Не удалось получить сведения'));
      if (!found) throw new Error('no About alert yet');
      return found;
    });
    expect(alert.textContent).toBe('Не удалось получить сведения о программе: <b>нет</b> доступа');
    expect(alert.querySelector('b')).toBeNull();
  });

  it('switches the whole window to English in Settings, and remembers it', async () => {
    await mockShell(connection({ type: 'offline', reason: 'x', retryInS: 5 }), (cmd) =>
      cmd === 'chat_list' ? [] : undefined,
    );
    render(App);
    await fireEvent.click(screen.getByRole('button', { name: 'Настройки' }));
    const language = screen.getByRole('combobox', { name: 'Язык' });
    expect([...(language as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      'Русский',
      'English',
    ]);
    await fireEvent.change(language, { target: { value: 'en' } });
    expect(screen.getByRole('navigation', { name: 'Sections' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'About' })).toBeTruthy();
    expect(status().textContent).toBe('No network — retrying in 5 s');
    expect(localStorage.getItem('parta.locale')).toBe('en');
  });

  it('tells the shell its language at start and whenever it changes', async () => {
    const offline = connection({ type: 'offline', reason: 'x', retryInS: 5 });
    const calls = await mockShell(offline, (cmd) => (cmd === 'chat_list' ? [] : undefined));
    const told = () => calls.filter((c) => c.cmd === 'set_locale').map((c) => c.args.locale);
    render(App);
    await waitFor(() => expect(told()).toEqual(['ru']));
    await fireEvent.click(screen.getByRole('button', { name: 'Настройки' }));
    const language = screen.getByRole('combobox', { name: 'Язык' });
    await fireEvent.change(language, { target: { value: 'en' } });
    await waitFor(() => expect(told()).toEqual(['ru', 'en']));
    await fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), {
      target: { value: 'ru' },
    });
    await waitFor(() => expect(told()).toEqual(['ru', 'en', 'ru']));
  });
});
