package org.medledger.node.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A shard or key that came before its ledger entry waits without a thread, and is answered on time either way. */
class LedgerWaitsTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final List<String> ran = new ArrayList<>();
  private final LedgerWaits waits = new LedgerWaits(Runnable::run, 15_000, now::get);

  @Test
  void runsAtOnceWhenTheLedgerAlreadyHoldsIt() {
    waits.whenLedgerHas(() -> true, () -> ran.add("now"));
    assertThat(ran).containsExactly("now");
    assertThat(waits.parked()).isZero();
  }

  @Test
  void parksUntilTheEntryIsCommittedThenRunsOnce() {
    AtomicBoolean committed = new AtomicBoolean();
    waits.whenLedgerHas(committed::get, () -> ran.add("placed"));
    waits.recheck();
    assertThat(ran).isEmpty();
    assertThat(waits.parked()).isEqualTo(1);
    committed.set(true);
    waits.recheck();
    waits.recheck();
    assertThat(ran).containsExactly("placed");
    assertThat(waits.parked()).isZero();
  }

  @Test
  void anEntryThatNeverComesIsAnsweredOnceTheWaitIsOver() {
    waits.whenLedgerHas(() -> false, () -> ran.add("refused"));
    now.addAndGet(14_999);
    waits.recheck();
    assertThat(ran).isEmpty();
    now.addAndGet(1);
    waits.recheck();
    assertThat(ran).containsExactly("refused");
  }
}
