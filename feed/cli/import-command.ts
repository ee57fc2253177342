import { Command } from 'commander';

export function importCommand(): Command {
  return new Command('import').description('Convert real market data into a recording.');
}
