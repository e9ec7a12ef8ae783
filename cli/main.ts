#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFile, resolveConfigPath, type Config } from '../src/config/load-config.js';
import { networkSpecs } from '../src/publishers/network-specs.js';
import { RedisUnavailableError } from '../src/shared/redis-server.js';
import { runStatus } from './commands/status.command.js';
import { runPostAction, runChannelAction, runPollNow } from './commands/actions.command.js';
import { runSwap } from './commands/swap.command.js';
import { runRetract } from './commands/retract.command.js';
import { WebStartError } from './commands/web-start-error.js';
import { runUserAdd } from './commands/user.command.js';
import { withUsersFile } from './commands/users-file.js';

const USAGE = `Usage: crier <command> [options]

Commands:
  start                     poller, summarise and publish workers and the web desk in one process
  poller                    only the feed poller
  worker                    only the summarise and publish workers
  web                       only the web desk (editorial desk, ops dashboard, /metrics)
  networks [--markdown|--json]
                            each network's env variables and required ids (no config needed)
  preview <feed> [--json] [--network x,facebook]
                            fetch and format a feed without Redis or side effects
  check                     validate config, ping Redis, reach every feed, check the desk's
                            users and session secret, verify live credentials
  status [--json]           feed health, queue depths and what needs attention
  status --posts pending|failed|unknown [--json]
                            list those posts (id, channel, headline) for approve/retry/skip
  approve <post-id>         release a post held for approval
  skip <post-id> [--reason] never post this one
  retry <post-id>           try a failed or unknown post again
  breaking <article-key|post-id>
                            the story jumps every channel's queue (ignores spacing)
  swap <post-id> [n]        list a post's sentences; with n, use alternative n instead
  retract <article-key> [--reason]
                            retract a story: cancel its posts not out, delete (or flag) those out
  pause <channel|all> [--reason]   stop posting on a channel (kill switch)
  resume <channel|all>      resume a paused or halted channel
  poll <feed-id>            poll a feed now, ignoring its backoff
  user add <name> --role editor|viewer --password-stdin
                            add a desk user to web.usersFile, or (no usersFile) print
                            only its YAML entry, for web.users or \`>> users.yaml\`
                            (12+ characters, at least two kinds of character)

Options:
  --config <file>           config file (else $CRIER_CONFIG, else config/crier.yaml)
  -h, --help                this help

Exit codes:
  0  ok
  1  could not run, or a check failed (Redis unreachable, a feed or credential failed, bad usage)
  2  invalid config (every problem is printed with its path)
  3  crier status: attention needed (a feed failing, a channel halted, a post failed or unknown)
`;

/** Commands that only read and write Redis: they must work without the networks' credentials. */
const NO_SECRETS_COMMANDS = new Set(['status', 'approve', 'skip', 'retry', 'breaking', 'swap', 'retract', 'pause', 'resume', 'poll', 'preview', 'user']);

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      network: { type: 'string' },
      reason: { type: 'string' },
      posts: { type: 'string' },
      role: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 1;
  }
  const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  if (command === 'networks') return (await import('./commands/networks.command.js')).runNetworks(networkSpecs, { markdown: values.markdown ?? false, json: values.json ?? false }, out);
  const configPath = resolveConfigPath(values.config, process.env);
  const err = (s: string) => process.stderr.write(`${s}\n`);
  // `user add` needs a config only for its `web.usersFile`; without a config file it prints the entry.
  const needsConfig = command !== 'user' || values.config !== undefined || process.env.CRIER_CONFIG !== undefined || existsSync(configPath);
  let config: Config | undefined;
  try {
    if (needsConfig) config = withUsersFile(loadConfigFile(configPath, { env: process.env, networks: networkSpecs, checkSecrets: !NO_SECRETS_COMMANDS.has(command) }));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Invalid config ${err.file}:\n${err.issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}\n`);
      return 2;
    }
    throw err;
  }
  if (command === 'user') {
    const usersFile = config?.web.usersFile;
    return runUserAdd(args, { ...(values.role ? { role: values.role } : {}), passwordStdin: values['password-stdin'] ?? false, ...(usersFile ? { usersFile } : {}) }, process.stdin, out, err);
  }
  if (!config) return 1;
  // The commands that need the networks' definitions, the summariser or the web desk are loaded
  // only when run: `crier status` (a cron's health check) must not pay for twitter-api-v2 or canvas.
  switch (command) {
    case 'start':
      return (await import('./commands/serve.command.js')).runServe(config, ['poller', 'worker', 'web']);
    case 'poller':
    case 'worker':
    case 'web':
      return (await import('./commands/serve.command.js')).runServe(config, [command]);
    case 'preview':
      return (await import('./commands/preview.command.js')).runPreview(config, args[0], { json: values.json ?? false, ...(values.network ? { networks: values.network.split(',') } : {}) }, out);
    case 'check':
      return (await import('./commands/check.command.js')).runCheck(config, out);
    case 'status':
      return runStatus(config, { json: values.json ?? false, ...(values.posts !== undefined ? { posts: values.posts } : {}) }, out, err);
    case 'approve':
    case 'skip':
    case 'retry':
      return runPostAction(config, command, args[0], values.reason, out);
    case 'pause':
    case 'resume':
      return runChannelAction(config, command, args[0], values.reason, out);
    case 'swap':
      return runSwap(config, args[0], args[1], out);
    case 'retract':
      return runRetract(config, args[0], values.reason, out);
    case 'poll':
      return runPollNow(config, args[0], out);
    case 'breaking':
      return (await import('./commands/breaking.command.js')).runBreaking(config, args[0], out);
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) {
      // Found after loading (a live publisher that cannot be built): still a config error.
      process.stderr.write(`Invalid config ${err.file}:\n${err.issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}\n`);
      process.exitCode = 2;
      return;
    }
    if (err instanceof RedisUnavailableError || err instanceof WebStartError) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`crier: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
