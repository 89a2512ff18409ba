// One filing as its holder sees it: status, number and validity, the decision deadline and the
// working days left (as the registry counts them), customs' reason, the actions its state allows
// (edit, answer, amend and resubmit, withdraw, renew, cancel; the final ones confirmed in a
// dialog), its documents and its history as a timeline.
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { Field } from '../../components/Field';
import { CertificateLink } from '../../components/CertificateLink';
import { History } from '../../components/History';
import { required, useForm, useSubmit } from '../../components/form';
import { Modal } from '../../components/Modal';
import { ProblemBanner } from '../../components/ProblemBanner';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, formatDateTime, timeZone } from '../../format';
import { t, type MessageKey } from '../../i18n';
import { label } from '../../labels';
import { Link } from '../../router';
import { useRole } from '../../session';
import type { ScreenProps } from '../../routes';
import { RecordationDocuments } from './RecordationDocuments';
import { DecisionDue, DueOn, ifMatch, isEditable, renewalOpen, type Recordation } from './RecordationParts';

type HistoryEntry = Schemas['HistoryEntry'];
type Action = 'withdraw' | 'cancel' | 'renew';

const WITHDRAWABLE = ['draft', 'submitted', 'information_requested'];

/** The dialog of a transition: a reason (required to cancel) or, to renew, a note and the right's new expiry. */
function ActionDialog({ action, rec, onClose, onDone }: { action: Action; rec: Recordation; onClose: () => void; onDone: (r: Recordation) => void }) {
  const form = useForm({ reason: '', note: '', right_expires_on: '' }, action === 'cancel' ? { reason: required } : {});
  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    const path = { id: rec.id };
    const headers = ifMatch(rec);
    const v = form.values;
    const done = action === 'withdraw'
      ? await api.post('/v1/recordations/{id}/withdrawal', { path, headers, body: v.reason.trim() ? { reason: v.reason.trim() } : {} })
      : action === 'cancel'
        ? await api.post('/v1/recordations/{id}/cancellation', { path, headers, body: { reason: v.reason.trim() } })
        : await api.post('/v1/recordations/{id}/renewal', {
          path, headers,
          body: { ...(v.note.trim() ? { note: v.note.trim() } : {}), ...(v.right_expires_on ? { right_expires_on: v.right_expires_on } : {}) },
        });
    onDone(done);
  });
  const title: Record<Action, MessageKey> = { withdraw: 'detail.withdraw_title', cancel: 'detail.cancel_title', renew: 'detail.renew_title' };
  const text: Record<Action, MessageKey> = { withdraw: 'detail.withdraw_text', cancel: 'detail.cancel_text', renew: 'detail.renew_text' };
  const confirm: Record<Action, MessageKey> = { withdraw: 'detail.withdraw_confirm', cancel: 'detail.cancel_confirm', renew: 'detail.renew_confirm' };
  return (
    <Modal open title={t(title[action])} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <p>{t(text[action], { title: rec.title })}</p>
        <ProblemBanner error={error} unmapped={unmapped} />
        {action === 'renew' ? (
          <>
            <Field form={form} name="note" as="textarea" label={t('detail.renew_note')} />
            <Field form={form} name="right_expires_on" type="date" label={t('detail.renew_expires')} hint={t('detail.renew_expires_hint')} />
          </>
        ) : <Field form={form} name="reason" as="textarea" label={t('detail.reason')} required={action === 'cancel'} />}
        <div class="actions">
          <button type="button" class="secondary" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" class={action === 'renew' ? undefined : 'danger'} disabled={busy}>{busy ? t('common.working') : t(confirm[action])}</button>
        </div>
      </form>
    </Modal>
  );
}

