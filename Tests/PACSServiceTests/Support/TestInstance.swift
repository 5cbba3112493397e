import DICOMCore
import Foundation

/// Builds small but complete Part 10 instances for tests.
struct TestInstance {
    var studyUID = "1.2.826.0.1.3680043.8.498.1"
    var seriesUID = "1.2.826.0.1.3680043.8.498.1.1"
    var sopUID = "1.2.826.0.1.3680043.8.498.1.1.1"
    var sopClassUID = "1.2.840.10008.5.1.4.1.1.7"
    var patientName = "Doe^John"
    var patientID = "PID-1"
    var studyDate = "20240115"
    var studyTime = "101530"
    var modality = "OT"
    var accessionNumber = "ACC1"
    var studyDescription = "Chest"
    var seriesNumber = "1"
    var instanceNumber = "1"
    var characterSet: String?
    var rows = 4
    var columns = 4
    var pixelSeed: UInt8 = 0
    var numberOfFrames = 1
    /// More elements (sequences, long values), added before Pixel Data.
    var extraElements: [DataElement] = []
    var syntax = TransferSyntax.explicitVRLittleEndian

    /// The Part 10 bytes.
    func bytes() throws -> [UInt8] {
        var elements: [DataElement] = []
        func text(_ tag: DICOMTag, _ vr: VR, _ value: String, pad: UInt8 = 0x20) {
            var bytes = Array(value.utf8)
            if bytes.count % 2 == 1 { bytes.append(vr == .UI ? 0 : pad) }
            elements.append(DataElement(tag: tag, vr: vr, value: .bytes(ArraySlice(bytes))))
        }
        func us(_ tag: DICOMTag, _ value: UInt16) {
            elements.append(DataElement(tag: tag, vr: .US, value: .bytes([UInt8(value & 0xFF), UInt8(value >> 8)])))
        }
        if let characterSet { text(.specificCharacterSet, .CS, characterSet) }
        text(.sopClassUID, .UI, sopClassUID)
        text(.sopInstanceUID, .UI, sopUID)
        text(.studyDate, .DA, studyDate)
        text(.studyTime, .TM, studyTime)
        text(.accessionNumber, .SH, accessionNumber)
        text(.modality, .CS, modality)
        text(.studyDescription, .LO, studyDescription)
        text(.patientName, .PN, patientName)
        text(.patientID, .LO, patientID)
        text(.patientBirthDate, .DA, "19700101")
        text(.patientSex, .CS, "O")
        text(.studyInstanceUID, .UI, studyUID)
        text(.seriesInstanceUID, .UI, seriesUID)
        text(.studyID, .SH, "S1")
        text(.seriesNumber, .IS, seriesNumber)
        text(.instanceNumber, .IS, instanceNumber)
        us(.samplesPerPixel, 1)
        text(.photometricInterpretation, .CS, "MONOCHROME2")
        us(.rows, UInt16(rows))
        us(.columns, UInt16(columns))
        us(.bitsAllocated, 8)
        us(.bitsStored, 8)
        us(.highBit, 7)
        us(.pixelRepresentation, 0)
        if numberOfFrames > 1 { text(.numberOfFrames, .IS, String(numberOfFrames)) }
        elements += extraElements
        let pixels = (0..<(rows * columns * numberOfFrames)).map { UInt8(truncatingIfNeeded: $0 + Int(pixelSeed)) }
        elements.append(DataElement(tag: .pixelData, vr: .OB, value: .bytes(ArraySlice(pixels))))
        elements.sort { $0.tag.rawValue < $1.tag.rawValue }
        let file = DICOMFile(meta: DataSet(), dataSet: DataSet(elements: elements), transferSyntax: syntax)
        return try file.serialized()
    }

    /// A copy with another SOP Instance UID (and instance number).
    func instance(_ number: Int) -> TestInstance {
        var copy = self
        copy.sopUID = "\(seriesUID).\(number)"
        copy.instanceNumber = "\(number)"
        return copy
    }
}

/// A multipart/related body of application/dicom parts.
struct MultipartBody {
    var boundary = "tessera-test-boundary"
    var parts: [(type: String, bytes: [UInt8])] = []

    init(_ instances: [[UInt8]]) {
        parts = instances.map { ("application/dicom", $0) }
    }

    var contentType: String { "multipart/related; type=\"application/dicom\"; boundary=\(boundary)" }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        for part in parts {
            out += Array("--\(boundary)\r\nContent-Type: \(part.type)\r\n\r\n".utf8)
            out += part.bytes
            out += Array("\r\n".utf8)
        }
        out += Array("--\(boundary)--\r\n".utf8)
        return out
    }
}
