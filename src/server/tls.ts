import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { request as httpsRequest } from 'node:https'
import { join } from 'node:path'
import { generate } from 'selfsigned'

/**
 * The stage's self-signed certificate for `--https`: made once for localhost, 127.0.0.1 and ::1
 * and kept in the stage's data folder (`tls/`), so a browser exception, once granted, lasts.
 * Amplify builds `https://<domain>/oauth2/…` URLs, hence the option (ecosystem.md §1.10).
 */
export async function stageCertificate(stageDir: string): Promise<{ key: string; cert: string }> {
  const dir = join(stageDir, 'tls')
  const keyPath = join(dir, 'key.pem')
  const certPath = join(dir, 'cert.pem')
  if (existsSync(keyPath) && existsSync(certPath))
    return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8') }
  const now = new Date()
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + 825 * 86400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  })
  await mkdir(dir, { recursive: true, mode: 0o700 })
  await writeFile(keyPath, pems.private, { mode: 0o600 })
  await writeFile(certPath, pems.cert)
  return { key: pems.private, cert: pems.cert }
}

/**
 * A fetch for the gateway's JWKS and discovery requests that trusts the stage's certificate for
 * the user pool's own origin (the pool serves HTTPS with a self-signed certificate under
 * `--https`); every other URL goes to the global fetch, with the system's trust.
 */
export function fetchTrusting(origin: string, ca: string): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (!url.startsWith(`${origin}/`)) return fetch(input, init)
    return new Promise<Response>((resolve, reject) => {
      const request = httpsRequest(url, { ca, signal: init?.signal ?? undefined }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const headers = new Headers()
          for (const [name, value] of Object.entries(res.headers))
            if (typeof value === 'string') headers.set(name, value)
          const status = res.statusCode ?? 502
          resolve(
            new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), {
              status,
              headers,
            }),
          )
        })
      })
      request.on('error', reject)
      request.end()
    })
  }) as typeof fetch
}
