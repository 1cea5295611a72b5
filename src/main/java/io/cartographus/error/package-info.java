/** The engine's single exception type and the error kinds the edges translate (HTTP status, exit code). */
package io.cartographus.error;
