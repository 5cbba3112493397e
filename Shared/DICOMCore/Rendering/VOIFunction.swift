/// VOI LUT Function (0028,1056), PS3.3 §C.11.2.1.3.
public enum VOIFunction: String, Sendable, Hashable {
    case linear = "LINEAR"
    case linearExact = "LINEAR_EXACT"
    case sigmoid = "SIGMOID"
}
