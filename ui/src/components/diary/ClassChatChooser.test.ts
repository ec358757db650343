// The class chat a person chooses for a child in the Дневник, through the whole view with the
// shell's commands mocked: a child with no class chat found offers «Выбрать чат класса…», the
// list holds the account's group chats only, saving re-reads the week whose lessons then open
// that chat, and a chosen chat can be changed or removed. Keyboard only where a person would.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import DiaryView from './DiaryView.svelte';
import type { DiaryWeekView } from '../../lib/diary';
import { setLocale } from '../../lib/i18n/index.svelte';
import { polyfillDialog, session } from '../shell/testing';
import { chat } from '../chats/fixtures';
import { place } from './place';
import { alice, state, week } from './fixtures';

polyfillDialog();

type Call = { cmd: string; args: Record<string, unknown> };
let calls: Call[] = [];
/** What the shell keeps: the chosen chat per child. */
let chosen: Record<string, string> = {};
let failSave: string | null = null;

const chats = [
  chat('-10', { title: 'Родители 5 «А»' }),
  chat('30', { title: 'Иванова Марина Петровна', kind: 'dialog' }),
  chat('-20', { title: 'Кружок робототехники' }),
  chat('-40', { title: 'Новости школы', kind: 'channel' }),
];

function weekOf(guid: string): DiaryWeekView {
  const base = week({ childGuid: guid });
  const id = chosen[guid] ?? null;
  return {
    ...base,
    classChatId: id,
    classChatChosen: id !== null,
    days: base.days.map((day) => ({
      ...day,
      lessons: day.lessons.map((lesson) => ({ ...lesson, chatId: id })),
    })),
  };
}

