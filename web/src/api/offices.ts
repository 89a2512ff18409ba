// Every customs office (GET /v1/customs-offices, read page by page to the end): for the
// screens that offer a choice of office. A registry has tens of offices, not thousands.
import { api, type Schemas } from './client';

export type Office = Schemas['Office'];

export async function allOffices(kind?: Schemas['OfficeKind']): Promise<Office[]> {
  const out: Office[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get('/v1/customs-offices', { query: { kind, limit: 200, cursor } });
    out.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return out;
}
