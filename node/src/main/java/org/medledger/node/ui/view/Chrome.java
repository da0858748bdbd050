package org.medledger.node.ui.view;

import java.util.List;

/**
 * What the shared layout shows around every page: the title, who is signed in (null for a
 * visitor), the navigation, and the session's CSRF token for the sign-out form.
 */
public record Chrome(String title, String member, List<NavLink> nav, String csrf) {
  public boolean signedIn() {
    return member != null;
  }
}
