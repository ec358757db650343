import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Conversation from './Conversation.svelte';
import { chat, history, message, pageOf, polyfillDialog, seg } from './fixtures';
import type { MessagePage, MessageRow, PageRequest } from '../../lib/backend';
import { setLocale } from '../../lib/i18n/index.svelte';
import { formatDayLabel } from '../../lib/chats/format';

polyfillDialog();

afterEach(() => {
  cleanup();
  clearMocks();
  setLocale('ru');
});

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

function backend(all: MessageRow[], extra: Partial<MessagePage> = {}): Call[] {
  const calls: Call[] = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    switch (cmd) {
      case 'messages':
        return pageOf(all, a.request as PageRequest, a.limit as number, extra);
      case 'send_message':
        return 'client-1';
      case 'stage_file':
        return { stagedId: 'staged-1', name: 'ДЗ.pdf', size: 2048, isImage: false };
      case 'mark_read':
      case 'retry_outbox':
      case 'discard_outbox':
      case 'discard_staged':
        return null;
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  return calls;
}

function articles(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('[data-testid=history] article'));
}

function stubLayout(el: HTMLElement, clientHeight: number, scrollHeight: number): void {
  Object.defineProperty(el, 'clientHeight', { configurable: true, get: () => clientHeight });
  Object.defineProperty(el, 'scrollHeight', { configurable: true, get: () => scrollHeight });
}

describe('the conversation', () => {
  it('keeps at most 200 messages in the DOM while scrolling through 600', async () => {
    const all = history('c1', 600);
    let most = 0;
    const calls: string[] = [];
    mockIPC((cmd, args) => {
      most = Math.max(most, articles().length);
      if (cmd !== 'messages') return null;
      const a = args as { request: PageRequest; limit: number };
      calls.push(a.request.type);
      return pageOf(all, a.request, a.limit);
    });
    render(Conversation, { chatId: 'c1', chat: chat('c1') });
    await waitFor(() => expect(articles()).toHaveLength(50));
    expect(articles().at(-1)?.dataset.messageId).toBe('m599');

    const log = screen.getByRole('log');
    expect(log.dataset.testid).toBe('history');
    stubLayout(log, 500, 10_000);
    log.scrollTop = 5000;
    await fireEvent.scroll(log);
    log.scrollTop = 0;
    await fireEvent.scroll(log);
    await waitFor(() => expect(articles()[0]?.dataset.messageId).toBe('m0'), { timeout: 20_000 });
    expect(articles().length).toBeLessThanOrEqual(200);
    expect(screen.getByText('Начало переписки')).toBeTruthy();
    expect(calls.filter((c) => c === 'before').length).toBe(11);

    log.scrollTop = 9500;
    await fireEvent.scroll(log);
    await waitFor(() => expect(articles().at(-1)?.dataset.messageId).toBe('m599'), {
      timeout: 20_000,
    });
    expect(articles().length).toBeLessThanOrEqual(200);
    expect(most).toBeLessThanOrEqual(200);
    expect(calls.filter((c) => c === 'after').length).toBeGreaterThanOrEqual(8);
    // The window holds consecutive messages, oldest first.
    const ids = articles().map((a) => Number(a.dataset.messageId!.slice(1)));
    expect(ids).toEqual(ids.map((_, i) => ids[0]! + i));
  }, 60_000);

  it('separates days, names senders in groups and renders hostile text as text', async () => {
    const now = new Date();
    const today = now.getTime();
    const yesterday = today - 24 * 60 * 60 * 1000;
    const older = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 9, 12).getTime();
    const hostile = '<img src=x onerror=alert(1)><script>alert(1)</script>';
    backend([
      message('a', { cursor: '0', timeMs: older, senderName: hostile, senderInitials: '<' }),
      message('b', { cursor: '1', timeMs: yesterday, kind: 'system', segments: [seg(hostile)] }),
      message('c', { cursor: '2', timeMs: today, segments: [seg(hostile)] }),
    ]);
    const { container } = render(Conversation, { chatId: 'c1', chat: chat('c1') });
    await waitFor(() => expect(articles()).toHaveLength(3));
    const days = Array.from(container.querySelectorAll('.day')).map((d) => d.textContent);
    expect(days).toEqual([formatDayLabel(older), 'Вчера', 'Сегодня']);
    expect(container.querySelector('[data-testid=history] img, [data-testid=history] script')).toBeNull();
    expect(articles()[0]!.querySelector('.sender')?.textContent).toBe(hostile);
    expect(articles()[1]!.classList.contains('system')).toBe(true);
    expect(articles()[2]!.querySelector('.message-text')?.textContent).toBe(hostile);
  });

  it('shows the unread marker and the jump button', async () => {
    const all = history('c1', 120);
    backend(all, { firstUnreadId: 'm100', unreadCount: 20 });
    render(Conversation, { chatId: 'c1', chat: chat('c1') });
    await waitFor(() => expect(screen.getByText('Новые сообщения')).toBeTruthy());
    expect(screen.getByTestId('jump-unread').textContent).toBe('К первому непрочитанному');
  });

  it('shows outbox states with the Russian reason and retries', async () => {
    const calls = backend([
      message('local-x', {
        cursor: '0',
        own: true,
        outbox: { clientId: 'x', state: 'failed', reason: 'Файл больше 2 ГБ — MAX такой не примет' },
      }),
      message('local-y', {
        cursor: '1',
        own: true,
        outbox: { clientId: 'y', state: 'pending', reason: null },
      }),
    ]);
    render(Conversation, { chatId: 'c1', chat: chat('c1') });
    await waitFor(() => expect(articles()).toHaveLength(2));
    expect(articles().map((a) => a.dataset.state)).toEqual(['failed', 'pending']);
    expect(articles()[0]!.textContent).toContain('Файл больше 2 ГБ — MAX такой не примет');
    expect(articles()[1]!.querySelector('[aria-label="Отправляется"]')).not.toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Повторить' }));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'retry_outbox')?.args).toEqual({ clientId: 'x' }),
    );
  });

  it('hides the composer in a channel the person cannot write to', async () => {
    backend(history('c1', 3));
    render(Conversation, {
      chatId: 'c1',
      chat: chat('c1', { kind: 'channel', canWrite: false }),
    });
    await waitFor(() => expect(articles()).toHaveLength(3));
    expect(screen.getByText('Только администраторы могут писать в канал')).toBeTruthy();
    expect(document.querySelector('[data-testid=composer-text]')).toBeNull();
  });
});

