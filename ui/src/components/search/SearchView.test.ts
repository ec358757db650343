import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import SearchView from './SearchView.svelte';
import { searchQuery } from './query.svelte';
import type { SearchResult } from '../../lib/backend';
import { mockShell, resetShell, session } from '../shell/testing';

function result(id: number, extra: Partial<SearchResult> = {}): SearchResult {
  return {
    chatId: `c${id % 3}`,
    chatTitle: `Чат ${id % 3}`,
    messageId: `m${id}`,
    senderName: 'Анна Петровна',
    timeMs: new Date(new Date().getFullYear(), 0, 15, 9, 5).getTime(),
    fragment: [
      { text: 'Завтра ', hit: false },
      { text: 'контрольная', hit: true },
      { text: ` номер ${id}`, hit: false },
    ],
    cursor: `k${id}`,
    ...extra,
  };
}

beforeEach(() => {
  resetShell();
  searchQuery.text = '';
});
afterEach(() => {
  cleanup();
  resetShell();
});

async function type(words: string): Promise<HTMLInputElement> {
  const input = screen.getByTestId('search-input') as HTMLInputElement;
  await fireEvent.input(input, { target: { value: words } });
  return input;
}

describe('search', () => {
  it('puts matches in <mark> as text, and a <script> in a fragment stays text', async () => {
    const evil = result(1, {
      chatTitle: '<img src=x onerror=alert(1)>',
      senderName: '<b>Завуч</b>',
      fragment: [
        { text: '<script>window.__pwned = true</script> ', hit: false },
        { text: '<i>контрольной</i>', hit: true },
      ],
    });
    await mockShell(session(), (cmd) => (cmd === 'search' ? [evil] : undefined));
    render(SearchView, { onOpen: () => {}, debounceMs: 0 });
    await type('контрольная');
    const list = screen.getByTestId('search-results');
    const option = await within(list).findByRole('option');
    expect(option.dataset.chatId).toBe('c1');
    expect(option.dataset.messageId).toBe('m1');
    const marks = option.querySelectorAll('mark');
    expect(marks).toHaveLength(1);
    expect(marks[0]!.textContent).toBe('<i>контрольной</i>');
    expect(marks[0]!.children).toHaveLength(0);
    expect(option.querySelector('script, img, b, i')).toBeNull();
    expect(option.textContent).toContain('<script>window.__pwned = true</script>');
    expect(option.textContent).toContain('<img src=x onerror=alert(1)>');
    expect((window as unknown as { __pwned?: boolean }).__pwned).toBeUndefined();
  });

  it('asks once after typing settles, and says how many were found', async () => {
    const calls = await mockShell(session(), (cmd) =>
      cmd === 'search' ? [1, 2, 3, 4, 5].map((n) => result(n)) : undefined,
    );
    render(SearchView, { onOpen: () => {}, debounceMs: 30 });
    await type('к');
    await type('ко');
    await type('контрольная');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Найдено 5 сообщений'));
    const searches = calls.filter((c) => c.cmd === 'search');
    expect(searches).toHaveLength(1);
    expect(searches[0]!.args).toEqual({ query: 'контрольная', before: null, limit: 30 });
  });

  it('says when nothing was found', async () => {
    await mockShell(session(), (cmd) => (cmd === 'search' ? [] : undefined));
    render(SearchView, { onOpen: () => {}, debounceMs: 0 });
    await type('каникулы');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Ничего не найдено'));
    expect(screen.getByTestId('search-results').hidden).toBe(true);
  });

  it('uses the Russian plural forms for the count', async () => {
    let n = 1;
    await mockShell(session(), (cmd) =>
      cmd === 'search' ? Array.from({ length: n }, (_, i) => result(i)) : undefined,
    );
    render(SearchView, { onOpen: () => {}, debounceMs: 0 });
    await type('а');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Найдено 1 сообщение'));
    n = 3;
    await type('аб');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Найдено 3 сообщения'));
  });

  it('moves with the arrows and opens the chosen result with Enter', async () => {
    const opened: unknown[] = [];
    await mockShell(session(), (cmd) =>
      cmd === 'search' ? [1, 2, 3].map((n) => result(n)) : undefined,
    );
    render(SearchView, { onOpen: (t) => opened.push(t), debounceMs: 0 });
    const input = await type('контрольная');
    const options = await within(screen.getByTestId('search-results')).findAllByRole('option');
    expect(options).toHaveLength(3);
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    await fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(options[1]!.getAttribute('aria-selected')).toBe('true');
    expect(input.getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(opened).toEqual([{ chatId: 'c2', messageId: 'm2' }]);
    await fireEvent.click(options[2]!);
    expect(opened[1]).toEqual({ chatId: 'c0', messageId: 'm3' });
  });

  it('loads the next page from the last result', async () => {
    const calls = await mockShell(session(), (cmd, args) => {
      if (cmd !== 'search') return undefined;
      if (args.before === null) return Array.from({ length: 30 }, (_, i) => result(i));
      return [result(30), result(31)];
    });
    render(SearchView, { onOpen: () => {}, debounceMs: 0 });
    await type('контрольная');
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Показаны первые 30 сообщений'),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Показать ещё' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Найдено 32 сообщения'));
    expect(calls.filter((c) => c.cmd === 'search')[1]!.args).toEqual({
      query: 'контрольная',
      before: 'k29',
      limit: 30,
    });
    expect(screen.queryByRole('button', { name: 'Показать ещё' })).toBeNull();
  });

  it('keeps an older answer from replacing a newer one', async () => {
    const resolvers: Record<string, (r: SearchResult[]) => void> = {};
    await mockShell(session(), (cmd, args) =>
      cmd === 'search'
        ? new Promise<SearchResult[]>((resolve) => (resolvers[args.query as string] = resolve))
        : undefined,
    );
    render(SearchView, { onOpen: () => {}, debounceMs: 0 });
    await type('старое');
    await waitFor(() => expect(resolvers['старое']).toBeTruthy());
    await type('новое');
    await waitFor(() => expect(resolvers['новое']).toBeTruthy());
    resolvers['новое']!([result(1)]);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Найдено 1 сообщение'));
    resolvers['старое']!([result(1), result(2)]);
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.getByRole('status').textContent).toBe('Найдено 1 сообщение');
  });
});
