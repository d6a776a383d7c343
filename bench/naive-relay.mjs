// The naive chat a quick port would be: one room, a write per recipient per message as it
// arrives, no batching, no limits, no history. The bench runs it beside papo to show what
// papo's design buys. Usage: node bench/naive-relay.mjs [port] (on 127.0.0.1; 0 picks one).
import net from 'node:net';
const clients = new Set();
const server = net.createServer((socket) => {
  let nick = null;
  let rest = '';
  socket.setEncoding('utf8');
  socket.write('Bem-vindo ao relay ingênuo! Qual é o seu apelido? (papo/1)\n');
  socket.on('data', (data) => {
    const lines = (rest + data).split('\n');
    rest = lines.pop();
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (nick === null) {
        nick = line;
        clients.add(socket);
        socket.write(`*** Olá, ${nick}!\n`);
      } else {
        for (const other of clients) if (other !== socket) other.write(`${nick} >> ${line}\n`);
      }
    }
  });
  socket.on('close', () => clients.delete(socket));
  socket.on('error', () => {});
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  console.log(`naive relay listening on 127.0.0.1:${server.address().port}`);
});
