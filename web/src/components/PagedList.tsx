// A list read page by page with the API's keyset paging: the first page on mount (and again
// when a key changes, e.g. a filter), then "Load more" while next_cursor is not null.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import { ProblemBanner } from './ProblemBanner';

export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

interface PagedListProps<T> {
  /** Reads one page (cursor undefined for the first). */
  load: (cursor?: string) => Promise<Page<T>>;
  render: (item: T) => ComponentChildren;
  /** What to say when there is nothing. */
  empty: string;
  /** Reloads from the first page when this changes (the filters, serialized). */
  reloadKey?: string;
  label: string;
}

export function PagedList<T>({ load, render, empty, reloadKey = '', label }: PagedListProps<T>) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const more = async (from?: string, replace = false) => {
    setBusy(true);
    setError(null);
    try {
      const page = await load(from);
      setItems((old) => (replace ? page.items : [...old, ...page.items]));
      setCursor(page.next_cursor ?? null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void more(undefined, true);
  }, [reloadKey]);

  return (
    <section class="paged-list" aria-label={label} aria-busy={busy}>
      <ProblemBanner error={error} />
      {items.length === 0 && !busy && !error ? <p class="empty">{empty}</p> : <ul class="items">{items.map((it) => <li>{render(it)}</li>)}</ul>}
      {busy && <p class="loading">{t('common.loading')}</p>}
      {cursor && !busy && <button type="button" class="secondary" onClick={() => more(cursor)}>{t('common.load_more')}</button>}
    </section>
  );
}
