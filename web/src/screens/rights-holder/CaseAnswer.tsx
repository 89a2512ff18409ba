// A suspect-goods case as the holder of its recordations sees it, and its answer while the goods
// are suspended: ask for their detention (the guarantee to post is shown, computed by the
// registry from the goods' declared value) or say they do not infringe (they are released). The
// declarant and the other parties are shown once detention is asked for, never before. The
// photos the port took, and the history.
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { CaseDeadline, CaseHeading, CaseRecord } from '../../components/CaseParts';
import { DecisionDialog, type Outcome } from '../../components/DecisionDialog';
import { ProblemBanner } from '../../components/ProblemBanner';
import { useRecord } from '../../components/useRecord';
import { formatMoney } from '../../format';
import { t } from '../../i18n';
import type { ScreenProps } from '../../routes';

export function CaseAnswer({ params }: ScreenProps) {
  const id = params.id;
  const { record: c, setRecord, history, error, reload } = useRecord(id, () => Promise.all([
    api.get('/v1/cases/{id}', { path: { id } }),
    api.get('/v1/cases/{id}/history', { path: { id } }),
  ]));
  const [answering, setAnswering] = useState(false);

  if (error) return <div><h1 tabIndex={-1}>{t('case.title')}</h1><ProblemBanner error={error} /></div>;
  if (!c) return <p class="loading">{t('common.loading')}</p>;
  const guarantee = formatMoney(c.guarantee_cny);
  const outcomes: Outcome[] = [
    { value: 'request_detention', label: t('holder_case.request_detention', { guarantee }), reasonLabel: t('holder_case.note'), reasonRequired: false },
    { value: 'not_infringing', label: t('holder_case.not_infringing'), reasonLabel: t('holder_case.note'), reasonRequired: false },
  ];

  return (
    <div>
      <CaseHeading c={c} back="/holder/cases" backLabel={t('holder_case.back')} detail={c.office_name} />
      <CaseDeadline c={c} />
      {c.status === 'notified' && (
        <div class="card">
          <p>{t('holder_case.explain', { guarantee })}</p>
          <div class="actions"><button type="button" onClick={() => setAnswering(true)}>{t('holder_case.answer')}</button></div>
        </div>
      )}
      {c.status === 'unanswered' && <div class="banner banner-info"><p>{t('holder_case.unanswered')}</p></div>}
      <CaseRecord c={c} history={history} />
      <DecisionDialog open={answering} title={t('holder_case.answer_title', { number: c.number })} outcomes={outcomes}
        submitLabel={t('holder_case.send')} onStale={reload} onClose={() => setAnswering(false)}
        onDecide={async (answer, reason) => {
          const next = await api.post('/v1/cases/{id}/answer', {
            path: { id }, body: { answer: answer as 'request_detention' | 'not_infringing', ...(reason ? { reason } : {}) },
          });
          setRecord(next);
          void reload();
        }} />
    </div>
  );
}
