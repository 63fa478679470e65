--liquibase formatted sql

--changeset ariadne:app-014-trunk-registration
-- What Asterisk reports of a trunk's outbound registration (registered, rejected, unregistered, retrying), the SIP
-- status that explains a rejection (from Ariadne's own REGISTER, as Asterisk reports none), and when it last
-- changed; and the round trip of the carrier's last qualify.
ALTER TABLE ariadne.trunks
    ADD COLUMN registration_status text
        CHECK (registration_status IN ('registered', 'rejected', 'unregistered', 'retrying')),
    ADD COLUMN registration_sip_status integer CHECK (registration_sip_status BETWEEN 100 AND 699),
    ADD COLUMN registration_detail text,
    ADD COLUMN registration_changed_at timestamptz,
    ADD COLUMN health_rtt_ms double precision CHECK (health_rtt_ms >= 0);
--rollback ALTER TABLE ariadne.trunks DROP COLUMN health_rtt_ms, DROP COLUMN registration_changed_at, DROP COLUMN registration_detail, DROP COLUMN registration_sip_status, DROP COLUMN registration_status;
