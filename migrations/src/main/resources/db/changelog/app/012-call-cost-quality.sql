--liquibase formatted sql

--changeset ariadne:app-012-call-cost-quality
-- Trunk statistics: a trunk's price per billed minute (null: no price), and per call the billed seconds (answer to
-- end, rounded up), its cost at the trunk's price when it ended, and the E-model quality estimate (R-factor, MOS).
ALTER TABLE ariadne.trunks ADD COLUMN cost_per_minute numeric(12, 6) CHECK (cost_per_minute >= 0);
ALTER TABLE ariadne.calls ADD COLUMN billed_seconds integer;
ALTER TABLE ariadne.calls ADD COLUMN cost numeric(14, 6);
ALTER TABLE ariadne.calls ADD COLUMN r_factor double precision;
ALTER TABLE ariadne.calls ADD COLUMN mos double precision;
CREATE INDEX calls_trunk_started_idx ON ariadne.calls (trunk_id, started_at);
CREATE INDEX calls_trunk_active_idx ON ariadne.calls (trunk_id) WHERE ended_at IS NULL;
--rollback DROP INDEX ariadne.calls_trunk_active_idx;
--rollback DROP INDEX ariadne.calls_trunk_started_idx;
--rollback ALTER TABLE ariadne.calls DROP COLUMN mos, DROP COLUMN r_factor, DROP COLUMN cost, DROP COLUMN billed_seconds;
--rollback ALTER TABLE ariadne.trunks DROP COLUMN cost_per_minute;
