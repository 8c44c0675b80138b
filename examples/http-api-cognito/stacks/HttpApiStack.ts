import { Api, type Stack, UserPool, UserPoolAuthorizer, UserPoolClient } from 'portcullis'

/**
 * The "Serverless Auth with AWS HTTP APIs" service: a user pool with a hosted-UI client, and two
 * JWT-protected routes that echo what the authorizer passed on.
 */
export default function HttpApiStack(stack: Stack) {
  const userPool = new UserPool(stack, 'UserPool', {
    selfSignUpEnabled: true,
    signInAliases: { email: true },
    autoVerify: { email: true },
    standardAttributes: { email: { required: true } },
  })

  const userPoolClient = new UserPoolClient(stack, 'UserPoolClient', {
    userPool,
    authFlows: { userPassword: true, userSrp: true },
    oauth: {
      flows: { implicitCodeGrant: true, authorizationCodeGrant: true },
      scopes: ['phone', 'email', 'openid', 'profile', 'aws.cognito.signin.user.admin'],
      callbackUrls: ['http://localhost:3000/'],
      logoutUrls: ['http://localhost:3000/'],
    },
  })

  const serviceAuthorizer = new UserPoolAuthorizer('serviceAuthorizer', userPool, {
    userPoolClients: [userPoolClient],
    identitySource: ['$request.header.Authorization'],
  })

  const api = new Api(stack, 'HttpApi', {
    defaultAuthorizer: serviceAuthorizer,
    routes: {
      'GET /user/profile': 'src/profile.get',
      'POST /user/profile': 'src/profile.create',
    },
  })

  stack.addOutputs({
    ApiEndpoint: api.url,
    UserPoolId: userPool.userPoolId,
    UserPoolClientId: userPoolClient.userPoolClientId,
    Issuer: userPool.issuer,
  })
}
