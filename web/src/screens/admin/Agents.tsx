// Agents awaiting the administrator (issue 22): the agents that registered, pending first; each
// approved, or refused with the reason it is told (POST /v1/agents/{id}/decision). An approved
// agent may be suspended, and approved again. Until approved, an agent's users cannot act.
import { useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { PagedList } from '../../components/PagedList';
import { ProblemBanner } from '../../components/ProblemBanner';
import { StatusBadge } from '../../components/StatusBadge';
import { StatusFilter } from '../../components/StatusFilter';
import { t } from '../../i18n';

type Agent = Schemas['Agent'];
const STATUSES: Schemas['AgentStatus'][] = ['pending', 'approved', 'refused', 'suspended'];

function Decide({ agent, onDecided }: { agent: Agent; onDecided: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const decide = async (outcome: 'approve' | 'refuse' | 'suspend') => {
    setError(null);
    try {
      await api.post('/v1/agents/{id}/decision', { path: { id: agent.id }, body: outcome === 'approve' ? { outcome } : { outcome, reason } });
      onDecided();
    } catch (e) {
      setError(e);
    }
  };
  const id = `reason-${agent.id}`;
  return (
    <div>
      <ProblemBanner error={error} />
      {agent.status !== 'approved' && <button type="button" onClick={() => decide('approve')}>{t('agents.approve', { name: agent.name })}</button>}
      {(agent.status === 'pending' || agent.status === 'approved') && (
        <div class="field">
          <label for={id}>{t('agents.reason')}</label>
          <input id={id} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)} />
          {agent.status === 'pending'
            ? <button type="button" class="secondary" onClick={() => decide('refuse')}>{t('agents.refuse', { name: agent.name })}</button>
            : <button type="button" class="secondary" onClick={() => decide('suspend')}>{t('agents.suspend', { name: agent.name })}</button>}
        </div>
      )}
    </div>
  );
}

export function Agents() {
  const [status, setStatus] = useState<Schemas['AgentStatus'] | ''>('pending');
  const [reload, setReload] = useState(0);
  return (
    <div>
      <h1 tabIndex={-1}>{t('agents.title')}</h1>
      <p class="lead">{t('agents.intro')}</p>
      <div class="filters filters-inline">
        <StatusFilter statuses={STATUSES} value={status} onChange={setStatus} />
      </div>
      <PagedList<Agent>
        label={t('agents.title')}
        reloadKey={`${status}-${reload}`}
        load={(cursor) => api.get('/v1/agents', { query: { status: status || undefined, cursor, limit: 50 } })}
        empty={t('agents.none')}
        render={(a) => (
          <div class="rec-item">
            <div class="rec-item-main">
              <strong>{a.name}</strong>
              <span class="rec-meta">{t('agents.licence', { number: a.licence_number })} · {a.country} · {a.registration_number}</span>
              <span class="rec-meta">{a.contact_email} · {a.phone}</span>
              {a.last_reason && <span class="rec-reason">{a.last_reason}</span>}
            </div>
            <div class="rec-item-side">
              <StatusBadge status={a.status} />
              <Decide agent={a} onDecided={() => setReload((n) => n + 1)} />
            </div>
          </div>
        )}
      />
    </div>
  );
}
