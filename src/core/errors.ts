/**
 * The one error base of the project. Every surface (Cognito JSON, OAuth, gateway) maps
 * `PortcullisError` subclasses to its own wire shape in exactly one place; `code` is stable,
 * `message` is safe to show, and `cause` is internal detail that is logged, never sent.
 */
export class PortcullisError extends Error {
  readonly code: string

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
  }
}

/** A problem the user must fix (bad config, port in use); printed without a stack trace. */
export class UserFacingError extends PortcullisError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('USER_ERROR', message, options)
  }
}

/** The backing store is unreachable or refused a write it should have taken (disk full, locked). */
export class StoreUnavailableError extends PortcullisError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORE_UNAVAILABLE', message, options)
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
