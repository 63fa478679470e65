--liquibase formatted sql

--changeset ariadne:ast-005-endpoint-permit-width
-- An endpoint's permit holds a trunk's allowedIps (up to 32 IPs or CIDRs, comma-separated: its inbound endpoint's
-- ACL). Asterisk's own schema has 95 characters, room for about five; res_config_pgsql reads any width.
ALTER TABLE asterisk.ps_endpoints ALTER COLUMN permit TYPE VARCHAR(2048);
--rollback ALTER TABLE asterisk.ps_endpoints ALTER COLUMN permit TYPE VARCHAR(95);
