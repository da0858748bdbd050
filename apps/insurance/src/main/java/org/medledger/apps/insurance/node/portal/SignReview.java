package org.medledger.apps.insurance.node.portal;

import java.util.List;

/**
 * The page that shows a transaction the member's browser is to sign ({@code insurance/sign.jte}):
 * what it does in words ({@code facts}, label and value), its bytes, the form that sends the
 * signature to {@code action}, and where Cancel goes.
 */
public record SignReview(String heading, String csrf, String action, String cancel, List<String[]> facts,
    String payloadHex) {}
