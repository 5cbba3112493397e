-- Keycloak's client scope mappings: with fullScopeAllowed off, a client's tokens carry only
-- the user's roles that are mapped here (or are the client's own roles), composites expanded.
CREATE TABLE client_scope_mappings (
    client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    role_id uuid NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    PRIMARY KEY (client_id, role_id)
);
CREATE TRIGGER client_scope_mappings_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON client_scope_mappings
    FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_cache();
