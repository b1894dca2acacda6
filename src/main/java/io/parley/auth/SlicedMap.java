package io.parley.auth;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.function.Supplier;

/**
 * A map from 64-bit keys whose entries live at least a retention period after they were added
 * and at most one slice more: entries sit in buckets by the time slice they were added in, and a
 * bucket is dropped whole once its newest possible entry has outlived the retention. At most
 * {@code maxEntries} are kept; beyond that the oldest bucket goes early. Not thread-safe: the
 * owner ({@link NonceCountTracker}) holds its lock around every call.
 */
final class SlicedMap<V> {
  private final long retentionMillis;
  private final long sliceMillis;
  private final int maxEntries;
  /** Oldest first; the last one receives new entries. */
  private final ArrayDeque<Bucket<V>> buckets = new ArrayDeque<>();
  private int size;

  SlicedMap(long retentionMillis, int slices, int maxEntries) {
    this.retentionMillis = retentionMillis;
    this.sliceMillis = Math.max(1, retentionMillis / slices);
    this.maxEntries = maxEntries;
  }

  /** The entry of {@code key}, or null. Call {@link #rotate} first. */
  V get(long key) {
    Iterator<Bucket<V>> it = buckets.descendingIterator();
    while (it.hasNext()) {
      V v = it.next().entries.get(key);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** The entry of {@code key}, added now from {@code create} if there is none. Call {@link #rotate} first. */
  V getOrAdd(long key, Supplier<V> create) {
    V v = get(key);
    if (v == null) {
      while (size >= maxEntries) {
        evictOldest();
      }
      v = create.get();
      buckets.peekLast().entries.put(key, v);
      size++;
    }
    return v;
  }

  int size() {
    return size;
  }

  /** Drops the buckets whose entries have all outlived the retention, and opens the current slice's. */
  void rotate(long now) {
    long slice = Math.floorDiv(now, sliceMillis);
    Iterator<Bucket<V>> it = buckets.iterator();
    while (it.hasNext()) {
      Bucket<V> b = it.next();
      // The bucket's last possible first-seen time is (slice + 1) * sliceMillis - 1.
      if ((b.slice + 1) * sliceMillis + retentionMillis <= now) {
        size -= b.entries.size();
        it.remove();
      } else {
        break;
      }
    }
    if (buckets.isEmpty() || buckets.peekLast().slice < slice) {
      buckets.addLast(new Bucket<>(slice));
    }
  }

  private void evictOldest() {
    Bucket<V> oldest = buckets.peekFirst();
    size -= oldest.entries.size();
    if (buckets.size() > 1) {
      buckets.removeFirst();
    } else {
      oldest.entries.clear();
    }
  }

  private static final class Bucket<V> {
    final long slice;
    final HashMap<Long, V> entries = new HashMap<>();

    Bucket(long slice) {
      this.slice = slice;
    }
  }
}
