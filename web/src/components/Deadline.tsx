// A pending decision's deadline: the working days left (from the API, counted on the registry's
// calendar), or, once the due date has passed, a marked "overdue by N working days".
import { t } from '../i18n';

export function Deadline({ overdue, left }: { overdue: boolean; left: number | null }) {
  if (left === null) return null;
  if (overdue) return <strong class="overdue-mark">{t('deadline.overdue', { count: -left })}</strong>;
  return <span class="days-left">{t('deadline.left', { count: left })}</span>;
}
