package io.cartographus.restore;

import java.util.concurrent.atomic.AtomicReference;

/**
 * "Stop services" during a restore: sync and scheduled backups check this and stand aside while it
 * is set. Maintenance mode sets it permanently for the life of the process.
 */
public final class ServicePause {
    private final boolean maintenance;
    private final AtomicReference<String> reason = new AtomicReference<>();

    public ServicePause(boolean maintenance) {
        this.maintenance = maintenance;
    }

    public boolean maintenance() {
        return maintenance;
    }

    public boolean paused() {
        return maintenance || reason.get() != null;
    }

    /** Why services are paused, or null. */
    public String reason() {
        String r = reason.get();
        return r != null ? r : maintenance ? "maintenance mode (MAINTENANCE_MODE=true)" : null;
    }

    void pause(String why) {
        reason.set(why);
    }

    void resume() {
        reason.set(null);
    }
}
