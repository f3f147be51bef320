-- The dispatcher's claim (pending rows due, oldest first), the delivery log per webhook, and the prune.
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_delivery_webhook_idx ON webhook_delivery (webhook_id, created_at DESC);
CREATE INDEX webhook_delivery_finished_idx ON webhook_delivery (finished_at) WHERE status <> 'pending';
