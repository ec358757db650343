// Russian is Парта's first language: every string the window shows starts here, and the
// other languages must name the same keys (the type of `en` checks that).
import { ru_chats } from './ru/chats';
import { ru_views } from './ru/views';
import { ru_signin } from './ru/signin';
import { ru_notify } from './ru/notify';
import { ru_diary } from './ru/diary';

export const ru = {
  ...ru_chats,
  ...ru_views,
  ...ru_signin,
  ...ru_notify,
  ...ru_diary,
  'app.name': 'Парта',
  'nav.label': 'Разделы',
  'nav.chats': 'Чаты',
  'nav.announcements': 'Объявления',
  'nav.search': 'Поиск',
  'nav.diary': 'Дневник',
  'status.label': 'Подключение к MAX',
  'status.noAccount': 'Вход не выполнен',
  'status.connecting': 'Подключение…',
  'status.online': 'В сети',
  'status.offline': 'Нет сети — повторим через {n} с',
  'status.offlineNow': 'Нет сети — подключаемся…',
  'status.signedOut': 'Сеанс завершён — войдите снова',
  'status.coreError': 'Нет связи с ядром Парты: {reason}',
  'progress.label': 'Загрузка чатов: {done} из {total}',
  'progress.starting': 'Загрузка чатов…',
  'account.label': 'Учётная запись',
  'account.switchFailed': 'Не удалось переключить учётную запись: {reason}',
  'signedOut.banner':
    'Сохранённое остаётся доступно. Чтобы снова получать сообщения, войдите снова или выполните в терминале команду',
  'settings.open': 'Настройки',
  'settings.title': 'Настройки',
  'settings.autostart': 'Запускать Парту вместе с системой',
  'settings.autostartHint': 'Парта откроется сама после входа в систему. Закрытое окно остаётся в трее, если он есть.',
  'settings.autostartError': 'Не удалось изменить автозапуск: {reason}',
  'settings.close': 'Готово',
  'settings.languageHint': 'Язык окна Парты. Сообщения остаются на языке, на котором их написали.',
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
  'skip.toContent': 'Перейти к содержимому',
  'plural.messages': { one: '{n} сообщение', few: '{n} сообщения', many: '{n} сообщений' },
  'plural.unread': { one: '{n} непрочитанное', few: '{n} непрочитанных', many: '{n} непрочитанных' },
} as const;
