import { Command, CommanderError } from 'commander';
import { ImportError } from '../import/import-types.ts';
import { RecordingError } from '../recording/format.ts';
import { UsageError } from '../errors.ts';

/** Exit status for usage errors: a bad flag, a bad value, or a target that must not be overwritten. */
const USAGE_ERROR = 2;
const RUNTIME_ERROR = 1;

/**
 * Each command's module, loaded only when needed: an import need not carry
 * the server, Redis and metrics code in memory (it starts about 60 MiB
 * smaller), and every command starts sooner. Help and unknown commands load
 * them all, so usage lists every command and commander can suggest one.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve-command.ts')).serveCommand(),
  feed: async () => (await import('./feed-command.ts')).feedCommand(),
  edge: async () => (await import('./edge-command.ts')).edgeCommand(),
  record: async () => (await import('./record-command.ts')).recordCommand(),
  replay: async () => (await import('./replay-command.ts')).replayCommand(),
  inspect: async () => (await import('./inspect-command.ts')).inspectCommand(),
  import: async () => (await import('./import-command.ts')).importCommand(),
};

async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('tickwall')
    .description('Live stock-ticker dashboard: simulate, record, import and replay markets, streamed to a web dashboard.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const named = argv[0] !== undefined && Object.hasOwn(COMMANDS, argv[0]) ? [argv[0]] : Object.keys(COMMANDS);
  for (const command of await Promise.all(named.map((name) => COMMANDS[name]!()))) {
    // addCommand does not pass these settings down, unlike command().
    program.addCommand(command.showHelpAfterError('(run with --help for usage)').exitOverride());
  }
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // Output piped into `head` (or anything that stops reading) ends the command quietly, as a Unix tool does.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    const program = await buildProgram(argv);
    if (argv.length === 0) {
      program.outputHelp();
      return;
    }
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    process.exit(report(error));
  }
}

function report(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : USAGE_ERROR;
  if (error instanceof UsageError) {
    console.error(`tickwall: error: ${error.message}`);
    return USAGE_ERROR;
  }
  if (error instanceof RecordingError || error instanceof ImportError) {
    console.error(`tickwall: error: ${error.message}`);
    return RUNTIME_ERROR;
  }
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'EADDRINUSE') console.error(`tickwall: error: ${message}; is another tickwall running? Pick another with --port.`);
  else if (code === 'EACCES' || code === 'EADDRNOTAVAIL') console.error(`tickwall: error: cannot listen: ${message}`);
  else console.error(`tickwall: error: ${message ?? String(error)}`);
  return RUNTIME_ERROR;
}
