// The holder's product identification guide of one recordation (PUT /v1/recordations/{id}/guide,
// If-Match of the version read): what officers at the border need to tell its genuine goods
// from counterfeits — a summary, distinguishing features (genuine | counterfeit), the genuine
// packaging, the genuine supply routes, whom to call — and its photos (genuine and counterfeit
// goods and packaging), uploaded with the shared upload and removed from the list (confirmed in a
// dialog). Customs sees it; the public register never does. A feature or route whose first field is left empty is dropped when saving.
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { DocumentUpload } from '../../components/DocumentUpload';
import { Documents } from '../../components/Documents';
import { Field } from '../../components/Field';
import { useForm, useSubmit, type Validator } from '../../components/form';
import { ProblemBanner } from '../../components/ProblemBanner';
import { formatDateTime } from '../../format';
import { t } from '../../i18n';
import { Link } from '../../router';
import type { ScreenProps } from '../../routes';

type Guide = Schemas['Guide'];

const PHOTO_KINDS = ['genuine_goods', 'counterfeit_goods', 'genuine_packaging', 'counterfeit_packaging', 'other'] as const;
const ports: Validator = (v) => (!v || /^[A-Z0-9]{2,16}(\s*,\s*[A-Z0-9]{2,16})*$/.test(v.trim()) ? null : 'validation.ports');

/** The form's values of a guide, with `features` and `routes` rows. */
function valuesOf(g: Guide, features: number, routes: number): Record<string, string> {
  const v: Record<string, string> = { summary: g.summary ?? '', genuine_packaging: g.genuine_packaging ?? '', contact: g.contact ?? '' };
  for (let i = 0; i < features; i++) {
    const f = g.distinguishing_features[i];
    v[`distinguishing_features[${i}].feature`] = f?.feature ?? '';
    v[`distinguishing_features[${i}].genuine`] = f?.genuine ?? '';
    v[`distinguishing_features[${i}].counterfeit`] = f?.counterfeit ?? '';
  }
  for (let i = 0; i < routes; i++) {
    const r = g.supply_routes[i];
    v[`supply_routes[${i}].origin`] = r?.origin ?? '';
    v[`supply_routes[${i}].ports`] = r?.ports.join(', ') ?? '';
    v[`supply_routes[${i}].note`] = r?.note ?? '';
  }
  return v;
}

const text = (v: string) => (v.trim() ? v.trim() : null);

