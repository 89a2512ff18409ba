// The authorized users of one recordation (GET/POST/PATCH/DELETE .../authorized-users): the list,
// active and ended, page by page; add and edit an entry in a dialog (PATCH with If-Match); end one
// after a confirmation; and the bulk replace from a CSV file (PUT), read and checked in the
// browser first, every refused row shown with its line and reasons, nothing sent until all are valid.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Schemas } from '../../api/client';
import { Field } from '../../components/Field';
import { useForm, useSubmit } from '../../components/form';
import { Modal } from '../../components/Modal';
import { PagedList } from '../../components/PagedList';
import { ProblemBanner } from '../../components/ProblemBanner';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, formatDateTime } from '../../format';
import { t } from '../../i18n';
import { AUTHORIZED_ROLES, label } from '../../labels';
import { Link } from '../../router';
import type { ScreenProps } from '../../routes';
import { COLUMNS, entryChecks, readList, refusalsOf, TEMPLATE, toEntry, type ParsedList, type Refusal } from './authorized-users-csv';

type Entry = Schemas['AuthorizedUser'];

function validity({ valid_from: from, valid_until: until }: { valid_from: string | null; valid_until: string | null }): string {
  if (from && until) return t('authorized_users.validity_range', { from: formatDate(from), until: formatDate(until) });
  if (from) return t('authorized_users.validity_from', { from: formatDate(from) });
  if (until) return t('authorized_users.validity_until', { until: formatDate(until) });
  return t('authorized_users.validity_open');
}

/** A 422 on hs_codes[2] or ports[0] belongs to the field of the whole list. */
function onListFields(err: unknown): unknown {
  if (!(err instanceof ApiError)) return err;
  const errors = err.fieldErrors.map((e) => ({ ...e, field: e.field.replace(/\[\d+\]$/, '') }));
  return new ApiError(err.status, { ...err.problem, errors });
}

function EntryForm({ recordationId, entry, onDone }: { recordationId: string; entry?: Entry; onDone: (message: string) => void }) {
  const form = useForm(
    {
      name: entry?.name ?? '', registration_number: entry?.registration_number ?? '', country: entry?.country ?? '',
      roles: entry?.roles.join(';') ?? '', goods_scope: entry?.goods_scope ?? '', hs_codes: entry?.hs_codes.join('; ') ?? '',
      ports: entry?.ports.join('; ') ?? '', valid_from: entry?.valid_from ?? '', valid_until: entry?.valid_until ?? '',
    },
    entryChecks,
  );
  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    const body = toEntry(form.values);
    try {
      if (entry) {
        await api.patch('/v1/recordations/{id}/authorized-users/{entry_id}', {
          path: { id: recordationId, entry_id: entry.id }, body, headers: { 'if-match': `"${entry.version}"` },
        });
      } else {
        await api.post('/v1/recordations/{id}/authorized-users', { path: { id: recordationId }, body });
      }
    } catch (e) {
      throw onListFields(e);
    }
    onDone(t(entry ? 'authorized_users.changed' : 'authorized_users.added', { name: body.name }));
  });
  const roles = form.values.roles.split(';').filter(Boolean);
  const toggle = (role: string) =>
    form.set('roles', (roles.includes(role) ? roles.filter((r) => r !== role) : [...roles, role]).join(';'));
  const rolesError = form.errors.roles;
  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemBanner error={error} unmapped={unmapped} />
      <Field form={form} name="name" label={t('authorized_users.name')} required />
      <Field form={form} name="registration_number" label={t('authorized_users.registration_number')} hint={t('authorized_users.registration_number_hint')} required />
      <Field form={form} name="country" label={t('register.country')} hint={t('register.country_hint')} required />
      <fieldset class={rolesError ? 'field field-invalid' : 'field'} aria-describedby={rolesError ? 'f-roles-error' : undefined}>
        <legend>{t('authorized_users.roles')}<span class="required" aria-hidden="true"> *</span></legend>
        <div class="checkbox-group" id="f-roles" tabIndex={-1}>
          {AUTHORIZED_ROLES.map((r) => (
            <label key={r} class="checkbox">
              <input type="checkbox" checked={roles.includes(r)} onChange={() => toggle(r)} /> {label('auth_role', r)}
            </label>
          ))}
        </div>
        {rolesError && <p id="f-roles-error" class="field-error">{rolesError}</p>}
      </fieldset>
      <Field form={form} name="goods_scope" as="textarea" label={t('authorized_users.goods_scope')} hint={t('authorized_users.goods_scope_hint')} />
      <Field form={form} name="hs_codes" label={t('authorized_users.hs_codes')} hint={t('authorized_users.hs_codes_hint')} />
      <Field form={form} name="ports" label={t('authorized_users.ports')} hint={t('authorized_users.ports_hint')} />
      <div class="field-row">
        <Field form={form} name="valid_from" type="date" label={t('authorized_users.valid_from')} />
        <Field form={form} name="valid_until" type="date" label={t('authorized_users.valid_until')} />
      </div>
      <div class="actions">
        <button type="submit" disabled={busy}>{busy ? t('common.working') : t(entry ? 'authorized_users.save' : 'authorized_users.add')}</button>
      </div>
    </form>
  );
}

