import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Random bytes and identifiers from the kernel's CSPRNG, read 4 KiB at a time.
///
/// Foundation's `UUID()` on Linux opens, reads and closes `/dev/urandom` for every value
/// (three system calls; a refresh grant makes several ids), and `UInt8.random(in:)` makes
/// one `getrandom` call per byte. Here one read of `/dev/urandom` serves 256 ids; the bytes
/// are the kernel's, consumed once and never reused.
public enum SecureRandom {
    /// A random version-4 UUID (RFC 9562 §5.4).
    public static func uuid() -> UUID {
        var bytes = pool.withLock { $0.take16() }
        bytes.6 = bytes.6 & 0x0F | 0x40
        bytes.8 = bytes.8 & 0x3F | 0x80
        return UUID(uuid: bytes)
    }

    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count + 15)
        while result.count < count {
            let chunk = pool.withLock { $0.take16() }
            withUnsafeBytes(of: chunk) { result.append(contentsOf: $0) }
        }
        result.removeLast(result.count - count)
        return result
    }

    private static let pool = Mutex(Pool())
    #if canImport(Glibc)
    private static let urandom = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
    #endif

    /// A buffer of kernel random bytes, handed out 16 at a time.
    private struct Pool {
        private var bytes = [UInt8](repeating: 0, count: 4096)
        private var used = 4096

        mutating func take16() -> uuid_t {
            if used + 16 > bytes.count {
                Self.fill(&bytes)
                used = 0
            }
            defer {
                // Handed-out bytes are not kept.
                for index in used..<used + 16 { bytes[index] = 0 }
                used += 16
            }
            return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: used, as: uuid_t.self) }
        }

        private static func fill(_ bytes: inout [UInt8]) {
            #if canImport(Glibc)
            var filled = 0
            while urandom >= 0, filled < bytes.count {
                let count = bytes.withUnsafeMutableBytes { read(urandom, $0.baseAddress! + filled, $0.count - filled) }
                guard count > 0 else { break }
                filled += count
            }
            if filled == bytes.count { return }
            #endif
            var generator = SystemRandomNumberGenerator()  // other systems, or if the read failed
            for index in bytes.indices { bytes[index] = generator.next() }
        }
    }
}
