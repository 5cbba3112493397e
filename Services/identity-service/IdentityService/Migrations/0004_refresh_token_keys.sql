-- Refresh tokens are HS512 JWTs, as Keycloak's are (an internal token only this service
-- verifies): each realm has one active key per algorithm. For HS512 rows `private_key_pem`
-- holds the base64 of the 64-byte HMAC secret.
DROP INDEX signing_keys_active;
CREATE UNIQUE INDEX signing_keys_active ON signing_keys (realm_id, algorithm) WHERE retired_at IS NULL;
