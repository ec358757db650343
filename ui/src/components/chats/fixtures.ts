// Test data for the chats area: message and chat rows shaped like the shell's DTOs.
import type { ChatRow, MessagePage, MessageRow, PageRequest, Segment } from '../../lib/backend';

export function seg(text: string, extra: Partial<Segment> = {}): Segment {
  return { text, styles: [], link: null, mention: null, ...extra };
}

export function message(id: string, extra: Partial<MessageRow> = {}): MessageRow {
  return {
    chatId: 'c1',
    id,
    cursor: `k${id}`,
    senderId: 'p2',
    senderName: 'Анна Петровна',
    senderInitials: 'АП',
    own: false,
    timeMs: Date.now(),
    kind: 'user',
    segments: [seg(`Сообщение ${id}`)],
    attachments: [],
    reply: null,
    forward: null,
    edited: false,
    deleted: false,
    reactions: [],
    outbox: null,
    ...extra,
  };
}

export function chat(id: string, extra: Partial<ChatRow> = {}): ChatRow {
  return {
    id,
    kind: 'group',
    title: `Чат ${id}`,
    initials: 'ЧТ',
    avatarUrl: null,
    lastMessage: null,
    lastActivityMs: Date.now(),
    unread: 0,
    unreadCapped: false,
    pinned: false,
    muted: false,
    canWrite: true,
    ...extra,
  };
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

/** `n` messages one minute apart ending now, every third one own. */
export function history(chatId: string, n: number): MessageRow[] {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) =>
    message(`m${i}`, {
      chatId,
      cursor: String(i),
      timeMs: now - (n - i) * 60_000,
      own: i % 3 === 0,
      senderId: i % 3 === 0 ? 'me' : `p${i % 5}`,
      segments: [seg(`Сообщение номер ${i}`)],
    }),
  );
}

/** Answers a `messages` request from an in-memory history the way the cache does. */
export function pageOf(
  all: MessageRow[],
  request: PageRequest,
  limit: number,
  extra: Partial<MessagePage> = {},
): MessagePage {
  let start: number;
  let end: number;
  switch (request.type) {
    case 'newest':
    case 'firstUnread':
      end = all.length;
      start = Math.max(0, end - limit);
      break;
    case 'before': {
      end = Number(request.cursor);
      start = Math.max(0, end - limit);
      break;
    }
    case 'after': {
      start = Number(request.cursor) + 1;
      end = Math.min(all.length, start + limit);
      break;
    }
    case 'around': {
      const at = all.findIndex((m) => m.id === request.messageId);
      start = Math.max(0, at - Math.floor(limit / 2));
      end = Math.min(all.length, start + limit);
      break;
    }
  }
  return {
    messages: all.slice(start, end),
    hasOlder: start > 0,
    hasNewer: end < all.length,
    readMarkMs: 0,
    firstUnreadId: null,
    unreadCount: 0,
    ...extra,
  };
}
