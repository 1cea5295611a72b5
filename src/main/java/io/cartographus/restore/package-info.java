/**
 * Restore: validate first, take a pre-restore safety backup, pause services, unpack next to the live
 * file and check it, swap by rename under a journal, reopen in-process, verify, and roll back
 * automatically when the check fails. A crash at any step leaves the old or the new database.
 */
package io.cartographus.restore;
