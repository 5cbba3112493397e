import DICOMCore
import DICOMWeb
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// The dicom-tool commands.
enum DICOMTool {
    /// Runs a command line; returns the process exit code.
    static func run(_ arguments: [String]) -> Int32 {
        guard let command = arguments.first else { return usage() }
        let rest = Array(arguments.dropFirst())
        do {
            switch command {
            case "json": return try json(rest)
            case "index": return try index(rest)
            case "tojson-bench": return try jsonBench(rest)
            case "write": return try writeFile(rest)
            case "from-json": return try fromJSON(rest)
            case "frame": return try frame(rest)
            case "pixels": return try pixels(rest)
            case "render": return try render(rest)
            case "multipart-split": return try multipartSplit(rest)
            case "multipart-join": return try multipartJoin(rest)
            default: return usage()
            }
        } catch let error as DICOMError {
            printError("error: \(error.debugDescription)")
            return 2
        } catch {
            printError("error: \(error)")
            return 2
        }
    }

    static func usage() -> Int32 {
        printError("usage: dicom-tool json FILE [--meta] [--stop-before-pixels] | index FILE... | tojson-bench FILE... | write IN OUT [--syntax UID] | from-json JSON OUT | frame FILE N OUT | pixels FILE N OUT | render FILE N OUT [--jpeg] [--window C W]")
        return 64
    }

    static func printError(_ text: String) {
        writeAll(2, Array((text + "\n").utf8))
    }

    static func writeStdout(_ bytes: [UInt8]) {
        writeAll(1, bytes + [0x0A])
    }

