// The shell: skip link, header (navigation of the user's role, language, account), the screen
// of the current path, and the guards (not logged in → login; wrong role → not found).
import { useEffect, useRef } from 'preact/hooks';
import { Bell } from './components/Bell';
import { ProblemBanner } from './components/ProblemBanner';
import { locale, setLocale, t } from './i18n';
import { Link, location, matchPath, navigate } from './router';
import { allowed, homeOf, routes } from './routes';
import { bell, closeBell, refresh, startBell } from './notifications';
import { NotFound } from './screens/NotFound';
import { logout, session } from './session';

/** The bell follows the user logged in, and reads again on every screen change (in the header,
 * which follows the location already: the rest of the page does not render again for it). */
function useBell() {
  const { me } = session.use();
  const path = location.use();
  useEffect(() => startBell(), [me]);
  useEffect(() => {
    if (bell.get().open) closeBell();
    void refresh();
  }, [path]);
}

function Header() {
  useBell();
  const { me } = session.use();
  const lang = locale.use();
  const here = location.use().split('?')[0];
  const role = me?.user.role ?? null;
  const nav = routes.filter((r) => r.nav && (role ? allowed(r, role) : r.access === 'anyone'));
  return (
    <header class="topbar">
      <Link href="/" class="brand">{t('app.name')}</Link>
      {nav.length > 0 && (
        <nav aria-label={t('nav.label')}>
          <ul>
            {nav.map((r) => (
              <li key={r.path}><Link href={r.path} aria-current={here === r.path ? 'page' : undefined}>{t(r.nav!)}</Link></li>
            ))}
          </ul>
        </nav>
      )}
      <div class="topbar-end">
        <button type="button" class="link-button" lang={lang === 'en' ? 'zh-CN' : 'en'} onClick={() => setLocale(lang === 'en' ? 'zh' : 'en')}>
          {t('app.switch_language')}
        </button>
        {me && (
          <>
            {me.user.role !== 'admin' && <Bell role={me.user.role} />}
            <span class="who">{me.user.full_name} · {t(`role.${me.user.role}`)}</span>
            <Link href="/account/password">{t('nav.password')}</Link>
            <button type="button" class="link-button" onClick={() => void logout()}>{t('nav.logout')}</button>
          </>
        )}
      </div>
    </header>
  );
}

function Screen() {
  const { token, me } = session.use();
  const path = location.use().split('?')[0];
  const role = me?.user.role ?? null;
  const main = useRef<HTMLElement>(null);

  // A new screen: focus its heading so screen readers announce it and Tab starts there.
  useEffect(() => {
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [path, role]);

  let found = null as null | { route: (typeof routes)[number]; params: Record<string, string> };
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) {
      found = { route, params };
      break;
    }
  }
  useEffect(() => {
    if (path === '/') navigate(role ? homeOf(role) : token ? path : '/login', { replace: true });
    else if (found && found.route.access !== 'anyone' && !token)
      navigate(`/login?next=${encodeURIComponent(location.get())}`, { replace: true });
    else if (role && (path === '/login' || path === '/register')) navigate(homeOf(role), { replace: true });
  }, [path, role, token]);

  let body;
  if (token && !me) body = <p class="loading">{t('common.loading')}</p>;
  else if (found && allowed(found.route, role)) body = <found.route.screen params={found.params} />;
  else if (found && !token) body = null; // on the way to the login screen
  else if (path !== '/') body = <NotFound />;
  return <main id="main" ref={main}>{body}</main>;
}

export function App({ startError }: { startError: unknown }) {
  locale.use();
  return (
    <>
      <a class="skip-link" href="#main">{t('app.skip')}</a>
      <Header />
      {startError ? <main id="main"><ProblemBanner error={startError} /></main> : <Screen />}
      <footer class="footer"><p>{t('app.footer')}</p></footer>
    </>
  );
}
