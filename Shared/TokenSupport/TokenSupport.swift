/// TokenSupport: verifying the JWTs identity-service issues (JWKS fetched and cached from
/// the issuer's discovery document), RFC 7662 introspection, and bearer-token parsing —
/// shared by edge-gateway and pacs-service. It does not import Hummingbird.
public enum TokenSupport {}
