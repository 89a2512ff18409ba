// The border check (GET /v1/border-check), the port officer's first step when a container is
// opened: what is in front of them (the mark seen on the goods, the HS codes, the declarant, the
// transport document) in one form; the recordations that may apply, best first, each with the
// reasons it was found for, whether the declarant is an authorized user (the YES/NO and entries
// of the authorization check), the confirmed pre-confirmation, the holder's guide in short (the
// whole guide one link away), the holder's alerts and the port's watch list. The form is kept
// in the address, so that a check can be reloaded and shared. A port officer opens a
// suspect-goods case from a result: the case form comes filled with the recordation and the
// shipment's transport document and declarant.
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { Matches, YesNo } from '../components/Authorization';
import { Field } from '../components/Field';
import { useForm, useSubmit, type Validator } from '../components/form';
import { ProblemBanner } from '../components/ProblemBanner';
import { StatusBadge } from '../components/StatusBadge';
import { formatDate } from '../format';
import { t, type MessageKey } from '../i18n';
import { AUTHORIZED_ROLES, label } from '../labels';
import { Link, navigate, useQuery } from '../router';
import { session } from '../session';

type Answer = Schemas['BorderCheck'];
type Item = Answer['items'][number];
type Reason = Item['reasons'][number];
/** What the check that is shown was run with, of what a case needs. */
interface Shipment {
  transport_document: string;
  declarant: string;
}

const FIELDS = ['text', 'hs_code', 'declarant', 'role', 'transport_document', 'port', 'date'] as const;

const hsCodes: Validator = (v) => (!v || /^\d{4,10}(,\d{4,10}){0,19}$/.test(v.replace(/\s/g, '')) ? null : 'validation.hs_codes');
const port: Validator = (v) => (!v || /^[A-Z0-9]{2,16}$/.test(v) ? null : 'validation.port');
const text: Validator = (v) => (!v || /[\p{L}\p{N}]{3}/u.test(v) ? null : 'border.text_short');
const something: Validator = (_v, values) =>
  (['text', 'hs_code', 'declarant', 'transport_document'].some((k) => values[k]?.trim()) ? null : 'border.need_something');

function reasonText(r: Reason): string {
  const key = `border.reason.${r.code}` as MessageKey;
  return t(key, { similarity: r.similarity !== undefined ? Math.round(r.similarity * 100) : '', hs_code: r.hs_code ?? '' });
}

/** The case form (OpenCase) filled with these recordations and the shipment checked. */
function openCaseHref(numbers: string[], shipment: Shipment): string {
  const query = new URLSearchParams({ recordations: numbers.join(',') });
  if (shipment.transport_document) query.set('transport_document', shipment.transport_document);
  if (shipment.declarant) query.set('declarant', shipment.declarant);
  return `/cases/new?${query}`;
}

/** One recordation found; `openCase`: where a port officer opens a case against it (none for others). */
function Result({ item, rank, openCase }: { item: Item; rank: number; openCase?: string }) {
  const r = item.recordation;
  const headingId = `result-${rank}`;
  return (
    <article class="card border-result" aria-labelledby={headingId}>
      <header class="border-result-head">
        <h3 id={headingId}>
          <span class="muted">{rank}.</span> {r.title} <span class="muted">{r.number}</span>
        </h3>
        <StatusBadge status={r.status} />
        {item.watched && <span class="badge badge-watched">{t('border.watched_badge')}</span>}
        {item.alerts.length > 0 && <span class="badge badge-alert">{t('border.alert_badge', { count: item.alerts.length })}</span>}
      </header>
      <p class="muted">
        {label('ipr_type', r.ipr_type)} · {r.holder.name} · {t('recordation.valid_range', { from: formatDate(r.valid_from), until: formatDate(r.valid_until) })}
        {r.hs_codes.length > 0 && <> · {t('border.hs_codes', { codes: r.hs_codes.join(', ') })}</>}
      </p>
      <ul class="reasons" aria-label={t('border.reasons')}>
        {item.reasons.map((reason) => <li class={`reason reason-${reason.code}`}>{reasonText(reason)}</li>)}
      </ul>
      {item.authorized && (
        <section aria-label={t('border.authorization')}>
          <h4>{t('border.authorization')}</h4>
          <YesNo yes={item.authorized.authorized} />
          <Matches items={item.authorized.matches} />
        </section>
      )}
      {item.pre_confirmation && (
        <p class="border-pc">
          {t('border.pre_confirmed', {
            number: item.pre_confirmation.number, importer: item.pre_confirmation.importer.name,
            until: formatDate(item.pre_confirmation.valid_until),
          })}
        </p>
      )}
      {item.watched && (
        <p class="border-watched">
          {t(item.watched.hs_chapter ? 'border.watched_chapter' : 'border.watched', {
            chapter: item.watched.hs_chapter ?? '', reason: item.watched.reason, until: formatDate(item.watched.valid_until),
          })}
        </p>
      )}
      {item.alerts.map((a) => (
        <div class="border-alert" role="note">
          <strong>{t('border.alert')}</strong>{' '}
          {t('border.alert_window', { from: formatDate(a.window_from), until: formatDate(a.window_until) })}
          {a.transport_document && <> · {a.transport_document}</>}
          {a.origin && <> · {a.origin}</>}
          {a.ports.length > 0 && <> · {a.ports.join(', ')}</>}
          {a.note && <p>{a.note}</p>}
        </div>
      ))}
      <section aria-label={t('border.guide')}>
        <h4>{t('border.guide')}</h4>
        {item.guide ? (
          <>
            {item.guide.summary && <p>{item.guide.summary}</p>}
            {item.guide.distinguishing_features.length > 0 && (
              <ul class="features">
                {item.guide.distinguishing_features.map((f) => (
                  <li><strong>{f.feature}</strong>
                    {f.genuine && <> — {t('guide.genuine')}: {f.genuine}</>}
                    {f.counterfeit && <> — {t('guide.counterfeit')}: {f.counterfeit}</>}
                  </li>
                ))}
              </ul>
            )}
            <Link href={`/guides/${r.id}`}>{t('border.open_guide', { count: item.guide.photo_count })}</Link>
          </>
        ) : <p class="muted">{t('border.no_guide')}</p>}
      </section>
      {openCase && (
        <div class="actions"><Link href={openCase} class="button" aria-describedby={headingId}>{t('cases.open')}</Link></div>
      )}
    </article>
  );
}