function EntryCard({ entry, onEdit, onEnd }: { entry: Entry; onEdit: () => void; onEnd: () => void }) {
  const ended = entry.status === 'ended';
  return (
    <article class={ended ? 'entry entry-ended' : 'entry'} aria-label={entry.name}>
      <header class="entry-header">
        <h3>{entry.name}</h3>
        <StatusBadge status={entry.status} />
      </header>
      <dl class="facts">
        <div><dt>{t('authorized_users.registration_number')}</dt><dd>{entry.registration_number} ({entry.country})</dd></div>
        <div><dt>{t('authorized_users.roles')}</dt><dd>{entry.roles.map((r) => label('auth_role', r)).join(', ')}</dd></div>
        <div><dt>{t('authorized_users.ports')}</dt><dd>{entry.ports.length ? entry.ports.join(', ') : t('authorized_users.all_ports')}</dd></div>
        <div><dt>{t('authorized_users.goods')}</dt><dd>{[entry.goods_scope, entry.hs_codes.length ? `HS ${entry.hs_codes.join(', ')}` : ''].filter(Boolean).join(' · ') || t('authorized_users.all_goods')}</dd></div>
        <div><dt>{t('authorized_users.validity')}</dt><dd>{validity(entry)}</dd></div>
        {ended && entry.ended_at && <div><dt>{t('authorized_users.ended_at')}</dt><dd>{formatDateTime(entry.ended_at)}</dd></div>}
      </dl>
      {!ended && (
        <div class="actions">
          <button type="button" class="secondary" onClick={onEdit}>{t('authorized_users.edit')}<span class="visually-hidden"> {entry.name}</span></button>
          <button type="button" class="secondary danger-text" onClick={onEnd}>{t('authorized_users.end')}<span class="visually-hidden"> {entry.name}</span></button>
        </div>
      )}
    </article>
  );
}

