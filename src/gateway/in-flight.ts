import type { ServerResponse } from 'node:http'
import type { GatewayRequest } from './dispatch.js'

/** A request the gateway has not answered yet. */
export class Flight {
  readonly request: GatewayRequest
  readonly res: ServerResponse
  readonly started: number
  /** Answered by the timeout sweep; the dispatch that finishes later must not answer again. */
  answered = false
  prev: Flight | undefined = undefined
  next: Flight | undefined = undefined

  constructor(request: GatewayRequest, res: ServerResponse, started: number) {
    this.request = request
    this.res = res
    this.started = started
  }
}

/**
 * The requests in flight, as an intrusive doubly linked list: adding and removing allocate
 * nothing. A `Set` here reallocated its table as the number of requests in flight rose and
 * fell, and those tables, hanging off a long-lived object, were promoted to the old
 * generation on every scavenge, feeding the mark-compact pauses that set the latency tail.
 */
export class InFlight {
  #head: Flight | undefined = undefined

  add(flight: Flight): void {
    flight.next = this.#head
    if (this.#head) this.#head.prev = flight
    this.#head = flight
  }

  /** Idempotent. */
  remove(flight: Flight): void {
    if (flight.prev) flight.prev.next = flight.next
    else if (this.#head === flight) this.#head = flight.next
    else return
    if (flight.next) flight.next.prev = flight.prev
    flight.prev = undefined
    flight.next = undefined
  }

  /** Removes and returns every flight whose deadline is before `now`. */
  takeExpired(now: number): Flight[] {
    const expired: Flight[] = []
    for (let flight = this.#head; flight; ) {
      const next = flight.next
      if (now > flight.request.deadline) {
        this.remove(flight)
        expired.push(flight)
      }
      flight = next
    }
    return expired
  }
}
