package dev.ariadne.io;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Media I/O threads, bound from {@code ariadne.io.*}.
 *
 * @param threads event loops for calls' RTP sockets and agent WebSockets; default {@code 0}: one per core
 * @param transport {@code auto} (epoll on Linux, else NIO), {@code epoll}, {@code io_uring} or {@code nio};
 *     default {@code auto}
 */
@Validated
@ConfigurationProperties("ariadne.io")
public record IoProperties(
        @DefaultValue("0") @Min(0) int threads, @DefaultValue("auto") IoLoops.Transport transport) {}
