import { type Action, requireClient } from '../action.js'
import { allowsFlow } from '../clients.js'
import { errors } from '../errors.js'
import { choice, fields, parseInput, required, string, stringMap } from '../input.js'
import { passwordSignIn, refreshSignIn } from '../sign-in.js'
import { startSrpSignIn } from '../srp-sign-in.js'

export const AUTH_FLOWS = [
  'USER_SRP_AUTH',
  'REFRESH_TOKEN_AUTH',
  'REFRESH_TOKEN',
  'CUSTOM_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'ADMIN_USER_PASSWORD_AUTH',
  'USER_AUTH',
] as const

const shape = {
  AuthFlow: required(choice(AUTH_FLOWS)),
  ClientId: fields.clientId(),
  AuthParameters: stringMap({ sensitive: true }),
  ClientMetadata: fields.metadata(),
  Session: string({ min: 20, max: 2048, sensitive: true }),
}

/** InitiateAuth: the end-user sign-in entry point (aws-semantics.md §5.4). */
export const initiateAuth: Action = {
  auth: 'none',
  async run(ctx, body) {
    const input = parseInput(shape, body)
    const { client, pool } = await requireClient(ctx.deps, input.ClientId)
    const params = input.AuthParameters ?? {}
    switch (input.AuthFlow) {
      case 'USER_SRP_AUTH':
        if (!allowsFlow(client, 'ALLOW_USER_SRP_AUTH'))
          throw errors.invalidParameter('USER_SRP_AUTH flow not enabled for this client')
        return startSrpSignIn(ctx, pool, client, params)
      case 'USER_PASSWORD_AUTH':
        if (!allowsFlow(client, 'ALLOW_USER_PASSWORD_AUTH'))
          throw errors.invalidParameter('USER_PASSWORD_AUTH flow not enabled for this client')
        return passwordSignIn(ctx, pool, client, params)
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        return refreshSignIn(ctx, pool, client, params)
      case 'ADMIN_NO_SRP_AUTH':
      case 'ADMIN_USER_PASSWORD_AUTH':
        throw errors.invalidParameter('Initiate Auth method not supported.')
      default:
        throw errors.invalidParameter(`${input.AuthFlow} flow not enabled for this client`)
    }
  },
}
