package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class StoredSecretTest {
  @Test
  void theFirstStartDrawsItAndEveryLaterOneReadsIt() {
    DataSource db = TestDatabase.migrated();
    String first = new StoredSecret(db, Clock.systemUTC()).loadOrCreate(StoredSecret.AUTH);
    assertTrue(first.length() >= AuthSettings.MIN_SECRET_LENGTH, first);
    assertEquals(first, new StoredSecret(db, Clock.systemUTC()).loadOrCreate(StoredSecret.AUTH));
    assertNotEquals(first, new StoredSecret(TestDatabase.migrated(), Clock.systemUTC()).loadOrCreate(StoredSecret.AUTH),
        "another database, another secret");
  }

  /** Nodes of a cluster starting at once on one database agree on one secret. */
  @Test
  void nodesStartingAtOnceAgree() throws Exception {
    DataSource db = TestDatabase.migrated();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> nodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread t = new Thread(() -> {
        try {
          go.await();
          seen.add(new StoredSecret(db, Clock.systemUTC()).loadOrCreate(StoredSecret.AUTH));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      t.start();
      nodes.add(t);
    }
    go.countDown();
    for (Thread t : nodes) {
      t.join();
    }
    assertEquals(1, seen.size(), seen.toString());
  }
}
