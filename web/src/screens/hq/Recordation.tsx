// One filing as the headquarters officer reviews it: every field, its documents viewed in the
// page, the authorized users (read only), the history, and the decisions its state allows: the
// filing's decision (approve, reject with a reason, request information), a pending renewal's
// decision, revocation of an approved recordation. When an agent acted for the holder, its
// contact, so the officer can reach it.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { CertificateLink } from '../../components/CertificateLink';
import { Deadline } from '../../components/Deadline';
import { DecisionDialog, type Outcome } from '../../components/DecisionDialog';
import { Documents } from '../../components/Documents';
import { History } from '../../components/History';
import { PagedList } from '../../components/PagedList';
import { ProblemBanner } from '../../components/ProblemBanner';
import { StatusBadge } from '../../components/StatusBadge';
import { useRecord } from '../../components/useRecord';
import { formatDate, formatDateTime } from '../../format';
import { t } from '../../i18n';
import { label } from '../../labels';
import { Link } from '../../router';
import type { ScreenProps } from '../../routes';

type Recordation = Schemas['Recordation'];
type Dialog = 'decision' | 'renewal' | 'revocation' | null;

/** One row of a definition list; nothing when the value is empty. */
function Row({ term, children }: { term: string; children: ComponentChildren }) {
  if (children === null || children === undefined || children === '' || (Array.isArray(children) && children.length === 0)) return null;
  return <><dt>{term}</dt><dd>{children}</dd></>;
}

const parties = (list: Schemas['Party'][]) =>
  list.length ? <ul class="plain">{list.map((p) => <li>{[p.name, p.country, p.address].filter(Boolean).join(', ')}</li>)}</ul> : null;

function Details({ r }: { r: Recordation }) {
  return (
    <dl class="details">
      <Row term={t('recordation.holder')}>{r.holder.name}</Row>
      <Row term={t('recordation.agent')}>{r.agent && (
        <>
          {t('recordation.agent_contact', { name: r.agent.name, user: r.agent.acting_user })}
          {' · '}<a href={`mailto:${r.agent.contact_email}`}>{r.agent.contact_email}</a>
          {' · '}<a href={`tel:${r.agent.phone.replace(/[^+0-9]/g, '')}`}>{r.agent.phone}</a>
        </>
      )}</Row>
      <Row term={t('recordation.type')}>{label('ipr_type', r.ipr_type)}</Row>
      <Row term={t('recordation.number')}>{r.number}</Row>
      <Row term={t('recordation.registration_number')}>{r.registration_number}</Row>
      <Row term={t('recordation.registration_authority')}>{r.registration_authority}</Row>
      <Row term={t('recordation.right_expires_on')}>{r.right_expires_on && formatDate(r.right_expires_on)}</Row>
      <Row term={t('recordation.classes')}>{r.classes.join(', ')}</Row>
      <Row term={t('recordation.goods_scope')}>{r.goods_scope}</Row>
      <Row term={t('recordation.hs_codes')}>{r.hs_codes.join(', ')}</Row>
      <Row term={t('recordation.licensing_status')}>{r.licensing_status && label('licensing', r.licensing_status)}</Row>
      <Row term={t('recordation.description')}>{r.description}</Row>
      <Row term={t('recordation.genuine_manufacturers')}>{parties(r.genuine_manufacturers)}</Row>
      <Row term={t('recordation.main_ports')}>{r.main_ports.join(', ')}</Row>
      <Row term={t('recordation.known_infringers')}>{parties(r.known_infringers)}</Row>
      <Row term={t('recordation.submitted_at')}>{r.submitted_at && formatDateTime(r.submitted_at)}</Row>
      <Row term={t('recordation.received_on')}>{r.received_on && formatDate(r.received_on)}</Row>
      <Row term={t('recordation.valid')}>{r.valid_from && r.valid_until && t('recordation.valid_range', { from: formatDate(r.valid_from), until: formatDate(r.valid_until) })}</Row>
      <Row term={t('recordation.last_reason')}>{r.last_reason}</Row>
    </dl>
  );
}

/** What needs the officer's attention: the deadline of the filing or of its renewal. */
function DeadlineBanner({ r }: { r: Recordation }) {
  const renewal = r.renewal?.status === 'submitted' ? r.renewal : null;
  const due = r.due_on ?? renewal?.due_on;
  if (!due) {
    if (r.paused_working_days_left === null) return null;
    return <div class="banner banner-info"><p>{t('recordation.paused', { count: r.paused_working_days_left })}</p></div>;
  }
  const overdue = r.overdue || !!renewal?.overdue;
  return (
    <div class={overdue ? 'banner banner-error' : 'banner banner-info'}>
      <p class="banner-title">{t(renewal && !r.due_on ? 'recordation.renewal_due' : 'recordation.decision_due', { date: formatDate(due) })}</p>
      <p><Deadline overdue={overdue} left={r.due_on ? r.working_days_left : renewal!.working_days_left} /></p>
      {renewal?.note && <p>{t('recordation.renewal_note', { note: renewal.note })}</p>}
      {renewal?.right_expires_on && <p>{t('recordation.renewal_right_expires', { date: formatDate(renewal.right_expires_on) })}</p>}
    </div>
  );
}

