/**
 * The window's only way to the Rust core: typed wrappers over Tauri's `invoke`, one per command
 * the shell grants. Keep command names and shapes in step with `src-tauri/src/commands` (each
 * Rust DTO is `#[serde(rename_all = "camelCase")]`, enums are tagged with `type`).
 *
 * Rules of the contract:
 * - Every platform id (chat, message, person) is a **string**: MAX ids do not fit a JS number.
 * - Times are milliseconds since the epoch (numbers).
 * - Server text arrives as plain strings and pieces of plain strings; the window renders them as
 *   text nodes only. Formatting comes as `segments` the backend already cut, never as markup.
 * - Pictures, voice notes and files the platform holds are addressed by `MediaRef.url`, a URL of
 *   our own `media:` scheme that the shell serves from the cache (downloading first when needed).
 * - Changes arrive on one `Channel` the window opens with `subscribe`; the window then re-reads
 *   what changed. No Tauri event permission is granted.
 */
import { Channel, invoke } from '@tauri-apps/api/core';

// ---------------------------------------------------------------------------------------------
// About

export interface AppInfo {
  name: string;
  version: string;
  os: string;
  dataDir: string;
}

export function appInfo(): Promise<AppInfo> {
  return invoke<AppInfo>('app_info');
}

// ---------------------------------------------------------------------------------------------
// Session: accounts and the connection

export interface AccountSummary {
  /** `max-<person id>`. */
  id: string;
  name: string;
  initials: string;
  current: boolean;
}

export type Connection =
  | { type: 'noAccount' }
  | { type: 'connecting' }
  | { type: 'online' }
  /** The app retries by itself in `retryInS` seconds; never ask the person to retry. */
  | { type: 'offline'; reason: string; retryInS: number }
  /** The platform ended the session: the person must sign in again (never retried). */
  | { type: 'signedOut'; reason: string };

export interface SyncProgress {
  done: number;
  total: number;
}

export interface SessionState {
  accounts: AccountSummary[];
  /** The signed-in person's own id, to tell own messages. */
  ownPersonId: string | null;
  connection: Connection;
  /** Set while the first (or a long) catch-up runs. */
  progress: SyncProgress | null;
  /** When the cache last caught up with the platform (ms), for «показано сохранённое на …». */
  lastSyncedMs: number | null;
}

export function sessionState(): Promise<SessionState> {
  return invoke<SessionState>('session_state');
}

/** Makes another signed-in account current; the chat views then re-read everything. */
export function switchAccount(accountId: string): Promise<SessionState> {
  return invoke<SessionState>('switch_account', { accountId });
}

// ---------------------------------------------------------------------------------------------
// Signing in and out

/** A QR code to draw: the module matrix (never markup), the link it encodes and its expiry. */
export interface QrView {
  /** `https://max.ru/:auth/…`, shown as text beside the code. */
  link: string;
  /** When the code stops working (ms since the epoch). */
  expiresAtMs: number;
  /** Modules per side. */
  size: number;
  /** `size × size` modules, row by row; `true` is dark. */
  modules: boolean[];
}

/** Where an in-app sign-in stands (the `signIn` event's `progress`). */
export type SignInProgress =
  | { type: 'waiting' }
  /** The code expired: offer a new one (the person asks; never automatic). */
  | { type: 'expired' }
  | { type: 'confirmed' }
  | { type: 'passwordNeeded'; hint: string | null }
  | { type: 'done'; accountId: string; name: string }
  /** A Russian sentence. */
  | { type: 'failed'; reason: string };

/**
 * Connects to MAX and asks for a QR code; while a sign-in waits, asks for a fresh code on the
 * same connection. Progress arrives as `signIn` events.
 */
export function signInStart(): Promise<QrView> {
  return invoke<QrView>('sign_in_start');
}

/** Sends the cloud password once; a rejection is a Russian sentence, the step stays open. */
export function signInPassword(password: string): Promise<void> {
  return invoke<void>('sign_in_password', { password });
}

/** Ends the sign-in under way, if any. */
export function signInCancel(): Promise<void> {
  return invoke<void>('sign_in_cancel');
}

/** Signs an account out: its cache, files and keyring entries go; the next account opens. */
export function signOut(accountId: string): Promise<SessionState> {
  return invoke<SessionState>('sign_out', { accountId });
}

