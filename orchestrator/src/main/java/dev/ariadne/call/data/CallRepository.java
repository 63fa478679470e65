package dev.ariadne.call.data;

import dev.ariadne.call.CallQuery;
import dev.ariadne.call.CallRecord;
import dev.ariadne.stats.QualityScore;
import dev.ariadne.webhook.EventTypes;
import dev.ariadne.webhook.TenantEvents;
import static dev.ariadne.db.Rows.instant;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rows of ariadne.calls, mapped by hand. The writes that start, answer and end a tenant's call record its
 * {@code call.started}, {@code call.answered} and {@code call.ended} event in the same transaction (webhooks and the
 * event stream): the record and its event commit together or not at all.
 */
@Repository
public class CallRepository {
    private final DatabaseClient db;
    private final TenantEvents events;
    private final TransactionalOperator tx;

    public CallRepository(DatabaseClient db, TenantEvents events, TransactionalOperator tx) {
        this.db = db;
        this.events = events;
        this.tx = tx;
    }

    /** The event, with the record as {@code GET /api/v1/calls/{id}} shows it now; nothing for a call no tenant owns. */
    private Mono<Void> event(String type, CallRecord call) {
        if (call.tenantId() == null) {
            return Mono.empty();
        }
        Mono<CallRecord> withAttempts = type.equals(EventTypes.CALL_ENDED) && "outbound".equals(call.direction())
                ? attempts(call.id()).collectList().map(call::withAttempts)
                : Mono.just(call);
        return withAttempts.flatMap(c -> events.record(c.tenantId(), type, Map.of("call", c)));
    }

    public Mono<Void> insertStarted(UUID id, String direction, String from, String to, String channelId, String traceId,
            String node, String sipCallId, String sourceAddress) {
        GenericExecuteSpec q = db.sql("INSERT INTO ariadne.calls (id, direction, from_number, to_number, channel_id,"
                        + " status, trace_id, node, sip_call_id, source_address)"
                        + " VALUES (:id, :direction, :from, :to, :channel, 'routing', :trace, :node, :sipCallId, :source)")
                .bind("id", id)
                .bind("direction", direction)
                .bind("from", nz(from))
                .bind("to", nz(to))
                .bind("channel", channelId)
                .bind("trace", nz(traceId))
                .bind("node", node);
        q = sipCallId == null ? q.bindNull("sipCallId", String.class) : q.bind("sipCallId", truncate(sipCallId));
        q = sourceAddress == null ? q.bindNull("source", String.class) : q.bind("source", truncate(sourceAddress, 64));
        return q.fetch().rowsUpdated().then();
    }

    /** An outbound call as the API accepted it: dialling through its first trunk. */
    public Mono<Void> insertOutbound(UUID id, UUID tenantId, UUID trunkId, UUID numberId, UUID agentId, String from,
            String to, String traceId, String node) {
        GenericExecuteSpec q = db.sql("INSERT INTO ariadne.calls (id, tenant_id, trunk_id, number_id, agent_id, direction, from_number,"
                        + " to_number, status, trace_id, node) VALUES (:id, :tenant, :trunk, :number, :agent, 'outbound',"
                        + " :from, :to, 'dialing', :trace, :node) RETURNING *")
                .bind("id", id)
                .bind("tenant", tenantId)
                .bind("number", numberId)
                .bind("agent", agentId)
                .bind("from", from)
                .bind("to", to)
                .bind("trace", nz(traceId))
                .bind("node", node);
        q = trunkId == null ? q.bindNull("trunk", UUID.class) : q.bind("trunk", trunkId);
        return q.map(CallRepository::call).one().flatMap(c -> event(EventTypes.CALL_STARTED, c)).as(tx::transactional);
    }

    /** Attempt {@code n} of an outbound call starts on a trunk: the call is that trunk's now. */
    public Mono<Void> attemptStarted(UUID callId, int n, UUID trunkId, String channelId) {
        return db.sql("INSERT INTO ariadne.call_attempts (call_id, attempt, trunk_id, channel_id)"
                        + " VALUES (:call, :n, :trunk, :channel)")
                .bind("call", callId)
                .bind("n", (short) n)
                .bind("trunk", trunkId)
                .bind("channel", channelId)
                .fetch().rowsUpdated()
                .then(db.sql("UPDATE ariadne.calls SET trunk_id = :trunk, channel_id = :channel, updated_at = now()"
                                + " WHERE id = :call")
                        .bind("call", callId)
                        .bind("trunk", trunkId)
                        .bind("channel", channelId)
                        .fetch().rowsUpdated())
                .then();
    }

