import Foundation
import ServiceSupport

extension UUID {
    /// The canonical lowercase text (`8-4-4-4-12` hex digits), as tokens carry ids: what
    /// `uuidString.lowercased()` gives, without Foundation's `snprintf` and a second string.
    public var lowercasedText: String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { output in
                let digits: StaticString = "0123456789abcdef"
                digits.withUTF8Buffer { digits in
                    var position = 0
                    for (index, byte) in bytes.enumerated() {
                        if index == 4 || index == 6 || index == 8 || index == 10 {
                            output[position] = UInt8(ascii: "-")
                            position += 1
                        }
                        output[position] = digits[Int(byte >> 4)]
                        output[position + 1] = digits[Int(byte & 0x0F)]
                        position += 2
                    }
                }
                return 36
            }
        }
    }

    /// Parses the canonical text form (`8-4-4-4-12` hex digits, either case), as the ids in
    /// tokens are written; without Foundation's `sscanf`.
    /// - Returns: nil for anything else.
    public init?(text: some StringProtocol) {
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let utf8 = text.utf8
        guard utf8.count == 36 else { return nil }
        let parsed = withUnsafeMutableBytes(of: &bytes) { output -> Bool in
            var index = utf8.startIndex
            var high: UInt8? = nil
            var count = 0
            for position in 0..<36 {
                let character = utf8[index]
                utf8.formIndex(after: &index)
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    guard character == UInt8(ascii: "-") else { return false }
                    continue
                }
                guard let value = HexDigit.value(character) else { return false }
                if let first = high {
                    output[count] = first << 4 | value
                    count += 1
                    high = nil
                } else {
                    high = value
                }
            }
            return count == 16
        }
        guard parsed else { return nil }
        self.init(uuid: bytes)
    }
}
