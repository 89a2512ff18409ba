-- Webhooks: an organization's endpoints, and the delivery of its events to them (Standard
-- Webhooks: webhook-id, webhook-timestamp, webhook-signature).
--
-- A delivery is written with its event, in the event's transaction (the trigger below): an
-- event that committed has its deliveries, one that rolled back has none, and a daemon that
-- dies after the commit leaves them pending for the next worker. Workers of every daemon claim
-- due deliveries (FOR UPDATE SKIP LOCKED) one endpoint at a time: claiming takes a lease on the
-- endpoint (busy_until), so that one endpoint, however slow, holds one worker at most, and a
-- lease left by a daemon that died runs out by itself.

CREATE TABLE webhook_endpoints (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    url text NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
    description text CHECK (length(description) BETWEEN 1 AND 200),
    event_types text[] NOT NULL DEFAULT '{}' CHECK (cardinality(event_types) <= 50), -- empty: every type
    secret text NOT NULL CHECK (secret ~ '^whsec_[A-Za-z0-9+/]{43}=$'),                -- 32 bytes, base64
    created_by uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    disabled_at timestamptz,
    disabled_reason text CHECK (length(disabled_reason) BETWEEN 1 AND 500),
    busy_until timestamptz, -- a worker delivers to it until then (its lease)
    CONSTRAINT webhook_endpoints_disabled_complete CHECK ((disabled_at IS NULL) = (disabled_reason IS NULL))
);
CREATE INDEX webhook_endpoints_organization ON webhook_endpoints (organization_id, created_at DESC, id DESC);

CREATE TABLE webhook_deliveries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_seq bigint NOT NULL REFERENCES events (seq),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (endpoint_id, event_seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);

-- Every attempt: when, the receiver's status code (NULL when none came: refused, timed out),
-- what went wrong, how long it took.
CREATE TABLE webhook_attempts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    at timestamptz NOT NULL DEFAULT now(),
    status_code integer CHECK (status_code BETWEEN 100 AND 599),
    error text CHECK (length(error) <= 500),
    latency_ms integer NOT NULL CHECK (latency_ms >= 0)
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

-- The events' trigger of 0015, now also writing the deliveries of each event to the enabled
-- endpoints of its organization that want its type, and waking the workers.
CREATE OR REPLACE FUNCTION events_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    delivered integer;
BEGIN
    INSERT INTO webhook_deliveries (endpoint_id, event_seq)
    SELECT w.id, n.seq FROM new_events n JOIN webhook_endpoints w ON n.audience = 'org:' || w.organization_id
     WHERE w.disabled_at IS NULL AND (cardinality(w.event_types) = 0 OR n.type = ANY (w.event_types));
    GET DIAGNOSTICS delivered = ROW_COUNT;
    IF delivered > 0 THEN
        PERFORM pg_notify('iprd_changes', 'delivery');
    END IF;
    PERFORM pg_notify('iprd_changes', 'event:' || a) FROM (SELECT DISTINCT audience AS a FROM new_events) s;
    RETURN NULL;
END
$$;

CREATE FUNCTION api_webhook_endpoint(w webhook_endpoints) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('id', w.id, 'url', w.url, 'description', w.description,
        'event_types', to_jsonb(w.event_types), 'created_at', w.created_at,
        'disabled_at', w.disabled_at, 'disabled_reason', w.disabled_reason)
$$;

CREATE FUNCTION api_webhook_delivery(d webhook_deliveries) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', d.id, 'endpoint_id', d.endpoint_id,
        'event', (SELECT jsonb_build_object('id', e.id, 'type', e.type, 'timestamp', e.at) FROM events e
                   WHERE e.seq = d.event_seq),
        'status', d.status, 'attempts', d.attempts,
        'next_attempt_at', CASE WHEN d.status = 'pending' THEN d.next_attempt_at END,
        'created_at', d.created_at,
        'log', coalesce((SELECT jsonb_agg(jsonb_build_object('at', a.at, 'status_code', a.status_code,
                                 'error', a.error, 'latency_ms', a.latency_ms) ORDER BY a.id)
                           FROM (SELECT * FROM webhook_attempts WHERE delivery_id = d.id ORDER BY id DESC LIMIT 50) a),
                        '[]'))
$$;
