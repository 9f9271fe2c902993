package dev.agentcron.domain;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which hosts agentcron may call on a user's behalf (callbacks, webhook runners). Private, loopback,
 * link-local and unspecified addresses are refused unless the allow-list names the host, so a schedule
 * cannot turn the scheduler into a probe of its own network (SSRF).
 */
public final class TargetPolicy {

    private final Set<String> allowedHosts;

    public TargetPolicy(Set<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Where to connect for {@code url}, decided once: the host is resolved here, every address it resolves
     * to must be external, and a plain-http request then goes to the address checked (with the name in its
     * {@code Host} header), so a name that resolves differently a moment later (DNS rebinding) is never
     * connected to. An https request keeps its name, which TLS verifies: an internal server cannot present a
     * certificate for it.
     */
    public sealed interface Decision permits Connect, Refused {}

    /** Send to {@code url}; {@code hostHeader} is the name to send as {@code Host}, or null to leave it to the URL. */
    public record Connect(URI url, String hostHeader) implements Decision {}

    public record Refused(String reason) implements Decision {}

    public Decision decide(URI url) {
        String syntax = syntaxRefusal(url);
        if (syntax != null) {
            return new Refused(syntax);
        }
        String host = host(url);
        if (allowedHosts.contains(host)) {
            return new Connect(url, null);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return new Refused("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                return new Refused("host " + host + " resolves to the internal address " + address.getHostAddress()
                        + "; add it to AGENTCRON_ALLOWED_TARGET_HOSTS to allow it");
            }
        }
        if (!url.getScheme().equalsIgnoreCase("http") || isLiteralAddress(host)) {
            return new Connect(url, null);
        }
        String literal = addresses[0] instanceof Inet6Address ? "[" + addresses[0].getHostAddress() + "]" : addresses[0].getHostAddress();
        String port = url.getPort() == -1 ? "" : ":" + url.getPort();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
        try {
            return new Connect(new URI("http://" + literal + port + path + query), url.getHost() + port);
        } catch (URISyntaxException e) {
            return new Refused("cannot connect to " + host + ": " + e.getReason());
        }
    }

    /** Why {@code url} may not be called, or null when it may. Resolves the host name. */
    public String refusal(URI url) {
        return decide(url) instanceof Refused refused ? refused.reason() : null;
    }

    /** Checks without resolving names: the scheme, and literal internal addresses. For request validation. */
    public String syntaxRefusal(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            return "must be an absolute http or https URL";
        }
        String host = host(url);
        if (allowedHosts.contains(host)) {
            return null;
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return "host " + host + " is internal; add it to AGENTCRON_ALLOWED_TARGET_HOSTS to allow it";
        }
        if (looksNumeric(host) && !host.matches(CANONICAL_IPV4)) {
            // 0177.0.0.1, 0x7f000001, 2130706433, 127.1: the operating system reads these as addresses the JDK does not.
            return "host " + host + " is an IPv4 address in a form other than a.b.c.d; write it as four decimal numbers";
        }
        if (isLiteralAddress(host)) {
            try {
                if (isInternal(InetAddress.getByName(host))) {
                    return "host " + host + " is an internal address; add it to AGENTCRON_ALLOWED_TARGET_HOSTS to allow it";
                }
            } catch (UnknownHostException e) {
                return "host " + host + " is not a valid address";
            }
        }
        return null;
    }

    private static String host(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static final String CANONICAL_IPV4 = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}";

    private static boolean isLiteralAddress(String host) {
        return host.contains(":") || host.matches(CANONICAL_IPV4);
    }

    /** Every label a decimal or 0x-hexadecimal number: something a resolver may read as an IPv4 address. */
    private static boolean looksNumeric(String host) {
        String trimmed = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return !trimmed.isEmpty() && trimmed.matches("((0x[0-9a-f]*|[0-9]+)\\.)*(0x[0-9a-f]*|[0-9]+)");
    }

    private static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
        boolean carrierNat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        boolean thisNetwork = b.length == 4 && b[0] == 0; // 0.0.0.0/8 reaches this host on some systems
        boolean reserved = b.length == 4 && (b[0] & 0xf0) == 0xf0; // 240.0.0.0/4 and the broadcast address
        boolean benchmarking = b.length == 4 && (b[0] & 0xff) == 198 && (b[1] & 0xfe) == 18;
        return uniqueLocalV6 || carrierNat || thisNetwork || reserved || benchmarking;
    }
}
