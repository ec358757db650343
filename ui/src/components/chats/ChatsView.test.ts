import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Channel } from '@tauri-apps/api/core';
import ChatsView from './ChatsView.svelte';
import { chat, history, message, pageOf, polyfillDialog } from './fixtures';
import type { BackendEvent, ChatRow, MessageRow, PageRequest } from '../../lib/backend';
import { setLocale } from '../../lib/i18n/index.svelte';

polyfillDialog();

let channel: Channel<BackendEvent> | null = null;
let chats: ChatRow[] = [];
let store: Record<string, MessageRow[]> = {};
let requests: { chatId: string; request: PageRequest }[] = [];
let chatListCalls = 0;

function emit(event: BackendEvent): void {
  channel?.onmessage(event);
}

beforeEach(() => {
  chats = [
    chat('c1', { title: '7 «А» класс', unread: 2 }),
    chat('c2', { title: 'Родители 7 «А»', kind: 'group' }),
    chat('c3', { title: 'Школа', kind: 'channel', canWrite: false }),
  ];
  store = { c1: history('c1', 30), c2: history('c2', 120), c3: history('c3', 3) };
  requests = [];
  chatListCalls = 0;
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case 'subscribe':
        channel = a.channel as Channel<BackendEvent>;
        return null;
      case 'session_state':
        return {
          accounts: [],
          ownPersonId: 'me',
          connection: { type: 'online' },
          progress: null,
          lastSyncedMs: null,
        };
      case 'chat_list':
        chatListCalls += 1;
        return chats;
      case 'messages': {
        const chatId = a.chatId as string;
        requests.push({ chatId, request: a.request as PageRequest });
        return pageOf(store[chatId] ?? [], a.request as PageRequest, a.limit as number);
      }
      default:
        return null;
    }
  });
});

afterEach(() => {
  cleanup();
  clearMocks();
  setLocale('ru');
});

function option(id: string): HTMLElement {
  return document.querySelector<HTMLElement>(`[role=option][data-chat-id="${id}"]`)!;
}

function conversation(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[data-testid=conversation]');
}

