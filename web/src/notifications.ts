// The bell's state: the events of the user's organization or office (GET /v1/events) that came
// after the last one the user has seen. The feed is read from a mark kept in this browser
// (localStorage, per user: the cursor up to which the user has opened the bell), so the count
// survives a reload and each user of a shared browser has their own.
//
// How it reads, and why: a short read (no wait) when the console starts, on every screen change
// and every POLL_MS; a long-poll (wait=25) only while the bell's panel is open, when an event
// should show within a second. A call that waits keeps the page's network busy, which a page
// that is just being looked at need not do (and tests that wait for the network to go idle
// would wait forever).
import { api, type Schemas } from './api/client';
import { session } from './session';
import { createStore } from './store';

export type FeedEvent = Schemas['Event'];
export type EventType = Schemas['EventType'];

/** Every event type, in the API document's order (a Record: tsc fails when one is missing). */
const TYPES: Record<EventType, true> = {
  'recordation.created': true, 'recordation.submitted': true, 'recordation.information_requested': true,
  'recordation.approved': true, 'recordation.rejected': true, 'recordation.withdrawn': true,
  'recordation.revoked': true, 'recordation.cancelled': true, 'recordation.renewal_submitted': true,
  'recordation.renewal_approved': true, 'recordation.renewal_rejected': true,
  'recordation.authorized_users_changed': true, 'recordation.renewal_window_opened': true,
  'recordation.expiring': true, 'recordation.expired': true, 'recordation.overdue': true,
  'pre_confirmation.submitted': true, 'pre_confirmation.confirmed': true, 'pre_confirmation.rejected': true,
  'pre_confirmation.withdrawn': true, 'pre_confirmation.overdue': true,
  'alert.created': true, 'alert.withdrawn': true,
  'case.opened': true, 'case.detention_requested': true, 'case.answered_not_infringing': true,
  'case.confirmed_infringing': true, 'case.not_confirmed': true, 'case.answer_due_tomorrow': true,
  'case.deadline_today': true, 'case.unanswered': true,
  'mandate.granted': true, 'mandate.accepted': true, 'mandate.declined': true, 'mandate.narrowed': true,
  'mandate.ended': true,
};
export const EVENT_TYPES = Object.keys(TYPES) as EventType[];

const POLL_MS = 20000;
const WAIT_S = 25;
const PAGE = 200;
/** At most this many pages a read (the rest at the next one): a first look at a long history stays short. */
const PAGES_MAX = 10;
/** What the panel lists: the newest events read in this page's life. */
const KEEP = 30;

export interface BellState {
  /** Newest first. */
  items: FeedEvent[];
  /** Ids of the items not seen yet (those that came after the mark). */
  unread: Set<string>;
  /** How many came after the mark (more than items holds when many did). */
  unreadCount: number;
  open: boolean;
  error: unknown;
}

export const bell = createStore<BellState>({ items: [], unread: new Set(), unreadCount: 0, open: false, error: null });

let position: string | null = null; // where the next read starts (the feed's next_cursor)
let started = false;
let userId: string | null = null;
let reading: Promise<void> | null = null;
let waiting: AbortController | null = null;
let timer: number | undefined;

const markKey = (user: string) => `iprd.events.read.${user}`;

function patch(p: Partial<BellState>): void {
  bell.set({ ...bell.get(), ...p });
}

/** Takes in a page of events (oldest first): new ones unread unless the panel is open. */
function take(events: FeedEvent[]): void {
  if (!events.length) return;
  const s = bell.get();
  const unread = new Set(s.unread);
  let count = s.unreadCount;
  if (!s.open) {
    for (const e of events) unread.add(e.id);
    count += events.length;
  }
  const items = [...events].reverse().concat(s.items).slice(0, KEEP);
  patch({ items, unread, unreadCount: count });
}

async function readPages(wait: number, signal?: AbortSignal): Promise<void> {
  for (let page = 0; page < PAGES_MAX; page++) {
    const res = await api.get('/v1/events', {
      query: { after: position ?? undefined, limit: PAGE, wait: page === 0 && wait ? wait : undefined },
      signal,
    });
    position = res.next_cursor ?? position;
    take(res.items);
    if (bell.get().open && position && userId) localStorage.setItem(markKey(userId), position);
    if (res.items.length < PAGE) return;
  }
}

/** One short read (shared by whoever asks while one is under way). */
export function refresh(): Promise<void> {
  if (!started) return Promise.resolve();
  reading ??= readPages(0)
    .then(() => patch({ error: null }), (e: unknown) => patch({ error: e }))
    .finally(() => { reading = null; });
  return reading;
}

/** While the panel is open: long-polls one call after the other. */
async function follow(): Promise<void> {
  while (started && bell.get().open) {
    waiting = new AbortController();
    try {
      await reading;
      await readPages(WAIT_S, waiting.signal);
      patch({ error: null });
    } catch (e) {
      if (waiting?.signal.aborted) return;
      patch({ error: e });
      await new Promise((r) => setTimeout(r, 5000));
    } finally {
      waiting = null;
    }
  }
}

/** Starts reading for the user logged in (again after a change of user), or stops when none. */
export function startBell(): void {
  const me = session.get().me;
  const id = me && me.user.role !== 'admin' ? me.user.id : null;
  if (id === userId && started === !!id) return;
  stopBell();
  if (!id) return;
  userId = id;
  started = true;
  position = localStorage.getItem(markKey(id));
  void refresh();
  timer = window.setInterval(() => {
    if (!bell.get().open && document.visibilityState === 'visible') void refresh();
  }, POLL_MS);
}

export function stopBell(): void {
  started = false;
  userId = null;
  position = null;
  window.clearInterval(timer);
  waiting?.abort();
  bell.set({ items: [], unread: new Set(), unreadCount: 0, open: false, error: null });
}

/** Opens the panel: what it shows counts as seen (the mark moves to the end of what was read). */
export function openBell(): void {
  if (!started) return;
  if (position && userId) localStorage.setItem(markKey(userId), position);
  patch({ open: true, unreadCount: 0 });
  void follow();
}

/** Closes the panel; the items that were new stop being marked so. */
export function closeBell(): void {
  waiting?.abort();
  patch({ open: false, unread: new Set() });
}
