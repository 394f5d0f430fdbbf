/** The few styles the text output uses; formatters stay pure and never load a colour library themselves. */
export interface TextStyle {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
  passed(text: string): string;
  failed(text: string): string;
}

const same = (text: string) => text;

export const plainStyle: TextStyle = {
  red: same, green: same, yellow: same, dim: same, bold: same, underline: same, passed: same, failed: same,
};

/**
 * chalk, loaded only when colour is on: importing it pulls in Node's tty and os
 * modules, which an uncoloured pre-commit run has no use for.
 */
export async function colourStyle(): Promise<TextStyle> {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return {
    red: chalk.red, green: chalk.green, yellow: chalk.yellow, dim: chalk.dim, bold: chalk.bold,
    underline: chalk.underline, passed: chalk.green.bold, failed: chalk.red.bold,
  };
}
