// The authorization check as a form (GET /v1/authorizations/check), for port and headquarters
// officers: is this party (by its registration number) an authorized user of this recordation,
// for this role, port, goods and date? A clear YES or NO, the recordation's state (why), and the
// matching entries.
import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { Matches, YesNo } from '../components/Authorization';
import { Field } from '../components/Field';
import { required, useForm, useSubmit, type Validator } from '../components/form';
import { ProblemBanner } from '../components/ProblemBanner';
import { StatusBadge } from '../components/StatusBadge';
import { formatDate } from '../format';
import { t } from '../i18n';
import { AUTHORIZED_ROLES, label } from '../labels';
import { session } from '../session';

const hsCode: Validator = (v) => (!v || /^\d{4,10}$/.test(v) ? null : 'validation.hs_code');
const port: Validator = (v) => (!v || /^[A-Z0-9]{2,16}$/.test(v) ? null : 'validation.port');
const date: Validator = (v) => (!v || /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'validation.date');

export function AuthorizationCheck() {
  const me = session.use().me;
  const form = useForm(
    { registration_number: '', recordation: '', role: '', port: me?.office?.kind === 'port' ? me.office.code : '', hs_code: '', date: '' },
    { registration_number: required, recordation: required, hs_code: hsCode, port, date },
  );
  const [answer, setAnswer] = useState<Schemas['AuthorizationCheck'] | null>(null);
  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    setAnswer(null);
    const v = form.values;
    setAnswer(await api.get('/v1/authorizations/check', {
      query: {
        recordation: v.recordation.trim(),
        registration_number: v.registration_number.trim(),
        role: (v.role || undefined) as Schemas['AuthorizedRole'] | undefined,
        port: v.port.trim() || undefined,
        hs_code: v.hs_code.trim() || undefined,
        date: v.date || undefined,
      },
    }));
  });

  return (
    <div>
      <h1 tabIndex={-1}>{t('check.title')}</h1>
      <p class="lead">{t('check.intro')}</p>
      <ProblemBanner error={error} unmapped={unmapped} />
      <form class="card check-form" onSubmit={onSubmit} noValidate>
        <Field form={form} name="registration_number" label={t('check.registration_number')} hint={t('check.registration_number_hint')} required />
        <Field form={form} name="recordation" label={t('check.recordation')} hint={t('check.recordation_hint')} required />
        <Field form={form} name="role" as="select" label={t('check.role')}>
          <option value="">{t('check.any_role')}</option>
          {AUTHORIZED_ROLES.map((r) => <option value={r}>{label('auth_role', r)}</option>)}
        </Field>
        <Field form={form} name="port" label={t('check.port')} hint={t('check.port_hint')} />
        <Field form={form} name="hs_code" label={t('check.hs_code')} hint={t('check.hs_code_hint')} />
        <Field form={form} name="date" type="date" label={t('check.date')} hint={t('check.date_hint')} />
        <div class="filters-submit">
          <button type="submit" disabled={busy}>{busy ? t('common.working') : t('check.submit')}</button>
        </div>
      </form>
      {answer && (
        <section class="card" aria-labelledby="answer-h" aria-live="polite">
          <h2 id="answer-h">{t('check.answer')}</h2>
          <YesNo yes={answer.authorized} />
          {answer.recordation ? (
            <p>
              {answer.recordation.number ?? answer.recordation.id} <StatusBadge status={answer.recordation.status} />
              {answer.recordation.valid_from && answer.recordation.valid_until && <> {t('recordation.valid_range', {
                from: formatDate(answer.recordation.valid_from), until: formatDate(answer.recordation.valid_until) })}</>}
              {' · '}{t(answer.recordation_valid ? 'check.recordation_valid' : 'check.recordation_invalid')}
            </p>
          ) : <p>{t('check.no_recordation')}</p>}
          <Matches items={answer.matches} />
        </section>
      )}
    </div>
  );
}
