--liquibase formatted sql

--changeset ariadne:app-009-agent-signing-secret
-- The agent's handshake signing secret (HMAC-SHA256 over timestamp and call id, sent as X-Ariadne-Signature),
-- AES-GCM under ariadne.secrets.key like the token. Null for agents made before: their handshakes are unsigned
-- until the tenant asks for a secret (POST /api/v1/agents/{id}/signing-secret).
ALTER TABLE ariadne.agents ADD COLUMN signing_secret_enc bytea;
--rollback ALTER TABLE ariadne.agents DROP COLUMN signing_secret_enc;
