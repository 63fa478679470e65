--liquibase formatted sql

-- Asterisk 22's PJSIP realtime tables, column for column and type for type as the cumulative result of
-- Asterisk 22.10.1's contrib/ast-db-manage/config migrations (alembic head e89e30cee53f), which is also
-- what Asterisk ships as contrib/realtime/postgresql/postgresql_config.sql. Like Asterisk's, the tables
-- have UNIQUE (id) and an index on id rather than a primary key; keep them that way so that a later
-- Asterisk migration applies the same way here.

--changeset ariadne:ast-003-ps-endpoints
-- endpoint: one per trunk; its context, codecs, DTMF mode, media encryption, auth and aors.
CREATE TABLE asterisk.ps_endpoints (
    id                                 VARCHAR(255) NOT NULL,
    transport                          VARCHAR(40),
    aors                               VARCHAR(2048),
    auth                               VARCHAR(255),
    context                            VARCHAR(40),
    disallow                           VARCHAR(200),
    allow                              VARCHAR(200),
    direct_media                       asterisk.ast_bool_values,
    connected_line_method              asterisk.pjsip_connected_line_method_values,
    direct_media_method                asterisk.pjsip_connected_line_method_values,
    direct_media_glare_mitigation      asterisk.pjsip_direct_media_glare_mitigation_values,
    disable_direct_media_on_nat        asterisk.ast_bool_values,
    dtmf_mode                          asterisk.pjsip_dtmf_mode_values_v3,
    external_media_address             VARCHAR(40),
    force_rport                        asterisk.ast_bool_values,
    ice_support                        asterisk.ast_bool_values,
    identify_by                        VARCHAR(80),
    mailboxes                          VARCHAR(40),
    moh_suggest                        VARCHAR(40),
    outbound_auth                      VARCHAR(255),
    outbound_proxy                     VARCHAR(255),
    rewrite_contact                    asterisk.ast_bool_values,
    rtp_ipv6                           asterisk.ast_bool_values,
    rtp_symmetric                      asterisk.ast_bool_values,
    send_diversion                     asterisk.ast_bool_values,
    send_pai                           asterisk.ast_bool_values,
    send_rpid                          asterisk.ast_bool_values,
    timers_min_se                      INTEGER,
    timers                             asterisk.pjsip_timer_values,
    timers_sess_expires                INTEGER,
    callerid                           VARCHAR(40),
    callerid_privacy                   asterisk.pjsip_cid_privacy_values,
    callerid_tag                       VARCHAR(40),
    "100rel"                           asterisk.pjsip_100rel_values_v2,
    aggregate_mwi                      asterisk.ast_bool_values,
    trust_id_inbound                   asterisk.ast_bool_values,
    trust_id_outbound                  asterisk.ast_bool_values,
    use_ptime                          asterisk.ast_bool_values,
    use_avpf                           asterisk.ast_bool_values,
    media_encryption                   asterisk.pjsip_media_encryption_values,
    inband_progress                    asterisk.ast_bool_values,
    call_group                         VARCHAR(40),
    pickup_group                       VARCHAR(40),
    named_call_group                   VARCHAR(40),
    named_pickup_group                 VARCHAR(40),
    device_state_busy_at               INTEGER,
    fax_detect                         asterisk.ast_bool_values,
    t38_udptl                          asterisk.ast_bool_values,
    t38_udptl_ec                       asterisk.pjsip_t38udptl_ec_values,
    t38_udptl_maxdatagram              INTEGER,
    t38_udptl_nat                      asterisk.ast_bool_values,
    t38_udptl_ipv6                     asterisk.ast_bool_values,
    tone_zone                          VARCHAR(40),
    language                           VARCHAR(40),
    one_touch_recording                asterisk.ast_bool_values,
    record_on_feature                  VARCHAR(40),
    record_off_feature                 VARCHAR(40),
    rtp_engine                         VARCHAR(40),
    allow_transfer                     asterisk.ast_bool_values,
    allow_subscribe                    asterisk.ast_bool_values,
    sdp_owner                          VARCHAR(40),
    sdp_session                        VARCHAR(40),
    tos_audio                          VARCHAR(10),
    tos_video                          VARCHAR(10),
    sub_min_expiry                     INTEGER,
    from_domain                        VARCHAR(40),
    from_user                          VARCHAR(40),
    mwi_from_user                      VARCHAR(40),
    dtls_verify                        VARCHAR(40),
    dtls_rekey                         VARCHAR(40),
    dtls_cert_file                     VARCHAR(200),
    dtls_private_key                   VARCHAR(200),
    dtls_cipher                        VARCHAR(200),
    dtls_ca_file                       VARCHAR(200),
    dtls_ca_path                       VARCHAR(200),
    dtls_setup                         asterisk.pjsip_dtls_setup_values,
    srtp_tag_32                        asterisk.ast_bool_values,
    media_address                      VARCHAR(40),
    redirect_method                    asterisk.pjsip_redirect_method_values,
    set_var                            TEXT,
    cos_audio                          INTEGER,
    cos_video                          INTEGER,
    message_context                    VARCHAR(40),
    force_avp                          asterisk.ast_bool_values,
    media_use_received_transport       asterisk.ast_bool_values,
    accountcode                        VARCHAR(80),
    user_eq_phone                      asterisk.ast_bool_values,
    moh_passthrough                    asterisk.ast_bool_values,
    media_encryption_optimistic        asterisk.ast_bool_values,
    rpid_immediate                     asterisk.ast_bool_values,
    g726_non_standard                  asterisk.ast_bool_values,
    rtp_keepalive                      INTEGER,
    rtp_timeout                        INTEGER,
    rtp_timeout_hold                   INTEGER,
    bind_rtp_to_media_address          asterisk.ast_bool_values,
    voicemail_extension                VARCHAR(40),
    mwi_subscribe_replaces_unsolicited asterisk.ast_bool_values,
    deny                               VARCHAR(95),
    permit                             VARCHAR(95),
    acl                                VARCHAR(40),
    contact_deny                       VARCHAR(95),
    contact_permit                     VARCHAR(95),
    contact_acl                        VARCHAR(40),
    subscribe_context                  VARCHAR(40),
    fax_detect_timeout                 INTEGER,
    contact_user                       VARCHAR(80),
    preferred_codec_only               asterisk.ast_bool_values,
    asymmetric_rtp_codec               asterisk.ast_bool_values,
    rtcp_mux                           asterisk.ast_bool_values,
    allow_overlap                      asterisk.ast_bool_values,
    refer_blind_progress               asterisk.ast_bool_values,
    notify_early_inuse_ringing         asterisk.ast_bool_values,
    max_audio_streams                  INTEGER,
    max_video_streams                  INTEGER,
    webrtc                             asterisk.ast_bool_values,
    dtls_fingerprint                   asterisk.sha_hash_values,
    incoming_mwi_mailbox               VARCHAR(40),
    bundle                             asterisk.ast_bool_values,
    dtls_auto_generate_cert            asterisk.ast_bool_values,
    follow_early_media_fork            asterisk.ast_bool_values,
    accept_multiple_sdp_answers        asterisk.ast_bool_values,
    suppress_q850_reason_headers       asterisk.ast_bool_values,
    trust_connected_line               asterisk.ast_bool_values,
    send_connected_line                asterisk.ast_bool_values,
    ignore_183_without_sdp             asterisk.ast_bool_values,
    codec_prefs_incoming_offer         VARCHAR(128),
    codec_prefs_outgoing_offer         VARCHAR(128),
    codec_prefs_incoming_answer        VARCHAR(128),
    codec_prefs_outgoing_answer        VARCHAR(128),
    stir_shaken                        asterisk.ast_bool_values,
    send_history_info                  asterisk.ast_bool_values,
    allow_unauthenticated_options      asterisk.ast_bool_values,
    t38_bind_udptl_to_media_address    asterisk.ast_bool_values,
    geoloc_incoming_call_profile       VARCHAR(80),
    geoloc_outgoing_call_profile       VARCHAR(80),
    incoming_call_offer_pref           asterisk.pjsip_incoming_call_offer_pref_values,
    outgoing_call_offer_pref           asterisk.pjsip_outgoing_call_offer_pref_values,
    stir_shaken_profile                VARCHAR(80),
    security_negotiation               asterisk.security_negotiation_values,
    security_mechanisms                VARCHAR(512),
    send_aoc                           asterisk.ast_bool_values,
    overlap_context                    VARCHAR(80),
    tenantid                           VARCHAR(80),
    suppress_moh_on_sendonly           asterisk.ast_bool_values,
    follow_redirect_methods            VARCHAR(95),
    rtp_port_start                     INTEGER,
    rtp_port_end                       INTEGER,
    UNIQUE (id)
);
CREATE INDEX ps_endpoints_id ON asterisk.ps_endpoints (id);
--rollback DROP TABLE asterisk.ps_endpoints;

