// The parts of a suspect-goods case that every reader's screen shows alike: a line of the
// queue, the deadline that runs, the shipment and its parties (the holder sees the parties only
// once it asked for detention: the API sends them as null before, and the screen says so), the
// goods lines with their values in CNY, and the money (the guarantee, the fine and its limit);
// and the page of one case around them (its heading, the photos, the history), the same for
// customs and for the holder but for what each may do.
import type { ComponentChildren } from 'preact';
import type { Schemas } from '../api/client';
import { formatDate, formatMoney } from '../format';
import { t } from '../i18n';
import { label } from '../labels';
import { Link } from '../router';
import { Deadline } from './Deadline';
import { Documents } from './Documents';
import { History } from './History';
import { StatusBadge } from './StatusBadge';

export type Case = Schemas['Case'];

/** One case in a list: number and shipment, recordations, status, and the deadline that runs. */
export function CaseItem({ c, href }: { c: Case; href: string }) {
  return (
    <article class={c.overdue ? 'queue-item overdue' : 'queue-item'}>
      <div class="queue-main">
        <h2 class="queue-title">
          <Link href={href}>{c.number}</Link>
          <span class="muted"> {c.transport_document}</span>
        </h2>
        <p class="muted">
          {c.recordations.map((r) => r.number).join(', ')} · {c.office_code}
          {' · '}{t('case.lines', { count: c.goods.length })} · {formatMoney(c.declared_value_cny)}
          {c.e_commerce && <> · {t('case.e_commerce')}</>}
        </p>
      </div>
      <div class="queue-status">
        <StatusBadge status={c.status} />
        <span class="muted">{label('goods_status', c.goods_status)}</span>
      </div>
      <div class="queue-due">
        {c.due_on && <span>{t('queue.due', { date: formatDate(c.due_on) })}</span>}
        <Deadline overdue={c.overdue} left={c.working_days_left} />
      </div>
    </article>
  );
}

/** The deadline that runs, as a banner: the holder's answer, or the investigation. */
export function CaseDeadline({ c }: { c: Case }) {
  if (!c.due_on) return null;
  const key = c.status === 'notified' ? 'case.answer_due' : 'case.investigation_due';
  return (
    <div class={c.overdue ? 'banner banner-error' : 'banner banner-info'}>
      <p class="banner-title">{t(key, { date: formatDate(c.due_on) })}</p>
      <p><Deadline overdue={c.overdue} left={c.working_days_left} /></p>
    </div>
  );
}

function Party({ party }: { party: Case['declarant'] }) {
  if (!party) return <>—</>;
  return <>{party.name}{party.registration_number && <span class="muted"> {party.registration_number}</span>}{party.country && <span class="muted"> ({party.country})</span>}</>;
}

/** The shipment, its parties (or why they are not shown) and the suspicion. */
export function CaseShipment({ c }: { c: Case }) {
  return (
    <section class="card" aria-labelledby="shipment-h">
      <h2 id="shipment-h">{t('case.shipment')}</h2>
      <dl class="details">
        <dt>{t('case.number')}</dt><dd>{c.number}</dd>
        <dt>{t('case.office')}</dt><dd>{c.office_name} ({c.office_code})</dd>
        <dt>{t('case.recordations')}</dt>
        <dd>{c.recordations.map((r) => <div key={r.id}>{r.number} · {label('ipr_type', r.ipr_type)} · {r.title}</div>)}</dd>
        <dt>{t('case.holder')}</dt><dd>{c.holder.name}</dd>
        <dt>{t('case.transport_document')}</dt><dd>{c.transport_document}</dd>
        {c.parties_disclosed ? (
          <>
            <dt>{t('case.declarant')}</dt><dd><Party party={c.declarant} /></dd>
            <dt>{t('case.consignor')}</dt><dd><Party party={c.consignor} /></dd>
            <dt>{t('case.consignee')}</dt><dd><Party party={c.consignee} /></dd>
          </>
        ) : (
          <><dt>{t('case.parties')}</dt><dd class="muted">{t('case.parties_hidden')}</dd></>
        )}
        <dt>{t('case.e_commerce_label')}</dt><dd>{t(c.e_commerce ? 'case.yes' : 'case.no')}</dd>
        <dt>{t('case.opened')}</dt><dd>{formatDate(c.opened_on)} · {c.opened_by.full_name}</dd>
        <dt>{t('case.suspicion')}</dt><dd>{c.suspicion}</dd>
        {c.released_on && <><dt>{t('case.released_on')}</dt><dd>{formatDate(c.released_on)}</dd></>}
        {c.reason && <><dt>{t('case.reason')}</dt><dd>{c.reason}</dd></>}
      </dl>
    </section>
  );
}

