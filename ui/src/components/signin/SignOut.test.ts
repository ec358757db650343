import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import SignOut from './SignOut.svelte';
import AccountSwitcher from '../shell/AccountSwitcher.svelte';
import { signInView, closeSignIn } from './signin.svelte';
import { live } from '../../lib/live.svelte';
import { mockShell, noAccount, resetShell, session } from '../shell/testing';

beforeEach(() => resetShell());
afterEach(() => {
  cleanup();
  resetShell();
  closeSignIn();
});

describe('signing out', () => {
  it('names the account before signing it out, and shows what opens next', async () => {
    const calls = await mockShell(session(), (cmd) => (cmd === 'sign_out' ? noAccount() : undefined));
    render(SignOut);
    expect(screen.queryByTestId('sign-out-question')).toBeNull();
    await fireEvent.click(screen.getByTestId('sign-out'));
    expect(screen.getByTestId('sign-out-question').textContent).toContain('Выйти из аккаунта «Анна Петровна»?');
    expect(calls.some((c) => c.cmd === 'sign_out')).toBe(false);
    await fireEvent.click(screen.getByTestId('sign-out-confirm'));
    await waitFor(() => expect(live.session?.connection.type).toBe('noAccount'));
    expect(calls.find((c) => c.cmd === 'sign_out')?.args).toEqual({ accountId: 'max-1' });
  });

  it('keeps the account when the person changes their mind, and says why a sign-out failed', async () => {
    const calls = await mockShell(session(), (cmd) => {
      if (cmd === 'sign_out') throw 'Связка ключей заблокирована.';
      return undefined;
    });
    render(SignOut);
    await fireEvent.click(screen.getByTestId('sign-out'));
    await fireEvent.click(screen.getByTestId('sign-out-cancel'));
    expect(calls.some((c) => c.cmd === 'sign_out')).toBe(false);
    await fireEvent.click(screen.getByTestId('sign-out'));
    await fireEvent.click(screen.getByTestId('sign-out-confirm'));
    await screen.findByText('Не удалось выйти: Связка ключей заблокирована.');
  });
});

describe('adding an account', () => {
  it('opens the sign-in screen from the switcher', async () => {
    await mockShell(session());
    render(AccountSwitcher);
    expect(signInView.adding).toBe(false);
    await fireEvent.click(screen.getByTestId('account-add'));
    expect(signInView.adding).toBe(true);
  });
});
