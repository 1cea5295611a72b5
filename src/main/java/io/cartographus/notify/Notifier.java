package io.cartographus.notify;

/** Tells someone outside about an event. Implementations never throw and never block the caller. */
@FunctionalInterface
public interface Notifier {
    /** For when no webhook is configured, and for tests of callers. */
    Notifier NONE = e -> { };

    void send(NotificationEvent e);
}
