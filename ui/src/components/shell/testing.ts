// Test helpers for the frame and its views: sessions and a mock shell that answers the
// commands the window asks at start.
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Connection, SessionState } from '../../lib/backend';
import { live, refreshSession } from '../../lib/live.svelte';

export function session(extra: Partial<SessionState> = {}): SessionState {
  return {
    accounts: [{ id: 'max-1', name: 'Анна Петровна', initials: 'АП', current: true }],
    ownPersonId: '1',
    connection: { type: 'online' },
    progress: null,
    lastSyncedMs: null,
    ...extra,
  };
}

export const noAccount = (): SessionState =>
  session({ accounts: [], ownPersonId: null, connection: { type: 'noAccount' } });

type Handler = (cmd: string, args: Record<string, unknown>) => unknown;

/**
 * Mocks the shell: `session_state` answers `state`, `subscribe` succeeds, `handler` answers the
 * rest (throwing for what it does not know). Then reads the session, as `startLive` would.
 */
export async function mockShell(state: SessionState, handler: Handler = () => undefined) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    if (cmd === 'session_state') return state;
    if (cmd === 'subscribe') return null;
    if (cmd === 'set_locale') return null;
    const answer = handler(cmd, args);
    if (answer === undefined) throw new Error(`unexpected command ${cmd}`);
    return answer;
  });
  await refreshSession();
  return calls;
}

export function connection(c: Connection): SessionState {
  return session({ connection: c });
}

export function resetShell(): void {
  clearMocks();
  live.session = null;
  live.error = null;
}

// jsdom has no <dialog> behaviour; give it the minimum the components rely on.
export function polyfillDialog(): void {
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.open = false;
  };
}
