/**
 * An `ssh://` engine for tests: an SSH server (ssh2's, in this process) on a free loopback port
 * that does what `sshd` does for the docker CLI: it runs `docker system dial-stdio`, here by
 * joining the session to a daemon's unix socket. Any user is let in without credentials, so a
 * client needs no key or agent. The daemon behind it is real; only sshd is not a separate program.
 */
import net from 'node:net';
import ssh2, { type ServerChannel } from 'ssh2';

export interface SshEngine {
  /** `ssh://tester@127.0.0.1:<port>` */
  readonly host: string;
  readonly port: number;
  /** Every command clients asked to run, in order. */
  readonly commands: string[];
  /** The user name of every login, in order. */
  readonly users: string[];
  close(): Promise<void>;
}

export const DIAL_STDIO = 'docker system dial-stdio';

export async function startSshEngine(socketPath: string): Promise<SshEngine> {
  const hostKey = ssh2.utils.generateKeyPairSync('ed25519').private;
  const commands: string[] = [];
  const users: string[] = [];
  const server = new ssh2.Server({ hostKeys: [hostKey] }, (client) => {
    client.on('error', () => {});
    client.on('authentication', (ctx) => {
      users.push(ctx.username);
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        acceptSession().on('exec', (accept, reject, info) => {
          commands.push(info.command);
          if (info.command !== DIAL_STDIO) {
            reject();
            return;
          }
          dial(accept(), socketPath);
        });
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: `ssh://tester@127.0.0.1:${port}`,
    port,
    commands,
    users,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

/** Joins a session to the daemon's socket both ways, as `docker system dial-stdio` does. */
function dial(channel: ServerChannel, socketPath: string): void {
  const socket = net.connect(socketPath);
  socket.on('error', () => channel.close());
  channel.on('error', () => socket.destroy());
  socket.on('end', () => {
    channel.exit(0);
    channel.end();
  });
  channel.on('close', () => socket.destroy());
  channel.pipe(socket);
  socket.pipe(channel, { end: false });
}
