/// Code tables for the character sets of PS3.3 §C.12.1.1.2, decoded once from the generated base64 text.
enum CharacterSetTables {
    /// Decodes a base64 text of big-endian UInt16 values (newlines ignored).
    static func unpack(_ text: String) -> [UInt16] {
        var sextets: [UInt8] = []
        sextets.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): sextets.append(byte - 65)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): sextets.append(byte - 71)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sextets.append(byte + 4)
            case UInt8(ascii: "+"): sextets.append(62)
            case UInt8(ascii: "/"): sextets.append(63)
            default: continue
            }
        }
        var raw: [UInt8] = []
        raw.reserveCapacity(sextets.count * 3 / 4)
        var index = 0
        while index + 1 < sextets.count {
            let chunk = sextets[index..<min(index + 4, sextets.count)]
            var accumulator: UInt32 = 0
            for sextet in chunk { accumulator = accumulator << 6 | UInt32(sextet) }
            accumulator <<= UInt32(6 * (4 - chunk.count))
            let produced = chunk.count - 1
            for shift in [16, 8, 0].prefix(produced) { raw.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(shift))) }
            index += 4
        }
        var values: [UInt16] = []
        values.reserveCapacity(raw.count / 2)
        var position = 0
        while position + 1 < raw.count {
            values.append(UInt16(raw[position]) << 8 | UInt16(raw[position + 1]))
            position += 2
        }
        return values
    }

    static let latin1: [UInt16] = unpack(latin1High)
    static let latin2: [UInt16] = unpack(latin2High)
    static let latin3: [UInt16] = unpack(latin3High)
    static let latin4: [UInt16] = unpack(latin4High)
    static let greek: [UInt16] = unpack(greekHigh)
    static let arabic: [UInt16] = unpack(arabicHigh)
    static let hebrew: [UInt16] = unpack(hebrewHigh)
    static let cyrillic: [UInt16] = unpack(cyrillicHigh)
    static let latin5: [UInt16] = unpack(latin5High)
    static let thai: [UInt16] = unpack(thaiHigh)
    static let latin9: [UInt16] = unpack(latin9High)
    static let katakana: [UInt16] = unpack(katakanaHigh)
    static let jis0208: [UInt16] = unpack(jisX0208)
    static let jis0212: [UInt16] = unpack(jisX0212)
    static let ksc5601: [UInt16] = unpack(ksX1001)
    static let gbk2312: [UInt16] = unpack(gb2312)
    static let gb18030Pairs: [UInt16] = unpack(gb18030TwoByte)
}
