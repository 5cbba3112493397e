/// Byte-order conversion of fixed-size binary values.
package enum ByteSwap {
    /// Reverses the bytes of each `size`-byte value (a trailing partial value is copied as is).
    /// - Parameters:
    ///   - bytes: the values.
    ///   - size: bytes per value (1 returns the input).
    /// - Returns: the swapped bytes.
    package static func toLittleEndian(_ bytes: ArraySlice<UInt8>, size: Int) -> [UInt8] {
        swapped(bytes, size: size)
    }

    /// Reverses the bytes of each `size`-byte value.
    package static func swapped(_ bytes: ArraySlice<UInt8>, size: Int) -> [UInt8] {
        var result = Array(bytes)
        guard size > 1 else { return result }
        var start = 0
        while start + size <= result.count {
            var low = start
            var high = start + size - 1
            while low < high {
                result.swapAt(low, high)
                low += 1
                high -= 1
            }
            start += size
        }
        return result
    }
}
