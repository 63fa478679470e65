package dev.ariadne.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;

/**
 * A call's trace, and its log context: every line logged through {@link #info}/{@link #warn} carries the
 * call id, tenant id and trace id (MDC keys {@code callId}, {@code tenantId}, {@code traceId}), whatever thread
 * logs it.
 */
public final class CallSpan {
    private final Tracer tracer;
    private final Span span;
    private final Context context;
    private final String callId;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile String tenantId = "";

    CallSpan(Tracer tracer, Span span, Context context, String callId) {
        this.tracer = tracer;
        this.span = span;
        this.context = context;
        this.callId = callId;
    }

    public String traceId() {
        return span.getSpanContext().getTraceId();
    }

    /** W3C trace context for the agent's WebSocket request, so its spans join the call's trace. */
    public String traceparent() {
        SpanContext c = span.getSpanContext();
        return "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex();
    }

    public void tenant(String tenantId) {
        this.tenantId = tenantId == null ? "" : tenantId;
        span.setAttribute("ariadne.tenant.id", this.tenantId);
    }

    public void attribute(String key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }

    /** Runs {@code work} inside a child span named {@code name} (an ARI command, the agent session...). */
    public <T> Mono<T> child(String name, Mono<T> work) {
        return Mono.defer(() -> {
            Span child = tracer.spanBuilder(name).setParent(context).startSpan();
            return work.doOnError(e -> {
                        child.recordException(e);
                        child.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
                    })
                    .doFinally(s -> child.end());
        });
    }

    public void info(Logger log, String message, Object... args) {
        if (log.isInfoEnabled()) {
            withMdc(() -> log.info(message, args));
        }
    }

    public void warn(Logger log, String message, Object... args) {
        withMdc(() -> log.warn(message, args));
    }

    public void debug(Logger log, String message, Object... args) {
        if (log.isDebugEnabled()) {
            withMdc(() -> log.debug(message, args));
        }
    }

    /** Ends the call's span once, with the call's outcome. */
    public void end(String status, String cause, boolean failed) {
        if (ended.compareAndSet(false, true)) {
            span.setAttribute("ariadne.call.status", status);
            if (cause != null) {
                span.setAttribute("ariadne.call.cause", cause);
            }
            if (failed) {
                span.setStatus(StatusCode.ERROR, cause == null ? status : cause);
            }
            span.end();
        }
    }

    private void withMdc(Runnable r) {
        MDC.put("callId", callId);
        MDC.put("tenantId", tenantId);
        MDC.put("traceId", traceId());
        try {
            r.run();
        } finally {
            MDC.remove("callId");
            MDC.remove("tenantId");
            MDC.remove("traceId");
        }
    }
}
