--liquibase formatted sql

--changeset ariadne:app-003-calls
-- One row per call, written at StasisStart and finalized at teardown. tenant_id is null only for a
-- call that no trunk could be found for (recorded so that SREs see it).
CREATE TABLE ariadne.calls (
    id                  uuid PRIMARY KEY,
    tenant_id           uuid REFERENCES ariadne.tenants (id) ON DELETE CASCADE,
    trunk_id            uuid,
    number_id           uuid,
    agent_id            uuid,
    direction           varchar(10)  NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    from_number         varchar(128),
    to_number           varchar(128),
    sip_call_id         varchar(255),
    channel_id          varchar(128),
    status              varchar(20)  NOT NULL,
    cause               varchar(64),
    cause_code          integer,
    reject_reason       varchar(255),
    codec               varchar(32),
    started_at          timestamptz  NOT NULL DEFAULT now(),
    answered_at         timestamptz,
    ended_at            timestamptz,
    frames_in           bigint       NOT NULL DEFAULT 0,
    frames_out          bigint       NOT NULL DEFAULT 0,
    frames_lost         bigint       NOT NULL DEFAULT 0,
    frames_late         bigint       NOT NULL DEFAULT 0,
    frames_dropped      bigint       NOT NULL DEFAULT 0,
    jitter_ms           double precision,
    agent_close_reason  varchar(255),
    trace_id            varchar(32),
    node                varchar(64),
    updated_at          timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX calls_tenant_started_idx ON ariadne.calls (tenant_id, started_at DESC);
CREATE INDEX calls_active_idx ON ariadne.calls (tenant_id) WHERE ended_at IS NULL;
CREATE INDEX calls_channel_idx ON ariadne.calls (channel_id);
--rollback DROP TABLE ariadne.calls;
