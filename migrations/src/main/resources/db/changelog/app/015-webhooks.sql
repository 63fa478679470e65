--liquibase formatted sql

--changeset ariadne:app-015-webhooks
-- A tenant's webhooks: where its events are POSTed, which event types, and the signing secret (AES-GCM, bound to
-- the webhook's id; write-only in the API).
CREATE TABLE ariadne.webhooks (
    id          uuid          PRIMARY KEY,
    tenant_id   uuid          NOT NULL REFERENCES ariadne.tenants (id) ON DELETE CASCADE,
    url         varchar(2048) NOT NULL,
    events      text[]        NOT NULL,
    secret_enc  bytea         NOT NULL,
    enabled     boolean       NOT NULL DEFAULT true,
    created_at  timestamptz   NOT NULL DEFAULT now(),
    updated_at  timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_tenant ON ariadne.webhooks (tenant_id, created_at, id);

-- The outbox: every event a tenant's systems may hear of, written in the transaction of what it tells.
CREATE TABLE ariadne.events (
    id          uuid          PRIMARY KEY,
    tenant_id   uuid          NOT NULL REFERENCES ariadne.tenants (id) ON DELETE CASCADE,
    type        varchar(40)   NOT NULL,
    payload     jsonb         NOT NULL,
    created_at  timestamptz   NOT NULL DEFAULT clock_timestamp()
);
-- Server-sent events resume after Last-Event-ID in (created_at, id) order.
CREATE INDEX events_tenant_created ON ariadne.events (tenant_id, created_at, id);
-- The hourly purge of events past ariadne.webhooks.event-retention.
CREATE INDEX events_created ON ariadne.events (created_at);

-- One row per event and webhook. A node claims a due row by moving next_attempt_at past the request's timeout (its
-- lease): a node that dies mid-send leaves the row due again when the lease ends (at least once).
CREATE TABLE ariadne.webhook_deliveries (
    id                    uuid          PRIMARY KEY,
    webhook_id            uuid          NOT NULL REFERENCES ariadne.webhooks (id) ON DELETE CASCADE,
    event_id              uuid          NOT NULL REFERENCES ariadne.events (id) ON DELETE CASCADE,
    status                varchar(10)   NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts              integer       NOT NULL DEFAULT 0,
    next_attempt_at       timestamptz,
    claimed_by            varchar(100),
    last_attempt_at       timestamptz,
    last_status_code      integer,
    last_error            varchar(500),
    last_response_excerpt varchar(1024),
    delivered_at          timestamptz,
    created_at            timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (webhook_id, event_id)
);
-- The worker's query: each webhook's pending rows that are due, oldest first.
CREATE INDEX webhook_deliveries_due ON ariadne.webhook_deliveries (webhook_id, next_attempt_at) WHERE status = 'pending';
-- A webhook's deliveries, newest first (GET /api/v1/webhooks/{id}/deliveries).
CREATE INDEX webhook_deliveries_webhook ON ariadne.webhook_deliveries (webhook_id, created_at DESC, id);
CREATE INDEX webhook_deliveries_event ON ariadne.webhook_deliveries (event_id);

-- Whether a trunk was above the utilization threshold at the last health pass of any node: trunk.utilization_high
-- is sent once per upward crossing, whichever node sees it first.
CREATE TABLE ariadne.trunk_utilization_alerts (
    trunk_id    uuid          PRIMARY KEY REFERENCES ariadne.trunks (id) ON DELETE CASCADE,
    high        boolean       NOT NULL,
    changed_at  timestamptz   NOT NULL DEFAULT now()
);
--rollback DROP TABLE ariadne.trunk_utilization_alerts;
--rollback DROP TABLE ariadne.webhook_deliveries;
--rollback DROP TABLE ariadne.events;
--rollback DROP TABLE ariadne.webhooks;
