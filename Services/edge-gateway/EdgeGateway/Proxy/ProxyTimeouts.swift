/// How long the gateway waits on an upstream.
public struct ProxyTimeouts: Sendable, Equatable {
    /// Establishing a TCP connection to a replica.
    public var connect: Duration
    /// From sending a request without body to receiving the response head.
    public var firstByte: Duration
    /// Longest silence while reading or writing a body (either way).
    public var idle: Duration
    /// From starting to send a request with a body to receiving the response head.
    public var upload: Duration

    /// Creates timeouts.
    public init(connect: Duration = .seconds(5), firstByte: Duration = .seconds(60), idle: Duration = .seconds(60), upload: Duration = .seconds(3600)) {
        self.connect = connect
        self.firstByte = firstByte
        self.idle = idle
        self.upload = upload
    }
}
