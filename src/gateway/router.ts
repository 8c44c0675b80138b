import { setOwn } from './own.js'
import type { ParsedRouteKey } from './route-key.js'

export interface RouteMatch<T> {
  value: T
  /** Decoded values by variable name; the greedy variable holds the rest of the path with its `/`. */
  params: Record<string, string> | undefined
}

interface Entry<T> {
  value: T
  /** `[name, segment index]` of each `{name}` variable. */
  params: [string, number][]
  greedy: string | undefined
}

interface Node<T> {
  literals: Map<string, Node<T>>
  param: Node<T> | undefined
  methods: Map<string, Entry<T>>
  greedy: Map<string, Entry<T>>
}

function node<T>(): Node<T> {
  return { literals: new Map(), param: undefined, methods: new Map(), greedy: new Map() }
}

/**
 * API Gateway HTTP API route selection (AG-ROUTES, "Routing API requests"): a full match of
 * path and method first (literal segments before variables, left to right, an explicit method
 * before `ANY` on the same resource), then the most specific greedy `{proxy+}` route, then
 * `$default`. Matching is case-sensitive and works on decoded segments.
 */
export class Router<T> {
  readonly #root = node<T>()
  /** Routes made of literal segments only, by path: the common case costs one Map lookup. */
  readonly #static = new Map<string, Node<T>>()
  #default: T | undefined

  add(key: ParsedRouteKey, value: T): void {
    if (key.isDefault) {
      this.#default = value
      return
    }
    let at = this.#root
    const params: [string, number][] = []
    let greedy: string | undefined
    key.segments.forEach((segment, index) => {
      if (segment.kind === 'literal') {
        const next = at.literals.get(segment.value) ?? node<T>()
        at.literals.set(segment.value, next)
        at = next
      } else if (segment.kind === 'param') {
        at.param ??= node()
        at = at.param
        params.push([segment.value, index])
      } else greedy = segment.value
    })
    const entry: Entry<T> = { value, params, greedy }
    if (greedy !== undefined) at.greedy.set(key.method, entry)
    else at.methods.set(key.method, entry)
    if (greedy === undefined && params.length === 0)
      this.#static.set(`/${key.segments.map((s) => s.value).join('/')}`, at)
  }

  /** `segments` are the decoded path segments (`/a/b` → `['a', 'b']`, `/` → `[]`); `path` their join. */
  match(method: string, segments: readonly string[], path: string): RouteMatch<T> | undefined {
    const exactNode = this.#static.get(path)
    const fast = exactNode && pick(exactNode.methods, method)
    if (fast) return { value: fast.value, params: undefined }
    const exact = findExact(this.#root, segments, 0, method)
    if (exact)
      return { value: exact.value, params: exact.params.length ? bind(exact, segments, -1) : undefined }
    const greedy = findGreedy(this.#root, segments, 0, method)
    if (greedy) return { value: greedy.entry.value, params: bind(greedy.entry, segments, greedy.at) }
    return this.#default === undefined ? undefined : { value: this.#default, params: undefined }
  }
}

/** AG-ROUTES: "ANY matches every method that has no explicit route for that resource". */
function pick<T>(methods: Map<string, Entry<T>>, method: string): Entry<T> | undefined {
  return methods.get(method) ?? methods.get('ANY')
}

function findExact<T>(
  at: Node<T>,
  segments: readonly string[],
  i: number,
  method: string,
): Entry<T> | undefined {
  if (i === segments.length) return pick(at.methods, method)
  const segment = segments[i]!
  const literal = at.literals.get(segment)
  const viaLiteral = literal && findExact(literal, segments, i + 1, method)
  if (viaLiteral) return viaLiteral
  if (at.param && segment !== '') return findExact(at.param, segments, i + 1, method)
  return undefined
}

function findGreedy<T>(
  at: Node<T>,
  segments: readonly string[],
  i: number,
  method: string,
): { entry: Entry<T>; at: number } | undefined {
  if (i < segments.length) {
    const segment = segments[i]!
    const literal = at.literals.get(segment)
    const deeper =
      (literal && findGreedy(literal, segments, i + 1, method)) ||
      (at.param && segment !== '' ? findGreedy(at.param, segments, i + 1, method) : undefined)
    if (deeper) return deeper
    // A greedy variable needs a non-empty remainder: `/pets/{proxy+}` does not match `/pets/`.
    if (at.greedy.size > 0 && rest(segments, i) !== '') {
      const entry = pick(at.greedy, method)
      if (entry) return { entry, at: i }
    }
  }
  return undefined
}

function rest(segments: readonly string[], from: number): string {
  return from === segments.length - 1 ? segments[from]! : segments.slice(from).join('/')
}

function bind<T>(entry: Entry<T>, segments: readonly string[], greedyAt: number): Record<string, string> {
  const params: Record<string, string> = {}
  for (const [name, index] of entry.params) setOwn(params, name, segments[index]!)
  if (entry.greedy !== undefined) setOwn(params, entry.greedy, rest(segments, greedyAt))
  return params
}
