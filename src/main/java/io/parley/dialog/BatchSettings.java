package io.parley.dialog;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link BatchWriter} groups what it writes: a block of HOCON with {@code batch-size},
 * {@code batch-interval} and {@code buffer-size} ({@code parley.accounting},
 * {@code parley.dialog.store}).
 *
 * @param path the block's key, named in messages
 * @param batchSize the most rows one JDBC batch carries; 1 to 10,000
 * @param batchInterval the longest a row waits for its batch to fill; 1 ms to 1 min
 * @param bufferSize the most rows waiting while the database is slow or away; past it new rows
 *     are dropped and counted; 1 to 10,000,000
 */
public record BatchSettings(String path, int batchSize, Duration batchInterval, int bufferSize) {

  public BatchSettings {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(batchInterval, "batchInterval");
    check(path, batchSize >= 1 && batchSize <= 10_000, "batch-size", "must be between 1 and 10000, was " + batchSize);
    check(path, batchInterval.compareTo(Duration.ofMillis(1)) >= 0 && batchInterval.compareTo(Duration.ofMinutes(1)) <= 0,
        "batch-interval", "must be between 1ms and 1m, was " + batchInterval);
    check(path, bufferSize >= 1 && bufferSize <= 10_000_000, "buffer-size",
        "must be between 1 and 10000000, was " + bufferSize);
  }

  /**
   * Reads {@code path.batch-size}, {@code path.batch-interval} and {@code path.buffer-size}.
   *
   * @throws ConfigException naming the key of a value of the wrong type or out of range
   */
  public static BatchSettings from(Config config, String path) {
    return new BatchSettings(path, config.getInt(path + ".batch-size"), config.getDuration(path + ".batch-interval"),
        config.getInt(path + ".buffer-size"));
  }

  private static void check(String path, boolean ok, String key, String message) {
    if (!ok) {
      throw new ConfigException.BadValue(path + "." + key, message);
    }
  }
}