    /// Writes all bytes to a file descriptor.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    static func json(_ arguments: [String]) throws -> Int32 {
        guard let path = arguments.first(where: { !$0.hasPrefix("--") }) else { return usage() }
        let options: ReadOptions = arguments.contains("--stop-before-pixels") ? .stopBeforePixelData : .default
        let file = try DICOMFile(path: path, options: options)
        let encoder = DICOMJSONEncoder()
        writeStdout(encoder.encode(arguments.contains("--meta") ? file.meta : file.dataSet))
        return 0
    }

    /// `write IN OUT [--syntax UID]`: re-encodes a file (default Explicit VR Little Endian).
    static func writeFile(_ arguments: [String]) throws -> Int32 {
        let paths = arguments.filter { !$0.hasPrefix("--") }
        guard paths.count >= 2 else { return usage() }
        var syntax = TransferSyntax.explicitVRLittleEndian
        if let flag = arguments.firstIndex(of: "--syntax"), flag + 1 < arguments.count {
            syntax = TransferSyntax(uid: arguments[flag + 1])
        }
        let file = try DICOMFile(path: paths[0])
        if file.transferSyntax.isEncapsulated { syntax = file.transferSyntax }
        let bytes = try file.serialized(as: syntax)
        let descriptor = open(paths[1], O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { printError("error: cannot create \(paths[1])"); return 1 }
        writeAll(descriptor, bytes)
        close(descriptor)
        return 0
    }

    /// `from-json JSON OUT`: decodes a DICOM JSON object and writes it as Explicit VR LE Part 10.
    static func fromJSON(_ arguments: [String]) throws -> Int32 {
        guard arguments.count >= 2 else { return usage() }
        let json = try DICOMFile.readAll(path: arguments[0])
        let dataSet = try DICOMJSONDecoder().decode(json)
        let file = DICOMFile(meta: DataSet(), dataSet: dataSet, transferSyntax: .explicitVRLittleEndian)
        let bytes = try file.serialized()
        let descriptor = open(arguments[1], O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { printError("error: cannot create \(arguments[1])"); return 1 }
        writeAll(descriptor, bytes)
        close(descriptor)
        return 0
    }

    /// `frame FILE INDEX OUT`: writes frame INDEX (0-based) as stored (native LE or compressed).
    static func frame(_ arguments: [String]) throws -> Int32 {
        guard arguments.count >= 3, let index = Int(arguments[1]) else { return usage() }
        let file = try DICOMFile(path: arguments[0])
        try writeFile(arguments[2], try file.dataSet.frame(index))
        return 0
    }

    /// `pixels FILE INDEX OUT`: writes the frame's stored values as little endian Int64; prints rows, columns, samples.
    static func pixels(_ arguments: [String]) throws -> Int32 {
        guard arguments.count >= 3, let index = Int(arguments[1]) else { return usage() }
        let file = try DICOMFile(path: arguments[0])
        let values = try file.dataSet.pixelValues(frame: index, transferSyntax: file.transferSyntax)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.values.count * 8)
        for value in values.values {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        try writeFile(arguments[2], bytes)
        print("\(values.rows) \(values.columns) \(values.samples)")
        return 0
    }

    /// `render FILE N OUT [--jpeg] [--window CENTER WIDTH]`: renders frame N as PNG (default) or JPEG.
    static func render(_ arguments: [String]) throws -> Int32 {
        guard arguments.count >= 3, let index = Int(arguments[1]) else { return usage() }
        let file = try DICOMFile(path: arguments[0])
        var options = RenderOptions()
        if let flag = arguments.firstIndex(of: "--window"), flag + 2 < arguments.count,
           let center = Double(arguments[flag + 1]), let width = Double(arguments[flag + 2]) {
            options.window = (center, width)
        }
        let image = try file.dataSet.render(frame: index, transferSyntax: file.transferSyntax, options: options)
        let bytes = arguments.contains("--jpeg") ? try JPEGEncoder.encode(image) : try PNGEncoder.encode(image)
        try writeFile(arguments[2], bytes)
        return 0
    }

    /// `multipart-split CONTENT-TYPE BODY OUTDIR [CHUNK]`: parses a multipart/related body read in CHUNK-byte
    /// pieces (default 4096) and writes each part's body to OUTDIR/partN and its headers to OUTDIR/partN.headers.
    static func multipartSplit(_ arguments: [String]) throws -> Int32 {
        guard arguments.count >= 3 else { return usage() }
        let boundary = try MultipartContentType(arguments[0]).boundary
        let body = try DICOMFile.readAll(path: arguments[1])
        let chunk = arguments.count > 3 ? max(1, Int(arguments[3]) ?? 4096) : 4096
        var parser = MultipartParser(boundary: boundary)
        var part = -1
        var current: [UInt8] = []
        var offset = 0
        func handle(_ events: [MultipartEvent]) throws {
            for event in events {
                switch event {
                case .headers(let headers):
                    part += 1
                    current = []
                    let text = headers.map { "\($0.name): \($0.value)\n" }.joined()
                    try writeFile("\(arguments[2])/part\(part).headers", Array(text.utf8))
                case .body(let buffer):
                    current += buffer.readableBytesView
                case .partEnd:
                    try writeFile("\(arguments[2])/part\(part)", current)
                }
            }
        }
        while offset < body.count {
            let end = min(body.count, offset + chunk)
            try handle(try parser.feed(ByteBuffer(bytes: body[offset..<end])))
            offset = end
        }
        try parser.finish()
        print(part + 1)
        return 0
    }

    /// `multipart-join OUT FILE...`: writes a multipart/related body of application/dicom parts; prints the Content-Type.
    static func multipartJoin(_ arguments: [String]) throws -> Int32 {
        guard arguments.count >= 2 else { return usage() }
        var writer = MultipartWriter()
        var body: [UInt8] = []
        for path in arguments.dropFirst() {
            body += writer.partHeader([("Content-Type", "application/dicom")]).readableBytesView
            body += try DICOMFile.readAll(path: path)
        }
        body += writer.closing().readableBytesView
        try writeFile(arguments[0], body)
        print(writer.contentType(type: "application/dicom"))
        return 0
    }

    static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw DICOMError(.io, detail: "cannot create output") }
        writeAll(descriptor, bytes)
        close(descriptor)
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func index(_ paths: [String]) throws -> Int32 {
        let start = now()
        var elements = 0
        for path in paths {
            let file = try DICOMFile(path: path, options: .stopBeforePixelData)
            elements += file.dataSet.count
        }
        let seconds = now() - start
        print("files=\(paths.count) elements=\(elements) seconds=\(seconds) files_per_second=\(Double(paths.count) / seconds)")
        return 0
    }

    static func jsonBench(_ paths: [String]) throws -> Int32 {
        let encoder = DICOMJSONEncoder()
        let start = now()
        var bytes = 0
        for path in paths {
            let file = try DICOMFile(path: path, options: .stopBeforePixelData)
            bytes += encoder.encode(file.dataSet).count
        }
        let seconds = now() - start
        print("files=\(paths.count) json_bytes=\(bytes) seconds=\(seconds) files_per_second=\(Double(paths.count) / seconds)")
        return 0
    }
}
