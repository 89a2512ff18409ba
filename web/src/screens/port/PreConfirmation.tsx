// One pre-confirmation request as the port officer decides it: the shipment and its goods
// lines, the automatic check made at filing (is the recordation valid, is the importer an
// authorized user for this role, port, goods and date), the supporting documents viewed in
// the page, the history, and the confirm / reject dialog (a rejection needs a reason; a
// confirmation shows its PC number and validity).
import { useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { Matches, YesNo } from '../../components/Authorization';
import { Deadline } from '../../components/Deadline';
import { DecisionDialog, type Outcome } from '../../components/DecisionDialog';
import { Documents } from '../../components/Documents';
import { History } from '../../components/History';
import { ProblemBanner } from '../../components/ProblemBanner';
import { StatusBadge } from '../../components/StatusBadge';
import { useRecord } from '../../components/useRecord';
import { formatDate, formatDateTime } from '../../format';
import { t } from '../../i18n';
import { label } from '../../labels';
import { Link } from '../../router';
import type { ScreenProps } from '../../routes';

type PreConfirmation = Schemas['PreConfirmation'];

function Goods({ lines }: { lines: Schemas['GoodsLine'][] }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={t('pc.goods')}>
      <table>
        <caption class="visually-hidden">{t('pc.goods')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pc.goods_description')}</th>
            <th scope="col">{t('pc.hs_code')}</th>
            <th scope="col" class="num">{t('pc.quantity')}</th>
            <th scope="col" class="num">{t('pc.value')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((g) => (
            <tr>
              <td>{g.description}</td>
              <td>{g.hs_code}</td>
              <td class="num">{g.quantity.toLocaleString()} {g.unit}</td>
              <td class="num">{g.value.toLocaleString()} {g.currency}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PortPreConfirmation({ params }: ScreenProps) {
  const id = params.id;
  const { record: p, setRecord: setP, history, error, reload } = useRecord(id, () => Promise.all([
    api.get('/v1/pre-confirmations/{id}', { path: { id } }),
    api.get('/v1/pre-confirmations/{id}/history', { path: { id } }),
  ]));
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<PreConfirmation | null>(null);

  const outcomes: Outcome[] = [
    { value: 'confirm', label: t('pc.confirm'), reasonLabel: t('decision.note'), reasonRequired: false },
    { value: 'reject', label: t('pc.reject'), reasonLabel: t('decision.reason'), reasonRequired: true },
  ];

  if (error) return <div><h1 tabIndex={-1}>{t('pc.title')}</h1><ProblemBanner error={error} /></div>;
  if (!p) return <p class="loading">{t('common.loading')}</p>;
  const check = p.auto_check;

  return (
    <div>
      <p class="breadcrumb"><Link href="/port">{t('pc.back_to_queue')}</Link></p>
      <h1 tabIndex={-1}>{t('pc.heading', { document: p.transport_document ?? p.recordation_number })}</h1>
      <p class="status-line">
        <StatusBadge status={p.status} />
        <span class="muted">{p.importer.name} · {label('direction', p.direction)} · {p.office_code}</span>
      </p>
      {done?.status === 'confirmed' && (
        <div class="banner banner-success" role="status">
          <p class="banner-title">{t('pc.confirmed_number', { number: done.number ?? '' })}</p>
          <p>{t('pc.confirmed_until', { date: done.valid_until ? formatDate(done.valid_until) : '' })}</p>
        </div>
      )}
      {done?.status === 'rejected' && <div class="banner banner-success" role="status"><p>{t('decision.recorded', { status: t('status.rejected') })}</p></div>}
      {p.status === 'submitted' && (
        <div class={p.overdue ? 'banner banner-error' : 'banner banner-info'}>
          <p class="banner-title">{t('recordation.decision_due', { date: formatDate(p.due_on) })}</p>
          <p><Deadline overdue={p.overdue} left={p.working_days_left} /></p>
        </div>
      )}
      {p.status === 'submitted' && <div class="actions page-actions"><button type="button" onClick={() => setOpen(true)}>{t('pc.decide')}</button></div>}

      <div class="two-columns">
        <section class="card" aria-labelledby="shipment-h">
          <h2 id="shipment-h">{t('pc.shipment')}</h2>
          <dl class="details">
            {p.number && <><dt>{t('pc.number')}</dt><dd>{p.number}</dd></>}
            {p.valid_until && <><dt>{t('pc.valid_until')}</dt><dd>{formatDate(p.valid_until)}</dd></>}
            <dt>{t('pc.importer')}</dt><dd>{p.importer.name} <span class="muted">{p.importer.registration_number}</span></dd>
            <dt>{t('pc.recordation')}</dt><dd>{p.recordation_number}</dd>
            <dt>{t('pc.direction')}</dt><dd>{label('direction', p.direction)}</dd>
            <dt>{t('pc.transport_document')}</dt><dd>{p.transport_document ?? '—'}</dd>
            <dt>{t('pc.expected_on')}</dt><dd>{formatDate(p.expected_on)}</dd>
            <dt>{t('pc.submitted_at')}</dt><dd>{formatDateTime(p.submitted_at)}</dd>
            {p.statement && <><dt>{t('pc.statement')}</dt><dd>{p.statement}</dd></>}
            {p.decided_at && <><dt>{t('pc.decided')}</dt><dd>{formatDateTime(p.decided_at)}{p.decided_by && ` · ${p.decided_by.full_name}`}</dd></>}
            {p.reason && <><dt>{t('pc.reason')}</dt><dd>{p.reason}</dd></>}
          </dl>
        </section>
        <section class="card" aria-labelledby="goods-h">
          <h2 id="goods-h">{t('pc.goods')}</h2>
          <Goods lines={p.goods} />
        </section>
      </div>
      <section class="card" aria-labelledby="check-h">
        <h2 id="check-h">{t('pc.auto_check')}</h2>
        <p class="muted">{t('pc.auto_check_intro')}</p>
        <YesNo yes={check.authorized} />
        <p>{t(check.recordation_valid ? 'check.recordation_valid' : 'check.recordation_invalid')}</p>
        <Matches items={check.matches} />
      </section>
      <section class="card" aria-labelledby="documents-h">
        <h2 id="documents-h">{t('recordation.documents')}</h2>
        <Documents parent="pre-confirmations" id={id} />
      </section>
      <section class="card" aria-labelledby="history-h">
        <h2 id="history-h">{t('recordation.history')}</h2>
        <History items={history} />
      </section>

      <DecisionDialog open={open} title={t('pc.decide_title', { document: p.transport_document ?? p.recordation_number })}
        outcomes={outcomes} submitLabel={t('decision.submit')} onStale={reload} onClose={() => setOpen(false)}
        onDecide={async (outcome, reason) => {
          const next = await api.post('/v1/pre-confirmations/{id}/decision', {
            path: { id }, body: { outcome, ...(reason ? { reason } : {}) } as Schemas['PreConfirmationDecision'],
          });
          setP(next);
          setDone(next);
          void reload();
        }} />
    </div>
  );
}
