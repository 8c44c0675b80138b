import { availableParallelism } from 'node:os'
import { type Algorithm, hash, verify } from '@node-rs/argon2'
import { type Random, randomString } from '../core/index.js'
import { errors } from './errors.js'
import type { PasswordPolicy } from './pools.js'

/**
 * Cognito's password rules (aws-semantics.md §5.6). One rule is reported per call, in this
 * order. `wording` is 'policy' for SignUp and friends and 'password policy' for AdminCreateUser.
 */
export function checkPasswordPolicy(policy: PasswordPolicy, password: string, wording = 'policy'): void {
  if ([...password].length < policy.MinimumLength)
    throw errors.invalidPassword('Password not long enough', wording)
  if (policy.RequireUppercase && !/\p{Lu}/u.test(password))
    throw errors.invalidPassword('Password must have uppercase characters', wording)
  if (policy.RequireLowercase && !/\p{Ll}/u.test(password))
    throw errors.invalidPassword('Password must have lowercase characters', wording)
  if (policy.RequireNumbers && !/[0-9]/.test(password))
    throw errors.invalidPassword('Password must have numeric characters', wording)
  if (policy.RequireSymbols && !SYMBOL.test(password))
    throw errors.invalidPassword('Password must have symbol characters', wording)
}

// ^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + - and the space (§5.6).
const SYMBOL = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/

const CLASSES = [
  'ABCDEFGHJKLMNPQRSTUVWXYZ',
  'abcdefghijkmnopqrstuvwxyz',
  '23456789',
  '^$*.[]{}()?!@#%&/,><:;|_~=+-',
]

/**
 * A temporary password for AdminCreateUser without one: at least 12 characters and never below
 * the policy's minimum, one of every class whatever the policy asks, from the CSPRNG.
 */
export function temporaryPassword(policy: PasswordPolicy, random: Random): string {
  const length = Math.max(12, policy.MinimumLength)
  const all = CLASSES.join('')
  const chars = CLASSES.map((set) => randomString(random, set, 1))
  while (chars.length < length) chars.push(randomString(random, all, 1))
  // Fisher–Yates, so the class characters are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random.int(i + 1)
    ;[chars[i], chars[j]] = [chars[j]!, chars[i]!]
  }
  return chars.join('')
}

export interface HashParameters {
  memoryCost: number
  timeCost: number
  parallelism: number
}

/** OWASP's argon2id minimum (security.md §5); parameters below it are refused at start. */
export const MINIMUM_HASH_PARAMETERS: HashParameters = { memoryCost: 19456, timeCost: 2, parallelism: 1 }

export interface PasswordHasher {
  hash(password: string): Promise<string>
  verify(phc: string, password: string): Promise<boolean>
  /** Costs one verify, for users that do not exist, so timing does not tell them apart. */
  verifyDummy(password: string): Promise<void>
}

/**
 * How many hashes run at once by default: one per core. argon2id with p=1 keeps a core busy, so
 * more only queues on libuv's pool, where it delays the token signing that shares it.
 */
export const DEFAULT_HASH_CONCURRENCY = Math.max(1, availableParallelism())

/**
 * argon2id through @node-rs/argon2, admitted through a bounded queue: at most `concurrency`
 * hashes run (each holds `memoryCost` KiB), at most `queueLimit` wait, and the rest are refused
 * with TooManyRequestsException instead of queueing without bound (security.md §5, FL13).
 */
export async function createArgon2Hasher(
  params: HashParameters = MINIMUM_HASH_PARAMETERS,
  limits: { concurrency?: number; queueLimit?: number } = {},
): Promise<PasswordHasher> {
  if (
    params.memoryCost < MINIMUM_HASH_PARAMETERS.memoryCost ||
    params.timeCost < MINIMUM_HASH_PARAMETERS.timeCost ||
    params.parallelism < 1
  )
    throw new Error('argon2id parameters below m=19456, t=2, p=1 are refused')
  // Algorithm.Argon2id; the enum is ambient and const, so its value is spelled out.
  const options = { algorithm: 2 as Algorithm, ...params }
  const gate = new Gate(limits.concurrency ?? DEFAULT_HASH_CONCURRENCY, limits.queueLimit ?? 256)
  const dummy = await hash('portcullis-dummy-password', options)
  const verifyPhc = (phc: string, password: string) =>
    gate.run(async () => {
      try {
        return await verify(phc, password)
      } catch {
        return false
      }
    })
  return {
    hash: (password) => gate.run(() => hash(password, options)),
    verify: verifyPhc,
    verifyDummy: async (password) => {
      await verifyPhc(dummy, password)
    },
  }
}

/** A counting semaphore with a bounded wait list. */
class Gate {
  readonly #limit: number
  readonly #queueLimit: number
  #running = 0
  readonly #waiting: Array<() => void> = []

  constructor(limit: number, queueLimit: number) {
    this.#limit = limit
    this.#queueLimit = queueLimit
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#limit) {
      if (this.#waiting.length >= this.#queueLimit) throw errors.tooManyRequests()
      await new Promise<void>((resolve) => this.#waiting.push(resolve))
    } else {
      this.#running++
    }
    try {
      return await task()
    } finally {
      const next = this.#waiting.shift()
      if (next) next()
      else this.#running--
    }
  }
}
