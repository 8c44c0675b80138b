// Generates the committed gateway vectors: keys.json (test keys, private parts included — they
// protect nothing) and tokens.json (the forged and malformed tokens of security.md §3 A).
// Run once: node --import tsx test/vectors/gateway/generate.ts
import { createHmac, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { compact, type Part, rs256, type Signer } from './support/jws.js'

const DIR = import.meta.dirname
/** 2026-01-01T00:00:00Z, the ManualClock default; tests pin their clock here. */
export const NOW = 1_767_225_600
const ISSUER = 'https://issuer.test/us-east-1_Vectors'
const OTHER_ISSUER = 'https://other-issuer.test/us-east-1_Others'
const CLIENT_ID = 'vectorsclient0000000000000'

function rsa(bits = 2048) {
  return generateKeyPairSync('rsa', { modulusLength: bits })
}
const jwkOf = (key: KeyObject) => key.export({ format: 'jwk' })

const trusted = rsa()
const rotated = rsa()
const attacker = rsa()
const other = rsa()
const weak = rsa(1024)
const spareForBadJwks = rsa()
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const ed = generateKeyPairSync('ed25519')

const keys = {
  issuer: ISSUER,
  otherIssuer: OTHER_ISSUER,
  clientId: CLIENT_ID,
  now: NOW,
  trusted: { kid: 'k1', private: jwkOf(trusted.privateKey), public: jwkOf(trusted.publicKey) },
  rotated: { kid: 'k2', private: jwkOf(rotated.privateKey), public: jwkOf(rotated.publicKey) },
  attacker: { kid: 'k1', private: jwkOf(attacker.privateKey), public: jwkOf(attacker.publicKey) },
  other: { kid: 'k1', private: jwkOf(other.privateKey), public: jwkOf(other.publicKey) },
  weak: { kid: 'weak', private: jwkOf(weak.privateKey), public: jwkOf(weak.publicKey) },
  spare: { private: jwkOf(spareForBadJwks.privateKey), public: jwkOf(spareForBadJwks.publicKey) },
}

/** A Cognito access token's claims, valid at NOW. */
const access = {
  sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  iss: ISSUER,
  client_id: CLIENT_ID,
  origin_jti: 'origin-jti',
  token_use: 'access',
  scope: 'aws.cognito.signin.user.admin',
  auth_time: NOW - 60,
  exp: NOW + 3600,
  iat: NOW - 60,
  jti: 'jti-1',
  username: 'alice',
}
const header = { kid: 'k1', alg: 'RS256' }
const ours = rs256(trusted.privateKey)
const theirs = rs256(attacker.privateKey)
const valid = compact(header, access, ours)
const [h, p, s] = valid.split('.') as [string, string, string]

type Expect = { status: number; reason: string; fetch: boolean }
const cases: ({ id: string; item: number; title: string; token: string } & Expect)[] = []
function add(
  item: number,
  id: string,
  title: string,
  token: string,
  reason: string,
  fetch: boolean,
  status = 401,
) {
  cases.push({ id, item, title, token, status, reason, fetch })
}
const hmac =
  (alg: string, secret: Buffer | string): Signer =>
  (input) =>
    createHmac(`sha${alg.slice(2)}`, secret)
      .update(input)
      .digest()

// A1: alg "none" and its spellings.
for (const alg of ['none', 'None', 'NONE', 'nOnE'])
  add(
    1,
    `alg-${alg}`,
    `alg ${alg}, empty signature`,
    compact({ alg, kid: 'k1' }, { ...access, sub: 'admin' }, ''),
    'malformed',
    false,
  )
add(
  1,
  'alg-none-signed',
  'alg none with a non-empty signature',
  compact({ alg: 'none', kid: 'k1' }, access, randomBytes(256)),
  'alg',
  false,
)

// A2: HS256 keyed with our public key in every form.
const pub = trusted.publicKey
const hsForms: [string, Buffer | string][] = [
  ['spki-pem', pub.export({ type: 'spki', format: 'pem' }) as string],
  ['pkcs1-pem', pub.export({ type: 'pkcs1', format: 'pem' }) as string],
  ['pem-leading-newline', `\n${pub.export({ type: 'spki', format: 'pem' }) as string}`],
  ['der', pub.export({ type: 'spki', format: 'der' })],
  ['jwk-json', JSON.stringify(jwkOf(pub))],
  ['raw-n', Buffer.from(String(jwkOf(pub).n), 'base64url')],
]
for (const [form, secret] of hsForms)
  add(
    2,
    `hs256-${form}`,
    `HS256 keyed with the public key (${form})`,
    compact({ alg: 'HS256', kid: 'k1' }, access, hmac('HS256', secret)),
    'alg',
    false,
  )

// A3: other algorithms, attacker keys.
const pss: Signer = (input) => sign('sha256', input, { key: attacker.privateKey, padding: 6, saltLength: 32 })
add(
  3,
  'alg-ps256',
  'PS256 by an attacker key',
  compact({ alg: 'PS256', kid: 'k1' }, access, pss),
  'alg',
  false,
)
add(
  3,
  'alg-rs384',
  'RS384 by an attacker key',
  compact({ alg: 'RS384', kid: 'k1' }, access, (i) => sign('sha384', i, attacker.privateKey)),
  'alg',
  false,
)
add(
  3,
  'alg-rs512',
  'RS512 by an attacker key',
  compact({ alg: 'RS512', kid: 'k1' }, access, (i) => sign('sha512', i, attacker.privateKey)),
  'alg',
  false,
)
add(
  3,
  'alg-es256',
  'ES256 by an attacker key',
  compact({ alg: 'ES256', kid: 'k1' }, access, (i) =>
    sign('sha256', i, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }),
  ),
  'alg',
  false,
)
add(
  3,
  'alg-eddsa',
  'EdDSA by an attacker key',
  compact({ alg: 'EdDSA', kid: 'k1' }, access, (i) => sign(null, i, ed.privateKey)),
  'alg',
  false,
)
add(
  3,
  'alg-hs512',
  'HS512 with a random secret',
  compact({ alg: 'HS512', kid: 'k1' }, access, hmac('HS512', randomBytes(64))),
  'alg',
  false,
)
add(
  3,
  'alg-rs256-lowercase',
  'alg "rs256"',
  compact({ alg: 'rs256', kid: 'k1' }, access, theirs),
  'alg',
  false,
)

