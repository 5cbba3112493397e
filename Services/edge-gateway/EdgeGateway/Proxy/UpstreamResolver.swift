import Foundation
import Logging
import NIOPosix
import ServiceLifecycle

/// Turns configured upstream URLs that name a host into one replica per address the name
/// resolves to, and re-resolves them at an interval — so `http://pacs-service:8042` with
/// `docker compose up --scale pacs-service=3` balances over all three containers and follows
/// them as they come and go (nginx's `server … resolve`).
///
/// IP literals stay as they are; so do `https` URLs (certificate checks need the name). When
/// a name does not resolve, the pool keeps its current replicas (at start: the name itself,
/// which the HTTP client then resolves per connection).
struct UpstreamResolver: Service {
    let pools: [UpstreamPool]
    let interval: Duration
    let logger: Logger

    /// Re-resolves until graceful shutdown.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                await resolveAll()
            }
        }
    }

    /// Resolves every pool once.
    func resolveAll() async {
        for pool in pools {
            do {
                var replicas: [UpstreamPool.Replica] = []
                for url in pool.configuredURLs {
                    replicas += try await Self.expand(url).map { UpstreamPool.Replica(baseURL: $0) }
                }
                if Set(replicas) != Set(pool.replicas) {
                    logger.info("upstream replicas changed", metadata: [
                        "upstream": "\(pool.name)", "replicas": "\(replicas.map(\.baseURL).joined(separator: ","))",
                    ])
                    pool.replace(with: replicas)
                }
            } catch {
                logger.warning("upstream name did not resolve; keeping the current replicas", metadata: [
                    "upstream": "\(pool.name)", "error": "\(error)",
                ])
            }
        }
    }

    /// Why a name did not resolve.
    struct ResolutionFailed: Error, CustomStringConvertible {
        var host: String
        var code: Int32
        var description: String { "\(host): \(String(cString: gai_strerror(code)))" }
    }

    /// The base URLs `url` stands for: one per address of its host.
    static func expand(_ url: String) async throws -> [String] {
        guard let components = URLComponents(string: url), components.scheme?.lowercased() == "http",
              let host = components.host, !host.isEmpty, !isAddressLiteral(host)
        else { return [url] }
        let addresses = try await NIOThreadPool.singleton.runIfActive { try Self.addresses(of: host) }
        guard !addresses.isEmpty else { return [url] }
        let port = components.port.map { ":\($0)" } ?? ""
        return addresses.map { address in
            "http://" + (address.contains(":") ? "[\(address)]" : address) + port + components.percentEncodedPath
        }
    }

    /// Whether `host` is an IPv4 or IPv6 address rather than a name.
    static func isAddressLiteral(_ host: String) -> Bool {
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return inet_pton(AF_INET, bare, &ipv4) == 1 || inet_pton(AF_INET6, bare, &ipv6) == 1
    }

    /// The distinct addresses of `host` (getaddrinfo: /etc/hosts, then DNS), in resolver order.
    static func addresses(of host: String) throws -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else { throw ResolutionFailed(host: host, code: status) }
        defer { freeaddrinfo(list) }
        var result: [String] = []
        var entry = list
        while let info = entry?.pointee {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if let address = info.ai_addr,
               getnameinfo(address, info.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0
            {
                let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !result.contains(text) { result.append(text) }
            }
            entry = info.ai_next
        }
        return result
    }
}
