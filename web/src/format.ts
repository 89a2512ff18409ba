// Dates as people read them, in the current language. Times are shown in the registry's time
// zone (GET /v1/me: time_zone), the zone its deadlines are counted in, wherever the browser is.
import { intlLocale } from './i18n';
import { session } from './session';

const registryZone = () => session.get().me?.time_zone ?? 'Asia/Shanghai';

/** A calendar date (YYYY-MM-DD, a due date): the same day everywhere. */
export function formatDate(date: string): string {
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

/** An instant (RFC 3339) as a date and time in the registry's time zone. */
export function formatDateTime(instant: string): string {
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: registryZone() })
    .format(new Date(instant));
}

/** The registry's time zone, for a caption ("times in Asia/Shanghai"). */
export function timeZone(): string {
  return registryZone();
}

/** Today's date (YYYY-MM-DD) in the registry's time zone. */
export function today(): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: registryZone(), year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date());
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** A file's size: "512 B", "350.2 KB", "1.2 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** An amount of money with its currency code ("CNY 63,900.00"), two decimals, in the current language. */
export function formatMoney(amount: number, currency = 'CNY'): string {
  return new Intl.NumberFormat(intlLocale(), { style: 'currency', currency, currencyDisplay: 'code', minimumFractionDigits: 2 }).format(amount);
}