// ---------------------------------------------------------------------------------------------
// Events

export type BackendEvent =
  | { type: 'session' } // accounts, connection or progress changed: call sessionState()
  | { type: 'chats' } // the chat list changed
  | { type: 'messages'; chatId: string } // a chat's messages changed
  | { type: 'outbox'; chatId: string; clientId: string } // a pending/failed entry changed
  | { type: 'openChat'; chatId: string } // a notification was clicked: show Чаты with this chat
  | { type: 'transfer'; transfer: Transfer } // upload or download progress
  | { type: 'signIn'; progress: SignInProgress } // an in-app sign-in moved on
  | { type: 'diary' } // the diary's state or children changed: call diaryState() (lib/diary.ts)
  | { type: 'diaryWeek'; childGuid: string; monday: string }; // a cached week changed: re-read it

export interface Transfer {
  /** `download:<chatId>:<messageId>:<index>` or `upload:<clientId>`. */
  id: string;
  direction: 'upload' | 'download';
  chatId: string;
  done: number;
  total: number | null;
  finished: boolean;
  error: string | null;
}

/** Starts delivering events to `handler`; call once per window. */
export function subscribe(handler: (event: BackendEvent) => void): Promise<void> {
  const channel = new Channel<BackendEvent>();
  channel.onmessage = handler;
  return invoke<void>('subscribe', { channel });
}

// ---------------------------------------------------------------------------------------------
// Notifications

/** Quiet hours: minutes since local midnight; `from > to` spans midnight. */
export interface QuietHours {
  from: number;
  /** Exclusive. */
  to: number;
  /** All of Saturday and Sunday too. */
  weekends: boolean;
}

/** The current account's notification choices (kept per account by the shell). */
export interface NotificationSettings {
  enabled: boolean;
  /** «Не показывать текст сообщений». */
  privacyMode: boolean;
  quietHours: QuietHours | null;
  /** Chats that always notify, through quiet hours and mute. */
  exceptions: string[];
}

/** What Парта suggests to a teacher: quiet from 20:00 to 08:00 and at weekends. */
export const TEACHER_QUIET_HOURS: QuietHours = { from: 20 * 60, to: 8 * 60, weekends: true };

/** Tells the shell which chat the window shows (`null`: none), so it never pops up. */
export function setReading(chatId: string | null): Promise<void> {
  return invoke<void>('set_reading', { chatId });
}

export function notificationSettings(): Promise<NotificationSettings> {
  return invoke<NotificationSettings>('notification_settings');
}

export function setNotificationSettings(settings: NotificationSettings): Promise<NotificationSettings> {
  return invoke<NotificationSettings>('set_notification_settings', { settings });
}

// ---------------------------------------------------------------------------------------------
// The desktop

/** Whether Парта starts with the session (`parta.desktop` in the XDG autostart folder). */
export function autostartEnabled(): Promise<boolean> {
  return invoke<boolean>('autostart_enabled');
}

/** Turns starting with the session on or off; resolves to the state now. */
export function setAutostart(enabled: boolean): Promise<boolean> {
  return invoke<boolean>('set_autostart', { enabled });
}

/** Tells the shell the window's language, for the tray and the pop-ups (`ru` or `en`). */
export function setShellLocale(locale: 'ru' | 'en'): Promise<void> {
  return invoke<void>('set_locale', { locale });
}

// ---------------------------------------------------------------------------------------------
// Chats

export type ChatKind = 'dialog' | 'group' | 'channel' | 'other';

export interface ChatPreview {
  /** The sender's short name for groups ("Вы" handled by the window when `own`). */
  senderName: string | null;
  own: boolean;
  /** The message's plain text (may be empty when it carries only an attachment). */
  text: string;
  /** The first attachment's type and (for files) name, for «Фото», «Файл: …» in the window's language. */
  attachment: { type: AttachmentView['type']; name: string | null } | null;
  deleted: boolean;
  timeMs: number;
}

