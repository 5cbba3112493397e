extension SpecificCharacterSet {
    /// Decodes a text value to a Swift string (always valid Unicode; undecodable bytes become U+FFFD).
    ///
    /// Multi-valued text keeps its backslashes; split the result. With ISO 2022 code extensions the
    /// designations return to those of the first term at every delimiter (PS3.5 §6.1.2.5.3).
    /// - Parameters:
    ///   - bytes: the raw value.
    ///   - isPersonName: true for PN, where `^` and `=` are delimiters too.
    /// - Returns: the decoded string.
    public func decode(_ bytes: ArraySlice<UInt8>, isPersonName: Bool = false) -> String {
        let first = initialElement ?? .ascii
        if !usesCodeExtensions || first == .utf8 || first == .gb18030 {
            switch first {
            case .utf8: return String(decoding: bytes, as: UTF8.self)
            case .gb18030: return GB18030Decoder.decode(bytes)
            case .ascii: return decodeSingleByte(bytes, table: CharacterSetTables.latin1)
            case .singleByte(let set): return decodeSingleByte(bytes, table: set.table)
            default: break
            }
        }
        return ISO2022Decoder(initial: first, isPersonName: isPersonName).decode(bytes)
    }

    /// ASCII below 0x80, the table above; the ASCII-only case takes a fast path.
    private func decodeSingleByte(_ bytes: ArraySlice<UInt8>, table: [UInt16]) -> String {
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if byte < 0x80 {
                scalars.append(Unicode.Scalar(byte))
            } else {
                scalars.append(Unicode.Scalar(UInt32(table[Int(byte) - 0x80])).flatMap { $0.value == 0 ? nil : $0 } ?? "\u{FFFD}")
            }
        }
        return String(scalars)
    }
}

/// Decodes ISO 2022 code-extension text: escape sequences designate G0/G1 sets (PS3.5 §6.1.2.5, PS3.3 Table C.12-4).
struct ISO2022Decoder {
    let initialG0: CodeElement
    let initialG1: CodeElement?
    let isPersonName: Bool

    init(initial: CodeElement, isPersonName: Bool) {
        self.initialG1 = initial.isG1 ? initial : nil
        self.initialG0 = .ascii
        self.isPersonName = isPersonName
    }

    func decode(_ input: ArraySlice<UInt8>) -> String {
        let bytes = Array(input)
        var g0 = initialG0
        var g1 = initialG1
        var out = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x1B {
                if let (element, isG1, length) = escape(bytes, at: index) {
                    if isG1 { g1 = element } else { g0 = element }
                    index += length
                } else {
                    out.append("\u{FFFD}")
                    index += 1
                }
                continue
            }
            if byte < 0x80 {
                if (g0 == .jisX0208 || g0 == .jisX0212) && byte >= 0x21 && byte < 0x7F {
                    if index + 1 < bytes.count, (0x21..<0x7F).contains(bytes[index + 1]) {
                        let table = g0 == .jisX0208 ? CharacterSetTables.jis0208 : CharacterSetTables.jis0212
                        out.append(scalar(table[(Int(byte) - 0x21) * 94 + Int(bytes[index + 1]) - 0x21]))
                        index += 2
                    } else {
                        out.append("\u{FFFD}")
                        index += 1
                    }
                    continue
                }
                if isDelimiter(byte) {
                    g0 = initialG0
                    g1 = initialG1
                }
                out.append(Unicode.Scalar(byte))
                index += 1
                continue
            }
            switch g1 {
            case .singleByte(let set)?:
                out.append(scalar(set.table[Int(byte) - 0x80]))
                index += 1
            case .ksX1001?, .gb2312?:
                if byte >= 0xA1, byte < 0xFF, index + 1 < bytes.count, bytes[index + 1] >= 0xA1, bytes[index + 1] < 0xFF {
                    let table = g1 == .ksX1001 ? CharacterSetTables.ksc5601 : CharacterSetTables.gbk2312
                    out.append(scalar(table[(Int(byte) - 0xA1) * 94 + Int(bytes[index + 1]) - 0xA1]))
                    index += 2
                } else {
                    out.append("\u{FFFD}")
                    index += 1
                }
            default:
                out.append(scalar(CharacterSetTables.latin1[Int(byte) - 0x80]))
                index += 1
            }
        }
        return String(out)
    }

    private func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x0A, 0x0C, 0x0D, 0x09, 0x5C: return true
        case 0x5E, 0x3D: return isPersonName
        default: return false
        }
    }

    private func scalar(_ code: UInt16) -> Unicode.Scalar {
        code == 0 ? "\u{FFFD}" : Unicode.Scalar(UInt32(code)) ?? "\u{FFFD}"
    }

    /// Recognises an escape sequence at `index`: the designated set, whether it goes to G1, and its length.
    private func escape(_ bytes: [UInt8], at index: Int) -> (CodeElement, Bool, Int)? {
        func at(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        switch (at(1), at(2), at(3)) {
        case (0x28, 0x42, _): return (.ascii, false, 3)            // ESC ( B  ISO IR 6
        case (0x28, 0x4A, _): return (.ascii, false, 3)            // ESC ( J  ISO IR 14 (romaji)
        case (0x29, 0x49, _): return (.singleByte(.katakana), true, 3) // ESC ) I  ISO IR 13
        case (0x24, 0x42, _), (0x24, 0x40, _): return (.jisX0208, false, 3) // ESC $ B  ISO IR 87
        case (0x24, 0x28, 0x44): return (.jisX0212, false, 4)      // ESC $ ( D  ISO IR 159
        case (0x24, 0x29, 0x43): return (.ksX1001, true, 4)        // ESC $ ) C  ISO IR 149
        case (0x24, 0x29, 0x41): return (.gb2312, true, 4)         // ESC $ ) A  ISO IR 58
        case (0x2D, let final?, _):
            let sets: [UInt8: CodeElement.SingleByte] = [
                0x41: .latin1, 0x42: .latin2, 0x43: .latin3, 0x44: .latin4, 0x46: .greek, 0x47: .arabic,
                0x48: .hebrew, 0x4C: .cyrillic, 0x4D: .latin5, 0x54: .thai, 0x62: .latin9,
            ]
            return sets[final].map { (.singleByte($0), true, 3) }
        default: return nil
        }
    }
}

