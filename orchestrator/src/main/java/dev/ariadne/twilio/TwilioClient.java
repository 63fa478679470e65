package dev.ariadne.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.HttpMethod;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.Account;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.io.IOException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Twilio's REST API through Twilio's Java SDK, made reactive: the SDK blocks, so every request runs on the
 * bounded elastic scheduler, never on an event loop. Transient failures (HTTP 429, 5xx, no answer) are retried with
 * exponential backoff by the Resilience4j retry {@code twilio} (placing a call only after a 429: it is not
 * idempotent); every other failure is a {@link TwilioException}
 * with Twilio's status, code and message. Requests go to {@code ariadne.twilio.api-base-url}.
 */
@Component
public class TwilioClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TwilioClient.class);
    private static final String TWILIO_API = "https://api.twilio.com";
    private final Retry retry;
    private final Retry retryRefused;
    private final BaseUrlClient http;

    TwilioClient(TwilioProperties props) {
        this.http = new BaseUrlClient(props);
        this.retry = Retry.of("twilio", RetryConfig.custom()
                .maxAttempts(props.retries() + 1)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(props.retryBackoff(), 2.0))
                .retryOnException(e -> e instanceof TwilioException t && t.transient_())
                .failAfterMaxAttempts(false)
                .build());
        // Placing a call is not idempotent: after a 5xx or no answer Twilio may have placed it, and a retry would
        // ring the callee twice. Only a 429 (Twilio refused the request unprocessed) is retried there.
        this.retryRefused = Retry.of("twilio-create", RetryConfig.custom()
                .maxAttempts(props.retries() + 1)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(props.retryBackoff(), 2.0))
                .retryOnException(e -> e instanceof TwilioException t && t.status() == 429)
                .failAfterMaxAttempts(false)
                .build());
    }

    /** An account's SID and auth token; the token never shows in {@code toString}. */
    public record Credentials(String accountSid, String authToken) {
        public Credentials {
            Objects.requireNonNull(accountSid, "accountSid");
            Objects.requireNonNull(authToken, "authToken");
        }

        @Override
        public String toString() {
            return "Credentials[" + accountSid + ", authToken=***]";
        }
    }

    /** What Ariadne uses of an account. */
    public record AccountInfo(String sid, String friendlyName, String status) {}

    /** What Ariadne uses of an IncomingPhoneNumber. */
    public record NumberInfo(String sid, String phoneNumber) {}

    /** Fetches the account: the credentials' check ({@code GET /2010-04-01/Accounts/{Sid}.json}). */
    public Mono<AccountInfo> fetchAccount(Credentials c) {
        return call("fetch account " + c.accountSid(), c, client -> {
            Account a = Account.fetcher(c.accountSid()).fetch(client);
            return new AccountInfo(a.getSid(), a.getFriendlyName(), a.getStatus() == null ? null : a.getStatus().toString());
        });
    }

    public Mono<NumberInfo> fetchNumber(Credentials c, String numberSid) {
        return call("fetch number " + numberSid, c, client -> {
            IncomingPhoneNumber n = IncomingPhoneNumber.fetcher(c.accountSid(), numberSid).fetch(client);
            return new NumberInfo(n.getSid(), n.getPhoneNumber() == null ? null : n.getPhoneNumber().toString());
        });
    }

    /** Points the number's voice webhook and status callback at {@code voiceUrl} / {@code statusUrl} ("" clears). */
    public Mono<Void> configureNumber(Credentials c, String numberSid, String voiceUrl, String statusUrl) {
        return call("configure number " + numberSid, c, client -> {
            IncomingPhoneNumber.updater(c.accountSid(), numberSid)
                    .setVoiceUrl(voiceUrl)
                    .setVoiceMethod(HttpMethod.POST)
                    .setStatusCallback(statusUrl)
                    .setStatusCallbackMethod(HttpMethod.POST)
                    .update(client);
            return Boolean.TRUE;
        }).then();
    }

    /** Places a call that runs {@code twiml} once answered; returns its CallSid. */
    public Mono<String> createCall(Credentials c, String to, String from, String twiml, String statusCallback,
            int timeoutSeconds) {
        return call("create call to " + to, c, retryRefused, client -> Call.creator(c.accountSid(), new PhoneNumber(to),
                        new PhoneNumber(from), new Twiml(twiml))
                .setStatusCallback(statusCallback)
                .setStatusCallbackMethod(HttpMethod.POST)
                .setStatusCallbackEvent(List.of("initiated", "ringing", "answered", "completed"))
                .setTimeout(timeoutSeconds)
                .create(client)
                .getSid());
    }

    /** Ends a call: hangs it up when up, cancels it when still ringing ({@code Status=completed}). */
    public Mono<Void> endCall(Credentials c, String callSid) {
        return call("end call " + callSid, c, client -> {
            Call.updater(c.accountSid(), callSid).setStatus(Call.UpdateStatus.COMPLETED).update(client);
            return Boolean.TRUE;
        }).then();
    }

    /** Replaces what a call runs with {@code twiml} (e.g. a {@code <Dial>} for a transfer). */
    public Mono<Void> redirectCall(Credentials c, String callSid, String twiml) {
        return call("redirect call " + callSid, c, client -> {
            Call.updater(c.accountSid(), callSid).setTwiml(twiml).update(client);
            return Boolean.TRUE;
        }).then();
    }

    private interface Work<T> {
        T run(TwilioRestClient client);
    }

    private <T> Mono<T> call(String what, Credentials c, Work<T> work) {
        return call(what, c, retry, work);
    }

    private <T> Mono<T> call(String what, Credentials c, Retry retry, Work<T> work) {
        Callable<T> blocking = () -> {
            try {
                return work.run(client(c));
            } catch (ApiException e) {
                Integer status = e.getStatusCode();
                throw new TwilioException(what, status == null ? 0 : status, e.getCode(), e.getMessage());
            } catch (ApiConnectionException e) {
                throw new TwilioException(what, 0, null, "Twilio did not answer: " + e.getMessage());
            }
        };
        return Mono.fromCallable(blocking)
                .subscribeOn(Schedulers.boundedElastic())
                .transformDeferred(RetryOperator.of(retry))
                .doOnError(e -> log.warn("Twilio: {}", e.getMessage()));
    }

    private TwilioRestClient client(Credentials c) {
        return new TwilioRestClient.Builder(c.accountSid(), c.authToken())
                .httpClient(http)
                .build();
    }

    /** Closes the connection pool (Spring calls it on shutdown). */
    @Override
    public void close() throws IOException {
        http.close();
    }

    /**
     * The SDK's HTTP client, sending to the configured base URL instead of api.twilio.com, once per request: the
     * SDK's own blocking retry loop and Apache's automatic retries (which repeat 429s and 503s on their own) are
     * left out: Resilience4j's {@code twilio} retry does it, without blocking. One pooled client serves every
     * account; the credentials travel with each request.
     */
    private static final class BaseUrlClient extends NetworkHttpClient {
        private final String base;

        BaseUrlClient(TwilioProperties props) {
            super(HttpClients.custom()
                    .disableAutomaticRetries()
                    .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                            .setMaxConnTotal(64)
                            .setMaxConnPerRoute(64)
                            .setDefaultConnectionConfig(ConnectionConfig.custom()
                                    .setConnectTimeout(Timeout.of(props.requestTimeout()))
                                    .build())
                            .build())
                    .setDefaultRequestConfig(RequestConfig.custom()
                            .setResponseTimeout(Timeout.of(props.requestTimeout()))
                            .build()));
            this.base = props.apiBaseUrl();
        }

        void close() throws IOException {
            client.close();
        }

        @Override
        public Response reliableRequest(Request request) {
            return makeRequest(request);
        }

        @Override
        public Response makeRequest(Request request) {
            String url = request.getUrl();
            if (base.equals(TWILIO_API) || !url.startsWith(TWILIO_API)) {
                return super.makeRequest(request);
            }
            Request moved = new Request(request.getMethod(), base + url.substring(TWILIO_API.length()));
            moved.setAuth(request.getUsername(), request.getPassword());
            moved.setContentType(request.getContentType());
            if (request.getBody() != null) {
                moved.setBody(request.getBody());
            }
            request.getPostParams().forEach((k, vs) -> vs.forEach(v -> moved.addPostParam(k, v)));
            request.getQueryParams().forEach((k, vs) -> vs.forEach(v -> moved.addQueryParam(k, v)));
            request.getHeaderParams().forEach((k, vs) -> vs.forEach(v -> moved.addHeaderParam(k, v)));
            return super.makeRequest(moved);
        }
    }
}
