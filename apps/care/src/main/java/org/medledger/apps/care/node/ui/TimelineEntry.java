package org.medledger.apps.care.node.ui;

/**
 * One entry of the care timeline as the page shows it: what it is in words, which hospital
 * recorded it, when and in which block; {@code receipt} the download her browser verifies (empty
 * when the viewer is not the patient), {@code id} the milestone's or record's id.
 */
public record TimelineEntry(String kind, String what, String organisation, String when, long height, String id,
    String receipt) {}