--changeset ariadne:ast-003-ps-aors
-- aor: where to reach an endpoint (static contact) or how many registrations it accepts.
CREATE TABLE asterisk.ps_aors (
    id                   VARCHAR(255) NOT NULL,
    contact              VARCHAR(255),
    default_expiration   INTEGER,
    mailboxes            VARCHAR(80),
    max_contacts         INTEGER,
    minimum_expiration   INTEGER,
    remove_existing      asterisk.ast_bool_values,
    qualify_frequency    INTEGER,
    authenticate_qualify asterisk.ast_bool_values,
    maximum_expiration   INTEGER,
    outbound_proxy       VARCHAR(255),
    support_path         asterisk.ast_bool_values,
    qualify_timeout      DOUBLE PRECISION,
    voicemail_extension  VARCHAR(40),
    remove_unavailable   asterisk.ast_bool_values,
    qualify_2xx_only     asterisk.ast_bool_values,
    UNIQUE (id)
);
CREATE INDEX ps_aors_id ON asterisk.ps_aors (id);
CREATE INDEX ps_aors_qualifyfreq_contact ON asterisk.ps_aors (qualify_frequency, contact);
--rollback DROP TABLE asterisk.ps_aors;

--changeset ariadne:ast-003-ps-auths
-- auth: digest credentials, inbound (auth) or outbound (outbound_auth).
CREATE TABLE asterisk.ps_auths (
    id                       VARCHAR(255) NOT NULL,
    auth_type                asterisk.pjsip_auth_type_values_v2,
    nonce_lifetime           INTEGER,
    md5_cred                 VARCHAR(40),
    password                 VARCHAR(80),
    realm                    VARCHAR(255),
    username                 VARCHAR(40),
    refresh_token            VARCHAR(255),
    oauth_clientid           VARCHAR(255),
    oauth_secret             VARCHAR(255),
    password_digest          VARCHAR(1024),
    supported_algorithms_uas VARCHAR(1024),
    supported_algorithms_uac VARCHAR(1024),
    UNIQUE (id)
);
CREATE INDEX ps_auths_id ON asterisk.ps_auths (id);
--rollback DROP TABLE asterisk.ps_auths;