    /** Closes attempt {@code n} (once): how it ended and whether the next trunk was tried. */
    public Mono<Void> attemptEnded(UUID callId, int n, Integer sipStatus, Integer causeCode, String outcome,
            boolean failedOver, String sipCallId) {
        GenericExecuteSpec q = db.sql("UPDATE ariadne.call_attempts SET ended_at = now(), sip_status = :sip,"
                        + " cause_code = :cause, outcome = :outcome, failed_over = :over,"
                        + " sip_call_id = COALESCE(:sipCallId, sip_call_id)"
                        + " WHERE call_id = :call AND attempt = :n AND ended_at IS NULL")
                .bind("call", callId)
                .bind("n", (short) n)
                .bind("outcome", outcome)
                .bind("over", failedOver);
        q = sipStatus == null ? q.bindNull("sip", Integer.class) : q.bind("sip", sipStatus);
        q = causeCode == null ? q.bindNull("cause", Integer.class) : q.bind("cause", causeCode);
        q = sipCallId == null ? q.bindNull("sipCallId", String.class) : q.bind("sipCallId", truncate(sipCallId));
        return q.fetch().rowsUpdated().then();
    }

    /** A call to a Twilio-native number, as Twilio's voice webhook announced it. */
    public Mono<Void> insertTwilioInbound(UUID id, UUID tenantId, UUID numberId, UUID agentId, String from, String to,
            String callSid, String traceId, String node) {
        GenericExecuteSpec q = db.sql("INSERT INTO ariadne.calls (id, tenant_id, number_id, agent_id, direction, source,"
                        + " twilio_call_sid, from_number, to_number, status, trace_id, node) VALUES (:id, :tenant, :number,"
                        + " :agent, 'inbound', 'twilio', :sid, :from, :to, 'routing', :trace, :node) RETURNING *")
                .bind("id", id)
                .bind("tenant", tenantId)
                .bind("sid", callSid)
                .bind("from", nz(from))
                .bind("to", nz(to))
                .bind("trace", nz(traceId))
                .bind("node", node);
        q = numberId == null ? q.bindNull("number", UUID.class) : q.bind("number", numberId); // an unknown number
        q = agentId == null ? q.bindNull("agent", UUID.class) : q.bind("agent", agentId);
        return q.map(CallRepository::call).one().flatMap(c -> event(EventTypes.CALL_STARTED, c)).as(tx::transactional);
    }

    /** An outbound call's last resort: attempt {@code n} goes through Twilio; the call is Twilio's from now on. */
    public Mono<Void> twilioAttemptStarted(UUID callId, int n) {
        return db.sql("INSERT INTO ariadne.call_attempts (call_id, attempt, route) VALUES (:call, :n, 'twilio')")
                .bind("call", callId)
                .bind("n", (short) n)
                .fetch().rowsUpdated()
                .then(db.sql("UPDATE ariadne.calls SET source = 'twilio', trunk_id = NULL, channel_id = NULL,"
                                + " updated_at = now() WHERE id = :call")
                        .bind("call", callId)
                        .fetch().rowsUpdated())
                .then();
    }

    /** Twilio accepted attempt {@code n}: its CallSid, on the attempt and on the call. */
    public Mono<Void> twilioCallSid(UUID callId, int n, String callSid) {
        return db.sql("UPDATE ariadne.call_attempts SET twilio_call_sid = :sid WHERE call_id = :call AND attempt = :n")
                .bind("call", callId)
                .bind("n", (short) n)
                .bind("sid", callSid)
                .fetch().rowsUpdated()
                .then(db.sql("UPDATE ariadne.calls SET twilio_call_sid = :sid, updated_at = now() WHERE id = :call")
                        .bind("call", callId)
                        .bind("sid", callSid)
                        .fetch().rowsUpdated())
                .then();
    }

