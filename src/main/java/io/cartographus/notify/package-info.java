/**
 * Notifications to operators: {@link io.cartographus.notify.NotificationEvent} (the event and its human
 * sentence) and {@link io.cartographus.notify.WebhookNotifier}, which POSTs it as Slack-compatible JSON
 * in the background with bounded retries. A notification never delays or fails a backup, and the
 * webhook URL (a secret for Slack) is never logged.
 */
package io.cartographus.notify;
