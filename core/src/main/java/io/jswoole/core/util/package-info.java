/** Small helpers every mode uses: signal handlers and guarded user callbacks. */
package io.jswoole.core.util;
