// Validation functions compiled from schemas/*.json at build time (see web/vite.config.ts).
declare module 'virtual:schema-validators' {
  export type SchemaError = { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }
  export type Validate = ((data: unknown) => boolean) & { errors?: SchemaError[] | null }
  export const incidentInput: Validate
  export const incidentPatch: Validate
  export const personInput: Validate
  export const consentInput: Validate
  export const userInput: Validate
  export const passwordChange: Validate
  export const passwordReset: Validate
  export const login: Validate
  export const retraction: Validate
  export const totpCode: Validate
  export const caseInput: Validate
  export const dossierInput: Validate
  export const tokenInput: Validate
}

declare module '*.svg' {
  const url: string
  export default url
}
