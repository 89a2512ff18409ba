// An organization's webhook endpoints (POST/GET/DELETE /v1/webhook-endpoints, .../enable,
// .../deliveries, .../redelivery): register one (its URL, a description, the event types it
// wants; none ticked: every type) and see its signing secret once; the endpoints with their
// state (a 410 from the receiver disables one: enable it again); each one's delivery log, with
// every attempt, and "send again" for a delivery that is over.
import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { eventLabel } from '../components/Bell';
import { Field } from '../components/Field';
import { all, required, useForm, useSubmit, type Validator } from '../components/form';
import { Modal } from '../components/Modal';
import { PagedList } from '../components/PagedList';
import { ProblemBanner } from '../components/ProblemBanner';
import { StatusBadge } from '../components/StatusBadge';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { EVENT_TYPES, type EventType } from '../notifications';

type Endpoint = Schemas['WebhookEndpoint'];
type Created = Schemas['WebhookEndpointCreated'];
type Delivery = Schemas['WebhookDelivery'];

const httpUrl: Validator = (v) => (/^https?:\/\/[^\s/]+/i.test(v.trim()) ? null : 'webhooks.url_invalid');

function RemoveDialog({ endpoint, onClose, onDone }: { endpoint: Endpoint; onClose: () => void; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.delete('/v1/webhook-endpoints/{id}', { path: { id: endpoint.id } });
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('webhooks.remove_title')} onClose={onClose}>
      <p>{t('webhooks.remove_text', { url: endpoint.url })}</p>
      <ProblemBanner error={error} />
      <div class="actions">
        <button type="button" class="danger" disabled={busy} onClick={remove}>{busy ? t('common.working') : t('webhooks.remove_confirm')}</button>
        <button type="button" class="secondary" onClick={onClose}>{t('common.cancel')}</button>
      </div>
    </Modal>
  );
}

