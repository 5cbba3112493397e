import ServiceSupport

extension ConfigurationKey {
    /// `PACS_STORAGE_DIR`
    public static let pacsStorageDir = ConfigurationKey("pacs.storage.dir", type: "path", default: ".data/pacs-storage", summary: "root directory of the DICOM blob store")
    /// `PACS_DUPLICATE_POLICY`
    public static let pacsDuplicatePolicy = ConfigurationKey("pacs.duplicate.policy", type: "reject|replace|ignore", default: "reject", summary: "what a different instance with an already stored SOP Instance UID does")
    /// `PACS_MAX_INSTANCE_SIZE`
    public static let pacsMaxInstanceSize = ConfigurationKey("pacs.max.instance.size", type: "MiB", default: "4096", summary: "largest accepted instance")
    /// `PACS_MAX_PARTS`
    public static let pacsMaxParts = ConfigurationKey("pacs.max.parts", type: "int", default: "100000", summary: "most parts in one STOW-RS request")
    /// `PACS_QIDO_DEFAULT_LIMIT`
    public static let pacsQidoDefaultLimit = ConfigurationKey("pacs.qido.default.limit", type: "int", default: "1000", summary: "QIDO-RS results when the request gives no limit")
    /// `PACS_QIDO_MAX_LIMIT`
    public static let pacsQidoMaxLimit = ConfigurationKey("pacs.qido.max.limit", type: "int", default: "10000", summary: "largest QIDO-RS limit honoured")
    /// `PACS_ORPHAN_GRACE`
    public static let pacsOrphanGrace = ConfigurationKey("pacs.orphan.grace", type: "seconds", default: "3600", summary: "age after which a blob without index row is deleted")
    /// `PACS_ORPHAN_INTERVAL`
    public static let pacsOrphanInterval = ConfigurationKey("pacs.orphan.interval", type: "seconds", default: "3600", summary: "interval between orphan sweeps (0: only at start)")
    /// `PACS_TRUST_FORWARDED`
    public static let pacsTrustForwarded = ConfigurationKey("pacs.trust.forwarded", type: "bool", default: "true", summary: "build BulkDataURIs and Locations from X-Forwarded-Proto/Host/Prefix")
    /// `PACS_CORS_ORIGINS`
    public static let pacsCORSOrigins = ConfigurationKey("pacs.cors.origins", type: "list", default: "none", summary: "origins allowed by CORS, comma-separated (* for any)")
    /// `PACS_AUTH`
    public static let pacsAuth = ConfigurationKey("pacs.auth", type: "jwt|disabled", default: "jwt", summary: "verify bearer tokens (disabled: development only, logged loudly)")
    /// `PACS_REALM`
    public static let pacsRealm = ConfigurationKey("pacs.realm", type: "string", default: "ohif", summary: "realm whose tokens are accepted")
    /// `PACS_ISSUER`
    public static let pacsIssuer = ConfigurationKey("pacs.issuer", type: "url", default: "${PUBLIC_URL}/auth/realms/${PACS_REALM}", summary: "expected token issuer (iss)")
    /// `PACS_IDENTITY_URLS`
    public static let pacsIdentityURLs = ConfigurationKey("pacs.identity.urls", type: "urls", default: "http://127.0.0.1:8081", summary: "identity-service replicas for discovery and JWKS, comma-separated")
}
