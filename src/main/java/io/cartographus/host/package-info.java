/**
 * The host application surface the guide relies on: ingesting playback events (a "sync"), the
 * statistics an operator checks after a restore, and demo data for trying the system.
 */
package io.cartographus.host;
