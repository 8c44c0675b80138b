import { hmacSha256, secretsEqual, sha256Hex } from '../core/index.js'
import type { ActionContext } from './action.js'
import { openChallenge, takeChallenge } from './challenges.js'
import { checkSecretHash } from './clients.js'
import { srpVerifierOf } from './credentials.js'
import type { UserPoolDeps } from './deps.js'
import { errors } from './errors.js'
import { lockKey } from './lockout.js'
import { isAlias, isUsernameAttribute, poolShortName } from './pools.js'
import { type AuthResponse, afterPasswordCheck, guardPasswordCheck, hidesUsers } from './sign-in.js'
import {
  fakeSrpVerifier,
  parseSrpTimestamp,
  SrpPublicValueError,
  type SrpVerifier,
  startSrpSession,
  verifyPasswordClaim,
} from './srp.js'
import type { ClientRecord, PoolRecord, UserRecord } from './store.js'
import { canonical, findUser } from './users.js'

/** What the server keeps, sealed, between InitiateAuth and RespondToAuthChallenge. */
interface SrpState {
  A: string
  b: string
  B: string
  /** SHA-256 of the SECRET_BLOCK sent, which the claim must return unchanged. */
  secretBlock: string
  userIdForSrp: string
  /** USERNAME as the client gave it at InitiateAuth. */
  identifier: string
}

/** SECRET_BLOCK is opaque to clients; its only job is to be returned and signed. */
const SECRET_BLOCK_BYTES = 96
/** How far TIMESTAMP may be from the server's clock, either way. */
export const SRP_TIMESTAMP_WINDOW_MS = 5 * 60_000

/**
 * InitiateAuth / AdminInitiateAuth USER_SRP_AUTH → PASSWORD_VERIFIER (aws-semantics.md §5.4).
 * An unknown user is UserNotFoundException here with LEGACY; with PreventUserExistenceErrors it
 * gets a stable simulated SALT, USER_ID_FOR_SRP and verifier, and fails at the claim instead.
 */
export async function startSrpSignIn(
  { deps }: ActionContext,
  pool: PoolRecord,
  client: ClientRecord,
  params: Record<string, string>,
): Promise<AuthResponse> {
  const identifier = params.USERNAME
  const A = params.SRP_A
  if (!identifier) throw errors.missingParameter('USERNAME')
  if (!A) throw errors.missingParameter('SRP_A')
  checkSecretHash(client, params.SECRET_HASH, [identifier])
  const user = await findUser(deps.store, pool, identifier)
  if (!user && !hidesUsers(client)) throw errors.userNotFound()
  const userIdForSrp = user ? user.username : fakeUserIdForSrp(deps, pool, identifier)
  const verifier = await verifierFor(deps, pool, user, identifier)
  let session: ReturnType<typeof startSrpSession>
  try {
    session = startSrpSession(verifier, A, deps.random)
  } catch (error) {
    if (error instanceof SrpPublicValueError) throw errors.invalidParameter(error.message)
    throw error
  }
  const secretBlock = deps.random.bytes(SECRET_BLOCK_BYTES).toString('base64')
  const state: SrpState = { ...session, secretBlock: sha256Hex(secretBlock), userIdForSrp, identifier }
  // The answer is the password check, so it is admitted against the lockout when taken.
  const subject = { sub: user?.sub ?? null, lockKey: lockKey(pool, user, identifier) }
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    Session: await openChallenge(deps, pool, client, subject, 'PASSWORD_VERIFIER', { ...state }),
    ChallengeParameters: {
      SALT: verifier.salt,
      SECRET_BLOCK: secretBlock,
      SRP_B: session.B,
      USERNAME: userIdForSrp,
      USER_ID_FOR_SRP: userIdForSrp,
    },
  }
}

/**
 * RespondToAuthChallenge PASSWORD_VERIFIER. Taking the session admits the attempt against the
 * lockout; the claim must carry the SECRET_BLOCK issued for this session and a TIMESTAMP within
 * a few minutes of now, and its proof check costs the same for a real and a simulated user.
 */
export async function answerPasswordVerifier(
  ctx: ActionContext,
  pool: PoolRecord,
  client: ClientRecord,
  sessionValue: string | undefined,
  responses: Record<string, string>,
): Promise<AuthResponse> {
  const { deps } = ctx
  const username = responses.USERNAME
  if (!username) throw errors.missingParameter('USERNAME')
  for (const name of ['PASSWORD_CLAIM_SECRET_BLOCK', 'PASSWORD_CLAIM_SIGNATURE', 'TIMESTAMP'])
    if (!responses[name]) throw errors.missingParameter(name)
  checkSecretHash(client, responses.SECRET_HASH, [username])
  const addressCheck = await guardPasswordCheck(ctx, pool, undefined)
  const taken = await takeChallenge<SrpState>(deps, client, sessionValue, 'PASSWORD_VERIFIER')
  const check = { key: taken.lockKey ?? undefined, failed: addressCheck.failed, passed: addressCheck.passed }
  const { state } = taken
  const user = taken.sub === null ? undefined : await deps.store.getUser(pool.id, taken.sub)
  const secretBlock = responses.PASSWORD_CLAIM_SECRET_BLOCK!
  const timestamp = responses.TIMESTAMP!
  const sent = parseSrpTimestamp(timestamp)
  const wellFormed =
    (username === state.userIdForSrp || username === state.identifier) &&
    secretsEqual(sha256Hex(secretBlock), state.secretBlock) &&
    sent !== undefined &&
    Math.abs(deps.clock.now() - sent.getTime()) <= SRP_TIMESTAMP_WINDOW_MS
  const real = user && (await srpVerifierOf(deps, user))
  const proven = verifyPasswordClaim({
    poolName: poolShortName(pool.id),
    userIdForSrp: state.userIdForSrp,
    verifier: real ?? (await verifierFor(deps, pool, undefined, state.identifier)),
    session: { A: state.A, b: state.b, B: state.B },
    secretBlock,
    timestamp,
    signature: responses.PASSWORD_CLAIM_SIGNATURE!,
  })
  if (!wellFormed) {
    check.failed()
    throw errors.incorrectCredentials()
  }
  return afterPasswordCheck(deps, pool, client, user, check, real !== undefined && proven)
}

/** The user's verifier, or a simulated one that no password matches (unknown user, or none stored). */
async function verifierFor(
  deps: UserPoolDeps,
  pool: PoolRecord,
  user: UserRecord | undefined,
  identifier: string,
): Promise<SrpVerifier> {
  const real = user && (await srpVerifierOf(deps, user))
  return real ?? fakeSrpVerifier(deps.fakeKey, poolShortName(pool.id), canonical(pool, identifier))
}

/**
 * A stable USER_ID_FOR_SRP for a name that does not exist, shaped like a real one: a UUID where
 * real users get their UUID username (email or phone as username, or an alias typed), otherwise
 * the name as typed.
 */
function fakeUserIdForSrp(deps: UserPoolDeps, pool: PoolRecord, identifier: string): string {
  const aliasShaped =
    (identifier.includes('@') && (isUsernameAttribute(pool, 'email') || isAlias(pool, 'email'))) ||
    (identifier.startsWith('+') &&
      (isUsernameAttribute(pool, 'phone_number') || isAlias(pool, 'phone_number')))
  if (!aliasShaped) return identifier
  const h = hmacSha256(deps.fakeKey, `user-id-for-srp\n${pool.id}\n${canonical(pool, identifier)}`).toString(
    'hex',
  )
  // RFC 9562 version 4 layout: version nibble 4, variant bits 10.
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}
