// The holder's mandates (issue 22): the agents it lets act for it. Grant one to an approved agent
// (all its recordations, the actions it chooses, until a date), attach the power of attorney the
// agent needs before accepting, and end one at once. Listed sets of recordations and narrowing
// are the API's (POST/PATCH /v1/mandates).
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { DocumentUpload } from '../../components/DocumentUpload';
import { Field } from '../../components/Field';
import { required, useForm, useSubmit } from '../../components/form';
import { PagedList } from '../../components/PagedList';
import { ProblemBanner } from '../../components/ProblemBanner';
import { StatusBadge } from '../../components/StatusBadge';
import { t } from '../../i18n';
import { MandateSummary } from '../agent/Mandates';

type Mandate = Schemas['Mandate'];
const POWERS: Schemas['MandatePower'][] = ['file_and_amend', 'submit', 'answer_information_requests', 'renew', 'manage_authorized_users'];

function GrantForm({ onGranted }: { onGranted: () => void }) {
  const [agents, setAgents] = useState<Schemas['Agent'][]>([]);
  const [powers, setPowers] = useState<Set<string>>(new Set(POWERS));
  const form = useForm({ agent_id: '', valid_until: '' }, { agent_id: required, valid_until: required });
  useEffect(() => {
    api.get('/v1/agents', { query: { limit: 200 } }).then((page) => setAgents(page.items), () => setAgents([]));
  }, []);
  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    await api.post('/v1/mandates', { body: {
      agent_id: form.values.agent_id, all_recordations: true, valid_until: form.values.valid_until,
      actions: POWERS.filter((p) => powers.has(p)),
    } });
    onGranted();
  });
  const toggle = (p: string) => {
    const next = new Set(powers);
    if (next.has(p)) next.delete(p);
    else next.add(p);
    setPowers(next);
  };
  return (
    <>
      <ProblemBanner error={error} unmapped={unmapped} />
      <form onSubmit={onSubmit} noValidate class="card">
        <Field form={form} name="agent_id" as="select" label={t('mandates.agent')} required>
          <option value="">{t('mandates.choose_agent')}</option>
          {agents.map((a) => <option key={a.id} value={a.id}>{`${a.name} (${a.licence_number})`}</option>)}
        </Field>
        <p class="muted">{t('mandates.all_recordations_note')}</p>
        <fieldset class="checks">
          <legend>{t('mandates.actions')}</legend>
          {POWERS.map((p) => (
            <label key={p}>
              <input type="checkbox" checked={powers.has(p)} onChange={() => toggle(p)} /> {t(`power.${p}`)}
            </label>
          ))}
        </fieldset>
        <Field form={form} name="valid_until" type="date" label={t('mandates.valid_until')} required />
        <button type="submit" disabled={busy}>{busy ? t('common.working') : t('mandates.grant')}</button>
      </form>
    </>
  );
}

export function HolderMandates() {
  const [reload, setReload] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const again = () => setReload((n) => n + 1);
  const end = async (m: Mandate) => {
    setError(null);
    try {
      await api.post('/v1/mandates/{id}/end', { path: { id: m.id }, body: {} });
      again();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      <h1 tabIndex={-1}>{t('mandates.title')}</h1>
      <p class="lead">{t('mandates.holder_intro')}</p>
      <div class="two-columns">
        <section aria-labelledby="mandates-list">
          <h2 id="mandates-list">{t('mandates.granted')}</h2>
          <ProblemBanner error={error} />
          <PagedList<Mandate>
            label={t('mandates.granted')}
            reloadKey={String(reload)}
            load={(cursor) => api.get('/v1/mandates', { query: { cursor, limit: 50 } })}
            empty={t('mandates.none')}
            render={(m) => (
              <div>
                <div class="rec-item">
                  <MandateSummary m={m} party={m.agent.name} />
                  <div class="rec-item-side">
                    <StatusBadge status={m.status} />
                    {(m.status === 'offered' || m.status === 'accepted') && (
                      <button type="button" class="secondary" onClick={() => end(m)}>{t('mandates.end', { name: m.agent.name })}</button>
                    )}
                  </div>
                </div>
                {m.status === 'offered' && !m.has_power_of_attorney && (
                  <DocumentUpload parent="mandates" id={m.id} kinds={['power_of_attorney', 'other']} onUploaded={again} />
                )}
              </div>
            )}
          />
        </section>
        <section aria-labelledby="mandates-new">
          <h2 id="mandates-new">{t('mandates.new')}</h2>
          <GrantForm key={reload} onGranted={again} />
        </section>
      </div>
    </div>
  );
}
