/**
 * Values that exist only once the app runs (a pool's id, an API's URL) are handed out at
 * definition time as tokens, opaque strings that `resolveTokens` later replaces, wherever they
 * ended up: outputs, function environments, authorizer settings.
 */
const TOKEN = /\{\{portcullis:([^}]+)\}\}/g

export function token(ref: string): string {
  return `{{portcullis:${ref}}}`
}

export function resolveTokens(value: string, lookup: (ref: string) => string | undefined): string {
  return value.replace(TOKEN, (whole, ref: string) => lookup(ref) ?? whole)
}

export function hasTokens(value: string): boolean {
  TOKEN.lastIndex = 0
  return TOKEN.test(value)
}
