// A list's filters kept in the address (?status=submitted&q=...): a reload, a shared link or
// the back button shows the same list. The form edits them; applying writes the address, and
// the list reloads from its first page when `key` changes.
import { useForm, type Validator } from './form';
import { navigate, useQuery } from '../router';

/** path: the screen's path; defaults: each filter's value when the address does not say. */
export function useFilters<K extends string>(path: string, defaults: Record<K, string>, validators: Record<string, Validator> = {}) {
  const query = useQuery();
  const filters = Object.fromEntries(
    Object.entries<string>(defaults).map(([k, v]) => [k, query.get(k) ?? v]),
  ) as Record<K, string>;
  const form = useForm(filters, validators);
  const apply = (e: Event) => {
    e.preventDefault();
    if (!form.validate()) return;
    const next = new URLSearchParams();
    // An emptied filter is written too when it has a default, or the default would come back.
    for (const [k, v] of Object.entries(form.values)) if (v.trim() || defaults[k as K]) next.set(k, v.trim());
    navigate(`${path}?${next}`, { replace: true });
  };
  return { filters, form, apply, key: JSON.stringify(filters) };
}
