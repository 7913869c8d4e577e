package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsweep.core.inventory.TargetParser;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeAllowlistTest {

    private final ProbeAllowlist allow = new ProbeAllowlist(List.of("api.example.com", ".internal.example",
            "10.0.0.0/8", "2001:db8::/32", "192.0.2.1"));

    @Test
    void namesSuffixesAndCidrs() throws Exception {
        assertThat(allow.allowsHost(TargetParser.parse("API.example.com:443"))).isTrue();
        assertThat(allow.allowsHost(TargetParser.parse("www.example.com"))).isFalse();
        assertThat(allow.allowsHost(TargetParser.parse("a.b.internal.example"))).isTrue();
        assertThat(allow.allowsHost(TargetParser.parse("internal.example"))).isFalse();
        assertThat(allow.allowsHost(TargetParser.parse("evilinternal.example"))).isFalse();
        assertThat(allow.allowsHost(TargetParser.parse("10.200.3.4:8443"))).isTrue();
        assertThat(allow.allowsHost(TargetParser.parse("11.0.0.1"))).isFalse();
        assertThat(allow.allowsHost(TargetParser.parse("[2001:db8::5]:443"))).isTrue();
        assertThat(allow.allowsHost(TargetParser.parse("192.0.2.1"))).isTrue();
        assertThat(allow.allowsHost(TargetParser.parse("192.0.2.2"))).isFalse();
        assertThat(allow.allowsAddress(InetAddress.getByName("10.1.1.1"))).isTrue();
        assertThat(new ProbeAllowlist(List.of()).isEmpty()).isTrue();
        assertThat(new ProbeAllowlist(List.of()).allowsHost(TargetParser.parse("localhost"))).isFalse();
    }

    @Test
    void badEntriesNameTheInput() {
        assertThatThrownBy(() -> new ProbeAllowlist(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> new ProbeAllowlist(List.of("exa mple"))).hasMessageContaining("'exa mple'");
        assertThatThrownBy(() -> new ProbeAllowlist(List.of("."))).hasMessageContaining("--allow");
    }

    @Test
    void durationsAndTheirErrors() {
        assertThat(ServeCommand.duration("--interval", "1h30m")).hasMinutes(90);
        assertThat(ServeCommand.duration("--poll", "200ms").toMillis()).isEqualTo(200);
        assertThatThrownBy(() -> ServeCommand.duration("--interval", "1 hour")).hasMessageContaining("--interval: '1 hour'");
    }
}
