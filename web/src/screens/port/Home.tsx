// The port officer's landing page: the office's pre-confirmation requests, earliest due date
// first (GET /v1/pre-confirmations sorts officers' lists by due_on), overdue ones marked, a
// status filter and the lookup of a shipment by its transport document (bill of lading, air
// waybill); both kept in the address. Keyset paging.
import { api, type Schemas } from '../../api/client';
import { Deadline } from '../../components/Deadline';
import { Field } from '../../components/Field';
import { PagedList } from '../../components/PagedList';
import { StatusBadge } from '../../components/StatusBadge';
import { useFilters } from '../../components/useFilters';
import { formatDate } from '../../format';
import { t } from '../../i18n';
import { PRE_CONFIRMATION_STATUSES, label } from '../../labels';
import { Link } from '../../router';
import { session } from '../../session';

type PreConfirmation = Schemas['PreConfirmation'];

function QueueItem({ p }: { p: PreConfirmation }) {
  const value = p.goods.reduce((sum, g) => sum + g.value, 0);
  const currencies = [...new Set(p.goods.map((g) => g.currency))];
  return (
    <article class={p.overdue ? 'queue-item overdue' : 'queue-item'}>
      <div class="queue-main">
        <h2 class="queue-title">
          <Link href={`/port/pre-confirmations/${p.id}`}>{p.transport_document ?? t('pc.no_transport_document')}</Link>
          {p.number && <span class="muted"> {p.number}</span>}
        </h2>
        <p class="muted">
          {p.importer.name} · {label('direction', p.direction)} · {p.recordation_number}
          {' · '}{t('pc.lines', { count: p.goods.length })}
          {currencies.length === 1 && <> · {value.toLocaleString()} {currencies[0]}</>}
        </p>
      </div>
      <div class="queue-status">
        <StatusBadge status={p.status} />
        <span class={p.auto_check.authorized ? 'badge badge-approved' : 'badge badge-rejected'}>
          {t(p.auto_check.authorized ? 'pc.auto_yes' : 'pc.auto_no')}
        </span>
      </div>
      <div class="queue-due">
        <span>{t('queue.due', { date: formatDate(p.due_on) })}</span>
        <Deadline overdue={p.overdue} left={p.working_days_left} />
      </div>
    </article>
  );
}

export function PortHome() {
  const me = session.use().me;
  const { filters, form, apply, key } = useFilters('/port', { status: 'submitted', transport_document: '' });

  return (
    <div>
      <h1 tabIndex={-1}>{t('home.port_officer.title')}</h1>
      <p class="lead">{t('pc.queue_intro', { office: me?.office?.name ?? '' })}</p>
      <form class="card filters" role="search" aria-label={t('queue.filters')} onSubmit={apply}>
        <Field form={form} name="transport_document" type="search" label={t('pc.transport_document')} hint={t('pc.transport_document_hint')} />
        <Field form={form} name="status" as="select" label={t('queue.status')}>
          <option value="">{t('queue.any')}</option>
          {PRE_CONFIRMATION_STATUSES.map((s) => <option value={s}>{t(`status.${s}`)}</option>)}
        </Field>
        <div class="filters-submit">
          <button type="submit">{t('queue.apply')}</button>
        </div>
      </form>
      <PagedList<PreConfirmation>
        label={t('queue.results')}
        reloadKey={key}
        empty={t('pc.empty')}
        load={(cursor) => api.get('/v1/pre-confirmations', {
          query: {
            status: (filters.status || undefined) as PreConfirmation['status'] | undefined,
            transport_document: filters.transport_document || undefined,
            cursor,
            limit: 25,
          },
        })}
        render={(p) => <QueueItem p={p} />}
      />
    </div>
  );
}
