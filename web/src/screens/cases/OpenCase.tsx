// A port officer opens a suspect-goods case (POST /v1/cases) from the shipment in front of
// them: the recordations the goods may infringe (their numbers), the transport document, the
// declarant and the other parties, the goods lines with their declared values, the exchange
// rate of each currency other than CNY, whether it is an e-commerce shipment, and the
// suspicion. A 422's errors land on their fields (goods[N].declared_value on line N's); the
// case's page follows, where the photos are added. From a border check, ?recordations=,
// ?transport_document= and ?declarant= (its registration number) fill the form.
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { all, required, useForm, useSubmit, type Validator } from '../../components/form';
import { GoodsLines } from '../../components/GoodsLines';
import { emptyLine, lineValidators, useLines } from '../../components/lines';
import { ProblemBanner } from '../../components/ProblemBanner';
import { t, type MessageKey } from '../../i18n';
import { navigate, useQuery } from '../../router';

const LINE_FIELDS = ['description', 'hs_code', 'quantity', 'unit', 'declared_value', 'currency'] as const;
const RATE_FIELDS = ['currency', 'rate'] as const;
const pattern = (re: RegExp, key: MessageKey): Validator => (v) => (!v || re.test(v.trim()) ? null : key);
const positive: Validator = (v) => (!v || Number(v) > 0 ? null : 'validation.positive');
const amount = pattern(/^\d+(\.\d{1,2})?$/, 'validation.amount');
const currency = all(required, pattern(/^[A-Z]{3}$/, 'validation.currency'));

const validators: Record<string, Validator> = {
  recordations: all(required, pattern(/^\s*[TCPOE]\d{4}-\d{6}(\s*[,\s]\s*[TCPOE]\d{4}-\d{6})*\s*$/, 'validation.recordation_numbers')),
  transport_document: required,
  'declarant.name': required,
  'declarant.registration_number': required,
  'consignor.country': pattern(/^[A-Z]{2}$/, 'validation.country'),
  'consignee.country': pattern(/^[A-Z]{2}$/, 'validation.country'),
  suspicion: required,
  ...lineValidators('goods', {
    description: required, hs_code: all(required, pattern(/^\d{4,10}$/, 'validation.hs_code')),
    quantity: all(required, positive), unit: required, declared_value: all(required, amount), currency,
  }, 200),
  ...lineValidators('exchange_rates', { currency, rate: all(required, positive, pattern(/^\d+(\.\d{1,6})?$/, 'validation.rate')) }, 20),
};

/** A party of the shipment, or null when no name was given. */
function party(v: Record<string, string>, key: string) {
  const name = v[`${key}.name`].trim();
  if (!name) return null;
  const country = v[`${key}.country`].trim();
  return { name, ...(country ? { country } : {}) };
}

