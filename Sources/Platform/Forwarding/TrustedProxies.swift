import Foundation

/// The proxies in front of the platform (`serve --trusted-proxy CIDR`): only from them are `Forwarded` (RFC
/// 7239) and `X-Forwarded-For` believed, so that a client cannot choose the address the throttles, the logs and
/// the upstreams see (issue 10, item 4).
package struct TrustedProxies: Sendable {
    private let ranges: [IPAddressRange]

    /// Most entries of a forwarding chain read; a longer chain is cut on the client's side.
    static let maximumChainLength = 32

    /// Reads each `CIDR` (`10.0.0.0/8`, `::1`); throws for one that is not an address block.
    package init(_ blocks: [String]) throws(ConfigurationError) {
        ranges = try blocks.map { block throws(ConfigurationError) in
            guard let range = IPAddressRange(block) else {
                throw ConfigurationError("--trusted-proxy \(block) is not an address or an address block such as 10.0.0.0/8")
            }
            return range
        }
    }

    func trusts(_ address: IPAddress) -> Bool {
        ranges.contains { $0.contains(address) }
    }

    /// Who sent a request, and the forwarding chain to tell an upstream.
    struct Origin: Equatable {
        /// The client's address: the peer's, or when the peer is a trusted proxy, the nearest address in its
        /// forwarding chain that is not one of ours.
        var client: String
        /// The believed part of the chain, from the client to the peer: what `X-Forwarded-For` carries upstream.
        var chain: [String]
    }

    /// Walks the forwarding chain from the peer back towards the client while each hop is a trusted proxy
    /// (RFC 7239 §7.4: only hops added by trusted proxies are believed).
    func origin(peer: IPAddress, forwarded: [String], forwardedFor: [String]) -> Origin {
        var chain = [peer.description]
        guard trusts(peer) else { return Origin(client: peer.description, chain: chain) }
        let hops = forwarded.isEmpty ? Self.xForwardedForHops(forwardedFor) : Self.forwardedHops(forwarded)
        for hop in hops.suffix(Self.maximumChainLength).reversed() {
            guard let address = hop else { break }
            chain.insert(address.description, at: 0)
            if !trusts(address) { break }
        }
        return Origin(client: chain[0], chain: chain)
    }

    /// `X-Forwarded-For: client, proxy1, proxy2`, an entry possibly with a port.
    static func xForwardedForHops(_ values: [String]) -> [IPAddress?] {
        values.flatMap { $0.split(separator: ",") }.map { entry in
            let entry = entry.trimmingCharacters(in: .whitespaces)
            return IPAddress(entry) ?? address(withPort: entry)
        }
    }

    /// RFC 7239 §4: `Forwarded: for=192.0.2.43, for="[2001:db8:cafe::17]:4711";proto=https`.
    static func forwardedHops(_ values: [String]) -> [IPAddress?] {
        values.flatMap { $0.split(separator: ",") }.map { element in
            guard let pair = element.split(separator: ";").first(where: {
                $0.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("for=")
            })
            else { return nil }
            var node = pair.trimmingCharacters(in: .whitespaces).dropFirst(4)
            if node.hasPrefix("\""), node.hasSuffix("\""), node.count >= 2 { node = node.dropFirst().dropLast() }
            return IPAddress(node) ?? address(withPort: String(node))
        }
    }

    /// `192.0.2.1:8080` or `[2001:db8::1]:8080`.
    private static func address(withPort node: String) -> IPAddress? {
        if node.hasPrefix("["), let close = node.firstIndex(of: "]") {
            return IPAddress(node[node.index(after: node.startIndex)..<close])
        }
        let parts = node.split(separator: ":")
        return parts.count == 2 ? IPAddress(parts[0]) : nil
    }
}
