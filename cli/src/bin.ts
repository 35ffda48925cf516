#!/usr/bin/env node
import { CriticalError, describeConfig, InputError, invocationDir, keepStringMethodsFast, messageOf } from '@yuqing/core'
import { catalog, isCommandName } from './commands/catalog.ts'

const help = `yuqing — public-opinion monitoring (舆情)

Commands:
${Object.values(catalog)
  .map(({ usage, summary }) => `  ${usage}\n      ${summary}`)
  .join('\n')}

Configuration: flags > environment > defaults. Environment variables:
${describeConfig()
  .map(({ field, env }) => `  ${env.padEnd(31)} ${field}`)
  .join('\n')}`

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${help}\n`)
    return 0
  }
  if (!isCommandName(name)) {
    process.stderr.write(`yuqing: unknown command "${name}"\n\n${help}\n`)
    return 2
  }
  const { usage, summary, load } = catalog[name]
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: ${usage}\n  ${summary}\n`)
    return 0
  }
  try {
    const command = await load()
    // Its modules are loaded now (ioredis among them): string methods fast again for all it does.
    keepStringMethodsFast()
    return (await command(rest)) ?? 0
  } catch (error) {
    // Bad input and argument errors say what and where; anything else is a bug worth a stack.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      // An option it does not take, or one without its value: how the command is called.
      process.stderr.write(`yuqing ${name}: ${messageOf(error)}\nusage: ${usage}\n`)
      return 2
    }
    if (error instanceof InputError) {
      process.stderr.write(`yuqing ${name}: ${messageOf(error)}\n`)
      return 2
    }
    if (error instanceof CriticalError) {
      process.stderr.write(`yuqing ${name}: ${messageOf(error)}${error.cause ? ` (${messageOf(error.cause)})` : ''}\n`)
      return 1
    }
    throw error
  }
}

process.chdir(invocationDir())
const code = await main(process.argv.slice(2))
if (code !== 0 || process.argv[2] !== 'start') process.exitCode = code
