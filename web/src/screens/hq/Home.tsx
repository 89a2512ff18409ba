// The headquarters officer's landing page: the review queue, earliest decision deadline first
// (GET /v1/recordations sorts officers' lists by due_on), overdue filings marked, filters by
// status, type of right and text (kept in the address, so a reload or the back button keeps
// them), keyset paging.
import { api, type Schemas } from '../../api/client';
import { Field } from '../../components/Field';
import { PagedList } from '../../components/PagedList';
import { StatusBadge } from '../../components/StatusBadge';
import { useFilters } from '../../components/useFilters';
import { formatDate } from '../../format';
import { t } from '../../i18n';
import { Link } from '../../router';
import { Deadline } from '../../components/Deadline';
import { IPR_TYPES, RECORDATION_STATUSES, label } from '../../labels';

type Recordation = Schemas['Recordation'];

function QueueItem({ r }: { r: Recordation }) {
  const renewal = r.renewal?.status === 'submitted' ? r.renewal : null;
  const due = r.due_on ?? renewal?.due_on ?? null;
  const overdue = r.overdue || !!renewal?.overdue;
  return (
    <article class={overdue ? 'queue-item overdue' : 'queue-item'}>
      <div class="queue-main">
        <h2 class="queue-title"><Link href={`/hq/recordations/${r.id}`}>{r.title}</Link></h2>
        <p class="muted">
          {r.holder.name} · {label('ipr_type', r.ipr_type)}
          {r.registration_number && <> · {t('recordation.registration_number')} {r.registration_number}</>}
          {r.number && <> · {r.number}</>}
        </p>
      </div>
      <div class="queue-status">
        <StatusBadge status={r.status} />
        {renewal && <span class="badge badge-submitted">{t('recordation.renewal_pending')}</span>}
      </div>
      <div class="queue-due">
        {due ? (
          <>
            <span>{t('queue.due', { date: formatDate(due) })}</span>
            <Deadline overdue={overdue} left={renewal ? renewal.working_days_left : r.working_days_left} />
          </>
        ) : r.paused_working_days_left !== null ? (
          <span class="muted">{t('recordation.paused', { count: r.paused_working_days_left })}</span>
        ) : <span class="muted">{t('queue.no_deadline')}</span>}
      </div>
    </article>
  );
}

export function HqHome() {
  const { filters, form, apply, key } = useFilters('/hq', { status: 'submitted', ipr_type: '', q: '', overdue: '' });

  return (
    <div>
      <h1 tabIndex={-1}>{t('home.hq_officer.title')}</h1>
      <p class="lead">{t('home.hq_officer.intro')}</p>
      <form class="card filters" role="search" aria-label={t('queue.filters')} onSubmit={apply}>
        <Field form={form} name="q" type="search" label={t('queue.text')} hint={t('queue.text_hint')} />
        <Field form={form} name="status" as="select" label={t('queue.status')}>
          <option value="">{t('queue.any')}</option>
          {RECORDATION_STATUSES.map((s) => <option value={s}>{t(`status.${s}`)}</option>)}
        </Field>
        <Field form={form} name="ipr_type" as="select" label={t('queue.type')}>
          <option value="">{t('queue.any')}</option>
          {IPR_TYPES.map((v) => <option value={v}>{label('ipr_type', v)}</option>)}
        </Field>
        <Field form={form} name="overdue" as="select" label={t('queue.deadline')}>
          <option value="">{t('queue.any')}</option>
          <option value="true">{t('queue.overdue_only')}</option>
          <option value="false">{t('queue.not_overdue')}</option>
        </Field>
        <div class="filters-submit">
          <button type="submit">{t('queue.apply')}</button>
        </div>
      </form>
      <PagedList<Recordation>
        label={t('queue.results')}
        reloadKey={key}
        empty={t('queue.empty')}
        load={(cursor) => api.get('/v1/recordations', {
          query: {
            status: (filters.status || undefined) as Recordation['status'] | undefined,
            ipr_type: (filters.ipr_type || undefined) as Recordation['ipr_type'] | undefined,
            q: filters.q || undefined,
            overdue: filters.overdue ? filters.overdue === 'true' : undefined,
            cursor,
            limit: 25,
          },
        })}
        render={(r) => <QueueItem r={r} />}
      />
    </div>
  );
}
