package dev.ariadne.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class MediaPropertiesTests {

    @Test
    void defaultsApplyWhenNothingIsConfigured() {
        MediaProperties properties = bind(Map.of());

        assertThat(properties).isEqualTo(MediaProperties.defaults());
        assertThat(properties.bindHost()).isEqualTo("127.0.0.1");
        assertThat(properties.advertisedHost()).isEqualTo("127.0.0.1");
        assertThat(properties.portMin()).isEqualTo(40000);
        assertThat(properties.portMax()).isEqualTo(40999);
        assertThat(properties.playoutQueueFrames()).isEqualTo(500);
    }

    @Test
    void advertisedHostDefaultsToTheBindHost() {
        assertThat(bind(Map.of("ariadne.media.bind-host", "10.0.0.5")).advertisedHost()).isEqualTo("10.0.0.5");
        assertThat(bind(Map.of("ariadne.media.bind-host", "0.0.0.0", "ariadne.media.advertised-host", "media.local"))
                        .advertisedHost())
                .isEqualTo("media.local");
    }

    @Test
    void anInvertedPortRangeIsRejected() {
        assertThatThrownBy(() -> bind(Map.of("ariadne.media.port-min", "5000", "ariadne.media.port-max", "4000")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("port range");
    }

    @Test
    void aNonPositiveQueueIsRejected() {
        assertThatThrownBy(() -> new MediaProperties("127.0.0.1", null, 1, 2, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static MediaProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("ariadne.media", MediaProperties.class);
    }
}
