package dev.platte.activity;

/** An event worth a line in the activity feed; the feed listens to it in the transaction that published it. */
public interface FeedEvent {

    /** The line to show, or {@code null} when this occurrence is not worth one. */
    Activity.Entry feedEntry();
}