/** The goods lines, each value as declared and in CNY, and the totals. */
export function CaseGoods({ c }: { c: Case }) {
  return (
    <section class="card" aria-labelledby="goods-h">
      <h2 id="goods-h">{t('case.goods')}</h2>
      <div class="table-wrap" tabIndex={0} role="region" aria-label={t('case.goods')}>
        <table>
          <caption class="visually-hidden">{t('case.goods')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pc.goods_description')}</th>
              <th scope="col">{t('pc.hs_code')}</th>
              <th scope="col" class="num">{t('pc.quantity')}</th>
              <th scope="col" class="num">{t('case.declared_value')}</th>
              <th scope="col" class="num">{t('case.value_cny')}</th>
            </tr>
          </thead>
          <tbody>
            {c.goods.map((g) => (
              <tr>
                <td>{g.description}</td>
                <td>{g.hs_code}</td>
                <td class="num">{g.quantity.toLocaleString()} {g.unit}</td>
                <td class="num">{formatMoney(g.declared_value, g.currency)}</td>
                <td class="num">{formatMoney(g.declared_value_cny)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {c.exchange_rates.length > 0 && (
        <p class="muted">{t('case.rates')} {c.exchange_rates.map((r) => `1 ${r.currency} = ${r.rate} CNY`).join(' · ')}</p>
      )}
      <dl class="details">
        <dt>{t('case.total_value')}</dt><dd>{formatMoney(c.declared_value_cny)}</dd>
        <dt>{t('case.guarantee')}</dt><dd>{formatMoney(c.guarantee_cny)}</dd>
        <dt>{t('case.fine_limit')}</dt><dd>{formatMoney(c.fine_limit_cny)}</dd>
        {c.fine_cny !== null && <><dt>{t('case.fine')}</dt><dd>{formatMoney(c.fine_cny)}</dd></>}
      </dl>
    </section>
  );
}

/** The top of a case's page: the way back, the case's number, its status and the goods'. */
export function CaseHeading({ c, back, backLabel, detail }: { c: Case; back: string; backLabel: string; detail: string }) {
  return (
    <>
      <p class="breadcrumb"><Link href={back}>{backLabel}</Link></p>
      <h1 tabIndex={-1}>{t('case.heading', { number: c.number })}</h1>
      <p class="status-line">
        <StatusBadge status={c.status} />
        <span class="muted">{label('goods_status', c.goods_status)} · {detail}</span>
      </p>
    </>
  );
}

/** The body of a case's page: the shipment and the goods, the photos (read again when `photos`
 * changes; `upload`: what adds one, for who may), the history. */
export function CaseRecord({ c, history, photos = 0, upload }: {
  c: Case; history: Schemas['HistoryEntry'][]; photos?: number; upload?: ComponentChildren;
}) {
  return (
    <>
      <div class="two-columns">
        <CaseShipment c={c} />
        <CaseGoods c={c} />
      </div>
      <section class="card" aria-labelledby="photos-h">
        <h2 id="photos-h">{t('case.photos')}</h2>
        <Documents parent="cases" id={c.id} version={photos} />
        {upload}
      </section>
      <section class="card" aria-labelledby="history-h">
        <h2 id="history-h">{t('recordation.history')}</h2>
        <History items={history} />
      </section>
    </>
  );
}