    /** The call Twilio knows as {@code callSid}, whatever the tenant (status callbacks name the CallSid). */
    public Mono<CallRecord> findByTwilioSid(String callSid) {
        return db.sql("SELECT * FROM ariadne.calls WHERE twilio_call_sid = :sid")
                .bind("sid", callSid)
                .map(CallRepository::call)
                .one();
    }

    /** The callee's phone rings (or the carrier reports progress): an outbound call still dialling says so. */
    public Mono<Void> ringing(UUID callId) {
        return db.sql("UPDATE ariadne.calls SET status = 'ringing', updated_at = now() WHERE id = :id AND status = 'dialing'")
                .bind("id", callId)
                .fetch().rowsUpdated().then();
    }

    public Flux<CallRecord.Attempt> attempts(UUID callId) {
        return db.sql("SELECT * FROM ariadne.call_attempts WHERE call_id = :call ORDER BY attempt")
                .bind("call", callId)
                .map(r -> new CallRecord.Attempt(
                        r.get("attempt", Short.class).intValue(),
                        r.get("route", String.class),
                        r.get("trunk_id", UUID.class),
                        r.get("twilio_call_sid", String.class),
                        instant(r, "started_at"),
                        instant(r, "ended_at"),
                        r.get("sip_status", Integer.class),
                        r.get("cause_code", Integer.class),
                        r.get("outcome", String.class),
                        Boolean.TRUE.equals(r.get("failed_over", Boolean.class)),
                        r.get("sip_call_id", String.class)))
                .all();
    }

    /** Sets whichever of tenant, trunk, number and agent routing found (nulls leave columns untouched). */
    public Mono<Void> routed(UUID id, UUID tenantId, UUID trunkId, UUID numberId, UUID agentId) {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("tenant_id", tenantId);
        set.put("trunk_id", trunkId);
        set.put("number_id", numberId);
        set.put("agent_id", agentId);
        if (tenantId == null) {
            return update(id, set);
        }
        // An inbound call runs while this UPDATE is on its way, so it may come after the answer's (or even the end's),
        // which had no tenant to tell then: the row lock orders the two, and whichever commits second tells.
        return updateReturning(id, set)
                .flatMap(c -> event(EventTypes.CALL_STARTED, c)
                        .then(c.answeredAt() == null ? Mono.empty() : event(EventTypes.CALL_ANSWERED, c))
                        .then(c.endedAt() == null ? Mono.empty() : event(EventTypes.CALL_ENDED, c)))
                .as(tx::transactional);
    }

    /** The phone leg is up; {@code sipCallId} null keeps the one recorded at StasisStart (inbound). */
    public Mono<Void> answered(UUID id, String codec, String sipCallId) {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("status", "answered");
        set.put("answered_at", OffsetDateTime.now(ZoneOffset.UTC));
        set.put("codec", codec);
        set.put("sip_call_id", sipCallId);
        return updateReturning(id, set).flatMap(c -> event(EventTypes.CALL_ANSWERED, c)).as(tx::transactional);
    }

    /** Finalizes once: a call already ended keeps its first outcome. */
    public Mono<Boolean> finish(UUID id, String status, String cause, Integer causeCode, String rejectReason,
            CallRecord.Media media, String agentCloseReason) {
        return finish(id, status, cause, causeCode, rejectReason, media, agentCloseReason, null);
    }

