/**
 * What the person had started writing in each chat (text, staged files), kept while the window
 * is open so switching chats loses nothing. Reactive, so a file that finishes staging after its
 * chat was left still lands in that chat's draft. Not persisted: staged bytes live in the shell
 * only until it restarts.
 */
import type { StagedFile } from '../backend';

export interface Chip {
  key: string;
  name: string;
  size: number;
  /** Set once the shell holds the bytes. */
  staged: StagedFile | null;
  error: string | null;
}

export interface Draft {
  text: string;
  chips: Chip[];
}

const drafts = $state<Record<string, Draft>>({});

/** The chat's draft (created empty on first use). */
export function draftFor(chatId: string): Draft {
  drafts[chatId] ??= { text: '', chips: [] };
  return drafts[chatId];
}
