// The holder's recordations, newest first, page by page (the API's keyset cursor), filtered by
// status (?status= in the address, so the home page links to a filtered list): each with its
// status, number, type and decision deadline with the working days left.
import { api } from '../../api/client';
import { client } from '../../client';
import { ClientSwitcher } from '../../components/ClientSwitcher';
import { PagedList } from '../../components/PagedList';
import { StatusBadge } from '../../components/StatusBadge';
import { StatusFilter } from '../../components/StatusFilter';
import { formatDate } from '../../format';
import { t } from '../../i18n';
import { label, RECORDATION_STATUSES } from '../../labels';
import { Link, navigate, useQuery } from '../../router';
import { useRole } from '../../session';
import { DecisionDue, type Recordation } from './RecordationParts';

/** One filing in a list: title (a link), status, type, number, deadline or validity. */
export function RecordationItem({ rec }: { rec: Recordation }) {
  return (
    <div class="rec-item">
      <div class="rec-item-main">
        <Link href={`/holder/recordations/${rec.id}`} class="rec-title">{rec.title}</Link>
        <span class="rec-meta">{label('ipr_type', rec.ipr_type)}{rec.number && <> · <span class="code number">{rec.number}</span></>}</span>
        {rec.last_reason && (rec.status === 'rejected' || rec.status === 'information_requested') && <span class="rec-reason">{rec.last_reason}</span>}
      </div>
      <div class="rec-item-side">
        <StatusBadge status={rec.status} />
        <DecisionDue rec={rec} />
        {rec.status === 'approved' && rec.valid_until && <span class="deadline">{t('recordation.valid_until', { date: formatDate(rec.valid_until) })}</span>}
      </div>
    </div>
  );
}

export function Recordations() {
  const query = useQuery();
  const status = query.get('status') ?? '';
  const filter = RECORDATION_STATUSES.find((s) => s === status);
  const agent = useRole() === 'agent';
  const chosen = agent ? client.use() : '';
  return (
    <div>
      <div class="page-head">
        <h1 tabIndex={-1}>{t('recordations.title')}</h1>
        <Link class="button" href="/holder/recordations/new">{t('recordations.new')}</Link>
      </div>
      {agent && <ClientSwitcher />}
      <div class="filters filters-inline">
        <StatusFilter statuses={RECORDATION_STATUSES} value={filter ?? ''}
          onChange={(v) => navigate(v ? `/holder/recordations?status=${v}` : '/holder/recordations', { replace: true })} />
      </div>
      <PagedList<Recordation>
        label={t('recordations.title')}
        reloadKey={`${filter ?? ''}-${chosen}`}
        load={(cursor) => api.get('/v1/recordations', { query: { status: filter, organization_id: chosen || undefined, cursor, limit: 20 } })}
        render={(rec) => <RecordationItem rec={rec} />}
        empty={filter ? t('recordations.none_status') : t('recordations.none')}
      />
    </div>
  );
}
