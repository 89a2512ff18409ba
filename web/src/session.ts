// Who is logged in. The token lives in sessionStorage (this tab only, gone when it closes);
// the Content-Security-Policy that iprd sends forbids inline and foreign scripts, which is
// what would otherwise let an attacker's script read it (README: "The web console").
import { api, type Schemas } from './api/client';
import type { MessageKey } from './i18n';
import { navigate } from './router';
import { createStore } from './store';

export type Me = Schemas['Me'];
export type Role = Schemas['UserRole'];
const TOKEN_KEY = 'iprd.token';

interface SessionState {
  token: string | null;
  me: Me | null;
  /** A message for the login screen (why the user is there). */
  notice: MessageKey | null;
}

export const session = createStore<SessionState>({ token: sessionStorage.getItem(TOKEN_KEY), me: null, notice: null });

/** Reads /v1/me for the stored token (on start-up and after login). */
export async function loadMe(): Promise<void> {
  const me = await api.get('/v1/me');
  session.set({ ...session.get(), me });
}

export async function login(email: string, password: string): Promise<void> {
  const created = await api.post('/v1/sessions', { body: { email, password } });
  sessionStorage.setItem(TOKEN_KEY, created.token);
  session.set({ token: created.token, me: null, notice: null });
  await loadMe();
}

function end(notice: MessageKey): void {
  sessionStorage.removeItem(TOKEN_KEY);
  session.set({ token: null, me: null, notice });
  const here = window.location.pathname + window.location.search;
  navigate(here.startsWith('/login') || notice === 'session.logged_out' ? '/login' : `/login?next=${encodeURIComponent(here)}`);
}

export async function logout(): Promise<void> {
  try {
    await api.delete('/v1/sessions/current');
  } finally {
    end('session.logged_out');
  }
}

/** The server refused the token (expired, revoked, user disabled): back to the login screen. */
export function expire(): void {
  if (session.get().token) end('session.expired');
}

/** The role of the user logged in, or null. */
export function useRole(): Role | null {
  return session.use().me?.user.role ?? null;
}
