-- Parley's subscribers, their aliases and the domains provisioned at runtime.
-- No password is ever stored: one HA1 = H(username ":" realm ":" password) per digest algorithm
-- (RFC 7616 §3.4.2), the realm being the domain in lower case. HA1 is password-equivalent for
-- that realm: protect this table like a password file. ha1_md5 is required; the SHA columns may
-- be empty for subscribers imported from a system that only kept the MD5 HA1.
-- created_at is UTC.

CREATE TABLE subscriber (
    username VARCHAR(128) NOT NULL,
    domain VARCHAR(255) NOT NULL,
    ha1_md5 VARCHAR(32) NOT NULL,
    ha1_sha256 VARCHAR(64),
    ha1_sha512_256 VARCHAR(64),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (username, domain)
);

-- Another address of record for a subscriber (Kamailio's dbaliases): a request for
-- alias_username@alias_domain is for username@domain. Removed with its subscriber.
CREATE TABLE alias (
    alias_username VARCHAR(128) NOT NULL,
    alias_domain VARCHAR(255) NOT NULL,
    username VARCHAR(128) NOT NULL,
    domain VARCHAR(255) NOT NULL,
    PRIMARY KEY (alias_username, alias_domain),
    CONSTRAINT fk_alias_subscriber FOREIGN KEY (username, domain)
        REFERENCES subscriber (username, domain) ON DELETE CASCADE
);

CREATE INDEX alias_subscriber_idx ON alias (username, domain);

-- Served domains added at runtime; parley.domains in the configuration is the bootstrap list.
CREATE TABLE domain (
    name VARCHAR(255) NOT NULL PRIMARY KEY,
    created_at TIMESTAMP NOT NULL
);