// A4: ECDSA psychic signature.
add(
  4,
  'es256-zero-p1363',
  'ES256 r=s=0 (64 zero bytes)',
  compact({ alg: 'ES256', kid: 'k1' }, access, Buffer.alloc(64)),
  'alg',
  false,
)
add(
  4,
  'es256-zero-der',
  'ES256 r=s=0 (DER)',
  compact({ alg: 'ES256', kid: 'k1' }, access, Buffer.from('3006020100020100', 'hex')),
  'alg',
  false,
)

// A5: embedded jwk.
const attackerJwk = jwkOf(attacker.publicKey)
add(
  5,
  'jwk-no-kid',
  'jwk header with the attacker key, no kid',
  compact({ alg: 'RS256', jwk: attackerJwk }, access, theirs),
  'header',
  false,
)
add(
  5,
  'jwk-our-kid',
  'jwk header with the attacker key and our kid',
  compact({ alg: 'RS256', kid: 'k1', jwk: attackerJwk }, access, theirs),
  'header',
  false,
)

// A6: jku / x5u / x5c.
for (const url of [
  'https://attacker.test/jwks.json',
  'http://169.254.169.254/latest/meta-data/',
  'http://127.0.0.1:9/jwks.json',
]) {
  add(
    6,
    `jku-${new URL(url).hostname}`,
    `jku ${url}`,
    compact({ alg: 'RS256', kid: 'k1', jku: url }, access, theirs),
    'header',
    false,
  )
  add(
    6,
    `x5u-${new URL(url).hostname}`,
    `x5u ${url}`,
    compact({ alg: 'RS256', kid: 'k1', x5u: url }, access, theirs),
    'header',
    false,
  )
}
add(
  6,
  'x5c-self-signed',
  'x5c with an attacker certificate',
  compact({ alg: 'RS256', kid: 'k1', x5c: [randomBytes(600).toString('base64')] }, access, theirs),
  'header',
  false,
)

