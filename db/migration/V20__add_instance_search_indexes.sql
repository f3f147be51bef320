-- Prefix search by machine id, alias and IP, and the "not seen for N days" / retired filter.
CREATE INDEX instance_machine_id_prefix_idx ON instance (machine_id varchar_pattern_ops);
CREATE INDEX instance_alias_prefix_idx ON instance (lower(alias) varchar_pattern_ops);
CREATE INDEX instance_ip_prefix_idx ON instance (ip varchar_pattern_ops);
CREATE INDEX instance_last_seen_idx ON instance (last_seen_at);
