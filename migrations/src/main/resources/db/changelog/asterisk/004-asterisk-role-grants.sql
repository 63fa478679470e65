--liquibase formatted sql

--changeset ariadne:ast-004-grants
-- Asterisk reads its PJSIP objects and writes only the contacts of registrations it accepts. It gets
-- nothing on the application's schema: that one is revoked from PUBLIC and granted to no one here.
GRANT SELECT ON asterisk.ps_endpoints, asterisk.ps_aors, asterisk.ps_auths, asterisk.ps_contacts,
    asterisk.ps_endpoint_id_ips, asterisk.ps_domain_aliases, asterisk.ps_registrations,
    asterisk.ps_transports, asterisk.ps_systems, asterisk.ps_globals
    TO "${asteriskDbUser}";
GRANT INSERT, UPDATE, DELETE ON asterisk.ps_contacts TO "${asteriskDbUser}";
--rollback REVOKE ALL ON asterisk.ps_endpoints, asterisk.ps_aors, asterisk.ps_auths, asterisk.ps_contacts,
--rollback     asterisk.ps_endpoint_id_ips, asterisk.ps_domain_aliases, asterisk.ps_registrations,
--rollback     asterisk.ps_transports, asterisk.ps_systems, asterisk.ps_globals
--rollback     FROM "${asteriskDbUser}";