beforeEach(() => {
  place.childGuid = null;
  place.monday = '2026-12-07';
  calls = [];
  chosen = {};
  failSave = null;
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'subscribe':
        return null;
      case 'session_state':
        return session();
      case 'diary_state':
        return state({ children: [{ ...alice, class: null }] });
      case 'diary_week':
        return weekOf(args.childGuid as string);
      case 'chat_list':
        return chats;
      case 'set_diary_class_chat': {
        if (failSave) throw failSave;
        const guid = args.childGuid as string;
        if (args.chatId === null) delete chosen[guid];
        else chosen[guid] = args.chatId as string;
        return null;
      }
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

function algebraChatButton(): HTMLButtonElement | null {
  return document.querySelector<HTMLButtonElement>(
    '[data-testid=diary-lesson][data-subject="Алгебра"] button.diary-open-chat',
  );
}

async function openChooser(): Promise<HTMLElement> {
  const choose = await screen.findByRole('button', {
    name: 'Выбрать чат класса: Морозова Алиса',
  });
  expect(choose.textContent?.trim()).toBe('Выбрать чат класса…');
  await fireEvent.click(choose);
  return screen.findByRole('group', { name: 'Чат класса: Морозова Алиса' });
}

describe('the class chat a person chooses', () => {
  it('links a child with no class chat to a group chat, and the lessons then open it', async () => {
    const opened: string[] = [];
    render(DiaryView, { onOpenChat: (id: string) => opened.push(id) });
    await waitFor(() => expect(document.querySelector('[data-testid=diary-lesson]')).toBeTruthy());
    expect(algebraChatButton()).toBeNull();

    const group = await openChooser();
    // Only group chats are offered; focus lands on the first one.
    const options = within(group).getAllByRole('radio');
    await waitFor(() => expect(document.activeElement).toBe(options[0]));
    expect(options.map((o) => o.closest('label')?.textContent?.trim())).toEqual([
      'Родители 5 «А»',
      'Кружок робототехники',
    ]);
    const save = screen.getByRole('button', { name: 'Сохранить' });
    expect((save as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.click(options[0]!);
    await fireEvent.click(save);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'set_diary_class_chat')?.args).toEqual({
        childGuid: alice.guid,
        chatId: '-10',
      }),
    );
    // The week is read again: «В чат класса» is there and opens the chosen chat.
    await waitFor(() => expect(algebraChatButton()).toBeTruthy());
    await fireEvent.click(algebraChatButton()!);
    expect(opened).toEqual(['-10']);
    const line = screen.getByTestId('diary-class-chat');
    expect(line.dataset.chosen).toBe('true');
    await waitFor(() => expect(line.textContent).toContain('Чат класса: Родители 5 «А»'));
    // The form is gone and focus is back on its button.
    expect(screen.queryByRole('group', { name: 'Чат класса: Морозова Алиса' })).toBeNull();
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: 'Выбрать другой чат класса: Морозова Алиса' }),
    );
  });

  it('changes a chosen chat and removes it', async () => {
    chosen[alice.guid] = '-10';
    render(DiaryView, { onOpenChat: () => {} });
    await waitFor(() => expect(algebraChatButton()).toBeTruthy());

    await fireEvent.click(
      screen.getByRole('button', { name: 'Выбрать другой чат класса: Морозова Алиса' }),
    );
    const group = await screen.findByRole('group', { name: 'Чат класса: Морозова Алиса' });
    const [first, second] = within(group).getAllByRole('radio') as HTMLInputElement[];
    // The current choice is checked and focused.
    await waitFor(() => expect(document.activeElement).toBe(first));
    expect(first!.checked).toBe(true);
    await fireEvent.click(second!);
    await fireEvent.submit(group.closest('form')!);
    await waitFor(() => expect(chosen[alice.guid]).toBe('-20'));
    await waitFor(() =>
      expect(screen.getByTestId('diary-class-chat').textContent).toContain(
        'Чат класса: Кружок робототехники',
      ),
    );

    await fireEvent.click(
      screen.getByRole('button', { name: 'Убрать связь с чатом класса: Морозова Алиса' }),
    );
    await waitFor(() => expect(algebraChatButton()).toBeNull());
    expect(chosen[alice.guid]).toBeUndefined();
    expect(calls.filter((c) => c.cmd === 'set_diary_class_chat').at(-1)?.args).toEqual({
      childGuid: alice.guid,
      chatId: null,
    });
    expect(screen.getByTestId('diary-class-chat-choose').textContent?.trim()).toBe(
      'Выбрать чат класса…',
    );
  });

  it('closes on Escape without saving, and says why a save failed', async () => {
    render(DiaryView, { onOpenChat: () => {} });
    const group = await openChooser();
    await fireEvent.keyDown(within(group).getAllByRole('radio')[0]!, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('group')).toBeNull());
    expect(document.activeElement).toBe(screen.getByTestId('diary-class-chat-choose'));
    expect(calls.some((c) => c.cmd === 'set_diary_class_chat')).toBe(false);

    failSave = 'Такого группового чата нет среди ваших чатов.';
    const again = await openChooser();
    await fireEvent.click(within(again).getAllByRole('radio')[1]!);
    await fireEvent.click(screen.getByRole('button', { name: 'Сохранить' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Не удалось: Такого группового чата нет среди ваших чатов.');
    // Still open, to try again or cancel.
    expect(screen.getByRole('group', { name: 'Чат класса: Морозова Алиса' })).toBeTruthy();
  });

  it('offers nothing when a chat was found by its title, and speaks English too', async () => {
    setLocale('en');
    chosen = {};
    render(DiaryView, { onOpenChat: () => {} });
    const choose = await screen.findByTestId('diary-class-chat-choose');
    expect(choose.textContent?.trim()).toBe('Choose the class chat…');
    cleanup();

    mockIPC((cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      if (cmd === 'diary_state') return state();
      if (cmd === 'diary_week') return week({ childGuid: args.childGuid as string });
      if (cmd === 'session_state') return session();
      return null;
    });
    render(DiaryView, { onOpenChat: () => {} });
    await waitFor(() => expect(algebraChatButton()).toBeTruthy());
    expect(screen.queryByTestId('diary-class-chat')).toBeNull();
  });
});
