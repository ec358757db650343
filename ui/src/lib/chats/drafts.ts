/**
 * What the person had started writing in each chat (text and staged files), kept while the
 * window is open so switching chats loses nothing. Not persisted: staged bytes live in the shell
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

export const drafts = new Map<string, Draft>();
