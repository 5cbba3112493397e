#!/bin/sh
# Runs once, when the PostgreSQL volume is first initialised: one role and schema owner per
# service, both in the `tessera` database. The passwords reach SQL as psql variables
# (:'name' quotes them), never spliced into the statement text.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v identity_password="$IDENTITY_DB_PASSWORD" -v pacs_password="$PACS_DB_PASSWORD" <<'SQL'
CREATE ROLE identity LOGIN PASSWORD :'identity_password';
CREATE ROLE pacs LOGIN PASSWORD :'pacs_password';
CREATE SCHEMA identity AUTHORIZATION identity;
CREATE SCHEMA pacs AUTHORIZATION pacs;
SQL
