// One pre-confirmation request (GET /v1/pre-confirmations/{id}), for the importer that filed it
// and the rights holder whose recordation it names (read-only for the holder): its status and
// deadline, the automatic check line by line, the goods, the supporting documents, the history;
// the importer attaches documents and withdraws while it awaits a decision.
import { useRef, useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { CertificateLink } from '../components/CertificateLink';
import { Deadline } from '../components/Deadline';
import { DocumentUpload } from '../components/DocumentUpload';
import { Documents } from '../components/Documents';
import { History } from '../components/History';
import { Modal } from '../components/Modal';
import { ProblemBanner } from '../components/ProblemBanner';
import { StatusBadge } from '../components/StatusBadge';
import { useRecord } from '../components/useRecord';
import { formatDate, formatDateTime, timeZone } from '../format';
import { t, type MessageKey } from '../i18n';
import { label } from '../labels';
import { useQuery } from '../router';
import type { ScreenProps } from '../routes';
import { session } from '../session';

type PreConfirmation = Schemas['PreConfirmation'];
type Line = Schemas['GoodsLine'];
const DOCUMENT_KINDS: Schemas['PreConfirmationDocumentKind'][] = ['licence', 'authorization_letter', 'contract', 'invoice', 'other'];

/**
 * Why a goods line passes the automatic check or not. The API's auto_check answers for the
 * shipment and lists the entries that matched some line (already for the requester's role, the
 * port and the date), so a line passes when one of them covers its HS code.
 */
function lineResult(check: Schemas['AutoCheck'], line: Line): { ok: boolean; why: MessageKey } {
  if (!check.recordation_valid) return { ok: false, why: 'pc.why.recordation_not_valid' };
  if (check.matches.length === 0) return { ok: false, why: 'pc.why.not_listed' };
  const covered = check.matches.some((m) => m.hs_codes.length === 0 || m.hs_codes.some((p) => line.hs_code.startsWith(p)));
  return covered ? { ok: true, why: 'pc.why.covered' } : { ok: false, why: 'pc.why.goods_not_covered' };
}

export function AutoCheckResult({ item }: { item: PreConfirmation }) {
  const check = item.auto_check;
  return (
    <section class={check.authorized ? 'card check check-ok' : 'card check check-no'} aria-labelledby="check-title">
      <h2 id="check-title">{t('pc.auto_check')}: {t(check.authorized ? 'pc.check_passed' : 'pc.check_failed')}</h2>
      <p>{t(check.authorized ? 'pc.check_passed_text' : 'pc.check_failed_text')}</p>
      <p>{t(check.recordation_valid ? 'pc.recordation_valid' : 'pc.recordation_invalid', { number: item.recordation_number })}</p>
      <table class="table">
        <thead><tr>
          <th scope="col">{t('pc.line')}</th><th scope="col">{t('pc.description')}</th><th scope="col">{t('pc.hs_code')}</th>
          <th scope="col">{t('pc.quantity')}</th><th scope="col">{t('pc.value')}</th><th scope="col">{t('pc.result')}</th>
        </tr></thead>
        <tbody>
          {item.goods.map((line, i) => {
            const r = lineResult(check, line);
            return (
              <tr key={i}>
                <td>{i + 1}</td><td>{line.description}</td><td>{line.hs_code}</td><td>{line.quantity} {line.unit}</td><td>{line.value} {line.currency}</td>
                <td><span class={r.ok ? 'badge badge-confirmed' : 'badge badge-rejected'}>{t(r.ok ? 'pc.line_passes' : 'pc.line_fails')}</span> {t(r.why)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {check.matches.length > 0 && (
        <p class="field-hint">{t('pc.matched_entries', { names: check.matches.map((m) => m.name).join(', ') })}</p>
      )}
    </section>
  );
}

export function PreConfirmationView({ params }: ScreenProps) {
  const id = params.id;
  const importer = session.use().me?.user.role === 'importer';
  const filed = useQuery().get('filed') === '1';
  const { record: item, setRecord: setItem, history, error, reload } = useRecord<PreConfirmation>(id, () => Promise.all([
    api.get('/v1/pre-confirmations/{id}', { path: { id } }),
    api.get('/v1/pre-confirmations/{id}/history', { path: { id } }),
  ]));
  const [uploads, setUploads] = useState(0);
  const [withdrawing, setWithdrawing] = useState(false);
  const reason = useRef<HTMLTextAreaElement>(null);
  const [withdrawError, setWithdrawError] = useState<unknown>(null);

  const withdraw = async () => {
    if (!item) return;
    setWithdrawError(null);
    try {
      setItem(await api.post('/v1/pre-confirmations/{id}/withdrawal', {
        path: { id }, body: reason.current?.value.trim() ? { reason: reason.current.value.trim() } : {}, headers: { 'if-match': `"${item.version}"` },
      }));
      setWithdrawing(false);
      void reload();
    } catch (e) {
      setWithdrawError(e);
    }
  };

  const title = item?.number ?? t('pc.request_title');
  return (
    <div>
      <h1 tabIndex={-1}>{title}</h1>
      <ProblemBanner error={error} />
      {item && (
        <>
          {filed && <div class="banner banner-success" role="status"><p class="banner-title">{t('pc.filed')}</p></div>}
          <div class="summary card">
            <p><StatusBadge status={item.status} /></p>
            <dl class="facts">
              <div><dt>{t('pc.importer')}</dt><dd>{item.importer.name} ({item.importer.registration_number})</dd></div>
              <div><dt>{t('pc.recordation')}</dt><dd>{item.recordation_number}</dd></div>
              <div><dt>{t('pc.port')}</dt><dd>{item.office_code} · {label('direction', item.direction)}</dd></div>
              <div><dt>{t('pc.transport_document')}</dt><dd>{item.transport_document ?? '—'}</dd></div>
              <div><dt>{t('pc.expected_on')}</dt><dd>{formatDate(item.expected_on)}</dd></div>
              <div><dt>{t('pc.submitted_at')}</dt><dd>{formatDateTime(item.submitted_at)}</dd></div>
              <div><dt>{t('pc.due_on')}</dt><dd>{formatDate(item.due_on)} <Deadline overdue={item.overdue} left={item.working_days_left} /></dd></div>
              {item.valid_until && <div><dt>{t('pc.valid_until')}</dt><dd>{formatDate(item.valid_until)}</dd></div>}
              {item.reason && <div><dt>{t('pc.reason')}</dt><dd>{item.reason}</dd></div>}
            </dl>
            {item.statement && <p class="statement">{item.statement}</p>}
            {importer && item.status === 'submitted' && (
              <button type="button" class="secondary danger-text" onClick={() => setWithdrawing(true)}>{t('pc.withdraw')}</button>
            )}
            {item.number && <p><CertificateLink kind="pre_confirmation" id={item.id} /></p>}
          </div>

          <AutoCheckResult item={item} />

          <section class="card" aria-labelledby="docs-title">
            <h2 id="docs-title">{t('pc.documents')}</h2>
            <Documents key={uploads} parent="pre-confirmations" id={id} />
            {importer && item.status === 'submitted' && (
              <DocumentUpload parent="pre-confirmations" id={id} kinds={DOCUMENT_KINDS} onUploaded={() => setUploads((n) => n + 1)} />
            )}
          </section>

          <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{t('pc.history')}</h2>
            <p class="field-hint">{t('pc.times_in', { zone: timeZone() })}</p>
            <History items={history} />
          </section>

          <Modal open={withdrawing} title={t('pc.withdraw_title')} onClose={() => setWithdrawing(false)}>
            <ProblemBanner error={withdrawError} />
            <p>{t('pc.withdraw_confirm')}</p>
            <div class="field">
              <label for="withdraw-reason">{t('pc.withdraw_reason')}</label>
              <textarea ref={reason} id="withdraw-reason" rows={3} />
            </div>
            <div class="actions">
              <button type="button" class="danger" onClick={() => void withdraw()}>{t('pc.withdraw')}</button>
              <button type="button" class="secondary" onClick={() => setWithdrawing(false)}>{t('common.cancel')}</button>
            </div>
          </Modal>
        </>
      )}
    </div>
  );
}
