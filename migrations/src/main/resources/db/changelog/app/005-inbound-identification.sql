--liquibase formatted sql

--changeset ariadne:app-005-call-source-address
-- The signalling address an inbound call came from (Asterisk's CHANNEL(pjsip,remote_addr), host and port):
-- the address the orchestrator checked against the trunk's allowedIps.
ALTER TABLE ariadne.calls ADD COLUMN source_address varchar(64);
--rollback ALTER TABLE ariadne.calls DROP COLUMN source_address;

--changeset ariadne:app-005-calls-unattributed
-- Calls to a number no tenant owns are recorded with no tenant (operators list them); most rows have one.
CREATE INDEX calls_unattributed_idx ON ariadne.calls (started_at DESC) WHERE tenant_id IS NULL;
--rollback DROP INDEX ariadne.calls_unattributed_idx;

--changeset ariadne:app-005-trunk-pjsip-layout
-- Which layout of PJSIP rows the trunk was last written with; the orchestrator rewrites trunks of an older
-- layout at startup (1: before inbound calls were identified by their number).
ALTER TABLE ariadne.trunks ADD COLUMN pjsip_layout smallint NOT NULL DEFAULT 1;
--rollback ALTER TABLE ariadne.trunks DROP COLUMN pjsip_layout;
