package org.medledger.node.bft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.consensus.ConsensusApplication;
import org.medledger.consensus.ConsensusOutbox;
import org.medledger.consensus.EngineState;
import org.medledger.consensus.PersistFailedException;
import org.medledger.consensus.Timeout;
import org.medledger.consensus.TimeoutPolicy;
import org.medledger.consensus.ValidatorSet;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.Step;
import org.medledger.consensus.message.Vote;
import org.medledger.consensus.statemachine.TendermintEngine;
import org.medledger.core.block.CommitCertificate;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;
import org.medledger.crypto.Verifier;

/**
 * A disk that fails under the saved consensus state (issue 19, item 3): an fsync error (EIO,
 * injected through {@link FaultyDisk}) and a full disk (ENOSPC, on a real 1 MiB tmpfs when this
 * runs as root). The save fails naming the file, the previous state stays readable, and the
 * unchanged engine sends nothing that is not durable; restarted, it never contradicts a vote.
 */
class FailingDiskTest {
  private static final DiskFaultTable TABLE = new DiskFaultTable();
  private static final CryptoSuite SUITE = CryptoSuites.intl();
  private static final String CHAIN = "disk-fault-test";

  @TempDir
  Path root;
  Path dir;
  FaultyDisk disk;

  @BeforeEach
  void folder() {
    dir = root.resolve("consensus");
    disk = new FaultyDisk();
  }

  @AfterAll
  static void print() {
    TABLE.print("DiskFaultTest: a failing disk under the consensus state");
  }

  private static EngineState state(String block) {
    byte[] b = block.getBytes(StandardCharsets.UTF_8);
    Hash id = Hash.of(SUITE.hash().hash(b));
    return new EngineState(5, 0, 1, b, 0, b, 0, List.of(new Vote(Step.PREVOTE, 5, 0, id, 1, new byte[] {1})));
  }

  private EngineState loaded() {
    return ((SavedConsensusState.Saved) new EngineStateFile(dir, SUITE.hash()).load()).state();
  }

  @Test
  void anFsyncErrorFailsTheSaveNamingTheFileAndKeepsThePreviousState() throws IOException {
    EngineStateFile f = new EngineStateFile(dir, SUITE.hash(), new DurableFiles(disk));
    f.save(state("first"));
    disk.fileSyncFails = true;
    assertThatThrownBy(() -> f.save(state("second"))).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(dir.toString()).hasMessageContaining("Input/output error");
    assertThat(loaded().lockedValue()).isEqualTo("first".getBytes(StandardCharsets.UTF_8));
    assertThat(dir.resolve(EngineStateFile.STATE + ".tmp")).doesNotExist();

    disk.fileSyncFails = false;
    disk.folderSyncFails = true;
    assertThatThrownBy(() -> f.save(state("third"))).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot sync the folder").hasMessageContaining("Input/output error");
    TABLE.add(EngineStateFile.STATE, "fsync of the file fails (EIO, injected)", 1, "save fails, file named; previous state kept");
    TABLE.add(EngineStateFile.STATE, "fsync of its folder fails after the rename (EIO)", 1, "save fails, folder named");
  }

  @Test
  void aDiskRunningOutOfSpaceMidWriteFailsTheSave() {
    EngineStateFile f = new EngineStateFile(dir, SUITE.hash(), new DurableFiles(disk));
    f.save(state("first"));
    disk.spaceLeft = 40; // the next state starts to be written, then the disk is full
    assertThatThrownBy(() -> f.save(state("a second block, longer"))).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("No space left on device");
    assertThat(loaded().lockedValue()).isEqualTo("first".getBytes(StandardCharsets.UTF_8));
    TABLE.add(EngineStateFile.STATE, "disk full mid-write (ENOSPC, injected)", 1, "save fails; previous state kept");
  }

