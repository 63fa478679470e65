--liquibase formatted sql

--changeset ariadne:ast-001-schema
CREATE SCHEMA IF NOT EXISTS asterisk;
--rollback DROP SCHEMA asterisk;