--changeset ariadne:ast-003-ps-contacts
-- contact: written by Asterisk itself for registrations it accepts (its role may write here).
CREATE TABLE asterisk.ps_contacts (
    id                   VARCHAR(255) NOT NULL,
    uri                  VARCHAR(511),
    expiration_time      BIGINT,
    qualify_frequency    INTEGER,
    outbound_proxy       VARCHAR(255),
    path                 TEXT,
    user_agent           VARCHAR(255),
    qualify_timeout      DOUBLE PRECISION,
    reg_server           VARCHAR(255),
    authenticate_qualify asterisk.ast_bool_values,
    via_addr             VARCHAR(40),
    via_port             INTEGER,
    call_id              VARCHAR(255),
    endpoint             VARCHAR(255),
    prune_on_boot        asterisk.ast_bool_values,
    qualify_2xx_only     asterisk.ast_bool_values,
    UNIQUE (id),
    CONSTRAINT ps_contacts_uq UNIQUE (id, reg_server)
);
CREATE INDEX ps_contacts_id ON asterisk.ps_contacts (id);
CREATE INDEX ps_contacts_qualifyfreq_exp ON asterisk.ps_contacts (qualify_frequency, expiration_time);
--rollback DROP TABLE asterisk.ps_contacts;

--changeset ariadne:ast-003-ps-endpoint-id-ips
-- identify: matches a request to an endpoint by source address (match) or header.
CREATE TABLE asterisk.ps_endpoint_id_ips (
    id                VARCHAR(255) NOT NULL,
    endpoint          VARCHAR(255),
    match             VARCHAR(80),
    srv_lookups       asterisk.ast_bool_values,
    match_header      VARCHAR(255),
    match_request_uri VARCHAR(255),
    UNIQUE (id)
);
CREATE INDEX ps_endpoint_id_ips_id ON asterisk.ps_endpoint_id_ips (id);
--rollback DROP TABLE asterisk.ps_endpoint_id_ips;

