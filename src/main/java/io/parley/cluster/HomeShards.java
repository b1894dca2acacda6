package io.parley.cluster;

import io.parley.common.Fnv64;
import java.util.List;
import org.apache.pekko.cluster.UniqueAddress;

/**
 * Node affinity for sharded calls (DESIGN.md, Cluster: cross as rarely as possible). Each node
 * incarnation has a home named by a token of its unique address, and a call entity's id is its
 * home's token, {@code |}, and its Call-ID. A call lives in the home of the node that received
 * its first request; that node names the home in every branch it sends and in its Record-Route,
 * so responses and in-dialog requests reach the same entity whichever node they arrive at, and
 * from UDP endpoints they arrive at the home node itself. A home is {@value #SHARDS_PER_HOME}
 * shards, so that the calls of a node that is gone spread over the survivors ({@link
 * HomeShardAllocation}); a node that restarts has a new home, since its unique address carries
 * the incarnation.
 */
public final class HomeShards {
  /** Tokens are this many characters of {@code [0-9a-z]}. */
  public static final int TOKEN_LENGTH = 6;
  /**
   * Between the token and the Call-ID: a character no Call-ID holds (RFC 3261 §25.1, {@code
   * word}), so a Call-ID is never taken for an entity id.
   */
  static final char SEPARATOR = '|';
  /** Shards of one home: where a dead node's calls may go at once. */
  static final int SHARDS_PER_HOME = 8;
  private static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
  /** Where entity ids without a home go (none are made; kept for what an older node sends). */
  private static final int FALLBACK_SHARDS = 64;

  private HomeShards() {}

  /** The home token of the node incarnation {@code node}. */
  public static String token(UniqueAddress node) {
    long h = Fnv64.add(Fnv64.OFFSET, node.address().toString());
    h = Fnv64.finish(Fnv64.add(Fnv64.add(h, '#'), Long.toString(node.longUid())));
    char[] t = new char[TOKEN_LENGTH];
    for (int i = 0; i < TOKEN_LENGTH; i++) {
      t[i] = DIGITS.charAt((int) Long.remainderUnsigned(h, 36));
      h = Long.divideUnsigned(h, 36);
    }
    return new String(t);
  }

  /** The id of the call entity of {@code callId} at home {@code home}. */
  public static String entityId(String home, String callId) {
    return home + SEPARATOR + callId;
  }

  /**
   * Entity ids, one in each shard of {@code home}, that no SIP message can name: their Call-ID
   * part starts with the separator. Starting them allocates the home's shards ({@link
   * HomeShardOpening}); the call entity type stops them at once ({@link #isOpener}).
   */
  public static List<String> openers(String home) {
    String[] ids = new String[SHARDS_PER_HOME];
    int found = 0;
    for (int n = 0; found < SHARDS_PER_HOME; n++) {
      String id = home + SEPARATOR + SEPARATOR + n;
      int shard = shardOf(id).charAt(TOKEN_LENGTH) - '0';
      if (ids[shard] == null) {
        ids[shard] = id;
        found++;
      }
    }
    return List.of(ids);
  }

  /** Whether {@code entityId} is one of the {@link #openers}. */
  public static boolean isOpener(String entityId) {
    return isHomed(entityId) && entityId.length() > TOKEN_LENGTH + 1
        && entityId.charAt(TOKEN_LENGTH + 1) == SEPARATOR;
  }

  /** The Call-ID of entity {@code entityId}. */
  public static String callId(String entityId) {
    return isHomed(entityId) ? entityId.substring(TOKEN_LENGTH + 1) : entityId;
  }

  /** Whether {@code entityId} lives at {@code home}; as {@link #homeOf} but without a copy (per message). */
  public static boolean isOfHome(String entityId, String home) {
    return home != null && home.length() == TOKEN_LENGTH && entityId.length() > TOKEN_LENGTH
        && entityId.charAt(TOKEN_LENGTH) == SEPARATOR && entityId.startsWith(home);
  }

  /** The home of entity {@code entityId}; null if it has none. */
  public static String homeOf(String entityId) {
    return isHomed(entityId) ? entityId.substring(0, TOKEN_LENGTH) : null;
  }

  /** The shard of entity {@code entityId}: its home token and one of the home's shards. */
  public static String shardOf(String entityId) {
    if (isHomed(entityId)) {
      int h = 0;
      for (int i = TOKEN_LENGTH + 1; i < entityId.length(); i++) {
        h = 31 * h + entityId.charAt(i);
      }
      return entityId.substring(0, TOKEN_LENGTH) + (char) ('0' + Math.floorMod(h, SHARDS_PER_HOME));
    }
    return "~" + Math.floorMod(entityId.hashCode(), FALLBACK_SHARDS);
  }

  /** The home a shard belongs to; null for a fallback shard. */
  public static String homeOfShard(String shardId) {
    return shardId.length() == TOKEN_LENGTH + 1 && isToken(shardId, 0) ? shardId.substring(0, TOKEN_LENGTH) : null;
  }

  /** Whether {@code s} is a token. */
  public static boolean isToken(CharSequence s) {
    return s != null && s.length() == TOKEN_LENGTH && isToken(s, 0);
  }

  /** Whether {@code s} has a token at {@code from}. */
  static boolean isToken(CharSequence s, int from) {
    if (s.length() < from + TOKEN_LENGTH) {
      return false;
    }
    for (int i = from; i < from + TOKEN_LENGTH; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code entityId} starts with a token and the separator. */
  private static boolean isHomed(String entityId) {
    return entityId.length() > TOKEN_LENGTH && entityId.charAt(TOKEN_LENGTH) == SEPARATOR && isToken(entityId, 0);
  }
}
