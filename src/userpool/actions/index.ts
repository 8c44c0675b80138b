import type { Action } from '../action.js'
import { adminAddUserToGroup } from './admin-add-user-to-group.js'
import { adminConfirmSignUp } from './admin-confirm-sign-up.js'
import { adminCreateUser } from './admin-create-user.js'
import { adminDeleteUser } from './admin-delete-user.js'
import { adminDeleteUserAttributes } from './admin-delete-user-attributes.js'
import { adminDisableUser } from './admin-disable-user.js'
import { adminEnableUser } from './admin-enable-user.js'
import { adminGetUser } from './admin-get-user.js'
import { adminInitiateAuth } from './admin-initiate-auth.js'
import { adminListGroupsForUser } from './admin-list-groups-for-user.js'
import { adminRemoveUserFromGroup } from './admin-remove-user-from-group.js'
import { adminResetUserPassword } from './admin-reset-user-password.js'
import { adminRespondToAuthChallenge } from './admin-respond-to-auth-challenge.js'
import { adminSetUserPassword } from './admin-set-user-password.js'
import { adminUpdateUserAttributes } from './admin-update-user-attributes.js'
import { adminUserGlobalSignOut } from './admin-user-global-sign-out.js'
import { changePassword } from './change-password.js'
import { confirmForgotPassword } from './confirm-forgot-password.js'
import { confirmSignUp } from './confirm-sign-up.js'
import { createGroup } from './create-group.js'
import { createResourceServer } from './create-resource-server.js'
import { createUserPool } from './create-user-pool.js'
import { createUserPoolClient } from './create-user-pool-client.js'
import { deleteGroup } from './delete-group.js'
import { deleteResourceServer } from './delete-resource-server.js'
import { deleteUser } from './delete-user.js'
import { deleteUserAttributes } from './delete-user-attributes.js'
import { deleteUserPool } from './delete-user-pool.js'
import { deleteUserPoolClient } from './delete-user-pool-client.js'
import { describeResourceServerAction } from './describe-resource-server.js'
import { describeUserPool } from './describe-user-pool.js'
import { describeUserPoolClient } from './describe-user-pool-client.js'
import { forgotPassword } from './forgot-password.js'
import { getGroup } from './get-group.js'
import { getTokensFromRefreshToken } from './get-tokens-from-refresh-token.js'
import { getUser } from './get-user.js'
import { getUserAttributeVerificationCode } from './get-user-attribute-verification-code.js'
import { globalSignOut } from './global-sign-out.js'
import { initiateAuth } from './initiate-auth.js'
import { listGroups } from './list-groups.js'
import { listResourceServers } from './list-resource-servers.js'
import { listUserPoolClients } from './list-user-pool-clients.js'
import { listUserPools } from './list-user-pools.js'
import { listUsers } from './list-users.js'
import { listUsersInGroup } from './list-users-in-group.js'
import { resendConfirmationCode } from './resend-confirmation-code.js'
import { respondToAuthChallenge } from './respond-to-auth-challenge.js'
import { revokeToken } from './revoke-token.js'
import { signUp } from './sign-up.js'
import { updateGroup } from './update-group.js'
import { updateResourceServer } from './update-resource-server.js'
import { updateUserAttributes } from './update-user-attributes.js'
import { updateUserPoolClient } from './update-user-pool-client.js'
import { verifyUserAttribute } from './verify-user-attribute.js'

/** Every operation this service answers, by its X-Amz-Target name. */
export const ACTIONS: Readonly<Record<string, Action>> = {
  AdminAddUserToGroup: adminAddUserToGroup,
  AdminConfirmSignUp: adminConfirmSignUp,
  AdminCreateUser: adminCreateUser,
  AdminDeleteUser: adminDeleteUser,
  AdminDeleteUserAttributes: adminDeleteUserAttributes,
  AdminDisableUser: adminDisableUser,
  AdminEnableUser: adminEnableUser,
  AdminGetUser: adminGetUser,
  AdminInitiateAuth: adminInitiateAuth,
  AdminListGroupsForUser: adminListGroupsForUser,
  AdminRemoveUserFromGroup: adminRemoveUserFromGroup,
  AdminResetUserPassword: adminResetUserPassword,
  AdminRespondToAuthChallenge: adminRespondToAuthChallenge,
  AdminSetUserPassword: adminSetUserPassword,
  AdminUpdateUserAttributes: adminUpdateUserAttributes,
  AdminUserGlobalSignOut: adminUserGlobalSignOut,
  ChangePassword: changePassword,
  ConfirmForgotPassword: confirmForgotPassword,
  ConfirmSignUp: confirmSignUp,
  CreateGroup: createGroup,
  CreateResourceServer: createResourceServer,
  CreateUserPool: createUserPool,
  CreateUserPoolClient: createUserPoolClient,
  DeleteGroup: deleteGroup,
  DeleteResourceServer: deleteResourceServer,
  DeleteUser: deleteUser,
  DeleteUserAttributes: deleteUserAttributes,
  DeleteUserPool: deleteUserPool,
  DeleteUserPoolClient: deleteUserPoolClient,
  DescribeResourceServer: describeResourceServerAction,
  DescribeUserPool: describeUserPool,
  DescribeUserPoolClient: describeUserPoolClient,
  ForgotPassword: forgotPassword,
  GetGroup: getGroup,
  GetTokensFromRefreshToken: getTokensFromRefreshToken,
  GetUser: getUser,
  GetUserAttributeVerificationCode: getUserAttributeVerificationCode,
  GlobalSignOut: globalSignOut,
  InitiateAuth: initiateAuth,
  ListGroups: listGroups,
  ListResourceServers: listResourceServers,
  ListUserPoolClients: listUserPoolClients,
  ListUserPools: listUserPools,
  ListUsers: listUsers,
  ListUsersInGroup: listUsersInGroup,
  ResendConfirmationCode: resendConfirmationCode,
  RespondToAuthChallenge: respondToAuthChallenge,
  RevokeToken: revokeToken,
  SignUp: signUp,
  UpdateGroup: updateGroup,
  UpdateResourceServer: updateResourceServer,
  UpdateUserAttributes: updateUserAttributes,
  UpdateUserPoolClient: updateUserPoolClient,
  VerifyUserAttribute: verifyUserAttribute,
}
