/**
 * The backup engine as one object: everything a server or an offline CLI command needs. Main builds
 * it; the CLI and the benchmark receive it. It lives apart from Main so that nothing has to import
 * the root package, which would make every user of the engine part of a cycle with Main.
 */
package io.cartographus.engine;
