import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import MessageBody from './MessageBody.svelte';
import LinkConfirm from './LinkConfirm.svelte';
import PhotoViewer from './PhotoViewer.svelte';
import { message, polyfillDialog, seg } from './fixtures';
import { setLocale } from '../../lib/i18n/index.svelte';
import { closeLink, closePhoto } from '../../lib/chats/overlays.svelte';

polyfillDialog();

afterEach(() => {
  closeLink();
  closePhoto();
  cleanup();
  clearMocks();
  setLocale('ru');
});

const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';

describe('a message body', () => {
  it('renders hostile text as text and creates no element from it', () => {
    const { container } = render(MessageBody, {
      message: message('1', {
        segments: [seg(hostile), seg(hostile, { link: 'https://x.example/<b>' })],
        reply: { chatId: 'c1', messageId: '0', senderName: '<b>Ева</b>', text: hostile },
        forward: { chatId: null, messageId: null, senderName: hostile, text: hostile },
        attachments: [{ type: 'file', index: 0, name: hostile, size: 10, cached: false }],
      }),
      onJump: () => {},
    });
    expect(container.querySelector('img, script, b')).toBeNull();
    expect(container.querySelector('.message-text')?.textContent).toBe(hostile + hostile);
    expect(container.textContent).toContain('<b>Ева</b>');
  });

  it('gives each segment style its own class and keeps the text exact', () => {
    const { container } = render(MessageBody, {
      message: message('1', {
        segments: [
          seg('Жирный', { styles: ['strong'] }),
          seg(' и '),
          seg('курсив', { styles: ['emphasized', 'underline'] }),
          seg(' '),
          seg('код', { styles: ['code'] }),
          seg('зачёркнуто', { styles: ['strikethrough'] }),
          seg('Заголовок', { styles: ['heading'] }),
          seg('цитата', { styles: ['quote'] }),
          seg('моно', { styles: ['monospaced'] }),
        ],
      }),
    });
    const text = container.querySelector('.message-text')!;
    expect(text.textContent).toBe('Жирный и курсив кодзачёркнутоЗаголовокцитатамоно');
    expect(text.querySelector('.s-strong')?.textContent).toBe('Жирный');
    const italic = text.querySelector('.s-emphasized')!;
    expect(italic.classList.contains('s-underline')).toBe(true);
    for (const style of ['code', 'strikethrough', 'heading', 'quote', 'monospaced']) {
      expect(text.querySelector(`.s-${style}`)).not.toBeNull();
    }
  });

  it('asks before opening a link, showing the real address', async () => {
    const opened: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'open_link') {
        opened.push((args as { url: string }).url);
        return null;
      }
      throw new Error(cmd);
    });
    render(LinkConfirm);
    render(MessageBody, {
      message: message('1', {
        segments: [seg('школьный сайт', { link: 'https://evil.example/login' })],
      }),
    });
    const link = screen.getByRole('button', { name: 'школьный сайт' });
    link.focus();
    await fireEvent.click(link);
    const dialog = document.querySelector('[role=dialog][data-testid=link-confirm]')!;
    expect(dialog.hasAttribute('open')).toBe(true);
    expect(dialog.querySelector('[data-testid=link-address]')?.textContent).toBe(
      'https://evil.example/login',
    );
    expect(opened).toEqual([]);
    await fireEvent.click(screen.getByRole('button', { name: 'Открыть' }));
    await waitFor(() => expect(opened).toEqual(['https://evil.example/login']));
    await waitFor(() => expect(dialog.hasAttribute('open')).toBe(false));
    expect(document.activeElement).toBe(link);
  });

  it('opens a photo in the viewer, closes it with Esc and gives focus back', async () => {
    render(PhotoViewer);
    render(MessageBody, {
      message: message('1', {
        segments: [],
        attachments: [
          {
            type: 'photo',
            index: 0,
            media: { url: 'media://photo/1', cached: true },
            width: 800,
            height: 600,
          },
        ],
      }),
    });
    const thumb = screen.getByRole('button', { name: 'Открыть фото' });
    thumb.focus();
    await fireEvent.click(thumb);
    const viewer = document.querySelector('[role=dialog][data-testid=photo-viewer]')!;
    expect(viewer.hasAttribute('open')).toBe(true);
    expect(viewer.querySelector('img')?.getAttribute('src')).toBe('media://photo/1');
    await fireEvent.keyDown(viewer, { key: 'Escape' });
    expect(viewer.hasAttribute('open')).toBe(false);
    expect(document.activeElement).toBe(thumb);
  });

  it('words files, voice notes and deleted messages', () => {
    const { container, unmount } = render(MessageBody, {
      message: message('1', {
        segments: [],
        attachments: [
          { type: 'file', index: 0, name: 'Расписание.pdf', size: 1258291, cached: true },
          { type: 'audio', index: 1, durationS: 65, media: { url: 'media://a/1', cached: true } },
        ],
      }),
    });
    expect(container.textContent).toContain('1,2 МБ');
    expect(screen.getByRole('button', { name: 'Открыть' })).toBeTruthy();
    expect(container.querySelector('audio[controls]')?.getAttribute('src')).toBe('media://a/1');
    unmount();
    const deleted = render(MessageBody, { message: message('2', { deleted: true }) });
    expect(deleted.container.querySelector('.message-text')?.textContent).toBe('Сообщение удалено');
  });
});
