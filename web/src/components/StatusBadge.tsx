// A record's status as a coloured label (the words from the catalogue: status.<value>).
import { isMessageKey, t } from '../i18n';

export function StatusBadge({ status }: { status: string }) {
  const key = `status.${status}`;
  return <span class={`badge badge-${status}`}>{isMessageKey(key) ? t(key) : status}</span>;
}
