#!/usr/bin/env node
// The portcullis command. Sources are TypeScript; tsx compiles them on first use and caches them.
import { availableParallelism } from 'node:os'

// libuv's pool runs argon2 and WebCrypto; more threads than cores only adds contention for a
// CPU-bound sign-in (measured in bench/signin.ts). Must be set before the pool first starts.
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(2, availableParallelism()))

const { register } = await import('tsx/esm/api')
register()
await import('../src/cli/main.ts')
