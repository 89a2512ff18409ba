// File a recordation, or edit one while it is a draft, rejected or awaiting information: every
// field the API takes, checked as the user types; "Save draft" creates it (POST) or saves it
// (PATCH with If-Match: its version); the 422's errors land on their fields (classes[2] on
// Classes). Once it exists: its documents, and "Submit", which answers with what is missing.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Schemas } from '../../api/client';
import { client } from '../../client';
import { Field } from '../../components/Field';
import { all, required, useForm, useSubmit, type FormApi, type Validator } from '../../components/form';
import { ProblemBanner } from '../../components/ProblemBanner';
import type { ScreenProps } from '../../routes';
import { t, type MessageKey } from '../../i18n';
import { IPR_TYPES, label } from '../../labels';
import { Link, navigate } from '../../router';
import { session } from '../../session';
import { RecordationDocuments } from './RecordationDocuments';
import { fieldLabel, ifMatch, isEditable, type Recordation } from './RecordationParts';

const LICENSING: Schemas['LicensingStatus'][] = ['not_licensed', 'licensed_exclusive', 'licensed_non_exclusive', 'licensed_sole'];

// ---- the text fields of lists, both ways
const words = (v: string) => v.split(/[\s,;，；、]+/).filter(Boolean);
const items = (v: string) => v.split(/[,;\n，；]+/).map((s) => s.trim()).filter(Boolean);
const lines = (v: string) => v.split('\n').map((s) => s.trim()).filter(Boolean);
type Party = Schemas['PartyInput'];
function parties(v: string): Party[] {
  return lines(v).map((line) => {
    const [name, country, ...address] = line.split(';').map((s) => s.trim());
    return { name, country: country || null, address: address.join('; ') || null };
  });
}
const partiesText = (list: Schemas['Party'][]) =>
  list.map((p) => [p.name, p.country ?? '', p.address ?? ''].join('; ').replace(/(; )+$/, '')).join('\n');

// ---- checks as the user types (the registry checks again and has the last word)
const maxLength = (n: 64 | 200 | 2000 | 4000): Validator => (v) => ([...v].length <= n ? null : `file.error.length_${n}` as MessageKey);
const date: Validator = (v) => (!v || /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'file.error.date');
const classes: Validator = (v) => {
  const list = words(v);
  if (list.some((c) => !/^\d{1,2}$/.test(c) || +c < 1 || +c > 45)) return 'file.error.classes';
  return new Set(list.map(Number)).size === list.length ? null : 'file.error.duplicates';
};
const hsCodes: Validator = (v) => {
  const list = words(v);
  if (list.some((c) => !/^\d{4,10}$/.test(c))) return 'file.error.hs_codes';
  return new Set(list).size === list.length ? null : 'file.error.duplicates';
};
const partyLines: Validator = (v) =>
  parties(v).every((p) => p.name && [...p.name].length <= 200 && (!p.country || /^[A-Z]{2}$/.test(p.country))) ? null : 'file.error.parties';

const EMPTY = {
  ipr_type: 'trademark', title: '', registration_number: '', registration_authority: '', right_expires_on: '',
  classes: '', goods_scope: '', hs_codes: '', licensing_status: '', description: '',
  genuine_manufacturers: '', main_ports: '', known_infringers: '',
};

function valuesOf(r: Recordation): typeof EMPTY {
  return {
    ipr_type: r.ipr_type, title: r.title, registration_number: r.registration_number ?? '',
    registration_authority: r.registration_authority ?? '', right_expires_on: r.right_expires_on ?? '',
    classes: r.classes.join(', '), goods_scope: r.goods_scope ?? '', hs_codes: r.hs_codes.join(', '),
    licensing_status: r.licensing_status ?? '', description: r.description ?? '',
    genuine_manufacturers: partiesText(r.genuine_manufacturers), main_ports: r.main_ports.join(', '),
    known_infringers: partiesText(r.known_infringers),
  };
}

/** The form's values as the API's body (an empty field is null: cleared when editing). */
/** A new filing names whose it is: an agent's the client chosen in the switcher (client.ts). */
function forClient(body: Schemas['RecordationCreate']): Schemas['RecordationCreate'] {
  const chosen = client.get();
  return session.get().me?.user.role === 'agent' && chosen ? { ...body, organization_id: chosen } : body;
}

function bodyOf(v: Record<string, string>): Schemas['RecordationCreate'] {
  const text = (s: string) => s.trim() || null;
  return {
    ipr_type: v.ipr_type as Schemas['IprType'],
    title: v.title.trim(),
    registration_number: text(v.registration_number),
    registration_authority: text(v.registration_authority),
    right_expires_on: text(v.right_expires_on),
    classes: words(v.classes).map(Number),
    goods_scope: text(v.goods_scope),
    hs_codes: words(v.hs_codes),
    licensing_status: (text(v.licensing_status) as Schemas['LicensingStatus'] | null),
    description: text(v.description),
    genuine_manufacturers: parties(v.genuine_manufacturers),
    main_ports: items(v.main_ports),
    known_infringers: parties(v.known_infringers),
  };
}

