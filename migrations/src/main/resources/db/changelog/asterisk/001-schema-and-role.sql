--liquibase formatted sql

--changeset ariadne:ast-001-schema
CREATE SCHEMA IF NOT EXISTS asterisk;
--rollback DROP SCHEMA asterisk;

--changeset ariadne:ast-001-role splitStatements:false rollbackSplitStatements:false
-- Asterisk's own login (changelog parameters asteriskDbUser / asteriskDbPassword; the password must not
-- contain a single quote). A role that already exists is kept as it is, password included: roles are
-- cluster-wide and may be an operator's or another database's. The comment marks a role made here, so
-- that a rollback drops only such a role. The migration user needs CREATEROLE for this changeset.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${asteriskDbUser}') THEN
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', '${asteriskDbUser}', '${asteriskDbPassword}');
        EXECUTE format('COMMENT ON ROLE %I IS %L', '${asteriskDbUser}', 'created by ariadne migrations');
    END IF;
    -- Stock Asterisk names its tables without a schema (ps_endpoints); this database resolves them here.
    EXECUTE format('ALTER ROLE %I IN DATABASE %I SET search_path = asterisk',
                   '${asteriskDbUser}', current_database());
END
$$;
GRANT USAGE ON SCHEMA asterisk TO "${asteriskDbUser}";
--rollback REVOKE ALL ON SCHEMA asterisk FROM "${asteriskDbUser}";
--rollback DO $$
--rollback BEGIN
--rollback     EXECUTE format('ALTER ROLE %I IN DATABASE %I RESET search_path',
--rollback                    '${asteriskDbUser}', current_database());
--rollback     IF shobj_description((SELECT oid FROM pg_catalog.pg_roles WHERE rolname = '${asteriskDbUser}'),
--rollback                          'pg_authid') = 'created by ariadne migrations' THEN
--rollback         BEGIN
--rollback             EXECUTE format('DROP ROLE %I', '${asteriskDbUser}');
--rollback         EXCEPTION WHEN dependent_objects_still_exist THEN
--rollback             -- Still granted something in another database of this cluster: that one keeps it.
--rollback             RAISE NOTICE 'role % is still used elsewhere; kept', '${asteriskDbUser}';
--rollback         END;
--rollback     END IF;
--rollback END
--rollback $$;
