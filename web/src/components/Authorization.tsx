// The answer of an authorization check, shared by the check form and a pre-confirmation's
// automatic check: a clear YES or NO, and the authorized-user entries that matched.
import type { Schemas } from '../api/client';
import { formatDate } from '../format';
import { t } from '../i18n';
import { label } from '../labels';

export function YesNo({ yes }: { yes: boolean }) {
  return (
    <p class={yes ? 'verdict verdict-yes' : 'verdict verdict-no'}>
      <span class="verdict-word">{t(yes ? 'check.yes' : 'check.no')}</span>
      <span>{t(yes ? 'check.yes_text' : 'check.no_text')}</span>
    </p>
  );
}

export function Matches({ items }: { items: Schemas['AuthorizedUser'][] }) {
  if (items.length === 0) return <p class="muted">{t('check.no_matches')}</p>;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={t('check.matches', { count: items.length })}>
      <table>
        <caption>{t('check.matches', { count: items.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('check.entry')}</th>
            <th scope="col">{t('check.roles')}</th>
            <th scope="col">{t('check.goods')}</th>
            <th scope="col">{t('check.ports')}</th>
            <th scope="col">{t('check.validity')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr>
              <td>{m.name}<br /><span class="muted">{m.registration_number} · {m.country}</span></td>
              <td>{m.roles.map((r) => label('auth_role', r)).join(', ')}</td>
              <td>{m.hs_codes.length ? m.hs_codes.join(', ') : t('auth.all_goods')}{m.goods_scope && <><br /><span class="muted">{m.goods_scope}</span></>}</td>
              <td>{m.ports.length ? m.ports.join(', ') : t('auth.all_ports')}</td>
              <td>{m.valid_from || m.valid_until
                ? `${m.valid_from ? formatDate(m.valid_from) : '…'} – ${m.valid_until ? formatDate(m.valid_until) : '…'}`
                : t('auth.no_limit')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
