// The rights holder's landing page: what needs attention first (requests for information to
// answer, rejected filings to amend, drafts to finish, renewals due), each with its count and
// the filings themselves, then what customs is reviewing.
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { ProblemBanner } from '../../components/ProblemBanner';
import { t, type MessageKey } from '../../i18n';
import { Link } from '../../router';
import { session } from '../../session';
import { RecordationItem } from './Recordations';
import { renewalOpen, type Recordation } from './RecordationParts';

interface Group {
  key: string;
  title: MessageKey;
  hint: MessageKey;
  items: Recordation[];
  /** More than the page read. */
  more: boolean;
  href: string;
}

const PAGE = 200;
const read = (status: Schemas['RecordationStatus']) => api.get('/v1/recordations', { query: { status, limit: PAGE } });

export function RightsHolderHome() {
  const me = session.use().me;
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    Promise.all([read('information_requested'), read('rejected'), read('draft'), read('approved'), read('submitted')]).then(
      ([info, rejected, drafts, approved, submitted]) => {
        const group = (key: string, title: MessageKey, hint: MessageKey, page: { items: Recordation[]; next_cursor: string | null }, href: string): Group =>
          ({ key, title, hint, items: page.items, more: page.next_cursor !== null, href });
        setGroups([
          group('info', 'holder_home.information', 'holder_home.information_hint', info, '/holder/recordations?status=information_requested'),
          group('rejected', 'holder_home.rejected', 'holder_home.rejected_hint', rejected, '/holder/recordations?status=rejected'),
          group('drafts', 'holder_home.drafts', 'holder_home.drafts_hint', drafts, '/holder/recordations?status=draft'),
          group('renewals', 'holder_home.renewals', 'holder_home.renewals_hint', { items: approved.items.filter(renewalOpen), next_cursor: null }, '/holder/recordations?status=approved'),
          group('submitted', 'holder_home.submitted', 'holder_home.submitted_hint', submitted, '/holder/recordations?status=submitted'),
        ]);
      },
      setError,
    );
  }, []);

  const attention = groups?.slice(0, 4).reduce((n, g) => n + g.items.length, 0) ?? 0;
  return (
    <div>
      <div class="page-head">
        <h1 tabIndex={-1}>{t('home.rights_holder.title')}</h1>
        <Link class="button" href="/holder/recordations/new">{t('recordations.new')}</Link>
      </div>
      <p class="lead">{t('home.welcome', { name: me?.user.full_name ?? '' })}</p>
      <p>{t('home.rights_holder.intro')}</p>
      <ProblemBanner error={error} />
      {groups === null && !error && <p class="loading">{t('common.loading')}</p>}
      {groups && (
        <>
          <ul class="tiles" aria-label={t('holder_home.counts')}>
            {groups.map((g) => (
              <li key={g.key} class={g.items.length > 0 && g.key !== 'submitted' ? 'tile tile-attention' : 'tile'}>
                <Link href={g.href}>
                  <span class="tile-value">{g.items.length}{g.more ? '+' : ''}</span>
                  <span class="tile-label">{t(g.title)}</span>
                </Link>
              </li>
            ))}
          </ul>
          {attention === 0 && <div class="banner banner-success"><p>{t('holder_home.all_clear')}</p></div>}
          {groups.filter((g) => g.items.length > 0).map((g) => (
            <section key={g.key} class="card" aria-labelledby={`group-${g.key}`}>
              <h2 id={`group-${g.key}`}>{t(g.title)} <span class="count">({g.items.length}{g.more ? '+' : ''})</span></h2>
              <p class="field-hint">{t(g.hint)}</p>
              <ul class="plain-list">{g.items.slice(0, 5).map((r) => <li key={r.id}><RecordationItem rec={r} /></li>)}</ul>
              {g.items.length > 5 && <p><Link href={g.href}>{t('holder_home.see_all', { n: g.items.length })}</Link></p>}
            </section>
          ))}
          <p><Link href="/holder/recordations">{t('holder_home.all_recordations')}</Link></p>
        </>
      )}
    </div>
  );
}
