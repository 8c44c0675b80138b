import { type Action, type ActionContext, requireClient } from '../action.js'
import { errors } from '../errors.js'
import { choice, fields, parseInput, required, string, stringMap, struct } from '../input.js'
import { answerNewPassword } from '../new-password.js'
import type { AuthResponse } from '../sign-in.js'
import { answerPasswordVerifier } from '../srp-sign-in.js'
import type { ClientRecord, PoolRecord } from '../store.js'

/** ChallengeName values of the service model (aws-semantics.md §5.3). */
export const CHALLENGE_NAMES = [
  'SMS_MFA',
  'EMAIL_OTP',
  'SOFTWARE_TOKEN_MFA',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'PASSWORD_VERIFIER',
  'CUSTOM_CHALLENGE',
  'SELECT_CHALLENGE',
  'DEVICE_SRP_AUTH',
  'DEVICE_PASSWORD_VERIFIER',
  'ADMIN_NO_SRP_AUTH',
  'NEW_PASSWORD_REQUIRED',
  'SMS_OTP',
  'PASSWORD',
  'WEB_AUTHN',
  'PASSWORD_SRP',
] as const

export const challengeShape = {
  ClientId: fields.clientId(),
  ChallengeName: required(choice(CHALLENGE_NAMES)),
  Session: string({ min: 20, max: 2048, sensitive: true }),
  ChallengeResponses: stringMap({ sensitive: true }),
  ClientMetadata: fields.metadata(),
  AnalyticsMetadata: struct({ AnalyticsEndpointId: string() }),
  UserContextData: struct({ IpAddress: string(), EncodedData: string() }),
}

/** The challenges this pool issues, answered the same way by the client and the admin operation. */
export function answerChallenge(
  ctx: ActionContext,
  pool: PoolRecord,
  client: ClientRecord,
  input: {
    ChallengeName: string
    Session?: string | undefined
    ChallengeResponses?: Record<string, string> | undefined
  },
): Promise<AuthResponse> {
  const responses = input.ChallengeResponses ?? {}
  switch (input.ChallengeName) {
    case 'PASSWORD_VERIFIER':
      return answerPasswordVerifier(ctx, pool, client, input.Session, responses)
    case 'NEW_PASSWORD_REQUIRED':
      return answerNewPassword(ctx, pool, client, input.Session, responses)
    default:
      throw errors.invalidParameter(`${input.ChallengeName} is not a challenge this user pool issues.`)
  }
}

/** RespondToAuthChallenge: the second step of USER_SRP_AUTH, and NEW_PASSWORD_REQUIRED. */
export const respondToAuthChallenge: Action = {
  auth: 'none',
  async run(ctx, body) {
    const input = parseInput(challengeShape, body)
    const { client, pool } = await requireClient(ctx.deps, input.ClientId)
    return answerChallenge(ctx, pool, client, input)
  },
}
