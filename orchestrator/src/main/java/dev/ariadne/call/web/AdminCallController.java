package dev.ariadne.call.web;

import dev.ariadne.call.CallQuery;
import dev.ariadne.call.CallRecord;
import dev.ariadne.call.Calls;
import dev.ariadne.common.Page;
import dev.ariadne.common.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/admin/calls} (admin token): what only the platform's operators see, the calls no tenant owns
 * (a number nobody has, or no number at all), so that a carrier sending traffic nobody configured shows.
 */
@RestController
@RequestMapping("/api/v1/admin/calls")
class AdminCallController {
    private final Calls calls;

    AdminCallController(Calls calls) {
        this.calls = calls;
    }

    @GetMapping("/unattributed")
    Mono<Page<CallRecord>> unattributed(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String number,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return Mono.fromCallable(() -> new CallQuery(status, CallParams.number(number), null,
                        CallParams.time("from", from), CallParams.time("to", to)))
                .zipWith(Mono.fromCallable(() -> PageRequest.of(page, size)))
                .flatMap(x -> calls.unattributed(x.getT1(), x.getT2()));
    }
}
