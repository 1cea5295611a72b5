/**
 * The backup index: ids, records, sidecars and metadata.json. Records are immutable; the catalog
 * writes the sidecar before the index so that either can rebuild the other after a crash.
 */
package io.cartographus.catalog;
