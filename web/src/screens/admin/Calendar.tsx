// The working-day calendar as a month view. Monday to Friday are working days unless a
// holiday is declared; Saturday and Sunday are not unless a make-up working day is. The grid
// follows the date-grid pattern: one day is in the Tab order, arrow keys move between days
// (Home/End: start/end of the week, Page Up/Down: month), Enter or a click opens the day's
// dialog (declare a holiday or a working day: PUT /v1/calendar/{date}; remove it: DELETE).
// Below, "N working days after a date" (GET /v1/calendar/working-days), recomputed after a change.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { Field } from '../../components/Field';
import { all, required, useForm, useSubmit, type Validator } from '../../components/form';
import { Modal } from '../../components/Modal';
import { ProblemBanner } from '../../components/ProblemBanner';
import { today } from '../../format';
import { intlLocale, t } from '../../i18n';

type Exception = Schemas['CalendarException'];

// Civil dates as YYYY-MM-DD strings; arithmetic in UTC, where every day has 24 hours.
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (iso: string, n: number) => toIso(new Date(toDate(iso).getTime() + n * 86400000));
/** 0 for Monday ... 6 for Sunday. */
const weekday = (iso: string) => (toDate(iso).getUTCDay() + 6) % 7;
const isWeekend = (iso: string) => weekday(iso) >= 5;
const monthOf = (iso: string) => iso.slice(0, 7);
const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return toIso(new Date(Date.UTC(y, m, 0)));
};
/** The same day of the month n months away (the 31st becomes the month's last day). */
function addMonths(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const target = toIso(new Date(Date.UTC(y, m - 1 + n, 1))).slice(0, 7);
  const end = lastDay(target);
  return d > Number(end.slice(8)) ? end : `${target}-${String(d).padStart(2, '0')}`;
}
const fmt = (iso: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(intlLocale(), { ...options, timeZone: 'UTC' }).format(toDate(iso));
const longDate = (iso: string) => fmt(iso, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** What a day is, in words (for the dialog and the cell's name). */
function describe(iso: string, exception: Exception | undefined): string {
  if (exception?.kind === 'holiday') return t('calendar.is_holiday', { name: exception.name });
  if (exception?.kind === 'working_day') return t('calendar.is_working_day', { name: exception.name });
  return t(isWeekend(iso) ? 'calendar.is_weekend' : 'calendar.is_weekday');
}

function DayDialog({ date, exception, onClose, onChanged }: {
  date: string; exception?: Exception; onClose: () => void; onChanged: (message: string) => void;
}) {
  const kind: Exception['kind'] = isWeekend(date) ? 'working_day' : 'holiday';
  const form = useForm({ name: '' }, { name: required });
  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    await api.put('/v1/calendar/{date}', { path: { date }, body: { kind, name: form.values.name.trim() } });
    onChanged(t(kind === 'holiday' ? 'calendar.declared_holiday' : 'calendar.declared_working_day', { date: longDate(date) }));
  });
  const [removing, setRemoving] = useState(false);
  const [removeError, setRemoveError] = useState<unknown>(null);
  const remove = async () => {
    setRemoving(true);
    setRemoveError(null);
    try {
      await api.delete('/v1/calendar/{date}', { path: { date } });
      onChanged(t('calendar.removed', { date: longDate(date) }));
    } catch (e) {
      setRemoveError(e);
      setRemoving(false);
    }
  };

  return (
    <Modal open title={longDate(date)} onClose={onClose}>
      <p class="day-state">{describe(date, exception)}</p>
      {exception ? (
        <>
          <ProblemBanner error={removeError} />
          <p>{t(exception.kind === 'holiday' ? 'calendar.remove_holiday_explain' : 'calendar.remove_working_day_explain')}</p>
          <div class="actions">
            <button type="button" class="danger" disabled={removing} onClick={() => void remove()}>
              {removing ? t('common.working') : t('calendar.remove')}
            </button>
            <button type="button" class="secondary" onClick={onClose}>{t('common.cancel')}</button>
          </div>
        </>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <ProblemBanner error={error} unmapped={unmapped} />
          <Field form={form} name="name" label={t(kind === 'holiday' ? 'calendar.holiday_name' : 'calendar.working_day_name')}
            hint={t(kind === 'holiday' ? 'calendar.holiday_hint' : 'calendar.working_day_hint')} required />
          <div class="actions">
            <button type="submit" disabled={busy}>
              {busy ? t('common.working') : t(kind === 'holiday' ? 'calendar.declare_holiday' : 'calendar.declare_working_day')}
            </button>
            <button type="button" class="secondary" onClick={onClose}>{t('common.cancel')}</button>
          </div>
        </form>
      )}
    </Modal>
  );
}

const dayCount: Validator = (v) => (/^\d{1,4}$/.test(v) && Number(v) <= 3650 ? null : 'calendar.add_rule');
const isoDate: Validator = (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'calendar.date_rule');

/** "N working days after a date": answers at once, and again whenever `version` changes. */
function WorkingDaysCalculator({ version }: { version: number }) {
  const form = useForm({ start: today(), add: '5' }, { start: all(required, isoDate), add: all(required, dayCount) });
  const [result, setResult] = useState<Schemas['WorkingDayResult'] | null>(null);
  const ask = async (start: string, add: string) => {
    setResult(await api.get('/v1/calendar/working-days', { query: { start, add: Number(add) } }));
  };
  const { busy, error, unmapped, onSubmit } = useSubmit(form, () => ask(form.values.start, form.values.add));
  const [recomputeError, setRecomputeError] = useState<unknown>(null);
  // The first answer at once (from today), then again after each change of the calendar.
  useEffect(() => {
    const { start, add } = result ?? form.values;
    ask(String(start), String(add)).then(() => setRecomputeError(null), setRecomputeError);
  }, [version]);

  return (
    <section class="card calculator" aria-labelledby="calc-title">
      <h2 id="calc-title">{t('calendar.calc_title')}</h2>
      <p class="muted">{t('calendar.calc_intro')}</p>
      <ProblemBanner error={error ?? recomputeError} unmapped={unmapped} />
      <form onSubmit={onSubmit} noValidate class="calc-form">
        <Field form={form} name="add" type="number" label={t('calendar.calc_add')} required />
        <Field form={form} name="start" type="date" label={t('calendar.calc_start')} required />
        <div class="filters-submit"><button type="submit" disabled={busy}>{busy ? t('common.working') : t('calendar.calc_submit')}</button></div>
      </form>
      <p class="calc-result" role="status">
        {result && (
          <>
            {t('calendar.calc_result', { count: result.add, start: longDate(result.start) })}{' '}
            <strong><time dateTime={result.date}>{longDate(result.date)}</time></strong>
          </>
        )}
      </p>
    </section>
  );
}

export function Calendar() {
  const now = today();
  const [focused, setFocused] = useState(now);
  const month = monthOf(focused);
  const [exceptions, setExceptions] = useState<Map<string, Exception>>(new Map());
  const [loadError, setLoadError] = useState<unknown>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [version, setVersion] = useState(0);
  const focusGrid = useRef(false);
  const grid = useRef<HTMLTableElement>(null);

  useEffect(() => {
    let current = true;
    api.get('/v1/calendar', { query: { from: `${month}-01`, to: lastDay(month) } }).then(
      (list) => {
        if (!current) return;
        setExceptions(new Map(list.items.map((e) => [e.date, e])));
        setLoadError(null);
      },
      (e) => current && setLoadError(e),
    );
    return () => {
      current = false;
    };
  }, [month, version]);

  useLayoutEffect(() => {
    if (!focusGrid.current) return;
    focusGrid.current = false;
    grid.current?.querySelector<HTMLElement>(`[data-date="${focused}"]`)?.focus();
  });

  const move = (to: string) => {
    focusGrid.current = true;
    setFocused(to);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const steps: Record<string, () => string> = {
      ArrowLeft: () => addDays(focused, -1),
      ArrowRight: () => addDays(focused, 1),
      ArrowUp: () => addDays(focused, -7),
      ArrowDown: () => addDays(focused, 7),
      Home: () => addDays(focused, -weekday(focused)),
      End: () => addDays(focused, 6 - weekday(focused)),
      PageUp: () => addMonths(focused, -1),
      PageDown: () => addMonths(focused, 1),
    };
    if (steps[e.key]) {
      e.preventDefault();
      move(steps[e.key]());
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      setOpen(focused);
    }
  };
  const changed = (message: string) => {
    setOpen(null);
    setNotice(message);
    setVersion((v) => v + 1);
  };

  // The weeks (Monday first) that hold a day of the month; null outside it.
  const first = `${month}-01`;
  const last = lastDay(month);
  const weeks: (string | null)[][] = [];
  for (let day = addDays(first, -weekday(first)); day <= last; day = addDays(day, 7))
    weeks.push(Array.from({ length: 7 }, (_, i) => {
      const d = addDays(day, i);
      return monthOf(d) === month ? d : null;
    }));
  const monday = '2024-01-01';
  const title = fmt(first, { month: 'long', year: 'numeric' });
  const monthExceptions = [...exceptions.values()].sort((a, b) => (a.date < b.date ? -1 : 1));

  return (
    <div>
      <h1 tabIndex={-1}>{t('calendar.title')}</h1>
      <p class="lead">{t('calendar.intro')}</p>
      <div role="status" class="sr-status">{notice && <p class="banner banner-success">{notice}</p>}</div>
      <ProblemBanner error={loadError} />
      <section class="card month" aria-labelledby="month-title">
        <div class="month-bar">
          <button type="button" class="secondary" onClick={() => setFocused(addMonths(focused, -1))}>{t('calendar.previous')}</button>
          <h2 id="month-title" aria-live="polite">{title}</h2>
          <button type="button" class="secondary" onClick={() => setFocused(addMonths(focused, 1))}>{t('calendar.next')}</button>
        </div>
        <p id="grid-help" class="muted">{t('calendar.keys')}</p>
        <table role="grid" class="month-grid" ref={grid} aria-labelledby="month-title" aria-describedby="grid-help" onKeyDown={onKeyDown}>
          <thead>
            <tr>
              {Array.from({ length: 7 }, (_, i) => (
                <th scope="col" abbr={fmt(addDays(monday, i), { weekday: 'long' })}>{fmt(addDays(monday, i), { weekday: 'short' })}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr>
                {week.map((day) => {
                  if (!day) return <td role="gridcell" class="day-outside" />;
                  const exception = exceptions.get(day);
                  const classes = ['day', isWeekend(day) && 'day-weekend', exception && `day-${exception.kind}`, day === now && 'day-today'];
                  return (
                    <td role="gridcell" data-date={day} tabIndex={day === focused ? 0 : -1} class={classes.filter(Boolean).join(' ')}
                      aria-current={day === now ? 'date' : undefined} aria-selected={day === focused}
                      onClick={() => { setFocused(day); setOpen(day); }}>
                      <span class="visually-hidden">
                        {`${longDate(day)}: ${describe(day, exception)}${day === now ? ` (${t('calendar.today')})` : ''}`}
                      </span>
                      <span class="day-number" aria-hidden="true">{Number(day.slice(8))}</span>
                      {day === now && <span class="day-today-tag" aria-hidden="true">{t('calendar.today')}</span>}
                      {exception && <span class="day-name" aria-hidden="true">{exception.name}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        <ul class="legend" aria-label={t('calendar.legend')}>
          <li><span class="swatch day-weekend" aria-hidden="true" />{t('calendar.legend_weekend')}</li>
          <li><span class="swatch day-holiday" aria-hidden="true" />{t('calendar.legend_holiday')}</li>
          <li><span class="swatch day-working_day" aria-hidden="true" />{t('calendar.legend_working_day')}</li>
          <li><span class="swatch day-today" aria-hidden="true" />{t('calendar.today')}</li>
        </ul>
        <h3>{t('calendar.month_exceptions')}</h3>
        {monthExceptions.length === 0 ? <p class="empty">{t('calendar.no_exceptions')}</p> : (
          <ul class="exception-list">
            {monthExceptions.map((e) => <li>{longDate(e.date)}: {describe(e.date, e)}</li>)}
          </ul>
        )}
      </section>
      <WorkingDaysCalculator version={version} />
      {open && <DayDialog date={open} exception={exceptions.get(open)} onClose={() => setOpen(null)} onChanged={changed} />}
    </div>
  );
}