describe('the chats view', () => {
  it('lists chats, marks the first paint and opens a chat with a measured switch', async () => {
    render(ChatsView, { props: { target: null } });
    await waitFor(() => expect(option('c1')).toBeTruthy());
    await waitFor(() =>
      expect(performance.getEntriesByName('parta:chat-list-painted', 'mark')).toHaveLength(1),
    );
    expect(screen.getByText('Выберите чат')).toBeTruthy();

    await fireEvent.click(option('c2'));
    expect(performance.getEntriesByName('parta:chat-open:c2', 'mark')).toHaveLength(1);
    await waitFor(() => expect(conversation()?.dataset.chatId).toBe('c2'));
    expect(screen.getByTestId('conversation-title').textContent).toBe('Родители 7 «А»');
    expect(option('c2').getAttribute('aria-selected')).toBe('true');
    await waitFor(() =>
      expect(conversation()!.querySelectorAll('article').length).toBe(50),
    );
    await waitFor(() =>
      expect(performance.getEntriesByName('parta:chat-switch', 'measure').length).toBeGreaterThan(0),
    );

    option('c2').focus();
    await fireEvent.keyDown(option('c2'), { key: 'ArrowDown' });
    await fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    await waitFor(() => expect(conversation()?.dataset.chatId).toBe('c3'));
    expect(screen.getByText('Только администраторы могут писать в канал')).toBeTruthy();
    // The list paint is marked once per window.
    expect(performance.getEntriesByName('parta:chat-list-painted', 'mark')).toHaveLength(1);
  });

  it('opens a target at its message, and jumps again for a new target', async () => {
    const view = render(ChatsView, { props: { target: { chatId: 'c2', messageId: 'm10' } } });
    await waitFor(() => expect(conversation()?.dataset.chatId).toBe('c2'));
    await waitFor(() =>
      expect(conversation()!.querySelector('article[data-message-id="m10"]')).not.toBeNull(),
    );
    expect(requests[0]).toEqual({ chatId: 'c2', request: { type: 'around', messageId: 'm10' } });
    await view.rerender({ target: { chatId: 'c2', messageId: 'm110' } });
    await waitFor(() =>
      expect(conversation()!.querySelector('article[data-message-id="m110"]')).not.toBeNull(),
    );
    await waitFor(() =>
      expect(document.activeElement?.getAttribute('data-message-id')).toBe('m110'),
    );
  });

  it('re-reads the list on chats events and the history on messages events', async () => {
    render(ChatsView, { props: { target: null } });
    await waitFor(() => expect(option('c1')).toBeTruthy());
    await waitFor(() => expect(channel).not.toBeNull());
    chats = [...chats, chat('c4', { title: 'Новый чат' })];
    emit({ type: 'chats' });
    await waitFor(() => expect(option('c4')).toBeTruthy());
    expect(chatListCalls).toBeGreaterThanOrEqual(2);

    await fireEvent.click(option('c1'));
    await waitFor(() => expect(conversation()!.querySelectorAll('article').length).toBe(30));
    store.c1 = [
      ...store.c1!,
      message('new', { chatId: 'c1', cursor: '30', segments: [{ text: 'Свежее', styles: [], link: null, mention: null }] }),
    ];
    emit({ type: 'messages', chatId: 'c2' });
    emit({ type: 'messages', chatId: 'c1' });
    await waitFor(() =>
      expect(
        Array.from(conversation()!.querySelectorAll('article')).at(-1)?.dataset.messageId,
      ).toBe('new'),
    );
    expect(conversation()!.querySelectorAll('article').length).toBe(31);
  });

  it('shows download progress from transfer events', async () => {
    store.c1 = [
      message('f', {
        chatId: 'c1',
        cursor: '0',
        segments: [],
        attachments: [{ type: 'file', index: 0, name: 'План.docx', size: 4096, cached: false }],
      }),
    ];
    render(ChatsView, { props: { target: { chatId: 'c1', messageId: null } } });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Скачать' })).toBeTruthy());
    await waitFor(() => expect(channel).not.toBeNull());
    emit({
      type: 'transfer',
      transfer: {
        id: 'download:c1:f:0',
        direction: 'download',
        chatId: 'c1',
        done: 1024,
        total: 4096,
        finished: false,
        error: null,
      },
    });
    const bar = await screen.findByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    emit({
      type: 'transfer',
      transfer: {
        id: 'download:c1:f:0',
        direction: 'download',
        chatId: 'c1',
        done: 4096,
        total: 4096,
        finished: true,
        error: null,
      },
    });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Открыть' })).toBeTruthy());
  });

  it('goes by keyboard from the list to the composer, through messages and back', async () => {
    render(ChatsView, { props: { target: null } });
    await waitFor(() => expect(option('c1')).toBeTruthy());
    option('c1').focus();
    await fireEvent.keyDown(option('c1'), { key: 'Enter' });
    await waitFor(() => expect(document.activeElement?.getAttribute('data-testid')).toBe('composer-text'));
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(document.activeElement).toBe(option('c1'));

    const log = screen.getByRole('log');
    log.focus();
    await fireEvent.keyDown(log, { key: 'ArrowUp' });
    expect(document.activeElement?.getAttribute('data-message-id')).toBe('m29');
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement?.getAttribute('data-message-id')).toBe('m28');
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('data-message-id')).toBe('m29');
  });

  it('shows upload progress on a message still in the outbox', async () => {
    store.c1 = [
      message('local-u', {
        chatId: 'c1',
        cursor: '0',
        own: true,
        outbox: { clientId: 'u', state: 'pending', reason: null },
      }),
    ];
    render(ChatsView, { props: { target: { chatId: 'c1', messageId: null } } });
    await waitFor(() => expect(document.querySelector('article[data-state=pending]')).not.toBeNull());
    await waitFor(() => expect(channel).not.toBeNull());
    emit({
      type: 'transfer',
      transfer: {
        id: 'upload:u',
        direction: 'upload',
        chatId: 'c1',
        done: 3,
        total: 4,
        finished: false,
        error: null,
      },
    });
    await waitFor(() =>
      expect(document.querySelector('article[data-state=pending]')?.textContent).toContain(
        'Загружается 75%',
      ),
    );
  });
});
