// A record's history as a timeline, oldest first: when, who, what, the status it moved to and
// the reason given (a recordation's or a pre-confirmation's: the same HistoryEntry).
import type { Schemas } from '../api/client';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { label } from '../labels';
import { StatusBadge } from './StatusBadge';

/** Who acted: "Li Na of Kingsway IP for Acme Trading" when an agent acted for the holder. */
function who(e: Schemas['HistoryEntry']): string {
  if (!e.actor) return t('history.registry');
  if (e.on_behalf_of && e.actor.organization) {
    return t('history.acting_for', { name: e.actor.full_name, organization: e.actor.organization.name, holder: e.on_behalf_of.name });
  }
  return `${e.actor.full_name} (${t(`role.${e.actor.role}`)})`;
}

export function History({ items }: { items: Schemas['HistoryEntry'][] }) {
  if (items.length === 0) return <p class="empty">{t('history.none')}</p>;
  return (
    <ol class="timeline">
      {items.map((e, i) => {
        const note = e.details && typeof e.details.note === 'string' ? e.details.note : null;
        return (
          <li key={i}>
            <p class="timeline-head">
              <strong>{label('history', e.action)}</strong>
              {e.to_status && e.from_status !== e.to_status && <> <StatusBadge status={e.to_status} /></>}
            </p>
            <p class="muted">
              <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              {' · '}{who(e)}
            </p>
            {e.reason && <p class="timeline-reason">{e.reason}</p>}
            {note && <p class="timeline-reason">{note}</p>}
          </li>
        );
      })}
    </ol>
  );
}
