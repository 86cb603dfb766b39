package io.onrabble.ops;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The proxies whose {@code X-Forwarded-For} the server believes (ONRABBLE_TRUSTED_PROXIES, CIDRs).
 * Anyone else could write any address into that header, so from them it is ignored.
 */
public final class TrustedProxies {
    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<IpSubnetFilterRule> ranges;

    private TrustedProxies(List<IpSubnetFilterRule> ranges) {
        this.ranges = ranges;
    }

    public static TrustedProxies none() {
        return NONE;
    }

    /** Parses {@code 10.0.0.0/8}, {@code 127.0.0.1} (one address), {@code ::1/128}; a malformed entry throws. */
    public static TrustedProxies of(List<String> cidrs) {
        return new TrustedProxies(cidrs.stream().map(TrustedProxies::range).toList());
    }

    private static IpSubnetFilterRule range(String cidr) {
        var slash = cidr.indexOf('/');
        var address = slash < 0 ? cidr : cidr.substring(0, slash);
        if (!isLiteral(address)) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR range");
        }
        try {
            var bits = InetAddress.getByName(address).getAddress().length * 8;
            var prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0.." + bits);
            }
            return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR range");
        }
    }

    /** Only literals: a host name here would be resolved through DNS, once, and silently go stale. */
    private static boolean isLiteral(String address) {
        return NetUtil.isValidIpV4Address(address) || NetUtil.isValidIpV6Address(address);
    }

    public boolean trusts(String address) {
        if (ranges.isEmpty() || address == null || !isLiteral(address.strip())) {
            return false;
        }
        try {
            var socket = new InetSocketAddress(InetAddress.getByName(address.strip()), 0);
            return ranges.stream().anyMatch(range -> range.matches(socket));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The client's address: the peer itself unless it is a trusted proxy; then the right-most entry
     * of {@code X-Forwarded-For} that is not a trusted proxy (each proxy appends whom it heard from,
     * so entries left of an untrusted one may be forged).
     */
    public String clientAddress(String peer, List<String> forwardedFor) {
        if (!trusts(peer)) {
            return peer;
        }
        var hops = forwardedFor.stream()
                .flatMap(header -> Arrays.stream(header.split(",")))
                .map(String::strip).filter(hop -> !hop.isEmpty()).toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!trusts(hops.get(i))) {
                return isLiteral(hops.get(i)) ? hops.get(i) : peer;
            }
        }
        return hops.isEmpty() ? peer : hops.getFirst();
    }
}
