-- Where a configuration document said the webhook's secret comes from (env:NAME, property:name or file:path),
-- so that an export names the same reference again. Never the secret itself.
ALTER TABLE webhook ADD COLUMN secret_ref varchar(300);
