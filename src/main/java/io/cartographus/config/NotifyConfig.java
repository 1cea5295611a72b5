package io.cartographus.config;

import java.net.URI;

/** BACKUP_NOTIFY_SUCCESS, _FAILURE, _CLEANUP and BACKUP_WEBHOOK_URL (null when unset; never printed). */
public record NotifyConfig(boolean onSuccess, boolean onFailure, boolean onCleanup, URI webhookUrl) {
    @Override
    public String toString() {
        return "NotifyConfig[onSuccess=" + onSuccess + ", onFailure=" + onFailure + ", onCleanup=" + onCleanup
                + ", webhookUrl=" + (webhookUrl == null ? "unset" : "(set)") + "]";
    }
}