function DeliveryItem({ endpoint, d }: { endpoint: Endpoint; d: Delivery }) {
  const [shown, setShown] = useState(d);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const last = shown.log[shown.log.length - 1];
  const again = async () => {
    setBusy(true);
    setError(null);
    try {
      setShown(await api.post('/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/redelivery', { path: { id: endpoint.id, delivery_id: shown.id } }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article class="queue-item delivery">
      <div class="queue-main">
        <h4 class="queue-title">{eventLabel(shown.event.type)} <span class="muted">{formatDateTime(shown.event.timestamp)}</span></h4>
        <p class="delivery-log muted">
          {t('webhooks.attempts', { count: shown.attempts })}
          {last && <> · {last.status_code ? t('webhooks.answered', { code: last.status_code }) : (last.error ?? t('webhooks.no_answer'))} · {t('webhooks.latency', { ms: last.latency_ms })}</>}
          {shown.next_attempt_at && <> · {t('webhooks.next_attempt', { at: formatDateTime(shown.next_attempt_at) })}</>}
        </p>
        <p class="muted delivery-log">{t('webhooks.event_id', { id: shown.event.id })}</p>
        <ProblemBanner error={error} />
      </div>
      <div class="queue-status">
        <span class={`badge badge-${shown.status}`}>{t(`webhooks.status_${shown.status}`)}</span>
        {shown.status !== 'pending' && (
          <button type="button" class="secondary" disabled={busy} onClick={again}>
            {t('webhooks.send_again')}<span class="visually-hidden"> {eventLabel(shown.event.type)}</span>
          </button>
        )}
      </div>
    </article>
  );
}

function EndpointItem({ e, onRemove, onChanged }: { e: Endpoint; onRemove: (e: Endpoint) => void; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const enable = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/v1/webhook-endpoints/{id}/enable', { path: { id: e.id } });
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const types = e.event_types ?? [];
  return (
    <article class="endpoint">
      <div class="queue-item">
        <div class="queue-main">
          <h3 class="queue-title endpoint-url">{e.url}</h3>
          {e.description && <p>{e.description}</p>}
          <p class="muted">{types.length ? types.map(eventLabel).join(', ') : t('webhooks.every_type')}</p>
          {e.disabled_at && <p class="muted">{t('webhooks.disabled_because', { reason: e.disabled_reason ?? '', at: formatDateTime(e.disabled_at) })}</p>}
          <ProblemBanner error={error} />
        </div>
        <div class="queue-status">
          <StatusBadge status={e.disabled_at ? 'disabled' : 'enabled'} />
          {e.disabled_at && <button type="button" disabled={busy} onClick={enable}>{t('webhooks.enable')}<span class="visually-hidden"> {e.url}</span></button>}
          <button type="button" class="secondary" aria-expanded={open} onClick={() => { setOpen(!open); setReload(reload + 1); }}>
            {open ? t('webhooks.hide_deliveries') : t('webhooks.show_deliveries')}<span class="visually-hidden"> {e.url}</span>
          </button>
          <button type="button" class="secondary" onClick={() => onRemove(e)}>{t('webhooks.remove')}<span class="visually-hidden"> {e.url}</span></button>
        </div>
      </div>
      {open && (
        <section class="deliveries">
          <div class="actions">
            <h4>{t('webhooks.deliveries')}</h4>
            <button type="button" class="link-button" onClick={() => setReload(reload + 1)}>{t('webhooks.refresh')}</button>
          </div>
          <PagedList<Delivery>
            label={t('webhooks.deliveries_of', { url: e.url })}
            reloadKey={String(reload)}
            empty={t('webhooks.no_deliveries')}
            load={(cursor) => api.get('/v1/webhook-endpoints/{id}/deliveries', { path: { id: e.id }, query: { cursor, limit: 20 } })}
            render={(d) => <DeliveryItem key={`${d.id}-${reload}`} endpoint={e} d={d} />}
          />
        </section>
      )}
    </article>
  );
}

export function Webhooks() {
  const [types, setTypes] = useState<EventType[]>([]);
  const [created, setCreated] = useState<Created | null>(null);
  const [reload, setReload] = useState(0);
  const [removing, setRemoving] = useState<Endpoint | null>(null);
  const form = useForm({ url: '', description: '' }, { url: all(required, httpUrl) });
  const toggle = (type: EventType) => setTypes(types.includes(type) ? types.filter((x) => x !== type) : [...types, type]);

  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    setCreated(null);
    const description = form.values.description.trim();
    const endpoint = await api.post('/v1/webhook-endpoints', {
      body: { url: form.values.url.trim(), ...(description ? { description } : {}), event_types: types },
    });
    setCreated(endpoint);
    form.setAll({ url: '', description: '' });
    setTypes([]);
    setReload(reload + 1);
  });

  return (
    <div>
      <h1 tabIndex={-1}>{t('webhooks.title')}</h1>
      <p class="lead">{t('webhooks.intro')}</p>
      {created && (
        <div class="banner banner-success" role="status">
          <p>{t('webhooks.created', { url: created.url })}</p>
          <p><strong>{t('webhooks.secret_once')}</strong></p>
          <code class="secret" aria-label={t('webhooks.secret')}>{created.secret}</code>
        </div>
      )}
      <form class="card" onSubmit={onSubmit} noValidate aria-labelledby="webhooks-new">
        <h2 id="webhooks-new">{t('webhooks.new')}</h2>
        <ProblemBanner error={error} unmapped={unmapped} />
        <Field form={form} name="url" type="url" label={t('webhooks.url')} hint={t('webhooks.url_hint')} required />
        <Field form={form} name="description" label={t('webhooks.description')} hint={t('webhooks.description_hint')} />
        <fieldset class="event-types" aria-describedby="event-types-hint">
          <legend>{t('webhooks.event_types')}</legend>
          <p id="event-types-hint" class="hint muted">{t('webhooks.event_types_hint')}</p>
          <div class="event-types-grid">
            {EVENT_TYPES.map((type) => (
              <label key={type} class="checkbox">
                <input type="checkbox" value={type} checked={types.includes(type)} onChange={() => toggle(type)} /> {eventLabel(type)}
              </label>
            ))}
          </div>
        </fieldset>
        <div class="actions">
          <button type="submit" disabled={busy}>{busy ? t('common.working') : t('webhooks.register')}</button>
        </div>
      </form>
      <h2>{t('webhooks.list')}</h2>
      <PagedList<Endpoint>
        label={t('webhooks.list')}
        reloadKey={String(reload)}
        empty={t('webhooks.empty')}
        load={(cursor) => api.get('/v1/webhook-endpoints', { query: { cursor, limit: 25 } })}
        render={(e) => <EndpointItem key={e.id} e={e} onRemove={setRemoving} onChanged={() => setReload(reload + 1)} />}
      />
      {removing && (
        <RemoveDialog endpoint={removing} onClose={() => setRemoving(null)}
          onDone={() => { setRemoving(null); setCreated(null); setReload(reload + 1); }} />
      )}
    </div>
  );
}
