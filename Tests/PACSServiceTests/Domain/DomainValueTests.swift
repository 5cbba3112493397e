import Testing
@testable import PACSService

@Suite struct DomainValueTests {
    @Test(arguments: [
        ("20240229", "2024-02-29"), ("2023.12.31", "2023-12-31"), ("20230229", nil), ("2023011", nil), ("abcdefgh", nil), ("20231301", nil),
    ] as [(String, String?)])
    func dates(text: String, iso: String?) {
        #expect(DICOMDateTime.isoDate(text) == iso)
    }

    @Test(arguments: [
        ("10", "10:00:00"), ("1015", "10:15:00"), ("101530", "10:15:30"), ("101530.123", "10:15:30.123"), ("10:15:30", "10:15:30"),
        ("2500", nil), ("10.5", nil), ("1015301", nil),
    ] as [(String, String?)])
    func times(text: String, iso: String?) {
        #expect(DICOMDateTime.isoTime(text) == iso)
    }

    @Test func personNamesFoldCaseAndAccents() {
        let name = PersonNameKey("Müller^Jürgen^^Dr.=ミュラー^ユルゲン")
        #expect(name.key.hasPrefix("MULLER^JURGEN^^DR."))
        #expect(name.words.contains("MULLER"))
        #expect(name.words.contains("JURGEN"))
        #expect(PersonNameKey("doe^john^^").key == "DOE^JOHN")
    }

    @Test func uidsAreValidated() {
        #expect(DICOMUID(rawValue: "1.2.840.10008") != nil)
        #expect(DICOMUID(rawValue: "") == nil)
        #expect(DICOMUID(rawValue: "1.2.a") == nil)
        #expect(DICOMUID(rawValue: String(repeating: "1", count: 65)) == nil)
    }

    @Test func blobKeysNeverEscapeTheRoot() {
        let key = BlobKey.random()
        #expect(BlobKey(rawValue: key.rawValue) == key)
        #expect(BlobKey(rawValue: "../../etc/passwd") == nil)
        #expect(BlobKey(rawValue: "ab/cd/../x.dcm") == nil)
    }
}
