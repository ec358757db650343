import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, i18n, setLocale, t, tn } from './index.svelte';
import { ru } from './ru';
import { en } from './en';
import { ru_views } from './ru/views';
import { en_views } from './en/views';
import { ru_diary } from './ru/diary';
import { en_diary } from './en/diary';

afterEach(() => setLocale('ru'));

describe('i18n', () => {
  it('starts in Russian', () => {
    expect(i18n.locale).toBe('ru');
    expect(t('nav.chats')).toBe('Чаты');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('about.version', { version: '1.2.3' })).toBe('Версия 1.2.3');
    expect(t('about.version')).toBe('Версия {version}');
  });

  it('uses the three Russian plural forms', () => {
    const forms = [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111].map((n) =>
      tn('plural.messages', n),
    );
    expect(forms).toEqual([
      '0 сообщений',
      '1 сообщение',
      '2 сообщения',
      '4 сообщения',
      '5 сообщений',
      '11 сообщений',
      '12 сообщений',
      '14 сообщений',
      '21 сообщение',
      '22 сообщения',
      '25 сообщений',
      '101 сообщение',
      '111 сообщений',
    ]);
  });

  it('groups thousands the Russian way', () => {
    expect(tn('plural.messages', 1021)).toBe('1\u00a0021 сообщение');
  });

  it('switches to English and remembers the choice', () => {
    setLocale('en');
    expect(t('nav.chats')).toBe('Chats');
    expect(tn('plural.messages', 1)).toBe('1 message');
    expect(tn('plural.messages', 2)).toBe('2 messages');
    expect(localStorage.getItem('parta.locale')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('formats dates in ru-RU', () => {
    const date = new Date(2026, 8, 1, 8, 30);
    expect(formatDate(date, { day: 'numeric', month: 'long' })).toBe('1 сентября');
    expect(formatDate(date, { hour: '2-digit', minute: '2-digit' })).toBe('08:30');
  });

  it('has the same keys in every language', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ru).sort());
  });

  it('keeps the views strings under views.… with an English twin for each', () => {
    expect(Object.keys(ru_views).every((k) => k.startsWith('views.'))).toBe(true);
    expect(Object.keys(en_views).sort()).toEqual(Object.keys(ru_views).sort());
    for (const value of [...Object.values(ru_views), ...Object.values(en_views)]) {
      expect(value.trim()).not.toBe('');
    }
  });

  it('keeps the diary strings under diary.… with an English twin for each', () => {
    expect(Object.keys(ru_diary).every((k) => k.startsWith('diary.'))).toBe(true);
    expect(Object.keys(en_diary).sort()).toEqual(Object.keys(ru_diary).sort());
    for (const [key, value] of [...Object.entries(ru_diary), ...Object.entries(en_diary)]) {
      const forms = typeof value === 'string' ? [value] : Object.values(value);
      for (const form of forms) expect(form.trim(), key).not.toBe('');
      if (key.startsWith('diary.plural.')) for (const form of forms) expect(form).toContain('{n}');
    }
  });

  it('words the connection without asking the person to retry', () => {
    expect(t('status.offline', { n: 5 })).toBe('Нет сети — повторим через 5 с');
    const all = Object.entries(ru).filter(([k]) => k.startsWith('status.'));
    for (const [, words] of all) expect(String(words)).not.toMatch(/повторите|попробуйте снова/i);
  });
});
