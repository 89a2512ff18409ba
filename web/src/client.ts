// The agent's client switcher: the rights holder an agent's user works for now (its
// organization id, "" for all clients), kept for the tab (sessionStorage) like the token. The
// chosen client names `organization_id` when the agent files a recordation and filters its
// lists and desk (components/ClientSwitcher.tsx offers the clients).
import { createStore } from './store';

const KEY = 'iprd.client';

export const client = createStore<string>(sessionStorage.getItem(KEY) ?? '');

export function chooseClient(id: string): void {
  if (id) sessionStorage.setItem(KEY, id);
  else sessionStorage.removeItem(KEY);
  client.set(id);
}
