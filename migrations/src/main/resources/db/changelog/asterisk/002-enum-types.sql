--liquibase formatted sql

-- Enum types of Asterisk 22's PJSIP realtime schema, with Asterisk's own names and values in
-- Asterisk's order (contrib/ast-db-manage/config, alembic head e89e30cee53f). Only the types that
-- the ps_* tables below use: by 22 Asterisk has moved its yes/no columns to ast_bool_values and
-- identify_by to VARCHAR(80), so yesno_values and pjsip_identify_by_values are not among them.

--changeset ariadne:ast-002-enum-types
CREATE TYPE asterisk.ast_bool_values AS ENUM ('0', '1', 'off', 'on', 'false', 'true', 'no', 'yes');
CREATE TYPE asterisk.pjsip_100rel_values_v2 AS ENUM ('no', 'required', 'peer_supported', 'yes');
CREATE TYPE asterisk.pjsip_auth_type_values_v2 AS ENUM ('md5', 'userpass', 'google_oauth');
CREATE TYPE asterisk.pjsip_cid_privacy_values AS ENUM (
    'allowed_not_screened',
    'allowed_passed_screened',
    'allowed_failed_screened',
    'allowed',
    'prohib_not_screened',
    'prohib_passed_screened',
    'prohib_failed_screened',
    'prohib',
    'unavailable'
);
CREATE TYPE asterisk.pjsip_connected_line_method_values AS ENUM ('invite', 'reinvite', 'update');
CREATE TYPE asterisk.pjsip_direct_media_glare_mitigation_values AS ENUM ('none', 'outgoing', 'incoming');
CREATE TYPE asterisk.pjsip_dtls_setup_values AS ENUM ('active', 'passive', 'actpass');
CREATE TYPE asterisk.pjsip_dtmf_mode_values_v3 AS ENUM ('rfc4733', 'inband', 'info', 'auto', 'auto_info');
CREATE TYPE asterisk.pjsip_incoming_call_offer_pref_values AS ENUM (
    'local',
    'local_first',
    'remote',
    'remote_first'
);
CREATE TYPE asterisk.pjsip_media_encryption_values AS ENUM ('no', 'sdes', 'dtls');
CREATE TYPE asterisk.pjsip_outgoing_call_offer_pref_values AS ENUM (
    'local',
    'local_merge',
    'local_first',
    'remote',
    'remote_merge',
    'remote_first'
);
CREATE TYPE asterisk.pjsip_redirect_method_values AS ENUM ('user', 'uri_core', 'uri_pjsip');
CREATE TYPE asterisk.pjsip_t38udptl_ec_values AS ENUM ('none', 'fec', 'redundancy');
CREATE TYPE asterisk.pjsip_taskprocessor_overload_trigger_values AS ENUM ('none', 'global', 'pjsip_only');
CREATE TYPE asterisk.pjsip_timer_values AS ENUM ('forced', 'no', 'required', 'yes');
CREATE TYPE asterisk.pjsip_transport_method_values_v2 AS ENUM (
    'default',
    'unspecified',
    'tlsv1',
    'tlsv1_1',
    'tlsv1_2',
    'tlsv1_3',
    'sslv2',
    'sslv23',
    'sslv3'
);
CREATE TYPE asterisk.pjsip_transport_protocol_values_v2 AS ENUM ('udp', 'tcp', 'tls', 'ws', 'wss', 'flow');
CREATE TYPE asterisk.security_negotiation_values AS ENUM ('no', 'mediasec');
CREATE TYPE asterisk.sha_hash_values AS ENUM ('SHA-1', 'SHA-256');
--rollback DROP TYPE asterisk.sha_hash_values;
--rollback DROP TYPE asterisk.security_negotiation_values;
--rollback DROP TYPE asterisk.pjsip_transport_protocol_values_v2;
--rollback DROP TYPE asterisk.pjsip_transport_method_values_v2;
--rollback DROP TYPE asterisk.pjsip_timer_values;
--rollback DROP TYPE asterisk.pjsip_taskprocessor_overload_trigger_values;
--rollback DROP TYPE asterisk.pjsip_t38udptl_ec_values;
--rollback DROP TYPE asterisk.pjsip_redirect_method_values;
--rollback DROP TYPE asterisk.pjsip_outgoing_call_offer_pref_values;
--rollback DROP TYPE asterisk.pjsip_media_encryption_values;
--rollback DROP TYPE asterisk.pjsip_incoming_call_offer_pref_values;
--rollback DROP TYPE asterisk.pjsip_dtmf_mode_values_v3;
--rollback DROP TYPE asterisk.pjsip_dtls_setup_values;
--rollback DROP TYPE asterisk.pjsip_direct_media_glare_mitigation_values;
--rollback DROP TYPE asterisk.pjsip_connected_line_method_values;
--rollback DROP TYPE asterisk.pjsip_cid_privacy_values;
--rollback DROP TYPE asterisk.pjsip_auth_type_values_v2;
--rollback DROP TYPE asterisk.pjsip_100rel_values_v2;
--rollback DROP TYPE asterisk.ast_bool_values;
