// Regenerates rules/rule.schema.json from the zod schema: `pnpm exec tsx rules/src/write-rule-schema.ts`.
import { RULE_SCHEMA_FILE, writeRuleSchema } from './rule-json-schema.ts'

await writeRuleSchema()
console.log(`wrote ${RULE_SCHEMA_FILE}`)
