package org.medledger.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What an application's consensus rules are, as text: a SHA-256 over the Java sources of its
 * contract package ({@code org/medledger/apps/<name>/contract}, every module of the application
 * that has one), each file normalised so that only what the compiler reads counts: comments go,
 * white space folds to one space, string and character literals stay exactly as written (their
 * texts are committed in the block's log leaf). A comment or a reformat keeps the fingerprint; a
 * rule, an argument, a weight or a message changes it.
 */
final class ContractFingerprints {
  private ContractFingerprints() {}

  /**
   * One line of the committed record: an application, the version its fingerprint was taken at
   * (held: a version that cannot move, see docs/applications.md), or unpinned.
   */
  record Recorded(String application, int version, String fingerprint, boolean held) {
    static final int UNPINNED = -1;

    boolean pinned() {
      return version != UNPINNED;
    }
  }

  /** The contract package sources of application {@code name} below the repository root, by path from the package. */
  static Map<String, String> sources(Path repository, String name) {
    Path apps = repository.resolve("apps").resolve(name);
    String packagePath = "org/medledger/apps/" + name + "/contract";
    TreeMap<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(apps)) {
      for (Path p : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
        String path = apps.relativize(p).toString().replace('\\', '/');
        int at = path.indexOf("src/main/java/" + packagePath + "/");
        if (at >= 0 && !path.contains("/target/")) {
          files.put(path.substring(at + "src/main/java/".length()), Files.readString(p, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + apps, e);
    }
    return files;
  }

  /** SHA-256, hex, of each file's path and normalised text, in path order. */
  static String fingerprint(Map<String, String> sources) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    new TreeMap<>(sources).forEach((path, text) -> {
      sha.update((path + "\n" + normalise(text) + "\n").getBytes(StandardCharsets.UTF_8));
    });
    return HexFormat.of().formatHex(sha.digest());
  }

  /** The source as the compiler reads it: no comments, white space outside literals folded to one space. */
  static String normalise(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end + 3;
        out.append(source, i, end);
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && source.charAt(j) != c) {
          j += source.charAt(j) == '\\' ? 2 : 1;
        }
        j = Math.min(j + 1, n);
        out.append(source, i, j);
        i = j;
      } else if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        i = end < 0 ? n : end;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        space(out);
      } else if (Character.isWhitespace(c)) {
        space(out);
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString().strip();
  }

  private static void space(StringBuilder out) {
    if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
      out.append(' ');
    }
  }

  /**
   * Reads the committed record: {@code name version fingerprint}, the same followed by {@code held},
   * or {@code name unpinned}; # starts a comment.
   */
  static Map<String, Recorded> read(List<String> lines) {
    TreeMap<String, Recorded> recorded = new TreeMap<>();
    for (String line : lines) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] f = l.split("\\s+");
      if (f.length == 2 && f[1].equals("unpinned")) {
        recorded.put(f[0], new Recorded(f[0], Recorded.UNPINNED, "", false));
      } else if ((f.length == 3 || f.length == 4 && f[3].equals("held")) && f[1].matches("[1-9][0-9]{0,8}")
          && f[2].matches("[0-9a-f]{64}")) {
        recorded.put(f[0], new Recorded(f[0], Integer.parseInt(f[1]), f[2], f.length == 4));
      } else {
        throw new IllegalArgumentException("contract fingerprint line '" + line + "' is none of 'NAME VERSION SHA256',"
            + " 'NAME VERSION SHA256 held' and 'NAME unpinned'");
      }
    }
    return recorded;
  }

  /**
   * What is wrong between the record and the release: an application the record does not name,
   * one whose contract changed while its version did not (the case this lint is for), one whose
   * version moved without its fingerprint being recorded. Each says what to do.
   */
  static List<String> problems(Map<String, Recorded> recorded, Map<String, Integer> versions, Map<String, String> fingerprints,
      String recordFile) {
    List<String> problems = new ArrayList<>();
    new TreeMap<>(versions).forEach((name, version) -> {
      Recorded r = recorded.get(name);
      String now = fingerprints.get(name);
      if (r == null) {
        problems.add("application '" + name + "' is not in " + recordFile + ": add the line '" + name + " " + version + " " + now
            + "'");
      } else if (!r.pinned()) {
        return;
      } else if (r.held() && r.version() == version && !r.fingerprint().equals(now)) {
        problems.add("application '" + name + "': its contract package changed at version " + version + ", which is held"
            + " (a genesis without the applications field runs it, so a bump would refuse every such chain; docs/applications.md,"
            + " \"Contract versions\"): the change must keep GoldenReplayTest replaying the golden chains and"
            + " ContractOutcomesPinTest's outcomes; once they pass and the change is reviewed as such, record '" + name + " "
            + version + " " + now + " held' in " + recordFile);
      } else if (r.version() == version && !r.fingerprint().equals(now)) {
        problems.add("application '" + name + "': its contract package changed but version() is still " + version + ". A"
            + " change to what the contract writes, refuses (any message) or weighs changes the chain, and a node replaying"
            + " a chain made under version " + version + " would compute other blocks (docs/applications.md, \"Contract"
            + " versions\"): bump version() to " + (version + 1) + " and record '" + name + " " + (version + 1) + " " + now
            + "' in " + recordFile + ". Only if no block can tell the difference (a rename, a reordering the compiler"
            + " undoes) record '" + name + " " + version + " " + now + "' instead, and say why in the commit message");
      } else if (r.version() != version) {
        problems.add("application '" + name + "' is at version " + version + " but " + recordFile + " records version "
            + r.version() + ": record '" + name + " " + version + " " + now + "'");
      }
    });
    // An unpinned one may be on its way into the release (its module is there before its registration).
    recorded.values().stream().filter(r -> r.pinned() && !versions.containsKey(r.application())).forEach(r -> problems.add(
        recordFile + " names application '" + r.application() + "', which this release does not ship: remove its line"));
    return problems;
  }
}
