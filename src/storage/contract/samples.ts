// Records and settings the UserPoolStore contract tests write.
import type { OAuthStore } from '../../oauth/index.js'
import type {
  AuthSessionRecord,
  ClientRecord,
  GroupRecord,
  PoolRecord,
  UserPoolStore,
  UserRecord,
} from '../../userpool/index.js'

/** What every part of the contract gets: the store under test and fresh pools in it. */
export interface ContractContext {
  readonly store: UserPoolStore & OAuthStore
  newPool(): Promise<PoolRecord>
  /** A number unique to the latest pool, for names that must not collide across tests. */
  readonly serial: number
}

export function samplePool(id: string): PoolRecord {
  return {
    id,
    name: 'pool',
    createdAt: 1,
    updatedAt: 2,
    settings: {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 8,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 7,
        },
      },
      UsernameConfiguration: { CaseSensitive: false },
      SchemaAttributes: [],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 },
      MfaConfiguration: 'OFF',
      DeletionProtection: 'INACTIVE',
    },
  }
}

export function sampleClient(poolId: string, id: string): ClientRecord {
  return {
    id,
    poolId,
    name: 'client',
    secret: 'shh',
    createdAt: 1,
    updatedAt: 1,
    settings: {
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      RefreshTokenValidity: 30,
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: 'LEGACY',
      EnableTokenRevocation: true,
      EnablePropagateAdditionalUserContextData: false,
      AuthSessionValidity: 3,
    },
  }
}

export function sampleUser(poolId: string, username: string): UserRecord {
  const sub = `${username}-${Math.random().toString(36).slice(2)}`
  return {
    poolId,
    sub,
    username,
    status: 'UNCONFIRMED',
    enabled: true,
    passwordHash: null,
    srpVerifier: null,
    passwordSetAt: null,
    signedOutAt: null,
    attributes: { sub },
    createdAt: 1,
    updatedAt: 1,
  }
}

export const SCHEDULE = { lockMs: [0, 0, 0, 0, 1000, 2000, 4000], idleMs: 900_000 }

export function sampleGroup(poolId: string, name: string): GroupRecord {
  return { poolId, name, createdAt: 1, updatedAt: 1 }
}

export function sampleToken(poolId: string, sub: string, hash: string, originJti = 'o') {
  return {
    hash,
    poolId,
    clientId: 'c',
    sub,
    originJti,
    authTime: 1,
    scope: 's',
    expiresAt: 2,
    revokedAt: null,
  }
}

export function sampleSession(poolId: string, sub: string | null, hash: string): AuthSessionRecord {
  return {
    hash,
    poolId,
    clientId: 'c',
    sub,
    challenge: 'PASSWORD_VERIFIER',
    state: 'sealed',
    expiresAt: 100,
    usedAt: null,
    lockKey: null,
  }
}
