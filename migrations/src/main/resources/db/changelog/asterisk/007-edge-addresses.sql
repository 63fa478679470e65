--liquibase formatted sql

--changeset ariadne:ast-007-edge-addresses
-- The SIP edge (Kamailio's permissions module, README "Several nodes") lets in only the carriers' addresses: every
-- trunk's allowedIps, which are exactly the address identifies (match) of ps_endpoint_id_ips. Kamailio reads them
-- as its "address" table (columns of its schema version 6) and the version of that table from edge_versions
-- (its version_table), both as Asterisk's role: the edge needs nothing else.
CREATE VIEW asterisk.edge_addresses AS
SELECT row_number() OVER (ORDER BY i.id)::integer AS id,
       1 AS grp,
       host(i.match::inet)::varchar(50) AS ip_addr,
       masklen(i.match::inet) AS mask,
       0 AS port,
       i.endpoint::varchar(64) AS tag
FROM asterisk.ps_endpoint_id_ips i
WHERE i.match IS NOT NULL AND i.match <> '';
CREATE VIEW asterisk.edge_versions AS
SELECT 'edge_addresses'::varchar(32) AS table_name, 6 AS table_version;
GRANT SELECT ON asterisk.edge_addresses, asterisk.edge_versions TO "${asteriskDbUser}";
--rollback DROP VIEW asterisk.edge_versions;
--rollback DROP VIEW asterisk.edge_addresses;
