import { type Action, requirePool } from '../action.js'
import { allowsFlow } from '../clients.js'
import { errors } from '../errors.js'
import { choice, fields, parseInput, required, string, stringMap, struct } from '../input.js'
import { passwordSignIn, refreshSignIn } from '../sign-in.js'
import { startSrpSignIn } from '../srp-sign-in.js'
import { AUTH_FLOWS } from './initiate-auth.js'

const shape = {
  UserPoolId: fields.poolId(),
  ClientId: fields.clientId(),
  AuthFlow: required(choice(AUTH_FLOWS)),
  AuthParameters: stringMap({ sensitive: true }),
  ClientMetadata: fields.metadata(),
  AnalyticsMetadata: struct({ AnalyticsEndpointId: string() }),
  ContextData: struct({
    IpAddress: string(),
    ServerName: string(),
    ServerPath: string(),
    EncodedData: string(),
  }),
  Session: string({ min: 20, max: 2048, sensitive: true }),
}

/** AdminInitiateAuth: server-side sign-in with the stage's admin credentials. */
export const adminInitiateAuth: Action = {
  auth: 'iam',
  async run(ctx, body) {
    const input = parseInput(shape, body)
    const pool = await requirePool(ctx.deps, input.UserPoolId)
    const client = await ctx.deps.store.getClient(input.ClientId)
    if (!client || client.poolId !== pool.id) throw errors.clientNotFound(input.ClientId)
    const params = input.AuthParameters ?? {}
    switch (input.AuthFlow) {
      case 'ADMIN_USER_PASSWORD_AUTH':
      case 'ADMIN_NO_SRP_AUTH':
        if (!allowsFlow(client, 'ALLOW_ADMIN_USER_PASSWORD_AUTH'))
          throw errors.invalidParameter('Auth flow not enabled for this client')
        return passwordSignIn(ctx, pool, client, params)
      case 'USER_SRP_AUTH':
        if (!allowsFlow(client, 'ALLOW_USER_SRP_AUTH'))
          throw errors.invalidParameter('Auth flow not enabled for this client')
        return startSrpSignIn(ctx, pool, client, params)
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        return refreshSignIn(ctx, pool, client, params)
      default:
        throw errors.invalidParameter('Auth flow not enabled for this client')
    }
  },
}
