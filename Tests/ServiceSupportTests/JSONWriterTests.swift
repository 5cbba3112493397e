import Foundation
import ServiceSupport
import Testing

@Suite struct JSONWriterTests {
    /// RFC 8259 §7: quote, backslash and the control characters are escaped, everything
    /// else (slashes, non-ASCII) is written as it is.
    @Test func escapesWhatRFC8259Requires() {
        let json = JSONWriter.object { $0.member("s", "a\"b\\c/d\n\r\t\u{8}\u{C}\u{1}\u{1F}é😀") }
        #expect(String(decoding: json, as: UTF8.self) == #"{"s":"a\"b\\c/d\n\r\t\b\f\u0001\u001fé😀"}"#)
        #expect(String(decoding: JSONWriter.object { $0.member("s", "") }, as: UTF8.self) == #"{"s":""}"#)
    }

    /// Strings with escapes anywhere (first, last, in runs, none) decode back to themselves.
    @Test func everyStringRoundTrips() throws {
        let alphabet = (0..<0x80).map { Character(Unicode.Scalar(UInt8($0))) } + ["é", "✓", "😀"]
        var generator = SystemRandomNumberGenerator()
        var samples = ["\"", "\\\\", "\u{0}", "plain", String(repeating: "x", count: 5000) + "\"", "\n" + String(repeating: "y", count: 300)]
        for length in 0..<200 {
            samples.append(String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for sample in samples {
            let json = JSONWriter.object { $0.member("s", sample) }
            let decoded = try JSONDecoder().decode([String: String].self, from: Data(json))
            #expect(decoded == ["s": sample])
        }
    }
}
