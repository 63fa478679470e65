--liquibase formatted sql

--changeset ariadne:app-011-trunk-pjsip-settings
-- The deployment settings a trunk's PJSIP rows were written for (today: the SIP edge's addresses, which its inbound
-- endpoint's ACL admits), next to pjsip_layout: a trunk written with other settings is rewritten at startup.
ALTER TABLE ariadne.trunks ADD COLUMN pjsip_settings text NOT NULL DEFAULT '';
--rollback ALTER TABLE ariadne.trunks DROP COLUMN pjsip_settings;
