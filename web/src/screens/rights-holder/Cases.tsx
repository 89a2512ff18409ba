// The suspect-goods cases that name the holder's recordations (GET /v1/cases as the holder sees
// it), those awaiting its answer first: customs suspended the goods, and the holder has a few
// working days to ask for their detention.
import { api } from '../../api/client';
import { CaseItem, type Case } from '../../components/CaseParts';
import { PagedList } from '../../components/PagedList';
import { t } from '../../i18n';

export function HolderCases() {
  return (
    <div>
      <h1 tabIndex={-1}>{t('holder_cases.title')}</h1>
      <p class="lead">{t('holder_cases.intro')}</p>
      <PagedList<Case>
        label={t('holder_cases.title')}
        empty={t('holder_cases.empty')}
        load={(cursor) => api.get('/v1/cases', { query: { cursor, limit: 25 } })}
        render={(c) => <CaseItem c={c} href={`/holder/cases/${c.id}`} />}
      />
    </div>
  );
}
