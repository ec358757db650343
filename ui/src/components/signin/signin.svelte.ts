/**
 * Whether the window shows the sign-in screen for another account (opened by «Добавить
 * аккаунт» in the switcher or after MAX ended a session). With no account it always shows.
 */
export const signInView = $state<{ adding: boolean }>({ adding: false });

export function openSignIn(): void {
  signInView.adding = true;
}

export function closeSignIn(): void {
  signInView.adding = false;
}

/** «0:45» for 45 000 ms; never negative. */
export function formatRemaining(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}
