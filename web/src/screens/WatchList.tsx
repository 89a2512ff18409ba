// A customs office's watch list (GET/POST /v1/customs-offices/{code}/watch-list, DELETE .../{entry_id}):
// the recordations and HS chapters it checks intensively, each with its reason, period and status.
// A port officer keeps its own office's list; a headquarters officer chooses the office (kept in
// the address) and keeps any. Ending an entry keeps it on the list as ended.
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { allOffices } from '../api/offices';
import { Field } from '../components/Field';
import { required, useForm, useSubmit, type Validator } from '../components/form';
import { PagedList } from '../components/PagedList';
import { ProblemBanner } from '../components/ProblemBanner';
import { StatusBadge } from '../components/StatusBadge';
import { formatDate } from '../format';
import { t } from '../i18n';
import { navigate, useQuery } from '../router';
import { session } from '../session';

type Entry = Schemas['WatchListEntry'];
type Office = Schemas['Office'];

const number: Validator = (v) => (!v || /^[TCPOE]\d{4}-\d{6}$/.test(v.trim()) ? null : 'validation.recordation_number');
const chapter: Validator = (v) => (!v || /^\d{2}$/.test(v.trim()) ? null : 'watch.chapter_invalid');
const oneOf: Validator = (_v, values) =>
  (!!values.recordation_number.trim() !== !!values.hs_chapter.trim() ? null : 'watch.one_of');

function EntryItem({ e, onEnd, busy }: { e: Entry; onEnd: (e: Entry) => void; busy: boolean }) {
  const what = e.recordation ? `${e.recordation.title} ${e.recordation.number ?? ''}` : t('watch.chapter', { chapter: e.hs_chapter ?? '' });
  return (
    <article class="queue-item">
      <div class="queue-main">
        <h2 class="queue-title">{what}</h2>
        <p>{e.reason}</p>
        <p class="muted">{formatDate(e.valid_from)} – {formatDate(e.valid_until)} · {e.created_by?.full_name}</p>
      </div>
      <div class="queue-status">
        <StatusBadge status={e.status} />
        {e.status !== 'ended' && e.status !== 'expired' && (
          <button type="button" class="secondary" disabled={busy} onClick={() => onEnd(e)}>
            {t('watch.end')}<span class="visually-hidden"> {what}</span>
          </button>
        )}
      </div>
    </article>
  );
}

export function WatchList() {
  const me = session.use().me;
  const query = useQuery();
  const own = me?.office?.kind === 'port' ? me.office.code : null;
  const code = own ?? query.get('office') ?? '';
  const [offices, setOffices] = useState<Office[]>([]);
  const [reload, setReload] = useState(0);
  const [ending, setEnding] = useState(false);
  const [endError, setEndError] = useState<unknown>(null);
  const form = useForm({ recordation_number: '', hs_chapter: '', reason: '', valid_from: '', valid_until: '' },
    { recordation_number: (v, values) => number(v, values) ?? oneOf(v, values), hs_chapter: chapter, reason: required, valid_until: required });
  useEffect(() => {
    if (!own) allOffices('port').then(setOffices, setEndError);
  }, [own]);

  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    const v = form.values;
    await api.post('/v1/customs-offices/{code}/watch-list', {
      path: { code },
      body: {
        ...(v.recordation_number.trim() ? { recordation_number: v.recordation_number.trim() } : { hs_chapter: v.hs_chapter.trim() }),
        reason: v.reason.trim(), valid_from: v.valid_from || null, valid_until: v.valid_until,
      },
    });
    form.setAll({ recordation_number: '', hs_chapter: '', reason: '', valid_from: '', valid_until: '' });
    setReload(reload + 1);
  });
  const end = async (e: Entry) => {
    setEnding(true);
    setEndError(null);
    try {
      await api.delete('/v1/customs-offices/{code}/watch-list/{entry_id}', { path: { code, entry_id: e.id } });
      setReload(reload + 1);
    } catch (err) {
      setEndError(err);
    } finally {
      setEnding(false);
    }
  };

  return (
    <div>
      <h1 tabIndex={-1}>{t('watch.title')}{code && <> — {code}</>}</h1>
      <p class="lead">{t('watch.intro')}</p>
      {!own && (
        <div class="card field">
          <label for="watch-office">{t('watch.office')}</label>
          <select id="watch-office" value={code}
            onChange={(ev) => navigate(`/watch-list?office=${encodeURIComponent((ev.currentTarget as HTMLSelectElement).value)}`)}>
            <option value="">{t('watch.choose_office')}</option>
            {offices.map((o) => <option value={o.code}>{o.code} — {o.name}</option>)}
          </select>
        </div>
      )}
      {code && (
        <>
          <form class="card" onSubmit={onSubmit} noValidate aria-labelledby="watch-new">
            <h2 id="watch-new">{t('watch.add')}</h2>
            <ProblemBanner error={error} unmapped={unmapped} />
            <Field form={form} name="recordation_number" label={t('watch.recordation_number')} hint={t('watch.recordation_number_hint')} />
            <Field form={form} name="hs_chapter" label={t('watch.hs_chapter')} hint={t('watch.hs_chapter_hint')} />
            <Field form={form} name="reason" as="textarea" label={t('watch.reason')} required />
            <Field form={form} name="valid_from" type="date" label={t('watch.valid_from')} hint={t('check.date_hint')} />
            <Field form={form} name="valid_until" type="date" label={t('watch.valid_until')} required />
            <div class="actions">
              <button type="submit" disabled={busy}>{busy ? t('common.working') : t('watch.add_submit')}</button>
            </div>
          </form>
          <ProblemBanner error={endError} />
          <PagedList<Entry>
            label={t('watch.list')}
            reloadKey={`${code} ${reload}`}
            empty={t('watch.empty')}
            load={(cursor) => api.get('/v1/customs-offices/{code}/watch-list', { path: { code }, query: { cursor, limit: 50 } })}
            render={(e) => <EntryItem e={e} onEnd={(x) => void end(x)} busy={ending} />}
          />
        </>
      )}
    </div>
  );
}
