package dev.agentcron.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetPolicyTest {

    private final TargetPolicy policy = new TargetPolicy(Set.of("hooks.internal"));

    @ParameterizedTest
    @ValueSource(strings = {
        "http://127.0.0.1/", "http://10.1.2.3/", "http://169.254.169.254/latest/meta-data", "http://[::1]/",
        "http://[fd00:ec2::254]/", "http://100.100.100.200/", "http://0.0.0.0/", "http://localhost:8080/",
        "http://api.localhost/", "http://[::ffff:127.0.0.1]/", "http://255.255.255.255/"})
    void refusesInternalAddressesWrittenAsTheyAre(String url) {
        assertThat(policy.syntaxRefusal(URI.create(url))).contains("internal");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://0177.0.0.1/", "http://0x7f000001/", "http://0x7f.0.0.1/", "http://2130706433/", "http://127.1/",
        "http://017700000001/", "http://1.2.3.04/"})
    void refusesIpv4FormsTheOperatingSystemReadsDifferentlyFromTheJdk(String url) {
        // Refused as a non-canonical address, or, where the URI parser takes no host from it, as no URL.
        assertThat(policy.syntaxRefusal(URI.create(url))).containsAnyOf("other than a.b.c.d", "must be an absolute http or https URL");
        assertThat(policy.decide(URI.create(url))).isInstanceOf(TargetPolicy.Refused.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/", "/relative", "mailto:x@example.com", "http:///nohost"})
    void takesOnlyAbsoluteHttpUrls(String url) {
        assertThat(policy.syntaxRefusal(URI.create(url))).isEqualTo("must be an absolute http or https URL");
    }

    @Test
    void takesPublicAddressesAndNamesAndTheAllowList() {
        assertThat(policy.syntaxRefusal(URI.create("https://93.184.215.14/hook"))).isNull();
        assertThat(policy.syntaxRefusal(URI.create("https://0xdeadbeef.example.com/hook"))).isNull();
        assertThat(policy.syntaxRefusal(URI.create("http://hooks.internal:9000/x"))).isNull();
    }

    @Test
    void aNameThatResolvesInsideIsRefusedWhenTheCallIsMade() {
        TargetPolicy.Decision decision = policy.decide(URI.create("http://localhost.:8080/x"));

        assertThat(decision).isInstanceOf(TargetPolicy.Refused.class); // it resolves to loopback, or not at all
    }

    @Test
    void aPlainHttpCallGoesToTheAddressCheckedWithTheNameAsHost() {
        TargetPolicy open = new TargetPolicy(Set.of());

        TargetPolicy.Decision decision = open.decide(URI.create("http://93.184.215.14:8080/a%20b?c=d"));

        assertThat(decision).isEqualTo(new TargetPolicy.Connect(URI.create("http://93.184.215.14:8080/a%20b?c=d"), null));
    }

    @Test
    void anAllowedHostIsCalledByItsName() {
        TargetPolicy allowing = new TargetPolicy(Set.of("localhost"));

        assertThat(allowing.decide(URI.create("http://localhost:9/x"))).isEqualTo(new TargetPolicy.Connect(URI.create("http://localhost:9/x"), null));
    }
}
