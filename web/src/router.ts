// Client-side routing with the history API. iprd answers every path that is not a file with
// index.html, so a reload or a shared link lands on the same screen.
import { h, type ComponentChildren } from 'preact';
import { createStore } from './store';

const current = () => window.location.pathname + window.location.search;
export const location = createStore(current());
window.addEventListener('popstate', () => location.set(current()));

/** Goes to a path of the console (pushes a history entry unless replace). */
export function navigate(to: string, { replace = false } = {}): void {
  if (to === current()) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  location.set(current());
  window.scrollTo(0, 0);
}

/** The parameters of a path matched against a template ("/recordations/:id"), or null. */
export function matchPath(template: string, path: string): Record<string, string> | null {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    if (t[i].startsWith(':')) {
      if (!p[i]) return null;
      params[t[i].slice(1)] = decodeURIComponent(p[i]);
    } else if (t[i] !== p[i]) {
      return null;
    }
  }
  return params;
}

/** The query parameters of the current location. */
export function useQuery(): URLSearchParams {
  const loc = location.use();
  return new URLSearchParams(loc.includes('?') ? loc.slice(loc.indexOf('?')) : '');
}

/** A link inside the console: navigates without reloading (modified clicks open as usual). */
export function Link({ href, children, class: cls, ...rest }: { href: string; children: ComponentChildren; class?: string; [attr: string]: unknown }) {
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return h('a', { ...rest, href, class: cls, onClick }, children);
}
