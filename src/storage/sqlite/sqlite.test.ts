import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { userPoolStoreContract } from '../contract.js'
import { openSqliteStore } from './index.js'

userPoolStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-sqlite-'))
  const { store, close } = await openSqliteStore(join(dir, 'data.db'))
  return {
    store,
    close: async () => {
      await close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})
