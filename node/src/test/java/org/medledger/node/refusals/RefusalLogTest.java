package org.medledger.node.refusals;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.storage.NodeLocalStore;
import org.medledger.storage.RocksLedgerStore;

/** The refusal log on the node's real RocksDB store: the chain holds, and any change to a stored entry breaks it. */
class RefusalLogTest {
  private static final String PATIENT = "ab".repeat(32);
  private static final HashFunction SHA256 = CryptoSuites.byId("intl").hash();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  private static Refusal refusal(int i) {
    String path = i % 2 == 0 ? "/v1/records/" + "cd".repeat(32) : "/fhir/Observation?patient=" + PATIENT.toUpperCase();
    RefusalRequester who = i % 3 == 0 ? RefusalRequester.NOBODY
        : RefusalRequester.claimed(Hash.of(new byte[32]), "hospital-b", "clinician", "dr-li");
    return new Refusal("127.0.0." + (i % 250 + 1), "GET", path, 401, i % 3 == 0 ? "no_token" : "token_not_issued_here", who);
  }

  @Test
  void entriesChainAndPageInOrder() {
    try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
      RefusalLog log = new RefusalLog(store.nodeLocal(), SHA256, CLOCK, 1000);
      RefusalEntry first = log.append(refusal(0));
      RefusalEntry second = log.append(refusal(1));
      log.append(refusal(2));
      assertThat(first.sequence()).isEqualTo(1);
      assertThat(first.previous()).isEqualTo(Hash.ZERO);
      assertThat(second.previous()).isEqualTo(first.hash(SHA256));
      assertThat(second.time()).isEqualTo(CLOCK.millis());
      RefusalLog.Page page = log.page(0, 2, null);
      assertThat(page.entries()).extracting(RefusalEntry::sequence).containsExactly(1L, 2L);
      assertThat(page.next()).isEqualTo(2L);
      assertThat(log.page(2, 2, null).entries()).extracting(RefusalEntry::sequence).containsExactly(3L);
      assertThat(log.page(2, 2, null).next()).isNull();
      ChainCheck check = log.check();
      assertThat(check.intact()).as(check.problem()).isTrue();
      assertThat(check.entries()).isEqualTo(3);
      assertThat(check.head()).isEqualTo(log.page(2, 1, null).entries().get(0).hash(SHA256));
    }
  }

  @Test
  void aPatientsEntriesAreFoundByHerIdAsSentInAnyCase() {
    try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
      RefusalLog log = new RefusalLog(store.nodeLocal(), SHA256, CLOCK, 1000);
      for (int i = 0; i < 6; i++) {
        log.append(refusal(i));
      }
      assertThat(log.page(0, 100, PATIENT).entries()).extracting(RefusalEntry::sequence).containsExactly(2L, 4L, 6L);
      assertThat(log.page(0, 2, PATIENT).next()).isEqualTo(4L);
      assertThat(log.page(0, 100, "ef".repeat(32)).entries()).isEmpty();
    }
  }

  @Test
  void theChainContinuesAcrossARestart() {
    try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
      RefusalLog log = new RefusalLog(store.nodeLocal(), SHA256, CLOCK, 1000);
      log.append(refusal(0));
      log.append(refusal(1));
    }
    try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
      RefusalLog log = new RefusalLog(store.nodeLocal(), SHA256, CLOCK, 1000);
      RefusalEntry third = log.append(refusal(2));
      assertThat(third.sequence()).isEqualTo(3);
      assertThat(third.previous()).isEqualTo(log.page(1, 1, null).entries().get(0).hash(SHA256));
      assertThat(log.check().intact()).isTrue();
    }
  }

  @Test
  void retentionDropsTheOldestAndKeepsTheChainAnchored() {
    try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
      RefusalLog log = new RefusalLog(store.nodeLocal(), SHA256, CLOCK, 3);
      List<RefusalEntry> all = new java.util.ArrayList<>();
      for (int i = 0; i < 5; i++) {
        all.add(log.append(refusal(i)));
      }
      assertThat(log.page(0, 100, null).entries()).extracting(RefusalEntry::sequence).containsExactly(3L, 4L, 5L);
      ChainCheck check = log.check();
      assertThat(check.intact()).as(check.problem()).isTrue();
      assertThat(check.first()).isEqualTo(3);
      assertThat(check.anchor()).isEqualTo(all.get(1).hash(SHA256));
    }
  }

  @Test
  void aLogReopenedWithASmallerRetentionDropsItsOldestAtOnceKeepingTheChainAnchored() {
    try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
      RefusalLog big = new RefusalLog(store.nodeLocal(), SHA256, CLOCK, 1000);
      List<RefusalEntry> all = new java.util.ArrayList<>();
      for (int i = 0; i < 12; i++) {
        all.add(big.append(refusal(i)));
      }
      assertThat(big.trimToRetained()).as("within its retention: nothing dropped").isZero();
      RefusalLog small = new RefusalLog(store.nodeLocal(), SHA256, CLOCK, 4);
      assertThat(small.trimToRetained()).isEqualTo(8);
      assertThat(small.page(0, 100, null).entries()).extracting(RefusalEntry::sequence).containsExactly(9L, 10L, 11L, 12L);
      ChainCheck check = small.check();
      assertThat(check.intact()).as(check.problem()).isTrue();
      assertThat(check.first()).isEqualTo(9);
      assertThat(check.anchor()).isEqualTo(all.get(7).hash(SHA256));
      assertThat(small.entryHash(12)).contains(all.get(11).hash(SHA256));
      assertThat(small.entryHash(8)).isEmpty();
      // The next entry keeps four.
      small.append(refusal(12));
      assertThat(small.page(0, 100, null).entries()).extracting(RefusalEntry::sequence).containsExactly(10L, 11L, 12L, 13L);
      assertThat(small.check().intact()).isTrue();
      // Reopened, the trimmed head is what is on disk.
      RefusalLog again = new RefusalLog(store.nodeLocal(), SHA256, CLOCK, 4);
      assertThat(again.trimToRetained()).isZero();
      assertThat(again.headNow().first()).isEqualTo(10);
    }
  }

  @Test
  void anEntryChangedOnDiskBreaksTheChain() {
    try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
      RefusalLog log = new RefusalLog(store.nodeLocal(), SHA256, CLOCK, 1000);
      for (int i = 0; i < 4; i++) {
        log.append(refusal(i));
      }
      // The operator rewrites entry 2 as a refusal of someone else's record, keeping its link to entry 1.
      RefusalEntry two = log.page(1, 1, null).entries().get(0);
      Refusal r = two.refusal();
      RefusalEntry edited = new RefusalEntry(2, two.time(), new Refusal(r.source(), r.method(), "/v1/records/" + "00".repeat(32),
          r.status(), r.reason(), r.requester()), two.previous());
      store.nodeLocal().write(List.of(NodeLocalStore.Write.put(entryKey(2), edited.encode())));
      ChainCheck check = log.check();
      assertThat(check.intact()).isFalse();
      assertThat(check.problem()).startsWith("entry 3 names");
    }
  }

  @Test
  void anEntryTakenOutBreaksTheChain() {
    try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
      RefusalLog log = new RefusalLog(store.nodeLocal(), SHA256, CLOCK, 1000);
      for (int i = 0; i < 4; i++) {
        log.append(refusal(i));
      }
      store.nodeLocal().write(List.of(NodeLocalStore.Write.delete(entryKey(2))));
      assertThat(log.check().problem()).isEqualTo("entry 2 is missing: the next stored is 3");
    }
  }

  @Test
  void theLastEntryChangedOrTakenOutDisagreesWithTheHead() {
    try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
      RefusalLog log = new RefusalLog(store.nodeLocal(), SHA256, CLOCK, 1000);
      for (int i = 0; i < 3; i++) {
        log.append(refusal(i));
      }
      RefusalEntry last = log.page(2, 1, null).entries().get(0);
      Refusal r = last.refusal();
      RefusalEntry edited = new RefusalEntry(3, last.time(), new Refusal("10.0.0.9", r.method(), r.path(), r.status(), r.reason(),
          r.requester()), last.previous());
      store.nodeLocal().write(List.of(NodeLocalStore.Write.put(entryKey(3), edited.encode())));
      assertThat(log.check().problem()).contains("is not the last entry's");
      store.nodeLocal().write(List.of(NodeLocalStore.Write.delete(entryKey(3))));
      assertThat(log.check().problem()).isEqualTo("the head is entry 3 but the entries end at 2");
    }
  }

  @Test
  void entriesRoundTripTheirEncoding() {
    for (int i = 0; i < 6; i++) {
      RefusalEntry e = new RefusalEntry(i + 1, 1_700_000_000_000L + i, refusal(i), Hash.of(SHA256.hash(new byte[] {(byte) i})));
      assertThat(RefusalEntry.decode(e.encode())).isEqualTo(e);
    }
  }

  @Test
  void aClaimCannotWriteALineOfItsOwnNorRunOn() {
    RefusalRequester who = RefusalRequester.claimed(Hash.of(new byte[32]), "org\nforged line", "x".repeat(500), "n");
    assertThat(who.organisation()).isEqualTo("org?forged line");
    assertThat(who.role()).hasSize(RefusalRequester.MAX_FIELD);
  }

  private static byte[] entryKey(long sequence) {
    byte[] prefix = "refusals/e/".getBytes(StandardCharsets.UTF_8);
    byte[] k = java.util.Arrays.copyOf(prefix, prefix.length + 8);
    for (int i = 0; i < 8; i++) {
      k[prefix.length + i] = (byte) (sequence >>> (56 - 8 * i));
    }
    return k;
  }
}
