// The goods lines of a shipment in a form (the importer's pre-confirmation, the port's case):
// each with its description, HS code, quantity and unit, value and currency, named by the API's
// paths ("goods[2].hs_code") so that a 422 lands on its line; a line is removed while there are
// others, and added up to 200 (components/lines.ts keeps them). The value is the form's own: its
// field name and label (`value` of a pre-confirmation, `declared_value` of a case).
import { t } from '../i18n';
import { Field } from './Field';
import type { FormApi } from './form';
import type { Lines } from './lines';

export interface GoodsValue {
  name: string;
  label: string;
  hint?: string;
  type?: string;
}

export function GoodsLines({ form, lines, value }: { form: FormApi; lines: Lines; value: GoodsValue }) {
  return (
    <>
      {Array.from({ length: lines.count }, (_, i) => (
        <fieldset class="goods-line" key={i}>
          <legend>{t('file_pc.line', { n: i + 1 })}</legend>
          <Field form={form} name={`goods[${i}].description`} label={t('pc.description')} required />
          <div class="field-row">
            <Field form={form} name={`goods[${i}].hs_code`} label={t('pc.hs_code')} hint={t('file_pc.hs_hint')} required />
            <Field form={form} name={`goods[${i}].quantity`} type="number" label={t('pc.quantity')} required />
            <Field form={form} name={`goods[${i}].unit`} label={t('file_pc.unit')} hint={t('file_pc.unit_hint')} required />
          </div>
          <div class="field-row">
            <Field form={form} name={`goods[${i}].${value.name}`} type={value.type} label={value.label} hint={value.hint} required />
            <Field form={form} name={`goods[${i}].currency`} label={t('file_pc.currency')} hint={t('file_pc.currency_hint')} required />
          </div>
          {lines.count > 1 && (
            <button type="button" class="secondary danger-text" onClick={() => lines.remove(i)}>{t('file_pc.remove_line', { n: i + 1 })}</button>
          )}
        </fieldset>
      ))}
      {lines.count < 200 && <button type="button" class="secondary" onClick={lines.add}>{t('file_pc.add_line')}</button>}
    </>
  );
}
