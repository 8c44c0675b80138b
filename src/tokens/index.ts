export { accessTokenClaims, type Issuance, idTokenClaims, type TokenSubject } from './claims.js'
export {
  generateSigningKey,
  jwksDocument,
  type KeyUse,
  type PublicJwk,
  type SigningKey,
  toPublicJwk,
} from './keys.js'
export { pickKey, TokenSigner } from './signer.js'
