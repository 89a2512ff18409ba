// The holder's mandates (issue 22): the agents it lets act for it. Grant one to an approved agent
// (all its recordations or the ones it ticks, the actions it chooses, until a date), attach the
// power of attorney the agent needs before accepting, narrow one (fewer actions, fewer
// recordations, an earlier end: PATCH with If-Match; a wider mandate is a new grant), and end
// one at once.
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
type Power = Schemas['MandatePower'];
type Recordation = Schemas['Recordation'];
const POWERS: Power[] = ['file_and_amend', 'submit', 'answer_information_requests', 'renew', 'manage_authorized_users', 'answer_cases'];
// Answering suspect-goods cases (asking for detention, with its guarantee) is granted on purpose.
const DEFAULT_POWERS = POWERS.filter((p) => p !== 'answer_cases');

/** The holder's recordations (the first 200, newest first), to choose a mandate's listed set from. */
function useOwnRecordations() {
  const [recs, setRecs] = useState<Recordation[]>([]);
  useEffect(() => {
    api.get('/v1/recordations', { query: { limit: 200 } }).then((page) => setRecs(page.items), () => setRecs([]));
  }, []);
  return recs;
}

function toggled<T>(set: Set<T>, v: T): Set<T> {
  const next = new Set(set);
  if (next.has(v)) next.delete(v);
  else next.add(v);
  return next;
}

function Checks<T extends string>({ legend, options, chosen, onToggle, label }: {
  legend: string; options: T[]; chosen: Set<T>; onToggle: (v: T) => void; label: (v: T) => string;
}) {
  return (
    <fieldset class="checks">
      <legend>{legend}</legend>
      {options.map((v) => (
        <label key={v}><input type="checkbox" checked={chosen.has(v)} onChange={() => onToggle(v)} /> {label(v)}</label>
      ))}
    </fieldset>
  );
}

const recordationLabel = (recs: Recordation[]) => (id: string) => {
  const r = recs.find((x) => x.id === id);
  return r ? (r.number ? `${r.number} ${r.title}` : r.title) : id;
};

/** All the holder's recordations, or the ones ticked (`listed` null: all). */
function Scope({ recs, listed, setListed, options }: {
  recs: Recordation[]; listed: Set<string> | null; setListed: (s: Set<string> | null) => void; options: string[];
}) {
  return (
    <>
      <fieldset class="checks">
        <legend>{t('mandates.scope')}</legend>
        <label><input type="radio" name="scope" checked={listed === null} onChange={() => setListed(null)} /> {t('mandates.scope_all')}</label>
        <label><input type="radio" name="scope" checked={listed !== null} onChange={() => setListed(new Set())} /> {t('mandates.scope_listed')}</label>
      </fieldset>
      {listed !== null && (options.length === 0 ? <p class="empty">{t('mandates.no_recordations')}</p> : (
        <Checks legend={t('mandates.recordations')} options={options} chosen={listed}
          onToggle={(id) => setListed(toggled(listed, id))} label={recordationLabel(recs)} />
      ))}
    </>
  );
}

function GrantForm({ onGranted }: { onGranted: () => void }) {
  const [agents, setAgents] = useState<Schemas['Agent'][]>([]);
  const [powers, setPowers] = useState<Set<Power>>(new Set(DEFAULT_POWERS));
  const [listed, setListed] = useState<Set<string> | null>(null);
  const recs = useOwnRecordations();
  const form = useForm({ agent_id: '', valid_until: '' }, { agent_id: required, valid_until: required });
  useEffect(() => {
    api.get('/v1/agents', { query: { limit: 200 } }).then((page) => setAgents(page.items), () => setAgents([]));
  }, []);
  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    await api.post('/v1/mandates', { body: {
      agent_id: form.values.agent_id, valid_until: form.values.valid_until,
      all_recordations: listed === null, ...(listed !== null ? { recordation_ids: [...listed] } : {}),
      actions: POWERS.filter((p) => powers.has(p)),
    } });
    onGranted();
  });
  return (
    <>
      <ProblemBanner error={error} unmapped={unmapped} />
      <form onSubmit={onSubmit} noValidate class="card">
        <Field form={form} name="agent_id" as="select" label={t('mandates.agent')} required>
          <option value="">{t('mandates.choose_agent')}</option>
          {agents.map((a) => <option key={a.id} value={a.id}>{`${a.name} (${a.licence_number})`}</option>)}
        </Field>
        <Scope recs={recs} listed={listed} setListed={setListed} options={recs.map((r) => r.id)} />
        <Checks legend={t('mandates.actions')} options={POWERS} chosen={powers}
          onToggle={(p) => setPowers(toggled(powers, p))} label={(p) => t(`power.${p}`)} />
        <Field form={form} name="valid_until" type="date" label={t('mandates.valid_until')} required />
        <button type="submit" disabled={busy}>{busy ? t('common.working') : t('mandates.grant')}</button>
      </form>
    </>
  );
}

