// Pieces the holder's recordation screens share: the decision deadline as the registry states it
// (due_on and working_days_left come from the API; the browser never counts working days), the
// renewal window, and the words for the filing's fields.
import type { Schemas } from '../../api/client';
import { Deadline } from '../../components/Deadline';
import { formatDate, today } from '../../format';
import { isMessageKey, t, type MessageKey } from '../../i18n';
import { label } from '../../labels';

export type Recordation = Schemas['Recordation'];

/** Whether the holder may still edit the filing and its documents (the API's PATCH states). */
export const isEditable = (rec: Recordation) => ['draft', 'rejected', 'information_requested'].includes(rec.status);

/** The If-Match header of a change to the filing as it was read. */
export const ifMatch = (rec: Recordation) => ({ 'if-match': `"${rec.version}"` });

/** A due date and the working days left to it, as the API counts them. */
export function DueOn({ due, overdue, left }: { due: string; overdue: boolean; left: number | null }) {
  return <span class="deadline">{t('recordation.due_on', { date: formatDate(due) })} · <Deadline overdue={overdue} left={left} /></span>;
}

/** The decision deadline of a filing awaiting a decision (or its stopped clock), or nothing. */
export function DecisionDue({ rec }: { rec: Recordation }) {
  if (rec.due_on && rec.working_days_left !== null) return <DueOn due={rec.due_on} overdue={rec.overdue} left={rec.working_days_left} />;
  if (rec.status === 'information_requested' && rec.paused_working_days_left !== null) {
    return <span class="deadline">{t('recordation.clock_paused', { count: rec.paused_working_days_left })}</span>;
  }
  return null;
}

/** The date six months before a YYYY-MM-DD date (the day clamped to the month's length). */
function sixMonthsBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const month = m - 6 <= 0 ? m + 6 : m - 6;
  const year = m - 6 <= 0 ? y - 1 : y;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whether the holder may apply for renewal now: approved, in the 6 months before valid_until, none pending. */
export function renewalOpen(rec: Recordation): boolean {
  if (rec.status !== 'approved' || !rec.valid_until || rec.renewal?.status === 'submitted') return false;
  const now = today();
  return now >= sixMonthsBefore(rec.valid_until) && now <= rec.valid_until;
}

/** The label of a filing's field (as the API names it, "documents.licence" too), for lists of what is missing. */
export function fieldLabel(field: string): string {
  const base = field.replace(/\[\d+\].*$/, '');
  if (base.startsWith('documents.')) return t('file.missing_document', { kind: label('doc_kind', base.slice('documents.'.length)) });
  const key = `file.${base}`;
  return isMessageKey(key) ? t(key as MessageKey) : field;
}
