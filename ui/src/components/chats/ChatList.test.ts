import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import ChatList from './ChatList.svelte';
import { chat } from './fixtures';
import { setLocale, tn } from '../../lib/i18n/index.svelte';
import { formatListTime, formatSize, previewParts } from '../../lib/chats/format';

afterEach(() => {
  cleanup();
  setLocale('ru');
});

const now = Date.now();
const chats = [
  chat('1', {
    title: '5 «Б» класс',
    unread: 3,
    lastMessage: {
      senderName: null,
      own: true,
      text: '',
      attachment: { type: 'photo', name: null },
      deleted: false,
      timeMs: now,
    },
  }),
  chat('2', { kind: 'channel', title: 'Школа №7', muted: true, unread: 1000, unreadCapped: true }),
  chat('3', {
    kind: 'dialog',
    title: '<img src=x onerror=alert(1)>',
    pinned: true,
    lastMessage: {
      senderName: '<script>alert(1)</script>',
      own: false,
      text: '<img src=x onerror=alert(2)>',
      attachment: null,
      deleted: false,
      timeMs: now,
    },
  }),
  chat('4', { kind: 'dialog', title: 'Мама Пети', unread: 21 }),
];

function titles(): string[] {
  return Array.from(document.querySelectorAll('[role=option] .chat-title')).map(
    (e) => e.textContent ?? '',
  );
}

describe('the chat list', () => {
  it('shows rows with marks, badges and previews, pinned first, hostile titles as text', () => {
    render(ChatList, { chats, selectedId: '4', onOpen: () => {} });
    const list = screen.getByRole('listbox', { name: 'Список чатов' });
    expect(list.dataset.testid).toBe('chat-list');
    expect(titles()).toEqual(['<img src=x onerror=alert(1)>', '5 «Б» класс', 'Школа №7', 'Мама Пети']);
    expect(list.querySelector('img, script')).toBeNull();
    expect(list.querySelector('[data-chat-id="3"] .preview')?.textContent?.trim()).toBe(
      '<script>alert(1)</script>: <img src=x onerror=alert(2)>',
    );
    const channel = list.querySelector('[data-chat-id="2"]')!;
    expect(channel.querySelector('.unread-badge')?.textContent).toBe('999+');
    expect(channel.querySelector('[aria-label="Канал"]')).not.toBeNull();
    expect(channel.querySelector('[aria-label="Без звука"]')).not.toBeNull();
    expect(list.querySelector('[data-chat-id="3"] [aria-label="Закреплён"]')).not.toBeNull();
    const first = list.querySelector('[data-chat-id="1"]')!;
    expect(first.querySelector('.preview')?.textContent?.trim()).toBe('Вы: Фото');
    expect(first.textContent).toContain('3 непрочитанных сообщения');
    expect(list.querySelector('[data-chat-id="4"]')?.getAttribute('aria-selected')).toBe('true');
    expect(list.querySelector('[data-chat-id="4"]')?.textContent).toContain(
      '21 непрочитанное сообщение',
    );
  });

  it('filters by tab', async () => {
    render(ChatList, { chats, selectedId: null, onOpen: () => {} });
    const unread = document.querySelector<HTMLElement>('[role=tab][data-tab=unread]')!;
    await fireEvent.click(unread);
    expect(unread.getAttribute('aria-selected')).toBe('true');
    expect(titles()).toEqual(['5 «Б» класс', 'Школа №7', 'Мама Пети']);
    const channels = document.querySelector<HTMLElement>('[role=tab][data-tab=channels]')!;
    await fireEvent.click(channels);
    expect(titles()).toEqual(['Школа №7']);
    await fireEvent.keyDown(channels, { key: 'ArrowRight' });
    const all = document.querySelector<HTMLElement>('[role=tab][data-tab=all]')!;
    expect(all.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(all);
    expect(titles()).toHaveLength(4);
  });

  it('moves with the arrow keys, Home and End, and opens with Enter', async () => {
    const onOpen = vi.fn();
    render(ChatList, { chats, selectedId: null, onOpen });
    const options = (): HTMLElement[] =>
      Array.from(document.querySelectorAll<HTMLElement>('[role=option]'));
    expect(options().map((o) => o.tabIndex)).toEqual([0, -1, -1, -1]);
    options()[0]!.focus();
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(options()[1]);
    await fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement?.getAttribute('data-chat-id')).toBe('4');
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('data-chat-id')).toBe('4');
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement?.getAttribute('data-chat-id')).toBe('2');
    await fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith('2');
    await fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement?.getAttribute('data-chat-id')).toBe('3');
    expect(options().filter((o) => o.tabIndex === 0)).toHaveLength(1);
  });
});

describe('chat wording', () => {
  it('uses Russian plurals for unread', () => {
    expect([1, 2, 5, 11, 21, 22, 25, 101].map((n) => tn('chats.unread', n))).toEqual([
      '1 непрочитанное сообщение',
      '2 непрочитанных сообщения',
      '5 непрочитанных сообщений',
      '11 непрочитанных сообщений',
      '21 непрочитанное сообщение',
      '22 непрочитанных сообщения',
      '25 непрочитанных сообщений',
      '101 непрочитанное сообщение',
    ]);
    setLocale('en');
    expect(tn('chats.unread', 1)).toBe('1 unread message');
    expect(tn('chats.unread', 3)).toBe('3 unread messages');
  });

  it('words times, sizes and previews', () => {
    const today = new Date(2026, 10, 28, 15, 0);
    expect(formatListTime(new Date(2026, 10, 28, 9, 5).getTime(), today)).toBe('09:05');
    expect(formatListTime(new Date(2026, 10, 27, 22, 0).getTime(), today)).toBe('вчера');
    expect(formatListTime(new Date(2026, 10, 24, 10, 0).getTime(), today)).toBe('вт');
    expect(formatListTime(new Date(2026, 9, 1, 10, 0).getTime(), today)).toBe('1 окт.');
    expect(formatSize(1258291)).toBe('1,2 МБ');
    expect(formatSize(900)).toBe('900 Б');
    const base = { senderName: 'Анна', own: false, text: '', deleted: false, timeMs: 0 };
    expect(previewParts({ ...base, attachment: { type: 'file', name: 'ДЗ.docx' } })).toEqual({
      sender: 'Анна',
      text: 'Файл: ДЗ.docx',
    });
    expect(previewParts({ ...base, attachment: { type: 'audio', name: null } }).text).toBe(
      'Голосовое сообщение',
    );
    expect(previewParts({ ...base, attachment: { type: 'video', name: null } }).text).toBe('Видео');
    expect(previewParts({ ...base, deleted: true, attachment: null }).text).toBe('Сообщение удалено');
  });
});
