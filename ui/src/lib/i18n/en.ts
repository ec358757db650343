import type { Messages } from './index.svelte';
import { en_chats } from './en/chats';
import { en_views } from './en/views';

// English, the second language. Keys must match ru.ts exactly.
export const en: Messages = {
  ...en_chats,
  ...en_views,
  'app.name': 'Parta',
  'app.tagline': 'School chats, announcements and diary',
  'nav.label': 'Sections',
  'nav.chats': 'Chats',
  'nav.announcements': 'Announcements',
  'nav.diary': 'Diary',
  'status.offline': 'Not connected to MAX',
  'empty.chats.title': 'Your school chats will appear here',
  'empty.chats.body':
    'Class chats, parents’ chats and conversations with teachers from Sferum will be listed here and stay readable offline.',
  'empty.announcements.title': 'No announcements yet',
  'empty.announcements.body':
    'Posts from school channels are kept on this computer so they can be read without a network.',
  'empty.diary.title': 'The diary appears after signing in to the e-journal',
  'empty.diary.body': 'Each child’s lessons for the week, homework, marks and absences.',
  'about.open': 'About',
  'about.title': 'About Parta',
  'about.version': 'Version {version}',
  'about.dataDir': 'Data is kept on this computer in the folder:',
  'about.os': 'System: {os}',
  'about.loading': 'Loading…',
  'about.error': 'Could not read the program details: {reason}',
  'about.close': 'Close',
  'language.label': 'Language',
  'plural.messages': { one: '{n} message', other: '{n} messages' },
  'plural.unread': { one: '{n} unread', other: '{n} unread' },
};
