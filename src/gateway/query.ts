import { setOwn } from './own.js'

/**
 * `queryStringParameters` of a 2.0 event: names and values URL-decoded (`+` as space, as AWS does
 * for query strings), repeated names joined with `,` (AG-LAMBDA). `undefined` when there is no
 * parameter, so the key can be left out. A malformed escape leaves that name or value as sent.
 */
export function parseQuery(rawQuery: string): Record<string, string> | undefined {
  if (rawQuery === '') return undefined
  let params: Record<string, string> | undefined
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const name = decode(eq === -1 ? pair : pair.slice(0, eq))
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1))
    params ??= {}
    const previous = params[name]
    if (typeof previous === 'string') params[name] = `${previous},${value}`
    else setOwn(params, name, value)
  }
  return params
}

function decode(text: string): string {
  const spaced = text.includes('+') ? text.replaceAll('+', ' ') : text
  if (!spaced.includes('%')) return spaced
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced
  }
}
