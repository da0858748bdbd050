package org.medledger.node.bft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 */
final class EngineStateFile {
  private static final String STATE = "engine-state.bin";
  private static final String VERSION = "medledger/engine-state/v1";

  private final Path dir;
  private final HashFunction hash;

  EngineStateFile(Path dir, HashFunction hash) {
    this.dir = dir;
    this.hash = hash;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  void save(EngineState s) {
    try {
      Hash locked = saveValue(s.lockedValue());
      Hash valid = saveValue(s.validValue());
      CanonicalWriter w = new CanonicalWriter(1024).string(VERSION).u64(s.height()).u32(s.round()).u8(s.step())
          .u32(s.lockedRound() + 1).fixed(locked.unsafeBytes(), Hash.LENGTH)
          .u32(s.validRound() + 1).fixed(valid.unsafeBytes(), Hash.LENGTH).u32(s.own().size());
      for (ConsensusMessage m : s.own()) {
        w.bytes(ConsensusMessageCodec.encode(m));
      }
      writeDurably(dir.resolve(STATE), w.toByteArray());
      removeValuesOtherThan(locked, valid);
    } catch (IOException e) {
      // The message must not leave unless its state is saved.
      throw new UncheckedIOException("cannot save the consensus state in " + dir, e);
    }
  }

  /**
   * The saved state; empty only when none was ever saved here. Throws, naming the file, when the
   * state is there but unreadable (corrupt, of an unknown version, or a block it names is
   * missing or altered): a validator must not vote again at that height as if it had not.
   */
  Optional<EngineState> load() {
    Path f = dir.resolve(STATE);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(f);
    } catch (IOException e) {
      throw new UnreadableConsensusStateException(f, "cannot be read: " + e, e);
    }
    CanonicalReader r = new CanonicalReader(bytes);
    try {
      if (!VERSION.equals(r.string("version", 64))) {
        throw new DecodeException("unknown engine state version");
      }
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
      return Optional.of(new EngineState(height, round, step, loadValue(locked), lockedRound, loadValue(valid), validRound, own));
    } catch (DecodeException e) {
      throw new UnreadableConsensusStateException(f, "is corrupt: " + e.getMessage(), e);
    }
  }

  private Hash saveValue(byte[] value) throws IOException {
    if (value == null) {
      return Hash.ZERO;
    }
    Hash id = Hash.of(hash.hash(value));
    Path f = dir.resolve("value-" + id.hex() + ".bin");
    if (!Files.exists(f)) {
      writeDurably(f, value);
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

  /** Write to a sibling, fsync, rename over {@code target}, fsync the folder. */
  static void writeDurably(Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    // The rename is durable once the folder is: on Linux a folder can be opened and synced.
    try (FileChannel d = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Not supported here; the rename is still atomic.
    }
  }
}
