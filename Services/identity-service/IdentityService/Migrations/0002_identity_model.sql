-- identity-service's model: realms, clients, users, credentials, roles, groups, sessions,
-- codes, refresh tokens, signing keys, events and brute-force state.

-- A realm; settings that Keycloak keeps as many columns live in one JSON document
-- (RealmSettings in Swift) so new settings need no migration.
CREATE TABLE realms (
    id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 255),
    enabled boolean NOT NULL DEFAULT true,
    display_name text,
    settings jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE clients (
    id uuid PRIMARY KEY,
    realm_id uuid NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
    client_id text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 255),
    name text,
    description text,
    enabled boolean NOT NULL DEFAULT true,
    public_client boolean NOT NULL DEFAULT false,
    bearer_only boolean NOT NULL DEFAULT false,
    secret text,
    root_url text,
    base_url text,
    redirect_uris text[] NOT NULL DEFAULT '{}',
    web_origins text[] NOT NULL DEFAULT '{}',
    standard_flow_enabled boolean NOT NULL DEFAULT true,
    implicit_flow_enabled boolean NOT NULL DEFAULT false,
    direct_access_grants_enabled boolean NOT NULL DEFAULT false,
    service_accounts_enabled boolean NOT NULL DEFAULT false,
    full_scope_allowed boolean NOT NULL DEFAULT true,
    consent_required boolean NOT NULL DEFAULT false,
    protocol text NOT NULL DEFAULT 'openid-connect',
    attributes jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (realm_id, client_id)
);

-- Realm roles have client_id NULL; client roles name their client.
CREATE TABLE roles (
    id uuid PRIMARY KEY,
    realm_id uuid NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
    client_id uuid REFERENCES clients(id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    description text,
    attributes jsonb NOT NULL DEFAULT '{}',
    UNIQUE NULLS NOT DISTINCT (realm_id, client_id, name)
);

CREATE TABLE role_composites (
    parent_id uuid NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    child_id uuid NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    PRIMARY KEY (parent_id, child_id)
);

-- The realm's default role (Keycloak's `default-roles-<realm>` composite).
ALTER TABLE realms ADD COLUMN default_role_id uuid REFERENCES roles(id) ON DELETE SET NULL;

CREATE TABLE users (
    id uuid PRIMARY KEY,
    realm_id uuid NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
    username text NOT NULL CHECK (length(username) BETWEEN 1 AND 255),
    email text,
    first_name text,
    last_name text,
    enabled boolean NOT NULL DEFAULT true,
    email_verified boolean NOT NULL DEFAULT false,
    attributes jsonb NOT NULL DEFAULT '{}',
    required_actions text[] NOT NULL DEFAULT '{}',
    service_account_client_id uuid REFERENCES clients(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (realm_id, username)
);
CREATE UNIQUE INDEX users_realm_email ON users (realm_id, email) WHERE email IS NOT NULL;

-- Password credentials: PBKDF2 parameters and derived key (Keycloak's pbkdf2 family).
CREATE TABLE credentials (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    type text NOT NULL DEFAULT 'password',
    algorithm text NOT NULL,
    iterations integer NOT NULL CHECK (iterations > 0),
    salt bytea NOT NULL,
    hash bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, type)
);

CREATE TABLE user_roles (
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role_id uuid NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
);

CREATE TABLE groups (
    id uuid PRIMARY KEY,
    realm_id uuid NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
    parent_id uuid REFERENCES groups(id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    attributes jsonb NOT NULL DEFAULT '{}',
    UNIQUE NULLS NOT DISTINCT (realm_id, parent_id, name)
);

CREATE TABLE group_roles (
    group_id uuid NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    role_id uuid NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, role_id)
);

CREATE TABLE group_members (
    group_id uuid NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);

-- SSO sessions (one per browser login or password grant) and the clients that use them.
CREATE TABLE sso_sessions (
    id uuid PRIMARY KEY,
    realm_id uuid NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    auth_time timestamptz NOT NULL,
    last_refresh timestamptz NOT NULL,
    ip_address text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sso_sessions_user ON sso_sessions (user_id);

CREATE TABLE client_sessions (
    session_id uuid NOT NULL REFERENCES sso_sessions(id) ON DELETE CASCADE,
    client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, client_id)
);

-- Authorization codes, stored by SHA-256 of the code; single use.
CREATE TABLE authorization_codes (
    code_hash bytea PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES sso_sessions(id) ON DELETE CASCADE,
    client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    redirect_uri text NOT NULL,
    scope text NOT NULL,
    nonce text,
    code_challenge text,
    code_challenge_method text,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);

-- Refresh tokens by their jti; `used_at` drives rotation and reuse detection.
CREATE TABLE refresh_tokens (
    id uuid PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES sso_sessions(id) ON DELETE CASCADE,
    client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    scope text NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    revoked boolean NOT NULL DEFAULT false
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- Access tokens revoked before expiry (RFC 7009), by jti.
CREATE TABLE revoked_tokens (
    jti text PRIMARY KEY,
    expires_at timestamptz NOT NULL
);

-- RS256 signing keys shared by every replica; retired keys stay published until
-- `retired_at` + the longest token lifespan.
CREATE TABLE signing_keys (
    kid text PRIMARY KEY,
    realm_id uuid NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
    algorithm text NOT NULL DEFAULT 'RS256',
    private_key_pem text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    retired_at timestamptz
);
CREATE UNIQUE INDEX signing_keys_active ON signing_keys (realm_id) WHERE retired_at IS NULL;

CREATE TABLE events (
    id bigserial PRIMARY KEY,
    realm_id uuid NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
    type text NOT NULL,
    client_id text,
    user_id uuid,
    session_id uuid,
    ip_address text,
    error text,
    details jsonb NOT NULL DEFAULT '{}',
    time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_realm_time ON events (realm_id, time DESC);

-- Brute-force detection state per user (Keycloak's login failures).
CREATE TABLE login_failures (
    user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    realm_id uuid NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
    failures integer NOT NULL DEFAULT 0,
    last_failure timestamptz,
    last_ip text,
    locked_until timestamptz,
    permanently_locked boolean NOT NULL DEFAULT false
);
