--liquibase formatted sql

--changeset ariadne:app-004-call-first-audio
-- Milliseconds from the call's StasisStart to the first agent audio sent towards the caller: call setup as the
-- caller experiences it.
ALTER TABLE ariadne.calls ADD COLUMN first_audio_ms integer;
--rollback ALTER TABLE ariadne.calls DROP COLUMN first_audio_ms;
