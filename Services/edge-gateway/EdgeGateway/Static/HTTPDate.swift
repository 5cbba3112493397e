#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// IMF-fixdate (RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static let current = Mutex<(second: Int, text: String)>((-1, ""))

    /// The current time, formatted once per second.
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let second = Int(spec.tv_sec)
        return current.withLock { current in
            if current.second != second { current = (second, formatted(second)) }
            return current.text
        }
    }

    private static let lastFormatted = Mutex<(second: Int, text: String)>((-1, ""))

    /// Formats seconds since 1970, remembering the last answer (a viewer's files mostly share
    /// one modification time).
    static func format(_ seconds: Int) -> String {
        if let known = lastFormatted.withLock({ $0.second == seconds ? $0.text : nil }) { return known }
        let text = formatted(seconds)
        lastFormatted.withLock { $0 = (seconds, text) }
        return text
    }

    private static func formatted(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
