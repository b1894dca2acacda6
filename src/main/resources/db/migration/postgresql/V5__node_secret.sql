-- The secret a node signs digest nonces and its Record-Route proofs with when parley.auth.secret
-- is not set: drawn at random by the first node that starts on this database and read by every
-- later start and every other node on it, so nonces and in-dialog routes survive a restart and
-- verify on every node of a cluster. One row per name; created_at is UTC.
-- The same script runs on H2 and PostgreSQL.

CREATE TABLE node_secret (
    name VARCHAR(64) NOT NULL PRIMARY KEY,
    secret VARCHAR(255) NOT NULL,
    created_at TIMESTAMP NOT NULL
);
