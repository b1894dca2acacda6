-- The cdr table loses its index on (caller, setup_time) (V7), as V9 took the one on call_id: with
-- callers spread over many subscribers, each insert landed on a different page of it, and H2's
-- store rewrites every page changed since its last write. Measured (bench/CdrInserts.java, 3,000
-- callers, random Call-IDs, 1,000 rows/s, JIT threads left out): 73 µs of CPU and 10.3 KB
-- allocated per row with it, 37 µs and 7.1 KB without. A search by caller now reads the table
-- in setup-time order, newest first, as one by callee or Call-ID already did; with from/to it
-- reads only that window.

DROP INDEX cdr_caller;
