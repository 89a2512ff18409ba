import { t } from '../i18n';
import { Link } from '../router';

export function NotFound() {
  return (
    <div class="narrow">
      <h1 tabIndex={-1}>{t('notfound.title')}</h1>
      <p>{t('notfound.text')}</p>
      <p><Link href="/">{t('notfound.home')}</Link></p>
    </div>
  );
}
