package org.medledger.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged tarball, unpacked with the system's {@code tar} the way an operator does it. */
final class Release {
  private Release() {}

  static Path tarball() {
    String file = System.getProperty("medledger.tarball");
    assertThat(file).as("system property medledger.tarball (set by dist/pom.xml's failsafe configuration)").isNotNull();
    Path tarball = Path.of(file);
    assertThat(tarball).as("the packaged release: run the package phase first").isRegularFile();
    return tarball;
  }

  static String version() {
    return System.getProperty("medledger.version");
  }

  /** Unpacks the tarball into {@code into} and answers its one top folder, medledger-VERSION. */
  static Path unpack(Path into) throws Exception {
    Files.createDirectories(into);
    Process tar = new ProcessBuilder("tar", "-xzf", tarball().toString(), "-C", into.toString()).redirectErrorStream(true).start();
    String out = new String(tar.getInputStream().readAllBytes());
    assertThat(tar.waitFor(60, TimeUnit.SECONDS)).as("tar -xzf").isTrue();
    assertThat(tar.exitValue()).as("tar -xzf: " + out).isZero();
    try (var top = Files.list(into)) {
      List<Path> folders = top.toList();
      assertThat(folders).as("one top folder").containsExactly(into.resolve("medledger-" + version()));
      return folders.get(0);
    }
  }

  /**
   * Runs a command in {@code workingDir}, far from the repository, with an environment of PATH, HOME
   * and LANG only (no JAVA_HOME, no MEDLEDGER_JAVA_OPTS): the release must find its Java on PATH and
   * its jars beside itself. Its output goes to {@code log}.
   */
  static ProcessBuilder onlyJava(Path workingDir, Path log, String... command) throws IOException {
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow()).toRealPath();
    Path onlyJava = workingDir.resolve(".only-java");
    Files.createDirectories(onlyJava);
    Path link = onlyJava.resolve("java");
    if (!Files.exists(link)) {
      Files.createSymbolicLink(link, java);
    }
    ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = pb.environment();
    env.clear();
    // This test's own Java first; /usr/bin and /bin for sh, dirname and readlink.
    env.put("PATH", onlyJava + ":/usr/bin:/bin");
    env.put("HOME", workingDir.toString());
    env.put("LANG", "C.UTF-8");
    return pb;
  }
}
