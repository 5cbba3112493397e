import DICOMCore
import Testing

@testable import DICOMWeb

@Suite struct JSONWriterTests {
    @Test func escapesStrings() {
        var writer = JSONWriter()
        writer.string("a\"b\\c\n\u{1}é")
        #expect(String(decoding: writer.out, as: UTF8.self) == #""a\"b\\c\n\u0001é""#)
    }

    @Test func base64MatchesFoundationAlphabet() {
        for (input, expected) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")] {
            var writer = JSONWriter()
            writer.base64(Array(input.utf8))
            #expect(String(decoding: writer.out, as: UTF8.self) == expected)
        }
    }

    @Test(arguments: [("1", true), ("-0.5", true), ("1e10", true), ("01", false), ("+1", false), (".5", false), ("1.", false), ("abc", false)])
    func jsonNumberGrammar(text: String, valid: Bool) {
        #expect(JSONWriter.isJSONNumber(text) == valid)
    }

    @Test func numericStrings() {
        var writer = JSONWriter()
        writer.numericString("007", isInteger: true)
        writer.byte(UInt8(ascii: ","))
        writer.numericString("+1.5", isInteger: false)
        writer.byte(UInt8(ascii: ","))
        writer.numericString("abc", isInteger: false)
        #expect(String(decoding: writer.out, as: UTF8.self) == #"7,1.5,"abc""#)
    }
}
