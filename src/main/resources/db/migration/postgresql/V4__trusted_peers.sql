-- Trusted peers added at runtime (Kamailio's permissions address table): PSTN gateways and other
-- proxies, by address or network, whose requests are never flood-limited, skip proxy
-- authentication and may carry preloaded Routes. parley.trusted-peers in the configuration is
-- the static list. network is the canonical CIDR text ("192.0.2.0/24", "2001:db8::/32"; a single
-- address as /32 or /128), so one network has one row. created_at is UTC.
-- The same script runs on H2 and PostgreSQL.

CREATE TABLE trusted_peer (
    network VARCHAR(64) NOT NULL PRIMARY KEY,
    description VARCHAR(255) DEFAULT '' NOT NULL,
    created_at TIMESTAMP NOT NULL
);
