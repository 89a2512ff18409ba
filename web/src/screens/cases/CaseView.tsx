// One suspect-goods case as customs sees it: its status and the goods' (suspended, detained,
// released, confiscated), the deadline that runs, the shipment with its parties, the goods lines
// in CNY with the guarantee and the fine's limit, the photos (added by the port while the goods
// are held), the history, and for the port's officers the investigation's outcome once the goods
// are detained (confirmed infringing with the fine proposed, or not confirmed: a reason either way).
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { CaseDeadline, CaseHeading, CaseRecord, type Case } from '../../components/CaseParts';
import { DecisionDialog, type Outcome } from '../../components/DecisionDialog';
import { DocumentUpload } from '../../components/DocumentUpload';
import { ProblemBanner } from '../../components/ProblemBanner';
import { useRecord } from '../../components/useRecord';
import { formatMoney } from '../../format';
import { t } from '../../i18n';
import { CASE_DOCUMENT_KINDS } from '../../labels';
import { useQuery } from '../../router';
import type { ScreenProps } from '../../routes';
import { useRole } from '../../session';

export function CaseView({ params }: ScreenProps) {
  const id = params.id;
  const role = useRole();
  const opened = useQuery().get('opened') === '1';
  const { record: c, setRecord, history, error, reload } = useRecord(id, () => Promise.all([
    api.get('/v1/cases/{id}', { path: { id } }),
    api.get('/v1/cases/{id}/history', { path: { id } }),
  ]));
  const [deciding, setDeciding] = useState(false);
  const [photos, setPhotos] = useState(0);

  if (error) return <div><h1 tabIndex={-1}>{t('case.title')}</h1><ProblemBanner error={error} /></div>;
  if (!c) return <p class="loading">{t('common.loading')}</p>;
  const port = role === 'port_officer';
  const held = c.status === 'notified' || c.status === 'detained';
  const outcomes: Outcome[] = [
    {
      value: 'confirmed_infringing', label: t('case.confirm_infringing'), reasonLabel: t('case.findings'), reasonRequired: true,
      amount: { name: 'fine', label: t('case.fine_proposed'), hint: t('case.fine_hint', { limit: formatMoney(c.fine_limit_cny) }) },
    },
    { value: 'not_confirmed', label: t('case.not_confirmed'), reasonLabel: t('case.findings'), reasonRequired: true },
  ];

  return (
    <div>
      <CaseHeading c={c} back="/cases" backLabel={t('case.back')} detail={`${c.transport_document} · ${c.office_code}`} />
      {opened && <div class="banner banner-success" role="status"><p>{t('case.opened_banner', { number: c.number })}</p></div>}
      <CaseDeadline c={c} />
      {port && c.status === 'detained' && (
        <div class="actions page-actions"><button type="button" onClick={() => setDeciding(true)}>{t('case.decide')}</button></div>
      )}
      <CaseRecord c={c} history={history} photos={photos} upload={port && held && (
        <DocumentUpload parent="cases" id={id} kinds={CASE_DOCUMENT_KINDS} onUploaded={() => { setPhotos(photos + 1); void reload(); }} />
      )} />
      <DecisionDialog open={deciding} title={t('case.decide_title', { number: c.number })} outcomes={outcomes}
        submitLabel={t('decision.submit')} onStale={reload} onClose={() => setDeciding(false)}
        onDecide={async (outcome, reason, fine) => {
          const next: Case = await api.post('/v1/cases/{id}/decision', {
            path: { id },
            body: { outcome: outcome as 'confirmed_infringing' | 'not_confirmed', reason, ...(fine !== undefined ? { fine } : {}) },
          });
          setRecord(next);
          void reload();
        }} />
    </div>
  );
}
