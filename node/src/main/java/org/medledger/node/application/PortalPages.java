package org.medledger.node.application;

/**
 * Where an application adds its pages to the node's web portal ({@code /ui}). The portal keeps
 * what every page shares: the layout, navigation and style sheet, the security headers (a
 * Content-Security-Policy of {@code default-src 'self'}), sessions and their sign-in, CSRF tokens,
 * error pages. An application's pages live under {@code /ui/<its name>/}; it renders each page's
 * body with templates precompiled in its own module and returns it as a {@link PortalPage}.
 */
public interface PortalPages {
  enum Access {
    /** A member signed in to the portal (its certificate confirmed by the genesis and the ledger). */
    MEMBER,
    /** Anyone: a consumer's phone opening a scanned code. */
    PUBLIC
  }

  /**
   * A page answering {@code GET path} ({@code /ui/<application>/...}, Javalin path parameters
   * allowed). A page that needs a member and gets none sends the visitor to the sign-in page.
   */
  void page(String path, Access access, PortalPageHandler handler);

  /**
   * A form answering {@code POST path} (under {@code /ui/<application>/}). The portal refuses,
   * before the handler runs, a form without a live session or whose {@code csrf} field is not the
   * session's token (403, nothing changed); a member's form from a visitor goes to sign in.
   */
  void form(String path, Access access, PortalFormHandler handler);

  /**
   * A file answering {@code GET path} (under {@code /ui/<application>/}): CSV exports, receipts a
   * page's script verifies, images. The one hook for anything that is not a page.
   */
  void download(String path, Access access, PortalDownloadHandler handler);

  /** Where the portal leaves the session's CSRF token for a page's forms (read it with {@link #csrfToken}). */
  String CSRF_ATTRIBUTE = "medledger.portal.csrf";

  /**
   * The CSRF token of the request's session, for a page's form to carry in a hidden {@code csrf}
   * field; empty when the visitor has no session (a form from that page is then refused).
   */
  static String csrfToken(io.javalin.http.Context ctx) {
    String t = ctx.attribute(CSRF_ATTRIBUTE);
    return t == null ? "" : t;
  }

  /** An entry in the shared navigation, shown to {@code access}: a label and the page it opens. */
  void nav(String label, String path, Access access);

  /**
   * An entry in the shared navigation shown only to signed-in members whose role is one of
   * {@code roles} (wire names: "patient", "regulator"...): the roles its page serves, so a patient
   * is not offered the regulator's audit. The page itself still refuses anyone else.
   */
  void navFor(String label, String path, java.util.Set<String> roles);
}
