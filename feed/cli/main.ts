import { Command, CommanderError } from 'commander';
import { ImportError } from '../import/import-types.ts';
import { RecordingError } from '../recording/format.ts';
import { importCommand } from './import-command.ts';
import { inspectCommand } from './inspect-command.ts';
import { recordCommand } from './record-command.ts';
import { replayCommand } from './replay-command.ts';
import { edgeCommand } from './edge-command.ts';
import { feedCommand } from './feed-command.ts';
import { serveCommand } from './serve-command.ts';
import { UsageError } from '../errors.ts';

/** Exit status for usage errors: a bad flag, a bad value, or a target that must not be overwritten. */
const USAGE_ERROR = 2;
const RUNTIME_ERROR = 1;

function buildProgram(): Command {
  const program = new Command('tickwall')
    .description('Live stock-ticker dashboard: simulate, record, import and replay markets, streamed to a web dashboard.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const command of [serveCommand(), feedCommand(), edgeCommand(), recordCommand(), replayCommand(), inspectCommand(), importCommand()]) {
    // addCommand does not pass these settings down, unlike command().
    program.addCommand(command.showHelpAfterError('(run with --help for usage)').exitOverride());
  }
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
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
