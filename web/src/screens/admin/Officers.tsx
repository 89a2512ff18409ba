// Create a customs officer account in an office chosen from the list (POST /v1/officers). The
// role follows the office: headquarters officer or port officer. Field errors from the server
// (a taken email, an office that went away) are shown on their fields.
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { allOffices, type Office } from '../../api/offices';
import { Field } from '../../components/Field';
import { all, email, minLength, required, useForm, useSubmit } from '../../components/form';
import { ProblemBanner } from '../../components/ProblemBanner';
import { t } from '../../i18n';
import { Link, useQuery } from '../../router';

/** The form of a new officer; mounted afresh after each officer, keeping the office. */
function OfficerForm({ office, offices, onCreated }: { office: string; offices: Office[] | null; onCreated: (u: Schemas['User']) => void }) {
  const form = useForm(
    { office_code: office, full_name: '', email: '', password: '' },
    {
      office_code: required,
      full_name: required,
      email: all(required, email),
      password: all(required, minLength(10, 'validation.password_length')),
    },
  );
  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    const { office_code, full_name, email: address, password } = form.values;
    onCreated(await api.post('/v1/officers', { body: { office_code, full_name, email: address, password } }));
  });
  return (
    <>
      <ProblemBanner error={error} unmapped={unmapped} />
      <form onSubmit={onSubmit} noValidate class="card">
        <Field form={form} name="office_code" as="select" label={t('officers.office')} hint={t('officers.office_hint')} required>
          <option value="">{offices ? t('officers.choose_office') : t('common.loading')}</option>
          {offices?.map((o) => <option value={o.code}>{o.code} · {o.name} ({t(`offices.kind.${o.kind}`)})</option>)}
        </Field>
        <Field form={form} name="full_name" label={t('field.full_name')} autoComplete="off" required />
        <Field form={form} name="email" type="email" label={t('field.email')} autoComplete="off" required />
        <Field form={form} name="password" type="password" label={t('officers.password')} hint={t('validation.password_length')} autoComplete="new-password" required />
        <button type="submit" disabled={busy}>{busy ? t('common.working') : t('officers.create')}</button>
      </form>
    </>
  );
}

export function Officers() {
  const [offices, setOffices] = useState<Office[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [created, setCreated] = useState<Schemas['User'] | null>(null);
  const office = useQuery().get('office_code') ?? '';
  useEffect(() => {
    allOffices().then(setOffices, setLoadError);
  }, []);

  return (
    <div class="narrow">
      <h1 tabIndex={-1}>{t('officers.title')}</h1>
      <p class="lead">{t('officers.intro')}</p>
      {created && (
        <div class="banner banner-success" role="status">
          <p>{t('officers.created', { name: created.full_name, role: t(`role.${created.role}`), office: created.office_code ?? '' })}</p>
          <Link href={`/admin/users?office_code=${encodeURIComponent(created.office_code ?? '')}`}>{t('officers.see_office')}</Link>
        </div>
      )}
      <ProblemBanner error={loadError} />
      {offices && offices.length === 0 && (
        <p class="banner banner-info">{t('officers.no_office')} <Link href="/admin/offices">{t('nav.offices')}</Link></p>
      )}
      <OfficerForm key={created?.id ?? ''} office={created?.office_code ?? office} offices={offices} onCreated={setCreated} />
    </div>
  );
}
