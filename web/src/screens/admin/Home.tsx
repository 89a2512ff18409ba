// The administrator's landing page: how many offices, officers and users the registry has,
// the disabled accounts (what may need a look first) and the calendar's next declared days,
// each with a link to its screen. Counts read one page of 200 ("200+" beyond).
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import type { Page } from '../../components/PagedList';
import { ProblemBanner } from '../../components/ProblemBanner';
import { formatDate, today } from '../../format';
import { t, type MessageKey } from '../../i18n';
import { Link } from '../../router';
import { session } from '../../session';

const count = (page: Page<unknown>) => (page.next_cursor ? `${page.items.length}+` : String(page.items.length));

interface Overview {
  offices: string;
  officers: string;
  users: string;
  disabled: string;
  upcoming: Schemas['CalendarException'][];
}

async function overview(): Promise<Overview> {
  const from = today();
  const [y, m, d] = from.split('-').map(Number);
  const to = new Date(Date.UTC(y + 1, m - 1, d)).toISOString().slice(0, 10);
  const limit = 200;
  const [offices, hq, port, users, disabled, calendar] = await Promise.all([
    api.get('/v1/customs-offices', { query: { limit } }),
    api.get('/v1/users', { query: { role: 'hq_officer', limit } }),
    api.get('/v1/users', { query: { role: 'port_officer', limit } }),
    api.get('/v1/users', { query: { limit } }),
    api.get('/v1/users', { query: { disabled: true, limit } }),
    api.get('/v1/calendar', { query: { from, to } }),
  ]);
  const officers = hq.next_cursor || port.next_cursor ? `${hq.items.length + port.items.length}+` : String(hq.items.length + port.items.length);
  return { offices: count(offices), officers, users: count(users), disabled: count(disabled), upcoming: calendar.items.slice(0, 5) };
}

function Tile({ value, label, href, link }: { value: string; label: MessageKey; href: string; link: MessageKey }) {
  return (
    <div class="card tile">
      <p class="tile-value">{value}</p>
      <p class="tile-label">{t(label)}</p>
      <Link href={href}>{t(link)}</Link>
    </div>
  );
}

export function AdminHome() {
  const me = session.use().me;
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    overview().then(setData, setError);
  }, []);

  return (
    <div>
      <h1 tabIndex={-1}>{t('home.admin.title')}</h1>
      <p class="lead">{t('home.welcome', { name: me?.user.full_name ?? '' })} {t('home.admin.intro')}</p>
      <ProblemBanner error={error} />
      {!data && !error && <p class="loading">{t('common.loading')}</p>}
      {data && (
        <>
          <div class="tiles">
            <Tile value={data.offices} label="admin.offices_count" href="/admin/offices" link="admin.manage_offices" />
            <Tile value={data.officers} label="admin.officers_count" href="/admin/officers" link="admin.add_officer" />
            <Tile value={data.users} label="admin.users_count" href="/admin/users" link="admin.see_users" />
            <Tile value={data.disabled} label="admin.disabled_count" href="/admin/users?disabled=true" link="admin.see_disabled" />
          </div>
          <section class="card" aria-labelledby="upcoming-title">
            <h2 id="upcoming-title">{t('admin.upcoming')}</h2>
            {data.upcoming.length === 0 ? <p class="empty">{t('admin.no_upcoming')}</p> : (
              <ul class="exception-list">
                {data.upcoming.map((e) => (
                  <li>{formatDate(e.date)}: {t(e.kind === 'holiday' ? 'calendar.is_holiday' : 'calendar.is_working_day', { name: e.name })}</li>
                ))}
              </ul>
            )}
            <Link href="/admin/calendar">{t('admin.open_calendar')}</Link>
          </section>
        </>
      )}
    </div>
  );
}