export function BorderCheck() {
  const me = session.use().me;
  const query = useQuery();
  const initial = Object.fromEntries(FIELDS.map((f) => [f, query.get(f) ?? '']));
  if (!initial.port && me?.office?.kind === 'port') initial.port = me.office.code;
  const form = useForm(initial, { text: (v, values) => text(v, values) ?? something(v, values), hs_code: hsCodes, port });
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [shipment, setShipment] = useState<Shipment>({ transport_document: '', declarant: '' });
  const portOfficer = me?.user.role === 'port_officer';

  const run = async () => {
    const v = form.values;
    setShipment({ transport_document: v.transport_document.trim(), declarant: v.declarant.trim() });
    setAnswer(await api.get('/v1/border-check', {
      query: {
        text: v.text.trim() || undefined,
        hs_code: v.hs_code.replace(/\s/g, '') || undefined,
        declarant: v.declarant.trim() || undefined,
        role: (v.role || undefined) as Schemas['AuthorizedRole'] | undefined,
        transport_document: v.transport_document.trim() || undefined,
        port: v.port.trim() || undefined,
        date: v.date || undefined,
      },
    }));
  };
  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    setAnswer(null);
    const params = new URLSearchParams(Object.entries(form.values).filter(([, value]) => value.trim()));
    navigate(`/border-check?${params}`, { replace: true });
    await run();
  });
  // A check in the address (reloaded, or a link) runs at once.
  useEffect(() => {
    if (['text', 'hs_code', 'declarant', 'transport_document'].some((k) => query.get(k))) run().catch(() => undefined);
  }, []);

  return (
    <div>
      <h1 tabIndex={-1}>{t('border.title')}</h1>
      <p class="lead">{t('border.intro')}</p>
      <ProblemBanner error={error} unmapped={unmapped} />
      <form class="card check-form" role="search" aria-label={t('border.form')} onSubmit={onSubmit} noValidate>
        <Field form={form} name="text" label={t('border.text')} hint={t('border.text_hint')} />
        <Field form={form} name="hs_code" label={t('border.hs_code')} hint={t('border.hs_code_hint')} />
        <Field form={form} name="declarant" label={t('border.declarant')} hint={t('border.declarant_hint')} />
        <Field form={form} name="role" as="select" label={t('check.role')}>
          <option value="">{t('check.any_role')}</option>
          {AUTHORIZED_ROLES.map((r) => <option value={r}>{label('auth_role', r)}</option>)}
        </Field>
        <Field form={form} name="transport_document" label={t('border.transport_document')} hint={t('pc.transport_document_hint')} />
        <Field form={form} name="port" label={t('check.port')} hint={t('border.port_hint')} />
        <Field form={form} name="date" type="date" label={t('check.date')} hint={t('check.date_hint')} />
        <div class="filters-submit">
          <button type="submit" disabled={busy}>{busy ? t('common.working') : t('border.submit')}</button>
        </div>
      </form>
      {answer && (
        <section aria-labelledby="border-answer" aria-live="polite">
          <h2 id="border-answer">{t('border.results', { count: answer.items.length })}</h2>
          {answer.items.length === 0 && <p class="empty">{t('border.none')}</p>}
          {answer.items.map((item, i) => (
            <Result item={item} rank={i + 1} openCase={portOfficer ? openCaseHref([item.recordation.number], shipment) : undefined} />
          ))}
        </section>
      )}
    </div>
  );
}
