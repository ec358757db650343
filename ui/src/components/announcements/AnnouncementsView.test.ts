import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import AnnouncementsView from './AnnouncementsView.svelte';
import type { Announcement, AnnouncementPage, Connection } from '../../lib/backend';
import { setSession } from '../../lib/live.svelte';
import { mockShell, polyfillDialog, resetShell, session } from '../shell/testing';
import { message } from '../chats/fixtures';

polyfillDialog();

function post(id: number, text = `Объявление ${id}`): Announcement {
  return {
    channelId: 'ch1',
    channelTitle: 'Школа № 5 — новости',
    channelInitials: 'Ш5',
    message: message(`p${id}`, {
      chatId: 'ch1',
      timeMs: Date.now() - id * 60_000,
      segments: [{ text, styles: [], link: null, mention: null }],
    }),
  };
}

const thisYear = new Date().getFullYear();
const saved = new Date(thisYear, 10, 28, 18, 30).getTime();

beforeEach(() => resetShell());
afterEach(() => {
  cleanup();
  resetShell();
});

function page(posts: Announcement[], nextCursor: string | null = null): AnnouncementPage {
  return { posts, nextCursor };
}

describe('announcements', () => {
  it('shows every post newest first with its channel, and opens one in the chat', async () => {
    await mockShell(session(), (cmd) =>
      cmd === 'announcements' ? page([post(1), post(2)]) : undefined,
    );
    const opened: unknown[] = [];
    render(AnnouncementsView, { onOpen: (t) => opened.push(t) });
    const feed = screen.getByTestId('announcements');
    await waitFor(() => expect(feed.querySelectorAll('article')).toHaveLength(2));
    const first = feed.querySelector('article')!;
    expect(first.dataset.messageId).toBe('p1');
    expect(first.querySelector('.message-text')?.textContent).toBe('Объявление 1');
    expect(first.textContent).toContain('Школа № 5 — новости');
    expect(first.textContent).toContain('Ш5');
    await fireEvent.click(
      screen.getAllByRole('button', { name: 'Открыть в чате «Школа № 5 — новости»' })[0]!,
    );
    expect(opened).toEqual([{ chatId: 'ch1', messageId: 'p1' }]);
  });

  it.each([
    [{ type: 'offline', reason: 'нет сети', retryInS: 5 }, 'Нет сети — показано сохранённое на 28 ноября в 18:30'],
    [{ type: 'connecting' }, 'Подключение… — показано сохранённое на 28 ноября в 18:30'],
    [{ type: 'signedOut', reason: 'x' }, 'Сеанс завершён — показано сохранённое на 28 ноября в 18:30'],
  ] as [Connection, string][])('says the feed is the saved copy when %j', async (c, words) => {
    await mockShell(session({ connection: c, lastSyncedMs: saved }), (cmd) =>
      cmd === 'announcements' ? page([post(1)]) : undefined,
    );
    render(AnnouncementsView, { onOpen: () => {} });
    expect(screen.getByTestId('offline-banner').textContent?.trim()).toBe(words);
  });

  it('shows no banner online, and the year for an older copy', async () => {
    await mockShell(session({ lastSyncedMs: saved }), (cmd) =>
      cmd === 'announcements' ? page([]) : undefined,
    );
    render(AnnouncementsView, { onOpen: () => {} });
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    cleanup();
    await mockShell(
      session({
        connection: { type: 'offline', reason: '', retryInS: 5 },
        lastSyncedMs: new Date(2024, 8, 1, 8, 5).getTime(),
      }),
      (cmd) => (cmd === 'announcements' ? page([]) : undefined),
    );
    render(AnnouncementsView, { onOpen: () => {} });
    expect(screen.getByTestId('offline-banner').textContent?.trim()).toBe(
      'Нет сети — показано сохранённое на 1 сентября 2024 г. в 08:05',
    );
  });

  it('loads older posts and re-reads when messages change', async () => {
    let newest = [post(1), post(2)];
    const calls = await mockShell(session(), (cmd, args) => {
      if (cmd !== 'announcements') return undefined;
      return args.before === null ? page(newest, 'older') : page([post(3)], null);
    });
    render(AnnouncementsView, { onOpen: () => {} });
    const feed = screen.getByTestId('announcements');
    await waitFor(() => expect(feed.querySelectorAll('article')).toHaveLength(2));
    await fireEvent.click(screen.getByRole('button', { name: 'Показать более ранние' }));
    await waitFor(() => expect(feed.querySelectorAll('article')).toHaveLength(3));
    expect(screen.getByText('Это самое раннее сохранённое объявление.')).toBeTruthy();

    newest = [post(0, 'Новое объявление'), post(1), post(2)];
    setSession(session()); // any change notice
    await waitFor(() => expect(feed.querySelector('article')?.dataset.messageId).toBe('p0'));
    const rereads = calls.filter((c) => c.cmd === 'announcements' && c.args.before === null);
    expect(rereads.at(-1)!.args.limit).toBe(30);
  });

  it('says plainly when no channel has posted yet', async () => {
    await mockShell(session(), (cmd) => (cmd === 'announcements' ? page([]) : undefined));
    render(AnnouncementsView, { onOpen: () => {} });
    expect((await screen.findByRole('heading', { level: 3 })).textContent).toBe('Объявлений пока нет');
  });

  it('renders a post’s markup as text', async () => {
    await mockShell(session(), (cmd) =>
      cmd === 'announcements'
        ? page([{ ...post(1, '<script>window.__pwned = 1</script>'), channelTitle: '<b>Школа</b>' }])
        : undefined,
    );
    render(AnnouncementsView, { onOpen: () => {} });
    const feed = screen.getByTestId('announcements');
    await waitFor(() => expect(feed.querySelector('article')).toBeTruthy());
    expect(feed.querySelector('script, b')).toBeNull();
    expect(feed.querySelector('.message-text')?.textContent).toBe('<script>window.__pwned = 1</script>');
    expect(feed.textContent).toContain('<b>Школа</b>');
  });
});