export function GuideEditor({ params }: ScreenProps) {
  const [guide, setGuide] = useState<Guide | null>(null);
  const [title, setTitle] = useState('');
  const [rows, setRows] = useState({ features: 1, routes: 1 });
  const [saved, setSaved] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [photos, setPhotos] = useState(0);
  const validators: Record<string, Validator> = {};
  for (let i = 0; i < rows.routes; i++) validators[`supply_routes[${i}].ports`] = ports;
  const form = useForm(valuesOf({ distinguishing_features: [], supply_routes: [] } as unknown as Guide, 1, 1), validators);

  const show = (g: Guide) => {
    const next = { features: Math.max(1, g.distinguishing_features.length), routes: Math.max(1, g.supply_routes.length) };
    setGuide(g);
    setRows(next);
    form.setAll(valuesOf(g, next.features, next.routes));
  };
  useEffect(() => {
    const path = { id: params.id };
    api.get('/v1/recordations/{id}', { path }).then((r) => setTitle(`${r.title}${r.number ? ` ${r.number}` : ''}`), setLoadError);
    api.get('/v1/recordations/{id}/guide', { path }).then(show, setLoadError);
  }, [params.id]);

  const addRow = (what: 'features' | 'routes') => {
    const next = { ...rows, [what]: rows[what] + 1 };
    const i = rows[what];
    const fresh = what === 'features'
      ? { [`distinguishing_features[${i}].feature`]: '', [`distinguishing_features[${i}].genuine`]: '', [`distinguishing_features[${i}].counterfeit`]: '' }
      : { [`supply_routes[${i}].origin`]: '', [`supply_routes[${i}].ports`]: '', [`supply_routes[${i}].note`]: '' };
    form.setAll({ ...form.values, ...fresh });
    setRows(next);
    const focus = what === 'features' ? `f-distinguishing_features-${i}--feature` : `f-supply_routes-${i}--origin`;
    setTimeout(() => document.getElementById(focus)?.focus(), 0);
  };

  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    if (!guide) return;
    setSaved(false);
    const v = form.values;
    const features = Array.from({ length: rows.features }, (_, i) => ({
      feature: v[`distinguishing_features[${i}].feature`].trim(),
      genuine: text(v[`distinguishing_features[${i}].genuine`]),
      counterfeit: text(v[`distinguishing_features[${i}].counterfeit`]),
    })).filter((f) => f.feature);
    const routes = Array.from({ length: rows.routes }, (_, i) => ({
      origin: v[`supply_routes[${i}].origin`].trim(),
      ports: v[`supply_routes[${i}].ports`].split(',').map((p) => p.trim()).filter(Boolean),
      note: text(v[`supply_routes[${i}].note`]),
    })).filter((r) => r.origin);
    show(await api.put('/v1/recordations/{id}/guide', {
      path: { id: params.id },
      headers: { 'If-Match': `"${guide.version}"` },
      body: {
        summary: text(v.summary), distinguishing_features: features, genuine_packaging: text(v.genuine_packaging),
        supply_routes: routes, contact: text(v.contact),
      },
    }));
    setSaved(true);
  });

  return (
    <div>
      <p class="breadcrumb"><Link href={`/holder/recordations/${params.id}`}>{title || t('nav.recordations')}</Link></p>
      <h1 tabIndex={-1}>{t('guide.edit_title')}</h1>
      <p class="lead">{t('guide.edit_intro')}</p>
      <ProblemBanner error={loadError} />
      {guide && (
        <form class="card" onSubmit={onSubmit} noValidate aria-label={t('guide.edit_title')}>
          <ProblemBanner error={error} unmapped={unmapped} />
          {saved && <p class="notice" role="status">{t('guide.saved', { at: guide.updated_at ? formatDateTime(guide.updated_at) : '' })}</p>}
          <Field form={form} name="summary" as="textarea" label={t('guide.summary')} hint={t('guide.summary_hint')} />
          <fieldset>
            <legend>{t('guide.features')}</legend>
            {Array.from({ length: rows.features }, (_, i) => (
              <fieldset class="goods-line" key={i}>
                <legend>{t('guide.feature_n', { n: i + 1 })}</legend>
                <Field form={form} name={`distinguishing_features[${i}].feature`} label={t('guide.feature')} hint={t('guide.feature_hint')} />
                <Field form={form} name={`distinguishing_features[${i}].genuine`} as="textarea" label={t('guide.genuine')} />
                <Field form={form} name={`distinguishing_features[${i}].counterfeit`} as="textarea" label={t('guide.counterfeit')} />
              </fieldset>
            ))}
            {rows.features < 50 && <button type="button" class="secondary" onClick={() => addRow('features')}>{t('guide.add_feature')}</button>}
          </fieldset>
          <Field form={form} name="genuine_packaging" as="textarea" label={t('guide.packaging')} />
          <fieldset>
            <legend>{t('guide.routes')}</legend>
            {Array.from({ length: rows.routes }, (_, i) => (
              <fieldset class="goods-line" key={i}>
                <legend>{t('guide.route_n', { n: i + 1 })}</legend>
                <Field form={form} name={`supply_routes[${i}].origin`} label={t('guide.origin')} hint={t('guide.origin_hint')} />
                <Field form={form} name={`supply_routes[${i}].ports`} label={t('guide.route_ports')} hint={t('guide.route_ports_hint')} />
                <Field form={form} name={`supply_routes[${i}].note`} label={t('guide.note')} />
              </fieldset>
            ))}
            {rows.routes < 50 && <button type="button" class="secondary" onClick={() => addRow('routes')}>{t('guide.add_route')}</button>}
          </fieldset>
          <Field form={form} name="contact" label={t('guide.contact')} hint={t('guide.contact_hint')} />
          <div class="actions">
            <button type="submit" disabled={busy}>{busy ? t('common.working') : t('guide.save')}</button>
          </div>
        </form>
      )}
      <section class="card" aria-labelledby="guide-photos-h">
        <h2 id="guide-photos-h">{t('guide.photos')}</h2>
        <p class="muted">{t('guide.photos_hint')}</p>
        <DocumentUpload parent="guide" id={params.id} kinds={PHOTO_KINDS} onUploaded={() => setPhotos(photos + 1)} />
        <Documents parent="guide" id={params.id} version={photos} removable />
      </section>
    </div>
  );
}
