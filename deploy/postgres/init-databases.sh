#!/bin/sh
# Runs once, when the PostgreSQL volume is first initialised: one role and schema owner per
# service, both in the `tessera` database.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE identity LOGIN PASSWORD '${IDENTITY_DB_PASSWORD}';
CREATE ROLE pacs LOGIN PASSWORD '${PACS_DB_PASSWORD}';
CREATE SCHEMA identity AUTHORIZATION identity;
CREATE SCHEMA pacs AUTHORIZATION pacs;
SQL
