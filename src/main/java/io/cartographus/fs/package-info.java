/** Crash-safe file handling: atomic writes, permissions, start-up clean-up of temporaries. */
package io.cartographus.fs;
