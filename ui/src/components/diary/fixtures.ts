// Test data for the diary views: the shapes the shell's diary commands answer.
import type {
  DiaryLessonView,
  DiaryState,
  DiaryWeekView,
  SubjectAverageView,
} from '../../lib/diary';

export const alice = { guid: 'D1A70000-0000-4000-8000-000051000105', name: 'Морозова Алиса', class: '5 «А»', school: 'МОАУ «СОШ № 1» г. Оренбурга' };
export const ivan = { guid: 'D1A70000-0000-4000-8000-000051000208', name: 'Морозов Иван', class: '7 «Б»', school: 'МОАУ «СОШ № 1» г. Оренбурга' };

export function state(extra: Partial<DiaryState> = {}): DiaryState {
  return { status: 'ready', children: [alice], movedLink: null, refreshing: false, error: null, ...extra };
}

export function lesson(extra: Partial<DiaryLessonView> = {}): DiaryLessonView {
  return {
    date: '2026-12-07',
    number: 1,
    subject: 'Русский язык',
    teacher: 'Смирнова Ольга Ивановна',
    timeBegin: '08:30',
    timeEnd: '09:15',
    topic: null,
    homework: null,
    homeworkFiles: [],
    marks: [],
    absences: [],
    notes: [],
    done: false,
    chatId: null,
    ...extra,
  };
}

export const algebra = lesson({
  number: 2,
  subject: 'Алгебра',
  teacher: 'Иванова Марина Петровна',
  timeBegin: '09:25',
  timeEnd: '10:10',
  topic: 'Квадратные уравнения',
  homework: '№ 112, 114',
  homeworkFiles: [{ index: 0, name: 'Задачи.pdf' }],
  marks: [
    { value: '5', weight: 2 },
    { value: '4', weight: null },
  ],
  notes: ['Забыл тетрадь'],
  chatId: 'chat-5a',
});

export const averages: SubjectAverageView[] = [
  { subject: 'Алгебра', marks: [{ value: '5', weight: 2 }, { value: '4', weight: null }], average: 4.67, missed: 0, skipped: 1, sick: 0 },
  { subject: 'Русский язык', marks: [], average: null, missed: 0, skipped: 0, sick: 2 },
];

/** A school week: Monday with two lessons (marks, homework, an absence), Tuesday with one. */
export function week(extra: Partial<DiaryWeekView> = {}): DiaryWeekView {
  const monday = extra.monday ?? '2026-12-07';
  return {
    childGuid: alice.guid,
    monday,
    fetchedAt: Date.now() - 5.5 * 60_000,
    holiday: false,
    classChatId: 'chat-5a',
    classChatChosen: false,
    days: [
      {
        date: monday,
        lessons: [lesson({ date: monday, absences: ['н'] }), { ...algebra, date: monday }],
      },
      {
        date: '2026-12-08',
        lessons: [
          lesson({
            date: '2026-12-08',
            number: 1,
            subject: 'История',
            homework: 'Параграф 12',
            marks: [{ value: '3', weight: null }],
          }),
        ],
      },
    ],
    periodName: '2 четверть',
    averages,
    ...extra,
  };
}
