import { Command, Option } from 'commander';
import { describeRecording } from '../recording/describe.ts';
import { Recording } from '../recording/reader.ts';

export function inspectCommand(): Command {
  return new Command('inspect')
    .description('Print a recording\'s header, time range, symbols, counts and any damage found.')
    .argument('<file>', 'recording to inspect')
    .addOption(new Option('--skip-bad', 'skip corrupt lines instead of stopping at the first one').default(false))
    .action(async (file: string, flags: { skipBad: boolean }) => {
      const recording = await Recording.summarize(file, { skipBad: flags.skipBad });
      console.log(describeRecording(recording));
    });
}
