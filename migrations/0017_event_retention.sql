-- Retention of events and webhook deliveries (IPR_EVENT_RETENTION_DAYS, run by the scheduler):
-- the delivered webhooks older than the period go first, then the old events no delivery needs.
-- These indexes make both look-ups cheap: the succeeded deliveries by age, and whether a
-- delivery still refers to an event (also what deleting an event checks for the foreign key).
CREATE INDEX webhook_deliveries_succeeded ON webhook_deliveries (updated_at) WHERE status = 'succeeded';
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_seq);
