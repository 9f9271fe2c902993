package dev.agentcron.domain;

import java.net.InetAddress;
import java.net.URI;
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

    /** Why {@code url} may not be called, or null when it may. Resolves the host name. */
    public String refusal(URI url) {
        String syntax = syntaxRefusal(url);
        if (syntax != null) {
            return syntax;
        }
        String host = host(url);
        if (allowedHosts.contains(host)) {
            return null;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (isInternal(address)) {
                    return "host " + host + " resolves to the internal address " + address.getHostAddress()
                            + "; add it to AGENTCRON_ALLOWED_TARGET_HOSTS to allow it";
                }
            }
        } catch (UnknownHostException e) {
            return "host " + host + " does not resolve";
        }
        return null;
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

    private static boolean isLiteralAddress(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
        boolean carrierNat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        return uniqueLocalV6 || carrierNat;
    }
}
