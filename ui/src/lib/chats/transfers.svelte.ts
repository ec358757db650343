/**
 * Upload and download progress from the shell's `transfer` events, kept by transfer id
 * (`download:<chatId>:<messageId>:<index>`, `upload:<clientId>`) so a file or an outgoing
 * message can show its own progress. Listens from the first use on, for the window's lifetime.
 */
import type { Transfer } from '../backend';
import { onBackendEvent } from '../live.svelte';

const table = $state<Record<string, Transfer>>({});
let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  onBackendEvent((event) => {
    if (event.type === 'transfer') table[event.transfer.id] = event.transfer;
  });
}

export function transfer(id: string): Transfer | undefined {
  listen();
  return table[id];
}

export function downloadId(chatId: string, messageId: string, index: number): string {
  return `download:${chatId}:${messageId}:${index}`;
}

export function uploadId(clientId: string): string {
  return `upload:${clientId}`;
}

/** Share done, 0..1, or null when the size is unknown. */
export function fraction(t: Transfer): number | null {
  if (!t.total) return null;
  return Math.min(1, t.done / t.total);
}

/** Starts listening now (a view calls this when it mounts, before any transfer starts). */
export function watchTransfers(): void {
  listen();
}
