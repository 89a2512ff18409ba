// Headquarters' and the administrator's statistics of suspect-goods cases (GET
// /v1/cases/statistics): cases, items and declared value in CNY, with the share of e-commerce
// shipments, in total and by office, type of right, month and outcome, for a period and an
// office kept in the address; and the same figures as a CSV file (Accept: text/csv), fetched
// with the token and saved from an object URL.
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { Field } from '../../components/Field';
import { ProblemBanner } from '../../components/ProblemBanner';
import { statusLabel } from '../../components/StatusBadge';
import { useFilters } from '../../components/useFilters';
import { formatMoney } from '../../format';
import { t } from '../../i18n';
import { label } from '../../labels';

type Statistics = Schemas['CaseStatistics'];
type Figures = Schemas['CaseFigures'];

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

function Table({ title, rows, name }: { title: string; rows: Figures[]; name: (f: Figures) => string }) {
  return (
    <section class="card" aria-label={title}>
      <h2>{title}</h2>
      {rows.length === 0 ? <p class="empty">{t('stats.none')}</p> : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={title}>
          <table>
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{title}</th>
                <th scope="col" class="num">{t('stats.cases')}</th>
                <th scope="col" class="num">{t('stats.items')}</th>
                <th scope="col" class="num">{t('stats.value')}</th>
                <th scope="col" class="num">{t('stats.e_commerce')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <tr key={f.key}>
                  <th scope="row">{name(f)}</th>
                  <td class="num">{f.cases.toLocaleString()}</td>
                  <td class="num">{f.items.toLocaleString()}</td>
                  <td class="num">{formatMoney(f.declared_value_cny)}</td>
                  <td class="num">{percent(f.e_commerce_share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function CaseStatistics() {
  const { filters, form, apply, key } = useFilters('/case-statistics', { from: '', to: '', office_code: '' });
  const [stats, setStats] = useState<Statistics | null>(null);
  const [error, setError] = useState<unknown>(null);
  const query = { from: filters.from || undefined, to: filters.to || undefined, office_code: filters.office_code || undefined };

  useEffect(() => {
    setError(null);
    api.get('/v1/cases/statistics', { query }).then(setStats, setError);
  }, [key]);

  const download = async () => {
    setError(null);
    try {
      const blob = await api.blob('/v1/cases/statistics', { query, headers: { accept: 'text/csv' } });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = 'case-statistics.csv';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div>
      <h1 tabIndex={-1}>{t('stats.title')}</h1>
      <p class="lead">{t('stats.intro')}</p>
      <form class="card filters" role="search" aria-label={t('stats.period')} onSubmit={apply}>
        <Field form={form} name="from" type="date" label={t('stats.from')} />
        <Field form={form} name="to" type="date" label={t('stats.to')} />
        <Field form={form} name="office_code" label={t('case.office_code')} />
        <div class="filters-submit">
          <button type="submit">{t('queue.apply')}</button>
        </div>
      </form>
      <ProblemBanner error={error} />
      {stats && (
        <>
          <section class="card" aria-labelledby="total-h">
            <h2 id="total-h">{t('stats.total')}</h2>
            <dl class="details">
              <dt>{t('stats.cases')}</dt><dd>{stats.total.cases.toLocaleString()}</dd>
              <dt>{t('stats.items')}</dt><dd>{stats.total.items.toLocaleString()}</dd>
              <dt>{t('stats.value')}</dt><dd>{formatMoney(stats.total.declared_value_cny)}</dd>
              <dt>{t('stats.e_commerce')}</dt><dd>{percent(stats.total.e_commerce_share)} ({stats.total.e_commerce_cases})</dd>
            </dl>
            <div class="actions"><button type="button" class="secondary" onClick={() => void download()}>{t('stats.csv')}</button></div>
          </section>
          <Table title={t('stats.by_office')} rows={stats.by_office} name={(f) => `${f.name ?? ''} (${f.key})`} />
          <Table title={t('stats.by_ipr_type')} rows={stats.by_ipr_type} name={(f) => label('ipr_type', f.key ?? '')} />
          <Table title={t('stats.by_month')} rows={stats.by_month} name={(f) => f.key ?? ''} />
          <Table title={t('stats.by_outcome')} rows={stats.by_outcome} name={(f) => statusLabel(f.key ?? '')} />
        </>
      )}
    </div>
  );
}

