import { defineConfig } from 'drizzle-kit'

// Migrations are generated SQL committed under migrations/; the server applies them at start.
export default defineConfig({
  dialect: 'sqlite',
  schema: ['./server/db/schema.ts', './server/db/identity-schema.ts'],
  out: './migrations'
})
