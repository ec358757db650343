import type { Messages } from './index.svelte';
import { en_chats } from './en/chats';
import { en_views } from './en/views';
import { en_signin } from './en/signin';
import { en_notify } from './en/notify';
import { en_diary } from './en/diary';

// English, the second language. Keys must match ru.ts exactly.
export const en: Messages = {
  ...en_chats,
  ...en_views,
  ...en_signin,
  ...en_notify,
  ...en_diary,
  'app.name': 'Parta',
  'nav.label': 'Sections',
  'nav.chats': 'Chats',
  'nav.announcements': 'Announcements',
  'nav.search': 'Search',
  'nav.diary': 'Diary',
  'status.label': 'Connection to MAX',
  'status.noAccount': 'Not signed in',
  'status.connecting': 'Connecting…',
  'status.online': 'Online',
  'status.offline': 'No network — retrying in {n} s',
  'status.offlineNow': 'No network — connecting…',
  'status.signedOut': 'Session ended — please sign in again',
  'status.coreError': 'Cannot reach Parta’s core: {reason}',
  'progress.label': 'Loading chats: {done} of {total}',
  'progress.starting': 'Loading chats…',
  'account.label': 'Account',
  'account.switchFailed': 'Could not switch the account: {reason}',
  'signedOut.banner':
    'Everything saved stays readable. To receive messages again, sign in again or run in a terminal',
  'settings.open': 'Settings',
  'settings.title': 'Settings',
  'settings.autostart': 'Start Parta when I sign in to the computer',
  'settings.autostartHint': 'Parta opens by itself after you sign in. A closed window stays in the tray, where there is one.',
  'settings.autostartError': 'Could not change starting with the system: {reason}',
  'settings.close': 'Done',
  'settings.languageHint': 'The language of Parta’s window. Messages stay in the language they were written in.',
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
  'skip.toContent': 'Skip to content',
  'plural.messages': { one: '{n} message', other: '{n} messages' },
  'plural.unread': { one: '{n} unread', other: '{n} unread' },
};
