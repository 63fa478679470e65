package dev.ariadne.agent.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceAgentConfigTests {

    @Test
    void argumentsWinOverEnvironmentOverDefaults() {
        ReferenceAgentConfig config = ReferenceAgentConfig.from(
                new String[] {"--mode", "tone", "--tone-hz=440", "--hangup-after-ms", "5000"},
                Map.of("ARIADNE_AGENT_PORT", "9999", "ARIADNE_AGENT_MODE", "echo", "ARIADNE_AGENT_TOKEN", "s3cret"));
        assertThat(config.mode()).isEqualTo(ReferenceAgentConfig.Mode.TONE);
        assertThat(config.toneHz()).isEqualTo(440);
        assertThat(config.port()).isEqualTo(9999);
        assertThat(config.token()).isEqualTo("s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");
        assertThat(config.steps())
                .containsExactly(new Step(
                        new Step.Trigger.After(Duration.ofMillis(5000)), new Step.Action.Hangup("hangup-after-ms")));
    }

    @Test
    void defaultsAreEchoOnPort8090WithoutToken() {
        ReferenceAgentConfig config = ReferenceAgentConfig.from(new String[0], Map.of());
        assertThat(config.mode()).isEqualTo(ReferenceAgentConfig.Mode.ECHO);
        assertThat(config.port()).isEqualTo(8090);
        assertThat(config.token()).isNull();
        assertThat(config.steps()).isEmpty();
    }

    @Test
    void parsesScriptSteps() {
        assertThat(Step.parse("after:100:mark:m1, on-dtmf:5:transfer:+15551234567, after:2000:hangup:done"))
                .containsExactly(
                        new Step(new Step.Trigger.After(Duration.ofMillis(100)), new Step.Action.Mark("m1")),
                        new Step(new Step.Trigger.OnDtmf("5"), new Step.Action.Transfer("+15551234567")),
                        new Step(new Step.Trigger.After(Duration.ofMillis(2000)), new Step.Action.Hangup("done")));
        assertThatThrownBy(() -> Step.parse("after:1:transfer")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Step.parse("sometime:1:clear")).isInstanceOf(IllegalArgumentException.class);
    }
}
