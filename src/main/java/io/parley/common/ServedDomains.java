package io.parley.common;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The domains this server is responsible for (RFC 3261 §10.3 step 1, §16.4): the bootstrap list
 * of the configuration plus the rows of the domain table, which a node re-reads as it re-reads
 * its subscribers, and one row at a time when told of a change. Host names compare without case
 * (RFC 3261 §19.1.4). Thread-safe: the provisioned set is replaced whole, so a reader sees one
 * version or the other and takes no lock; writers take turns, and the {@code reread} forms read
 * the table inside their turn, so an older read of the whole table never overwrites a newer
 * read of one row.
 */
public final class ServedDomains {
  private final Set<String> configured;
  private volatile Set<String> provisioned = Set.of();
  /** Served for a while by the node itself (its warm-up), neither configured nor in the table. */
  private volatile Set<String> temporary = Set.of();

  public ServedDomains(Collection<String> configured) {
    this.configured = lowerCase(configured);
  }

  /** Whether {@code host} (any case) is served. */
  public boolean contains(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return configured.contains(h) || provisioned.contains(h) || temporary.contains(h);
  }

  /** Serves {@code domain} until {@link #stopServingTemporarily}, whatever the table says. */
  public synchronized void serveTemporarily(String domain) {
    Set<String> next = new HashSet<>(temporary);
    next.add(domain.toLowerCase(Locale.ROOT));
    temporary = Set.copyOf(next);
  }

  /** Ends {@link #serveTemporarily}; a configured or provisioned domain stays served. */
  public synchronized void stopServingTemporarily(String domain) {
    Set<String> next = new HashSet<>(temporary);
    next.remove(domain.toLowerCase(Locale.ROOT));
    temporary = Set.copyOf(next);
  }

  /** The provisioned domains now, in place of the earlier ones. */
  public synchronized void provisioned(Collection<String> domains) {
    provisioned = lowerCase(domains);
  }

  /** Reads the whole table through {@code table} (blocking) and serves what it holds. */
  public synchronized void reread(Supplier<? extends Collection<String>> table) {
    provisioned = lowerCase(table.get());
  }

  /**
   * Asks {@code inTable} (blocking) whether {@code domain} is a row of the table now, and serves
   * it or stops serving it accordingly; the configuration's domains are not touched.
   */
  public synchronized void reread(String domain, Predicate<String> inTable) {
    String d = domain.toLowerCase(Locale.ROOT);
    boolean present = inTable.test(d);
    Set<String> now = provisioned;
    if (present != now.contains(d)) {
      Set<String> next = new HashSet<>(now);
      if (present) {
        next.add(d);
      } else {
        next.remove(d);
      }
      provisioned = Set.copyOf(next);
    }
  }

  /** The domains of the configuration, in lower case: fixed for the life of the node. */
  public Set<String> configured() {
    return configured;
  }

  /** Whether {@code host} (any case) is one of the configuration's domains. */
  public boolean isConfigured(String host) {
    return configured.contains(host.toLowerCase(Locale.ROOT));
  }

  /** Every served domain, for logs and the management API. */
  public Set<String> all() {
    Set<String> p = provisioned;
    return p.isEmpty() ? configured
        : Stream.concat(configured.stream(), p.stream()).collect(Collectors.toUnmodifiableSet());
  }

  private static Set<String> lowerCase(Collection<String> domains) {
    return domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }
}
