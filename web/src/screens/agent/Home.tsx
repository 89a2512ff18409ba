// The agent's desk (GET /v1/agent/desk): across every client whose mandate is in force, or the
// one chosen in the client switcher, what needs the agent: its clients with their counts, the
// filings by decision deadline, the requests for information to answer, the renewals due, the
// suspect-goods cases to answer by their deadline. Each filing and case opens in the holder's own
// screens, which the agent uses for its clients.
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { ClientSwitcher } from '../../components/ClientSwitcher';
import { ProblemBanner } from '../../components/ProblemBanner';
import { StatusBadge } from '../../components/StatusBadge';
import { client } from '../../client';
import { formatDate } from '../../format';
import { t, type MessageKey } from '../../i18n';
import { Link } from '../../router';

type Desk = Schemas['AgentDesk'];
type Item = Schemas['DeskItem'];
type CaseToAnswer = Desk['cases_to_answer'][number];

function Items({ title, items, empty }: { title: MessageKey; items: Item[]; empty: MessageKey }) {
  const id = `desk-${title.replace(/\W/g, '-')}`;
  return (
    <section aria-labelledby={id} class="card">
      <h2 id={id}>{t(title, { count: items.length })}</h2>
      {items.length === 0 ? <p class="empty">{t(empty)}</p> : (
        <ul class="plain-list">
          {items.map((r) => (
            <li key={r.id} class="rec-item">
              <div class="rec-item-main">
                <Link href={`/holder/recordations/${r.id}`} class="rec-title">{r.title}</Link>
                <span class="rec-meta">{t('agent.for_client', { name: r.holder.name })}{r.number && <> · <span class="code number">{r.number}</span></>}</span>
              </div>
              <div class="rec-item-side">
                <StatusBadge status={r.status} />
                {r.due_on && <span class="deadline">{t('agent.due_on', { date: formatDate(r.due_on) })}</span>}
                {r.status === 'approved' && r.valid_until && <span class="deadline">{t('recordation.valid_until', { date: formatDate(r.valid_until) })}</span>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

// Customs suspended these goods; the holder (its agent) must answer by the deadline or they are
// released. Soonest deadline first, as the API orders them.
function CasesToAnswer({ cases }: { cases: CaseToAnswer[] }) {
  return (
    <section aria-labelledby="desk-cases" class="card">
      <h2 id="desk-cases">{t('agent.cases_to_answer', { count: cases.length })}</h2>
      {cases.length === 0 ? <p class="empty">{t('agent.none')}</p> : (
        <ul class="plain-list">
          {cases.map((c) => (
            <li key={c.id} class="rec-item">
              <div class="rec-item-main">
                <Link href={`/holder/cases/${c.id}`} class="rec-title">{t('case.heading', { number: c.number })}</Link>
                <span class="rec-meta">
                  {t('agent.for_client', { name: c.holder.name })} · {c.office_code} · {c.recordations.map((r) => r.number ?? r.title).join(', ')}
                </span>
              </div>
              <div class="rec-item-side">
                <span class="deadline">{t('agent.answer_by', { date: formatDate(c.response_due_on) })}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function AgentHome() {
  const chosen = client.use();
  const [desk, setDesk] = useState<Desk | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setError(null);
    api.get('/v1/agent/desk', { query: { organization_id: chosen || undefined } }).then(setDesk, setError);
  }, [chosen]);

  return (
    <div>
      <div class="page-head">
        <h1 tabIndex={-1}>{t('agent.desk')}</h1>
        {chosen && <Link class="button" href="/holder/recordations/new">{t('agent.file_for_client')}</Link>}
      </div>
      <p class="lead">{t('agent.desk_intro')}</p>
      <ClientSwitcher />
      <ProblemBanner error={error} />
      {desk && (
        <>
          <section aria-labelledby="desk-clients" class="card">
            <h2 id="desk-clients">{t('agent.clients')}</h2>
            {desk.clients.length === 0 ? <p class="empty">{t('agent.no_clients')}</p> : (
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">{t('agent.client')}</th>
                    <th scope="col">{t('status.draft')}</th>
                    <th scope="col">{t('status.submitted')}</th>
                    <th scope="col">{t('status.information_requested')}</th>
                    <th scope="col">{t('status.rejected')}</th>
                    <th scope="col">{t('status.approved')}</th>
                    <th scope="col">{t('agent.renewals_due_column')}</th>
                    <th scope="col">{t('agent.cases_column')}</th>
                  </tr>
                </thead>
                <tbody>
                  {desk.clients.map((c) => (
                    <tr key={c.organization_id}>
                      <th scope="row">{c.name}</th>
                      <td>{c.counts.draft}</td>
                      <td>{c.counts.submitted}</td>
                      <td>{c.counts.information_requested}</td>
                      <td>{c.counts.rejected}</td>
                      <td>{c.counts.approved}</td>
                      <td>{c.counts.renewals_due}</td>
                      <td>{c.counts.cases_to_answer}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <CasesToAnswer cases={desk.cases_to_answer} />
          <Items title="agent.information_requests" items={desk.information_requests} empty="agent.none" />
          <Items title="agent.filings" items={desk.filings} empty="agent.none" />
          <Items title="agent.renewals_due" items={desk.renewals_due} empty="agent.none" />
        </>
      )}
    </div>
  );
}
