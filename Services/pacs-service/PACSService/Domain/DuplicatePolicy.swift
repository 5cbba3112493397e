/// What the archive does when an instance arrives whose SOP Instance UID is already stored
/// with different bytes (an identical re-send is always accepted as a no-op).
public enum DuplicatePolicy: String, Sendable, CaseIterable {
    /// Refuse the new instance: STOW reports FailureReason 0111H (Duplicate SOP Instance).
    case reject
    /// Replace the stored instance by the new one.
    case replace
    /// Keep the stored instance and report the new one as stored (Orthanc's default).
    case ignore
}
