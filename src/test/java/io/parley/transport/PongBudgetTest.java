package io.parley.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PongBudgetTest {

  @Test
  void answersAFewPingsASecondThenNoMoreUntilTheNextSecond() throws Exception {
    PongBudget budget = new PongBudget();
    for (int i = 0; i < PongBudget.PONGS_PER_SECOND; i++) {
      assertTrue(budget.take(), "ping " + i);
    }
    assertFalse(budget.take());
    assertFalse(budget.take());
    Thread.sleep(1_050);
    assertTrue(budget.take());
  }
}