describe('quotes', () => {
  it('jumps to the replied message, loading the page around it when it is not shown', async () => {
    const all = history('c1', 300);
    all[299] = {
      ...all[299]!,
      reply: { chatId: 'c1', messageId: 'm20', senderName: 'Анна', text: 'Сообщение номер 20' },
    };
    all[298] = {
      ...all[298]!,
      reply: { chatId: 'c1', messageId: 'm297', senderName: 'Анна', text: 'Сообщение номер 297' },
    };
    const requests: PageRequest[] = [];
    mockIPC((cmd, args) => {
      const a = args as { request: PageRequest; limit: number };
      if (cmd !== 'messages') return null;
      requests.push(a.request);
      return pageOf(all, a.request, a.limit);
    });
    render(Conversation, { chatId: 'c1', chat: chat('c1') });
    await waitFor(() => expect(articles()).toHaveLength(50));
    const near = articles().find((a) => a.dataset.messageId === 'm298')!;
    await fireEvent.click(near.querySelector('button.quote')!);
    expect(document.activeElement?.getAttribute('data-message-id')).toBe('m297');
    expect(requests).toHaveLength(1);
    const far = articles().find((a) => a.dataset.messageId === 'm299')!;
    await fireEvent.click(far.querySelector('button.quote')!);
    await waitFor(() =>
      expect(document.activeElement?.getAttribute('data-message-id')).toBe('m20'),
    );
    expect(requests.at(-1)).toEqual({ type: 'around', messageId: 'm20' });
    expect(articles()[0]?.dataset.messageId).toBe('m0');
    expect(articles().find((a) => a.dataset.messageId === 'm20')?.classList.contains('highlighted')).toBe(true);
  });
});

