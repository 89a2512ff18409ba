// The holder's alerts to customs (POST/GET /v1/alerts, POST /v1/alerts/{id}/withdrawal): tell
// the ports of an expected suspicious shipment of one of its recordations in force (its transport
// document, where it comes from, the ports, a window of dates, a note), see its alerts with their
// status (an alert expires after its window) and withdraw one, with a reason, in a dialog.
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { Field } from '../../components/Field';
import { required, useForm, useSubmit, type Validator } from '../../components/form';
import { Modal } from '../../components/Modal';
import { PagedList } from '../../components/PagedList';
import { ProblemBanner } from '../../components/ProblemBanner';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../format';
import { t } from '../../i18n';

type Alert = Schemas['Alert'];
type Recordation = Schemas['Recordation'];

const ports: Validator = (v) => (!v || /^[A-Z0-9]{2,16}(\s*,\s*[A-Z0-9]{2,16})*$/.test(v.trim()) ? null : 'validation.ports');

function WithdrawDialog({ alert, onClose, onDone }: { alert: Alert; onClose: () => void; onDone: () => void }) {
  const form = useForm({ reason: '' });
  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    const reason = form.values.reason.trim();
    await api.post('/v1/alerts/{id}/withdrawal', { path: { id: alert.id }, body: reason ? { reason } : {} });
    onDone();
  });
  return (
    <Modal open title={t('alerts.withdraw_title')} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <p>{t('alerts.withdraw_text', { title: alert.recordation.title })}</p>
        <ProblemBanner error={error} unmapped={unmapped} />
        <Field form={form} name="reason" as="textarea" label={t('alerts.reason')} />
        <div class="actions">
          <button type="submit" class="danger" disabled={busy}>{busy ? t('common.working') : t('alerts.withdraw_confirm')}</button>
          <button type="button" class="secondary" onClick={onClose}>{t('common.cancel')}</button>
        </div>
      </form>
    </Modal>
  );
}

function AlertItem({ a, onWithdraw }: { a: Alert; onWithdraw: (a: Alert) => void }) {
  return (
    <article class="queue-item">
      <div class="queue-main">
        <h2 class="queue-title">{a.recordation.title} <span class="muted">{a.recordation.number}</span></h2>
        <p class="muted">
          {t('border.alert_window', { from: formatDate(a.window_from), until: formatDate(a.window_until) })}
          {a.transport_document && <> · {a.transport_document}</>}
          {a.origin && <> · {a.origin}</>}
          {' · '}{a.ports.length ? a.ports.join(', ') : t('alerts.any_port')}
        </p>
        {a.note && <p>{a.note}</p>}
        {a.reason && <p class="muted">{t('alerts.withdrawn_because', { reason: a.reason })}</p>}
      </div>
      <div class="queue-status">
        <StatusBadge status={a.status} />
        {a.status === 'active' && (
          <button type="button" class="secondary" onClick={() => onWithdraw(a)}>
            {t('alerts.withdraw')}<span class="visually-hidden"> {a.recordation.title}</span>
          </button>
        )}
      </div>
    </article>
  );
}

export function HolderAlerts() {
  const [recordations, setRecordations] = useState<Recordation[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const [withdrawing, setWithdrawing] = useState<Alert | null>(null);
  const [created, setCreated] = useState(false);
  const form = useForm(
    { recordation_id: '', transport_document: '', origin: '', ports: '', window_from: '', window_until: '', note: '' },
    { recordation_id: required, window_from: required, window_until: required, ports },
  );
  useEffect(() => {
    api.get('/v1/recordations', { query: { status: 'approved', limit: 200 } }).then((p) => setRecordations(p.items), setLoadError);
  }, []);

  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    setCreated(false);
    const v = form.values;
    const opt = (s: string) => (s.trim() ? s.trim() : null);
    await api.post('/v1/alerts', {
      body: {
        recordation_id: v.recordation_id, transport_document: opt(v.transport_document), origin: opt(v.origin),
        ports: v.ports.split(',').map((p) => p.trim()).filter(Boolean), window_from: v.window_from,
        window_until: v.window_until, note: opt(v.note),
      },
    });
    form.setAll({ ...v, transport_document: '', note: '' });
    setCreated(true);
    setReload(reload + 1);
  });

  return (
    <div>
      <h1 tabIndex={-1}>{t('alerts.title')}</h1>
      <p class="lead">{t('alerts.intro')}</p>
      <ProblemBanner error={loadError} />
      <form class="card" onSubmit={onSubmit} noValidate aria-labelledby="alerts-new">
        <h2 id="alerts-new">{t('alerts.new')}</h2>
        <ProblemBanner error={error} unmapped={unmapped} />
        {created && <p class="notice" role="status">{t('alerts.created')}</p>}
        <Field form={form} name="recordation_id" as="select" label={t('alerts.recordation')} hint={t('alerts.recordation_hint')} required>
          <option value="">{t('alerts.choose')}</option>
          {recordations.map((r) => <option value={r.id}>{r.title} {r.number}</option>)}
        </Field>
        <Field form={form} name="transport_document" label={t('border.transport_document')} hint={t('pc.transport_document_hint')} />
        <Field form={form} name="origin" label={t('alerts.origin')} hint={t('alerts.origin_hint')} />
        <Field form={form} name="ports" label={t('alerts.ports')} hint={t('alerts.ports_hint')} />
        <Field form={form} name="window_from" type="date" label={t('alerts.window_from')} required />
        <Field form={form} name="window_until" type="date" label={t('alerts.window_until')} required />
        <Field form={form} name="note" as="textarea" label={t('alerts.note')} hint={t('alerts.note_hint')} />
        <div class="actions">
          <button type="submit" disabled={busy}>{busy ? t('common.working') : t('alerts.send')}</button>
        </div>
      </form>
      <h2>{t('alerts.list')}</h2>
      <PagedList<Alert>
        label={t('alerts.list')}
        reloadKey={String(reload)}
        empty={t('alerts.empty')}
        load={(cursor) => api.get('/v1/alerts', { query: { cursor, limit: 25 } })}
        render={(a) => <AlertItem a={a} onWithdraw={setWithdrawing} />}
      />
      {withdrawing && (
        <WithdrawDialog alert={withdrawing} onClose={() => setWithdrawing(null)}
          onDone={() => { setWithdrawing(null); setReload(reload + 1); }} />
      )}
    </div>
  );
}