  @Test
  void aFullRealFilesystemFailsTheSaveAndRecoversOnceThereIsSpace() throws Exception {
    Path mount = root.resolve("small-disk");
    Files.createDirectories(mount);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString())
        .redirectErrorStream(true).start();
    boolean mounted = p.waitFor() == 0;
    if (!mounted) {
      TABLE.add(EngineStateFile.STATE, "disk full on a real 1 MiB tmpfs (ENOSPC)", 0, "skipped: cannot mount (not root)");
    }
    assumeTrue(mounted, "mounting a tmpfs needs root");
    try {
      dir = mount.resolve("consensus");
      EngineStateFile f = new EngineStateFile(dir, SUITE.hash());
      f.save(state("first"));
      Path filler = mount.resolve("filler");
      try (var out = Files.newOutputStream(filler)) {
        byte[] chunk = new byte[4096];
        while (true) {
          out.write(chunk);
        }
      } catch (IOException full) {
        assertThat(full.getMessage()).contains("No space left on device");
      }
      assertThatThrownBy(() -> f.save(state("second"))).isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining(dir.toString()).hasMessageContaining("No space left on device");
      assertThat(loaded().lockedValue()).isEqualTo("first".getBytes(StandardCharsets.UTF_8));
      Files.delete(filler);
      f.save(state("third"));
      assertThat(loaded().lockedValue()).isEqualTo("third".getBytes(StandardCharsets.UTF_8));
      TABLE.add(EngineStateFile.STATE, "disk full on a real 1 MiB tmpfs (ENOSPC)", 1,
          "save fails, named; previous state kept; saves again once freed");
    } finally {
      new ProcessBuilder("umount", mount.toString()).redirectErrorStream(true).start().waitFor();
    }
  }

  /** Four validators' keys; the engine under test is validator 1, the proposer of height 1 round 0. */
  private static final class Keys {
    final List<Hash> ids = new ArrayList<>();
    final List<Signer> signers = new ArrayList<>();
    final List<Verifier> verifiers = new ArrayList<>();

    Keys() {
      SecureRandom random = new SecureRandom();
      for (int i = 0; i < 4; i++) {
        KeyPair k = SUITE.signatures().generateKeyPair(random);
        ids.add(Hash.of(SUITE.hash().hash(("validator " + i).getBytes(StandardCharsets.UTF_8))));
        signers.add(SUITE.signatures().signer(k));
        verifiers.add(SUITE.signatures().verifier(k.getPublic()));
      }
    }

    Vote vote(int sender, Step step, Hash id) {
      return new Vote(step, 1, 0, id, sender, signers.get(sender).sign(Vote.signedBytes(CHAIN, step, 1, 0, id)));
    }
  }

  private static final byte[] BLOCK = "the block at height 1".getBytes(StandardCharsets.UTF_8);
  private static final Hash BLOCK_ID = Hash.of(SUITE.hash().hash(BLOCK));

  private static final class Application implements ConsensusApplication {
    @Override
    public byte[] propose(long height, int round) {
      return BLOCK;
    }

    @Override
    public Hash idOf(byte[] value) {
      return Hash.of(SUITE.hash().hash(value));
    }

    @Override
    public boolean isValid(long height, byte[] value) {
      return true;
    }

    @Override
    public void commit(long height, int round, byte[] value, Hash id, CommitCertificate certificate) {}
  }

  /** Saves through {@code files}; at each send checks that the message is already on disk. */
  private final class CheckingOutbox implements ConsensusOutbox {
    final EngineStateFile state;
    final List<ConsensusMessage> sent;

    CheckingOutbox(DurableFiles files, List<ConsensusMessage> sent) {
      this.state = new EngineStateFile(dir, SUITE.hash(), files);
      this.sent = sent;
    }

    @Override
    public void persist(EngineState s) {
      state.save(s);
    }

    @Override
    public void broadcast(ConsensusMessage m) {
      assertThat(loaded().own()).as("%s is durable before it is sent", m).contains(m);
      sent.add(m);
    }

    @Override
    public void schedule(Timeout timeout) {}
  }

  @Test
  void theEngineSendsNothingItCouldNotSaveAndAfterARestartContradictsNoVote() {
    Keys keys = new Keys();
    List<ConsensusMessage> sent = new ArrayList<>();
    ValidatorSet validators = new ValidatorSet(keys.ids, keys.verifiers);
    TendermintEngine engine = new TendermintEngine(CHAIN, 1, validators, keys.signers.get(1), new Application(),
        new CheckingOutbox(new DurableFiles(disk), sent), TimeoutPolicy.DEFAULT);
    engine.start(1);
    assertThat(sent).as("its proposal and its prevote, each saved first").hasSize(2);

    // The disk fails before the precommit: the quorum of prevotes arrives, nothing leaves.
    disk.fileSyncFails = true;
    engine.onMessage(keys.vote(0, Step.PREVOTE, BLOCK_ID));
    assertThatThrownBy(() -> engine.onMessage(keys.vote(2, Step.PREVOTE, BLOCK_ID)))
        .isInstanceOf(PersistFailedException.class).hasMessageContaining("could not save its consensus state");
    assertThat(engine.halted()).isTrue();
    assertThat(sent).hasSize(2);
    engine.onMessage(keys.vote(3, Step.PREVOTE, BLOCK_ID));
    assertThat(sent).as("a halted engine sends nothing more").hasSize(2);

    // Restarted on a healthy disk: it resumes from what it saved, and sends no contradiction.
    TendermintEngine restarted = new TendermintEngine(CHAIN, 1, validators, keys.signers.get(1), new Application(),
        new CheckingOutbox(DurableFiles.SYSTEM, sent), TimeoutPolicy.DEFAULT);
    restarted.resume(loaded());
    restarted.onMessage(keys.vote(0, Step.PREVOTE, BLOCK_ID));
    restarted.onMessage(keys.vote(2, Step.PREVOTE, BLOCK_ID));
    Map<String, Hash> votes = new HashMap<>();
    for (ConsensusMessage m : sent) {
      if (m instanceof Vote v) {
        Hash before = votes.putIfAbsent(v.step() + "@" + v.height() + "/" + v.round(), v.valueId());
        assertThat(before == null || before.equals(v.valueId())).as("one value per step: %s", v).isTrue();
      }
    }
    assertThat(sent).anyMatch(m -> m instanceof Vote v && v.step() == Step.PRECOMMIT && v.valueId().equals(BLOCK_ID));
    TABLE.add(EngineStateFile.STATE, "fsync fails before a precommit; restart on a good disk", 1,
        "precommit not sent, engine halted; resumed, no contradicting vote");
  }
}
