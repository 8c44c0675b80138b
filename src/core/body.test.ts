import assert from 'node:assert/strict'
import { test } from 'node:test'
import { readTextCapped } from './body.js'

function streamed(chunks: number, size: number): { request: Request; pulled: () => number } {
  let pulls = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulls++ >= chunks) controller.close()
      else controller.enqueue(new Uint8Array(size).fill(97))
    },
  })
  return {
    request: new Request('http://x/', { method: 'POST', body, duplex: 'half' } as RequestInit),
    pulled: () => pulls,
  }
}

test('a chunked body over the cap is refused after reading just past the cap', async () => {
  const { request, pulled } = streamed(1000, 100_000)
  assert.equal(await readTextCapped(request, 64 * 1024), undefined)
  assert.ok(pulled() <= 3, `${pulled()} chunks read`)
})

test('a declared length over the cap is refused without reading', async () => {
  const request = new Request('http://x/', {
    method: 'POST',
    body: 'a'.repeat(100),
    headers: { 'content-length': '100' },
  })
  assert.equal(await readTextCapped(request, 10), undefined)
  assert.equal(request.bodyUsed, false)
})

test('bodies within the cap are read whole', async () => {
  assert.equal(
    await readTextCapped(new Request('http://x/', { method: 'POST', body: 'a=1&b=2' }), 64),
    'a=1&b=2',
  )
  assert.equal(await readTextCapped(new Request('http://x/'), 64), '')
  const { request } = streamed(3, 10)
  assert.equal(await readTextCapped(request, 64), 'a'.repeat(30))
})
