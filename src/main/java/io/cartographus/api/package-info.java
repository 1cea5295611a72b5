/**
 * The HTTP edge (the only package that knows Javalin): routes per resource, Bearer-token roles,
 * the audit trail of every mutating call, and one translation of engine errors into statuses.
 */
package io.cartographus.api;
