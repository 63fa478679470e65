--liquibase formatted sql

--changeset ariadne:app-012-call-quality
-- Per call: the billed seconds (answer to end, rounded up) and the E-model quality estimate (R-factor, MOS) of the
-- media Ariadne relayed; indexes for per-trunk figures over time.
ALTER TABLE ariadne.calls ADD COLUMN billed_seconds integer;
ALTER TABLE ariadne.calls ADD COLUMN r_factor double precision;
ALTER TABLE ariadne.calls ADD COLUMN mos double precision;
CREATE INDEX calls_trunk_started_idx ON ariadne.calls (trunk_id, started_at);
CREATE INDEX calls_trunk_active_idx ON ariadne.calls (trunk_id) WHERE ended_at IS NULL;
--rollback DROP INDEX ariadne.calls_trunk_active_idx;
--rollback DROP INDEX ariadne.calls_trunk_started_idx;
--rollback ALTER TABLE ariadne.calls DROP COLUMN mos, DROP COLUMN r_factor, DROP COLUMN billed_seconds;
