/** The rows of `npm run faults`: one per check, expected against observed. */
export interface Check {
  scenario: string;
  expected: string;
  observed: string;
  pass: boolean;
}

export const checks: Check[] = [];

export function check(scenario: string, expected: string, observed: string, pass: boolean): void {
  checks.push({ scenario, expected, observed, pass });
  console.log(`  ${pass ? 'pass' : 'FAIL'}: ${scenario}: ${observed}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);
