--liquibase formatted sql

--changeset ariadne:app-008-audit-events
-- Configuration changes: who (an API key, or the admin token: actor 'admin' and no key), when, what, and which
-- fields. Field names only, never values. Written in the same transaction as the change.
CREATE TABLE ariadne.audit_events (
    id              uuid          PRIMARY KEY,
    tenant_id       uuid          NOT NULL REFERENCES ariadne.tenants (id) ON DELETE CASCADE,
    at              timestamptz   NOT NULL DEFAULT now(),
    actor           varchar(10)   NOT NULL CHECK (actor IN ('api_key', 'admin')),
    api_key_id      uuid,
    action          varchar(10)   NOT NULL,
    resource_type   varchar(20)   NOT NULL,
    resource_id     varchar(100)  NOT NULL,
    changed_fields  text[]        NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_tenant_at ON ariadne.audit_events (tenant_id, at DESC, id);
CREATE INDEX audit_events_tenant_resource ON ariadne.audit_events (tenant_id, resource_type, resource_id, at DESC);
--rollback DROP TABLE ariadne.audit_events;
