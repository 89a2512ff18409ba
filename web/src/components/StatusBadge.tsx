// A record's status as a coloured label (the words from the catalogue: status.<value>).
import { isMessageKey, t } from '../i18n';

/** The words for a status value (the value itself when the catalogue has none). */
export function statusLabel(status: string): string {
  const key = `status.${status}`;
  return isMessageKey(key) ? t(key) : status;
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${status}`}>{statusLabel(status)}</span>;
}
