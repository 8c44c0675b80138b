/** Deletes a stage's tables from its PostgreSQL database (`portcullis remove --database-url`). */
export async function dropStageDatabase(url: string): Promise<string[]> {
  const { dropStageTables } = await import('../storage/postgres/index.js')
  return dropStageTables(url)
}
