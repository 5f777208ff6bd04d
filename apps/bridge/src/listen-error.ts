/** Turns a listen failure into a message that names the setting which changes the port. */
export function listenError(err: unknown, what: string, port: number, setting: string): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new Error(`${what} port ${port} is in use: set ${setting} to another port`);
  if (code === 'EACCES') return new Error(`${what} port ${port} needs privileges: set ${setting} above 1023`);
  return err instanceof Error ? err : new Error(String(err));
}
