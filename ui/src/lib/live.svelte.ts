/**
 * What the window knows about the session right now, and the one place backend events arrive.
 *
 * Design: the shell sends change notices on one channel ([`subscribe`]); views never poll. Each
 * view registers a listener with [`onBackendEvent`] (returning the unsubscribe function for its
 * `$effect` cleanup) and re-reads the cache when a notice concerns it. The session (accounts,
 * connection, first-sync progress) is kept here as reactive state, refreshed on `session`
 * notices, so the top bar, the chats and the announcements' offline banner agree.
 */
import {
  describeError,
  sessionState,
  subscribe,
  type BackendEvent,
  type SessionState,
} from './backend';

type Listener = (event: BackendEvent) => void;

const listeners = new Set<Listener>();

export const live = $state<{ session: SessionState | null; error: string | null }>({
  session: null,
  error: null,
});

/** Calls `listener` for every backend event until the returned function is called. */
export function onBackendEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function dispatch(event: BackendEvent): void {
  if (event.type === 'session') void refreshSession();
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch (error) {
      console.error('backend event listener failed', error);
    }
  }
}

/** Re-reads the session state from the shell. */
export async function refreshSession(): Promise<void> {
  try {
    live.session = await sessionState();
    live.error = null;
  } catch (error) {
    live.error = describeError(error);
  }
}

let started = false;

/** Opens the event channel and reads the session once; safe to call more than once. */
export async function startLive(): Promise<void> {
  if (started) return;
  started = true;
  try {
    await subscribe(dispatch);
  } catch (error) {
    live.error = describeError(error);
  }
  await refreshSession();
}

/** Replaces the session after a command that returned it (e.g. switching accounts). */
export function setSession(session: SessionState): void {
  live.session = session;
  dispatch({ type: 'chats' });
}
