/**
 * Read marks as the person reads: messages from others report when they are seen (an
 * IntersectionObserver: half of a message, or a tall one's screenful), and after a short pause
 * the newest one seen past the read mark is handed to `send` once. A hidden window sends
 * nothing until it is shown again.
 */
import type { Attachment } from 'svelte/attachments';

export class ReadTracker {
  /** The read mark (ms): messages at or before it are read. */
  markMs = 0;
  private seen: { id: string; time: number } | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly observer: IntersectionObserver | null;

  constructor(
    private readonly send: (messageId: string) => void,
    private readonly delayMs = 700,
  ) {
    this.observer =
      typeof IntersectionObserver === 'undefined'
        ? null
        : new IntersectionObserver((entries) => this.onEntries(entries), {
            threshold: [0, 0.5, 1],
          });
    if (typeof document !== 'undefined') {
      document.addEventListener('visibilitychange', this.onVisibility);
    }
  }

  /** Watches a message from someone else (`data-message-id`, `data-time`). */
  readonly observe: Attachment<HTMLElement> = (el) => {
    this.observer?.observe(el);
    return () => this.observer?.unobserve(el);
  };

  /** A read mark learnt from the cache (it only moves forward). */
  raise(markMs: number): void {
    this.markMs = Math.max(this.markMs, markMs);
  }

  private onEntries(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      if (entry.intersectionRatio < 0.5 && entry.intersectionRect.height < 160) continue;
      const el = entry.target as HTMLElement;
      const id = el.dataset.messageId ?? '';
      const time = Number(el.dataset.time ?? 0);
      if (!id || id.startsWith('local-') || time <= this.markMs) continue;
      if (!this.seen || time > this.seen.time) this.seen = { id, time };
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.seen && this.seen.time > this.markMs && this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), this.delayMs);
    }
  }

  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'visible') this.schedule();
  };

  /** Sends the newest seen message now, if it moves the mark. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.seen || this.seen.time <= this.markMs) return;
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
    this.markMs = this.seen.time;
    this.send(this.seen.id);
  }

  /** Stops watching; a mark still waiting is sent first. */
  dispose(): void {
    if (this.timer !== undefined) this.flush();
    this.observer?.disconnect();
    if (typeof document !== 'undefined') {
      document.removeEventListener('visibilitychange', this.onVisibility);
    }
  }
}
