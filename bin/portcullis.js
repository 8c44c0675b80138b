#!/usr/bin/env node
// The portcullis command. Sources are TypeScript; tsx compiles them on first use and caches them.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/main.ts')