    public Mono<Boolean> finish(UUID id, String status, String cause, Integer causeCode, String rejectReason,
            CallRecord.Media media, String agentCloseReason, Integer firstAudioMs) {
        GenericExecuteSpec q = db.sql("UPDATE ariadne.calls SET status = :status, cause = :cause, cause_code = :code,"
                        + " reject_reason = :reject, ended_at = now(), frames_in = :fin, frames_out = :fout,"
                        + " frames_lost = :lost, frames_late = :late, frames_dropped = :dropped, jitter_ms = :jitter,"
                        + " agent_close_reason = :agent, first_audio_ms = :firstAudio, updated_at = now(),"
                        + " billed_seconds = " + BILLED + ","
                        + " cost = round(" + BILLED + " / 60.0 * (SELECT t.cost_per_minute FROM ariadne.trunks t"
                        + " WHERE t.id = calls.trunk_id), 6),"
                        + " r_factor = CASE WHEN lower(coalesce(codec, '')) LIKE 'g729%' THEN :r729 ELSE :r711 END,"
                        + " mos = CASE WHEN lower(coalesce(codec, '')) LIKE 'g729%' THEN :mos729 ELSE :mos711 END"
                        + " WHERE id = :id AND ended_at IS NULL RETURNING *")
                .bind("id", id)
                .bind("status", status)
                .bind("cause", nz(cause))
                .bind("fin", media.framesIn())
                .bind("fout", media.framesOut())
                .bind("lost", media.framesLost())
                .bind("late", media.framesLate())
                .bind("dropped", media.framesDropped());
        q = causeCode == null ? q.bindNull("code", Integer.class) : q.bind("code", causeCode);
        q = rejectReason == null ? q.bindNull("reject", String.class) : q.bind("reject", rejectReason);
        q = media.jitterMs() == null ? q.bindNull("jitter", Double.class) : q.bind("jitter", media.jitterMs());
        q = agentCloseReason == null ? q.bindNull("agent", String.class) : q.bind("agent", truncate(agentCloseReason));
        q = firstAudioMs == null ? q.bindNull("firstAudio", Integer.class) : q.bind("firstAudio", firstAudioMs);
        q = bindQuality(q, media);
        return q.map(CallRepository::call).one()
                .flatMap(c -> event(EventTypes.CALL_ENDED, c).thenReturn(true))
                .defaultIfEmpty(false)
                .as(tx::transactional);
    }

    /** Answer to now, rounded up to whole seconds; 0 for a call never answered. */
    private static final String BILLED =
            "CASE WHEN answered_at IS NULL THEN 0 ELSE ceil(extract(epoch FROM (now() - answered_at)))::integer END";

    /** Both codec families' scores; the UPDATE picks the call's (no media, no score). */
    private static GenericExecuteSpec bindQuality(GenericExecuteSpec q, CallRecord.Media media) {
        if (media.framesIn() + media.framesLost() == 0) {
            return q.bindNull("r711", Double.class).bindNull("mos711", Double.class)
                    .bindNull("r729", Double.class).bindNull("mos729", Double.class);
        }
        double loss = QualityScore.lossPercent(media.framesIn(), media.framesLost());
        QualityScore g711 = QualityScore.estimate(loss, media.jitterMs(), 0, "ulaw");
        QualityScore g729 = QualityScore.estimate(loss, media.jitterMs(), 0, "g729");
        return q.bind("r711", g711.rFactor()).bind("mos711", g711.mos())
                .bind("r729", g729.rFactor()).bind("mos729", g729.mos());
    }

    public Mono<CallRecord> find(UUID tenantId, UUID id) {
        return db.sql("SELECT * FROM ariadne.calls WHERE tenant_id = :tenant AND id = :id")
                .bind("tenant", tenantId)
                .bind("id", id)
                .map(CallRepository::call)
                .one();
    }

    public Mono<CallRecord> findById(UUID id) {
        return db.sql("SELECT * FROM ariadne.calls WHERE id = :id").bind("id", id).map(CallRepository::call).one();
    }

    public Flux<CallRecord> list(UUID tenantId, CallQuery q, boolean activeOnly, long offset, int limit) {
        Where w = where(tenantId, q, activeOnly);
        GenericExecuteSpec s = db.sql("SELECT * FROM ariadne.calls WHERE " + w.sql
                + " ORDER BY started_at DESC, id OFFSET :offset LIMIT :limit");
        return w.bind(s).bind("offset", offset).bind("limit", limit).map(CallRepository::call).all();
    }

    public Mono<Long> count(UUID tenantId, CallQuery q, boolean activeOnly) {
        Where w = where(tenantId, q, activeOnly);
        return w.bind(db.sql("SELECT count(*) AS n FROM ariadne.calls WHERE " + w.sql))
                .map(r -> r.get("n", Long.class))
                .one();
    }

    /** Calls this node left unfinished (it stopped or crashed); recovery ends them. */
    public Flux<CallRecord> unfinished(String node) {
        return db.sql("SELECT * FROM ariadne.calls WHERE ended_at IS NULL AND node = :node")
                .bind("node", node)
                .map(CallRepository::call)
                .all();
    }

    private Mono<Void> update(UUID id, Map<String, Object> set) {
        return updateSpec(id, set, "").map(q -> q.fetch().rowsUpdated().then()).orElse(Mono.empty());
    }

