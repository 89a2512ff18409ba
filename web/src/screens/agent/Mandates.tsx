// The mandates given to the agent (GET /v1/mandates): from whom, over what, which actions, for
// how long, and whether the power of attorney is attached; an offered one is accepted or
// declined here (POST /v1/mandates/{id}/answer).
import { useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { PagedList } from '../../components/PagedList';
import { ProblemBanner } from '../../components/ProblemBanner';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../format';
import { t } from '../../i18n';

type Mandate = Schemas['Mandate'];

/** What a mandate covers and allows, in words. */
export function MandateSummary({ m, party }: { m: Mandate; party: string }) {
  return (
    <div class="rec-item-main">
      <strong>{party}</strong>
      <span class="rec-meta">
        {m.all_recordations ? t('mandate.all_recordations') : t('mandate.listed', { count: m.recordation_ids.length })}
        {' · '}{t('mandate.period', { from: formatDate(m.valid_from), until: formatDate(m.valid_until) })}
      </span>
      <span class="rec-meta">{m.actions.map((a) => t(`power.${a}`)).join(', ')}</span>
      <span class="rec-meta">{m.has_power_of_attorney ? t('mandate.poa_attached') : t('mandate.poa_missing')}</span>
    </div>
  );
}

export function AgentMandates() {
  const [reload, setReload] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const answer = async (m: Mandate, outcome: 'accept' | 'decline') => {
    setError(null);
    try {
      await api.post('/v1/mandates/{id}/answer', { path: { id: m.id }, body: { outcome } });
      setReload((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      <h1 tabIndex={-1}>{t('mandates.title')}</h1>
      <p class="lead">{t('mandates.agent_intro')}</p>
      <ProblemBanner error={error} />
      <PagedList<Mandate>
        label={t('mandates.title')}
        reloadKey={String(reload)}
        load={(cursor) => api.get('/v1/mandates', { query: { cursor, limit: 50 } })}
        empty={t('mandates.none')}
        render={(m) => (
          <div class="rec-item">
            <MandateSummary m={m} party={m.holder.name} />
            <div class="rec-item-side">
              <StatusBadge status={m.status} />
              {m.status === 'offered' && (
                <div class="actions">
                  <button type="button" onClick={() => answer(m, 'accept')}>{t('mandates.accept', { name: m.holder.name })}</button>
                  <button type="button" class="secondary" onClick={() => answer(m, 'decline')}>{t('mandates.decline', { name: m.holder.name })}</button>
                </div>
              )}
            </div>
          </div>
        )}
      />
    </div>
  );
}