// A7: kid injection.
for (const kid of [
  '../../../../dev/null',
  '/proc/self/environ',
  "' OR '1'='1",
  "k1' UNION SELECT 'secret' --",
])
  add(
    7,
    `kid-${kid.replace(/[^a-z0-9]+/gi, '-')}`,
    `kid ${JSON.stringify(kid)}`,
    compact({ alg: 'RS256', kid }, access, theirs),
    'kid',
    true,
  )
add(
  7,
  'kid-6k',
  'kid of 6000 characters (header segment over 1 KiB)',
  compact({ alg: 'RS256', kid: 'k'.repeat(6000) }, access, theirs),
  'header',
  false,
)
for (const [name, kid] of [
  ['number', 1],
  ['array', ['k1']],
  ['object', { k: 'k1' }],
  ['null', null],
] as const)
  add(7, `kid-${name}`, `kid as ${name}`, compact({ alg: 'RS256', kid }, access, theirs), 'kid', false)

// A9: no kid, signed by the trusted key.
add(9, 'no-kid', 'validly signed, no kid', compact({ alg: 'RS256' }, access, ours), 'kid', false)

// A10: another issuer reusing our kid.
const otherSigner = rs256(other.privateKey)
add(
  10,
  'other-issuer',
  'signed by another issuer with kid k1, its own iss',
  compact(header, { ...access, iss: OTHER_ISSUER }, otherSigner),
  'signature',
  true,
)
add(
  10,
  'other-issuer-our-iss',
  'signed by another issuer with kid k1, our iss',
  compact(header, access, otherSigner),
  'signature',
  true,
)

// A11: signature damage.
const sigBytes = Buffer.from(s, 'base64url')
add(11, 'sig-removed', 'signature removed', `${h}.${p}.`, 'malformed', false)
const canonical = (x: string) => x.length % 4 !== 1 && Buffer.from(x, 'base64url').toString('base64url') === x
for (const n of [1, 2, 3]) {
  const cut = s.slice(0, -n)
  add(
    11,
    `sig-truncated-${n}`,
    `signature truncated by ${n}`,
    `${h}.${p}.${cut}`,
    canonical(cut) ? 'signature' : 'malformed',
    canonical(cut),
  )
}
const flipped = Buffer.from(sigBytes)
flipped[100] = flipped[100]! ^ 0x01
add(
  11,
  'sig-bitflip',
  'one signature bit flipped',
  `${h}.${p}.${flipped.toString('base64url')}`,
  'signature',
  true,
)
add(
  11,
  'sig-255',
  'signature of 255 bytes',
  `${h}.${p}.${sigBytes.subarray(0, 255).toString('base64url')}`,
  'signature',
  true,
)
add(
  11,
  'sig-257',
  'signature of 257 bytes',
  `${h}.${p}.${Buffer.concat([sigBytes, Buffer.from([0])]).toString('base64url')}`,
  'signature',
  true,
)

// A12: non-canonical signature: same bytes, another last character (4 unused low bits).
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const last = B64.indexOf(s.at(-1)!)
const twin = `${s.slice(0, -1)}${B64[(last & 0b110000) | ((last + 1) & 0b001111)]}`
if (!Buffer.from(twin, 'base64url').equals(sigBytes) || twin === s)
  throw new Error('non-canonical twin is wrong')
add(12, 'sig-non-canonical', 'signature with non-zero unused bits', `${h}.${p}.${twin}`, 'malformed', false)

