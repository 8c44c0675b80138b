import {
  Api,
  type Stack,
  UserPool,
  UserPoolAuthorizer,
  UserPoolClient,
  UserPoolResourceServer,
} from 'portcullis'

/**
 * The "Serverless Auth with AWS HTTP APIs" service: a user pool with a hosted-UI client, and two
 * JWT-protected routes that echo what the authorizer passed on. A third route also requires a
 * custom scope of the pool's resource server.
 */
export default function HttpApiStack(stack: Stack) {
  const userPool = new UserPool(stack, 'UserPool', {
    selfSignUpEnabled: true,
    signInAliases: { email: true },
    autoVerify: { email: true },
    standardAttributes: { email: { required: true } },
  })

  const profiles = new UserPoolResourceServer(stack, 'ProfileApi', {
    userPool,
    identifier: 'profiles',
    scopes: [{ name: 'admin', description: 'Administer profiles' }],
  })

  const userPoolClient = new UserPoolClient(stack, 'UserPoolClient', {
    userPool,
    authFlows: { userPassword: true, userSrp: true },
    oauth: {
      flows: { implicitCodeGrant: true, authorizationCodeGrant: true },
      scopes: [
        'phone',
        'email',
        'openid',
        'profile',
        'aws.cognito.signin.user.admin',
        profiles.scope('admin'),
      ],
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
      'GET /admin/profiles': { function: 'src/profile.get', authorizationScopes: [profiles.scope('admin')] },
    },
  })

  stack.addOutputs({
    ApiEndpoint: api.url,
    UserPoolId: userPool.userPoolId,
    UserPoolClientId: userPoolClient.userPoolClientId,
    Issuer: userPool.issuer,
    HostedUi: userPool.issuer,
  })
}
