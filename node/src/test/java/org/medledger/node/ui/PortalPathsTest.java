package org.medledger.node.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An application adds pages under its own /ui/<name>/ only: never the platform's, never another's. */
class PortalPathsTest {
  @Test
  void anApplicationsPagesStayUnderItsOwnName() {
    Portal.checkOwnPath("drugs", "/ui/drugs/", "/ui/drugs/check");
    Portal.checkOwnPath("drugs", "/ui/drugs/", "/ui/drugs");
    Portal.checkOwnPath("drugs", "/ui/drugs/", "/ui/drugs/{gtin}/{serial}");
    for (String path : new String[] {"/ui/records/x", "/ui/signin", "/ui", "/ui/drugsx", "/ui/drugs/../signin", "/v1/x", null}) {
      assertThatThrownBy(() -> Portal.checkOwnPath("drugs", "/ui/drugs/", path)).as(String.valueOf(path))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adds portal pages under /ui/drugs/ only");
    }
  }

  @Test
  void portalOwnsOnlyItsOwnPaths() {
    assertThat(Portal.owns("/ui")).isTrue();
    assertThat(Portal.owns("/ui/blocks")).isTrue();
    assertThat(Portal.owns("/uix")).isFalse();
    assertThat(Portal.owns("/v1/ui")).isFalse();
  }
}
