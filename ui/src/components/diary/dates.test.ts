import { afterEach, describe, expect, it } from 'vitest';
import { setLocale, tn } from '../../lib/i18n/index.svelte';
import { addDays, dayTitle, mondayOf, updatedAgo, weekTitle } from './dates';
import { absenceLabel, grade, markLabel } from './marks';

afterEach(() => setLocale('ru'));

describe('the diary’s calendar', () => {
  it('finds a week’s Monday, a Sunday belonging to the week before', () => {
    expect(mondayOf('2026-12-09')).toBe('2026-12-07');
    expect(mondayOf('2026-12-07')).toBe('2026-12-07');
    expect(mondayOf('2026-12-12')).toBe('2026-12-07');
    expect(mondayOf('2026-12-13')).toBe('2026-12-07');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2026-03-02', -7)).toBe('2026-02-23');
  });

  it('titles a school week in Russian, across months and years', () => {
    expect(weekTitle('2026-12-07')).toBe('7–12 декабря 2026');
    expect(weekTitle('2026-11-30')).toBe('30 ноября – 5 декабря 2026');
    expect(weekTitle('2026-12-28')).toBe('28 декабря 2026 – 2 января 2027');
    expect(dayTitle('2026-12-07')).toBe('Понедельник, 7 декабря');
  });

  it('titles a school week in English', () => {
    setLocale('en');
    expect(weekTitle('2026-12-07')).toBe('7–12 December 2026');
    expect(weekTitle('2026-11-30')).toBe('30 November – 5 December 2026');
    expect(weekTitle('2026-12-28')).toBe('28 December 2026 – 2 January 2027');
    expect(dayTitle('2026-12-07')).toBe('Monday 7 December');
  });

  it('keeps garbage dates readable instead of throwing', () => {
    expect(weekTitle('не дата')).toBe('не дата');
    expect(dayTitle('')).toBe('');
  });
});

describe('the diary’s words', () => {
  it('counts marks, lessons and absences with the three Russian forms', () => {
    const counts = [0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 101, 111];
    expect(counts.map((n) => tn('diary.plural.marks', n))).toEqual([
      '0 оценок',
      '1 оценка',
      '2 оценки',
      '3 оценки',
      '4 оценки',
      '5 оценок',
      '11 оценок',
      '12 оценок',
      '21 оценка',
      '22 оценки',
      '25 оценок',
      '101 оценка',
      '111 оценок',
    ]);
    expect([1, 3, 5, 21].map((n) => tn('diary.plural.lessons', n))).toEqual([
      '1 урок',
      '3 урока',
      '5 уроков',
      '21 урок',
    ]);
    expect([1, 2, 11].map((n) => tn('diary.plural.absences', n))).toEqual([
      '1 пропуск',
      '2 пропуска',
      '11 пропусков',
    ]);
    setLocale('en');
    expect([1, 3].map((n) => tn('diary.plural.marks', n))).toEqual(['1 mark', '3 marks']);
  });

  it('says how long ago the week was updated', () => {
    const now = new Date(2026, 11, 7, 18, 0).getTime();
    const ago = (minutes: number) => updatedAgo(now - minutes * 60_000, now);
    expect(ago(0)).toBe('Обновлено только что');
    expect(ago(1)).toBe('Обновлено 1 минуту назад');
    expect(ago(3)).toBe('Обновлено 3 минуты назад');
    expect(ago(5)).toBe('Обновлено 5 минут назад');
    expect(ago(21)).toBe('Обновлено 21 минуту назад');
    expect(ago(60)).toBe('Обновлено 1 час назад');
    expect(ago(3 * 60)).toBe('Обновлено 3 часа назад');
    expect(ago(5 * 60)).toBe('Обновлено 5 часов назад');
    expect(ago(2 * 24 * 60)).toBe('Обновлено 2 дня назад');
    expect(ago(10 * 24 * 60)).toBe('Обновлено 27 ноября в 18:00');
    // A clock a little behind the shell's never says «in the future».
    expect(updatedAgo(now + 30_000, now)).toBe('Обновлено только что');
    setLocale('en');
    expect(ago(1)).toBe('Updated 1 minute ago');
    expect(ago(5 * 60)).toBe('Updated 5 hours ago');
  });

  it('names marks and attendance codes for screen readers', () => {
    expect(markLabel({ value: '5', weight: 2 })).toBe('Оценка 5, вес 2');
    expect(markLabel({ value: '4', weight: null })).toBe('Оценка 4');
    expect(absenceLabel('н')).toBe('не был(а) на уроке');
    expect(absenceLabel('Н')).toBe('не был(а) на уроке');
    expect(absenceLabel('б')).toBe('болел(а)');
    expect(absenceLabel('оп')).toBe('отметка о посещении «оп»');
    expect(grade('5')).toBe('good');
    expect(grade('4-')).toBe('fine');
    expect(grade('2')).toBe('poor');
    expect(grade('зачёт')).toBe('other');
  });
});