--changeset ariadne:ast-003-ps-domain-aliases
-- domain_alias: extra domains treated as local.
CREATE TABLE asterisk.ps_domain_aliases (
    id     VARCHAR(255) NOT NULL,
    domain VARCHAR(255),
    UNIQUE (id)
);
CREATE INDEX ps_domain_aliases_id ON asterisk.ps_domain_aliases (id);
--rollback DROP TABLE asterisk.ps_domain_aliases;

--changeset ariadne:ast-003-ps-registrations
-- registration: outbound registrations to a carrier.
CREATE TABLE asterisk.ps_registrations (
    id                       VARCHAR(255) NOT NULL,
    auth_rejection_permanent asterisk.ast_bool_values,
    client_uri               VARCHAR(255),
    contact_user             VARCHAR(40),
    expiration               INTEGER,
    max_retries              INTEGER,
    outbound_auth            VARCHAR(255),
    outbound_proxy           VARCHAR(255),
    retry_interval           INTEGER,
    forbidden_retry_interval INTEGER,
    server_uri               VARCHAR(255),
    transport                VARCHAR(40),
    support_path             asterisk.ast_bool_values,
    fatal_retry_interval     INTEGER,
    line                     asterisk.ast_bool_values,
    endpoint                 VARCHAR(255),
    support_outbound         asterisk.ast_bool_values,
    contact_header_params    VARCHAR(255),
    max_random_initial_delay INTEGER,
    security_negotiation     asterisk.security_negotiation_values,
    security_mechanisms      VARCHAR(512),
    user_agent               VARCHAR(255),
    UNIQUE (id)
);
CREATE INDEX ps_registrations_id ON asterisk.ps_registrations (id);
--rollback DROP TABLE asterisk.ps_registrations;

--changeset ariadne:ast-003-ps-transports
-- transport: read only where sorcery.conf maps transports to realtime.
CREATE TABLE asterisk.ps_transports (
    id                          VARCHAR(40) NOT NULL,
    async_operations            INTEGER,
    bind                        VARCHAR(40),
    ca_list_file                VARCHAR(200),
    cert_file                   VARCHAR(200),
    cipher                      VARCHAR(200),
    domain                      VARCHAR(40),
    external_media_address      VARCHAR(40),
    external_signaling_address  VARCHAR(40),
    external_signaling_port     INTEGER,
    method                      asterisk.pjsip_transport_method_values_v2,
    local_net                   VARCHAR(40),
    password                    VARCHAR(40),
    priv_key_file               VARCHAR(200),
    protocol                    asterisk.pjsip_transport_protocol_values_v2,
    require_client_cert         asterisk.ast_bool_values,
    verify_client               asterisk.ast_bool_values,
    verify_server               asterisk.ast_bool_values,
    tos                         VARCHAR(10),
    cos                         INTEGER,
    allow_reload                asterisk.ast_bool_values,
    symmetric_transport         asterisk.ast_bool_values,
    allow_wildcard_certs        asterisk.ast_bool_values,
    tcp_keepalive_enable        BOOLEAN,
    tcp_keepalive_idle_time     INTEGER,
    tcp_keepalive_interval_time INTEGER,
    tcp_keepalive_probe_count   INTEGER,
    UNIQUE (id)
);
CREATE INDEX ps_transports_id ON asterisk.ps_transports (id);
--rollback DROP TABLE asterisk.ps_transports;