export interface ChatRow {
  id: string;
  kind: ChatKind;
  title: string;
  initials: string;
  /** The chat's or the other person's picture through `media:`, if any. */
  avatarUrl: string | null;
  lastMessage: ChatPreview | null;
  lastActivityMs: number;
  /** Unread messages from others (capped; `unreadCapped` means "999+"). */
  unread: number;
  unreadCapped: boolean;
  /** Pinned to the top of the list by the person. */
  pinned: boolean;
  /** Notifications off (MAX `dontDisturbUntil`). */
  muted: boolean;
  /** The person may write here (false for channels they do not own, left chats). */
  canWrite: boolean;
}

export function chatList(): Promise<ChatRow[]> {
  return invoke<ChatRow[]>('chat_list');
}

export function setChatPinned(chatId: string, pinned: boolean): Promise<void> {
  return invoke<void>('set_chat_pinned', { chatId, pinned });
}

// ---------------------------------------------------------------------------------------------
// Messages

export type SegmentStyle =
  | 'strong'
  | 'emphasized'
  | 'monospaced'
  | 'underline'
  | 'strikethrough'
  | 'heading'
  | 'code'
  | 'quote';

/** A run of a message's text with the same formatting. Concatenated `text`s give the message. */
export interface Segment {
  text: string;
  styles: SegmentStyle[];
  /** The real address when this run is a link (shown before opening). */
  link: string | null;
  /** The mentioned person's id when this run is a mention. */
  mention: string | null;
}

export interface MediaRef {
  /** `media://…` URL the window may put in `src`. */
  url: string;
  /** Already in the cache (opens offline). */
  cached: boolean;
}

export type AttachmentView =
  | { type: 'photo'; index: number; media: MediaRef; width: number | null; height: number | null }
  | {
      type: 'video';
      index: number;
      durationS: number | null;
      thumbnail: MediaRef | null;
    }
  | {
      type: 'file';
      index: number;
      /** Display only; never a path. */
      name: string;
      size: number | null;
      cached: boolean;
    }
  | { type: 'audio'; index: number; durationS: number | null; media: MediaRef | null }
  | { type: 'sticker'; index: number; media: MediaRef | null }
  | { type: 'contact'; index: number; name: string; phone: string | null }
  | {
      type: 'call';
      index: number;
      callType: string | null;
      hangupType: string | null;
      durationS: number | null;
    }
  | { type: 'share'; index: number; url: string | null; title: string | null }
  | { type: 'poll'; index: number; question: string }
  | { type: 'other'; index: number; typeName: string };

/** A quoted message (what a reply answers, or what a forward carries). */
export interface QuotedMessage {
  chatId: string | null;
  messageId: string | null;
  senderName: string | null;
  text: string;
}

export interface Reaction {
  reaction: string;
  count: number;
  own: boolean;
}

export interface OutboxState {
  clientId: string;
  state: 'pending' | 'failed';
  /** A Russian sentence the person can act on, when failed or waiting. */
  reason: string | null;
}

export interface MessageRow {
  chatId: string;
  /** Server id; for a local echo not yet sent, `local-<clientId>`. */
  id: string;
  /** Opaque paging cursor (time order). */
  cursor: string;
  senderId: string | null;
  senderName: string | null;
  senderInitials: string | null;
  own: boolean;
  timeMs: number;
  /** `user` or `system` (system lines are centered notices). */
  kind: 'user' | 'system';
  segments: Segment[];
  attachments: AttachmentView[];
  reply: QuotedMessage | null;
  forward: QuotedMessage | null;
  edited: boolean;
  deleted: boolean;
  reactions: Reaction[];
  /** Set for own messages still in the outbox. */
  outbox: OutboxState | null;
}

export interface MessagePage {
  /** Oldest first. */
  messages: MessageRow[];
  /** More older messages exist (in the cache or on the server). */
  hasOlder: boolean;
  /** More newer messages exist in the cache (after a jump into the past). */
  hasNewer: boolean;
  /** The person's read mark in this chat (ms); messages from others after it are unread. */
  readMarkMs: number;
  /** The first unread message's id, if any. */
  firstUnreadId: string | null;
  unreadCount: number;
}

export type PageRequest =
  | { type: 'newest' }
  | { type: 'before'; cursor: string }
  | { type: 'after'; cursor: string }
  | { type: 'around'; messageId: string }
  | { type: 'firstUnread' };

