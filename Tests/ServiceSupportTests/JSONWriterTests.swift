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

    /// The writer skips eight bytes at a time when none can need escaping: each byte that
    /// must be escaped, and its neighbours that must not, is found at every offset of a word.
    @Test func escapesAreFoundAtEveryOffsetOfAWord() throws {
        let bytes: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F]
        for byte in bytes {
            for offset in 0..<17 {
                var sample = Array(repeating: UInt8(ascii: "a"), count: 17)
                sample[offset] = byte
                let string = String(decoding: sample, as: UTF8.self)
                let json = JSONWriter.object { $0.member("s", string) }
                #expect(try JSONDecoder().decode([String: String].self, from: Data(json)) == ["s": string])
                let escapeLength = byte < 0x20 ? 6 : (byte == 0x22 || byte == 0x5C ? 2 : 1)  // \u00XX, \" or \\, or itself
                #expect(json.count == #"{"s":""}"#.utf8.count + 16 + escapeLength)
            }
        }
    }
}
