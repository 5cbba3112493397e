import DICOMCore
import DICOMWeb

#if canImport(Glibc)
import Glibc
#endif

/// dicom-tool: developer commands over DICOMCore (used by the conformance tests and the benchmark).
///
///     dicom-tool json FILE [--meta] [--stop-before-pixels]   print the data set (or file meta) as DICOM JSON
///     dicom-tool index FILE...                              parse headers (pixels skipped), print files/s
///     dicom-tool tojson-bench FILE...                       parse and convert to JSON, print files/s
///     dicom-tool write IN OUT [--syntax UID]                re-encode a file as Part 10
let arguments = Array(CommandLine.arguments.dropFirst())
let exitCode = DICOMTool.run(arguments)
exit(exitCode)
