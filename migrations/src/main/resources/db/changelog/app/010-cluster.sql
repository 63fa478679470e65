--liquibase formatted sql

--changeset ariadne:app-010-cluster-nodes
-- One row per orchestrator node (ariadne.cluster.node-id). A node is live while heartbeat_at is younger than
-- ariadne.cluster.node-timeout; every time is the database's clock (now()), never a node's, so nodes' clocks may
-- differ.
CREATE TABLE ariadne.cluster_nodes (
    node_id      varchar(128) PRIMARY KEY,
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now()
);
--rollback DROP TABLE ariadne.cluster_nodes;

--changeset ariadne:app-010-call-slots
-- A call counted against its tenant's and trunk's concurrent-call limits, on every node. Only slots of live
-- nodes count; a dead node's are deleted by the others. No foreign keys: a slot lives as long as a call, and
-- admission is one of the hot paths.
CREATE TABLE ariadne.call_slots (
    call_id    uuid PRIMARY KEY,
    node_id    varchar(128) NOT NULL,
    tenant_id  uuid NOT NULL,
    trunk_id   uuid,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX call_slots_tenant_idx ON ariadne.call_slots (tenant_id);
CREATE INDEX call_slots_node_idx ON ariadne.call_slots (node_id);
--rollback DROP TABLE ariadne.call_slots;

--changeset ariadne:app-010-cluster-leases
-- Named leases, held by one node until expires_at ('registrar': the node whose Asterisk sends the trunks'
-- REGISTERs, read by asterisk.ps_registrations_cluster).
CREATE TABLE ariadne.cluster_leases (
    name       varchar(64) PRIMARY KEY,
    holder     varchar(128) NOT NULL,
    expires_at timestamptz NOT NULL
);
--rollback DROP TABLE ariadne.cluster_leases;
