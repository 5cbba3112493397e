import Foundation

/// Names a UTC machine's time zone `GMT` for this process.
///
/// Foundation resolves the local zone at the first date operation (Hummingbird's `Date` header
/// cache does one at start-up). A zone named `UTC` or `Etc/UTC` is built through ICU, which
/// maps about 2 MB of ICU code and data into the process; `GMT` is Foundation's own built-in
/// zone. Both are the same zone, so nothing observable changes: a machine or container whose
/// zone is UTC (the usual server set-up) gets `TZ=GMT`, any other zone is left alone.
public enum UTCTimeZone {
    /// Zone names that are UTC under another name.
    static let utcNames: Set<String> = ["UTC", "Etc/UTC", "UCT", "Etc/UCT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu", "GMT", "Etc/GMT"]

    /// Sets `TZ=GMT` when the process's zone is UTC. Call first thing in `main`, before any
    /// date is formatted.
    public static func nameGMTWhenUTC() {
        if let zone = zoneName(tz: ProcessInfo.processInfo.environment["TZ"], localtimeLink: localtimeTarget()), utcNames.contains(zone) {
            setenv("TZ", "GMT", 1)
        }
    }

    /// The zone name the process would use: `TZ` (without a leading `:`), else the zone
    /// `/etc/localtime` links to, else UTC (glibc's default when neither exists).
    static func zoneName(tz: String?, localtimeLink: String?) -> String? {
        if let tz {
            let name = tz.hasPrefix(":") ? String(tz.dropFirst()) : tz
            return name.isEmpty ? "UTC" : name
        }
        guard let link = localtimeLink else { return FileManager.default.fileExists(atPath: "/etc/localtime") ? nil : "UTC" }
        guard let range = link.range(of: "zoneinfo/") else { return nil }
        return String(link[range.upperBound...])
    }

    private static func localtimeTarget() -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/etc/localtime")
    }
}