/** Narrows a mandate: only what it has now can be kept or dropped; the end can come earlier. */
function NarrowForm({ m, onDone, onCancel }: { m: Mandate; onDone: () => void; onCancel: () => void }) {
  const recs = useOwnRecordations();
  const [powers, setPowers] = useState<Set<Power>>(new Set(m.actions));
  const [listed, setListed] = useState<Set<string> | null>(m.all_recordations ? null : new Set(m.recordation_ids));
  const form = useForm({ valid_until: m.valid_until }, { valid_until: required });
  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    const actions = m.actions.filter((p) => powers.has(p));
    const body: Schemas['MandatePatch'] = {};
    if (actions.length !== m.actions.length) body.actions = actions;
    if (listed !== null && (m.all_recordations || listed.size !== m.recordation_ids.length)) body.recordation_ids = [...listed];
    if (form.values.valid_until !== m.valid_until) body.valid_until = form.values.valid_until;
    if (Object.keys(body).length === 0) return onCancel();
    await api.patch('/v1/mandates/{id}', { path: { id: m.id }, body, headers: { 'If-Match': `"${m.version}"` } });
    onDone();
  });
  return (
    <form onSubmit={onSubmit} noValidate class="card" aria-label={t('mandates.narrow', { name: m.agent.name })}>
      <p class="muted">{t('mandates.narrow_note')}</p>
      <ProblemBanner error={error} unmapped={unmapped} />
      {m.all_recordations
        ? <Scope recs={recs} listed={listed} setListed={setListed} options={recs.map((r) => r.id)} />
        : <Checks legend={t('mandates.recordations')} options={m.recordation_ids} chosen={listed ?? new Set<string>()}
            onToggle={(id) => setListed(toggled(listed ?? new Set<string>(), id))} label={recordationLabel(recs)} />}
      <Checks legend={t('mandates.actions')} options={m.actions} chosen={powers}
        onToggle={(p) => setPowers(toggled(powers, p))} label={(p) => t(`power.${p}`)} />
      <Field form={form} name="valid_until" type="date" label={t('mandates.valid_until')} required />
      <div class="actions">
        <button type="submit" disabled={busy}>{busy ? t('common.working') : t('mandates.narrow_save')}</button>
        <button type="button" class="secondary" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

export function HolderMandates() {
  const [reload, setReload] = useState(0);
  const [narrowing, setNarrowing] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const again = () => { setNarrowing(null); setReload((n) => n + 1); };
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
            render={(m) => {
              const open = m.status === 'offered' || m.status === 'accepted';
              return (
                <div>
                  <div class="rec-item">
                    <MandateSummary m={m} party={m.agent.name} />
                    <div class="rec-item-side">
                      <StatusBadge status={m.status} />
                      {open && narrowing !== m.id && (
                        <button type="button" class="secondary" onClick={() => setNarrowing(m.id)}>{t('mandates.narrow', { name: m.agent.name })}</button>
                      )}
                      {open && (
                        <button type="button" class="secondary" onClick={() => end(m)}>{t('mandates.end', { name: m.agent.name })}</button>
                      )}
                    </div>
                  </div>
                  {open && narrowing === m.id && <NarrowForm m={m} onDone={again} onCancel={() => setNarrowing(null)} />}
                  {m.status === 'offered' && !m.has_power_of_attorney && (
                    <DocumentUpload parent="mandates" id={m.id} kinds={['power_of_attorney', 'other']} onUploaded={again} />
                  )}
                </div>
              );
            }}
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