/** The registry names an item of a list (classes[1], known_infringers[0].country): show it on the list's field. */
function onFields(e: unknown): unknown {
  if (!(e instanceof ApiError) || e.fieldErrors.length === 0) return e;
  const errors = e.fieldErrors.map(({ field, message }) => {
    const m = /^(\w+)\[(\d+)\](?:\.(\w+))?$/.exec(field);
    return m ? { field: m[1], message: t('file.error.item', { n: +m[2] + 1, message: m[3] ? `${m[3]}: ${message}` : message }) } : { field, message };
  });
  return new ApiError(e.status, { ...e.problem, errors });
}

/** The screen: loads the filing being edited (none for a new one), then its editor. */
export function FileRecordation({ params }: ScreenProps) {
  const id = params.id as string | undefined;
  const [rec, setRec] = useState<Recordation | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  useEffect(() => {
    setRec(null);
    if (id) api.get('/v1/recordations/{id}', { path: { id } }).then(setRec, setLoadError);
  }, [id]);
  if (!id || rec?.id === id) return <Editor key={id ?? 'new'} start={rec} />;
  return (
    <div>
      <h1 tabIndex={-1}>{t('file.edit_title')}</h1>
      {loadError ? <ProblemBanner error={loadError} /> : <p class="loading">{t('common.loading')}</p>}
    </div>
  );
}

function Editor({ start }: { start: Recordation | null }) {
  const [rec, setRec] = useState(start);
  const [saved, setSaved] = useState(false);
  const [changes, setChanges] = useState(0);
  const initial = start ? valuesOf(start) : EMPTY;
  const savedBody = useRef(start ? JSON.stringify(bodyOf(initial)) : '');
  const form = useForm(initial, {
    ipr_type: required,
    title: all(required, maxLength(200)),
    registration_number: maxLength(64),
    registration_authority: maxLength(200),
    right_expires_on: date,
    classes,
    goods_scope: maxLength(4000),
    hs_codes: hsCodes,
    description: maxLength(4000),
    genuine_manufacturers: partyLines,
    main_ports: maxLength(2000),
    known_infringers: partyLines,
  });

  /** Saves the form if it changed (counted as a change unless quiet); the record as it now is. */
  const save = async (quiet = false): Promise<Recordation> => {
    const body = bodyOf(form.values);
    if (rec && JSON.stringify(body) === savedBody.current) return rec;
    try {
      const next = rec
        ? await api.patch('/v1/recordations/{id}', { path: { id: rec.id }, body, headers: ifMatch(rec) })
        : await api.post('/v1/recordations', { body: forClient(body) });
      savedBody.current = JSON.stringify(body);
      setRec(next);
      if (!quiet) setChanges((n) => n + 1);
      return next;
    } catch (e) {
      throw onFields(e);
    }
  };
  const saving = useSubmit(form, async () => {
    setSaved(false);
    const created = !rec;
    const r = await save();
    if (created) navigate(`/holder/recordations/${r.id}/edit`, { replace: true });
    else setSaved(true);
  });
  const editable = !rec || isEditable(rec);

  return (
    <div class="form-page">
      <p class="breadcrumb"><Link href="/holder/recordations">{t('nav.recordations')}</Link>{rec && <> › <Link href={`/holder/recordations/${rec.id}`}>{rec.title}</Link></>}</p>
      <h1 tabIndex={-1}>{rec ? t('file.edit_title') : t('file.page_title')}</h1>
      <p class="lead">{rec ? t('file.edit_intro') : t('file.intro')}</p>
      {rec?.last_reason && (rec.status === 'information_requested' || rec.status === 'rejected') && (
        <div class="banner banner-warn" role="note">
          <p class="banner-title">{rec.status === 'rejected' ? t('detail.reason_rejected') : t('detail.reason_information')}</p>
          <p class="reason">{rec.last_reason}</p>
        </div>
      )}
      {!editable && <div class="banner banner-info"><p>{t('file.not_editable')}</p></div>}
      <ProblemBanner error={saving.error} unmapped={saving.unmapped} />
      {saved && <div class="banner banner-success" role="status"><p>{t('file.saved')}</p></div>}
      <form onSubmit={saving.onSubmit} noValidate class="card" aria-labelledby="form-right">
        <fieldset disabled={!editable}>
          <legend id="form-right">{t('file.section_right')}</legend>
          <Field form={form} name="ipr_type" as="select" label={t('file.ipr_type')} required>
            {IPR_TYPES.map((v) => <option value={v}>{label('ipr_type', v)}</option>)}
          </Field>
          <Field form={form} name="title" label={t('file.title')} hint={t('file.title_hint')} required />
          <div class="field-row">
            <Field form={form} name="registration_number" label={t('file.registration_number')} hint={t('file.registration_number_hint')} />
            <Field form={form} name="registration_authority" label={t('file.registration_authority')} hint={t('file.registration_authority_hint')} />
          </div>
          <Field form={form} name="right_expires_on" type="date" label={t('file.right_expires_on')} hint={t('file.right_expires_on_hint')} />
          <Field form={form} name="licensing_status" as="select" label={t('file.licensing_status')} hint={t('file.licensing_status_hint')}>
            <option value="">{t('file.choose')}</option>
            {LICENSING.map((v) => <option value={v}>{label('licensing', v)}</option>)}
          </Field>
        </fieldset>
        <fieldset disabled={!editable}>
          <legend>{t('file.section_goods')}</legend>
          <Field form={form} name="classes" label={t('file.classes')} hint={t('file.classes_hint')} />
          <Field form={form} name="goods_scope" as="textarea" label={t('file.goods_scope')} hint={t('file.goods_scope_hint')} />
          <Field form={form} name="hs_codes" label={t('file.hs_codes')} hint={t('file.hs_codes_hint')} />
          <Field form={form} name="description" as="textarea" label={t('file.description')} />
        </fieldset>
        <fieldset disabled={!editable}>
          <legend>{t('file.section_parties')}</legend>
          <Field form={form} name="genuine_manufacturers" as="textarea" label={t('file.genuine_manufacturers')} hint={t('file.parties_hint')} />
          <Field form={form} name="main_ports" label={t('file.main_ports')} hint={t('file.main_ports_hint')} />
          <Field form={form} name="known_infringers" as="textarea" label={t('file.known_infringers')} hint={t('file.parties_hint')} />
        </fieldset>
        {editable && <button type="submit" class={rec ? 'secondary' : undefined} disabled={saving.busy}>{saving.busy ? t('common.working') : t('file.save')}</button>}
      </form>

      {rec && (
        <RecordationDocuments rec={rec} onChange={() => setChanges((n) => n + 1)} />
      )}

      {rec && editable && <SubmitSection form={form} rec={rec} save={save} changes={changes} />}
    </div>
  );
}

