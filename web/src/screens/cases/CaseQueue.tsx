// The officers' cases: a port officer's office's queue (headquarters: every office's), the
// deadline that runs first (the holder's answer, the investigation), overdue investigations
// marked; filters by status, overdue, transport document and (headquarters) office, kept in the
// address; keyset paging. A port officer opens a new case from here.
import { api } from '../../api/client';
import { CaseItem, type Case } from '../../components/CaseParts';
import { Field } from '../../components/Field';
import { PagedList } from '../../components/PagedList';
import { useFilters } from '../../components/useFilters';
import { t } from '../../i18n';
import { CASE_STATUSES } from '../../labels';
import { Link } from '../../router';
import { session } from '../../session';

export function CaseQueue() {
  const me = session.use().me;
  const port = me?.user.role === 'port_officer';
  const { filters, form, apply, key } = useFilters('/cases', { status: '', overdue: '', transport_document: '', office_code: '' });

  return (
    <div>
      <h1 tabIndex={-1}>{t('cases.title')}</h1>
      <p class="lead">{port ? t('cases.intro_port', { office: me?.office?.name ?? '' }) : t('cases.intro_hq')}</p>
      {port && <div class="actions page-actions"><Link href="/cases/new" class="button">{t('cases.open')}</Link></div>}
      <form class="card filters" role="search" aria-label={t('queue.filters')} onSubmit={apply}>
        <Field form={form} name="transport_document" type="search" label={t('case.transport_document')} />
        <Field form={form} name="status" as="select" label={t('queue.status')}>
          <option value="">{t('queue.any')}</option>
          {CASE_STATUSES.map((s) => <option value={s}>{t(`status.${s}`)}</option>)}
        </Field>
        <Field form={form} name="overdue" as="select" label={t('cases.overdue')}>
          <option value="">{t('queue.any')}</option>
          <option value="true">{t('cases.overdue_only')}</option>
        </Field>
        {!port && <Field form={form} name="office_code" label={t('case.office_code')} />}
        <div class="filters-submit">
          <button type="submit">{t('queue.apply')}</button>
        </div>
      </form>
      <PagedList<Case>
        label={t('queue.results')}
        reloadKey={key}
        empty={t('cases.empty')}
        load={(cursor) => api.get('/v1/cases', {
          query: {
            status: (filters.status || undefined) as Case['status'] | undefined,
            overdue: filters.overdue === 'true' ? true : undefined,
            transport_document: filters.transport_document || undefined,
            office_code: filters.office_code || undefined,
            cursor,
            limit: 25,
          },
        })}
        render={(c) => <CaseItem c={c} href={`/cases/${c.id}`} />}
      />
    </div>
  );
}
