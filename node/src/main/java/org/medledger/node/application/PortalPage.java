package org.medledger.node.application;

import gg.jte.Content;

/**
 * A rendered page's title and body, which the portal places in its shared layout. The body is
 * the application's precompiled template (jte, HTML-escaping every value it prints).
 */
public record PortalPage(String title, Content body) {
  public PortalPage {
    java.util.Objects.requireNonNull(title, "title");
    java.util.Objects.requireNonNull(body, "body");
  }
}
