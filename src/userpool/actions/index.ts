import type { Action } from '../action.js'
import { adminConfirmSignUp } from './admin-confirm-sign-up.js'
import { adminGetUser } from './admin-get-user.js'
import { adminInitiateAuth } from './admin-initiate-auth.js'
import { adminRespondToAuthChallenge } from './admin-respond-to-auth-challenge.js'
import { confirmSignUp } from './confirm-sign-up.js'
import { createUserPool } from './create-user-pool.js'
import { createUserPoolClient } from './create-user-pool-client.js'
import { deleteUserPool } from './delete-user-pool.js'
import { deleteUserPoolClient } from './delete-user-pool-client.js'
import { describeUserPool } from './describe-user-pool.js'
import { describeUserPoolClient } from './describe-user-pool-client.js'
import { getUser } from './get-user.js'
import { initiateAuth } from './initiate-auth.js'
import { listUserPoolClients } from './list-user-pool-clients.js'
import { listUserPools } from './list-user-pools.js'
import { resendConfirmationCode } from './resend-confirmation-code.js'
import { respondToAuthChallenge } from './respond-to-auth-challenge.js'
import { signUp } from './sign-up.js'
import { updateUserPoolClient } from './update-user-pool-client.js'

/** Every operation this service answers, by its X-Amz-Target name. */
export const ACTIONS: Readonly<Record<string, Action>> = {
  AdminConfirmSignUp: adminConfirmSignUp,
  AdminGetUser: adminGetUser,
  AdminInitiateAuth: adminInitiateAuth,
  AdminRespondToAuthChallenge: adminRespondToAuthChallenge,
  ConfirmSignUp: confirmSignUp,
  CreateUserPool: createUserPool,
  CreateUserPoolClient: createUserPoolClient,
  DeleteUserPool: deleteUserPool,
  DeleteUserPoolClient: deleteUserPoolClient,
  DescribeUserPool: describeUserPool,
  DescribeUserPoolClient: describeUserPoolClient,
  GetUser: getUser,
  InitiateAuth: initiateAuth,
  ListUserPoolClients: listUserPoolClients,
  ListUserPools: listUserPools,
  ResendConfirmationCode: resendConfirmationCode,
  RespondToAuthChallenge: respondToAuthChallenge,
  SignUp: signUp,
  UpdateUserPoolClient: updateUserPoolClient,
}
