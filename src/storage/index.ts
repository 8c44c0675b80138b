export { type DriverErrors, KyselyUserPoolStore } from './kysely-store.js'
export type { PostgresOptions, PostgresStore } from './postgres/index.js'
export { type Database, migrate } from './schema.js'
export { openSqliteStore, type SqliteStore } from './sqlite/index.js'
