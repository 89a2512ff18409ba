// File a pre-confirmation request (POST /v1/pre-confirmations): the port (the offices of kind port), the recordation (found by number or name in the public register), the direction,
// the transport document, the expected date, and goods lines added and removed as needed. The
// 422's errors land on their fields, goods[N].hs_code on line N's; then the request's page shows
// the automatic check's result at once.
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { allOffices, type Office } from '../../api/offices';
import { Field } from '../../components/Field';
import { all, required, useForm, useSubmit, type Validator } from '../../components/form';
import { GoodsLines } from '../../components/GoodsLines';
import { emptyLine, lineValidators, useLines } from '../../components/lines';
import { ProblemBanner } from '../../components/ProblemBanner';
import { formatDate } from '../../format';
import { t } from '../../i18n';
import { label } from '../../labels';
import { navigate } from '../../router';

const LINE_FIELDS = ['description', 'hs_code', 'quantity', 'unit', 'value', 'currency'] as const;
const pattern = (re: RegExp, key: Parameters<typeof t>[0]): Validator => (v) => (!v || re.test(v.trim()) ? null : key);
const number = (min: number, inclusive: boolean): Validator => (v) => {
  const n = Number(v);
  return !v || (v.trim() !== '' && Number.isFinite(n) && (inclusive ? n >= min : n > min)) ? null : inclusive ? 'validation.not_negative' : 'validation.positive';
};
const lineChecks: Record<(typeof LINE_FIELDS)[number], Validator> = {
  description: required,
  hs_code: all(required, pattern(/^\d{4,10}$/, 'validation.hs_code')),
  quantity: all(required, number(0, false)),
  unit: required,
  value: all(required, number(0, true)),
  currency: all(required, pattern(/^[A-Z]{3}$/, 'validation.currency')),
};

function RecordationFinder({ onChoose }: { onChoose: (number: string) => void }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Schemas['RegisterItem'][] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const search = async () => {
    if (!q.trim()) return;
    setError(null);
    try {
      setFound((await api.get('/v1/register', { query: { q: q.trim(), limit: 10 } })).items);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="finder">
      <div class="field">
        <label for="register-q">{t('file_pc.find')}</label>
        <p id="register-q-hint" class="field-hint">{t('file_pc.find_hint')}</p>
        <div class="inline">
          <input id="register-q" type="search" value={q} aria-describedby="register-q-hint"
            onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void search(); } }} />
          <button type="button" class="secondary" onClick={() => void search()}>{t('file_pc.search')}</button>
        </div>
      </div>
      <ProblemBanner error={error} />
      {found && (found.length === 0 ? <p class="empty" role="status">{t('file_pc.none_found')}</p> : (
        <ul class="finder-results" aria-label={t('file_pc.results')}>
          {found.map((r) => (
            <li key={r.number}>
              <span><strong>{r.number}</strong> · {r.title} · {r.holder_name} · {t('file_pc.valid_until', { date: formatDate(r.valid_until) })}</span>
              <button type="button" class="secondary" onClick={() => { onChoose(r.number); setFound(null); }}>
                {t('file_pc.choose')}<span class="visually-hidden"> {r.number}</span>
              </button>
            </li>
          ))}
        </ul>
      ))}
    </div>
  );
}

export function FilePreConfirmation() {
  const [ports, setPorts] = useState<Office[]>([]);
  const [portsError, setPortsError] = useState<unknown>(null);
  const validators: Record<string, Validator> = {
    office_code: required, recordation_number: all(required, pattern(/^[TCPOE]\d{4}-\d{6}$/, 'validation.recordation_number')),
    direction: required, expected_on: required,
  };
  Object.assign(validators, lineValidators('goods', lineChecks, 200));
  const form = useForm({
    office_code: '', recordation_number: '', direction: 'import', transport_document: '', expected_on: '', statement: '',
    ...emptyLine('goods', LINE_FIELDS, 0, { currency: 'USD' }),
  }, validators);
  const goods = useLines(form, 'goods', LINE_FIELDS, 1, { currency: 'USD' });

  useEffect(() => {
    allOffices('port').then(setPorts, setPortsError);
  }, []);

  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    const v = form.values;
    const created = await api.post('/v1/pre-confirmations', {
      body: {
        office_code: v.office_code,
        direction: v.direction as 'import' | 'export',
        recordation_number: v.recordation_number.trim(),
        transport_document: v.transport_document.trim() || null,
        expected_on: v.expected_on,
        statement: v.statement.trim() || null,
        goods: Array.from({ length: goods.count }, (_, i) => ({
          description: v[`goods[${i}].description`].trim(),
          hs_code: v[`goods[${i}].hs_code`].trim(),
          quantity: Number(v[`goods[${i}].quantity`]),
          unit: v[`goods[${i}].unit`].trim(),
          value: Number(v[`goods[${i}].value`]),
          currency: v[`goods[${i}].currency`].trim(),
        })),
      },
    });
    navigate(`/pre-confirmations/${created.id}?filed=1`);
  });

  return (
    <div class="narrow-wide">
      <h1 tabIndex={-1}>{t('file_pc.title')}</h1>
      <p class="lead">{t('file_pc.intro')}</p>
      <ProblemBanner error={error ?? portsError} unmapped={unmapped} />
      <form onSubmit={onSubmit} noValidate class="card">
        <fieldset>
          <legend>{t('file_pc.shipment')}</legend>
          <Field form={form} name="office_code" as="select" label={t('pc.port')} required>
            <option value="">{t('file_pc.choose_port')}</option>
            {ports.map((p) => <option key={p.code} value={p.code}>{p.name} ({p.code})</option>)}
          </Field>
          <Field form={form} name="direction" as="select" label={t('file_pc.direction')} required>
            <option value="import">{label('direction', 'import')}</option>
            <option value="export">{label('direction', 'export')}</option>
          </Field>
          <Field form={form} name="transport_document" label={t('pc.transport_document')} hint={t('file_pc.transport_hint')} />
          <Field form={form} name="expected_on" type="date" label={t('pc.expected_on')} hint={t('file_pc.expected_hint')} required />
        </fieldset>
        <fieldset>
          <legend>{t('pc.recordation')}</legend>
          <RecordationFinder onChoose={(n) => form.set('recordation_number', n)} />
          <Field form={form} name="recordation_number" label={t('file_pc.recordation_number')} hint={t('file_pc.recordation_hint')} required />
        </fieldset>
        <fieldset>
          <legend>{t('pc.goods')}</legend>
          <GoodsLines form={form} lines={goods} value={{ name: 'value', label: t('pc.value'), type: 'number' }} />
        </fieldset>
        <Field form={form} name="statement" as="textarea" label={t('file_pc.statement')} hint={t('file_pc.statement_hint')} />
        <button type="submit" disabled={busy}>{busy ? t('common.working') : t('file_pc.submit')}</button>
      </form>
    </div>
  );
}
