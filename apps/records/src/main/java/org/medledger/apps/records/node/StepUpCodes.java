package org.medledger.apps.records.node;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hex;

/**
 * A custodial patient's one-time step-up codes: the proof that she, not only a member of staff,
 * asked the wallet to sign for her (issue 20, finding 8). The wallet hands her a printed list
 * when it registers her, once; the node keeps only an HMAC of each code under a key derived
 * from the wallet's sealing key (so a copy of this folder without that key neither reveals
 * nor lets anyone guess the codes offline), bound to her patient id (so another patient's
 * code is no use). A code is spent on its first successful use, and after {@link
 * #MAX_FAILURES} wrong codes within {@link #FAILURE_WINDOW_MILLIS} the patient's codes are
 * locked until the window has passed, so they cannot be guessed online either.
 */
public final class StepUpCodes {
  /** Codes in one list: enough for a year of consents at a typical visit rate; a new list costs one code. */
  public static final int CODES_PER_LIST = 10;
  /** Characters of one code (5 bits each: 50 bits), printed as two groups of five. */
  static final int CODE_CHARS = 10;
  public static final int MAX_FAILURES = 5;
  public static final long FAILURE_WINDOW_MILLIS = 15L * 60 * 1000;
  // Crockford's base 32: no I, L, O, U, so a code read aloud or retyped is not mistaken.
  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  private final Path dir;
  private final byte[] key;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<PatientId, Deque<Long>> failures = new HashMap<>();

  /** {@code walletKey}: the wallet's sealing key, from which the codes' HMAC key is derived. */
  public StepUpCodes(Path dir, byte[] walletKey, Clock clock) throws IOException {
    this.dir = ownerOnly(dir);
    this.key = hmac(walletKey, "medledger/step-up-codes/v1".getBytes(StandardCharsets.UTF_8));
    this.clock = clock;
  }

  /** A new list of codes for the patient, replacing any earlier one; shown to her once, kept here only as HMACs. */
  public synchronized List<String> issue(PatientId patient) throws IOException {
    List<String> codes = new ArrayList<>();
    List<String> macs = new ArrayList<>();
    for (int i = 0; i < CODES_PER_LIST; i++) {
      StringBuilder b = new StringBuilder();
      for (int c = 0; c < CODE_CHARS; c++) {
        b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      String code = b.substring(0, CODE_CHARS / 2) + "-" + b.substring(CODE_CHARS / 2);
      codes.add(code);
      macs.add(mac(patient, code));
    }
    write(patient, macs);
    failures.remove(patient);
    return codes;
  }

  /**
   * Spends {@code code} for {@code patient}; returns how many of her codes are left.
   *
   * @throws StepUpRefused when the code is missing, wrong, already spent, another patient's, or
   *     her codes are locked after too many wrong ones
   */
  public synchronized int spend(PatientId patient, String code) throws IOException, StepUpRefused {
    long now = clock.millis();
    Deque<Long> recent = failures.computeIfAbsent(patient, p -> new ArrayDeque<>());
    while (!recent.isEmpty() && recent.peekFirst() <= now - FAILURE_WINDOW_MILLIS) {
      recent.removeFirst();
    }
    if (recent.size() >= MAX_FAILURES) {
      long retry = (recent.peekFirst() + FAILURE_WINDOW_MILLIS - now + 999) / 1000;
      throw new StepUpRefused(true, MAX_FAILURES + " wrong step-up codes for patient " + patient + " within "
          + FAILURE_WINDOW_MILLIS / 60_000 + " minutes: her codes are locked for " + retry + " s more");
    }
    if (code == null || code.isBlank()) {
      // Not counted: a caller who forgot the field is no guesser.
      throw new StepUpRefused(false, "the patient's one-time step-up code is required (field 'stepUpCode'): the wallet"
          + " signs for her only with a code from the list she was given");
    }
    List<String> macs = read(patient);
    String mac = mac(patient, code);
    int at = -1;
    for (int i = 0; i < macs.size(); i++) {
      if (MessageDigest.isEqual(macs.get(i).getBytes(StandardCharsets.US_ASCII), mac.getBytes(StandardCharsets.US_ASCII))) {
        at = i;
      }
    }
    if (at < 0) {
      recent.addLast(now);
      throw new StepUpRefused(false, "the step-up code is not one of patient " + patient
          + "'s unused codes (a code works once, for its own patient only)");
    }
    macs.remove(at);
    write(patient, macs);
    recent.clear();
    return macs.size();
  }

  /** Whether the patient has any unused code left. */
  public synchronized int remaining(PatientId patient) throws IOException {
    return read(patient).size();
  }

  /** A refused step-up: {@code locked} when too many wrong codes (429), else a missing or wrong code (403). */
  public static final class StepUpRefused extends Exception {
    private final boolean locked;

    StepUpRefused(boolean locked, String message) {
      super(message);
      this.locked = locked;
    }

    public boolean locked() {
      return locked;
    }
  }

  private String mac(PatientId patient, String code) {
    String normalised = code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    byte[] id = patient.value().toBytes();
    byte[] text = normalised.getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[id.length + 1 + text.length];
    System.arraycopy(id, 0, input, 0, id.length);
    input[id.length] = 0;
    System.arraycopy(text, 0, input, id.length + 1, text.length);
    return Hex.encode(hmac(key, input));
  }

  private List<String> read(PatientId patient) throws IOException {
    Path f = dir.resolve(patient + ".codes");
    if (!Files.exists(f)) {
      return new ArrayList<>();
    }
    List<String> macs = new ArrayList<>();
    for (String line : Files.readAllLines(f, StandardCharsets.US_ASCII)) {
      if (!line.isBlank()) {
        macs.add(line.trim());
      }
    }
    return macs;
  }

  /** Owner-only from creation, flushed, then moved into place: a crash leaves the old list or the new one. */
  private void write(PatientId patient, List<String> macs) throws IOException {
    Path tmp = dir.resolve(patient + ".codes.tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.write(tmp, String.join("\n", macs).getBytes(StandardCharsets.US_ASCII));
    try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      c.force(true);
    }
    Files.move(tmp, dir.resolve(patient + ".codes"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static Path ownerOnly(Path folder) throws IOException {
    Files.createDirectories(folder);
    try {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException ignored) {
      // Not a POSIX file system.
    }
    return folder;
  }

  private static byte[] hmac(byte[] key, byte[] input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
