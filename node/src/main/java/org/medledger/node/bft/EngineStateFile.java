package org.medledger.node.bft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medledger.consensus.EngineState;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.ConsensusMessageCodec;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * The consensus write-ahead state on disk: one small file replaced atomically (write, fsync,
 * rename) before each of this validator's messages leaves, and the locked and valid blocks in
 * files of their own, written once per block. A crash at any point leaves either the previous
 * state or the new one.
 *
 * <p>Format v2: the v1 fields, then the suite's hash of every byte before it, so a flipped bit, a
 * zeroed or cut tail anywhere in the file is caught rather than read as other votes (the Jepsen
 * Tendermint analysis found a WAL without checksums). A v1 file is still read, and rewritten as v2
 * at once. Blocks are named by their hash, which is their checksum.
 *
 * <p>A deleted state must not pass for a fresh validator: the first save also writes {@code
 * <folder>.voted} beside the folder, and a missing state with that marker present keeps the
 * validator from starting until the operator acknowledges the loss (README.md, "Saved consensus
 * state").
 */
final class EngineStateFile {
  static final String STATE = "engine-state.bin";
  /** The operator's acknowledgement that the state is lost, inside the folder. */
  static final String LOST = "state-lost";
  private static final String VERSION_1 = "medledger/engine-state/v1";
  private static final String VERSION_2 = "medledger/engine-state/v2";

  private final Path dir;
  private final Path votedMarker;
  private final HashFunction hash;
  private final DurableFiles files;

  EngineStateFile(Path dir, HashFunction hash) {
    this(dir, hash, DurableFiles.SYSTEM);
  }

  EngineStateFile(Path dir, HashFunction hash, DurableFiles files) {
    this.dir = dir;
    this.votedMarker = dir.resolveSibling(dir.getFileName() + ".voted");
    this.hash = hash;
    this.files = files;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  void save(EngineState s) {
    try {
      if (!Files.exists(votedMarker)) {
        writeVotedMarker(); // before the first vote is durable: no vote is ever on disk without it
      }
      Hash locked = saveValue(s.lockedValue());
      Hash valid = saveValue(s.validValue());
      CanonicalWriter w = new CanonicalWriter(1024).string(VERSION_2).u64(s.height()).u32(s.round()).u8(s.step())
          .u32(s.lockedRound() + 1).fixed(locked.unsafeBytes(), Hash.LENGTH)
          .u32(s.validRound() + 1).fixed(valid.unsafeBytes(), Hash.LENGTH).u32(s.own().size());
      for (ConsensusMessage m : s.own()) {
        w.bytes(ConsensusMessageCodec.encode(m));
      }
      byte[] body = w.toByteArray();
      byte[] sum = hash.hash(body);
      byte[] bytes = Arrays.copyOf(body, body.length + sum.length);
      System.arraycopy(sum, 0, bytes, body.length, sum.length);
      files.write(file(), bytes);
      removeValuesOtherThan(locked, valid);
      // The loss, if one was acknowledged, is behind us: a state exists again.
      Files.deleteIfExists(dir.resolve(LOST));
    } catch (IOException e) {
      // The message must not leave unless its state is saved.
      throw new UncheckedIOException("cannot save the consensus state in " + dir + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The saved state. Throws, naming the file, when the state is there but unreadable (corrupt,
   * of an unknown version, or a block it names is missing or altered), or missing after this
   * validator has voted here and the operator has not acknowledged the loss: a validator must not
   * vote again at a height as if it had not.
   */
  SavedConsensusState load() {
    Path f = file();
    if (!Files.exists(f)) {
      return missing(f);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(f);
    } catch (IOException e) {
      throw new UnreadableConsensusStateException(f, "cannot be read: " + e, e);
    }
    EngineState state;
    boolean legacy;
    try {
      String version = new CanonicalReader(bytes).string("version", 64);
      legacy = VERSION_1.equals(version);
      if (!legacy && !VERSION_2.equals(version)) {
        throw new DecodeException("unknown engine state version");
      }
      state = decode(legacy ? bytes : verified(bytes));
    } catch (DecodeException e) {
      throw new UnreadableConsensusStateException(f, "is corrupt: " + e.getMessage(), e);
    }
    if (legacy) {
      save(state); // migrate once: from now on every byte is checked
    } else if (!Files.exists(votedMarker)) {
      markVoted(f);
    }
    return new SavedConsensusState.Saved(state);
  }

  private void writeVotedMarker() throws IOException {
    files.write(votedMarker, ("this validator has saved consensus votes in " + dir + "; see README.md, \"Saved "
        + "consensus state\", before deleting anything there\n").getBytes(StandardCharsets.UTF_8));
  }

  private void markVoted(Path f) {
    try {
      writeVotedMarker();
    } catch (IOException e) {
      throw new UnreadableConsensusStateException(f, "is readable but " + votedMarker + " cannot be written: " + e, e);
    }
  }

  private SavedConsensusState missing(Path f) {
    Path ack = dir.resolve(LOST);
    if (!Files.exists(votedMarker) && !Files.exists(ack)) {
      // An acknowledgement without the marker is honoured too: a validator whose whole data folder
      // was lost starts on a fresh one, and only its operator knows it voted before.
      return new SavedConsensusState.NeverSaved();
    }
    if (!Files.exists(ack)) {
      throw new UnreadableConsensusStateException(f, "is missing, but " + votedMarker + " shows this validator has "
          + "saved votes with this data folder; if the state is lost, create " + ack + " (empty, or holding the "
          + "highest height it may have voted at) and it will vote again only once the others have decided past "
          + "that height", null);
    }
    String text;
    try {
      text = Files.readString(ack).strip();
    } catch (IOException e) {
      throw new UnreadableConsensusStateException(f, "is missing, and its acknowledgement " + ack + " cannot be read: "
          + e, e);
    }
    long height = -1;
    if (!text.isEmpty()) {
      try {
        height = Long.parseLong(text);
      } catch (NumberFormatException e) {
        height = -2;
      }
      if (height < 0) {
        throw new UnreadableConsensusStateException(f, "is missing, and its acknowledgement " + ack + " holds \""
            + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\", not a height (leave it empty, or "
            + "write the highest height this validator may have voted at)", null);
      }
    }
    return new SavedConsensusState.LostAcknowledged(height, ack);
  }

  /** The body of a v2 file once its trailing checksum matches. */
  private byte[] verified(byte[] bytes) throws DecodeException {
    int sumLength = hash.hash(new byte[0]).length;
    if (bytes.length < sumLength) {
      throw new DecodeException("shorter than its checksum");
    }
    byte[] body = Arrays.copyOf(bytes, bytes.length - sumLength);
    byte[] sum = Arrays.copyOfRange(bytes, bytes.length - sumLength, bytes.length);
    if (!MessageDigest.isEqual(hash.hash(body), sum)) {
      throw new DecodeException("its checksum does not match its " + body.length + " bytes (altered, or cut short)");
    }
    return body;
  }

  private EngineState decode(byte[] bytes) throws DecodeException {
    CanonicalReader r = new CanonicalReader(bytes);
    r.string("version", 64);
    long height = r.u64("height");
    int round = r.u32("round");
    int step = r.u8("step");
    int lockedRound = r.u32("locked round") - 1;
    Hash locked = Hash.of(r.fixed(Hash.LENGTH, "locked value"));
    int validRound = r.u32("valid round") - 1;
    Hash valid = Hash.of(r.fixed(Hash.LENGTH, "valid value"));
    int n = r.count("own messages", 10_000);
    List<ConsensusMessage> own = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      own.add(ConsensusMessageCodec.decode(r.bytes("message", Integer.MAX_VALUE), Integer.MAX_VALUE));
    }
    r.expectEnd("engine state");
    if (step > 2 || (lockedRound < 0) != locked.equals(Hash.ZERO) || (validRound < 0) != valid.equals(Hash.ZERO)) {
      throw new DecodeException("step, lock and valid value disagree");
    }
    // The engine locks and marks a value valid only in the round it is in (Tendermint Alg. 1
    // lines 36-43), so a saved lock from a later round, or a round past 2^31, is damage.
    if (height < 0 || round < 0 || lockedRound < -1 || lockedRound > round || validRound < -1 || validRound > round) {
      throw new DecodeException("height " + Long.toUnsignedString(height) + ", round " + Integer.toUnsignedString(round)
          + ", locked round " + lockedRound + " and valid round " + validRound + " are no state a validator saves");
    }
    return new EngineState(height, round, step, loadValue(locked), lockedRound, loadValue(valid), validRound, own);
  }

  private Hash saveValue(byte[] value) throws IOException {
    if (value == null) {
      return Hash.ZERO;
    }
    Hash id = Hash.of(hash.hash(value));
    Path f = dir.resolve("value-" + id.hex() + ".bin");
    if (!Files.exists(f)) {
      files.write(f, value);
    }
    return id;
  }
  private byte[] loadValue(Hash id) {
    if (id.equals(Hash.ZERO)) {
      return null;
    }
    Path f = dir.resolve("value-" + id.hex() + ".bin");
    byte[] v;
    try {
      v = Files.readAllBytes(f);
    } catch (IOException e) {
      throw new UnreadableConsensusStateException(dir.resolve(STATE), "names the locked or valid block " + f
          + ", which cannot be read (" + e + ")", e);
    }
    if (!Hash.of(hash.hash(v)).equals(id)) {
      throw new UnreadableConsensusStateException(dir.resolve(STATE), "names the locked or valid block " + f
          + ", whose bytes do not match its hash", null);
    }
    return v;
  }

  /** The file this state lives in, for messages. */
  Path file() {
    return dir.resolve(STATE);
  }

  private void removeValuesOtherThan(Hash a, Hash b) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith("value-") && !name.equals("value-" + a.hex() + ".bin") && !name.equals("value-" + b.hex() + ".bin")) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Write to a sibling, fsync, rename over {@code target}, fsync the folder (see {@link DurableFiles}). */
  static void writeDurably(Path target, byte[] bytes) throws IOException {
    DurableFiles.SYSTEM.write(target, bytes);
  }
}
