import { InvalidArgumentError, Option } from 'commander'
import { isValidStageName } from '../server/stage.js'

export function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('a port is 0 to 65535')
  return port
}

export function parseHops(value: string): number {
  const hops = Number(value)
  if (!Number.isInteger(hops) || hops < 0 || hops > 10)
    throw new InvalidArgumentError('a number of proxies, 0 to 10')
  return hops
}

export function parseStage(value: string): string {
  if (!isValidStageName(value))
    throw new InvalidArgumentError(
      'stage names are letters, digits, - and _, starting with a letter or digit',
    )
  return value
}

/** `--stage`, from the flag, then PORTCULLIS_STAGE, then `dev`. */
export function stageOption(): Option {
  return new Option('--stage <name>', 'stage to use')
    .env('PORTCULLIS_STAGE')
    .default('dev')
    .argParser(parseStage)
}