function RefusedRows({ refused }: { refused: Refusal[] }) {
  return (
    <div class="banner banner-error" role="alert">
      <p class="banner-title">{t('csv.refused_title', { count: refused.length })}</p>
      <p>{t('csv.nothing_changed')}</p>
      <table class="table refused">
        <caption class="visually-hidden">{t('csv.refused_caption')}</caption>
        <thead><tr><th scope="col">{t('csv.line')}</th><th scope="col">{t('csv.reason')}</th></tr></thead>
        <tbody>
          {refused.map((r) => (
            <tr key={r.line}>
              <td>{r.line ? t('csv.line_n', { line: r.line }) : t('csv.whole_file')}</td>
              <td><ul>{r.reasons.map((x) => <li>{x.column && <code>{x.column}</code>}{x.column && ': '}{x.key ? t(x.key) : x.message}</li>)}</ul></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CsvUpload({ recordationId, onReplaced }: { recordationId: string; onReplaced: (count: number) => void }) {
  const [file, setFile] = useState<{ name: string; parsed: ParsedList } | null>(null);
  const [serverRefused, setServerRefused] = useState<Refusal[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const choose = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const chosen = input.files?.[0];
    setServerRefused([]);
    setError(null);
    setFile(chosen ? { name: chosen.name, parsed: readList(await chosen.text()) } : null);
  };
  const replace = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setServerRefused([]);
    try {
      const list = await api.put('/v1/recordations/{id}/authorized-users', { path: { id: recordationId }, body: { entries: file.parsed.entries } });
      setFile(null);
      if (input.current) input.current.value = '';
      onReplaced(list.items.length);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setServerRefused(refusalsOf(e.fieldErrors, file.parsed.lines));
      else setError(e);
    } finally {
      setBusy(false);
    }
  };
  const refused = file ? [...file.parsed.refused, ...serverRefused] : [];
  const ready = file && refused.length === 0;
  return (
    <section class="card" aria-labelledby="csv-title">
      <h2 id="csv-title">{t('csv.title')}</h2>
      <p>{t('csv.intro')}</p>
      <details class="format">
        <summary>{t('csv.format')}</summary>
        <p>{t('csv.format_intro')}</p>
        <table class="table">
          <thead><tr><th scope="col">{t('csv.column')}</th><th scope="col">{t('csv.content')}</th></tr></thead>
          <tbody>{COLUMNS.map((c) => <tr key={c}><td><code>{c}</code></td><td>{t(`csv.col.${c}`)}</td></tr>)}</tbody>
        </table>
      </details>
      <p><a href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`} download="authorized-users-template.csv">{t('csv.template')}</a></p>
      <div class="field">
        <label for="csv-file">{t('csv.file')}</label>
        <input ref={input} id="csv-file" type="file" accept=".csv,text/csv" onChange={choose} />
      </div>
      <ProblemBanner error={error} />
      {refused.length > 0 && <RefusedRows refused={refused} />}
      {file && (
        <>
          <h3>{t('csv.preview', { count: file.parsed.entries.length, file: file.name })}</h3>
          <div class="table-wrap">
            <table class="table">
              <thead><tr>
                <th scope="col">{t('csv.line')}</th><th scope="col">{t('authorized_users.name')}</th><th scope="col">{t('authorized_users.registration_number')}</th>
                <th scope="col">{t('authorized_users.roles')}</th><th scope="col">{t('authorized_users.ports')}</th><th scope="col">{t('authorized_users.validity')}</th>
              </tr></thead>
              <tbody>
                {file.parsed.entries.map((e, i) => {
                  const line = file.parsed.lines[i];
                  return (
                    <tr key={line} class={refused.some((r) => r.line === line) ? 'row-refused' : undefined}>
                      <td>{line}</td><td>{e.name}</td><td>{e.registration_number}</td><td>{e.roles.join(', ')}</td>
                      <td>{e.ports?.join(', ')}</td><td>{validity({ valid_from: e.valid_from ?? null, valid_until: e.valid_until ?? null })}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {ready
            ? <button type="button" disabled={busy} onClick={() => void replace()}>{busy ? t('common.working') : t('csv.replace', { count: file.parsed.entries.length })}</button>
            : <p class="field-hint">{t('csv.fix_first')}</p>}
        </>
      )}
    </section>
  );
}

export function AuthorizedUsers({ params }: ScreenProps) {
  const id = params.id;
  const [recordation, setRecordation] = useState<Schemas['Recordation'] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [showEnded, setShowEnded] = useState(true);
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState<Entry | 'new' | null>(null);
  const [ending, setEnding] = useState<Entry | null>(null);
  const [endError, setEndError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  useEffect(() => {
    api.get('/v1/recordations/{id}', { path: { id } }).then(setRecordation, setLoadError);
  }, [id]);
  const done = (message: string) => {
    setEditing(null);
    setEnding(null);
    setNotice(message);
    setReload((n) => n + 1);
  };
  const end = async () => {
    if (!ending) return;
    setEndError(null);
    try {
      await api.delete('/v1/recordations/{id}/authorized-users/{entry_id}', {
        path: { id, entry_id: ending.id }, headers: { 'if-match': `"${ending.version}"` },
      });
      done(t('authorized_users.ended', { name: ending.name }));
    } catch (e) {
      setEndError(e);
    }
  };

  return (
    <div>
      <p class="breadcrumb"><Link href={`/holder/recordations/${id}`}>{t('authorized_users.back')}</Link></p>
      <h1 tabIndex={-1}>{t('authorized_users.title')}</h1>
      <ProblemBanner error={loadError} />
      {recordation && (
        <p class="lead">{t('authorized_users.of', { title: recordation.title, number: recordation.number ?? t(`status.${recordation.status}`) })}</p>
      )}
      <p>{t('authorized_users.intro')}</p>
      {notice && <div class="banner banner-success" role="status"><p>{notice}</p></div>}

      <div class="toolbar">
        <button type="button" onClick={() => { setNotice(''); setEditing('new'); }}>{t('authorized_users.add_title')}</button>
        <label class="checkbox">
          <input type="checkbox" checked={showEnded} onChange={(e) => setShowEnded((e.currentTarget as HTMLInputElement).checked)} /> {t('authorized_users.show_ended')}
        </label>
      </div>
      <PagedList<Entry>
        label={t('authorized_users.list')}
        empty={t('authorized_users.empty')}
        reloadKey={`${showEnded}-${reload}`}
        load={(cursor) => api.get('/v1/recordations/{id}/authorized-users', { path: { id }, query: { include_ended: showEnded, cursor } })}
        render={(e) => <EntryCard entry={e} onEdit={() => { setNotice(''); setEditing(e); }} onEnd={() => { setEndError(null); setEnding(e); }} />}
      />

      <CsvUpload recordationId={id} onReplaced={(count) => done(t('csv.replaced', { count }))} />

      <Modal open={editing !== null} title={editing === 'new' ? t('authorized_users.add_title') : t('authorized_users.edit_title')} onClose={() => setEditing(null)}>
        {editing && <EntryForm recordationId={id} entry={editing === 'new' ? undefined : editing} onDone={done} />}
      </Modal>
      <Modal open={ending !== null} title={t('authorized_users.end_title')} onClose={() => setEnding(null)}>
        {ending && (
          <>
            <ProblemBanner error={endError} />
            <p>{t('authorized_users.end_confirm', { name: ending.name, number: ending.registration_number })}</p>
            <div class="actions">
              <button type="button" class="danger" onClick={() => void end()}>{t('authorized_users.end')}</button>
              <button type="button" class="secondary" onClick={() => setEnding(null)}>{t('common.cancel')}</button>
            </div>
          </>
        )}
      </Modal>
    </div>
  );
}
