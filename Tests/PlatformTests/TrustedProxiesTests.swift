import Testing

@testable import Platform

/// Which forwarding headers are believed, and what they say (issue 10, item 4; RFC 7239).
@Suite struct TrustedProxiesTests {
    let proxies = try! TrustedProxies(["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"])

    func origin(peer: String, forwarded: [String] = [], forwardedFor: [String] = []) -> TrustedProxies.Origin {
        proxies.origin(peer: IPAddress(peer)!, forwarded: forwarded, forwardedFor: forwardedFor)
    }

    @Test func addressBlocksMatchByPrefix() throws {
        #expect(IPAddressRange("10.0.0.0/8")!.contains(IPAddress("10.255.1.2")!))
        #expect(!IPAddressRange("10.0.0.0/8")!.contains(IPAddress("11.0.0.1")!))
        #expect(IPAddressRange("10.1.2.0/23")!.contains(IPAddress("10.1.3.255")!))
        #expect(!IPAddressRange("10.1.2.0/23")!.contains(IPAddress("10.1.4.0")!))
        #expect(IPAddressRange("2001:db8::/32")!.contains(IPAddress("2001:DB8:1::9")!))
        #expect(IPAddressRange("0.0.0.0/0")!.contains(IPAddress("203.0.113.1")!))
        #expect(IPAddressRange("10.0.0.0/8")!.contains(IPAddress("::ffff:10.0.0.1")!))  // what a dual-stack socket reports
        for invalid in ["10.0.0.0/33", "10.0.0/8", "example.com", "::1/129", "10.0.0.0/-1", ""] {
            #expect(IPAddressRange(invalid) == nil, "\(invalid)")
        }
        #expect(throws: ConfigurationError.self) { try TrustedProxies(["10.0.0.0/8", "nonsense"]) }
    }

    @Test func anUntrustedPeerIsTheClientWhateverItClaims() {
        let origin = origin(peer: "203.0.113.5", forwarded: ["for=198.51.100.1"], forwardedFor: ["198.51.100.2"])
        #expect(origin == .init(client: "203.0.113.5", chain: ["203.0.113.5"]))
    }

    @Test func behindTrustedProxiesTheNearestUntrustedHopIsTheClient() {
        #expect(origin(peer: "10.0.0.2", forwardedFor: ["198.51.100.7"]) == .init(client: "198.51.100.7", chain: ["198.51.100.7", "10.0.0.2"]))
        // What the client put first is not believed: the proxy's own entry (the rightmost) names it.
        #expect(
            origin(peer: "10.0.0.2", forwardedFor: ["1.2.3.4, 198.51.100.7", "10.0.0.9"])
                == .init(client: "198.51.100.7", chain: ["198.51.100.7", "10.0.0.9", "10.0.0.2"]))
        #expect(origin(peer: "10.0.0.2", forwardedFor: ["198.51.100.7:4711"]).client == "198.51.100.7")
        // A chain of our own proxies only: the farthest one is the client.
        #expect(origin(peer: "10.0.0.2", forwardedFor: ["10.0.0.3"]).client == "10.0.0.3")
        // Garbage stops the walk at the last address believed.
        #expect(origin(peer: "10.0.0.2", forwardedFor: ["unknown"]) == .init(client: "10.0.0.2", chain: ["10.0.0.2"]))
    }

    @Test func forwardedWinsOverXForwardedFor() {
        let origin = origin(
            peer: "192.0.2.1", forwarded: [#"for="[2001:db8:cafe::17]:4711";proto=https, for=203.0.113.60;by=192.0.2.1"#],
            forwardedFor: ["198.51.100.1"])
        #expect(origin == .init(client: "203.0.113.60", chain: ["203.0.113.60", "192.0.2.1"]))
        #expect(self.origin(peer: "192.0.2.1", forwarded: [#"for="[2001:db8:cafe::17]:4711""#]).client == "2001:db8:cafe::17")
        #expect(self.origin(peer: "192.0.2.1", forwarded: ["for=_hidden"]).client == "192.0.2.1")
    }
}
