/**
 * The window's only way to the Rust core: typed wrappers over Tauri's `invoke`, one per command
 * the shell grants. Keep command names and shapes in step with `src-tauri/src/commands`.
 */
import { invoke } from '@tauri-apps/api/core';

export interface AppInfo {
  name: string;
  version: string;
  os: string;
  dataDir: string;
}

export function appInfo(): Promise<AppInfo> {
  return invoke<AppInfo>('app_info');
}

/** A short reason for a failed command, safe to show as text. */
export function describeError(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return error.message;
  return JSON.stringify(error);
}
