// The registry's users (GET /v1/users) with filters kept in the address (role, office,
// organization, state) and keyset paging; an administrator disables a user with a reason
// (a confirmation dialog) and enables them again. The list shows each user's state.
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { allOffices, type Office } from '../../api/offices';
import { Field } from '../../components/Field';
import { required, useForm, useSubmit } from '../../components/form';
import { Modal } from '../../components/Modal';
import { PagedList } from '../../components/PagedList';
import { ProblemBanner } from '../../components/ProblemBanner';
import { formatDateTime } from '../../format';
import { t } from '../../i18n';
import { Link, navigate, useQuery } from '../../router';
import { session, type Role } from '../../session';

type User = Schemas['User'];
const ROLES: Role[] = ['admin', 'hq_officer', 'port_officer', 'rights_holder', 'importer', 'agent'];
const FILTERS = ['role', 'office_code', 'organization_id', 'disabled'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function DisableDialog({ user, onClose, onDone }: { user: User; onClose: () => void; onDone: (u: User) => void }) {
  const form = useForm({ reason: '' }, { reason: required });
  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    onDone(await api.post('/v1/users/{id}/disable', { path: { id: user.id }, body: { reason: form.values.reason.trim() } }));
  });
  return (
    <Modal open title={t('users.disable_title', { name: user.full_name })} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <p>{t('users.disable_explain', { email: user.email })}</p>
        <ProblemBanner error={error} unmapped={unmapped} />
        <Field form={form} name="reason" as="textarea" label={t('users.reason')} hint={t('users.reason_hint')} required />
        <div class="actions">
          <button type="submit" class="danger" disabled={busy}>{busy ? t('common.working') : t('users.disable_confirm')}</button>
          <button type="button" class="secondary" onClick={onClose}>{t('common.cancel')}</button>
        </div>
      </form>
    </Modal>
  );
}

export function Users() {
  const query = useQuery();
  const filters = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const me = session.use().me;
  const [offices, setOffices] = useState<Office[]>([]);
  const [organization, setOrganization] = useState(filters.organization_id);
  const [orgError, setOrgError] = useState('');
  const [changed, setChanged] = useState<Record<string, User>>({});
  const [disabling, setDisabling] = useState<User | null>(null);
  const [notice, setNotice] = useState('');
  const [actionError, setActionError] = useState<unknown>(null);
  useEffect(() => {
    allOffices().then(setOffices, setActionError);
  }, []);
  useEffect(() => setOrganization(filters.organization_id), [filters.organization_id]);

  const apply = (next: Partial<typeof filters>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, ...next })) if (v) q.set(k, v);
    const s = q.toString();
    navigate(s ? `/admin/users?${s}` : '/admin/users', { replace: true });
  };
  const applyOrganization = (e: Event) => {
    e.preventDefault();
    const v = organization.trim();
    if (v && !UUID.test(v)) {
      setOrgError(t('users.organization_rule'));
      document.getElementById('filter-organization')?.focus();
      return;
    }
    setOrgError('');
    apply({ organization_id: v });
  };
  const updated = (u: User, key: 'users.now_disabled' | 'users.now_enabled') => {
    setChanged((c) => ({ ...c, [u.id]: u }));
    setNotice(t(key, { name: u.full_name }));
  };
  const enable = async (u: User) => {
    setActionError(null);
    try {
      updated(await api.post('/v1/users/{id}/enable', { path: { id: u.id } }), 'users.now_enabled');
    } catch (e) {
      setActionError(e);
    }
  };

  const select = (id: string, label: string, name: keyof typeof filters, options: [string, string][]) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={filters[name]} onChange={(e) => apply({ [name]: (e.currentTarget as HTMLSelectElement).value })}>
        <option value="">{t('users.any')}</option>
        {options.map(([v, text]) => <option value={v}>{text}</option>)}
      </select>
    </div>
  );

  return (
    <div>
      <h1 tabIndex={-1}>{t('users.title')}</h1>
      <p class="lead">{t('users.intro')}</p>
      <form class="card filters" onSubmit={applyOrganization} role="search" aria-label={t('users.filters')}>
        {select('filter-role', t('users.role'), 'role', ROLES.map((r) => [r, t(`role.${r}`)]))}
        {select('filter-office', t('users.office'), 'office_code', offices.map((o) => [o.code, `${o.code} · ${o.name}`]))}
        {select('filter-state', t('users.state'), 'disabled', [['false', t('users.state.enabled')], ['true', t('users.state.disabled')]])}
        <div class={orgError ? 'field field-invalid' : 'field'}>
          <label for="filter-organization">{t('users.organization')}</label>
          <input id="filter-organization" value={organization} aria-invalid={orgError ? true : undefined}
            aria-describedby={orgError ? 'filter-organization-error' : undefined}
            onInput={(e) => setOrganization((e.currentTarget as HTMLInputElement).value)} />
          {orgError && <p id="filter-organization-error" class="field-error">{orgError}</p>}
        </div>
        <div class="filters-submit"><button type="submit" class="secondary">{t('users.apply')}</button></div>
      </form>
      <div role="status" class="sr-status">{notice && <p class="banner banner-success">{notice}</p>}</div>
      <ProblemBanner error={actionError} />
      <PagedList<User>
        label={t('users.list')}
        reloadKey={JSON.stringify(filters)}
        load={(cursor) => api.get('/v1/users', {
          query: {
            role: (filters.role || undefined) as Role | undefined,
            office_code: filters.office_code || undefined,
            organization_id: filters.organization_id || undefined,
            disabled: filters.disabled ? filters.disabled === 'true' : undefined,
            cursor,
          },
        })}
        empty={t('users.none')}
        render={(item) => {
          const u = changed[item.id] ?? item;
          return (
            <div class="row-between user-row">
              <div>
                <strong>{u.full_name}</strong> <span class="muted">{u.email}</span>
                <div class="muted">
                  {t(`role.${u.role}`)}
                  {u.office_code && <> · {t('users.office_is', { code: u.office_code })}</>}
                  {u.organization_id && <> · <Link href={`/admin/users?organization_id=${u.organization_id}`}>{t('users.organization_is', { id: u.organization_id })}</Link></>}
                </div>
                {u.disabled_at && (
                  <p class="disabled-reason">{t('users.disabled_since', { when: formatDateTime(u.disabled_at), reason: u.disabled_reason ?? '' })}</p>
                )}
              </div>
              <div class="row-actions">
                <span class={u.disabled_at ? 'badge badge-rejected' : 'badge badge-approved'}>
                  {t(u.disabled_at ? 'users.state.disabled' : 'users.state.enabled')}
                </span>
                {u.id !== me?.user.id && (u.disabled_at
                  ? <button type="button" class="secondary" aria-label={t('users.enable_named', { name: u.full_name })} onClick={() => void enable(u)}>{t('users.enable')}</button>
                  : <button type="button" class="secondary" aria-label={t('users.disable_named', { name: u.full_name })} onClick={() => { setActionError(null); setDisabling(u); }}>{t('users.disable')}</button>)}
              </div>
            </div>
          );
        }}
      />
      {disabling && (
        <DisableDialog user={disabling} onClose={() => setDisabling(null)}
          onDone={(u) => { setDisabling(null); updated(u, 'users.now_disabled'); }} />
      )}
    </div>
  );
}
