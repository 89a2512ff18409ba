// Log in: email and password → POST /v1/sessions, then to the page asked for or the role's home.
import { ApiError } from '../api/client';
import { Field } from '../components/Field';
import { all, email, required, useForm, useSubmit } from '../components/form';
import { ProblemBanner } from '../components/ProblemBanner';
import { t } from '../i18n';
import { Link, navigate, useQuery } from '../router';
import { login, session } from '../session';

export function Login() {
  const { notice } = session.use();
  const next = useQuery().get('next');
  const form = useForm({ email: '', password: '' }, { email: all(required, email), password: required });
  const { busy, error, onSubmit } = useSubmit(form, async () => {
    await login(form.values.email, form.values.password);
    navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
  });
  const wrong = error instanceof ApiError && error.status === 401;

  return (
    <div class="narrow">
      <h1 tabIndex={-1}>{t('login.title')}</h1>
      {notice && <div class="banner banner-info" role="status">{t(notice)}</div>}
      {wrong ? <div class="banner banner-error" role="alert">{t('login.wrong')}</div> : <ProblemBanner error={error} />}
      <form onSubmit={onSubmit} noValidate class="card">
        <Field form={form} name="email" type="email" label={t('field.email')} autoComplete="username" required />
        <Field form={form} name="password" type="password" label={t('field.password')} autoComplete="current-password" required />
        <button type="submit" disabled={busy}>{busy ? t('common.working') : t('login.submit')}</button>
      </form>
      <p>{t('login.no_account')} <Link href="/register">{t('login.register_link')}</Link></p>
    </div>
  );
}
