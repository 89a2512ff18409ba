// Pre-confirmation requests as a list filtered by status (GET /v1/pre-confirmations: the
// importer's own, the holder's view of those naming its recordations), each with its status,
// port, recordation, importer, dates and a link to its page.
import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { formatDate } from '../format';
import { t } from '../i18n';
import { label, PRE_CONFIRMATION_STATUSES } from '../labels';
import { Link } from '../router';
import { Deadline } from './Deadline';
import { PagedList } from './PagedList';
import { StatusBadge } from './StatusBadge';
import { StatusFilter } from './StatusFilter';

type Status = Schemas['PreConfirmationStatus'];

function PreConfirmationSummary({ item, showImporter = false }: { item: Schemas['PreConfirmation']; showImporter?: boolean }) {
  const title = item.number ?? item.transport_document ?? t('pc.untitled', { date: formatDate(item.expected_on) });
  return (
    <article class="entry" aria-label={title}>
      <header class="entry-header">
        <h3><Link href={`/pre-confirmations/${item.id}`}>{title}</Link></h3>
        <StatusBadge status={item.status} />
      </header>
      <dl class="facts">
        {showImporter && <div><dt>{t('pc.importer')}</dt><dd>{item.importer.name} ({item.importer.registration_number})</dd></div>}
        <div><dt>{t('pc.recordation')}</dt><dd>{item.recordation_number}</dd></div>
        <div><dt>{t('pc.port')}</dt><dd>{item.office_code} · {label('direction', item.direction)}</dd></div>
        <div><dt>{t('pc.expected_on')}</dt><dd>{formatDate(item.expected_on)}</dd></div>
        <div><dt>{t('pc.auto_check')}</dt><dd>{t(item.auto_check.authorized ? 'pc.check_passed' : 'pc.check_failed')}</dd></div>
        {item.status === 'submitted' && (
          <div><dt>{t('pc.due_on')}</dt><dd>{formatDate(item.due_on)} <Deadline overdue={item.overdue} left={item.working_days_left} /></dd></div>
        )}
      </dl>
    </article>
  );
}

export function PreConfirmationList({ label, empty, showImporter = false }: { label: string; empty: string; showImporter?: boolean }) {
  const [status, setStatus] = useState<Status | ''>('');
  return (
    <>
      <div class="toolbar"><StatusFilter statuses={PRE_CONFIRMATION_STATUSES} value={status} onChange={setStatus} /></div>
      <PagedList<Schemas['PreConfirmation']>
        label={label}
        empty={empty}
        reloadKey={status}
        load={(cursor) => api.get('/v1/pre-confirmations', { query: { status: status || undefined, cursor } })}
        render={(p) => <PreConfirmationSummary item={p} showImporter={showImporter} />}
      />
    </>
  );
}
