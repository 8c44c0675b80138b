import { hmacSha256 } from '../core/index.js'
import {
  ACTIONS,
  type ActionContext,
  type ClientRecord,
  CognitoError,
  type PoolRecord,
} from '../userpool/index.js'
import type { MessageId } from './messages.js'

/**
 * The hosted pages' account steps run the Cognito actions themselves (SignUp, ConfirmSignUp,
 * ResendConfirmationCode, ForgotPassword, ConfirmForgotPassword), so validation, codes, limits
 * and messages are exactly the API's. The hosted UI holds the client's secret, so it computes
 * SECRET_HASH itself (aws-semantics.md §5.9).
 */
export type AccountResult<T> =
  | { ok: true; value: T }
  | { ok: false; message: MessageId; detail?: string; status: number }

export async function runAction<T>(
  ctx: ActionContext,
  client: ClientRecord,
  name: 'SignUp' | 'ConfirmSignUp' | 'ResendConfirmationCode' | 'ForgotPassword' | 'ConfirmForgotPassword',
  username: string,
  body: Record<string, unknown>,
): Promise<AccountResult<T>> {
  const secretHash = client.secret
    ? { SecretHash: hmacSha256(client.secret, username + client.id).toString('base64') }
    : {}
  try {
    const value = (await ACTIONS[name]!.run(ctx, {
      ClientId: client.id,
      Username: username,
      ...secretHash,
      ...body,
    })) as T
    return { ok: true, value }
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error
    return { ok: false, ...messageFor(error) }
  }
}

/** RespondToAuthChallenge NEW_PASSWORD_REQUIRED; the tokens it issues are not used, the session is. */
export async function answerChallenge(
  ctx: ActionContext,
  client: ClientRecord,
  username: string,
  session: string,
  password: string,
): Promise<AccountResult<unknown>> {
  const secretHash = client.secret
    ? { SECRET_HASH: hmacSha256(client.secret, username + client.id).toString('base64') }
    : {}
  try {
    const value = await ACTIONS.RespondToAuthChallenge!.run(ctx, {
      ClientId: client.id,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: password, ...secretHash },
    })
    return { ok: true, value }
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error
    return { ok: false, ...messageFor(error) }
  }
}

/** What the page says for a Cognito error: a stable id, and AWS's message where it helps the user. */
function messageFor(error: CognitoError): { message: MessageId; detail?: string; status: number } {
  switch (error.type) {
    case 'UsernameExistsException':
    case 'AliasExistsException':
      return { message: 'username-exists', status: 400 }
    case 'InvalidPasswordException':
      return { message: 'invalid-password', detail: error.message, status: 400 }
    case 'InvalidParameterException':
      return { message: 'invalid-parameter', detail: error.message, status: 400 }
    case 'CodeMismatchException':
    case 'UserNotFoundException':
      return { message: 'code-mismatch', status: 400 }
    case 'ExpiredCodeException':
      return { message: 'code-expired', status: 400 }
    case 'LimitExceededException':
    case 'TooManyFailedAttemptsException':
      return { message: 'limit-exceeded', status: 400 }
    case 'TooManyRequestsException':
      return { message: 'too-many-requests', status: 429 }
    case 'NotAuthorizedException':
      if (/SignUp is not permitted/.test(error.message)) return { message: 'sign-up-disabled', status: 400 }
      if (/Current status is CONFIRMED/.test(error.message)) return { message: 'confirmed', status: 400 }
      return { message: 'invalid-request', status: 400 }
    default:
      return { message: 'invalid-request', status: 400 }
  }
}

/** Required attributes the sign-up form asks for, beyond what the username field already gives. */
export function signUpAttributes(pool: PoolRecord): Array<{ name: string; label: string; type: string }> {
  const fromUsername = new Set<string>(pool.settings.UsernameAttributes ?? [])
  return pool.settings.SchemaAttributes.filter(
    (a) => a.Required && a.Name !== 'sub' && !fromUsername.has(a.Name),
  ).map((a) => ({
    name: a.Name,
    label: LABELS[a.Name] ?? a.Name.replace(/^custom:/, '').replaceAll('_', ' '),
    type: a.Name === 'email' ? 'email' : a.Name === 'phone_number' ? 'tel' : 'text',
  }))
}

const LABELS: Record<string, string> = {
  email: 'Email',
  phone_number: 'Phone number',
  name: 'Name',
  given_name: 'Given name',
  family_name: 'Family name',
  middle_name: 'Middle name',
  nickname: 'Nickname',
  preferred_username: 'Preferred username',
  birthdate: 'Birth date',
  address: 'Address',
  gender: 'Gender',
  locale: 'Locale',
  zoneinfo: 'Time zone',
  website: 'Website',
  profile: 'Profile page',
  picture: 'Picture',
  updated_at: 'Updated at',
}

export function usernameLabel(pool: PoolRecord): string {
  const attributes = pool.settings.UsernameAttributes ?? []
  if (attributes.length === 1 && attributes[0] === 'email') return 'Email'
  if (attributes.length === 1 && attributes[0] === 'phone_number') return 'Phone number'
  if (attributes.length > 1) return 'Email or phone number'
  return 'Username'
}
