/// What a client may send, and how slowly, on any connection: checked in the channel pipeline, before any route
/// sees the request (ARCHITECTURE.md, "Bounded input before any feature").
package struct ConnectionLimits: Sendable {
    /// Longest request target, in bytes; a longer one is answered 414 (RFC 9112 §3: "It is RECOMMENDED that all
    /// senders and recipients support, at a minimum, URIs with lengths of 8000 octets").
    package var maximumRequestTargetLength = 8 * 1024
    /// Largest header section (every field line, name and value), in bytes; a larger one is answered 431 (RFC 6585
    /// §5). What is forwarded to an upstream stays far below the 64 KiB that AsyncHTTPClient can write safely.
    package var maximumHeaderSectionSize = 32 * 1024
    /// Most that the HTTP parser reads of one head before giving up (then 431 too): the memory a head may take.
    package var maximumHeadSize = 80 * 1024
    /// Time a client has to send a whole request head, counted from the connection's opening or from the first
    /// byte after an idle pause: a client that trickles a head byte by byte is cut off all the same.
    package var requestHeadTimeout: Duration = .seconds(10)
    /// Time a kept-alive connection may stay silent between two requests.
    package var idleTimeout: Duration = .seconds(60)
    /// Time one read of a request body may wait for the client to send more of it.
    package var bodyReadTimeout: Duration = .seconds(30)
    /// File descriptors kept for the database, upstream connections and logs: the server accepts at most the
    /// open-files limit less these, and leaves further clients in the listen backlog.
    package var reservedFileDescriptors = 128

    package init() {}
}