// A13: encoding abuse.
add(13, 'pad-signature', '= padding on the signature', `${h}.${p}.${s}==`, 'malformed', false)
add(13, 'pad-header', '= padding on the header', `${h}=.${p}.${s}`, 'malformed', false)
const standard = valid.replaceAll('-', '+').replaceAll('_', '/')
if (standard === valid) throw new Error('token has no - or _ to swap')
add(13, 'base64-standard', '+ and / instead of - and _', standard, 'malformed', false)
add(
  13,
  'space-inside',
  'a space inside the payload',
  `${h}.${p.slice(0, 10)} ${p.slice(10)}.${s}`,
  'malformed',
  false,
)
add(
  13,
  'tab-inside',
  'a tab inside the payload',
  `${h}.${p.slice(0, 10)}\t${p.slice(10)}.${s}`,
  'malformed',
  false,
)

// A14: segment counts and JWE.
add(14, 'segments-2', 'two segments', `${h}.${p}`, 'malformed', false)
add(14, 'segments-4', 'four segments', `${h}.${p}.${s}.${s}`, 'malformed', false)
const jwe = (hdr: Part) =>
  [hdr, randomBytes(256), randomBytes(12), randomBytes(64), randomBytes(16)]
    .map((x) =>
      Buffer.isBuffer(x) ? x.toString('base64url') : Buffer.from(JSON.stringify(x)).toString('base64url'),
    )
    .join('.')
add(
  14,
  'jwe-rsa-oaep',
  'JWE RSA-OAEP/A256GCM/DEF',
  jwe({ alg: 'RSA-OAEP', enc: 'A256GCM', zip: 'DEF', kid: 'k1' }),
  'malformed',
  false,
)
add(
  14,
  'jwe-pbes2',
  'JWE PBES2 with p2c 2e9',
  jwe({ alg: 'PBES2-HS512+A256KW', enc: 'A256GCM', p2c: 2e9, p2s: 'c2FsdA' }),
  'malformed',
  false,
)
add(14, 'dots', 'a run of 9000 dots', '.'.repeat(9000), 'malformed', false)

// A17–A19, A24–A30: trusted signature, bad content.
const trustedToken = (payload: Part, hdr: Part = header) => compact(hdr, payload, ours)
const without = (name: string) => Object.fromEntries(Object.entries(access).filter(([k]) => k !== name))
add(17, 'no-exp', 'no exp', trustedToken(without('exp')), 'claims', true)
add(17, 'no-iat', 'no iat', trustedToken(without('iat')), 'claims', true)
for (const claim of ['exp', 'nbf', 'iat'])
  for (const [name, raw] of [
    ['string', '"9999999999"'],
    ['infinity', '1e400'],
    ['null', 'null'],
    ['true', 'true'],
    ['array', '[]'],
  ]) {
    const json = JSON.stringify({ ...access, [claim]: '@' }).replace('"@"', raw!)
    add(18, `${claim}-${name}`, `${claim} as ${raw}`, trustedToken(json), 'claims', true)
  }
add(19, 'nbf-future', 'nbf = now + 60', trustedToken({ ...access, nbf: NOW + 60 }), 'nbf', true)
add(19, 'iat-future', 'iat = now + 3600', trustedToken({ ...access, iat: NOW + 3600 }), 'iat', true)
for (const [name, iss] of [
  ['trailing-slash', `${ISSUER}/`],
  ['http', ISSUER.replace('https:', 'http:')],
  ['upper-host', ISSUER.replace('issuer.test', 'ISSUER.TEST')],
  ['prefix', ISSUER.slice(0, -1)],
  ['longer', `${ISSUER}_1`],
  ['array', [ISSUER]],
] as const)
  add(20, `iss-${name}`, `iss ${JSON.stringify(iss)}`, trustedToken({ ...access, iss }), 'issuer', true)
for (const [name, aud] of [
  ['wrong', 'someone-else'],
  ['empty', ''],
  ['empty-array', []],
  ['number', 123],
  ['null', null],
] as const)
  add(
    21,
    `aud-${name}`,
    `aud ${JSON.stringify(aud)} with a right client_id`,
    trustedToken({ ...access, aud }),
    'audience',
    true,
  )
