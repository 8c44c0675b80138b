import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import pg from 'pg'
import { userPoolStoreContract } from '../contract.js'
import { openPostgresStore } from './index.js'

/**
 * The same contract the SQLite store passes, against a real PostgreSQL server. `.ci/run` starts
 * one and sets PORTCULLIS_TEST_POSTGRES; each run works in its own fresh schema.
 */
const url = process.env.PORTCULLIS_TEST_POSTGRES

/** The test database's URL with `search_path` set to one schema. */
function inSchema(schema: string): string {
  const scoped = new URL(url!)
  scoped.searchParams.set('options', `-c search_path=${schema}`)
  return scoped.toString()
}

if (!url) {
  test('PostgreSQL store contract', {
    skip: 'set PORTCULLIS_TEST_POSTGRES (scripts/test-postgres.sh prints one)',
  }, () => {})
} else {
  userPoolStoreContract('PostgreSQL', async () => {
    const schema = `test_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    const { store, close } = await openPostgresStore({ url: inSchema(schema) })
    return {
      store,
      close: async () => {
        await close()
        await admin.query(`drop schema ${schema} cascade`)
        await admin.end()
      },
    }
  })

  test('stores in two schemas of one database each keep their own migration bookkeeping', async () => {
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    const schemas = [0, 1].map(() => `test_${randomBytes(6).toString('hex')}`)
    try {
      for (const schema of schemas) {
        await admin.query(`create schema ${schema}`)
        const { close } = await openPostgresStore({ url: inSchema(schema) })
        await close()
      }
      const { rows } = await admin.query(
        `select table_schema from information_schema.tables
          where table_name = 'kysely_migration' and table_schema = any($1) order by table_schema`,
        [schemas],
      )
      assert.deepEqual(
        rows.map((r: { table_schema: string }) => r.table_schema),
        [...schemas].sort(),
      )
      const missing = inSchema(`absent_${randomBytes(6).toString('hex')}`)
      await assert.rejects(openPostgresStore({ url: missing }), /no schema on the search_path/)
    } finally {
      for (const schema of schemas) await admin.query(`drop schema if exists ${schema} cascade`)
      await admin.end()
    }
  })
}
