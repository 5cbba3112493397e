import Testing

@testable import DICOMCore

@Suite struct HostileInputTests {
    /// A small valid file with a sequence, used as the base for corruptions.
    static func sample() -> [UInt8] {
        var data = ElementBuilder()
        data.string(0x0008_0060, "CS", "CT")
        data.element(0x0008_1115, "SQ", [], length: 0xFFFF_FFFF)
        data.itemStart()
        data.string(0x0008_1150, "UI", "1.2.3")
        data.itemEnd()
        data.sequenceEnd()
        data.string(0x0010_0010, "PN", "Doe^Jane")
        data.element(0x7FE0_0010, "OW", [1, 2, 3, 4])
        return data.part10(transferSyntax: "1.2.840.10008.1.2.1")
    }

    @Test func truncatedHeaderIsTyped() {
        var data = ElementBuilder()
        data.string(0x0008_0060, "CS", "CT")
        data.bytes += [0x10, 0x00, 0x10]
        #expect(throws: DICOMError.self) { try DICOMFile(bytes: data.bytes) }
        do {
            _ = try DICOMFile(bytes: data.bytes)
        } catch {
            #expect(error.code == .truncated)
            #expect(error.offset == 10)
        }
    }

    @Test func lengthPastEndIsTypedWithTagAndOffset() {
        var data = ElementBuilder()
        data.string(0x0008_0060, "CS", "CT")
        data.element(0x0010_0010, "PN", Array("AB".utf8), length: 0x7FFF)
        do {
            _ = try DICOMFile(bytes: data.bytes)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidLength)
            #expect(error.tag == .patientName)
            #expect(error.offset == 10)
            #expect(!error.description.contains("AB"))
        }
    }

    @Test func absurdLengthDoesNotAllocate() {
        var data = ElementBuilder()
        data.element(0x7FE0_0010, "OB", [0, 0], length: 0xFFFF_FFF0)
        #expect(throws: DICOMError.self) { try DICOMFile(bytes: data.bytes) }
    }

    @Test func nestingLimit() {
        var data = ElementBuilder()
        for _ in 0..<10 {
            data.element(0x0008_1115, "SQ", [], length: 0xFFFF_FFFF)
            data.itemStart()
        }
        for _ in 0..<10 {
            data.itemEnd()
            data.sequenceEnd()
        }
        #expect(throws: Never.self) { try DICOMFile(bytes: data.bytes, options: ReadOptions(maximumDepth: 10)) }
        do {
            _ = try DICOMFile(bytes: data.bytes, options: ReadOptions(maximumDepth: 5))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .nestingTooDeep)
            #expect(error.tag == .referencedSeriesSequence)
        }
    }

    @Test func invalidVRIsTyped() {
        var data = ElementBuilder()
        data.string(0x0008_0060, "CS", "CT")
        data.bytes += [0x10, 0x00, 0x10, 0x00, 0x7A, 0x31, 0x02, 0x00, 0x41, 0x42]
        do {
            _ = try DICOMFile(bytes: data.bytes)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidVR)
            #expect(error.tag == .patientName)
        }
    }

    @Test func garbageInsideSequenceIsTyped() {
        var data = ElementBuilder()
        data.element(0x0008_1115, "SQ", [], length: 0xFFFF_FFFF)
        data.string(0x0010_0010, "PN", "AB")
        do {
            _ = try DICOMFile(bytes: data.bytes)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidItem)
        }
    }

    @Test func missingDelimitersAreTruncation() {
        var data = ElementBuilder()
        data.element(0x0008_1115, "SQ", [], length: 0xFFFF_FFFF)
        data.itemStart()
        data.string(0x0008_1150, "UI", "1.2")
        #expect(throws: DICOMError.self) { try DICOMFile(bytes: data.bytes) }
    }

    @Test func corruptDeflateStreamIsTyped() {
        var data = ElementBuilder()
        data.bytes = [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x11]
        do {
            _ = try DICOMFile(bytes: data.part10(transferSyntax: "1.2.840.10008.1.2.1.99"))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .deflate || error.code == .truncated)
        }
    }

    /// Every truncation and thousands of random byte mutations of a valid file either parse or throw
    /// a `DICOMError`; none traps.
    @Test func mutationsNeverTrap() {
        let base = Self.sample()
        for cut in 0..<base.count {
            _ = try? DICOMFile(bytes: Array(base[0..<cut]))
        }
        var generator = SplitMix64(seed: 0xD1C0_4E)
        for _ in 0..<5000 {
            var mutated = base
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let index = 128 + Int(generator.next() % UInt64(base.count - 128))
                mutated[index] = UInt8(truncatingIfNeeded: generator.next())
            }
            _ = try? DICOMFile(bytes: mutated)
            _ = try? DICOMFile(bytes: mutated, options: .stopBeforePixelData)
        }
    }
}

/// A tiny deterministic generator for reproducible mutations.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
