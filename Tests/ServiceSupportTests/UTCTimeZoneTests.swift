import Testing
@testable import ServiceSupport

/// Which zone names count as UTC for ``UTCTimeZone``.
@Suite struct UTCTimeZoneTests {
    @Test func readsTZFirstThenTheLocaltimeLink() {
        #expect(UTCTimeZone.zoneName(tz: "Europe/Berlin", localtimeLink: "/usr/share/zoneinfo/Etc/UTC") == "Europe/Berlin")
        #expect(UTCTimeZone.zoneName(tz: ":UTC", localtimeLink: nil) == "UTC")
        #expect(UTCTimeZone.zoneName(tz: "", localtimeLink: nil) == "UTC")
        #expect(UTCTimeZone.zoneName(tz: nil, localtimeLink: "/usr/share/zoneinfo/Etc/UTC") == "Etc/UTC")
        #expect(UTCTimeZone.zoneName(tz: nil, localtimeLink: "../usr/share/zoneinfo/America/New_York") == "America/New_York")
        #expect(UTCTimeZone.zoneName(tz: nil, localtimeLink: "/somewhere/else") == nil)
    }

    @Test func onlyUTCNamesAreRenamed() {
        for name in ["UTC", "Etc/UTC", "Zulu", "GMT"] { #expect(UTCTimeZone.utcNames.contains(name)) }
        for name in ["Europe/London", "GMT+1", "Etc/GMT-2", "America/New_York"] { #expect(!UTCTimeZone.utcNames.contains(name)) }
    }
}
