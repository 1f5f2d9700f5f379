/**
 * Route schema fragments every feature shares, defined once. Whole bodies and answers live in
 * schemas/ (JSON Schema, the single source of truth); these are the small pieces routes repeat.
 */

/** Every error answer: `{ statusCode, code, error, message }` (schemas/error.json). */
export const error = { $ref: 'error.json#' } as const

export const uuid = { $ref: 'common.json#/$defs/uuid' } as const

/** Path parameters of a route on one record: `/:id`, a UUID. */
export const idParams = { type: 'object', additionalProperties: false, required: ['id'], properties: { id: uuid } } as const
