// Register an organization (a rights holder, an importer or an agent) with its first user: POST /v1/accounts.
// An agent gives its licence number and acts once the administrator has approved it.
// The 422's errors land on the fields they name (organization.name, user.email, ...).
import { api, type Schemas } from '../api/client';
import { Field } from '../components/Field';
import { all, email, minLength, required, useForm, useSubmit, type Validator } from '../components/form';
import { ProblemBanner } from '../components/ProblemBanner';
import { t } from '../i18n';
import { Link, navigate } from '../router';
import { login } from '../session';

const country: Validator = (v) => (/^[A-Z]{2}$/.test(v) ? null : 'validation.country');
const agentsOnly: Validator = (v, values) => (values.kind !== 'agent' || v.trim() ? null : 'validation.required');

export function Register() {
  const form = useForm(
    {
      kind: 'rights_holder',
      'organization.name': '', 'organization.country': '', 'organization.registration_number': '',
      'organization.address': '', 'organization.contact_email': '', 'organization.phone': '',
      'organization.licence_number': '',
      'user.full_name': '', 'user.email': '', 'user.password': '',
    },
    {
      'organization.name': required,
      'organization.country': all(required, country),
      'organization.registration_number': required,
      'organization.address': required,
      'organization.contact_email': all(required, email),
      'organization.phone': required,
      'organization.licence_number': agentsOnly,
      'user.full_name': required,
      'user.email': all(required, email),
      'user.password': all(required, minLength(10, 'validation.password_length')),
    },
  );
  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    const body = form.body() as unknown as Schemas['AccountCreate'];
    if (form.values.kind !== 'agent') delete body.organization.licence_number;
    await api.post('/v1/accounts', { body });
    await login(form.values['user.email'], form.values['user.password']);
    navigate('/', { replace: true });
  });

  return (
    <div class="narrow">
      <h1 tabIndex={-1}>{t('register.title')}</h1>
      <p class="lead">{t('register.intro')}</p>
      <ProblemBanner error={error} unmapped={unmapped} />
      <form onSubmit={onSubmit} noValidate class="card">
        <Field form={form} name="kind" as="select" label={t('register.kind')} required>
          <option value="rights_holder">{t('role.rights_holder')}</option>
          <option value="importer">{t('role.importer')}</option>
          <option value="agent">{t('role.agent')}</option>
        </Field>
        <fieldset>
          <legend>{t('register.organization')}</legend>
          <Field form={form} name="organization.name" label={t('register.org_name')} autoComplete="organization" required />
          <Field form={form} name="organization.country" label={t('register.country')} hint={t('register.country_hint')} autoComplete="country" required />
          <Field form={form} name="organization.registration_number" label={t('register.registration_number')} hint={t('register.registration_number_hint')} required />
          <Field form={form} name="organization.address" as="textarea" label={t('register.address')} autoComplete="street-address" required />
          <Field form={form} name="organization.contact_email" type="email" label={t('register.contact_email')} required />
          <Field form={form} name="organization.phone" type="tel" label={t('register.phone')} autoComplete="tel" required />
          {form.values.kind === 'agent' && (
            <Field form={form} name="organization.licence_number" label={t('register.licence_number')} hint={t('register.licence_number_hint')} required />
          )}
        </fieldset>
        <fieldset>
          <legend>{t('register.user')}</legend>
          <Field form={form} name="user.full_name" label={t('field.full_name')} autoComplete="name" required />
          <Field form={form} name="user.email" type="email" label={t('field.email')} autoComplete="username" required />
          <Field form={form} name="user.password" type="password" label={t('field.password')} hint={t('validation.password_length')} autoComplete="new-password" required />
        </fieldset>
        <button type="submit" disabled={busy}>{busy ? t('common.working') : t('register.submit')}</button>
      </form>
      <p>{t('register.have_account')} <Link href="/login">{t('register.login_link')}</Link></p>
    </div>
  );
}
