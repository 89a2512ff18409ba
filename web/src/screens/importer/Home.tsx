// The importer landing page: what needs attention first (requests awaiting a decision whose
// automatic check did not pass: customs will look for supporting documents), the count of
// requests by status, and every request, newest first, filtered by status.
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { PreConfirmationList } from '../../components/PreConfirmationList';
import { PRE_CONFIRMATION_STATUSES as STATUSES } from '../../labels';
import { statusLabel } from '../../components/StatusBadge';
import { ProblemBanner } from '../../components/ProblemBanner';
import { t } from '../../i18n';
import { Link } from '../../router';
import { session } from '../../session';

export function ImporterHome() {
  const me = session.use().me;
  const [counts, setCounts] = useState<Record<string, string> | null>(null);
  const [attention, setAttention] = useState<Schemas['PreConfirmation'][]>([]);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    // One call per status for the counts (a page of 200; "200+" when there are more), the waiting ones kept.
    Promise.all(STATUSES.map((s) => api.get('/v1/pre-confirmations', { query: { status: s, limit: 200 } })))
      .then((pages) => {
        setCounts(Object.fromEntries(STATUSES.map((s, i) => [s, pages[i].next_cursor ? '200+' : String(pages[i].items.length)])));
        setAttention(pages[0].items.filter((p) => !p.auto_check.authorized));
      }, setError);
  }, []);

  return (
    <div>
      <h1 tabIndex={-1}>{t('home.importer.title')}</h1>
      <p class="lead">{t('home.welcome', { name: me?.user.full_name ?? '' })}</p>
      <p>{t('home.importer.intro')}</p>
      <p><Link href="/importer/pre-confirmations/new" class="button">{t('file_pc.title')}</Link></p>
      <ProblemBanner error={error} />
      {counts && (
        <ul class="counts" aria-label={t('importer.counts')}>
          {STATUSES.map((s) => (
            <li key={s}><span class="count">{counts[s]}</span> {statusLabel(s)}</li>
          ))}
        </ul>
      )}
      {attention.length > 0 && (
        <section class="card attention" aria-labelledby="attention-title">
          <h2 id="attention-title">{t('importer.attention', { count: attention.length })}</h2>
          <p>{t('importer.attention_text')}</p>
          <ul class="plain">
            {attention.map((p) => (
              <li key={p.id}><Link href={`/pre-confirmations/${p.id}`}>{p.transport_document ?? p.recordation_number}</Link> · {p.office_code} · {p.recordation_number}</li>
            ))}
          </ul>
        </section>
      )}
      <h2>{t('importer.requests')}</h2>
      <PreConfirmationList label={t('importer.requests')} empty={t('importer.empty')} />
    </div>
  );
}
