/** Default ports of `portcullis dev` and `start` (documented in the README). */
export const DEFAULT_API_PORT = 8000
export const DEFAULT_USERPOOL_PORT = 8100
