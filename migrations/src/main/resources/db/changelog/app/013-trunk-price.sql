--liquibase formatted sql

--changeset ariadne:app-013-trunk-price
-- A trunk's price per billed minute (null: no price), and each call's cost at that price when the call ended.
ALTER TABLE ariadne.trunks ADD COLUMN cost_per_minute numeric(12, 6) CHECK (cost_per_minute >= 0);
ALTER TABLE ariadne.calls ADD COLUMN cost numeric(14, 6);
--rollback ALTER TABLE ariadne.calls DROP COLUMN cost;
--rollback ALTER TABLE ariadne.trunks DROP COLUMN cost_per_minute;
