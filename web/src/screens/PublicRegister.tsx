// The public register (GET /v1/register, no login needed): approved recordations with their
// public fields, searched by text, type of right, Nice class and HS code; keyset paging. The
// search is kept in the address, so a result can be shared as a link.
import { api, type Schemas } from '../api/client';
import { Field } from '../components/Field';
import { type Validator } from '../components/form';
import { PagedList } from '../components/PagedList';
import { useFilters } from '../components/useFilters';
import { formatDate } from '../format';
import { t } from '../i18n';
import { IPR_TYPES, label } from '../labels';

type Item = Schemas['RegisterItem'];

const niceClass: Validator = (v) => (!v || (/^\d{1,2}$/.test(v) && +v >= 1 && +v <= 45) ? null : 'validation.nice_class');
const hsCode: Validator = (v) => (!v || /^\d{2,10}$/.test(v) ? null : 'validation.hs_prefix');

function Entry({ item }: { item: Item }) {
  return (
    <article class="register-entry">
      <h2 class="queue-title">{item.title} <span class="muted">{item.number}</span></h2>
      <dl class="details compact">
        <dt>{t('recordation.holder')}</dt><dd>{item.holder_name}</dd>
        <dt>{t('recordation.type')}</dt><dd>{label('ipr_type', item.ipr_type)}</dd>
        {item.classes.length > 0 && <><dt>{t('recordation.classes')}</dt><dd>{item.classes.join(', ')}</dd></>}
        <dt>{t('recordation.goods_scope')}</dt><dd>{item.goods_scope}</dd>
        {item.hs_codes.length > 0 && <><dt>{t('recordation.hs_codes')}</dt><dd>{item.hs_codes.join(', ')}</dd></>}
        <dt>{t('recordation.valid')}</dt><dd>{t('recordation.valid_range', { from: formatDate(item.valid_from), until: formatDate(item.valid_until) })}</dd>
      </dl>
    </article>
  );
}

export function PublicRegister() {
  const { filters, form, apply, key } = useFilters('/public-register', { q: '', ipr_type: '', class: '', hs_code: '' },
    { class: niceClass, hs_code: hsCode });

  return (
    <div>
      <h1 tabIndex={-1}>{t('register_search.title')}</h1>
      <p class="lead">{t('register_search.intro')}</p>
      <form class="card filters" role="search" aria-label={t('register_search.form')} onSubmit={apply} noValidate>
        <Field form={form} name="q" type="search" label={t('register_search.text')} hint={t('register_search.text_hint')} />
        <Field form={form} name="ipr_type" as="select" label={t('queue.type')}>
          <option value="">{t('queue.any')}</option>
          {IPR_TYPES.map((v) => <option value={v}>{label('ipr_type', v)}</option>)}
        </Field>
        <Field form={form} name="class" label={t('register_search.class')} hint={t('register_search.class_hint')} />
        <Field form={form} name="hs_code" label={t('register_search.hs_code')} hint={t('register_search.hs_code_hint')} />
        <div class="filters-submit">
          <button type="submit">{t('register_search.submit')}</button>
        </div>
      </form>
      <PagedList<Item>
        label={t('register_search.results')}
        reloadKey={key}
        empty={t('register_search.empty')}
        load={(cursor) => api.get('/v1/register', {
          query: {
            q: filters.q || undefined,
            ipr_type: (filters.ipr_type || undefined) as Item['ipr_type'] | undefined,
            class: filters.class ? Number(filters.class) : undefined,
            hs_code: filters.hs_code || undefined,
            cursor,
            limit: 20,
          },
        })}
        render={(item) => <Entry item={item} />}
      />
    </div>
  );
}
