-- Runs once, when the postgres-data volume is first initialised (docker-entrypoint-initdb.d), as
-- the POSTGRES_USER superuser from .env. Each module owns one database. The hosts also create
-- their database if it is missing; creating both here means a fresh stack never depends on that.
CREATE DATABASE payord_orders;
CREATE DATABASE payord_payments;
