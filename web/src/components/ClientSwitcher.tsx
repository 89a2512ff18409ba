// The agent's client switcher: "All clients" or one of the holders whose mandate is in force
// (GET /v1/mandates?status=accepted). The choice is client.ts's: it names organization_id on
// creation and filters the agent's lists.
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { chooseClient, client } from '../client';
import { t } from '../i18n';

export function ClientSwitcher() {
  const chosen = client.use();
  const [clients, setClients] = useState<Schemas['Holder'][]>([]);
  useEffect(() => {
    api.get('/v1/mandates', { query: { status: 'accepted', limit: 200 } }).then((page) => {
      const seen = new Map<string, Schemas['Holder']>();
      for (const m of page.items) if (m.in_force) seen.set(m.holder.organization_id, m.holder);
      const list = [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
      setClients(list);
      if (chosen && !seen.has(chosen)) chooseClient('');
    }, () => setClients([]));
  }, []);
  return (
    <div class="field client-switcher">
      <label for="client-switcher">{t('agent.client')}</label>
      <select id="client-switcher" value={chosen} onChange={(e) => chooseClient((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">{t('agent.all_clients')}</option>
        {clients.map((c) => <option key={c.organization_id} value={c.organization_id}>{c.name}</option>)}
      </select>
    </div>
  );
}
