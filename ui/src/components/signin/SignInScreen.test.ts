import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { mockIPC } from '@tauri-apps/api/mocks';
import SignInScreen from './SignInScreen.svelte';
import QrCode from './QrCode.svelte';
import { formatRemaining } from './signin.svelte';
import { refreshSession, startLive } from '../../lib/live.svelte';
import type { Channel } from '@tauri-apps/api/core';
import type { BackendEvent, QrView } from '../../lib/backend';
import { noAccount, resetShell } from '../shell/testing';

const LINK = 'https://max.ru/:auth/1b2c';

function code(expiresInMs: number, link = LINK): QrView {
  // A 3×3 "code": dark corners and centre.
  return {
    link,
    expiresAtMs: Date.now() + expiresInMs,
    size: 3,
    modules: [true, false, true, false, true, false, true, false, true],
  };
}

type Answer = (args: Record<string, unknown>) => unknown;

/** The window's one event channel (opened once per file by `startLive`). */
let channel: Channel<BackendEvent> | null = null;

function emit(event: BackendEvent): void {
  channel?.onmessage(event);
}

/** Mocks the shell: no account, and `answers` by command (anything else throws). */
async function shell(answers: Record<string, Answer>) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    if (cmd === 'session_state') return noAccount();
    if (cmd === 'subscribe') {
      channel = args.channel as Channel<BackendEvent>;
      return null;
    }
    const answer = answers[cmd];
    if (!answer) throw new Error(`unexpected command ${cmd}`);
    return answer(args);
  });
  await startLive();
  await refreshSession();
  return calls;
}

beforeEach(() => resetShell());
afterEach(() => {
  cleanup();
  resetShell();
  vi.useRealTimers();
});

describe('the QR code', () => {
  it('is drawn by code from the module matrix, with the link on the element', () => {
    render(QrCode, { qr: code(60_000), label: 'QR-код для входа в MAX' });
    const svg = screen.getByTestId('qr-code');
    expect(svg.dataset.link).toBe(LINK);
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('QR-код для входа в MAX');
    // Five dark modules, each one square of the path, offset by the quiet zone.
    const d = svg.querySelector('path')?.getAttribute('d') ?? '';
    expect(d.match(/M/g)).toHaveLength(5);
    expect(d.startsWith('M4 4h1v1h-1z')).toBe(true);
    expect(svg.getAttribute('viewBox')).toBe('0 0 11 11');
  });

  it('formats the countdown as m:ss', () => {
    expect(formatRemaining(45_000)).toBe('0:45');
    expect(formatRemaining(44_001)).toBe('0:45');
    expect(formatRemaining(125_000)).toBe('2:05');
    expect(formatRemaining(-5)).toBe('0:00');
  });
});

