package org.medledger.node.bft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.consensus.EngineState;
import org.medledger.consensus.message.ConsensusMessageCodec;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.message.Step;
import org.medledger.consensus.message.Vote;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * Disks that lie under the saved consensus state (issue 19, item 3): every damaged file is caught
 * and named, never read as other votes; a deleted state after voting keeps the validator from
 * starting until the operator acknowledges the loss. Seeded and bounded; the table is printed.
 */
class DiskFaultTest {
  static final DiskFaultTable TABLE = new DiskFaultTable();
  private static final HashFunction HASH = CryptoSuites.intl().hash();
  private static final long SEED = 193L;

  @TempDir
  Path root;
  Path dir;

  @BeforeEach
  void folder() {
    dir = root.resolve("consensus");
  }

  @AfterAll
  static void print() {
    TABLE.print("DiskFaultTest: the saved consensus state (seed " + SEED + ")");
  }

  /** A state whose file is over 1 MiB: the proposal carries its block. */
  private static EngineState bigState() {
    byte[] block = new byte[1_200_000];
    new Random(SEED).nextBytes(block);
    return stateWith(block);
  }

  private static EngineState smallState() {
    return stateWith("block at height 7".getBytes(StandardCharsets.UTF_8));
  }

  private static EngineState stateWith(byte[] block) {
    Hash id = Hash.of(HASH.hash(block));
    Proposal p = new Proposal(7, 2, block, id, -1, 1, new byte[] {1, 2, 3});
    Vote prevote = new Vote(Step.PREVOTE, 7, 2, id, 1, new byte[] {4, 5});
    Vote precommit = new Vote(Step.PRECOMMIT, 7, 2, id, 1, new byte[] {6});
    return new EngineState(7, 2, 2, block, 2, block, 2, List.of(p, prevote, precommit));
  }

  private Path saved(EngineState s) {
    new EngineStateFile(dir, HASH).save(s);
    return dir.resolve(EngineStateFile.STATE);
  }