/**
 * "Submit" (with the answer to an information request): saves the form first, then files it; a
 * 422 lists what is still missing, until the filing or its documents change again (changes: a
 * count of those), since the list then no longer says what is missing.
 */
function SubmitSection({ form, rec, save, changes }: { form: FormApi; rec: Recordation; save: (quiet: boolean) => Promise<Recordation>; changes: number }) {
  const [note, setNote] = useState('');
  const stage = useRef<'save' | 'submit'>('save');
  const refusedAt = useRef(-1);
  const { busy, error, onSubmit } = useSubmit(form, async () => {
    stage.current = 'save';
    const r = await save(true);
    const answer = note.trim();
    stage.current = 'submit';
    refusedAt.current = changes;
    await api.post('/v1/recordations/{id}/submit', { path: { id: r.id }, headers: ifMatch(r), body: answer ? { note: answer } : {} });
    navigate(`/holder/recordations/${r.id}`);
  });
  const refused = stage.current === 'submit' && error instanceof ApiError && error.status === 422;
  const missing = refused && refusedAt.current === changes ? (error as ApiError).fieldErrors : null;
  return (
    <section class="card" aria-labelledby="submit-title">
      <h2 id="submit-title">{t('file.submit_title')}</h2>
      <p>{rec.status === 'information_requested' ? t('file.submit_intro_answer') : t('file.submit_intro')}</p>
      {missing ? (
        <div class="banner banner-error" role="alert">
          <p class="banner-title">{t('file.missing_title')}</p>
          <ul class="missing">{missing.map((e) => (
            <li key={e.field}>{fieldLabel(e.field)}{e.message === 'required to submit' ? '' : `: ${e.message}`}</li>
          ))}</ul>
        </div>
      ) : !refused && <ProblemBanner error={error} />}
      {rec.status === 'information_requested' && (
        <div class="field">
          <label for="submit-note">{t('file.answer')}</label>
          <p id="submit-note-hint" class="field-hint">{t('file.answer_hint')}</p>
          <textarea id="submit-note" rows={4} value={note} aria-describedby="submit-note-hint" onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
        </div>
      )}
      <button type="button" onClick={onSubmit} disabled={busy}>
        {busy ? t('common.working') : rec.status === 'draft' ? t('file.submit') : t('file.resubmit')}
      </button>
    </section>
  );
}
