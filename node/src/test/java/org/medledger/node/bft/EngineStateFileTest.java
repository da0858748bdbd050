package org.medledger.node.bft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.consensus.EngineState;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.message.Step;
import org.medledger.consensus.message.Vote;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;

class EngineStateFileTest {
  @TempDir
  Path root;
  /** The state's folder, inside the temporary one: its voted marker goes beside it. */
  Path dir;

  @BeforeEach
  void folder() {
    dir = root.resolve("consensus");
  }

  @Test
  void aSavedStateComesBackWithItsLockAndOwnMessages() throws IOException {
    EngineStateFile f = new EngineStateFile(dir, CryptoSuites.intl().hash());
    byte[] block = "block at height 7".getBytes();
    Hash id = Hash.of(CryptoSuites.intl().hash().hash(block));
    Proposal p = new Proposal(7, 2, block, id, -1, 1, new byte[] {1, 2, 3});
    Vote prevote = new Vote(Step.PREVOTE, 7, 2, id, 1, new byte[] {4, 5});
    Vote precommit = new Vote(Step.PRECOMMIT, 7, 2, id, 1, new byte[] {6});
    f.save(new EngineState(7, 2, 2, block, 2, block, 2, List.of(p, prevote, precommit)));

    EngineState back = ((SavedConsensusState.Saved) new EngineStateFile(dir, CryptoSuites.intl().hash()).load()).state();
    assertThat(back.height()).isEqualTo(7);
    assertThat(back.round()).isEqualTo(2);
    assertThat(back.step()).isEqualTo(2);
    assertThat(back.lockedRound()).isEqualTo(2);
    assertThat(back.lockedValue()).isEqualTo(block);
    assertThat(back.validValue()).isEqualTo(block);
    assertThat(back.own()).containsExactly(p, prevote, precommit);
  }

  @Test
  void noLockAndNoStateAreFine() throws IOException {
    EngineStateFile f = new EngineStateFile(dir, CryptoSuites.intl().hash());
    assertThat(f.load()).isEqualTo(new SavedConsensusState.NeverSaved());
    f.save(new EngineState(3, 0, 1, null, -1, null, -1, List.of(new Vote(Step.PREVOTE, 3, 0, Vote.NIL, 0, new byte[] {9}))));
    EngineState back = ((SavedConsensusState.Saved) f.load()).state();
    assertThat(back.lockedValue()).isNull();
    assertThat(back.lockedRound()).isEqualTo(-1);
    // Older blocks are not kept once no state refers to them.
    assertThat(Files.list(dir).filter(p -> p.getFileName().toString().startsWith("value-"))).isEmpty();
  }

  @Test
  void aDamagedStateFileIsReportedNotTrusted() throws IOException {
    EngineStateFile f = new EngineStateFile(dir, CryptoSuites.intl().hash());
    f.save(new EngineState(3, 0, 1, null, -1, null, -1, List.of()));
    byte[] b = Files.readAllBytes(dir.resolve("engine-state.bin"));
    Files.write(dir.resolve("engine-state.bin"), java.util.Arrays.copyOf(b, b.length - 3));
    assertThatThrownBy(f::load).isInstanceOf(UnreadableConsensusStateException.class).hasMessageContaining("corrupt")
        .hasMessageContaining(dir.resolve("engine-state.bin").toString()).hasMessageContaining("Saved consensus state");
  }

  /** Found by fuzz/EngineStateFileFuzzTest (crash-e23bd4bc): a valid round past the round was loaded as it was. */
  @Test
  void aLockFromALaterRoundIsReportedEvenUnderAGoodChecksum() throws IOException {
    EngineStateFile f = new EngineStateFile(dir, CryptoSuites.intl().hash());
    byte[] block = "valid block".getBytes();
    f.save(new EngineState(7, 2, 1, null, -1, block, 2, List.of()));
    byte[] b = Files.readAllBytes(f.file());
    byte[] body = java.util.Arrays.copyOf(b, b.length - 32);
    // version string (4 + 25), height 8, round 4, step 1, locked round 4, locked value 32: the valid round + 1.
    int at = 4 + 25 + 8 + 4 + 1 + 4 + 32;
    assertThat(java.nio.ByteBuffer.wrap(body, at, 4).getInt()).isEqualTo(3);
    java.nio.ByteBuffer.wrap(body, at, 4).putInt(4);
    byte[] sum = CryptoSuites.intl().hash().hash(body);
    byte[] altered = java.util.Arrays.copyOf(body, body.length + sum.length);
    System.arraycopy(sum, 0, altered, body.length, sum.length);
    Files.write(f.file(), altered);
    assertThatThrownBy(f::load).isInstanceOf(UnreadableConsensusStateException.class).hasMessageContaining("corrupt")
        .hasMessageContaining("valid round 3 are no state a validator saves");
  }

  @Test
  void aMissingLockedBlockIsReportedNotTreatedAsNoLock() throws IOException {
    EngineStateFile f = new EngineStateFile(dir, CryptoSuites.intl().hash());
    byte[] block = "locked block".getBytes();
    Hash id = Hash.of(CryptoSuites.intl().hash().hash(block));
    f.save(new EngineState(3, 1, 2, block, 1, block, 1, List.of(new Vote(Step.PRECOMMIT, 3, 1, id, 0, new byte[] {9}))));
    Files.delete(dir.resolve("value-" + id.hex() + ".bin"));
    assertThatThrownBy(f::load).isInstanceOf(UnreadableConsensusStateException.class)
        .hasMessageContaining("value-" + id.hex() + ".bin");
  }

  @Test
  void anAlteredLockedBlockIsReported() throws IOException {
    EngineStateFile f = new EngineStateFile(dir, CryptoSuites.intl().hash());
    byte[] block = "locked block".getBytes();
    Hash id = Hash.of(CryptoSuites.intl().hash().hash(block));
    f.save(new EngineState(3, 1, 2, block, 1, block, 1, List.of()));
    Files.write(dir.resolve("value-" + id.hex() + ".bin"), "another block".getBytes());
    assertThatThrownBy(f::load).isInstanceOf(UnreadableConsensusStateException.class).hasMessageContaining("do not match");
  }
}
