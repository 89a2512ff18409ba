// A recordation's product identification guide as customs officers read it at the border
// (GET /v1/recordations/{id}/guide): the summary, the distinguishing features side by side
// (genuine | counterfeit), the genuine packaging and supply routes, whom to call, and the photos
// viewed in the page. Opened from a border check's result.
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { Documents } from '../components/Documents';
import { ProblemBanner } from '../components/ProblemBanner';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import type { ScreenProps } from '../routes';

type Guide = Schemas['Guide'];

/** The guide's text: shared by the officers' view and the holder's editor (its preview). */
export function GuideText({ guide }: { guide: Guide }) {
  return (
    <>
      {guide.summary && <p class="guide-summary">{guide.summary}</p>}
      {guide.distinguishing_features.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t('guide.features')}>
          <table>
            <caption>{t('guide.features')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('guide.feature')}</th>
                <th scope="col">{t('guide.genuine')}</th>
                <th scope="col">{t('guide.counterfeit')}</th>
              </tr>
            </thead>
            <tbody>
              {guide.distinguishing_features.map((f) => (
                <tr><th scope="row">{f.feature}</th><td>{f.genuine ?? ''}</td><td>{f.counterfeit ?? ''}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {guide.genuine_packaging && (
        <>
          <h3>{t('guide.packaging')}</h3>
          <p>{guide.genuine_packaging}</p>
        </>
      )}
      {guide.supply_routes.length > 0 && (
        <>
          <h3>{t('guide.routes')}</h3>
          <ul>
            {guide.supply_routes.map((r) => (
              <li>{r.origin}{r.ports.length > 0 && <> — {r.ports.join(', ')}</>}{r.note && <> — {r.note}</>}</li>
            ))}
          </ul>
        </>
      )}
      {guide.contact && <p><strong>{t('guide.contact')}:</strong> {guide.contact}</p>}
    </>
  );
}

export function GuideView({ params }: ScreenProps) {
  const [guide, setGuide] = useState<Guide | null>(null);
  const [rec, setRec] = useState<Schemas['Recordation'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const path = { id: params.id };
    Promise.all([api.get('/v1/recordations/{id}/guide', { path }), api.get('/v1/recordations/{id}', { path })])
      .then(([g, r]) => { setGuide(g); setRec(r); }, setError);
  }, [params.id]);

  return (
    <div>
      <h1 tabIndex={-1}>{t('guide.title')}{rec && <> — {rec.title} <span class="muted">{rec.number}</span></>}</h1>
      <ProblemBanner error={error} />
      {!guide && !error && <p class="loading">{t('common.loading')}</p>}
      {guide && (
        <>
          {rec && <p class="lead">{rec.holder.name}</p>}
          {guide.version === 0 ? <p class="empty">{t('border.no_guide')}</p> : (
            <section class="card" aria-labelledby="guide-text">
              <h2 id="guide-text">{t('guide.text')}</h2>
              <GuideText guide={guide} />
              {guide.updated_at && <p class="muted">{t('guide.updated', { at: formatDateTime(guide.updated_at) })}</p>}
            </section>
          )}
          <section class="card" aria-labelledby="guide-photos">
            <h2 id="guide-photos">{t('guide.photos')}</h2>
            <Documents parent="guide" id={params.id} />
          </section>
        </>
      )}
    </div>
  );
}
