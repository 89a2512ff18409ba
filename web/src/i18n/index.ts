// The message catalogues and the current language. Every string the console shows comes from
// en.ts / zh.ts through t(); zh.ts is typed Record<MessageKey, string>, so tsc fails when the
// two catalogues do not have the same keys.
import { createStore } from '../store';
import { en, type MessageKey } from './en';
import { fillMessage } from './message';
import { zh } from './zh';

export type { MessageKey };
export type Locale = 'en' | 'zh';
const catalogues: Record<Locale, Record<MessageKey, string>> = { en, zh };
const STORAGE_KEY = 'iprd.locale';

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'zh') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export const locale = createStore<Locale>(initialLocale());
document.documentElement.lang = locale.get() === 'zh' ? 'zh-CN' : 'en';

/** Switches the language and remembers it (localStorage). */
export function setLocale(next: Locale): void {
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  locale.set(next);
}

/**
 * The message for key in the current language, with {name} placeholders filled from params and,
 * for a message with plural forms, the form for params.count (i18n/message.ts).
 */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return fillMessage(locale.get(), catalogues[locale.get()][key], params);
}

/** Whether a string is a key of the catalogue (for keys built from API values: statuses, roles). */
export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}

/** The BCP 47 tag for Intl formatting. */
export function intlLocale(): string {
  return locale.get() === 'zh' ? 'zh-CN' : 'en-GB';
}
