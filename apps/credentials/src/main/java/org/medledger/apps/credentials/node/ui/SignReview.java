package org.medledger.apps.credentials.node.ui;

import java.util.List;

/**
 * The page that shows a transaction the issuer's browser is to sign ({@code credentials/sign.jte}):
 * what it does in words ({@code facts}, label and value), its bytes, the form that sends the
 * signature to {@code action} with any {@code carried} fields (name, value) the next step needs,
 * and where Cancel goes.
 */
public record SignReview(String heading, String csrf, String action, String cancel, List<String[]> facts,
    String payloadHex, List<String[]> carried) {}
