/**
 * The chat that was open, per account, so coming back to Чаты (the section is mounted anew)
 * shows it again. Kept for the window's lifetime only.
 */
const openChat = new Map<string, string>();

export function rememberOpenChat(accountId: string | null, chatId: string): void {
  openChat.set(accountId ?? '', chatId);
}

export function rememberedOpenChat(accountId: string | null): string | null {
  return openChat.get(accountId ?? '') ?? null;
}
