/**
 * One error type for the whole toolkit. Every failure a user can see carries a
 * stable `code`; the table below maps each code to a process exit code (CLI)
 * and an HTTP status (hub, gateway). docs/exit-codes.md documents the same table.
 */

export const EXIT = {
  ok: 0,
  failure: 1, // generic failure, or findings at/above --fail-on
  usage: 2, // bad flags or arguments
  invalid: 3, // input failed validation (manifest, config, archive, path rules)
  integrity: 4, // fingerprint or signature verification failed, untrusted key
  notFound: 5,
  network: 6, // registry unreachable, timeouts, bad responses
  conflict: 7, // already exists, lock held, local edits would be lost
  blocked: 8, // security verdict `block` refused the operation
  auth: 9, // missing or insufficient credentials
  sandbox: 125, // sandbox setup failed before the command ran (like `env`/`timeout`)
} as const;

type CodeSpec = { exit: number; http: number };

export const ERROR_CODES = {
  E_INTERNAL: { exit: EXIT.failure, http: 500 },
  E_USAGE: { exit: EXIT.usage, http: 400 },
  E_IO: { exit: EXIT.failure, http: 500 },
  E_NOT_FOUND: { exit: EXIT.notFound, http: 404 },
  E_CONFLICT: { exit: EXIT.conflict, http: 409 },
  E_LOCKED: { exit: EXIT.conflict, http: 423 },
  E_ABORTED: { exit: 130, http: 499 }, // interrupted (Ctrl-C): 128 + SIGINT, like a shell

  // config
  E_CONFIG_PARSE: { exit: EXIT.invalid, http: 400 },
  E_CONFIG_INVALID: { exit: EXIT.invalid, http: 400 },

  // skills and bundles
  E_MANIFEST_MISSING: { exit: EXIT.invalid, http: 400 },
  E_MANIFEST_PARSE: { exit: EXIT.invalid, http: 400 },
  E_MANIFEST_INVALID: { exit: EXIT.invalid, http: 400 },
  E_SLUG_INVALID: { exit: EXIT.invalid, http: 400 },
  E_SEMVER_INVALID: { exit: EXIT.invalid, http: 400 },
  E_PATH_UNSAFE: { exit: EXIT.invalid, http: 400 },
  E_SYMLINK: { exit: EXIT.invalid, http: 400 },
  E_CASE_COLLISION: { exit: EXIT.invalid, http: 400 },
  E_FILE_TOO_LARGE: { exit: EXIT.invalid, http: 413 },
  E_BUNDLE_TOO_LARGE: { exit: EXIT.invalid, http: 413 },
  E_TOO_MANY_FILES: { exit: EXIT.invalid, http: 413 },
  E_ARCHIVE_CORRUPT: { exit: EXIT.invalid, http: 400 },
  E_ARCHIVE_BOMB: { exit: EXIT.invalid, http: 413 },
  E_LOCKFILE_CORRUPT: { exit: EXIT.invalid, http: 500 },
  E_LOCAL_EDITS: { exit: EXIT.conflict, http: 409 },
  E_RECOVERY_NEEDED: { exit: EXIT.conflict, http: 409 }, // interrupted install the journal cannot settle

  // signing and trust
  E_KEY_MISSING: { exit: EXIT.integrity, http: 400 },
  E_KEY_INVALID: { exit: EXIT.integrity, http: 400 },
  E_KEY_EXISTS: { exit: EXIT.conflict, http: 409 },
  E_SIGNATURE_MISSING: { exit: EXIT.integrity, http: 400 },
  E_SIGNATURE_INVALID: { exit: EXIT.integrity, http: 400 },
  E_FINGERPRINT_MISMATCH: { exit: EXIT.integrity, http: 400 },
  E_KEY_CHANGED: { exit: EXIT.integrity, http: 409 },
  E_TRUST_STORE_CORRUPT: { exit: EXIT.invalid, http: 500 },
  E_UNSIGNED: { exit: EXIT.integrity, http: 400 },

  // sandbox
  E_POLICY_INVALID: { exit: EXIT.invalid, http: 400 },
  E_TOOL_DENIED: { exit: EXIT.sandbox, http: 403 },
  E_SANDBOX_UNAVAILABLE: { exit: EXIT.sandbox, http: 503 },
  E_SANDBOX_SETUP: { exit: EXIT.sandbox, http: 500 },

  // agent, tools and gateway
  E_MODEL_UNREACHABLE: { exit: EXIT.network, http: 502 },
  E_MODEL_RESPONSE: { exit: EXIT.network, http: 502 },
  E_PATH_DENIED: { exit: EXIT.sandbox, http: 403 },
  E_NET_DENIED: { exit: EXIT.sandbox, http: 403 },
  E_TOOL_INPUT: { exit: EXIT.invalid, http: 400 },
  E_SKILL_NOT_FOUND: { exit: EXIT.notFound, http: 404 },
  E_SEARCH_BACKEND: { exit: EXIT.network, http: 502 },

  // security scanner
  E_SCAN_BLOCKED: { exit: EXIT.blocked, http: 422 },
  E_ALLOWLIST_INVALID: { exit: EXIT.invalid, http: 400 },

  // registry (server and client)
  E_AUTH_REQUIRED: { exit: EXIT.auth, http: 401 },
  E_FORBIDDEN: { exit: EXIT.auth, http: 403 },
  E_RATE_LIMITED: { exit: EXIT.network, http: 429 },
  E_PAYLOAD_TOO_LARGE: { exit: EXIT.invalid, http: 413 },
  E_VERSION_EXISTS: { exit: EXIT.conflict, http: 409 },
  E_BAD_REQUEST: { exit: EXIT.invalid, http: 400 },
  E_REGISTRY_UNREACHABLE: { exit: EXIT.network, http: 502 },
  E_REGISTRY_RESPONSE: { exit: EXIT.network, http: 502 },
  E_TIMEOUT: { exit: EXIT.network, http: 504 },
  E_UNAVAILABLE: { exit: EXIT.network, http: 503 },
  E_SLUG_RESERVED: { exit: EXIT.conflict, http: 409 },
  E_SLUG_CONFUSABLE: { exit: EXIT.conflict, http: 409 },
  E_SEMVER_DOWNGRADE: { exit: EXIT.conflict, http: 409 },
  E_VERSION_YANKED: { exit: EXIT.notFound, http: 410 },
  E_VERSION_QUARANTINED: { exit: EXIT.blocked, http: 451 },

  // registry search
  E_EMBEDDER_UNAVAILABLE: { exit: EXIT.failure, http: 503 },
} as const satisfies Record<string, CodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class WeftError extends Error {
  override readonly name = 'WeftError';
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
    this.details = details;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].http;
  }

  toJSON(): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

export function isWeftError(err: unknown): err is WeftError {
  return err instanceof WeftError;
}

/** Wrap anything thrown into a WeftError, keeping the original as `cause`. */
export function toWeftError(err: unknown, fallback: ErrorCode = 'E_INTERNAL'): WeftError {
  if (err instanceof WeftError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const errno = (err as NodeJS.ErrnoException | undefined)?.code;
  if (errno === 'ENOENT') return new WeftError('E_NOT_FOUND', message, undefined, { cause: err });
  if (errno === 'EACCES' || errno === 'EPERM' || errno === 'ENOSPC' || errno === 'EIO') {
    return new WeftError('E_IO', message, { errno }, { cause: err });
  }
  return new WeftError(fallback, message, undefined, { cause: err });
}
