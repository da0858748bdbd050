package org.medledger.apps.records.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.medledger.apps.records.contract.patient.PatientId;

/**
 * A hospital's own identifiers for its patients (a medical record number, "MRN-0042") mapped to
 * their pseudonyms on the ledger. The mapping is the organisation's alone and links a pseudonym
 * to a person, so it is kept by the organisation's node, in its records folder
 * ({@code local-identifiers.tsv}), and never written to the ledger or shown to another
 * organisation's members. Its clinicians make an entry when they store a record naming the
 * patient's local identifier, and find the patient by it afterwards. An identifier, once mapped,
 * stays with its patient: mapping it to another is refused, so a typo cannot quietly send
 * tomorrow's records to someone else.
 */
public final class LocalPatientIdentifiers {
  /** Letters, digits, '.', '-', '_' and '/', 1 to 64: what hospital systems print on a wristband. */
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,63}");
  private final Path file;
  private final Map<String, PatientId> byLocal = new TreeMap<>();

  private LocalPatientIdentifiers(Path file) {
    this.file = file;
  }

  /** The mapping kept in {@code folder} (the records application's data folder), read if it exists. */
  public static LocalPatientIdentifiers in(Path folder) {
    LocalPatientIdentifiers ids = new LocalPatientIdentifiers(folder.resolve("local-identifiers.tsv"));
    if (Files.exists(ids.file)) {
      try {
        List<String> lines = Files.readAllLines(ids.file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          String[] cols = lines.get(i).split("\t", -1);
          if (cols.length != 2) {
            throw new IllegalStateException(ids.file + " line " + (i + 1) + ": expected 'local identifier<TAB>pseudonym'");
          }
          ids.byLocal.put(check(cols[0]), PatientId.parse(cols[1]));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + ids.file, e);
      }
    }
    return ids;
  }

  /** Whether {@code text} has the form of a local identifier (and so is worth looking up). */
  public static boolean looksLikeOne(String text) {
    return text != null && FORM.matcher(text).matches();
  }

  /** {@code local} itself if well formed; otherwise a clear error naming the rule. */
  public static String check(String local) {
    if (!looksLikeOne(local)) {
      throw new IllegalArgumentException("a local identifier is 1 to 64 letters, digits, '.', '-', '_' or '/', starting"
          + " with a letter or digit; got '" + local + "'");
    }
    return local;
  }

  public synchronized Optional<PatientId> find(String local) {
    return Optional.ofNullable(byLocal.get(local));
  }

  /**
   * Maps {@code local} to {@code patient}, kept on disk before it returns; nothing to do if it
   * already maps there, refused if it maps to someone else.
   */
  public synchronized void map(String local, PatientId patient) {
    check(local);
    PatientId existing = byLocal.get(local);
    if (existing != null) {
      if (!existing.equals(patient)) {
        throw new IllegalArgumentException("local identifier '" + local + "' already belongs to another patient ("
            + existing + "): check the identifier");
      }
      return;
    }
    byLocal.put(local, patient);
    StringBuilder out = new StringBuilder();
    byLocal.forEach((l, p) -> out.append(l).append('\t').append(p).append('\n'));
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, out, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      byLocal.remove(local);
      throw new UncheckedIOException("cannot keep the local identifier in " + file, e);
    }
  }
}
