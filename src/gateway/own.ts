/**
 * Sets an own enumerable property, including `__proto__`, which plain assignment would treat as
 * the prototype setter (security.md §1 item 6). Values in events are strings, so nothing else is
 * special.
 */
export function setOwn(target: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

/** Reads an own string property; inherited members such as `constructor` never count. */
export function ownString(target: Record<string, string>, key: string): string | undefined {
  const value = target[key]
  return typeof value === 'string' && Object.hasOwn(target, key) ? value : undefined
}