function AuthorizedUsers({ id }: { id: string }) {
  return (
    <PagedList<Schemas['AuthorizedUser']>
      label={t('recordation.authorized_users')}
      empty={t('recordation.no_authorized_users')}
      load={(cursor) => api.get('/v1/recordations/{id}/authorized-users', { path: { id }, query: { cursor, limit: 50 } })}
      render={(u) => (
        <div>
          <strong>{u.name}</strong> <span class="muted">{u.registration_number} · {u.country}</span>
          <p class="muted">
            {u.roles.map((r) => label('auth_role', r)).join(', ')}
            {' · '}{u.hs_codes.length ? t('auth.hs_codes', { codes: u.hs_codes.join(', ') }) : t('auth.all_goods')}
            {' · '}{u.ports.length ? t('auth.ports', { ports: u.ports.join(', ') }) : t('auth.all_ports')}
            {(u.valid_from || u.valid_until) && <> · {t('auth.validity', { from: u.valid_from ? formatDate(u.valid_from) : '…', until: u.valid_until ? formatDate(u.valid_until) : '…' })}</>}
          </p>
        </div>
      )}
    />
  );
}

export function HqRecordation({ params }: ScreenProps) {
  const id = params.id;
  const { record: r, setRecord: setR, history, error, reload } = useRecord(id, () => Promise.all([
    api.get('/v1/recordations/{id}', { path: { id } }),
    api.get('/v1/recordations/{id}/history', { path: { id } }),
  ]));
  const [dialog, setDialog] = useState<Dialog>(null);
  const [done, setDone] = useState<string | null>(null);

  const decided = (next: Recordation) => {
    setR(next);
    setDone(t('decision.recorded', { status: t(`status.${next.status}`) }));
    void reload();
  };
  const reasonFor = (key: 'reason' | 'request' | 'note') =>
    t(key === 'reason' ? 'decision.reason' : key === 'request' ? 'decision.request_text' : 'decision.note');

  const decisionOutcomes: Outcome[] = [
    { value: 'approve', label: t('decision.approve'), reasonLabel: reasonFor('note'), reasonRequired: false },
    { value: 'reject', label: t('decision.reject'), reasonLabel: reasonFor('reason'), reasonRequired: true },
    { value: 'request_information', label: t('decision.request_information'), reasonLabel: reasonFor('request'), reasonRequired: true },
  ];
  const renewalOutcomes: Outcome[] = [decisionOutcomes[0], decisionOutcomes[1]];
  const revocation: Outcome[] = [{ value: 'revoke', label: t('decision.revoke'), reasonLabel: reasonFor('reason'), reasonRequired: true }];
  const body = (outcome: string, reason: string) => ({ outcome, ...(reason ? { reason } : {}) });

  if (error) return <div><h1 tabIndex={-1}>{t('recordation.title')}</h1><ProblemBanner error={error} /></div>;
  if (!r) return <p class="loading">{t('common.loading')}</p>;
  const renewalPending = r.status === 'approved' && r.renewal?.status === 'submitted';

  return (
    <div>
      <p class="breadcrumb"><Link href="/hq">{t('recordation.back_to_queue')}</Link></p>
      <h1 tabIndex={-1}>{r.title}</h1>
      <p class="status-line">
        <StatusBadge status={r.status} />
        {renewalPending && <span class="badge badge-submitted">{t('recordation.renewal_pending')}</span>}
        <span class="muted">{label('ipr_type', r.ipr_type)} · {r.holder.name}</span>
      </p>
      {done && <div class="banner banner-success" role="status"><p>{done}</p></div>}
      <DeadlineBanner r={r} />
      <div class="actions page-actions">
        {r.status === 'submitted' && <button type="button" onClick={() => setDialog('decision')}>{t('decision.open')}</button>}
        {renewalPending && <button type="button" onClick={() => setDialog('renewal')}>{t('decision.open_renewal')}</button>}
        {r.status === 'approved' && <button type="button" class="danger" onClick={() => setDialog('revocation')}>{t('decision.open_revocation')}</button>}
        {r.number && <CertificateLink kind="recordation" id={r.id} />}
      </div>

      <div class="two-columns">
        <section class="card" aria-labelledby="details-h">
          <h2 id="details-h">{t('recordation.details')}</h2>
          <Details r={r} />
        </section>
        <section class="card" aria-labelledby="history-h">
          <h2 id="history-h">{t('recordation.history')}</h2>
          <History items={history} />
        </section>
      </div>
      <section class="card" aria-labelledby="documents-h">
        <h2 id="documents-h">{t('recordation.documents')}</h2>
        <Documents parent="recordations" id={id} />
      </section>
      <section class="card" aria-labelledby="users-h">
        <h2 id="users-h">{t('recordation.authorized_users')}</h2>
        <AuthorizedUsers id={id} />
      </section>

      <DecisionDialog open={dialog === 'decision'} title={t('decision.title', { title: r.title })}
        outcomes={decisionOutcomes} submitLabel={t('decision.submit')} onStale={reload} onClose={() => setDialog(null)}
        onDecide={async (outcome, reason) => decided(await api.post('/v1/recordations/{id}/decision', {
          path: { id }, body: body(outcome, reason) as Schemas['RecordationDecision'],
        }))} />
      <DecisionDialog open={dialog === 'renewal'} title={t('decision.renewal_title', { title: r.title })}
        outcomes={renewalOutcomes} submitLabel={t('decision.submit')} onStale={reload} onClose={() => setDialog(null)}
        onDecide={async (outcome, reason) => decided(await api.post('/v1/recordations/{id}/renewal/decision', {
          path: { id }, body: body(outcome, reason) as Schemas['RenewalDecision'],
        }))} />
      <DecisionDialog open={dialog === 'revocation'} title={t('decision.revocation_title', { title: r.title })}
        outcomes={revocation} submitLabel={t('decision.revoke')} onStale={reload} onClose={() => setDialog(null)}
        onDecide={async (_outcome, reason) => decided(await api.post('/v1/recordations/{id}/revocation', {
          path: { id }, body: { reason },
        }))} />
    </div>
  );
}
