/** Time source, injected everywhere so tests can pin it and step one second across each expiry. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  #now: number

  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.#now = typeof start === 'number' ? start : start.getTime()
  }

  now(): number {
    return this.#now
  }

  set(ms: number): void {
    this.#now = ms
  }

  advance(ms: number): void {
    this.#now += ms
  }
}

export function epochSeconds(clock: Clock): number {
  return Math.floor(clock.now() / 1000)
}
