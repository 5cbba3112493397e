-- Browser security headers (Keycloak's realm `browserSecurityHeaders`) live in each realm's
-- settings document. Realms created before this version get Keycloak's defaults written in,
-- merged under any headers they already had, so a later change of the service's defaults
-- never changes an existing realm's headers (as Keycloak's own migrations do). New rows get
-- them from the column default. The database refuses values that could split or smuggle a
-- header (line breaks, control characters) whatever writes them.
DO $$
DECLARE
    defaults jsonb := '{"contentSecurityPolicy": "frame-src ''self''; frame-ancestors ''self''; object-src ''none'';",
        "contentSecurityPolicyReportOnly": "", "xFrameOptions": "SAMEORIGIN", "xContentTypeOptions": "nosniff",
        "xRobotsTag": "none", "xXSSProtection": "", "strictTransportSecurity": "max-age=31536000; includeSubDomains",
        "referrerPolicy": "no-referrer"}';
BEGIN
    UPDATE realms SET settings = settings || jsonb_build_object('browserSecurityHeaders', defaults
        || CASE WHEN jsonb_typeof(settings -> 'browserSecurityHeaders') = 'object' THEN settings -> 'browserSecurityHeaders' ELSE '{}' END);
    EXECUTE format('ALTER TABLE realms ALTER COLUMN settings SET DEFAULT %L::jsonb', jsonb_build_object('browserSecurityHeaders', defaults));
END
$$;

ALTER TABLE realms ADD CONSTRAINT realms_browser_security_headers CHECK (
    coalesce(jsonb_typeof(settings -> 'browserSecurityHeaders') = 'object', false)
    AND NOT jsonb_path_exists(settings, '$.browserSecurityHeaders.* ? (@.type() != "string" || @ like_regex "[[:cntrl:]]")')
);