--changeset ariadne:ast-003-ps-systems
-- system: read only where sorcery.conf maps it to realtime.
CREATE TABLE asterisk.ps_systems (
    id                          VARCHAR(40) NOT NULL,
    timer_t1                    INTEGER,
    timer_b                     INTEGER,
    compact_headers             asterisk.ast_bool_values,
    threadpool_initial_size     INTEGER,
    threadpool_auto_increment   INTEGER,
    threadpool_idle_timeout     INTEGER,
    threadpool_max_size         INTEGER,
    disable_tcp_switch          asterisk.ast_bool_values,
    follow_early_media_fork     asterisk.ast_bool_values,
    accept_multiple_sdp_answers asterisk.ast_bool_values,
    disable_rport               asterisk.ast_bool_values,
    taskpool_minimum_size       INTEGER,
    taskpool_initial_size       INTEGER,
    taskpool_auto_increment     INTEGER,
    taskpool_idle_timeout       INTEGER,
    taskpool_max_size           INTEGER,
    UNIQUE (id)
);
CREATE INDEX ps_systems_id ON asterisk.ps_systems (id);
--rollback DROP TABLE asterisk.ps_systems;

--changeset ariadne:ast-003-ps-globals
-- global: read only where sorcery.conf maps it to realtime.
CREATE TABLE asterisk.ps_globals (
    id                                         VARCHAR(40) NOT NULL,
    max_forwards                               INTEGER,
    user_agent                                 VARCHAR(255),
    default_outbound_endpoint                  VARCHAR(40),
    debug                                      VARCHAR(40),
    endpoint_identifier_order                  VARCHAR(40),
    max_initial_qualify_time                   INTEGER,
    default_from_user                          VARCHAR(80),
    keep_alive_interval                        INTEGER,
    regcontext                                 VARCHAR(80),
    contact_expiration_check_interval          INTEGER,
    default_voicemail_extension                VARCHAR(40),
    disable_multi_domain                       asterisk.ast_bool_values,
    unidentified_request_count                 INTEGER,
    unidentified_request_period                INTEGER,
    unidentified_request_prune_interval        INTEGER,
    default_realm                              VARCHAR(40),
    mwi_tps_queue_high                         INTEGER,
    mwi_tps_queue_low                          INTEGER,
    mwi_disable_initial_unsolicited            asterisk.ast_bool_values,
    ignore_uri_user_options                    asterisk.ast_bool_values,
    use_callerid_contact                       asterisk.ast_bool_values,
    send_contact_status_on_update_registration asterisk.ast_bool_values,
    taskprocessor_overload_trigger             asterisk.pjsip_taskprocessor_overload_trigger_values,
    norefersub                                 asterisk.ast_bool_values,
    allow_sending_180_after_183                asterisk.ast_bool_values,
    all_codecs_on_empty_reinvite               asterisk.ast_bool_values,
    default_auth_algorithms_uas                VARCHAR(1024),
    default_auth_algorithms_uac                VARCHAR(1024),
    UNIQUE (id)
);
CREATE INDEX ps_globals_id ON asterisk.ps_globals (id);
--rollback DROP TABLE asterisk.ps_globals;
