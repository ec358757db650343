import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import App from './App.svelte';
import { setLocale } from './lib/i18n/index.svelte';

// jsdom has no <dialog> behaviour; give it the minimum the component relies on.
HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.open = true;
};

afterEach(() => {
  cleanup();
  clearMocks();
  setLocale('ru');
});

describe('the window shell', () => {
  it('shows Russian navigation with the chats section current', () => {
    render(App);
    const nav = screen.getByRole('navigation', { name: 'Разделы' });
    const current = nav.querySelector('[aria-current="page"]');
    expect(current?.textContent?.trim()).toBe('Чаты');
    expect(screen.getByRole('status').textContent).toBe('Нет подключения к MAX');
  });

  it('moves between sections with the arrow keys', async () => {
    render(App);
    const chats = screen.getByRole('button', { name: 'Чаты' });
    chats.focus();
    await fireEvent.keyDown(chats, { key: 'ArrowDown' });
    const announcements = screen.getByRole('button', { name: 'Объявления' });
    expect(announcements.getAttribute('aria-current')).toBe('page');
    expect(document.activeElement).toBe(announcements);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Объявлений пока нет');
    await fireEvent.keyDown(announcements, { key: 'ArrowUp' });
    await fireEvent.keyDown(screen.getByRole('button', { name: 'Чаты' }), { key: 'ArrowUp' });
    expect(screen.getByRole('button', { name: 'Дневник' }).getAttribute('aria-current')).toBe(
      'page',
    );
  });

  it('asks the core for its details in the About dialog', async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'app_info') {
        return { name: 'Парта', version: '9.9.9', os: 'linux', dataDir: '/home/u/.local/parta' };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(App);
    await fireEvent.click(screen.getByRole('button', { name: 'О программе' }));
    await waitFor(() => expect(screen.getByTestId('about-version').textContent).toBe('Версия 9.9.9'));
    expect(screen.getByTestId('about-data-dir').textContent).toBe('/home/u/.local/parta');
    expect(calls).toEqual(['app_info']);
  });

  it('shows a failed command as a readable alert, as text', async () => {
    mockIPC(() => {
      throw '<b>нет</b> доступа';
    });
    render(App);
    await fireEvent.click(screen.getByRole('button', { name: 'О программе' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Не удалось получить сведения о программе: <b>нет</b> доступа');
    expect(alert.querySelector('b')).toBeNull();
  });

  it('switches the whole window to English', async () => {
    render(App);
    await fireEvent.change(screen.getByRole('combobox'), { target: { value: 'en' } });
    expect(screen.getByRole('navigation', { name: 'Sections' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'About' })).toBeTruthy();
  });
});
