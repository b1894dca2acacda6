-- The cdr table loses its index on call_id (V7): every CDR insert updated it, and a Call-ID is
-- random text, so each insert landed on a different page of that index. In H2's store, which
-- rewrites every page changed since its last write, that made a CDR about twice as expensive
-- as the row itself (measured: 47 against 22 µs of CPU per row with random Call-IDs, at 1,000
-- rows/s). The indexes left serve GET /cdrs: setup_time for from/to and the newest first,
-- (caller, setup_time) for caller. A search by call-id alone reads the table in setup-time
-- order; with from/to it reads only that window.

DROP INDEX cdr_call_id;
