// Change one's own password: PUT /v1/me/password (every other session of the user ends).
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { Field } from '../components/Field';
import { all, minLength, required, useForm, useSubmit, type Validator } from '../components/form';
import { ProblemBanner } from '../components/ProblemBanner';
import { t } from '../i18n';

const sameAsNew: Validator = (v, values) => (v === values.new_password ? null : 'password.mismatch');

export function ChangePassword() {
  const form = useForm(
    { current_password: '', new_password: '', confirm: '' },
    { current_password: required, new_password: all(required, minLength(10, 'validation.password_length')), confirm: all(required, sameAsNew) },
  );
  const [done, setDone] = useState(false);
  const { busy, error, onSubmit } = useSubmit(form, async () => {
    setDone(false);
    await api.put('/v1/me/password', { body: { current_password: form.values.current_password, new_password: form.values.new_password } });
    setDone(true);
  });

  return (
    <div class="narrow">
      <h1 tabIndex={-1}>{t('password.title')}</h1>
      {done && <div class="banner banner-success" role="status">{t('password.changed')}</div>}
      <ProblemBanner error={error} />
      <form onSubmit={onSubmit} noValidate class="card">
        <Field form={form} name="current_password" type="password" label={t('password.current')} autoComplete="current-password" required />
        <Field form={form} name="new_password" type="password" label={t('password.new')} hint={t('validation.password_length')} autoComplete="new-password" required />
        <Field form={form} name="confirm" type="password" label={t('password.confirm')} autoComplete="new-password" required />
        <button type="submit" disabled={busy}>{busy ? t('common.working') : t('password.submit')}</button>
      </form>
    </div>
  );
}
