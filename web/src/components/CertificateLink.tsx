// The printable certificate of an approved recordation or a confirmed pre-confirmation. The
// page is served at the credential's public address (GET /v1/certificates/{id}, which a
// browser asks for as text/html), so that the link opens in a tab without the session's token;
// the id is read from the credential, which the session's token fetches. Nothing is shown
// while there is no certificate (404: not granted yet, or the registry signs nothing).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { t } from '../i18n';

export function CertificateLink({ kind, id }: { kind: 'recordation' | 'pre_confirmation'; id: string }) {
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const ask = kind === 'recordation'
      ? api.get('/v1/recordations/{id}/certificate', { path: { id } })
      : api.get('/v1/pre-confirmations/{id}/certificate', { path: { id } });
    ask.then((credential) => {
      const uuid = credential?.id.replace(/^urn:uuid:/, '');
      if (live && uuid) setHref(`/v1/certificates/${encodeURIComponent(uuid)}`);
    }).catch(() => { if (live) setHref(null); });
    return () => { live = false; };
  }, [kind, id]);
  if (!href) return null;
  return <a class="button secondary" href={href} target="_blank" rel="noopener">{t('certificate.print')}</a>;
}
