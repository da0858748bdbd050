package org.medledger.apps.records.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.patient.PatientId;

/** Issue 20 finding 8: a patient's one-time codes, spent once, for her only, locked against guessing. */
class StepUpCodesTest {
  @TempDir Path dir;
  private final long[] now = {1_000_000};
  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(now[0]);
    }
  };
  private final PatientId alice = PatientId.parse("aa".repeat(32));
  private final PatientId bob = PatientId.parse("bb".repeat(32));
  private final byte[] walletKey = new byte[32];

  @Test
  void aCodeWorksOnceForItsOwnPatient() throws Exception {
    StepUpCodes codes = new StepUpCodes(dir, walletKey, clock);
    List<String> hers = codes.issue(alice);
    List<String> his = codes.issue(bob);
    assertThatThrownBy(() -> codes.spend(alice, his.get(0))).isInstanceOf(StepUpCodes.StepUpRefused.class);
    assertThat(codes.spend(alice, hers.get(0))).isEqualTo(StepUpCodes.CODES_PER_LIST - 1);
    assertThatThrownBy(() -> codes.spend(alice, hers.get(0))).hasMessageContaining("not one of patient");
    // Spent codes stay spent across a restart of the node.
    StepUpCodes reopened = new StepUpCodes(dir, walletKey, clock);
    assertThatThrownBy(() -> reopened.spend(alice, hers.get(0))).isInstanceOf(StepUpCodes.StepUpRefused.class);
    assertThat(reopened.spend(alice, hers.get(1))).isEqualTo(StepUpCodes.CODES_PER_LIST - 2);
    // Another wallet key (a stolen copy of the folder opened elsewhere) matches no code.
    byte[] otherKey = new byte[32];
    otherKey[0] = 1;
    assertThatThrownBy(() -> new StepUpCodes(dir, otherKey, clock).spend(alice, hers.get(2)))
        .isInstanceOf(StepUpCodes.StepUpRefused.class);
  }

  @Test
  void wrongCodesLockHerCodesForTheWindowOnly() throws Exception {
    StepUpCodes codes = new StepUpCodes(dir, walletKey, clock);
    List<String> hers = codes.issue(alice);
    List<String> his = codes.issue(bob);
    for (int i = 0; i < StepUpCodes.MAX_FAILURES; i++) {
      String guess = "ZZZZZ-ZZZZ" + i;
      assertThatThrownBy(() -> codes.spend(alice, guess))
          .isInstanceOfSatisfying(StepUpCodes.StepUpRefused.class, e -> assertThat(e.locked()).isFalse());
    }
    assertThatThrownBy(() -> codes.spend(alice, hers.get(0)))
        .isInstanceOfSatisfying(StepUpCodes.StepUpRefused.class, e -> assertThat(e.locked()).isTrue());
    // The lock is hers alone.
    assertThat(codes.spend(bob, his.get(0))).isEqualTo(StepUpCodes.CODES_PER_LIST - 1);
    now[0] += StepUpCodes.FAILURE_WINDOW_MILLIS;
    assertThat(codes.spend(alice, hers.get(0))).isEqualTo(StepUpCodes.CODES_PER_LIST - 1);
  }

  @Test
  void aMissingCodeIsNamed() throws Exception {
    StepUpCodes codes = new StepUpCodes(dir, walletKey, clock);
    codes.issue(alice);
    assertThatThrownBy(() -> codes.spend(alice, null)).hasMessageContaining("stepUpCode");
    assertThatThrownBy(() -> codes.spend(alice, " ")).hasMessageContaining("stepUpCode");
  }
}
