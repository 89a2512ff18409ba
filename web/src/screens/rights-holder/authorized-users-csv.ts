// The authorized-user list as a CSV file (the bulk replace, PUT .../authorized-users): its
// columns, a template, the rows read into API entries with every refused row and its reasons,
// and the API's 422 (entries[N].field) mapped back to the line of the file.
import type { FieldError, Schemas } from '../../api/client';
import { csvField, CsvError, parseCsv } from '../../csv';
import { all, required, type Validator } from '../../components/form';
import type { MessageKey } from '../../i18n';
import { AUTHORIZED_ROLES } from '../../labels';

type Entry = Schemas['AuthorizedUserInput'];
type Role = Schemas['AuthorizedRole'];


/** The columns, in the template's order; the first four are required. Lists are separated by ";". */
export const COLUMNS = ['name', 'registration_number', 'country', 'roles', 'goods_scope', 'hs_codes', 'ports', 'valid_from', 'valid_until'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: Column[] = ['name', 'registration_number', 'country', 'roles'];

/** The template offered for download: the header and two example rows. */
export const TEMPLATE = [
  COLUMNS.join(','),
  ['Shenzhen Trading Co., Ltd.', '91440300MA5F00001Y', 'CN', 'importer;consignee', 'Mobile phones', '8517', 'CNSHA;CNSZX', '2026-01-01', '2027-12-31'].map(csvField).join(','),
  ['Acme Manufacturing (Dongguan) Ltd.', '91441900MA4W00002Z', 'CN', 'manufacturer;exporter', '', '', '', '', ''].map(csvField).join(','),
].join('\r\n') + '\r\n';

/** Why a row (or the file) is refused: a catalogue key and the column it concerns ('' for the row). */
export interface Reason {
  column: string;
  key?: MessageKey;
  /** The server's own words (a 422 from the API). */
  message?: string;
}

export interface Refusal {
  /** Line of the file (0: the file as a whole). */
  line: number;
  reasons: Reason[];
}

export interface ParsedList {
  entries: Entry[];
  /** The line of each entry (entries[i] comes from line lines[i]). */
  lines: number[];
  refused: Refusal[];
}

/** A list cell or field: values separated by ";", "," or spaces. */
export const splitList = (v: string) => [...new Set(v.split(/[;,\s]+/).filter(Boolean))];
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))
  && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const maxLength = (n: number): Validator => (v) => ([...v].length <= n ? null : 'validation.too_long');
const each = (ok: (item: string) => boolean, key: MessageKey): Validator => (v) => (splitList(v).every(ok) ? null : key);
const date: Validator = (v) => (!v || isDate(v) ? null : 'validation.date');

/** The checks of an entry's fields, by column: the add/edit form and the CSV rows use the same. */
export const entryChecks: Record<Column, Validator> = {
  name: all(required, maxLength(200)),
  registration_number: all(required, maxLength(64)),
  country: all(required, (v) => (/^[A-Z]{2}$/.test(v) ? null : 'validation.country')),
  roles: all(required, each((r) => AUTHORIZED_ROLES.includes(r as Role), 'validation.role')),
  goods_scope: maxLength(4000),
  hs_codes: each((h) => /^\d{2,10}$/.test(h), 'validation.hs_prefix'),
  ports: each((p) => /^[A-Z0-9]{2,16}$/.test(p), 'validation.port'),
  valid_from: date,
  valid_until: all(date, (v, vals) => (v && isDate(vals.valid_from ?? '') && v < vals.valid_from ? 'validation.until_before_from' : null)),
};

/** The API entry of checked values (by column). */
export function toEntry(values: Record<string, string>): Entry {
  return {
    name: values.name.trim(),
    registration_number: values.registration_number.trim(),
    country: values.country,
    roles: splitList(values.roles) as Role[],
    goods_scope: values.goods_scope.trim() || null,
    hs_codes: splitList(values.hs_codes),
    ports: splitList(values.ports),
    valid_from: values.valid_from || null,
    valid_until: values.valid_until || null,
  };
}

/** Reads a CSV file's text: a header naming the columns (any order), then one entry per row. */
export function readList(text: string): ParsedList {
  const out: ParsedList = { entries: [], lines: [], refused: [] };
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    out.refused.push({ line: e.line, reasons: [{ column: '', key: e.reason === 'unclosed_quote' ? 'csv.unclosed_quote' : 'csv.text_after_quote' }] });
    return out;
  }
  const [header, ...rows] = records;
  if (!header) {
    out.refused.push({ line: 0, reasons: [{ column: '', key: 'csv.empty' }] });
    return out;
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const unknown = names.filter((n) => !(COLUMNS as readonly string[]).includes(n));
  const missing = REQUIRED.filter((c) => !names.includes(c));
  if (unknown.length || missing.length || new Set(names).size !== names.length) {
    out.refused.push({ line: header.line, reasons: [
      ...unknown.map((column) => ({ column, key: 'csv.unknown_column' as const })),
      ...missing.map((column) => ({ column, key: 'csv.missing_column' as const })),
      ...(new Set(names).size !== names.length ? [{ column: '', key: 'csv.repeated_column' as const }] : []),
    ] });
    return out;
  }
  if (rows.length === 0) out.refused.push({ line: 0, reasons: [{ column: '', key: 'csv.no_rows' }] });
  if (rows.length > 5000) out.refused.push({ line: 0, reasons: [{ column: '', key: 'csv.too_many_rows' }] });
  for (const row of rows) {
    if (row.fields.length !== names.length) {
      out.refused.push({ line: row.line, reasons: [{ column: '', key: 'csv.column_count' }] });
      continue;
    }
    const cells = Object.fromEntries(COLUMNS.map((c) => [c, ''])) as Record<Column, string>;
    names.forEach((n, i) => { cells[n as Column] = row.fields[i].trim(); });
    const reasons = COLUMNS.flatMap((column) => {
      const key = entryChecks[column](cells[column], cells);
      return key ? [{ column, key }] : [];
    });
    if (reasons.length) out.refused.push({ line: row.line, reasons });
    out.entries.push(toEntry(cells));
    out.lines.push(row.line);
  }
  return out;
}

/** The API's field errors (entries[17].registration_number) as refusals of the file's lines. */
export function refusalsOf(errors: FieldError[], lines: number[]): Refusal[] {
  const byLine = new Map<number, Reason[]>();
  for (const e of errors) {
    const m = /^entries\[(\d+)\]\.?([a-z_]*)/.exec(e.field);
    const line = m ? lines[Number(m[1])] ?? 0 : 0;
    const reasons = byLine.get(line) ?? [];
    reasons.push({ column: m ? m[2] : e.field, message: e.message });
    byLine.set(line, reasons);
  }
  return [...byLine].sort(([a], [b]) => a - b).map(([line, reasons]) => ({ line, reasons }));
}
