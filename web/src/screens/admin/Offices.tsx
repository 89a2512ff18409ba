// Customs offices: the list (sorted by code) and a form to create one. The server's 422 and
// the 409 of a taken code are shown on the fields they name.
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { Office } from '../../api/offices';
import { Field } from '../../components/Field';
import { all, required, useForm, useSubmit, type Validator } from '../../components/form';
import { PagedList } from '../../components/PagedList';
import { ProblemBanner } from '../../components/ProblemBanner';
import { t } from '../../i18n';
import { Link } from '../../router';

const officeCode: Validator = (v) => (/^[A-Z0-9]{2,16}$/.test(v) ? null : 'offices.code_rule');

/** The form of a new office; mounted afresh (empty) after each office it creates. */
function NewOffice({ onCreated }: { onCreated: (office: Office) => void }) {
  const form = useForm({ code: '', name: '', kind: 'port' }, { code: all(required, officeCode), name: required, kind: required });
  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    onCreated(await api.post('/v1/customs-offices', {
      body: { code: form.values.code, name: form.values.name, kind: form.values.kind as Office['kind'] },
    }));
  });
  return (
    <>
      <ProblemBanner error={error} unmapped={unmapped} />
      <form onSubmit={onSubmit} noValidate class="card">
        <Field form={form} name="code" label={t('offices.code')} hint={t('offices.code_rule')} required />
        <Field form={form} name="name" label={t('offices.name')} required />
        <Field form={form} name="kind" as="select" label={t('offices.kind')} required>
          <option value="port">{t('offices.kind.port')}</option>
          <option value="headquarters">{t('offices.kind.headquarters')}</option>
        </Field>
        <button type="submit" disabled={busy}>{busy ? t('common.working') : t('offices.create')}</button>
      </form>
    </>
  );
}

export function Offices() {
  const [created, setCreated] = useState<Office | null>(null);

  return (
    <div>
      <h1 tabIndex={-1}>{t('offices.title')}</h1>
      <p class="lead">{t('offices.intro')}</p>
      <div class="two-columns">
        <section aria-labelledby="offices-list">
          <h2 id="offices-list">{t('offices.list')}</h2>
          <PagedList<Office>
            label={t('offices.list')}
            reloadKey={created?.code ?? ''}
            load={(cursor) => api.get('/v1/customs-offices', { query: { cursor } })}
            empty={t('offices.none')}
            render={(o) => (
              <div class="row-between">
                <div>
                  <strong class="code">{o.code}</strong> {o.name}
                  <div class="muted">{t(`offices.kind.${o.kind}`)}</div>
                </div>
                <Link href={`/admin/users?office_code=${encodeURIComponent(o.code)}`}>{t('offices.its_officers')}</Link>
              </div>
            )}
          />
        </section>
        <section aria-labelledby="offices-new">
          <h2 id="offices-new">{t('offices.new')}</h2>
          {created && (
            <div class="banner banner-success" role="status">
              {t('offices.created', { code: created.code, name: created.name })}{' '}
              <Link href={`/admin/officers?office_code=${encodeURIComponent(created.code)}`}>{t('offices.add_officer')}</Link>
            </div>
          )}
          <NewOffice key={created?.code ?? ''} onCreated={setCreated} />
        </section>
      </div>
    </div>
  );
}
