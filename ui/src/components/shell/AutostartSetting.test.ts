import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import AutostartSetting from './AutostartSetting.svelte';
import { mockShell, resetShell, session } from './testing';
import { setLocale } from '../../lib/i18n/index.svelte';

beforeEach(() => {
  resetShell();
  setLocale('ru');
});
afterEach(() => {
  cleanup();
  resetShell();
});

describe('start with the session', () => {
  it('is off until turned on, and the shell’s answer is what shows', async () => {
    let on = false;
    await mockShell(session(), (cmd, args) => {
      if (cmd === 'autostart_enabled') return on;
      if (cmd === 'set_autostart') {
        on = args.enabled as boolean;
        return on;
      }
      return undefined;
    });
    render(AutostartSetting, { props: { generation: 1 } });
    const box = (await screen.findByTestId('autostart')) as HTMLInputElement;
    await waitFor(() => expect(box.disabled).toBe(false));
    expect(box.checked).toBe(false);
    expect(screen.getByLabelText('Запускать Парту вместе с системой')).toBe(box);
    await fireEvent.click(box);
    await waitFor(() => expect(on).toBe(true));
    expect(box.checked).toBe(true);
    await fireEvent.click(box);
    await waitFor(() => expect(on).toBe(false));
    expect(box.checked).toBe(false);
  });

  it('says in Russian when the system does not support it, and stays off', async () => {
    await mockShell(session(), (cmd) => {
      if (cmd === 'autostart_enabled') return false;
      if (cmd === 'set_autostart') {
        throw 'Запуск вместе с системой на этой системе не поддерживается.';
      }
      return undefined;
    });
    render(AutostartSetting, { props: { generation: 1 } });
    const box = (await screen.findByTestId('autostart')) as HTMLInputElement;
    await waitFor(() => expect(box.disabled).toBe(false));
    await fireEvent.click(box);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('не поддерживается');
    expect(box.checked).toBe(false);
  });
});
