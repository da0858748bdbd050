package org.medledger.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release's systemd unit (ops/systemd/medledger.service, etc/ in the tarball) checked by systemd
 * itself: {@code systemd-analyze verify} accepts it, and {@code systemd-analyze security} scores
 * its exposure (printed; at most 2.0, "OK", on systemd 252's 0-10 scale). The unit's
 * /opt/medledger is pointed at the unpacked release, since verify checks that ExecStart exists.
 */
class SystemdUnitIT {
  private static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");
  private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for medledger\\.service: (\\d+\\.\\d+)");

  @TempDir Path dir;

  @Test
  void systemdVerifiesTheUnitAndScoresItsExposureLow() throws Exception {
    assertThat(SYSTEMD_ANALYZE).as("systemd-analyze (Debian: apt-get install -y systemd; bin/test installs it)").isExecutable();
    Path home = Release.unpack(dir.resolve("opt"));
    String unit = Files.readString(home.resolve("etc/medledger.service"));
    assertThat(unit).contains("\nUser=medledger\n", "\nNoNewPrivileges=true\n", "\nProtectSystem=strict\n",
        "\nReadWritePaths=/var/lib/medledger\n", "\nPrivateTmp=true\n", "\nProtectHome=true\n", "\nCapabilityBoundingSet=\n",
        "\nRestrictAddressFamilies=", "\nSystemCallFilter=@system-service\n");
    // The JIT needs writable, executable memory: the unit must not deny it (its comment says why).
    assertThat(unit).doesNotContain("\nMemoryDenyWriteExecute=true");
    Path installed = dir.resolve("medledger.service");
    Files.writeString(installed, unit.replace("/opt/medledger", home.toString()));

    String verify = run("verify", installed.toString());
    assertThat(verify).as("systemd-analyze verify's complaints about the unit").doesNotContain("medledger.service:");

    String security = run("security", "--offline=yes", installed.toString());
    Matcher score = EXPOSURE.matcher(security);
    assertThat(score.find()).as(security).isTrue();
    System.out.println("systemd-analyze security --offline=yes medledger.service: exposure " + score.group(1) + " (0 best, 10 worst)");
    assertThat(Double.parseDouble(score.group(1))).as(security).isLessThanOrEqualTo(2.0);
  }

  /** Runs systemd-analyze with these arguments; it must exit 0. Answers what it printed. */
  private String run(String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = SYSTEMD_ANALYZE.toString();
    System.arraycopy(args, 0, command, 1, args.length);
    Path out = Files.createTempFile(dir, "systemd-analyze", ".out");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    String printed = Files.readString(out);
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + printed).isZero();
    return printed;
  }
}
