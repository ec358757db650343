// Russian is Парта's first language: every string the window shows starts here, and the
// other languages must name the same keys (the type of `en` checks that).
import { ru_chats } from './ru/chats';
import { ru_views } from './ru/views';

export const ru = {
  ...ru_chats,
  ...ru_views,
  'app.name': 'Парта',
  'app.tagline': 'Школьные чаты, объявления и дневник',
  'nav.label': 'Разделы',
  'nav.chats': 'Чаты',
  'nav.announcements': 'Объявления',
  'nav.diary': 'Дневник',
  'status.offline': 'Нет подключения к MAX',
  'empty.chats.title': 'Здесь появятся чаты школы',
  'empty.chats.body':
    'Классные чаты, чаты родителей и переписка с учителями из «Сферума» будут в этом списке и останутся доступны без интернета.',
  'empty.announcements.title': 'Объявлений пока нет',
  'empty.announcements.body':
    'Сообщения школьных каналов сохраняются на этом компьютере, чтобы их можно было прочитать без сети.',
  'empty.diary.title': 'Дневник появится после входа в электронный журнал',
  'empty.diary.body': 'Уроки недели, домашние задания, оценки и пропуски каждого ребёнка.',
  'about.open': 'О программе',
  'about.title': 'О программе «Парта»',
  'about.version': 'Версия {version}',
  'about.dataDir': 'Данные хранятся на этом компьютере в папке:',
  'about.os': 'Система: {os}',
  'about.loading': 'Загрузка…',
  'about.error': 'Не удалось получить сведения о программе: {reason}',
  'about.close': 'Закрыть',
  'language.label': 'Язык',
  'plural.messages': { one: '{n} сообщение', few: '{n} сообщения', many: '{n} сообщений' },
  'plural.unread': { one: '{n} непрочитанное', few: '{n} непрочитанных', many: '{n} непрочитанных' },
} as const;