add(
  21,
  'client-id-wrong',
  'no aud, client_id wrong',
  trustedToken({ ...access, client_id: 'someone-else' }),
  'audience',
  true,
)
add(
  23,
  'scope-array',
  'scope as an array',
  trustedToken({ ...access, scope: ['orders/write'] }),
  'claims',
  true,
)
add(
  24,
  'crit-unknown',
  'crit ["x-unknown"]',
  trustedToken(access, { ...header, crit: ['x-unknown'], 'x-unknown': 1 }),
  'header',
  false,
)
add(24, 'crit-empty', 'crit []', trustedToken(access, { ...header, crit: [] }), 'header', false)
add(24, 'crit-alg', 'crit ["alg"]', trustedToken(access, { ...header, crit: ['alg'] }), 'header', false)
add(24, 'crit-string', 'crit "b64"', trustedToken(access, { ...header, crit: 'b64' }), 'header', false)
const unencoded = `${Buffer.from(JSON.stringify({ ...header, b64: false, crit: ['b64'] })).toString('base64url')}.${JSON.stringify(access)}`
add(
  25,
  'b64-false',
  'b64 false with an unencoded payload',
  `${unencoded.split('.')[0]}..${ours(Buffer.from(unencoded)).toString('base64url')}`,
  'malformed',
  false,
)
add(
  26,
  'cty-jwt',
  'cty JWT wrapping another JWT',
  trustedToken(Buffer.from(valid), { ...header, cty: 'JWT' }),
  'header',
  false,
)
for (const [name, raw] of [
  ['array', '[]'],
  ['string', '"x"'],
  ['null', 'null'],
  ['zero', '0'],
  ['truncated', '{'],
])
  add(27, `payload-${name}`, `payload ${raw}`, trustedToken(raw!), 'malformed', true)
add(
  28,
  'dup-header-kid',
  'header with kid twice (k1 then k2)',
  trustedToken(access, '{"alg":"RS256","kid":"k1","kid":"k2"}'),
  'signature',
  true,
)
const overlong = Buffer.concat([
  Buffer.from(JSON.stringify({ ...access, sub: '@' }).split('@')[0]!),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from(JSON.stringify({ ...access, sub: '@' }).split('@')[1]!),
])
add(29, 'utf8-overlong', 'payload with an overlong UTF-8 sequence', trustedToken(overlong), 'malformed', true)
add(
  29,
  'utf16',
  'payload in UTF-16LE',
  trustedToken(Buffer.from(JSON.stringify(access), 'utf16le')),
  'malformed',
  true,
)
add(
  29,
  'bom',
  'payload with a BOM',
  trustedToken(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(access))])),
  'malformed',
  true,
)
add(
  31,
  'weak-key',
  'signed by a 1024-bit key the JWKS serves',
  compact({ alg: 'RS256', kid: 'weak' }, access, rs256(weak.privateKey)),
  'kid',
  true,
)
for (const kid of ['enc-use', 'rs384-alg', 'e-one'])
  add(
    31,
    `jwks-${kid}`,
    `signed by a JWKS key marked ${kid}`,
    compact({ alg: 'RS256', kid }, access, rs256(spareForBadJwks.privateKey)),
    'kid',
    true,
  )
add(
  34,
  'bad-sig-expired',
  'bad signature and expired',
  compact(header, { ...access, exp: NOW - 10 }, theirs),
  'signature',
  true,
)

/** Valid-signature tokens with content the handler must see exactly as the authorizer parsed it. */
const accepted = {
  duplicateSub: trustedToken(JSON.stringify(access).replace('"sub":', '"sub":"alice","sub":')),
  protoClaims: trustedToken(
    JSON.stringify({ ...access, x: 1 }).replace(
      '"x":1',
      '"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}',
    ),
  ),
  floatExp: trustedToken(JSON.stringify({ ...access, exp: NOW + 3600.5 })),
}

writeFileSync(join(DIR, 'keys.json'), `${JSON.stringify(keys, null, 2)}\n`)
writeFileSync(join(DIR, 'tokens.json'), `${JSON.stringify({ now: NOW, valid, accepted, cases }, null, 2)}\n`)
console.log(`wrote ${cases.length} forged-token cases`)
