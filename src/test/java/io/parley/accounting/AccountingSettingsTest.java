package io.parley.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.parley.config.ConfigLoader;
import io.parley.dialog.BatchSettings;
import io.parley.dialog.DialogStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AccountingSettingsTest {

  @Test
  void theDefaultsAreReferenceConfs() {
    var config = ConfigLoader.layered(ConfigFactory.empty());
    AccountingSettings s = AccountingSettings.from(config);
    assertTrue(s.enabled());
    assertEquals(new BatchSettings("parley.accounting", 500, Duration.ofSeconds(1), 50_000), s.batch());
    assertEquals(new BatchSettings(DialogStore.KEY, 500, Duration.ofMillis(200), 50_000),
        BatchSettings.from(config, DialogStore.KEY));
    assertTrue(config.hasPath("parley.database-writer-dispatcher.type"));
  }

  @Test
  void aBadValueNamesItsKey() {
    String[][] cases = {
        {"parley.accounting.enabled = maybe", "parley.accounting.enabled"},
        {"parley.accounting.batch-size = 0", "parley.accounting.batch-size"},
        {"parley.accounting.batch-size = 20000", "parley.accounting.batch-size"},
        {"parley.accounting.batch-interval = 0s", "parley.accounting.batch-interval"},
        {"parley.accounting.batch-interval = soon", "parley.accounting.batch-interval"},
        {"parley.accounting.buffer-size = 0", "parley.accounting.buffer-size"},
    };
    for (String[] c : cases) {
      var e = assertThrows(ConfigException.class,
          () -> AccountingSettings.from(ConfigLoader.layered(ConfigFactory.parseString(c[0]))), c[0]);
      assertTrue(e.getMessage().contains(c[1]), c[0] + " → " + e.getMessage());
    }
    var e = assertThrows(ConfigException.class, () -> BatchSettings.from(
        ConfigLoader.layered(ConfigFactory.parseString("parley.dialog.store.buffer-size = -1")), DialogStore.KEY));
    assertTrue(e.getMessage().contains("parley.dialog.store.buffer-size"), e.getMessage());
  }
}
