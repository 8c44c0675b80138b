// A Cognito stand-in behind a stubbed global fetch (tests never reach the network): InitiateAuth
// USER_SRP_AUTH and RespondToAuthChallenge PASSWORD_VERIFIER built on src/userpool/srp.ts, recording what
// real clients (amazon-cognito-identity-js, Amplify v6) send, so srp.test.ts can check the wire shapes.
import { randomBytes, randomUUID } from 'node:crypto'
import {
  createSrpVerifier,
  fakeSrpVerifier,
  parseSrpTimestamp,
  SrpPublicValueError,
  type SrpServerSession,
  type SrpVerifier,
  startSrpSession,
  verifyPasswordClaim,
} from '../../../src/userpool/srp.js'

export const POOL_ID = 'us-east-1_AbC123xyZ'
export const POOL_NAME = 'AbC123xyZ'
export const CLIENT_ID = 'abcdefghijklmnopqrstuvwxyz'
const FAKE_KEY = randomBytes(32)

export interface Account {
  userIdForSrp: string
  verifier: SrpVerifier
}

export function fakeCognito(accounts: Record<string, Account>) {
  const sessions = new Map<string, Account & { session: SrpServerSession; secretBlock: string }>()
  const requests: { target: string; body: Record<string, unknown> }[] = []
  const challenges: Record<string, string>[] = []

  const reply = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() },
    })
  const notAuthorized = () =>
    reply(400, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' })
  const jwt = (claims: Record<string, unknown>) =>
    [{ alg: 'RS256', kid: 'k' }, claims, 'signature']
      .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
      .join('.')

  function initiateAuth(body: { AuthFlow: string; AuthParameters: Record<string, string> }): Response {
    const { USERNAME = '', SRP_A = '' } = body.AuthParameters
    if (body.AuthFlow !== 'USER_SRP_AUTH')
      return reply(400, { __type: 'InvalidParameterException', message: 'flow' })
    const account = accounts[USERNAME] ?? {
      userIdForSrp: USERNAME,
      verifier: fakeSrpVerifier(FAKE_KEY, POOL_NAME, USERNAME),
    }
    let session: SrpServerSession
    try {
      session = startSrpSession(account.verifier, SRP_A)
    } catch (error) {
      if (error instanceof SrpPublicValueError)
        return reply(400, { __type: 'InvalidParameterException', message: error.message })
      throw error
    }
    const id = randomUUID()
    const secretBlock = randomBytes(64).toString('base64')
    sessions.set(id, { ...account, session, secretBlock })
    const ChallengeParameters = {
      SALT: account.verifier.salt,
      SECRET_BLOCK: secretBlock,
      SRP_B: session.B,
      USERNAME: account.userIdForSrp,
      USER_ID_FOR_SRP: account.userIdForSrp,
    }
    challenges.push(ChallengeParameters)
    return reply(200, { ChallengeName: 'PASSWORD_VERIFIER', Session: id, ChallengeParameters })
  }

  function respondToAuthChallenge(body: {
    Session: string
    ChallengeResponses: Record<string, string>
  }): Response {
    const state = sessions.get(body.Session)
    sessions.delete(body.Session)
    const {
      USERNAME,
      PASSWORD_CLAIM_SECRET_BLOCK,
      PASSWORD_CLAIM_SIGNATURE = '',
      TIMESTAMP = '',
    } = body.ChallengeResponses
    const sent = parseSrpTimestamp(TIMESTAMP)
    if (!state || !sent || Math.abs(Date.now() - sent.getTime()) > 60_000) return notAuthorized()
    if (USERNAME !== state.userIdForSrp || PASSWORD_CLAIM_SECRET_BLOCK !== state.secretBlock)
      return notAuthorized()
    const claim = {
      poolName: POOL_NAME,
      userIdForSrp: state.userIdForSrp,
      verifier: state.verifier,
      session: state.session,
      secretBlock: PASSWORD_CLAIM_SECRET_BLOCK,
      timestamp: TIMESTAMP,
      signature: PASSWORD_CLAIM_SIGNATURE,
    }
    if (!verifyPasswordClaim(claim)) return notAuthorized()
    const now = Math.floor(Date.now() / 1000)
    const claims = {
      sub: state.userIdForSrp,
      iat: now,
      exp: now + 3600,
      client_id: CLIENT_ID,
      username: state.userIdForSrp,
    }
    return reply(200, {
      ChallengeParameters: {},
      AuthenticationResult: {
        AccessToken: jwt({ ...claims, token_use: 'access' }),
        IdToken: jwt({ ...claims, aud: CLIENT_ID, 'cognito:username': state.userIdForSrp, token_use: 'id' }),
        RefreshToken: 'refresh-token',
        ExpiresIn: 3600,
        TokenType: 'Bearer',
      },
    })
  }

  async function fetchStub(_url: string | URL | Request, init?: RequestInit): Promise<Response> {
    const target = new Headers(init?.headers).get('x-amz-target') ?? ''
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>
    requests.push({ target, body })
    if (target === 'AWSCognitoIdentityProviderService.InitiateAuth') return initiateAuth(body as never)
    if (target === 'AWSCognitoIdentityProviderService.RespondToAuthChallenge')
      return respondToAuthChallenge(body as never)
    return reply(400, { __type: 'InvalidActionException', message: `not stubbed: ${target}` })
  }

  return { fetchStub, requests, challenges }
}

/** The stub's accounts: the client signs in as "alice", but USER_ID_FOR_SRP is her sub, as for alias sign-in. */
export function aliceAccounts(): Record<string, Account> {
  const sub = randomUUID()
  return { alice: { userIdForSrp: sub, verifier: createSrpVerifier(POOL_NAME, sub, 'Passw0rd!') } }
}

export type FakeCognito = ReturnType<typeof fakeCognito>
