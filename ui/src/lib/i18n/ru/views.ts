// Russian strings of the views area (spread into ../ru.ts). Keys: 'views.…'.
export const ru_views = {
  'views.signIn.title': 'Войдите в MAX, чтобы видеть чаты и объявления школы',
  'views.signIn.body':
    'Пока вход выполняется из командной строки. Откройте терминал на этом компьютере и выполните команду:',
  'views.signIn.qr':
    'Она покажет QR-код: отсканируйте его телефоном в приложении MAX. Чаты и объявления появятся здесь и останутся доступны без интернета.',
  'views.signIn.soon': 'Скоро войти можно будет прямо в Парте — по QR-коду на экране.',

  'views.announcements.title': 'Объявления',
  'views.announcements.feed': 'Объявления школьных каналов',
  'views.announcements.loading': 'Загружаем объявления…',
  'views.announcements.error': 'Не удалось прочитать объявления: {reason}',
  'views.announcements.more': 'Показать более ранние',
  'views.announcements.loadingMore': 'Загружаем более ранние…',
  'views.announcements.end': 'Это самое раннее сохранённое объявление.',
  'views.announcements.open': 'Открыть в чате',
  'views.announcements.openLabel': 'Открыть в чате «{channel}»',

  'views.offline.offline': 'Нет сети — показано сохранённое на {when}',
  'views.offline.connecting': 'Подключение… — показано сохранённое на {when}',
  'views.offline.signedOut': 'Сеанс завершён — показано сохранённое на {when}',
  'views.offline.offlineNever': 'Нет сети — показано то, что сохранено на этом компьютере',
  'views.offline.connectingNever': 'Подключение… — показано то, что сохранено на этом компьютере',
  'views.offline.signedOutNever': 'Сеанс завершён — показано то, что сохранено на этом компьютере',
  'views.offline.when': '{date} в {time}',

  'views.search.title': 'Поиск',
  'views.search.label': 'Искать в чатах и объявлениях',
  'views.search.placeholder': 'Например: контрольная по математике',
  'views.search.hint':
    'Ищет по всем чатам и объявлениям, сохранённым на этом компьютере, — даже без сети. Слова находятся в любой форме: «контрольная» найдёт и «контрольной».',
  'views.search.shortcut': 'Быстрый переход к поиску: Ctrl+K',
  'views.search.results': 'Результаты поиска',
  'views.search.searching': 'Ищем…',
  'views.search.none': 'Ничего не найдено',
  'views.search.noneHint': 'Попробуйте другое слово или меньше слов.',
  'views.search.more': 'Показать ещё',
  'views.search.loadingMore': 'Загружаем ещё…',
  'views.search.error': 'Поиск не удался: {reason}',
  'views.search.found': 'Найдено {count}',
  'views.search.foundMore': 'Показаны первые {count}',
  'views.search.keys': 'Стрелки — выбор, Enter — открыть в чате',
  'views.search.optionLabel': '{chat}, {sender}, {date}: {text}',
  'views.search.noSender': 'без автора',

} as const;
