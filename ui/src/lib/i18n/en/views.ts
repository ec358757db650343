// English strings of the views area (spread into ../en.ts); the same keys as ../ru/views.ts.
export const en_views = {
  'views.signIn.title': 'Sign in to MAX to see your school’s chats and announcements',
  'views.signIn.body':
    'For now you sign in from the command line. Open a terminal on this computer and run:',
  'views.signIn.qr':
    'It shows a QR code: scan it with the MAX app on your phone. Chats and announcements will appear here and stay readable offline.',
  'views.signIn.soon': 'Soon you will be able to sign in right here in Parta, with a QR code on screen.',

  'views.announcements.title': 'Announcements',
  'views.announcements.feed': 'School channel announcements',
  'views.announcements.loading': 'Loading announcements…',
  'views.announcements.error': 'Could not read the announcements: {reason}',
  'views.announcements.more': 'Show earlier posts',
  'views.announcements.loadingMore': 'Loading earlier posts…',
  'views.announcements.end': 'This is the earliest saved announcement.',
  'views.announcements.open': 'Open in chat',
  'views.announcements.openLabel': 'Open in the “{channel}” chat',

  'views.offline.offline': 'No network — showing what was saved on {when}',
  'views.offline.connecting': 'Connecting… — showing what was saved on {when}',
  'views.offline.signedOut': 'Session ended — showing what was saved on {when}',
  'views.offline.offlineNever': 'No network — showing what is saved on this computer',
  'views.offline.connectingNever': 'Connecting… — showing what is saved on this computer',
  'views.offline.signedOutNever': 'Session ended — showing what is saved on this computer',
  'views.offline.when': '{date} at {time}',

  'views.search.title': 'Search',
  'views.search.label': 'Search chats and announcements',
  'views.search.placeholder': 'For example: maths test',
  'views.search.hint':
    'Searches every chat and announcement saved on this computer, even offline. Russian words match in any form: «контрольная» also finds «контрольной».',
  'views.search.shortcut': 'Jump to search: Ctrl+K',
  'views.search.results': 'Search results',
  'views.search.searching': 'Searching…',
  'views.search.none': 'Nothing found',
  'views.search.noneHint': 'Try another word or fewer words.',
  'views.search.more': 'Show more',
  'views.search.loadingMore': 'Loading more…',
  'views.search.error': 'Search failed: {reason}',
  'views.search.found': 'Found {count}',
  'views.search.foundMore': 'Showing the first {count}',
  'views.search.keys': 'Arrows choose, Enter opens in the chat',
  'views.search.optionLabel': '{chat}, {sender}, {date}: {text}',
  'views.search.noSender': 'no sender',

};
