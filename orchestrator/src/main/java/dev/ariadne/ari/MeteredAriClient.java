package dev.ariadne.ari;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An {@link AriClient} that times every command: {@code ariadne.ari.commands} by {@code command} (a fixed name per
 * method, never an id) and {@code outcome} ({@code ok}, {@code not_found} for a thing already gone, {@code error}),
 * and shows the events connection as {@code ariadne.ari.connected} (1 or 0).
 */
final class MeteredAriClient implements AriClient, AutoCloseable {
    private final AriClient ari;
    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    MeteredAriClient(AriClient ari, MeterRegistry registry) {
        this.ari = ari;
        this.registry = registry;
        Gauge.builder("ariadne.ari.connected", ari, a -> a.eventsConnected() ? 1 : 0)
                .description("whether the ARI events WebSocket to Asterisk is connected (the Stasis app is registered)")
                .register(registry);
    }

    private <T> Mono<T> timed(String command, Mono<T> mono) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return mono.doOnSuccess(x -> record(command, "ok", start))
                    .doOnError(e -> record(command, e instanceof AriException ae && ae.isNotFound() ? "not_found"
                            : "error", start));
        });
    }

    private <T> Flux<T> timed(String command, Flux<T> flux) {
        return Flux.defer(() -> {
            long start = System.nanoTime();
            return flux.doOnComplete(() -> record(command, "ok", start))
                    .doOnError(e -> record(command, "error", start));
        });
    }

    private void record(String command, String outcome, long start) {
        timers.computeIfAbsent(command + '|' + outcome, k -> Timer.builder("ariadne.ari.commands")
                        .tag("command", command).tag("outcome", outcome)
                        .description("ARI commands sent to Asterisk and how long their answers took")
                        .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250))
                        .register(registry))
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean eventsConnected() {
        return ari.eventsConnected();
    }

    @Override
    public Flux<AriEvent> events() {
        return ari.events();
    }

    @Override
    public Mono<Void> answer(String channelId) {
        return timed("answer", ari.answer(channelId));
    }

    @Override
    public Mono<Void> hangup(String channelId, String reason) {
        return timed("hangup", ari.hangup(channelId, reason));
    }

    @Override
    public Mono<String> createBridge(String type) {
        return timed("create_bridge", ari.createBridge(type));
    }

    @Override
    public Mono<String> createBridge(String type, String bridgeId) {
        return timed("create_bridge", ari.createBridge(type, bridgeId));
    }

    @Override
    public Mono<Void> addToBridge(String bridgeId, String... channelIds) {
        return timed("add_to_bridge", ari.addToBridge(bridgeId, channelIds));
    }

    @Override
    public Mono<Void> destroyBridge(String bridgeId) {
        return timed("destroy_bridge", ari.destroyBridge(bridgeId));
    }

    @Override
    public Mono<ExternalMediaChannel> externalMedia(String externalHost, String format, String channelIdHint) {
        return timed("external_media", ari.externalMedia(externalHost, format, channelIdHint));
    }

    @Override
    public Mono<String> getChannelVar(String channelId, String name) {
        return timed("get_channel_var", ari.getChannelVar(channelId, name));
    }

    @Override
    public Mono<Void> sendDtmf(String channelId, String digits) {
        return timed("send_dtmf", ari.sendDtmf(channelId, digits));
    }

    @Override
    public Mono<String> play(String channelId, String mediaUri) {
        return timed("play", ari.play(channelId, mediaUri));
    }

    @Override
    public Mono<Void> redirect(String channelId, String endpoint) {
        return timed("redirect", ari.redirect(channelId, endpoint));
    }

    @Override
    public Mono<Void> continueInDialplan(String channelId, String context, String extension, Integer priority) {
        return timed("continue_in_dialplan", ari.continueInDialplan(channelId, context, extension, priority));
    }

    @Override
    public Mono<ChannelInfo> originate(String endpoint, String callerId, String appArgs, int timeoutSec,
            Map<String, String> variables, String channelId) {
        return timed("originate", ari.originate(endpoint, callerId, appArgs, timeoutSec, variables, channelId));
    }

    @Override
    public Flux<ChannelInfo> channels() {
        return timed("list_channels", ari.channels());
    }

    @Override
    public Mono<EndpointInfo> endpoint(String technology, String resource) {
        return timed("get_endpoint", ari.endpoint(technology, resource));
    }

    @Override
    public Mono<AsteriskInfo> info() {
        return timed("get_info", ari.info());
    }

    @Override
    public Mono<Void> reloadModule(String module) {
        return timed("reload_module", ari.reloadModule(module));
    }

    @Override
    public Mono<Void> pushDynamicConfig(String configClass, String objectType, String id, Map<String, String> fields) {
        return timed("push_config", ari.pushDynamicConfig(configClass, objectType, id, fields));
    }

    @Override
    public Mono<Void> deleteDynamicConfig(String configClass, String objectType, String id) {
        return timed("delete_config", ari.deleteDynamicConfig(configClass, objectType, id));
    }

    @Override
    public Mono<Boolean> hasDynamicConfig(String configClass, String objectType, String id) {
        return timed("get_config", ari.hasDynamicConfig(configClass, objectType, id));
    }

    @Override
    public void close() throws Exception {
        if (ari instanceof AutoCloseable c) {
            c.close();
        }
    }
}
