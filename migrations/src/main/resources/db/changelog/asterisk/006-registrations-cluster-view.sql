--liquibase formatted sql

--changeset ariadne:ast-006-registrar-function splitStatements:false rollbackSplitStatements:false
-- Whether the connecting Asterisk is the registrar: the node holding the live 'registrar' lease, its
-- res_config_pgsql connection named application_name = 'asterisk-<node id>' (res_pgsql.conf dbappname). SECURITY
-- DEFINER: Asterisk's role reads the lease through this function only and still has no right on the application's
-- schema. PL/pgSQL resolves the table when it runs, so this tree may run before the application's creates it.
CREATE FUNCTION asterisk.ariadne_is_registrar() RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM ariadne.cluster_leases l
                   WHERE l.name = 'registrar' AND l.expires_at > now()
                     AND 'asterisk-' || l.holder = current_setting('application_name'));
EXCEPTION WHEN undefined_table THEN
    RETURN false;
END
$$;
REVOKE ALL ON FUNCTION asterisk.ariadne_is_registrar() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION asterisk.ariadne_is_registrar() TO "${asteriskDbUser}";
--rollback DROP FUNCTION asterisk.ariadne_is_registrar();

--changeset ariadne:ast-006-registrations-cluster-view
-- ps_registrations as the registrar's Asterisk sees them, and empty for every other node's: with several nodes
-- (asterisk.sh maps the registration family here in cluster mode) exactly one Asterisk registers each trunk.
CREATE VIEW asterisk.ps_registrations_cluster AS
    SELECT * FROM asterisk.ps_registrations WHERE asterisk.ariadne_is_registrar();
GRANT SELECT ON asterisk.ps_registrations_cluster TO "${asteriskDbUser}";
--rollback DROP VIEW asterisk.ps_registrations_cluster;
