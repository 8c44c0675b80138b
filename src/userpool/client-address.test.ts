import assert from 'node:assert/strict'
import { test } from 'node:test'
import { clientAddress } from './client-address.js'

test('without trusted proxies the socket address is used and X-Forwarded-For ignored', () => {
  assert.equal(clientAddress('10.0.0.1', '1.2.3.4', 0), '10.0.0.1')
})

test('behind trusted proxies the entry the outermost one wrote is used; spoofed entries are not', () => {
  // The client sent "6.6.6.6" itself; the load balancer appended the real peer, 203.0.113.9.
  assert.equal(clientAddress('10.0.0.1', '6.6.6.6, 203.0.113.9', 1), '203.0.113.9')
  assert.equal(clientAddress('10.0.0.2', '6.6.6.6, 203.0.113.9, 10.0.0.1', 2), '203.0.113.9')
  assert.equal(clientAddress('10.0.0.1', '203.0.113.9', 3), '203.0.113.9')
  assert.equal(clientAddress('10.0.0.1', '', 1), '10.0.0.1')
  assert.equal(clientAddress('10.0.0.1', undefined, 1), '10.0.0.1')
})
