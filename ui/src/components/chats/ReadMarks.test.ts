import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Conversation from './Conversation.svelte';
import { chat, history, pageOf } from './fixtures';
import type { PageRequest } from '../../lib/backend';

// A stand-in IntersectionObserver the test drives: `show(el)` reports an element as seen.
const observed = new Set<Element>();
let report: ((entries: IntersectionObserverEntry[]) => void) | null = null;

class FakeObserver {
  constructor(callback: (entries: IntersectionObserverEntry[]) => void) {
    report = callback;
  }
  observe(el: Element): void {
    observed.add(el);
  }
  unobserve(el: Element): void {
    observed.delete(el);
  }
  disconnect(): void {
    observed.clear();
  }
}

function show(...els: Element[]): void {
  report?.(
    els.map(
      (target) =>
        ({
          target,
          isIntersecting: true,
          intersectionRatio: 1,
          intersectionRect: { height: 40 },
        }) as unknown as IntersectionObserverEntry,
    ),
  );
}

let marks: { chatId: string; messageId: string }[] = [];

beforeEach(() => {
  vi.stubGlobal('IntersectionObserver', FakeObserver);
  marks = [];
});

afterEach(() => {
  cleanup();
  clearMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  observed.clear();
});

describe('read marks', () => {
  it('sends the newest message from others seen, once, after a pause', async () => {
    const all = history('c1', 10);
    const readMarkMs = all[4]!.timeMs;
    mockIPC((cmd, args) => {
      const a = args as Record<string, unknown>;
      if (cmd === 'messages') {
        return pageOf(all, a.request as PageRequest, a.limit as number, {
          readMarkMs,
          firstUnreadId: 'm5',
          unreadCount: 3,
        });
      }
      if (cmd === 'mark_read') {
        marks.push(a as { chatId: string; messageId: string });
        return null;
      }
      return null;
    });
    render(Conversation, { chatId: 'c1', chat: chat('c1') });
    await waitFor(() => expect(document.querySelectorAll('article')).toHaveLength(10));
    const byId = (id: string): Element => document.querySelector(`article[data-message-id="${id}"]`)!;
    // Own messages (every third) are not watched.
    expect(observed.has(byId('m3'))).toBe(false);
    expect(observed.has(byId('m4'))).toBe(true);
    expect(screen.getByTestId('jump-unread')).toBeTruthy();

    vi.useFakeTimers();
    show(byId('m1'), byId('m5'), byId('m7'));
    show(byId('m8'));
    expect(marks).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(marks).toEqual([{ chatId: 'c1', messageId: 'm8' }]);
    // Seeing older messages again sends nothing more.
    show(byId('m5'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(marks).toHaveLength(1);
    vi.useRealTimers();
    // Everything from others is read now: no jump to the first unread.
    await waitFor(() => expect(screen.queryByTestId('jump-unread')).toBeNull());
  });
});
