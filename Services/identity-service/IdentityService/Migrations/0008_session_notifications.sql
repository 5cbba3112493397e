-- Replicas also remember, per access token, whether it is revoked and its session (so an
-- introspection need not ask PostgreSQL): ending a session or revoking a token notifies
-- `identity_cache` with the table name, and each replica's DirectoryCacheListener forgets
-- those entries. Session updates only move last_refresh forward and do not notify.
CREATE TRIGGER sso_sessions_cache AFTER DELETE OR TRUNCATE ON sso_sessions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_cache();
CREATE TRIGGER revoked_tokens_cache AFTER INSERT OR UPDATE ON revoked_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_cache();
