package org.medledger.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medledger.it.chaos.RegisterLinearizability.Commit;
import org.medledger.it.chaos.RegisterOp.Cas;
import org.medledger.it.chaos.RegisterOp.CasResult;
import org.medledger.it.chaos.RegisterOp.Read;

/** The checker finds each kind of violation it claims to, and passes a correct history. */
class RegisterLinearizabilityTest {
  private final List<RegisterOp> history = new ArrayList<>();
  private final Map<String, Commit> commits = new HashMap<>();
  private final Map<Integer, List<String>> finalWriters = new HashMap<>();

  /** Two clients race for version 1 of register 0; a reads it; b then sets version 2. */
  private void correctHistory() {
    history.add(new Read(0, 0, 1, 0, "", 0, 10));
    history.add(new Read(1, 0, 1, 0, "", 1, 11));
    history.add(new Cas(0, 0, 0, "a", "tx-a", CasResult.OK, 3, 20, 50));
    history.add(new Cas(1, 0, 0, "b", "tx-b", CasResult.FAIL, 3, 21, 51));
    commits.put("tx-a", new Commit(3, 0, true, ""));
    commits.put("tx-b", new Commit(3, 1, false, "already_anchored"));
    history.add(new Read(1, 0, 3, 1, "tx-a", 60, 70));
    history.add(new Cas(1, 0, 1, "c", "tx-c", CasResult.OK, 5, 80, 90));
    commits.put("tx-c", new Commit(5, 0, true, ""));
    history.add(new Cas(0, 0, 2, "d", "tx-d", CasResult.UNKNOWN, -1, 95, Long.MAX_VALUE));
    history.add(new Cas(0, 0, 2, "e", "tx-e", CasResult.REFUSED, -1, 96, 97));
    history.add(new Read(0, 0, 5, 2, "tx-c", 100, 110));
    finalWriters.put(0, List.of("tx-a", "tx-c"));
  }

  private List<String> check() {
    return RegisterLinearizability.check(history, commits, finalWriters);
  }

  @Test
  void passesALinearizableHistory() {
    correctHistory();
    assertThat(check()).isEmpty();
  }

  @Test
  void findsAnAcknowledgedSetTheChainDoesNotHold() {
    correctHistory();
    commits.remove("tx-c");
    assertThat(check()).anyMatch(v -> v.contains("acknowledged compare-and-set") && v.contains("not in the chain"));
  }

  @Test
  void findsAStaleRead() {
    correctHistory();
    // Began after tx-c (height 5) was acknowledged, yet read at height 4.
    history.add(new Read(0, 0, 4, 1, "tx-a", 120, 130));
    assertThat(check()).anyMatch(v -> v.contains("began after") && v.contains("orders it before"));
  }

  @Test
  void findsAReadThatDisagreesWithTheChain() {
    correctHistory();
    history.add(new Read(0, 0, 5, 1, "tx-a", 120, 130));
    assertThat(check()).anyMatch(v -> v.contains("the chain gives version 2"));
  }

  @Test
  void findsTwoSetsOfOneVersion() {
    correctHistory();
    commits.put("tx-b", new Commit(3, 1, true, ""));
    assertThat(check()).anyMatch(v -> v.contains("expected version 0"));
  }

  @Test
  void findsASetOrderedBeforeOneThatEndedBeforeItBegan() {
    correctHistory();
    // tx-c began (80) after tx-a ended (50), so tx-c placed first breaks real time.
    commits.put("tx-c", new Commit(2, 0, true, ""));
    assertThat(check()).anyMatch(v -> v.contains("began after"));
  }

  @Test
  void findsARefusedSubmissionThatCommitted() {
    correctHistory();
    commits.put("tx-e", new Commit(6, 0, false, "already_anchored"));
    assertThat(check()).anyMatch(v -> v.contains("refused at submission is in the chain"));
  }

  @Test
  void findsStateThatDisagreesWithTheChain() {
    correctHistory();
    finalWriters.put(0, List.of("tx-a"));
    assertThat(check()).anyMatch(v -> v.contains("in the nodes' state"));
  }
}
