package io.cartographus.notify;

/**
 * Hears how each webhook delivery ended, after retries: {@code outcome} is {@code success} or
 * {@code failed}. Main wires {@code BackupMetrics::webhookDelivered} here, so notify needs no metrics.
 */
@FunctionalInterface
public interface DeliveryListener {
    String SUCCESS = "success";
    String FAILED = "failed";

    DeliveryListener NONE = (event, outcome) -> { };

    void delivered(String event, String outcome);
}
