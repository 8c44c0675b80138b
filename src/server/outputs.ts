import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * `.portcullis/<stage>/outputs.json`: each stack's outputs under its name, plus a `portcullis`
 * object that scripts rely on (design.md "Contracts").
 */
export interface OutputsFile {
  [stack: string]: Record<string, unknown>
  portcullis: {
    app: string
    stage: string
    region: string
    /** The first API's URL. */
    apiEndpoint: string | null
    /** The URL for `--endpoint-url` / AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER. */
    cognitoEndpoint: string
    apis: Record<string, string>
    userPools: Record<string, { id: string; issuer: string; jwksUri: string; hostedUiUrl: string }>
  }
}

/** Written to a temporary file and renamed, so a reader never sees half a file. */
export async function writeOutputs(path: string, outputs: OutputsFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temp = `${path}.${process.pid}.tmp`
  await writeFile(temp, `${JSON.stringify(outputs, null, 2)}\n`)
  await rename(temp, path)
}

export async function readOutputs(path: string): Promise<OutputsFile | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as OutputsFile
  } catch {
    return undefined
  }
}
