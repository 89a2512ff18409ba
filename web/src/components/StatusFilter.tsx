// A "Status" filter for a list: every status of the record kind, or all of them ('').
import { t } from '../i18n';
import { statusLabel } from './StatusBadge';

export function StatusFilter<S extends string>({ statuses, value, onChange }: { statuses: S[]; value: S | ''; onChange: (s: S | '') => void }) {
  return (
    <div class="field status-filter">
      <label for="status-filter">{t('common.status_filter')}</label>
      <select id="status-filter" value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value as S | '')}>
        <option value="">{t('common.all')}</option>
        {statuses.map((s) => <option key={s} value={s}>{statusLabel(s)}</option>)}
      </select>
    </div>
  );
}