    private Mono<CallRecord> updateReturning(UUID id, Map<String, Object> set) {
        return updateSpec(id, set, " RETURNING *").map(q -> q.map(CallRepository::call).one()).orElse(Mono.empty());
    }

    private java.util.Optional<GenericExecuteSpec> updateSpec(UUID id, Map<String, Object> set, String returning) {
        List<String> parts = new ArrayList<>();
        set.forEach((k, v) -> {
            if (v != null) {
                parts.add(k + " = :" + k);
            }
        });
        if (parts.isEmpty()) {
            return java.util.Optional.empty();
        }
        GenericExecuteSpec q = db.sql("UPDATE ariadne.calls SET " + String.join(", ", parts) + ", updated_at = now()"
                + " WHERE id = :id" + returning).bind("id", id);
        for (Map.Entry<String, Object> e : set.entrySet()) {
            if (e.getValue() != null) {
                q = q.bind(e.getKey(), e.getValue());
            }
        }
        return java.util.Optional.of(q);
    }

    private record Where(String sql, Map<String, Object> params) {
        GenericExecuteSpec bind(GenericExecuteSpec s) {
            for (Map.Entry<String, Object> e : params.entrySet()) {
                s = s.bind(e.getKey(), e.getValue());
            }
            return s;
        }
    }

    /** @param tenantId the tenant whose calls to list; null lists the calls no tenant owns (operators only) */
    private static Where where(UUID tenantId, CallQuery q, boolean activeOnly) {
        StringBuilder sql = new StringBuilder(tenantId == null ? "tenant_id IS NULL" : "tenant_id = :tenant");
        Map<String, Object> p = new LinkedHashMap<>();
        if (tenantId != null) {
            p.put("tenant", tenantId);
        }
        if (activeOnly) {
            sql.append(" AND ended_at IS NULL");
        }
        if (q.status() != null) {
            sql.append(" AND status = :status");
            p.put("status", q.status());
        }
        if (q.number() != null) {
            sql.append(" AND (to_number = :number OR from_number = :number)");
            p.put("number", q.number());
        }
        if (q.trunkId() != null) {
            sql.append(" AND trunk_id = :trunk");
            p.put("trunk", q.trunkId());
        }
        if (q.from() != null) {
            sql.append(" AND started_at >= :fromTime");
            p.put("fromTime", q.from().atOffset(ZoneOffset.UTC));
        }
        if (q.to() != null) {
            sql.append(" AND started_at < :toTime");
            p.put("toTime", q.to().atOffset(ZoneOffset.UTC));
        }
        return new Where(sql.toString(), p);
    }

    static CallRecord call(Readable r) {
        return new CallRecord(
                r.get("id", UUID.class),
                r.get("tenant_id", UUID.class),
                r.get("trunk_id", UUID.class),
                r.get("number_id", UUID.class),
                r.get("agent_id", UUID.class),
                r.get("direction", String.class),
                r.get("from_number", String.class),
                r.get("to_number", String.class),
                r.get("sip_call_id", String.class),
                r.get("source_address", String.class),
                r.get("source", String.class),
                r.get("twilio_call_sid", String.class),
                r.get("channel_id", String.class),
                r.get("status", String.class),
                r.get("cause", String.class),
                r.get("cause_code", Integer.class),
                r.get("reject_reason", String.class),
                r.get("codec", String.class),
                instant(r, "started_at"),
                instant(r, "answered_at"),
                instant(r, "ended_at"),
                r.get("first_audio_ms", Integer.class),
                new CallRecord.Media(
                        r.get("frames_in", Long.class),
                        r.get("frames_out", Long.class),
                        r.get("frames_lost", Long.class),
                        r.get("frames_late", Long.class),
                        r.get("frames_dropped", Long.class),
                        r.get("jitter_ms", Double.class)),
                r.get("agent_close_reason", String.class),
                r.get("trace_id", String.class),
                null,
                quality(r),
                r.get("billed_seconds", Integer.class),
                r.get("cost", java.math.BigDecimal.class));
    }

    private static CallRecord.Quality quality(Readable r) {
        Double rf = r.get("r_factor", Double.class);
        Double mos = r.get("mos", Double.class);
        return rf == null || mos == null ? null : new CallRecord.Quality(rf, mos);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String truncate(String s) {
        return truncate(s, 255);
    }

    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

}
