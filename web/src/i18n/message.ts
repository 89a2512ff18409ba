// A catalogue message filled in: {name} placeholders from params, and plural forms. A message
// that depends on a number is written with its forms separated by "|" in the order of the
// language's plural categories (English: one|other, e.g. '{count} working day left|{count}
// working days left'); the form is chosen by the parameter `count`. Chinese has no plural forms:
// its messages have one form.
import type { Locale } from './index';

/** The plural rule of each language: the index of the form for count n. */
const pluralForm: Record<Locale, (n: number) => number> = {
  en: (n) => (n === 1 ? 0 : 1),
  zh: () => 0,
};

export function fillMessage(locale: Locale, text: string, params: Record<string, string | number>): string {
  const forms = text.split('|');
  const form = forms.length > 1 ? forms[Math.min(pluralForm[locale](Number(params.count)), forms.length - 1)] : text;
  return form.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