describe('the composer', () => {
  async function open(): Promise<{ calls: Call[]; text: HTMLTextAreaElement }> {
    const calls = backend(history('c1', 5));
    render(Conversation, { chatId: 'c1', chat: chat('c1', { id: 'c1' }) });
    await waitFor(() => expect(articles()).toHaveLength(5));
    const text = screen.getByTestId('composer-text') as HTMLTextAreaElement;
    return { calls, text };
  }

  it('sends on Enter, breaks the line on Shift+Enter, never sends while composing', async () => {
    const { calls, text } = await open();
    const sends = (): Call[] => calls.filter((c) => c.cmd === 'send_message');
    await fireEvent.input(text, { target: { value: 'Добрый день' } });
    await fireEvent.keyDown(text, { key: 'Enter', shiftKey: true });
    await fireEvent.keyDown(text, { key: 'Enter', isComposing: true });
    await fireEvent.keyDown(text, { key: 'Enter', keyCode: 229 });
    expect(sends()).toHaveLength(0);
    await fireEvent.keyDown(text, { key: 'Enter' });
    await waitFor(() => expect(sends()).toHaveLength(1));
    expect(sends()[0]!.args.request).toEqual({
      chatId: 'c1',
      text: 'Добрый день',
      replyTo: null,
      stagedIds: [],
    });
    await waitFor(() => expect(text.value).toBe(''));
    await fireEvent.keyDown(text, { key: 'Enter' });
    expect(sends()).toHaveLength(1);
  });

  it('replies to a message and attaches a picked file', async () => {
    const { calls, text } = await open();
    await fireEvent.click(screen.getAllByRole('button', { name: /^Ответить/ })[0]!);
    expect(screen.getByRole('button', { name: 'Отменить ответ' })).toBeTruthy();
    const input = document.querySelector<HTMLInputElement>(
      'input[type=file][data-testid=attach-input]',
    )!;
    const file = new File(['%PDF'], 'ДЗ.pdf', { type: 'application/pdf' });
    await fireEvent.change(input, { target: { files: [file] } });
    await waitFor(() => expect(screen.getByTestId('staged-file').textContent).toContain('2 КБ'));
    await fireEvent.input(text, { target: { value: 'Вот' } });
    await fireEvent.click(screen.getByTestId('send'));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'send_message')?.args.request).toEqual({
        chatId: 'c1',
        text: 'Вот',
        replyTo: articles().find((a) => !a.dataset.messageId?.startsWith('local'))?.dataset
          .messageId,
        stagedIds: ['staged-1'],
      }),
    );
    await waitFor(() => expect(screen.queryByTestId('staged-file')).toBeNull());
  });

  it('stages pasted images and files dropped on the conversation, and removes a chip', async () => {
    const { calls } = await open();
    const text = screen.getByTestId('composer-text');
    const image = new File(['png'], 'скрин.png', { type: 'image/png' });
    await fireEvent.paste(text, { clipboardData: { files: [image] } });
    await waitFor(() => expect(screen.getAllByTestId('staged-file')).toHaveLength(1));
    const doc = new File(['doc'], 'ДЗ.pdf', { type: 'application/pdf' });
    const section = screen.getByTestId('conversation');
    await fireEvent.dragOver(section, { dataTransfer: { types: ['Files'], files: [doc] } });
    expect(screen.getByText('Отпустите, чтобы прикрепить')).toBeTruthy();
    await fireEvent.drop(section, { dataTransfer: { types: ['Files'], files: [doc] } });
    await waitFor(() => expect(screen.getAllByTestId('staged-file')).toHaveLength(2));
    expect(screen.queryByText('Отпустите, чтобы прикрепить')).toBeNull();
    expect(calls.filter((c) => c.cmd === 'stage_file')).toHaveLength(2);
    await waitFor(() => expect(screen.getAllByText('2 КБ')).toHaveLength(2));
    await fireEvent.click(screen.getByRole('button', { name: 'Убрать скрин.png' }));
    expect(screen.getAllByTestId('staged-file')).toHaveLength(1);
    await waitFor(() => expect(calls.some((c) => c.cmd === 'discard_staged')).toBe(true));
  });
});
