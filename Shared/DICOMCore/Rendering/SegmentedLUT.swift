/// Expands segmented palette LUT data (PS3.3 §C.7.9.2): discrete, linear and indirect segments.
enum SegmentedLUT {
    /// The most entries a palette LUT can have.
    static let maximumEntries = 65536

    /// Expands the segments of (0028,1221-1223).
    /// - Parameter words: the 16-bit words of the segmented data.
    /// - Returns: the LUT entries, or nil for malformed data.
    static func expand(_ words: [Int]) -> [Int]? {
        var output: [Int] = []
        guard expand(words, from: 0, segments: nil, into: &output, depth: 0) else { return nil }
        return output.isEmpty ? nil : output
    }

    private static func expand(_ words: [Int], from start: Int, segments limit: Int?, into output: inout [Int], depth: Int) -> Bool {
        guard depth < 4 else { return false }
        var index = start
        var done = 0
        while index + 1 < words.count, limit.map({ done < $0 }) ?? true {
            let opcode = words[index]
            let length = words[index + 1]
            index += 2
            switch opcode {
            case 0:  // discrete: `length` values follow
                guard index + length <= words.count, output.count + length <= maximumEntries else { return false }
                output += words[index..<(index + length)]
                index += length
            case 1:  // linear: from the last value to the next word over `length` entries
                guard index < words.count, let start = output.last, output.count + length <= maximumEntries else { return false }
                let end = words[index]
                index += 1
                for step in 1...max(length, 1) where length > 0 {
                    output.append(Int((Double(start) + Double(end - start) * Double(step) / Double(length)).rounded()))
                }
            case 2:  // indirect: repeat `length` segments found at a 32-bit word offset
                guard index + 1 < words.count else { return false }
                let offset = words[index] | words[index + 1] << 16
                index += 2
                guard offset >= 0, offset < words.count else { return false }
                guard expand(words, from: offset, segments: length, into: &output, depth: depth + 1) else { return false }
            default:
                return false
            }
            done += 1
        }
        return true
    }
}
