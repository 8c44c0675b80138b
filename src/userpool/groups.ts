import type { UserPoolDeps } from './deps.js'
import { errors } from './errors.js'
import { integer, string } from './input.js'
import type { GroupRecord, PoolRecord } from './store.js'

/** CreateGroup / UpdateGroup members (CIDP-M GroupType). */
export const groupFields = {
  Description: string({ max: 2048 }),
  RoleArn: string({
    min: 20,
    max: 2048,
    pattern: [
      /^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]*:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$/,
      'arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?',
    ],
  }),
  Precedence: integer({ min: 0, max: 2147483647 }),
}

export async function requireGroup(deps: UserPoolDeps, pool: PoolRecord, name: string): Promise<GroupRecord> {
  const group = await deps.store.getGroup(pool.id, name)
  if (!group) throw errors.groupNotFound()
  return group
}

export function describeGroup(group: GroupRecord): Record<string, unknown> {
  return {
    GroupName: group.name,
    UserPoolId: group.poolId,
    ...(group.description !== undefined ? { Description: group.description } : {}),
    ...(group.roleArn !== undefined ? { RoleArn: group.roleArn } : {}),
    ...(group.precedence !== undefined ? { Precedence: group.precedence } : {}),
    LastModifiedDate: group.updatedAt / 1000,
    CreationDate: group.createdAt / 1000,
  }
}
