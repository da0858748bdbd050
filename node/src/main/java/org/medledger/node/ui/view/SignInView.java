package org.medledger.node.ui.view;

/**
 * The sign-in page: the CSRF token of the visitor's anonymous session, whether this node lets a
 * pasted API token sign in (development only), an error to show by the form (null for none), and
 * whether the chain's suite is one a browser can sign with (WebCrypto has ECDSA P-256, not SM2).
 */
public record SignInView(String csrf, boolean tokenSignIn, String error, String suite, boolean browserCanSign) {}