describe('the sign-in screen', () => {
  it('shows the code, its link and a countdown, and a new code only when asked', async () => {
    let codes = 0;
    const calls = await shell({
      sign_in_start: () => code(45_000, `${LINK}-${++codes}`),
      sign_in_cancel: () => null,
    });
    const view = render(SignInScreen);
    const qr = await screen.findByTestId('qr-code');
    expect(qr.dataset.link).toBe(`${LINK}-1`);
    expect(screen.getByTestId('qr-link').textContent).toBe(`${LINK}-1`);
    expect(screen.getByTestId('qr-countdown').textContent?.trim()).toBe('Код действует ещё 0:45');
    expect(screen.getByTestId('sign-in-command').textContent).toBe('parta login');
    expect(screen.queryByTestId('qr-refresh')).toBeNull();

    emit({ type: 'signIn', progress: { type: 'expired' } });
    const refresh = await screen.findByTestId('qr-refresh');
    expect(refresh.textContent?.trim()).toBe('Получить новый код');
    expect(screen.getByTestId('qr-countdown').textContent).toBe('Срок действия кода истёк.');
    // Nothing asks for a new code by itself.
    expect(calls.filter((c) => c.cmd === 'sign_in_start')).toHaveLength(1);

    await fireEvent.click(refresh);
    await waitFor(() => expect(screen.getByTestId('qr-code').dataset.link).toBe(`${LINK}-2`));
    expect(calls.filter((c) => c.cmd === 'sign_in_start')).toHaveLength(2);
    expect(screen.queryByTestId('qr-refresh')).toBeNull();

    view.unmount();
    expect(calls.filter((c) => c.cmd === 'sign_in_cancel')).toHaveLength(1);
  });

  it('offers a new code once the countdown runs out', async () => {
    await shell({ sign_in_start: () => code(1_500), sign_in_cancel: () => null });
    render(SignInScreen);
    await screen.findByTestId('qr-code');
    await waitFor(() => expect(screen.getByTestId('qr-refresh')).toBeTruthy(), { timeout: 4000 });
  });

  it('asks for the cloud password once per submit and shows a refusal in Russian', async () => {
    const sent: unknown[] = [];
    await shell({
      sign_in_start: () => code(60_000),
      sign_in_cancel: () => null,
      sign_in_password: (args) => {
        sent.push(args.password);
        if (sent.length === 1) throw 'Пароль не подошёл. Проверьте раскладку и регистр и попробуйте ещё раз.';
        return null;
      },
    });
    render(SignInScreen);
    await screen.findByTestId('qr-code');
    emit({ type: 'signIn', progress: { type: 'confirmed' } });
    await screen.findByText('Вход подтверждён на телефоне. Загружаем профиль…');
    emit({ type: 'signIn', progress: { type: 'passwordNeeded', hint: '<b>кот</b>' } });
    const input = (await screen.findByTestId('signin-password')) as HTMLInputElement;
    expect(input.type).toBe('password');
    const hint = screen.getByTestId('signin-password-hint');
    expect(hint.textContent).toBe('Подсказка: <b>кот</b>');
    expect(hint.querySelector('b')).toBeNull();

    await fireEvent.input(input, { target: { value: 'неверный' } });
    await fireEvent.click(screen.getByTestId('signin-password-submit'));
    const error = await screen.findByTestId('signin-error');
    expect(error.textContent).toBe('Пароль не подошёл. Проверьте раскладку и регистр и попробуйте ещё раз.');
    expect(input.value).toBe('');
    expect(sent).toEqual(['неверный']);

    await fireEvent.input(input, { target: { value: 'парта2025' } });
    await fireEvent.click(screen.getByTestId('signin-password-submit'));
    await waitFor(() => expect(sent).toEqual(['неверный', 'парта2025']));
    emit({ type: 'signIn', progress: { type: 'done', accountId: 'max-9', name: 'Ирина Козлова' } });
    await screen.findByText('Вы вошли как Ирина Козлова.');
  });

  it('says why signing in failed and lets the person start again', async () => {
    let calls = 0;
    await shell({
      sign_in_start: () => {
        calls += 1;
        if (calls === 1) throw 'Не удалось связаться с сервером MAX.';
        return code(60_000);
      },
      sign_in_cancel: () => null,
    });
    render(SignInScreen);
    const error = await screen.findByTestId('signin-error');
    expect(error.textContent).toBe('Не удалось связаться с сервером MAX.');
    await fireEvent.click(screen.getByTestId('qr-refresh'));
    await screen.findByTestId('qr-code');
    expect(screen.queryByTestId('signin-error')).toBeNull();
  });

  it('closes when adding an account is cancelled or done', async () => {
    await shell({ sign_in_start: () => code(60_000), sign_in_cancel: () => null });
    const onClose = vi.fn();
    render(SignInScreen, { adding: true, onClose });
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Добавить аккаунт MAX');
    await screen.findByTestId('qr-code');
    await fireEvent.click(screen.getByTestId('signin-cancel'));
    expect(onClose).toHaveBeenCalledTimes(1);
    emit({ type: 'signIn', progress: { type: 'done', accountId: 'max-2', name: 'Б' } });
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(2));
  });
});
