-- H2 keeps a BLOB in its separate LOB store: a second map to write on every event and to read on
-- every replay, for payloads of a few hundred bytes. BINARY VARYING keeps them in the row (H2
-- allows up to 1,000,000,000 bytes). PostgreSQL's BYTEA is stored in the row already.
ALTER TABLE "event_journal" ALTER COLUMN "event_payload" SET DATA TYPE BINARY VARYING;
ALTER TABLE "event_journal" ALTER COLUMN "meta_payload" SET DATA TYPE BINARY VARYING;
ALTER TABLE "snapshot" ALTER COLUMN "snapshot_payload" SET DATA TYPE BINARY VARYING;
ALTER TABLE "snapshot" ALTER COLUMN "meta_payload" SET DATA TYPE BINARY VARYING;
ALTER TABLE "durable_state" ALTER COLUMN "state_payload" SET DATA TYPE BINARY VARYING;