export function OpenCase() {
  const query = useQuery();
  const form = useForm({
    recordations: query.get('recordations') ?? '', transport_document: query.get('transport_document') ?? '',
    'declarant.name': '', 'declarant.registration_number': query.get('declarant') ?? '',
    'consignor.name': '', 'consignor.country': '', 'consignee.name': '', 'consignee.country': '',
    e_commerce: 'false', suspicion: '',
    ...emptyLine('goods', LINE_FIELDS, 0, { currency: 'CNY' }),
  }, validators);
  const goods = useLines(form, 'goods', LINE_FIELDS, 1, { currency: 'CNY' });
  const rates = useLines(form, 'exchange_rates', RATE_FIELDS, 0);

  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    const v = form.values;
    const created = await api.post('/v1/cases', {
      body: {
        recordations: v.recordations.split(/[\s,]+/).filter(Boolean),
        transport_document: v.transport_document.trim(),
        declarant: { name: v['declarant.name'].trim(), registration_number: v['declarant.registration_number'].trim() },
        consignor: party(v, 'consignor'),
        consignee: party(v, 'consignee'),
        goods: Array.from({ length: goods.count }, (_, i) => ({
          description: v[`goods[${i}].description`].trim(),
          hs_code: v[`goods[${i}].hs_code`].trim(),
          quantity: Number(v[`goods[${i}].quantity`]),
          unit: v[`goods[${i}].unit`].trim(),
          declared_value: Number(v[`goods[${i}].declared_value`]),
          currency: v[`goods[${i}].currency`].trim(),
        })),
        exchange_rates: Array.from({ length: rates.count }, (_, i) => ({
          currency: v[`exchange_rates[${i}].currency`].trim(),
          rate: Number(v[`exchange_rates[${i}].rate`]),
        })),
        e_commerce: v.e_commerce === 'true',
        suspicion: v.suspicion.trim(),
      },
    });
    navigate(`/cases/${created.id}?opened=1`);
  });

  return (
    <div class="narrow-wide">
      <h1 tabIndex={-1}>{t('open_case.title')}</h1>
      <p class="lead">{t('open_case.intro')}</p>
      <ProblemBanner error={error} unmapped={unmapped} />
      <form onSubmit={onSubmit} noValidate class="card">
        <fieldset>
          <legend>{t('open_case.rights')}</legend>
          <Field form={form} name="recordations" label={t('open_case.recordations')} hint={t('open_case.recordations_hint')} required />
        </fieldset>
        <fieldset>
          <legend>{t('case.shipment')}</legend>
          <Field form={form} name="transport_document" label={t('case.transport_document')} required />
          <div class="field-row">
            <Field form={form} name="declarant.name" label={t('open_case.declarant_name')} required />
            <Field form={form} name="declarant.registration_number" label={t('open_case.declarant_number')} required />
          </div>
          <div class="field-row">
            <Field form={form} name="consignor.name" label={t('open_case.consignor_name')} />
            <Field form={form} name="consignor.country" label={t('open_case.consignor_country')} hint={t('open_case.country_hint')} />
          </div>
          <div class="field-row">
            <Field form={form} name="consignee.name" label={t('open_case.consignee_name')} />
            <Field form={form} name="consignee.country" label={t('open_case.consignee_country')} hint={t('open_case.country_hint')} />
          </div>
          <div class="field">
            <label class="checkbox">
              <input type="checkbox" checked={form.values.e_commerce === 'true'}
                onChange={(e) => form.set('e_commerce', (e.currentTarget as HTMLInputElement).checked ? 'true' : 'false')} />
              {t('open_case.e_commerce')}
            </label>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('case.goods')}</legend>
          <GoodsLines form={form} lines={goods} value={{ name: 'declared_value', label: t('case.declared_value'), hint: t('open_case.value_hint') }} />
        </fieldset>
        <fieldset>
          <legend>{t('open_case.rates')}</legend>
          <p class="field-hint">{t('open_case.rates_hint')}</p>
          {Array.from({ length: rates.count }, (_, i) => (
            <div class="field-row" key={i}>
              <Field form={form} name={`exchange_rates[${i}].currency`} label={t('open_case.rate_currency', { n: i + 1 })} required />
              <Field form={form} name={`exchange_rates[${i}].rate`} label={t('open_case.rate', { n: i + 1 })} hint={t('open_case.rate_hint')} required />
              <button type="button" class="secondary danger-text" onClick={() => rates.remove(i)}>{t('open_case.remove_rate', { n: i + 1 })}</button>
            </div>
          ))}
          {rates.count < 20 && <button type="button" class="secondary" onClick={rates.add}>{t('open_case.add_rate')}</button>}
        </fieldset>
        <Field form={form} name="suspicion" as="textarea" label={t('case.suspicion')} hint={t('open_case.suspicion_hint')} required />
        <button type="submit" disabled={busy}>{busy ? t('common.working') : t('open_case.submit')}</button>
      </form>
    </div>
  );
}
