import { errors } from './errors.js'
import { SEARCHABLE_ATTRIBUTES } from './search.js'

/** A parsed ListUsers filter: one attribute, exact (`=`) or prefix (`^=`), and a literal value. */
export interface UserFilter {
  attribute: string
  prefix: boolean
  value: string
}

/**
 * Parses ListUsers `Filter` (aws-semantics.md §5.8): `AttributeName Filter-Type "AttributeValue"`,
 * the name bare or in double quotes, `=` or `^=`, the value in double quotes where `\"` and `\\`
 * stand for `"` and `\`; spaces around the parts are optional. An empty filter lists everyone
 * (undefined). Anything else, including attributes that are not searchable, is
 * InvalidParameterException; the value is data from here on and never becomes SQL.
 */
export function parseUserFilter(text: string): UserFilter | undefined {
  const input = new Cursor(text)
  input.skipSpaces()
  if (input.done()) return undefined
  const attribute = input.peek() === '"' ? input.quoted() : input.name()
  input.skipSpaces()
  const prefix = input.operator()
  input.skipSpaces()
  const value = input.quoted()
  input.skipSpaces()
  if (!input.done()) throw invalid()
  if (!SEARCHABLE_ATTRIBUTES.has(attribute))
    throw errors.invalidParameter(`Invalid search attribute: ${attribute}. It is not searchable.`)
  return { attribute, prefix, value }
}

const invalid = () => errors.invalidParameter('Error while parsing filter.')

class Cursor {
  readonly #text: string
  #at = 0

  constructor(text: string) {
    this.#text = text
  }

  done(): boolean {
    return this.#at >= this.#text.length
  }

  peek(): string | undefined {
    return this.#text[this.#at]
  }

  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.#at++
  }

  /** A bare attribute name: letters, digits, `_` and the `:` of `cognito:user_status`. */
  name(): string {
    const start = this.#at
    while (/[A-Za-z0-9_:]/.test(this.peek() ?? '')) this.#at++
    if (this.#at === start) throw invalid()
    return this.#text.slice(start, this.#at)
  }

  /** `=` (exact) or `^=` (prefix): true for a prefix. */
  operator(): boolean {
    if (this.#text.startsWith('^=', this.#at)) {
      this.#at += 2
      return true
    }
    if (this.peek() === '=') {
      this.#at += 1
      return false
    }
    throw invalid()
  }

  /** A double-quoted string; only `\"` and `\\` are escapes. */
  quoted(): string {
    if (this.peek() !== '"') throw invalid()
    this.#at++
    let out = ''
    for (;;) {
      const c = this.peek()
      if (c === undefined) throw invalid()
      this.#at++
      if (c === '"') return out
      if (c === '\\') {
        const next = this.peek()
        if (next !== '"' && next !== '\\') throw invalid()
        out += next
        this.#at++
      } else out += c
    }
  }
}
