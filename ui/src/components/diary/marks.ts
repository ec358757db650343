/**
 * How a mark and an attendance code read: a colour family for the usual 5-point marks, and the
 * words a screen reader says («Оценка 5, вес 2»; «н» — «не был(а) на уроке»).
 */
import { t, type Key } from '../../lib/i18n/index.svelte';
import type { DiaryMarkView } from '../../lib/diary';

/** `good` (5), `fine` (4), `fair` (3), `poor` (2, 1), `other` (зачёт, «н/а», …). */
export function grade(value: string): 'good' | 'fine' | 'fair' | 'poor' | 'other' {
  const digit = value.trim().replace(/[+-]$/, '');
  if (digit === '5') return 'good';
  if (digit === '4') return 'fine';
  if (digit === '3') return 'fair';
  if (digit === '2' || digit === '1') return 'poor';
  return 'other';
}

export function markLabel(mark: DiaryMarkView): string {
  return mark.weight !== null && mark.weight !== 1
    ? t('diary.mark.weighted', { value: mark.value, weight: mark.weight })
    : t('diary.mark.label', { value: mark.value });
}

const knownAbsences = ['н', 'б', 'у'];

/** «не был(а) на уроке» for «н»; any other code is named as it is. */
export function absenceLabel(code: string): string {
  const plain = code.trim().toLowerCase();
  if (knownAbsences.includes(plain)) return t(`diary.absence.${plain}` as Key);
  return t('diary.absence.other', { code });
}
