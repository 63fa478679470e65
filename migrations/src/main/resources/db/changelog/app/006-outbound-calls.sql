--liquibase formatted sql

--changeset ariadne:app-006-call-attempts
-- An outbound call's tries, one per trunk it was dialled through, in order. sip_status is the SIP response that
-- ended the try (Asterisk's tech_cause), cause_code the Q.850 cause; outcome says how it ended (answered, the
-- callee's answer such as busy or no_answer, or a carrier failure such as carrier_error or no_response), and
-- failed_over whether Ariadne went on to the next trunk after it; sip_call_id the attempt's own SIP Call-ID.
CREATE TABLE ariadne.call_attempts (
    call_id      uuid         NOT NULL REFERENCES ariadne.calls (id) ON DELETE CASCADE,
    attempt      smallint     NOT NULL CHECK (attempt > 0),
    trunk_id     uuid         NOT NULL,
    channel_id   varchar(128) NOT NULL,
    sip_call_id  varchar(255),
    started_at   timestamptz  NOT NULL DEFAULT now(),
    ended_at     timestamptz,
    sip_status   integer,
    cause_code   integer,
    outcome      varchar(32),
    failed_over  boolean      NOT NULL DEFAULT false,
    PRIMARY KEY (call_id, attempt)
);
--rollback DROP TABLE ariadne.call_attempts;

--changeset ariadne:app-006-idempotency-keys
-- POST /api/v1/calls with an Idempotency-Key: a retry with the same key returns the call made by the first
-- request and dials nothing; request_hash tells a retry from a different request reusing the key. Kept at
-- least ariadne.outbound.idempotency-retention (24 h).
CREATE TABLE ariadne.idempotency_keys (
    tenant_id    uuid         NOT NULL REFERENCES ariadne.tenants (id) ON DELETE CASCADE,
    key          varchar(255) NOT NULL,
    request_hash varchar(64)  NOT NULL,
    call_id      uuid         NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON ariadne.idempotency_keys (created_at);
--rollback DROP TABLE ariadne.idempotency_keys;
