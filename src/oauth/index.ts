export { discoveryDocument } from './discovery.js'
