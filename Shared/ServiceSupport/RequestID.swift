/// Request ids: the caller's `X-Request-Id` when it is well-formed (1–128 characters of
/// `[A-Za-z0-9._:-]`), otherwise a new random one (see ``RequestIDMiddleware``).
public enum RequestID {
    /// The id of a request that sent `header` as its `X-Request-Id`: the header when it is
    /// acceptable, else a new one.
    public static func forRequest(sentAs header: String?) -> String {
        header.flatMap(acceptable) ?? generate()
    }

    /// Returns `candidate` when it is safe to log and forward, else `nil`.
    public static func acceptable(_ candidate: String) -> String? {
        guard (1...128).contains(candidate.utf8.count) else { return nil }
        let allowed = candidate.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
                return true
            default:
                return false
            }
        }
        return allowed ? candidate : nil
    }

    /// A new random id: 32 lowercase hex digits (128 bits from ``SecureRandom``'s pool, so
    /// an id costs no system call).
    public static func generate() -> String {
        let bytes = SecureRandom.bytes(16)
        return String(unsafeUninitializedCapacity: 32) { output in
            let digits: StaticString = "0123456789abcdef"
            digits.withUTF8Buffer { digits in
                for (index, byte) in bytes.enumerated() {
                    output[2 * index] = digits[Int(byte >> 4)]
                    output[2 * index + 1] = digits[Int(byte & 0x0F)]
                }
            }
            return 32
        }
    }
}
