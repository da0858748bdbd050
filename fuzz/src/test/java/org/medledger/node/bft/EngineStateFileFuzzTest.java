package org.medledger.node.bft;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.medledger.consensus.EngineState;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.message.Step;
import org.medledger.consensus.message.Vote;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.fuzz.Canonical;

/**
 * The consensus state a validator reads back from its own disk after a crash (issue 19 items 3
 * and 4): whatever bytes the file holds, loading it gives a state that saves back to the same
 * bytes, or an {@link UnreadableConsensusStateException} naming the file, never another
 * exception and never a state a validator could not have saved (a negative height or round, a
 * lock from a later round). The fuzzer cannot forge the v2 checksum, so half the inputs (last
 * byte odd) get the right one appended: the decoder behind it is fuzzed too, as a disk that lies
 * consistently (or a v1 file, which has no checksum) would feed it.
 */
class EngineStateFileFuzzTest {
  private static final HashFunction HASH = CryptoSuites.intl().hash();
  /** The block the seeds lock on, kept in the folder as the saved state's locked and valid value. */
  private static final byte[] BLOCK = "the block locked at height 7".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private static Path root;

  @BeforeAll
  static void folder() throws IOException {
    root = Files.createTempDirectory("engine-state-fuzz");
  }

  @AfterAll
  static void removeFolder() throws IOException {
    try (var files = Files.walk(root)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @FuzzTest
  void loadsOrNamesTheFile(FuzzedDataProvider data) throws IOException {
    boolean checksummed = data.consumeBoolean();
    byte[] body = data.consumeRemainingAsBytes();
    byte[] bytes = checksummed ? withChecksum(body) : body;
    Path dir = root.resolve("consensus");
    EngineStateFile file = new EngineStateFile(dir, HASH);
    Files.write(file.file(), bytes);
    // Saving removes blocks no state names: put the seeds' block back each time.
    Files.write(dir.resolve("value-" + Hash.of(HASH.hash(BLOCK)).hex() + ".bin"), BLOCK);
    EngineState state;
    try {
      state = ((SavedConsensusState.Saved) file.load()).state();
    } catch (UnreadableConsensusStateException refused) {
      if (!refused.getMessage().contains(file.file().toString())) {
        throw new AssertionError("the refusal does not name the file: " + refused.getMessage());
      }
      return;
    }
    assertCouldHaveBeenSaved(state);
    byte[] migrated = Files.readAllBytes(file.file());
    file.save(state);
    byte[] saved = Files.readAllBytes(file.file());
    if (startsWith(bytes, VERSION_1)) {
      // A v1 file is rewritten as v2 on load: that rewrite must be the state's own encoding.
      Canonical.assertReencodes("EngineStateFile (v1 migrated)", migrated, saved);
    } else {
      Canonical.assertReencodes("EngineStateFile.load", bytes, saved);
    }
  }

  private static void assertCouldHaveBeenSaved(EngineState s) {
    if (s.height() < 0 || s.round() < 0 || s.lockedRound() < -1 || s.lockedRound() > s.round() || s.validRound() < -1
        || s.validRound() > s.round()) {
      throw new AssertionError("loaded a state no validator saves: height " + s.height() + ", round " + s.round()
          + ", locked round " + s.lockedRound() + ", valid round " + s.validRound());
    }
  }

  private static final byte[] VERSION_1 = new CanonicalWriter(32).string("medledger/engine-state/v1").toByteArray();

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] withChecksum(byte[] body) {
    byte[] sum = HASH.hash(body);
    byte[] out = Arrays.copyOf(body, body.length + sum.length);
    System.arraycopy(sum, 0, out, body.length, sum.length);
    return out;
  }

  /**
   * States as the engine saves them (locked, unlocked with a nil prevote, fresh), each as its v2
   * body with the checksum flag, and the locked one as a raw v1 file (the v2 body under the v1
   * name, which is the v1 format).
   */
  static Map<String, List<byte[]>> seeds() throws IOException {
    Hash id = Hash.of(HASH.hash(BLOCK));
    byte[] sig = new byte[70];
    Arrays.fill(sig, (byte) 0x45);
    List<EngineState> states = List.of(
        new EngineState(7, 2, 2, BLOCK, 2, BLOCK, 2, List.of(new Proposal(7, 2, BLOCK, id, -1, 1, sig),
            new Vote(Step.PREVOTE, 7, 2, id, 1, sig), new Vote(Step.PRECOMMIT, 7, 2, id, 1, sig))),
        new EngineState(3, 0, 1, null, -1, null, -1, List.of(new Vote(Step.PREVOTE, 3, 0, Vote.NIL, 0, sig))),
        new EngineState(1, 0, 0, null, -1, null, -1, List.of()));
    Path folder = Files.createTempDirectory("engine-state-seeds");
    EngineStateFile file = new EngineStateFile(folder.resolve("consensus"), HASH);
    List<byte[]> seeds = new java.util.ArrayList<>();
    byte[] lockedBody = null;
    for (EngineState s : states) {
      file.save(s);
      byte[] bytes = Files.readAllBytes(file.file());
      byte[] body = Arrays.copyOf(bytes, bytes.length - HASH.hash(new byte[0]).length);
      lockedBody = lockedBody == null ? body : lockedBody;
      seeds.add(flagged(body, 1));
    }
    try (var files = Files.walk(folder)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    byte[] v2Name = new CanonicalWriter(32).string("medledger/engine-state/v2").toByteArray();
    byte[] v1 = Arrays.copyOf(VERSION_1, VERSION_1.length + lockedBody.length - v2Name.length);
    System.arraycopy(lockedBody, v2Name.length, v1, VERSION_1.length, lockedBody.length - v2Name.length);
    seeds.add(flagged(v1, 0));
    return Map.of("loadsOrNamesTheFile", seeds);
  }

  /** Jazzer's provider takes a boolean from the input's last byte. */
  private static byte[] flagged(byte[] body, int flag) {
    byte[] out = Arrays.copyOf(body, body.length + 1);
    out[body.length] = (byte) flag;
    return out;
  }
}
