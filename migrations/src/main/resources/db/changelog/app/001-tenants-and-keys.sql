--liquibase formatted sql

--changeset ariadne:app-001-schema
CREATE SCHEMA IF NOT EXISTS ariadne;
REVOKE ALL ON SCHEMA ariadne FROM PUBLIC;
--rollback DROP SCHEMA ariadne;

--changeset ariadne:app-001-tenants
CREATE TABLE ariadne.tenants (
    id          uuid PRIMARY KEY,
    name        varchar(100) NOT NULL,
    tier        varchar(20)  NOT NULL CHECK (tier IN ('free', 'pro', 'enterprise')),
    created_at  timestamptz  NOT NULL DEFAULT now()
);
--rollback DROP TABLE ariadne.tenants;

--changeset ariadne:app-001-api-keys
-- Only the SHA-256 of a key is stored; the key itself is shown once, when it is created.
CREATE TABLE ariadne.api_keys (
    id          uuid PRIMARY KEY,
    tenant_id   uuid         NOT NULL REFERENCES ariadne.tenants (id) ON DELETE CASCADE,
    name        varchar(100) NOT NULL,
    prefix      varchar(16)  NOT NULL,
    key_hash    char(64)     NOT NULL UNIQUE,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX api_keys_tenant_idx ON ariadne.api_keys (tenant_id);
--rollback DROP TABLE ariadne.api_keys;
