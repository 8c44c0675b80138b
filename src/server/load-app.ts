import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { tsImport } from 'tsx/esm/api'
import { UserFacingError } from '../core/index.js'

export const CONFIG_FILES = [
  'portcullis.config.ts',
  'portcullis.config.mts',
  'portcullis.config.js',
  'portcullis.config.mjs',
]

export function findConfig(appDir: string): string {
  for (const name of CONFIG_FILES) {
    const path = join(appDir, name)
    if (existsSync(path)) return path
  }
  throw new UserFacingError(`No portcullis.config.ts in ${appDir}. Run this in an app folder, or create one.`)
}

/**
 * Loads the app's config (TypeScript, no build step) in a fresh module graph each time, so a
 * reload sees edited stacks, and reports every local file the config imported (to watch them).
 */
export async function loadAppConfig(configPath: string): Promise<{ definition: unknown; files: string[] }> {
  const files = new Set<string>([configPath])
  let module: { default?: unknown }
  try {
    module = await tsImport(pathToFileURL(configPath).href, {
      parentURL: import.meta.url,
      onImport: (url) => {
        if (url.startsWith('file:') && !url.includes('/node_modules/')) files.add(fileURLToPath(url))
      },
    })
  } catch (error) {
    throw new UserFacingError(
      `${configPath} failed to load: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    )
  }
  if (module.default === undefined)
    throw new UserFacingError(`${configPath} must \`export default defineApp({ ... })\``)
  return { definition: module.default, files: [...files] }
}