  private void assertRefusedNaming(Path file) {
    assertThatThrownBy(() -> new EngineStateFile(dir, HASH).load()).isInstanceOf(UnreadableConsensusStateException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("Saved consensus state");
  }

  /** Every length from 1 to 64 bytes, then seeded ones up to 1 MiB, and the whole file. */
  private static TreeSet<Integer> cuts(int fileLength, Random random, int randomOnes) {
    TreeSet<Integer> cuts = new TreeSet<>();
    for (int c = 1; c <= Math.min(64, fileLength); c++) {
      cuts.add(c);
    }
    int max = Math.min(1 << 20, fileLength);
    for (int i = 0; i < randomOnes && max > 65; i++) {
      cuts.add(65 + random.nextInt(max - 65 + 1));
    }
    cuts.add(fileLength);
    return cuts;
  }

  @Test
  void aStateCutShortByAnyLengthIsRefusedNamingTheFile() throws IOException {
    Path state = saved(bigState());
    byte[] good = Files.readAllBytes(state);
    assertThat(good.length).isGreaterThan(1 << 20);
    TreeSet<Integer> cuts = cuts(good.length, new Random(SEED), 48);
    for (int cut : cuts) {
      Files.write(state, Arrays.copyOf(good, good.length - cut));
      assertRefusedNaming(state);
    }
    TABLE.add(EngineStateFile.STATE, "cut 1..64 B, then seeded up to 1 MiB, and all", cuts.size(),
        "refused to start, file named");
  }

  @Test
  void aLockedBlockCutShortIsRefusedNamingTheBlockFile() throws IOException {
    EngineState s = bigState();
    saved(s);
    Path value = dir.resolve("value-" + Hash.of(HASH.hash(s.lockedValue())).hex() + ".bin");
    byte[] good = Files.readAllBytes(value);
    TreeSet<Integer> cuts = cuts(good.length, new Random(SEED + 1), 24);
    for (int cut : cuts) {
      Files.write(value, Arrays.copyOf(good, good.length - cut));
      assertThatThrownBy(() -> new EngineStateFile(dir, HASH).load()).isInstanceOf(UnreadableConsensusStateException.class)
          .hasMessageContaining(value.toString());
    }
    TABLE.add("value-<hash>.bin", "cut 1..64 B, then seeded up to 1 MiB, and all", cuts.size(),
        "refused to start, block file named");
  }

  @Test
  void aFlippedBitAnywhereIsCaughtByTheChecksum() throws IOException {
    Path state = saved(smallState());
    byte[] good = Files.readAllBytes(state);
    int trials = 0;
    for (int bit = 0; bit < good.length * 8; bit++) {
      Files.write(state, flipped(good, bit));
      assertRefusedNaming(state);
      trials++;
    }
    TABLE.add(EngineStateFile.STATE + " (small)", "every single bit flipped", trials, "refused to start, file named");

    state = saved(bigState());
    good = Files.readAllBytes(state);
    Random random = new Random(SEED + 2);
    for (int i = 0; i < 64; i++) {
      Files.write(state, flipped(good, random.nextInt(good.length * 8)));
      assertRefusedNaming(state);
    }
    TABLE.add(EngineStateFile.STATE + " (1.2 MB)", "a seeded bit flipped anywhere", 64, "refused to start, file named");
  }

  private static byte[] flipped(byte[] good, int bit) {
    byte[] b = good.clone();
    b[bit / 8] ^= (byte) (1 << (bit % 8));
    return b;
  }

  @Test
  void aZeroedTailIsCaught() throws IOException {
    Path state = saved(bigState());
    byte[] good = Files.readAllBytes(state);
    TreeSet<Integer> lengths = cuts(good.length, new Random(SEED + 3), 24);
    for (int zeroed : lengths) {
      byte[] b = good.clone();
      Arrays.fill(b, b.length - zeroed, b.length, (byte) 0);
      Files.write(state, b);
      assertRefusedNaming(state);
    }
    TABLE.add(EngineStateFile.STATE, "tail zeroed (same lengths as the cuts)", lengths.size(), "refused to start, file named");
  }

  @Test
  void aHalfWrittenNextStateLeavesThePreviousOne() throws IOException {
    EngineState before = smallState();
    saved(before);
    // The next save crashed mid-write: only its temporary sibling holds a prefix of it.
    Path other = root.resolve("other");
    new EngineStateFile(other, HASH).save(bigState());
    byte[] next = Files.readAllBytes(other.resolve(EngineStateFile.STATE));
    Random random = new Random(SEED + 4);
    int trials = 16;
    for (int i = 0; i < trials; i++) {
      Files.write(dir.resolve(EngineStateFile.STATE + ".tmp"), Arrays.copyOf(next, random.nextInt(next.length)));
      EngineState back = ((SavedConsensusState.Saved) new EngineStateFile(dir, HASH).load()).state();
      assertThat(back.own()).isEqualTo(before.own());
    }
    // And the next save writes over the torn sibling.
    new EngineStateFile(dir, HASH).save(bigState());
    assertThat(((SavedConsensusState.Saved) new EngineStateFile(dir, HASH).load()).state().lockedValue())
        .isEqualTo(bigState().lockedValue());
    TABLE.add(EngineStateFile.STATE + ".tmp", "half-written next state (crash mid-save)", trials,
        "previous state resumed; next save succeeds");
  }

  @Test
  void aDeletedStateAfterVotingKeepsTheValidatorFromStarting() throws IOException {
    assertThat(new EngineStateFile(dir, HASH).load()).as("never voted here").isEqualTo(new SavedConsensusState.NeverSaved());
    Path state = saved(smallState());
    assertThat(root.resolve("consensus.voted")).exists();
    Files.delete(state);
    assertThatThrownBy(() -> new EngineStateFile(dir, HASH).load()).isInstanceOf(UnreadableConsensusStateException.class)
        .hasMessageContaining(state.toString()).hasMessageContaining("is missing")
        .hasMessageContaining(dir.resolve(EngineStateFile.LOST).toString());
    // The whole folder gone: the marker beside it still says this validator voted.
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
    assertThatThrownBy(() -> new EngineStateFile(dir, HASH).load()).isInstanceOf(UnreadableConsensusStateException.class)
        .hasMessageContaining("is missing");
    TABLE.add(EngineStateFile.STATE, "deleted (file, or the whole folder) after voting", 2,
        "refused to start until the operator acknowledges the loss");
  }

  @Test
  void anAcknowledgedLossVotesOnlyAboveTheHeightGivenAndIsConsumedByTheNextSave() throws IOException {
    Files.delete(saved(smallState()));
    Path ack = dir.resolve(EngineStateFile.LOST);
    Files.writeString(ack, "");
    assertThat(new EngineStateFile(dir, HASH).load()).isEqualTo(new SavedConsensusState.LostAcknowledged(-1, ack));
    Files.writeString(ack, "42\n");
    assertThat(new EngineStateFile(dir, HASH).load()).isEqualTo(new SavedConsensusState.LostAcknowledged(42, ack));
    Files.writeString(ack, "yes please");
    assertThatThrownBy(() -> new EngineStateFile(dir, HASH).load()).isInstanceOf(UnreadableConsensusStateException.class)
        .hasMessageContaining(ack.toString()).hasMessageContaining("not a height");
    new EngineStateFile(dir, HASH).save(smallState());
    assertThat(ack).doesNotExist();
    assertThat(new EngineStateFile(dir, HASH).load()).isInstanceOf(SavedConsensusState.Saved.class);
    TABLE.add(EngineStateFile.LOST, "operator's acknowledgement: empty, a height, garbage", 3,
        "votes only above the height; garbage refused, named");
  }

  @Test
  void aWholeDataFolderLostIsAcknowledgedOnTheFreshFolder() throws IOException {
    // No marker on a fresh folder: only the operator knows this validator voted before.
    Path ack = dir.resolve(EngineStateFile.LOST);
    Files.createDirectories(dir);
    Files.writeString(ack, "57\n");
    assertThat(root.resolve("consensus.voted")).doesNotExist();
    assertThat(new EngineStateFile(dir, HASH).load()).isEqualTo(new SavedConsensusState.LostAcknowledged(57, ack));
    TABLE.add(EngineStateFile.LOST, "acknowledgement on a fresh data folder (the old one lost whole)", 1,
        "votes only above the height given");
  }

  @Test
  void aVersionOneStateIsReadOnceAndRewrittenWithItsChecksum() throws IOException {
    EngineState s = smallState();
    saved(s); // for the block file
    Hash id = Hash.of(HASH.hash(s.lockedValue()));
    CanonicalWriter w = new CanonicalWriter(1024).string("medledger/engine-state/v1").u64(s.height()).u32(s.round())
        .u8(s.step()).u32(s.lockedRound() + 1).fixed(id.unsafeBytes(), Hash.LENGTH).u32(s.validRound() + 1)
        .fixed(id.unsafeBytes(), Hash.LENGTH).u32(s.own().size());
    s.own().forEach(m -> w.bytes(ConsensusMessageCodec.encode(m)));
    Path state = dir.resolve(EngineStateFile.STATE);
    Files.write(state, w.toByteArray());
    Files.delete(root.resolve("consensus.voted"));

    EngineState back = ((SavedConsensusState.Saved) new EngineStateFile(dir, HASH).load()).state();
    assertThat(back.own()).isEqualTo(s.own());
    assertThat(new String(Files.readAllBytes(state), StandardCharsets.ISO_8859_1)).contains("engine-state/v2");
    assertThat(root.resolve("consensus.voted")).exists();
    byte[] migrated = Files.readAllBytes(state);
    Files.write(state, flipped(migrated, migrated.length * 8 - 1));
    assertRefusedNaming(state);
    TABLE.add(EngineStateFile.STATE + " v1", "the format before checksums", 1, "read, rewritten as v2 at once");
  }
}
