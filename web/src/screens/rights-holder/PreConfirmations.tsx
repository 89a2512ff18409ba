// The pre-confirmation requests that name the holder's recordations (GET /v1/pre-confirmations as
// the holder sees it): who asks, at which port, for which recordation, and in what state; each
// opens read-only.
import { PreConfirmationList } from '../../components/PreConfirmationList';
import { t } from '../../i18n';

export function HolderPreConfirmations() {
  return (
    <div>
      <h1 tabIndex={-1}>{t('holder_pc.title')}</h1>
      <p class="lead">{t('holder_pc.intro')}</p>
      <PreConfirmationList label={t('holder_pc.title')} empty={t('holder_pc.empty')} showImporter />
    </div>
  );
}
