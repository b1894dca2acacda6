/**
 * Call detail records: a {@link io.parley.accounting.Cdr} for every call attempt, answered or
 * not, written from the dialog events ({@link io.parley.accounting.CdrWriter}, batched, never on
 * a call's thread) into the {@code cdr} table, and read back by time, caller, callee and Call-ID
 * ({@link io.parley.accounting.CdrRepository}, {@code GET /cdrs}, {@code parley cdrs}), as JSON
 * or CSV ({@link io.parley.accounting.CdrCsv}).
 */
package io.parley.accounting;
