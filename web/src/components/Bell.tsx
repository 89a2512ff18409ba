// The bell in the header: how many events of the user's organization or office came since the
// user last opened it, and a panel listing them (newest first), each linking to its subject.
// The reading itself is notifications.ts's. Escape, a click outside or going to another screen
// (app.tsx) closes the panel.
import { useEffect, useRef } from 'preact/hooks';
import { formatDateTime } from '../format';
import { isMessageKey, t } from '../i18n';
import { bell, closeBell, openBell, type FeedEvent } from '../notifications';
import { Link } from '../router';
import type { Role } from '../session';
import { ProblemBanner } from './ProblemBanner';

/** What an event's type says in words (the type itself when the catalogue has none). */
export function eventLabel(type: string): string {
  const key = `event.${type}`;
  return isMessageKey(key) ? t(key) : type;
}

/** Where the subject of an event is seen by a user of this role, or null when nowhere. */
export function subjectHref(e: FeedEvent, role: Role): string | null {
  const s = e.data.subject;
  switch (s.type) {
    case 'recordation':
      return role === 'rights_holder' || role === 'agent' ? `/holder/recordations/${s.id}`
        : role === 'hq_officer' ? `/hq/recordations/${s.id}` : null;
    case 'pre_confirmation':
      return role === 'port_officer' ? `/port/pre-confirmations/${s.id}`
        : role === 'importer' || role === 'rights_holder' ? `/pre-confirmations/${s.id}` : null;
    case 'alert':
      return role === 'rights_holder' ? '/holder/alerts'
        : role === 'port_officer' || role === 'hq_officer' ? `/guides/${s.recordation.id}` : null;
    case 'case':
      return role === 'rights_holder' || role === 'agent' ? `/holder/cases/${s.id}`
        : role === 'port_officer' || role === 'hq_officer' ? `/cases/${s.id}` : null;
    case 'mandate':
      return role === 'rights_holder' ? '/holder/mandates' : role === 'agent' ? '/agent/mandates' : null;
    default:
      return null;
  }
}

/** The subject in a few words: a recordation's title and number, a request's number or document. */
export function subjectText(e: FeedEvent): string {
  const s = e.data.subject;
  switch (s.type) {
    case 'recordation':
      return [s.title, s.number].filter(Boolean).join(' ');
    case 'pre_confirmation':
      return s.number ?? s.transport_document ?? s.recordation_number ?? '';
    case 'alert':
      return [s.recordation.title, s.transport_document].filter(Boolean).join(' · ');
    case 'case':
      return `${s.number} · ${s.transport_document}`;
    case 'mandate':
      return `${s.holder.name} → ${s.agent.name}`;
    default:
      return '';
  }
}

function Item({ e, role, unread }: { e: FeedEvent; role: Role; unread: boolean }) {
  const href = subjectHref(e, role);
  const what = <><strong>{eventLabel(e.type)}</strong> <span>{subjectText(e)}</span></>;
  return (
    <li class={unread ? 'bell-item bell-unread' : 'bell-item'}>
      {href ? <Link href={href}>{what}</Link> : <span>{what}</span>}
      {unread && <span class="visually-hidden"> ({t('bell.new')})</span>}
      <span class="muted bell-time">{formatDateTime(e.timestamp)}</span>
    </li>
  );
}

export function Bell({ role }: { role: Role }) {
  const state = bell.use();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!state.open) return;
    const outside = (ev: MouseEvent) => {
      if (box.current && !box.current.contains(ev.target as Node)) closeBell();
    };
    const escape = (ev: KeyboardEvent) => {
      if (ev.key === 'Escape') {
        closeBell();
        box.current?.querySelector<HTMLElement>('.bell-button')?.focus();
      }
    };
    document.addEventListener('click', outside);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('click', outside);
      document.removeEventListener('keydown', escape);
    };
  }, [state.open]);
  const count = state.unreadCount;
  const shown = count > 99 ? '99+' : String(count);
  return (
    <div class="bell" ref={box}>
      <button type="button" class="bell-button link-button" aria-expanded={state.open} aria-controls="bell-panel"
        aria-label={count ? t('bell.label_unread', { count }) : t('bell.label')}
        onClick={() => (state.open ? closeBell() : openBell())}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" focusable="false">
          <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
        </svg>
        {count > 0 && <span class="bell-count" aria-hidden="true">{shown}</span>}
      </button>
      {state.open && (
        <section id="bell-panel" class="bell-panel" aria-label={t('bell.title')}>
          <h2 class="bell-title">{t('bell.title')}</h2>
          <ProblemBanner error={state.error} />
          {state.items.length === 0
            ? <p class="empty">{t('bell.empty')}</p>
            : <ul class="bell-list">{state.items.map((e) => <Item key={e.id} e={e} role={role} unread={state.unread.has(e.id)} />)}</ul>}
          {(role === 'rights_holder' || role === 'importer') && (
            <p class="bell-footer"><Link href="/webhooks">{t('bell.webhooks')}</Link></p>
          )}
        </section>
      )}
    </div>
  );
}
