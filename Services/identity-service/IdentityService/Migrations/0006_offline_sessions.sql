-- Offline sessions (scope offline_access): kept apart from the SSO session they came from,
-- they survive its logout and expire after the realm's offline idle timeout.
ALTER TABLE sso_sessions ADD COLUMN offline boolean NOT NULL DEFAULT false;
