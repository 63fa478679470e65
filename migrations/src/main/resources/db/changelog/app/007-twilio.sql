--liquibase formatted sql

--changeset ariadne:app-007-twilio-accounts
-- A tenant's Twilio account: auth_token_enc is AES-GCM under ariadne.secrets.key, like trunk passwords. fallback:
-- outbound calls no trunk could carry go out through Twilio.
CREATE TABLE ariadne.twilio_accounts (
    tenant_id       uuid         PRIMARY KEY REFERENCES ariadne.tenants (id) ON DELETE CASCADE,
    account_sid     varchar(34)  NOT NULL UNIQUE,
    auth_token_enc  bytea        NOT NULL,
    fallback        boolean      NOT NULL DEFAULT false,
    friendly_name   varchar(255),
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now()
);
--rollback DROP TABLE ariadne.twilio_accounts;

--changeset ariadne:app-007-twilio-numbers
-- A number either rides on one of the tenant's trunks (source trunk) or stays on Twilio (source twilio, its
-- IncomingPhoneNumber sid), reaching Ariadne through Twilio's voice webhook and Media Streams.
ALTER TABLE ariadne.numbers ADD COLUMN source varchar(6) NOT NULL DEFAULT 'trunk';
ALTER TABLE ariadne.numbers ADD COLUMN twilio_number_sid varchar(34);
ALTER TABLE ariadne.numbers ALTER COLUMN trunk_id DROP NOT NULL;
ALTER TABLE ariadne.numbers ADD CONSTRAINT numbers_source_ck CHECK (
    (source = 'trunk' AND trunk_id IS NOT NULL AND twilio_number_sid IS NULL)
    OR (source = 'twilio' AND trunk_id IS NULL AND twilio_number_sid IS NOT NULL));
--rollback ALTER TABLE ariadne.numbers DROP CONSTRAINT numbers_source_ck;
--rollback DELETE FROM ariadne.numbers WHERE source = 'twilio';
--rollback ALTER TABLE ariadne.numbers ALTER COLUMN trunk_id SET NOT NULL;
--rollback ALTER TABLE ariadne.numbers DROP COLUMN twilio_number_sid;
--rollback ALTER TABLE ariadne.numbers DROP COLUMN source;

--changeset ariadne:app-007-twilio-calls
-- source: how the call reached the person (sip: an Asterisk channel; twilio: a Twilio call and its media stream);
-- twilio_call_sid: Twilio's CallSid. An attempt of an outbound call is on a trunk or, as the last resort, on
-- Twilio (route twilio, no trunk).
ALTER TABLE ariadne.calls ADD COLUMN source varchar(6) NOT NULL DEFAULT 'sip';
ALTER TABLE ariadne.calls ADD COLUMN twilio_call_sid varchar(34);
CREATE UNIQUE INDEX calls_twilio_call_sid_idx ON ariadne.calls (twilio_call_sid) WHERE twilio_call_sid IS NOT NULL;
ALTER TABLE ariadne.call_attempts ADD COLUMN route varchar(6) NOT NULL DEFAULT 'trunk';
ALTER TABLE ariadne.call_attempts ADD COLUMN twilio_call_sid varchar(34);
ALTER TABLE ariadne.call_attempts ALTER COLUMN trunk_id DROP NOT NULL;
ALTER TABLE ariadne.call_attempts ALTER COLUMN channel_id DROP NOT NULL;
--rollback DELETE FROM ariadne.call_attempts WHERE route = 'twilio';
--rollback ALTER TABLE ariadne.call_attempts ALTER COLUMN channel_id SET NOT NULL;
--rollback ALTER TABLE ariadne.call_attempts ALTER COLUMN trunk_id SET NOT NULL;
--rollback ALTER TABLE ariadne.call_attempts DROP COLUMN twilio_call_sid;
--rollback ALTER TABLE ariadne.call_attempts DROP COLUMN route;
--rollback DROP INDEX ariadne.calls_twilio_call_sid_idx;
--rollback ALTER TABLE ariadne.calls DROP COLUMN twilio_call_sid;
--rollback ALTER TABLE ariadne.calls DROP COLUMN source;
