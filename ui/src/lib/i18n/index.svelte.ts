/**
 * Translation for the window: Russian first, English second.
 *
 * `t` looks a key up in the current language and fills `{name}` placeholders; `tn` picks the
 * plural form with `Intl.PluralRules` (Russian has one/few/many: 1 сообщение, 2 сообщения,
 * 5 сообщений, 21 сообщение). Dates go through `Intl.DateTimeFormat` of the current locale.
 * The current language is reactive state, so templates re-render when it changes, and it is
 * remembered in localStorage (it is a preference, not a secret).
 */
import { ru } from './ru';
import { en } from './en';

type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>>;
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : PluralForms };
export type Messages = Widen<typeof ru>;
export type Key = { [K in keyof Messages]: Messages[K] extends string ? K : never }[keyof Messages];
export type PluralKey = Exclude<keyof Messages, Key>;
export type Locale = 'ru' | 'en';

export const locales: Record<Locale, { name: string; tag: string; messages: Messages }> = {
  ru: { name: 'Русский', tag: 'ru-RU', messages: ru },
  en: { name: 'English', tag: 'en-GB', messages: en },
};

const storageKey = 'parta.locale';

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(storageKey);
    if (saved === 'ru' || saved === 'en') return saved;
  } catch {
    // Storage can be unavailable; Russian is the default either way.
  }
  return 'ru';
}

export const i18n = $state({ locale: initialLocale() });

export function setLocale(locale: Locale): void {
  i18n.locale = locale;
  try {
    globalThis.localStorage?.setItem(storageKey, locale);
  } catch {
    // Not remembered, but still applied for this run.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function t(key: Key, params: Record<string, string | number> = {}): string {
  return fill(locales[i18n.locale].messages[key] as string, params);
}

export function tn(key: PluralKey, n: number): string {
  const { tag, messages } = locales[i18n.locale];
  const forms = messages[key] as PluralForms;
  const rule = new Intl.PluralRules(tag).select(n);
  const form = forms[rule] ?? forms.other ?? forms.many ?? '';
  return fill(form, { n: new Intl.NumberFormat(tag).format(n) });
}

export function formatDate(date: Date, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(locales[i18n.locale].tag, options).format(date);
}

export function formatNumber(n: number, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(locales[i18n.locale].tag, options).format(n);
}
