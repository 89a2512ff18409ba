// Dates as the registry sees them (YYYY-MM-DD strings, the registry's time zone), for tests
// that need "today", the day before, or the same day years later.

/** Today in the registry's time zone (the default, Asia/Shanghai). */
export function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/** The date `days` after `date` (negative: before). */
export function shiftDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The same day `years` later; 29 February falls back to 28 February. */
export function shiftYears(date, years) {
  const [y, m, d] = date.split('-').map(Number);
  const day = m === 2 && d === 29 ? 28 : d;
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
