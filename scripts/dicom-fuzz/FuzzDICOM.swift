import DICOMCore
import DICOMWeb

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer entry point: parse arbitrary bytes as a DICOM file and exercise the lazy decoders.
/// Any trap (crash, overflow, out-of-bounds) is a bug; typed `DICOMError`s are expected.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDICOM(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    FuzzTarget.run(bytes)
    return 0
}

/// The work done for one input.
enum FuzzTarget {
    static func run(_ bytes: [UInt8]) {
        _ = try? DICOMFile(bytes: bytes, options: .stopBeforePixelData)
        _ = try? DICOMFile(bytes: bytes, options: ReadOptions(pixelData: .skip, deferValuesLongerThan: 256, maximumDepth: 16))
        guard let file = try? DICOMFile(bytes: bytes, options: ReadOptions(maximumDepth: 16)) else { return }
        let json = DICOMJSONEncoder().encode(file.dataSet)
        _ = try? DICOMJSONDecoder().decode(json)
        _ = try? file.serialized()
        _ = try? file.serialized(as: .explicitVRBigEndian)
        for tag in [DICOMTag.patientName, .studyDate, .rows, .windowCenter] {
            _ = file.dataSet.strings(tag)
            _ = file.dataSet.doubles(tag)
        }
        let frames = min(file.dataSet.frameCount, 2)
        for index in 0..<frames {
            _ = try? file.dataSet.frame(index)
            _ = try? file.dataSet.render(frame: index, transferSyntax: file.transferSyntax)
        }
    }
}

#if FUZZING
/// libFuzzer's driver (from `-sanitize=fuzzer`), started from the entry point SwiftPM gives executables.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// SwiftPM links executables with `main` renamed to `<module>_main`; hand control to libFuzzer there.
@_cdecl("dicom_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzDICOM(data, size) }
}
#else
/// Without libFuzzer (`swift build` without `-DFUZZING`): replays corpus files given as arguments.
@main
struct ReplayCorpus {
    static func main() throws {
        var count = 0
        for path in CommandLine.arguments.dropFirst() {
            FuzzTarget.run(try DICOMFile.readAll(path: path))
            count += 1
        }
        print("replayed \(count) inputs without a crash")
    }
}
#endif
