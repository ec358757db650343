import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import NotificationSettings from './NotificationSettings.svelte';
import type { NotificationSettings as Settings } from '../../lib/backend';
import { mockShell, resetShell, session } from './testing';
import { setLocale } from '../../lib/i18n/index.svelte';

const parent: Settings = { enabled: true, privacyMode: false, quietHours: null, exceptions: [] };

beforeEach(() => {
  resetShell();
  setLocale('ru');
});
afterEach(() => {
  cleanup();
  resetShell();
});

async function shell(start: Settings) {
  let stored = start;
  const calls = await mockShell(session(), (cmd, args) => {
    if (cmd === 'notification_settings') return stored;
    if (cmd === 'set_notification_settings') {
      stored = args.settings as Settings;
      return stored;
    }
    if (cmd === 'chat_list') {
      return [
        { id: '-1', title: 'Школа №7 — объявления' },
        { id: '-3', title: '5 «А» — родители' },
      ];
    }
    return undefined;
  });
  return { calls, stored: () => stored };
}

describe('notification settings', () => {
  it('starts as a parent and offers the teacher’s quiet hours in one click', async () => {
    const { stored } = await shell(parent);
    render(NotificationSettings, { props: { generation: 1 } });
    const quiet = (await screen.findByTestId('notify-quiet')) as HTMLInputElement;
    expect(quiet.checked).toBe(false);
    expect((screen.getByTestId('notify-enabled') as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByText('Тихие часы для учителя: 20:00–08:00 и выходные'));
    await waitFor(() =>
      expect(stored().quietHours).toEqual({ from: 1200, to: 480, weekends: true }),
    );
    expect(((await screen.findByTestId('notify-from')) as HTMLInputElement).value).toBe('20:00');
    expect((screen.getByTestId('notify-to') as HTMLInputElement).value).toBe('08:00');
    expect((screen.getByTestId('notify-weekends') as HTMLInputElement).checked).toBe(true);
  });

  it('keeps privacy mode and picks exceptions from the chat list', async () => {
    const { stored } = await shell(parent);
    render(NotificationSettings, { props: { generation: 1 } });
    await fireEvent.click(await screen.findByTestId('notify-privacy'));
    await waitFor(() => expect(stored().privacyMode).toBe(true));
    const choice = screen.getByTestId('notify-exception-choice') as HTMLSelectElement;
    await waitFor(() => expect(choice.options.length).toBe(3));
    await fireEvent.change(choice, { target: { value: '-1' } });
    await fireEvent.click(screen.getByTestId('notify-exception-add'));
    await waitFor(() => expect(stored().exceptions).toEqual(['-1']));
    expect(screen.getByTestId('notify-exceptions').textContent).toContain('Школа №7 — объявления');
  });
});
