// Route keys are part of the definition a user writes, so their grammar lives in src/app.
export { type ParsedRouteKey, parseRouteKey, ROUTE_METHODS, type RouteSegment } from '../app/route-key.js'
