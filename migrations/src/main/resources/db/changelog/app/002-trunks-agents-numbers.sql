--liquibase formatted sql

--changeset ariadne:app-002-trunks
-- password_enc: AES-GCM (nonce || ciphertext || tag) under ariadne.secrets.key; never leaves the API.
-- endpoint_id: the PJSIP object id in Asterisk's schema, fixed at creation (<tenant hex 12>-<trunk hex 24>).
CREATE TABLE ariadne.trunks (
    id                    uuid PRIMARY KEY,
    tenant_id             uuid         NOT NULL REFERENCES ariadne.tenants (id) ON DELETE CASCADE,
    name                  varchar(64)  NOT NULL,
    direction             varchar(10)  NOT NULL CHECK (direction IN ('inbound', 'outbound', 'both')),
    host                  varchar(255) NOT NULL,
    port                  integer      NOT NULL CHECK (port BETWEEN 1 AND 65535),
    transport             varchar(3)   NOT NULL CHECK (transport IN ('udp', 'tcp', 'tls')),
    username              varchar(64),
    password_enc          bytea,
    register              boolean      NOT NULL DEFAULT false,
    allowed_ips           text[]       NOT NULL DEFAULT '{}',
    codecs                text[]       NOT NULL,
    dtmf_mode             varchar(10)  NOT NULL CHECK (dtmf_mode IN ('rfc4733', 'inband', 'info', 'auto')),
    media_encryption      varchar(4)   NOT NULL CHECK (media_encryption IN ('none', 'sdes', 'dtls')),
    max_concurrent_calls  integer      NOT NULL CHECK (max_concurrent_calls > 0),
    priority              integer      NOT NULL DEFAULT 100,
    from_user             varchar(64),
    from_domain           varchar(255),
    failover_trunk_id     uuid         REFERENCES ariadne.trunks (id) ON DELETE SET NULL,
    enabled               boolean      NOT NULL DEFAULT true,
    endpoint_id           varchar(40)  NOT NULL UNIQUE,
    provisioning_status   varchar(20)  NOT NULL DEFAULT 'pending',
    provisioning_error    text,
    provisioned_at        timestamptz,
    health_status         varchar(20)  NOT NULL DEFAULT 'unknown',
    health_detail         text,
    health_checked_at     timestamptz,
    created_at            timestamptz  NOT NULL DEFAULT now(),
    updated_at            timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT trunks_tenant_name_uq UNIQUE (tenant_id, name)
);
CREATE INDEX trunks_tenant_idx ON ariadne.trunks (tenant_id, priority, created_at);
--rollback DROP TABLE ariadne.trunks;

--changeset ariadne:app-002-agents
CREATE TABLE ariadne.agents (
    id          uuid PRIMARY KEY,
    tenant_id   uuid          NOT NULL REFERENCES ariadne.tenants (id) ON DELETE CASCADE,
    name        varchar(100)  NOT NULL,
    url         varchar(2048) NOT NULL,
    protocol    varchar(20)   NOT NULL CHECK (protocol IN ('ariadne.v1', 'twilio')),
    token_enc   bytea,
    parameters  jsonb         NOT NULL DEFAULT '{}',
    created_at  timestamptz   NOT NULL DEFAULT now(),
    updated_at  timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT agents_tenant_name_uq UNIQUE (tenant_id, name)
);
CREATE INDEX agents_tenant_idx ON ariadne.agents (tenant_id, created_at);
--rollback DROP TABLE ariadne.agents;

--changeset ariadne:app-002-numbers
-- A DID belongs to exactly one tenant, platform-wide.
CREATE TABLE ariadne.numbers (
    id          uuid PRIMARY KEY,
    tenant_id   uuid         NOT NULL REFERENCES ariadne.tenants (id) ON DELETE CASCADE,
    e164        varchar(16)  NOT NULL UNIQUE,
    trunk_id    uuid         NOT NULL REFERENCES ariadne.trunks (id),
    agent_id    uuid         NOT NULL REFERENCES ariadne.agents (id),
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX numbers_tenant_idx ON ariadne.numbers (tenant_id, created_at);
CREATE INDEX numbers_trunk_idx ON ariadne.numbers (trunk_id);
CREATE INDEX numbers_agent_idx ON ariadne.numbers (agent_id);
--rollback DROP TABLE ariadne.numbers;

--changeset ariadne:app-002-provisioning-outbox
-- Written in the same transaction as a trunk change; a reconciler tells Asterisk and marks it done,
-- so a change made while Asterisk is down is applied when it is back.
CREATE TABLE ariadne.provisioning_outbox (
    id           bigserial PRIMARY KEY,
    trunk_id     uuid         NOT NULL,
    endpoint_id  varchar(40)  NOT NULL,
    action       varchar(10)  NOT NULL CHECK (action IN ('apply', 'remove')),
    attempts     integer      NOT NULL DEFAULT 0,
    last_error   text,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    done_at      timestamptz
);
CREATE INDEX provisioning_outbox_pending_idx ON ariadne.provisioning_outbox (id) WHERE done_at IS NULL;
--rollback DROP TABLE ariadne.provisioning_outbox;
