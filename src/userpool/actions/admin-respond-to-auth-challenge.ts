import { type Action, requirePool } from '../action.js'
import { errors } from '../errors.js'
import { fields, parseInput, string, struct } from '../input.js'
import { answerChallenge, challengeShape } from './respond-to-auth-challenge.js'

const shape = {
  ...challengeShape,
  UserPoolId: fields.poolId(),
  ContextData: struct({
    IpAddress: string(),
    ServerName: string(),
    ServerPath: string(),
    EncodedData: string(),
  }),
}

/** AdminRespondToAuthChallenge: RespondToAuthChallenge for a back end holding admin credentials. */
export const adminRespondToAuthChallenge: Action = {
  auth: 'iam',
  async run(ctx, body) {
    const input = parseInput(shape, body)
    const pool = await requirePool(ctx.deps, input.UserPoolId)
    const client = await ctx.deps.store.getClient(input.ClientId)
    if (!client || client.poolId !== pool.id) throw errors.clientNotFound(input.ClientId)
    return answerChallenge(ctx, pool, client, input)
  },
}