/// Decodes GB 18030 (and GBK): one, two or four bytes per character.
enum GB18030Decoder {
    static func decode(_ input: ArraySlice<UInt8>) -> String {
        if !input.contains(where: { $0 >= 0x80 }) { return String(decoding: input, as: UTF8.self) }
        let bytes = Array(input)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                out.append(Unicode.Scalar(lead))
                index += 1
                continue
            }
            guard lead >= 0x81, lead <= 0xFE, index + 1 < bytes.count else {
                out.append("\u{FFFD}")
                index += 1
                continue
            }
            let second = bytes[index + 1]
            if second >= 0x30 && second <= 0x39 {
                guard index + 3 < bytes.count, (0x81...0xFE).contains(bytes[index + 2]), (0x30...0x39).contains(bytes[index + 3]) else {
                    out.append("\u{FFFD}")
                    index += 1
                    continue
                }
                let linear = ((Int(lead) - 0x81) * 10 + Int(second) - 0x30) * 1260 + (Int(bytes[index + 2]) - 0x81) * 10 + Int(bytes[index + 3]) - 0x30
                out.append(fourByte(linear))
                index += 4
                continue
            }
            if second >= 0x40 && second <= 0xFE && second != 0x7F {
                let code = CharacterSetTables.gb18030Pairs[(Int(lead) - 0x81) * 191 + Int(second) - 0x40]
                out.append(code == 0 ? "\u{FFFD}" : Unicode.Scalar(UInt32(code)) ?? "\u{FFFD}")
                index += 2
                continue
            }
            out.append("\u{FFFD}")
            index += 1
        }
        return String(out)
    }

    /// Maps a four-byte code's linear index (from 0x81308130) to a scalar.
    static func fourByte(_ linear: Int) -> Unicode.Scalar {
        let supplementaryStart = (0x90 - 0x81) * 12600
        if linear >= supplementaryStart {
            return Unicode.Scalar(UInt32(0x10000 + linear - supplementaryStart)).flatMap { $0.value <= 0x10FFFF ? $0 : nil } ?? "\u{FFFD}"
        }
        guard linear <= 39419 else { return "\u{FFFD}" }
        let ranges = CharacterSetTables.gb18030FourByteRanges
        var low = 0
        var high = ranges.count
        while low < high {
            let mid = (low + high) >> 1
            if ranges[mid].0 <= linear { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return "\u{FFFD}" }
        let (start, code) = ranges[low - 1]
        return Unicode.Scalar(UInt32(code + linear - start)) ?? "\u{FFFD}"
    }
}
