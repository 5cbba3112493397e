-- Replicas cache realms, clients, users and role mappings in memory; every change to those
-- tables notifies `identity_cache` (sent at commit, once per transaction) so each replica's
-- DirectoryCacheListener flushes its cache.
CREATE FUNCTION notify_identity_cache() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('identity_cache', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE TRIGGER realms_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON realms
    FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_cache();
CREATE TRIGGER clients_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON clients
    FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_cache();
CREATE TRIGGER users_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_cache();
CREATE TRIGGER roles_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roles
    FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_cache();
CREATE TRIGGER role_composites_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON role_composites
    FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_cache();
CREATE TRIGGER user_roles_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_roles
    FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_cache();
CREATE TRIGGER groups_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON groups
    FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_cache();
CREATE TRIGGER group_roles_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON group_roles
    FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_cache();
CREATE TRIGGER group_members_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON group_members
    FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_cache();
