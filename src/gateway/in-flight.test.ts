import assert from 'node:assert/strict'
import type { ServerResponse } from 'node:http'
import { describe, test } from 'node:test'
import type { GatewayRequest } from './dispatch.js'
import { Flight, InFlight } from './in-flight.js'

function flight(deadline: number): Flight {
  return new Flight({ deadline } as GatewayRequest, {} as ServerResponse, 0)
}

describe('requests in flight', () => {
  test('only flights past their deadline are taken, each once', () => {
    const list = new InFlight()
    const flights = [flight(5), flight(1), flight(Number.POSITIVE_INFINITY), flight(3), flight(9)]
    for (const f of flights) list.add(f)
    assert.deepEqual(
      list.takeExpired(4).map((f) => f.request.deadline),
      [3, 1],
    )
    assert.deepEqual(list.takeExpired(4), [])
    assert.deepEqual(
      list.takeExpired(100).map((f) => f.request.deadline),
      [9, 5],
    )
  })

  test('removing is idempotent, wherever the flight sits', () => {
    const list = new InFlight()
    const [a, b, c, d] = [flight(1), flight(2), flight(3), flight(4)]
    for (const f of [a, b, c, d]) list.add(f)
    list.remove(b)
    list.remove(d)
    list.remove(a)
    list.remove(b)
    list.remove(a)
    assert.deepEqual(
      list.takeExpired(10).map((f) => f.request.deadline),
      [3],
    )
    list.remove(c)
    assert.deepEqual(list.takeExpired(10), [])
  })
})