/**
 * A page of up to `limit` messages from the cache. `before` past the cache's oldest asks the
 * platform for older history first (when online), so scrolling back never dead-ends.
 */
export function messages(chatId: string, request: PageRequest, limit = 50): Promise<MessagePage> {
  return invoke<MessagePage>('messages', { chatId, request, limit });
}

/** The person has seen everything up to `messageId`: sends the read mark (via the outbox). */
export function markRead(chatId: string, messageId: string): Promise<void> {
  return invoke<void>('mark_read', { chatId, messageId });
}

// ---------------------------------------------------------------------------------------------
// Composer and outbox

export interface StagedFile {
  /** Refers to the bytes the shell keeps until the message is sent. */
  stagedId: string;
  name: string;
  size: number;
  isImage: boolean;
}

/**
 * Hands a picked, dropped or pasted file's bytes to the shell (raw body, name in a header).
 */
/** The shell refuses larger files (`MAX_STAGED_BYTES` in src-tauri/src/transfers/staging.rs). */
export const MAX_STAGED_BYTES = 256 * 1024 * 1024;

export async function stageFile(file: File): Promise<StagedFile> {
  // Refused before reading: a school PC must not load a 4 GB video into the window's memory.
  if (file.size > MAX_STAGED_BYTES) {
    const mb = (bytes: number) => Math.ceil(bytes / (1024 * 1024));
    throw `Файл «${file.name}» слишком большой (${mb(file.size)} МБ): Парта отправляет файлы до ${mb(MAX_STAGED_BYTES)} МБ.`;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  return invoke<StagedFile>('stage_file', bytes, {
    headers: {
      'x-file-name': encodeURIComponent(file.name || 'file'),
      'x-file-type': file.type || 'application/octet-stream',
    },
  });
}

export function discardStaged(stagedId: string): Promise<void> {
  return invoke<void>('discard_staged', { stagedId });
}

export interface SendRequest {
  chatId: string;
  text: string;
  replyTo: string | null;
  stagedIds: string[];
}

/** Queues the message (and its uploads) in the outbox; returns the client id. */
export function sendMessage(request: SendRequest): Promise<string> {
  return invoke<string>('send_message', { request });
}

export function retryOutbox(clientId: string): Promise<void> {
  return invoke<void>('retry_outbox', { clientId });
}

export function discardOutbox(clientId: string): Promise<void> {
  return invoke<void>('discard_outbox', { clientId });
}

// ---------------------------------------------------------------------------------------------
// Files and links

/** Downloads an attachment into the cache (progress arrives as `transfer` events). */
export function downloadAttachment(chatId: string, messageId: string, index: number): Promise<void> {
  return invoke<void>('download_attachment', { chatId, messageId, index });
}

/** Opens a cached attachment with the system's application for it. */
export function openAttachment(chatId: string, messageId: string, index: number): Promise<void> {
  return invoke<void>('open_attachment', { chatId, messageId, index });
}

/** Opens an http(s) or mailto link in the system browser (after the window showed it). */
export function openLink(url: string): Promise<void> {
  return invoke<void>('open_link', { url });
}

// ---------------------------------------------------------------------------------------------
// Announcements and search

export interface Announcement {
  channelId: string;
  channelTitle: string;
  channelInitials: string;
  message: MessageRow;
}

export interface AnnouncementPage {
  /** Newest first. */
  posts: Announcement[];
  /** Cursor for the next (older) page, if any. */
  nextCursor: string | null;
}

export function announcements(before: string | null = null, limit = 30): Promise<AnnouncementPage> {
  return invoke<AnnouncementPage>('announcements', { before, limit });
}

export interface HighlightPiece {
  text: string;
  hit: boolean;
}

export interface SearchResult {
  chatId: string;
  chatTitle: string;
  messageId: string;
  senderName: string | null;
  timeMs: number;
  fragment: HighlightPiece[];
  cursor: string;
}

/** Every word of `query`, in any word form, across all chats; newest first. */
export function search(query: string, before: string | null = null, limit = 30): Promise<SearchResult[]> {
  return invoke<SearchResult[]>('search', { query, before, limit });
}

// ---------------------------------------------------------------------------------------------

/** A short reason for a failed command, safe to show as text. */
export function describeError(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return error.message;
  return JSON.stringify(error);
}
