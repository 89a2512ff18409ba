// The port_officer landing page (the first screen after login). Screens of this role add their
// entry points here and their routes in src/routes.ts.
import { t } from '../../i18n';
import { session } from '../../session';

export function PortHome() {
  const me = session.use().me;
  return (
    <div>
      <h1 tabIndex={-1}>{t('home.port_officer.title')}</h1>
      <p class="lead">{t('home.welcome', { name: me?.user.full_name ?? '' })}</p>
      <p>{t('home.port_officer.intro')}</p>
    </div>
  );
}