export function RecordationDetail({ params }: ScreenProps) {
  const [rec, setRec] = useState<Recordation | null>(null);
  const [history, setHistory] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<Action | null>(null);
  const agent = useRole() === 'agent';

  const load = async () => {
    try {
      const path = { id: params.id };
      const [r, h] = await Promise.all([
        api.get('/v1/recordations/{id}', { path }),
        api.get('/v1/recordations/{id}/history', { path }),
      ]);
      setRec(r);
      setHistory(h.items);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    void load();
  }, [params.id]);

  if (!rec) {
    return (
      <div>
        <h1 tabIndex={-1}>{t('detail.loading_title')}</h1>
        {error ? <ProblemBanner error={error} /> : <p class="loading">{t('common.loading')}</p>}
      </div>
    );
  }
  const editable = isEditable(rec);
  const editLabel: MessageKey = rec.status === 'information_requested' ? 'detail.answer' : rec.status === 'rejected' ? 'detail.amend' : 'detail.edit';
  const reasonTitle: MessageKey | null = rec.status === 'rejected' ? 'detail.reason_rejected'
    : rec.status === 'information_requested' ? 'detail.reason_information'
    : rec.status === 'revoked' ? 'detail.reason_revoked'
    : rec.status === 'cancelled' ? 'detail.reason_cancelled' : null;

  return (
    <div>
      <p class="breadcrumb"><Link href="/holder/recordations">{t('nav.recordations')}</Link></p>
      <h1 tabIndex={-1}>{rec.title}</h1>
      <p class="detail-status"><StatusBadge status={rec.status} /> <span>{label('ipr_type', rec.ipr_type)}</span>{rec.number && <> · <span class="code number">{rec.number}</span></>}</p>
      <ProblemBanner error={error} />

      {reasonTitle && rec.last_reason && (
        <div class={rec.status === 'information_requested' ? 'banner banner-warn' : 'banner banner-error'} role="note">
          <p class="banner-title">{t(reasonTitle)}</p>
          <p class="reason">{rec.last_reason}</p>
        </div>
      )}

      <div class="two-columns">
        <section class="card" aria-labelledby="facts-title">
          <h2 id="facts-title">{t('detail.facts')}</h2>
          <dl class="details">
            <dt>{t('detail.status')}</dt><dd><StatusBadge status={rec.status} /></dd>
            <dt>{t('detail.number')}</dt><dd>{rec.number ?? t('detail.no_number')}</dd>
            <dt>{t('detail.validity')}</dt>
            <dd>{rec.valid_from && rec.valid_until ? t('detail.validity_range', { from: formatDate(rec.valid_from), until: formatDate(rec.valid_until) }) : t('detail.not_valid_yet')}</dd>
            {rec.submitted_at && <><dt>{t('detail.submitted_at')}</dt><dd>{formatDateTime(rec.submitted_at)}</dd></>}
            {rec.received_on && <><dt>{t('detail.received_on')}</dt><dd>{formatDate(rec.received_on)}</dd></>}
            <dt>{t('file.registration_number')}</dt><dd>{rec.registration_number ?? '—'}</dd>
            <dt>{t('file.registration_authority')}</dt><dd>{rec.registration_authority ?? '—'}</dd>
            <dt>{t('file.right_expires_on')}</dt><dd>{rec.right_expires_on ? formatDate(rec.right_expires_on) : '—'}</dd>
            {rec.classes.length > 0 && <><dt>{t('file.classes')}</dt><dd>{rec.classes.join(', ')}</dd></>}
            <dt>{t('file.goods_scope')}</dt><dd>{rec.goods_scope ?? '—'}</dd>
            {rec.hs_codes.length > 0 && <><dt>{t('file.hs_codes')}</dt><dd>{rec.hs_codes.join(', ')}</dd></>}
            <dt>{t('file.licensing_status')}</dt><dd>{rec.licensing_status ? label('licensing', rec.licensing_status) : '—'}</dd>
          </dl>
        </section>

        <section class="card" aria-labelledby="deadline-title">
          <h2 id="deadline-title">{t('detail.deadline')}</h2>
          {rec.due_on || rec.status === 'information_requested' ? <p class="deadline-box"><DecisionDue rec={rec} /></p> : <p class="empty">{t('detail.no_deadline')}</p>}
          {rec.renewal && (
            <div class="renewal">
              <h3>{t('detail.renewal')}</h3>
              <p><StatusBadge status={rec.renewal.status} /> <DueOn due={rec.renewal.due_on} overdue={rec.renewal.overdue} left={rec.renewal.working_days_left} /></p>
              {rec.renewal.reason && <p class="reason">{rec.renewal.reason}</p>}
            </div>
          )}
          <p class="field-hint">{t('detail.time_zone', { zone: timeZone() })}</p>
          <h2>{t('detail.actions')}</h2>
          <div class="actions">
            {editable && <Link class="button" href={`/holder/recordations/${rec.id}/edit`}>{t(editLabel)}</Link>}
            {renewalOpen(rec) && <button type="button" onClick={() => setDialog('renew')}>{t('detail.renew')}</button>}
            {WITHDRAWABLE.includes(rec.status) && <button type="button" class="secondary" onClick={() => setDialog('withdraw')}>{t('detail.withdraw')}</button>}
            {rec.status === 'approved' && <button type="button" class="secondary" onClick={() => setDialog('cancel')}>{t('detail.cancel')}</button>}
            <Link class="button secondary" href={`/holder/recordations/${rec.id}/authorized-users`}>{t('detail.authorized_users')}</Link>
            {/* The guide for customs is the holder's own: no mandate covers it. */}
            {!agent && <Link class="button secondary" href={`/holder/recordations/${rec.id}/guide`}>{t('detail.guide')}</Link>}
            {rec.number && <CertificateLink kind="recordation" id={rec.id} />}
          </div>
        </section>
      </div>

      <RecordationDocuments rec={rec} onChange={() => void load()} />

      <section class="card" aria-labelledby="history-title">
        <h2 id="history-title">{t('detail.history')}</h2>
        {history && <History items={history} />}
      </section>

      {dialog && <ActionDialog action={dialog} rec={rec} onClose={() => setDialog(null)} onDone={() => { setDialog(null); void load(); }} />}
    </div>
  );
}
