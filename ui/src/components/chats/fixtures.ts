// Test data for the chats area: message and chat rows shaped like the shell's DTOs.
import type { ChatRow, MessageRow, Segment } from '../../lib/backend';

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
